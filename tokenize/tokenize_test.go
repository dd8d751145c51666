package tokenize

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
)

func tokens(d *document.Doc) []string {
	out := make([]string, len(d.Tokens))
	for i, t := range d.Tokens {
		out[i] = d.Slice(t.Span)
	}
	return out
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by |
	}{
		{"Trump’s son-in-law didn't go.", "Trump’s|son-in-law|didn't|go|."},
		{"The U.S. and Sen. J. Smith", "The|U.S.|and|Sen.|J.|Smith"},
		{"“Read my lips: No.”", "“|Read|my|lips|:|No|.|”"},
		{"'The allegations are lies'", "'|The|allegations|are|lies|'"},
		{"2,000 people, 3.5% and 10:30 a.m.", "2,000|people|,|3.5|%|and|10:30|a.m."},
		{"the ’90s and 1960s", "the|’90s|and|1960s"},
		{"wait... what…", "wait|...|what|…"},
		{"voters’ choice", "voters|’|choice"},
		{"«Non», dit-il", "«|Non|»|,|dit-il"},
	}
	tk := New()
	for _, tt := range tests {
		d := &document.Doc{Text: tt.in}
		tk.Tokenize(d)
		if got := strings.Join(tokens(d), "|"); got != tt.want {
			t.Errorf("Tokenize(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSentencesAndParagraphs(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		sents []string
		paras int
	}{
		{"abbreviations", "Sen. Smith met Mr. Jones in the U.S. on Monday. They spoke.",
			[]string{"Sen. Smith met Mr. Jones in the U.S. on Monday.", "They spoke."}, 1},
		{"acronym ends sentence", "He lives in the U.S. The rest stayed.",
			[]string{"He lives in the U.S.", "The rest stayed."}, 1},
		{"question inside quote continues", "“Why now?” he asked. “Go.”",
			[]string{"“Why now?” he asked.", "“Go.”"}, 1},
		{"closing quote taken into sentence", "“It is over.” Then he left.",
			[]string{"“It is over.”", "Then he left."}, 1},
		{"paragraphs", "Headline here\n\nFirst paragraph\nstill first.\n\n\r\nSecond one.",
			[]string{"Headline here", "First paragraph\nstill first.", "Second one."}, 3},
		{"initials", "Donald J. Trump said so.", []string{"Donald J. Trump said so."}, 1},
	}
	tk := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &document.Doc{Text: tt.in}
			tk.Tokenize(d)
			var got []string
			for _, s := range d.Sentences {
				got = append(got, d.Slice(s.Span))
			}
			if strings.Join(got, "⏎") != strings.Join(tt.sents, "⏎") {
				t.Errorf("sentences = %q, want %q", got, tt.sents)
			}
			if len(d.Paragraphs) != tt.paras {
				t.Errorf("paragraphs = %d, want %d", len(d.Paragraphs), tt.paras)
			}
		})
	}
}

func TestTokenInvariants(t *testing.T) {
	d := &document.Doc{Text: "  \n\nA b.\n\n“C” — d’e f-g 1,2 …\n"}
	New().Tokenize(d)
	prev := 0
	for i, tk := range d.Tokens {
		if tk.Start < prev || tk.End <= tk.Start || tk.End > len(d.Text) {
			t.Fatalf("token %d %+v out of order or bounds", i, tk)
		}
		prev = tk.End
	}
	if d.Tokens[0].Para != 0 || d.Tokens[len(d.Tokens)-1].Para != 1 {
		t.Errorf("paragraph numbering wrong: %+v", d.Tokens)
	}
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat("“We said on numerous occasions that we are confident,” he said at a conference on Thursday. "+
		"FBI director James Comey confirmed earlier this month that the U.S. is investigating.\n\n", 40)
	tk := New()
	d := &document.Doc{Text: text}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tk.Tokenize(d)
	}
}
