package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
)

// TestWriteBrat checks which statements become relations, built by hand over a short text:
// a continuation in the same paragraph is folded into its statement, the colon of a headline
// form is the cue, and a statement with no cue otherwise is left out.
func TestWriteBrat(t *testing.T) {
	const text = "Alder: “It opens in May.”\n\n" +
		"“We learned a lot,” Alder said. “Nobody wanted a delay.”\n\n" +
		"“It will not happen again.”"
	find := func(s string) document.Span {
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		return document.Span{Start: i, End: i + len(s)}
	}
	var paras []document.Span
	for from := 0; from < len(text); {
		end := strings.Index(text[from:], "\n\n")
		if end < 0 {
			end = len(text) - from
		}
		paras = append(paras, document.Span{Start: from, End: from + end})
		from += end + 2
	}
	headline := document.Statement{Source: find("Alder"), Content: []document.Span{find("“It opens in May.”")}, Continues: -1}
	at := find("Alder said").Start
	said := document.Statement{
		Source:    document.Span{Start: at, End: at + len("Alder")},
		Cue:       document.Span{Start: at + len("Alder "), End: at + len("Alder said")},
		Content:   []document.Span{find("“We learned a lot,”")},
		Continues: -1,
	}
	sameParagraph := document.Statement{Content: []document.Span{find("“Nobody wanted a delay.”")}, Continues: 1}
	nextParagraph := document.Statement{Content: []document.Span{find("“It will not happen again.”")}, Continues: 1}
	orphan := nextParagraph
	orphan.Continues = -1
	tests := []struct {
		name       string
		statements []document.Statement
		want       []string // the Cue and Content T-lines' texts, in order
	}{
		{"colon of a headline form", []document.Statement{headline}, []string{"Cue :", "Content “It opens in May.”"}},
		{"continuation folded", []document.Statement{headline, said, sameParagraph},
			[]string{"Cue :", "Content “It opens in May.”", "Cue said", "Content “We learned a lot,” “Nobody wanted a delay.”"}},
		{"continuation in the next paragraph left out", []document.Statement{headline, said, nextParagraph},
			[]string{"Cue :", "Content “It opens in May.”", "Cue said", "Content “We learned a lot,”"}},
		{"quotation with neither cue nor statement left out", []document.Statement{orphan}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &document.Doc{Text: text, Paragraphs: paras, Statements: tc.statements}
			var buf bytes.Buffer
			if err := WriteBrat(&buf, d); err != nil {
				t.Fatal(err)
			}
			var got []string
			relations := 0
			for _, line := range strings.Split(buf.String(), "\n") {
				f := strings.Split(line, "\t")
				switch {
				case strings.HasPrefix(line, "E"):
					relations++
				case len(f) == 3 && (strings.HasPrefix(f[1], "Cue ") || strings.HasPrefix(f[1], "Content ")):
					got = append(got, strings.Fields(f[1])[0]+" "+f[2])
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if want := len(tc.want) / 2; relations != want {
				t.Errorf("%d relations, want %d", relations, want)
			}
		})
	}
}
