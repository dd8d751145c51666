package pipeline

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
)

// FuzzAnalyze runs the whole analysis over arbitrary text. The analyzer must not panic on any
// string. Readers refuse invalid UTF-8, so the invariants on spans are checked only for valid
// UTF-8 text; the call itself is made for every input.
func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	published := time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)
	an := New()
	f.Fuzz(func(t *testing.T, s string) {
		d := &document.Doc{Text: s, Published: published}
		an.Analyze(d)
		if !utf8.ValidString(s) {
			return
		}
		checkDoc(t, d)
	})
}

// FuzzAnalyzeBatch checks that a batch leaves each document as analysing it alone does,
// whatever its neighbours in the batch: no stage may carry anything from one document to
// the next.
func FuzzAnalyzeBatch(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+5)%len(fuzzSeeds)])
	}
	published := time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)
	an := New()
	f.Fuzz(func(t *testing.T, a, b string) {
		texts := []string{a, b, a}
		batch := make([]*document.Doc, len(texts))
		for i, s := range texts {
			batch[i] = &document.Doc{Text: s, Published: published}
		}
		errs := an.AnalyzeBatch(batch, nil)
		for i, s := range texts {
			if errs[i] != nil {
				t.Fatalf("document %d: %v", i, errs[i])
			}
			alone := &document.Doc{Text: s, Published: published}
			an.Analyze(alone)
			if !reflect.DeepEqual(alone, batch[i]) {
				t.Fatalf("document %d (%.40q…) differs when analysed in a batch", i, s)
			}
		}
	})
}

// fuzzSeeds are the fuzzers' seed texts: odd quotation marks, quotations that never end or
// run over paragraphs, invalid UTF-8, a very long word, bare cues.
var fuzzSeeds = []string{
	"",
	"“”\"\"''‘’«»",
	"Headline\n\n“This quote never ends, said Smith.\n",
	"Headline\n\n“Mixed \"marks\" close here,\" said Wilcox, an Orlando Republican who ran, in a statement.\n",
	"Headline\n\nSmith said: “She told me ‘never again’ and left,” adding more.\n",
	"Headline\n\n“The first paragraph of a quote\n\n“goes on here,” said Ada Byron.\n",
	"Headline\r\n\r\n“We are ready,” Mayor Alder said on Monday.\r\n",
	"Headline\n\nThe minister said \xff\xfe that \xc3 it was fine.\n",
	"Headline\n\nSmith said " + strings.Repeat("Supercalifragilistic", 500) + ".\n",
	"said said said",
	"Headline\n\nAccording to the report, taxes will rise.\n",
	"Headline\n\n“Taxes will rise,” he said, “and soon.”\n",
	"Mayor: ‘The bridge will open in May’\n\nText.\n",
	"The Latest: Bridge opens\n\nMs. Jane Alder said it was safe. Mr. Tom Reyes disagreed. “No,” she said.\n\nREYES: Why?\n\nALDER: Because.\n",
	"Headline\n\nThe Alder campaign said so. They added more. WHO said it too, and Jane, Alder’s aide, agreed.\n",
	"Headline\n\nSmith\x00 said\x00 that it was \x00.\n",
	"Alder said that",
	"“",
	"According to",
	", he said,",
	"The mayor will cAll", // a cue form of "call" ending the text
}

// checkDoc checks the invariants of an analysed document.
func checkDoc(t *testing.T, d *document.Doc) {
	t.Helper()
	n := len(d.Text)
	span := func(what string, sp document.Span) {
		t.Helper()
		if sp.Start < 0 || sp.End > n || sp.Start > sp.End {
			t.Fatalf("%s %v out of bounds (text length %d)", what, sp, n)
		}
		for _, off := range []int{sp.Start, sp.End} {
			if off < n && !utf8.RuneStart(d.Text[off]) {
				t.Fatalf("%s %v: offset %d is not on a rune boundary", what, sp, off)
			}
		}
	}
	for i, st := range d.Statements {
		switch st.Kind {
		case document.Direct, document.Indirect, document.Mixed:
		default:
			t.Fatalf("statement %d: kind %q", i, st.Kind)
		}
		if len(st.Content) == 0 {
			t.Fatalf("statement %d: no content", i)
		}
		span("source", st.Source)
		span("cue", st.Cue)
		for j, c := range st.Content {
			span("content", c)
			if c.Empty() {
				t.Fatalf("statement %d: content span %d %v is empty", i, j, c)
			}
		}
		if st.Continues != -1 && (st.Continues < 0 || st.Continues >= len(d.Statements) || st.Continues == i) {
			t.Fatalf("statement %d: continues %d of %d statements", i, st.Continues, len(d.Statements))
		}
	}
	// Following Continues ends: there is no cycle (writers follow the chain).
	for i := range d.Statements {
		c, steps := i, 0
		for c >= 0 && c < len(d.Statements) {
			c = d.Statements[c].Continues
			if steps++; steps > len(d.Statements) {
				t.Fatalf("statement %d: the chain of Continues has a cycle", i)
			}
		}
	}
	prev := 0
	for i, s := range d.Sentences {
		span("sentence", s.Span)
		if s.Start < prev {
			t.Fatalf("sentence %d %v starts before the end of the previous one (%d)", i, s.Span, prev)
		}
		prev = s.End
		if s.FirstToken < 0 || s.FirstToken > s.EndToken || s.EndToken > len(d.Tokens) {
			t.Fatalf("sentence %d: tokens [%d, %d) of %d", i, s.FirstToken, s.EndToken, len(d.Tokens))
		}
		if s.Para < 0 || s.Para >= len(d.Paragraphs) {
			t.Fatalf("sentence %d: paragraph %d of %d", i, s.Para, len(d.Paragraphs))
		}
		for k := s.FirstToken; k < s.EndToken; k++ {
			if !s.Span.Contains(d.Tokens[k].Span) {
				t.Fatalf("sentence %d %v does not contain its token %d %v", i, s.Span, k, d.Tokens[k].Span)
			}
		}
	}
	prev = 0
	for i, tk := range d.Tokens {
		span("token", tk.Span)
		if tk.Empty() {
			t.Fatalf("token %d %v is empty", i, tk.Span)
		}
		if tk.Start < prev {
			t.Fatalf("token %d %v starts before the end of the previous one (%d)", i, tk.Span, prev)
		}
		prev = tk.End
	}
	for _, p := range d.Paragraphs {
		span("paragraph", p)
	}
	for _, e := range d.Entities {
		for _, m := range e.Mentions {
			span("entity "+e.Name, m)
		}
	}
	for _, x := range d.Dates {
		span("date", x.Span)
	}
}
