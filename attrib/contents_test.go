package attrib

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/tokenize"
)

// fragments joins the text of a content's fragments with " | ".
func fragments(p *prep, content []tokRange) string {
	var parts []string
	for _, c := range content {
		parts = append(parts, p.d.Slice(span(p.d, c)))
	}
	return strings.Join(parts, " | ")
}

// contentOf returns the tokens of the fragments of content, written "a | b", the first
// after offset from.
func contentOf(t *testing.T, p *prep, content string, from int) []tokRange {
	t.Helper()
	var out []tokRange
	for _, s := range strings.Split(content, " | ") {
		r := tokensAt(t, p.d, s, from)
		out = append(out, r)
		from = p.d.Tokens[r.end-1].End
	}
	return out
}

func TestPassiveSubject(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, source, cue, content string
		want                       string // the content after tidySources
	}{
		{"The central bank is expected to act at its final meeting.", "The central bank", "is expected", "to act at its final meeting",
			"The central bank | to act at its final meeting"},
		{"Crows and ravens are considered the detectives of the avian world.", "Crows and ravens", "are considered", "the detectives of the avian world",
			"Crows and ravens | the detectives of the avian world"},
		// a passive of feeling, of asking; a cue that is no passive
		{"Some Democrats are concerned that the tactics could hurt.", "Some Democrats", "are concerned", "that the tactics could hurt",
			"that the tactics could hurt"},
		{"Rubio was asked about the loan from the bank.", "Rubio", "was asked about", "the loan from the bank",
			"the loan from the bank"},
		{"The senator expected the bill to pass.", "The senator", "expected", "the bill to pass",
			"the bill to pass"},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d, p, cue := cueDoc(t, m, tk, tt.text, tt.cue, "")
		rels := []relation{{cue: cue, src: tokensAt(t, d, tt.source, 0), content: contentOf(t, p, tt.content, d.Tokens[cue.end-1].End)}}
		p.tidySources(rels)
		if got := fragments(p, rels[0].content); got != tt.want {
			t.Errorf("%q: content %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDropFrame(t *testing.T) {
	tests := []contentCase{
		{"On the subject of Israel, Trump added, “Sheldon knows that nobody will be more loyal.”", "Trump", "added",
			"On the subject of Israel | “Sheldon knows that nobody will be more loyal.”",
			"“Sheldon knows that nobody will be more loyal.”"},
		// the quotation goes on with the sentence; the words before are quoted
		{"An economic downturn, he said, “could be a good time to borrow.”", "he", "said",
			"An economic downturn | “could be a good time to borrow.”",
			"An economic downturn | “could be a good time to borrow.”"},
		{"Clinton “drew quite well” in the primary, he said, “That was her constituency.”", "he", "said",
			"Clinton “drew quite well” in the primary | “That was her constituency.”",
			"Clinton “drew quite well” in the primary | “That was her constituency.”"},
	}
	checkContentRule(t, (*prep).dropFrame, tests)
}

func TestAfterSource(t *testing.T) {
	tests := []contentCase{
		{"Tariffs are not likely to bring jobs back, said David Autor, a professor of economics.", "David Autor", "said",
			"Tariffs are not likely to bring jobs back | a professor of economics",
			"Tariffs are not likely to bring jobs back"},
		// no finite verb before the cue: the content goes on after the source
		{"At the heart of the trouble, according to Dennis Ross, was a decision by Mr. Obama.", "Dennis Ross", "according to",
			"At the heart of the trouble | was a decision by Mr. Obama",
			"At the heart of the trouble | was a decision by Mr. Obama"},
		// the source before the cue
		{"The plan, he said, would fail.", "he", "said", "The plan | would fail", "The plan | would fail"},
	}
	checkContentRule(t, (*prep).afterSource, tests)
}

// contentCase is a case of a rule that rewrites a relation's content: the relation's words
// and its content ("a | b" for fragments), and the content the rule should leave.
type contentCase struct {
	text, source, cue, content string
	want                       string
}

// checkContentRule runs rule over each case's relation and checks the content it returns.
func checkContentRule(t *testing.T, rule func(*prep, relation, []tokRange) []tokRange, tests []contentCase) {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d, p, cue := cueDoc(t, m, tk, tt.text, tt.cue, "")
		r := relation{cue: cue, src: tokensAt(t, d, tt.source, 0), content: contentOf(t, p, tt.content, 0)}
		if got := fragments(p, rule(p, r, r.content)); got != tt.want {
			t.Errorf("%q: content %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestQuoteGoesOn(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, source, cue, content string
		other, otherContent        string // a second relation, if any
		want                       string // the quotation that goes on, "" for none
	}{
		{"“Every time you say that,” Tester said, referring to the excuse, “you give ammunition.”", "Tester", "said",
			"“Every time you say that,”", "", "", "“you give ammunition.”"},
		{"“I think that speaks volumes,” she said, adding that the campaign will work hard. “They are waiting to be courted.”",
			"she", "said", "“I think that speaks volumes,”", "", "", "“They are waiting to be courted.”"},
		// another relation's quotation, a title, a next sentence with a cue of its own
		{"“We are ready,” Trump said, adding later, “NATO is costing us a fortune.”", "Trump", "said",
			"“We are ready,”", "adding later", "“NATO is costing us a fortune.”", ""},
		{"“We have to increase the bombings,” he told “Fox and Friends.”", "he", "told",
			"“We have to increase the bombings,”", "", "", ""},
		{"“We need steady hands,” she said. “Not a president who is neutral,” Smith added.", "she", "said",
			"“We need steady hands,”", "added", "", ""},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d, p, cue := cueDoc(t, m, tk, tt.text, tt.cue, tt.other)
		rels := []relation{{cue: cue, src: tokensAt(t, d, tt.source, 0), content: contentOf(t, p, tt.content, 0)}}
		if tt.otherContent != "" {
			o := tokensAt(t, d, tt.other, 0)
			rels = append(rels, relation{cue: o, content: contentOf(t, p, tt.otherContent, d.Tokens[o.end-1].End)})
		}
		got := ""
		if q, ok := p.quoteGoesOn(rels, 0, rels[0].content); ok {
			got = d.Slice(span(d, q))
		}
		if got != tt.want {
			t.Errorf("%q: goes on with %q, want %q", tt.text, got, tt.want)
		}
	}
}
