package quote

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/timex"
	"github.com/whosaid/whosaid/tokenize"
)

// got is a statement reduced to what a test compares: kind, source, cue and content text.
type got struct{ kind, source, cue, content string }

func extract(text string) (*document.Doc, []got) {
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	d.Dates = timex.New().Tag(text, time.Time{})
	New().Extract(d)
	var out []got
	for _, st := range d.Statements {
		var parts []string
		for _, sp := range st.Content {
			parts = append(parts, d.Slice(sp))
		}
		out = append(out, got{string(st.Kind), d.Slice(st.Source), d.Slice(st.Cue), strings.Join(parts, " | ")})
	}
	return d, out
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []got
	}{
		{"quote then pronoun cue", "“We will win,” he said.",
			[]got{{"direct", "he", "said", "“We will win,”"}}},
		{"quote then inverted cue", "“It is over,” said Jane Smith, a spokeswoman.",
			[]got{{"direct", "Jane Smith, a spokeswoman", "said", "“It is over,”"}}},
		{"inverted cue, apposition", "Federal rules are a burden, said Wilcox, an Orlando Republican who founded two companies.",
			[]got{{"indirect", "Wilcox, an Orlando Republican who founded two companies", "said", "Federal rules are a burden"}}},
		{"inverted cue, relative clause", "The agency would be replaced, said DeSantis, who was elected in 2012.",
			[]got{{"indirect", "DeSantis, who was elected in 2012", "said", "The agency would be replaced"}}},
		{"inverted cue, apposition to a comma", "The plan is dead, said Smith, the mayor, in a statement.",
			[]got{{"indirect", "Smith, the mayor", "said", "The plan is dead"}}},
		{"inverted cue, relative clause to a comma", "The plan is dead, said Smith, who leads the group, in a statement.",
			[]got{{"indirect", "Smith, who leads the group", "said", "The plan is dead"}}},
		{"cue then colon quote", "Asked about the plan, Smith said: “No comment.”",
			[]got{{"direct", "Smith", "said:", "“No comment.”"}}},
		{"question mark before cue", "“What do we want?” the senator asked.",
			[]got{{"direct", "the senator", "asked", "“What do we want?”"}}},
		{"reported speech with that", "FBI director James Comey confirmed last week that the bureau is investigating.",
			[]got{{"indirect", "FBI director James Comey", "confirmed", "that the bureau is investigating"}}},
		{"reported speech without that", "The governor said the budget would pass.",
			[]got{{"indirect", "The governor", "said", "the budget would pass"}}},
		{"told object", "Smith told reporters that the deal was dead.",
			[]got{{"indirect", "Smith", "told", "that the deal was dead"}}},
		{"postposed source", "The plant will close next year, officials said.",
			[]got{{"indirect", "officials", "said", "The plant will close next year"}}},
		{"parenthetical", "The plan, he said, would fail.",
			[]got{{"indirect", "he", "said", "The plan | would fail"}}},
		{"mixed", "Smith described the claims as “absurd and false”.",
			[]got{{"mixed", "Smith", "described", "the claims as “absurd and false”"}}},
		{"according to after", "The vote was rigged, according to a lawsuit filed Monday.",
			[]got{{"indirect", "a lawsuit filed Monday", "according to", "The vote was rigged"}}},
		{"according to before", "According to the report, turnout fell.",
			[]got{{"indirect", "the report", "According to", "turnout fell"}}},
		{"headline colon", "Putin: ‘Read my lips’\n\nBody text here.",
			[]got{{"direct", "Putin", "", "‘Read my lips’"}}},
		{"colon form in a headline", "Paul Ryan: FBI decision defies explanation\n\nBody text here.",
			[]got{{"indirect", "Paul Ryan", "", "FBI decision defies explanation"}}},
		{"colon form in a transcript", "Title\n\nLopez: Well, no one is like that.",
			[]got{{"direct", "Lopez", "", "Well, no one is like that"}}},
		{"colon form in a transcript printed as a quotation", "Title\n\nThe transcript follows:\n\n\"SMITH: Where were you on Monday?\n\n\"JONES: At home, as I said.\"",
			[]got{{"direct", "SMITH", "", "Where were you on Monday"}, {"direct", "JONES", "", "At home, as I said"}}},
		{"colon form: a quotation opening with a label is no transcript", "Title\n\n\"Video: the mayor speaks.\"", nil},
		{"colon form: a tally is no statement", "Title\n\nClinton: 1,769.", nil},
		{"colon form: a credit line is no statement", "Title\n\nContributing: Jane Doe and John Roe, USA TODAY.", nil},
		{"colon form: a headline in title case", "Marco Rubio: I’m Not Interested\n\nBody text here.",
			[]got{{"indirect", "Marco Rubio", "", "I’m Not Interested"}}},
		{"negated", "Comey did not confirm its existence.", nil},
		{"negated contraction", "She didn’t say that the vote was rigged.", nil},
		{"hypothetical", "He would not say whether the talks failed.", nil},
		{"declined", "Jones declined to comment on the plan.", nil},
		{"passive", "He was told that the plan had failed.", nil},
		{"noun not cue", "The claims were false.", nil},
		{"apposition source", "Scott Goodstein, its chief executive, said the firm would grow.",
			[]got{{"indirect", "Scott Goodstein, its chief executive,", "said", "the firm would grow"}}},
		{"participle after document", "In January, the Office of the Director released a report accusing Russia of meddling.",
			[]got{{"indirect", "the Office of the Director", "accusing", "Russia of meddling"}}},
		{"quote inside narration is not a statement", "The so-called “deal of the century” collapsed.", nil},
		{"signed with a dash, one a line", "Readers wrote in.\n“The bridge is late.” ― Jane Roe\n“It costs too much.” — John Doe, a teacher in Eastport.",
			[]got{{"direct", "Jane Roe", "―", "“The bridge is late.”"}, {"direct", "John Doe", "—", "“It costs too much.”"}}},
		{"signed with a dash, final period", "“We will rebuild.” -- Mayor Ann Lee.",
			[]got{{"direct", "Mayor Ann Lee", "--", "“We will rebuild.”"}}},
		{"a dash opening an aside is no signature", "The posters printed “Never again” — Smith’s motto — in red.", nil},
		{"a dash before lower-case words is no signature", "“Never again.” — the motto of the campaign", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, g := extract(tt.text)
			if len(g) != len(tt.want) {
				t.Fatalf("got %d statements %+v, want %d %+v", len(g), g, len(tt.want), tt.want)
			}
			for i := range g {
				if g[i] != tt.want[i] {
					t.Errorf("statement %d = %+v\n want %+v", i, g[i], tt.want[i])
				}
			}
		})
	}
}

func TestContinuations(t *testing.T) {
	text := "“The first part,” he said. “The second part.”\n\n“A paragraph that runs on\n\n“and ends here,” Smith added.\n\n“A new paragraph with no cue.”"
	d, g := extract(text)
	want := []got{
		{"direct", "he", "said", "“The first part,”"},
		{"direct", "", "", "“The second part.”"},
		{"direct", "", "", "“A paragraph that runs on"},
		{"direct", "Smith", "added", "“and ends here,”"},
		{"direct", "", "", "“A new paragraph with no cue.”"},
	}
	if len(g) != len(want) {
		t.Fatalf("got %+v", g)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Errorf("statement %d = %+v, want %+v", i, g[i], want[i])
		}
	}
	wantCont := []int{-1, 0, 3, -1, 3}
	for i, st := range d.Statements {
		if st.Continues != wantCont[i] {
			t.Errorf("statement %d continues %d, want %d", i, st.Continues, wantCont[i])
		}
	}
}

func TestQuoteMarks(t *testing.T) {
	tests := []struct {
		text    string
		content string
	}{
		{`"Straight quotes work," she said.`, `"Straight quotes work,"`},
		{"«Guillemets too», she said.", "«Guillemets too»"},
		{"‘Single quotes,’ she said.", "‘Single quotes,’"},
		{"“Nested ‘inner’ quotes,” she said.", "“Nested ‘inner’ quotes,”"},
		{"“The voters’ choice is clear,” she said.", "“The voters’ choice is clear,”"},
		// A typographic opening and a straight closing mark.
		{`“Mixed marks are common," she said.`, `“Mixed marks are common,"`},
		{`“Mixed marks are "common," too," she said.`, `“Mixed marks are "common," too,"`},
	}
	for _, tt := range tests {
		_, g := extract(tt.text)
		if len(g) != 1 || g[0].content != tt.content || g[0].kind != "direct" {
			t.Errorf("%q: got %+v, want one direct statement %q", tt.text, g, tt.content)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	text := strings.Repeat("“We said on numerous occasions that we are confident,” he said at a conference. "+
		"FBI director James Comey confirmed last week that the bureau is investigating. "+
		"The plant will close next year, officials said.\n\n", 40)
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	x := New()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Statements = d.Statements[:0]
		x.Extract(d)
	}
}

func TestCueWords(t *testing.T) {
	e := New()
	n := 0
	for w, c := range e.CueWords() {
		if c == 0 || c != e.CueClass(w) {
			t.Fatalf("CueWords gives %q class %d, CueClass %d", w, c, e.CueClass(w))
		}
		n++
	}
	if n < 100 || e.CueClass("said") == 0 || e.CueClass("according") == 0 {
		t.Errorf("%d cue words; said %d, according %d", n, e.CueClass("said"), e.CueClass("according"))
	}
}

// TestQuoteIndexInMerge checks that QuoteIndex called from the merge step of ExtractWith,
// where it copies the extractor's pairing, returns what it returns outside it, and that the
// document does not keep the extractor's index afterwards.
func TestQuoteIndexInMerge(t *testing.T) {
	text := "“We will win,” he said. ‘Not so,’ she replied.\n\n" +
		"\"It runs on\n\n\"and on,\" they wrote. 'Single' quotes and voters’ rights."
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	want := QuoteIndex(&document.Doc{Text: d.Text, Tokens: d.Tokens, Sentences: d.Sentences})
	called := false
	New().ExtractWith(d, func(rules []document.Statement) []document.Statement {
		called = true
		got := QuoteIndex(d)
		if len(got) != len(want) {
			t.Fatalf("QuoteIndex in merge: %d tokens, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("QuoteIndex in merge: token %d in quote %d, want %d", i, got[i], want[i])
			}
		}
		got[0] = 99 // the caller's own copy
		return rules
	})
	if !called {
		t.Fatal("merge not called")
	}
	if d.Quoted != nil {
		t.Error("Doc.Quoted kept after ExtractWith")
	}
	if got := QuoteIndex(d); got[0] != want[0] {
		t.Errorf("QuoteIndex after merge: token 0 in quote %d, want %d", got[0], want[0])
	}
}

// TestMergeKeepsRules checks that a document whose merge step returns the rules' statements
// as they are keeps them, those Extract gives, after the extractor has gone on to another
// document: the sorted statements handed to the merge step are the extractor's scratch,
// which the document must not share.
func TestMergeKeepsRules(t *testing.T) {
	x := New()
	keep := func(rules []document.Statement) []document.Statement { return rules }
	texts := []string{
		"“We will win,” he said. She said that it was over.\n\nThey added: “More to come.”",
		"Officials said the plan would fail. “Not so,” the mayor replied. He said he would go.",
	}
	docs := make([]*document.Doc, len(texts))
	var want [][]document.Statement
	for i, text := range texts {
		docs[i] = &document.Doc{Text: text}
		tokenize.New().Tokenize(docs[i])
		x.ExtractWith(docs[i], keep)
		alone := &document.Doc{Text: text}
		tokenize.New().Tokenize(alone)
		New().Extract(alone)
		if len(alone.Statements) == 0 {
			t.Fatalf("text %d: no statements", i)
		}
		want = append(want, alone.Statements)
	}
	for i, d := range docs {
		if len(d.Statements) != len(want[i]) {
			t.Fatalf("text %d: %d statements after the next extraction, want %d", i, len(d.Statements), len(want[i]))
		}
		for k := range want[i] {
			if !reflect.DeepEqual(d.Statements[k], want[i][k]) {
				t.Errorf("text %d, statement %d: %+v after the next extraction, want %+v", i, k, d.Statements[k], want[i][k])
			}
		}
	}
}

// TestLowTextNotKept checks that nothing a document keeps points into the lower-cased text,
// which is the run's buffer seen as a string (lowerTokens) and is overwritten by the next
// document: statements printed after the extractor has read another text of the same length,
// with other words, are those printed before.
func TestLowTextNotKept(t *testing.T) {
	x := New()
	texts := []string{
		"According to the mayor, the bridge will open. “We will win,” Smith said. She warned that it was over.",
		"AFTER THE VOTE, JONES SAID: “NO DEAL.” THE UNION DENIED THAT ANY TALKS WERE PLANNED FOR MONDAY NIGHT.",
	}
	if len(texts[0]) != len(texts[1]) {
		t.Fatalf("texts of %d and %d bytes: the test needs equal lengths", len(texts[0]), len(texts[1]))
	}
	d := &document.Doc{Text: texts[0]}
	tokenize.New().Tokenize(d)
	x.Extract(d)
	if len(d.Statements) < 2 {
		t.Fatalf("%d statements in %q, want at least 2", len(d.Statements), texts[0])
	}
	before := fmt.Sprintf("%+v", d.Statements)
	for range 3 { // the pool may hand back the same run: read over its buffer
		o := &document.Doc{Text: texts[1]}
		tokenize.New().Tokenize(o)
		x.Extract(o)
	}
	if after := fmt.Sprintf("%+v", d.Statements); after != before {
		t.Errorf("statements changed after another extraction:\n%s\nwant\n%s", after, before)
	}
}
