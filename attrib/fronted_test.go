package attrib

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/tokenize"
)

// tokensAt returns the tokens of d that make up the first occurrence of s, at token
// boundaries, after offset from; an empty range when s is empty.
func tokensAt(t *testing.T, d *document.Doc, s string, from int) tokRange {
	t.Helper()
	if s == "" {
		return tokRange{}
	}
	for {
		at := strings.Index(d.Text[from:], s)
		if at < 0 {
			t.Fatalf("%q not in %q at token boundaries", s, d.Text)
		}
		at += from
		r := tokRange{-1, -1}
		for i, tk := range d.Tokens {
			if tk.Start == at {
				r.start = i
			}
			if tk.End == at+len(s) && r.start >= 0 {
				r.end = i + 1
				return r
			}
		}
		from = at + 1
	}
}

// cueDoc tokenizes text under a headline and prepares it for m with the words of cue (and
// of other, a second cue, when not empty) marked as cues; it returns the cue's tokens.
func cueDoc(t *testing.T, m *Model, tk *tokenize.Tokenizer, text, cue, other string) (*document.Doc, *prep, tokRange) {
	t.Helper()
	d := &document.Doc{Text: "Headline\n\n" + text}
	tk.Tokenize(d)
	p := newPrep(d, m.classes, m.pos)
	c := tokensAt(t, d, cue, 0)
	for _, r := range []tokRange{c, tokensAt(t, d, other, 0)} {
		for i := r.start; i < r.end; i++ {
			p.isCue[i] = true
		}
	}
	return d, p, c
}

func TestFronted(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, source, cue, content string
		want                       string // "" for none
	}{
		{"Climate change, Mr. Obama often says, is the greatest threat.", "Mr. Obama", "often says", "is the greatest threat", "Climate change"},
		{"In law school, she said, professors would dismiss her.", "she", "said", "professors would dismiss her", "In law school"},
		{"Hawaii, as one of his advisers pointed out, does not get hurricanes.", "one of his advisers", "pointed out", "does not get hurricanes", "Hawaii"},
		{"The difference now, he told me on Friday, is that he is an anchor.", "he", "told", "is that he is an anchor", "The difference now"},
		{"The difference now, said Smith, is the money.", "Smith", "said", "is the money", "The difference now"},
		{"But in recent days, his advisers say, the president has grown tired.", "his advisers", "say", "the president has grown tired", "in recent days"},
		{"China resisted, but the pollution became so bad, he noted, that the page was popular.", "he", "noted", "that the page was popular", "the pollution became so bad"},
		{"He had a rally - and the permit, his campaign said, had been hard to get.", "his campaign", "said", "had been hard to get", "the permit"},
		// no fronted words
		{"If, as Trump has said, he pays taxes, fine.", "Trump", "has said", "he pays taxes", ""},
		{"But, Carson added, he did not support quarantines.", "Carson", "added", "he did not support quarantines", ""},
		{"Later in the piece, Tuttle wrote, “Speaking of prostitutes.”", "Tuttle", "wrote", "“Speaking of prostitutes.”", ""},
		{"In the end Mr. Rosenthal said union voters vote Democratic.", "Mr. Rosenthal", "said", "union voters vote Democratic", ""},
		{"In the end, Mr. Rosenthal said union voters vote Democratic.", "Mr. Rosenthal", "said", "union voters vote Democratic", ""},
		{"The plan, the mayor said last week at a very long meeting, would fail.", "the mayor", "said", "would fail", ""},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d, p, cue := cueDoc(t, m, tk, tt.text, tt.cue, "")
		r := relation{cue: cue, src: tokensAt(t, d, tt.source, 0), content: []tokRange{tokensAt(t, d, tt.content, d.Tokens[cue.end-1].End)}}
		got := ""
		if pre, ok := p.fronted(r); ok {
			got = d.Slice(span(d, pre))
		}
		if got != tt.want {
			t.Errorf("%q: fronted %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestQuotesAroundCue checks which quotations either side of a cue roleSpans joins.
func TestQuotesAroundCue(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, source, cue, other string
		first, second            string // the two segments the tagger found
		want                     int    // segments of the content
	}{
		{"“We are ready,” Leonard Burman, director of the Tax Policy Center and a professor at the Maxwell School of Syracuse University, said of the plan. “It is fiscally responsible.”",
			"Leonard Burman, director of the Tax Policy Center and a professor at the Maxwell School of Syracuse University,", "said", "",
			"“We are ready,”", "“It is fiscally responsible.”", 2},
		{"“Every time you say that,” Tester said, referring to the excuse, “you give ammunition.”",
			"Tester", "said", "", "“Every time you say that,”", "“you give ammunition.”", 2},
		{"“We are ready,” Trump said, adding later, “NATO is costing us a fortune.”",
			"Trump", "said", "adding later", "“We are ready,”", "“NATO is costing us a fortune.”", 1},
		{"“We must step away from these efforts,” Pence said on CNN’s “State of the Union.”",
			"Pence", "said", "", "“We must step away from these efforts,”", "“State of the Union.”", 1},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d, p, cue := cueDoc(t, m, tk, tt.text, tt.cue, tt.other)
		a := 0
		path := make([]int, len(d.Tokens))
		tag := func(r tokRange, b, i int) {
			for k := r.start; k < r.end; k++ {
				path[k-a] = i
			}
			path[r.start-a] = b
		}
		tag(tokensAt(t, d, tt.source, 0), roleBS, roleIS)
		tag(tokensAt(t, d, tt.first, 0), roleBC, roleIC)
		tag(tokensAt(t, d, tt.second, d.Tokens[cue.end-1].End), roleBC, roleIC)
		_, content := roleSpans(p, path, a, cue)
		if len(content) != tt.want {
			t.Errorf("%q: content of %d segments, want %d", tt.text, len(content), tt.want)
		}
	}
}

func TestParticipleSources(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, cue, content string
		want               string // the source given, "" for none
	}{
		{"His campaign sued the party in court on Friday, seeking damages for the loss.", "seeking", "damages for the loss", "His campaign"},
		{"After the account was suspended, the group taunted the company, posting a new message.", "posting", "a new message", "the group"},
		{"But other advisers have been urging a default, saying the debt is unpayable.", "saying", "the debt is unpayable", "other advisers"},
		{"Anderson largely agreed with them and said the outreach was phony.", "said", "the outreach was phony", "Anderson"},
		// a participle that opens the sentence: the subject after its phrase
		{"Citing the attack, the former vice president's spokeswoman said the trip was off.", "Citing", "the attack", "the former vice president's spokeswoman"},
		{"Carson said, “It is over.” Continuing to explain his view, Carson rejected the notion.", "Continuing to explain", "his view", "Carson"},
		// a participle after a preposition, adverb or conjunction that opens the sentence
		{"After saying he was nervous, the man asked a question.", "saying", "he was nervous", "the man"},
		{"But since announcing his run, Johnson has avoided the label.", "announcing", "his run", "Johnson"},
		// an adverb at the head of the cue, or before it after a conjunction
		{"His ex-wife agreed, but also contended that she should not testify.", "also contended", "that she should not testify", "His ex-wife"},
		{"The judge rubbed his chin and then said the case was closed.", "then said", "the case was closed", "The judge"},
		{"The judge rubbed his chin, and then said the case was closed.", "said", "the case was closed", "The judge"},
		// no subject found, or the cue is no participle
		{"It was at the conference that Swanson delivered his speech, pointing to the book.", "pointing to", "the book", ""},
		{"The video shows a man, saying nothing.", "shows", "a man, saying nothing", ""},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d, p, cue := cueDoc(t, m, tk, tt.text, tt.cue, "")
		rels := []relation{{cue: cue, content: []tokRange{tokensAt(t, d, tt.content, d.Tokens[cue.end-1].End)}}}
		p.participleSources(rels)
		got := ""
		if !rels[0].src.empty() {
			got = d.Slice(span(d, rels[0].src))
		}
		if got != tt.want {
			t.Errorf("%q: source %q, want %q", tt.text, got, tt.want)
		}
	}
}
