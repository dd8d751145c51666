package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/pipeline"
)

// reference returns what encoding/json writes for d, as the JSON Lines writer did before it
// had its own encoder.
func reference(t testing.TB, d *document.Doc) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Convert(d)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jsonl(t testing.TB, d *document.Doc) []byte {
	var buf bytes.Buffer
	if err := NewJSONLWriter(&buf).Write(d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAppendArticle(t *testing.T) {
	analysed := &document.Doc{ID: "a/b.txt", Text: testArticle, Published: time.Date(2024, 3, 14, 9, 30, 0, 0, time.UTC)}
	pipeline.New().Analyze(analysed)
	if len(analysed.Statements) == 0 || len(analysed.Entities) == 0 || len(analysed.Dates) == 0 {
		t.Fatalf("the test article should have statements, entities and dates: %d, %d, %d",
			len(analysed.Statements), len(analysed.Entities), len(analysed.Dates))
	}
	odd := "ctl \x00\x01\x1f\x7f <a href=\"x\">&amp;</a> \\ \b\f\n\r\t \u2028\u2029 é ’ 😀 bad \xff\xfe \xe2\x80 end\xe2"
	tests := []struct {
		name string
		doc  *document.Doc
	}{
		{"empty", &document.Doc{}},
		{"analysed article", analysed},
		{"metadata", &document.Doc{ID: odd, Title: odd, URL: "https://example.com/?a=1&b=<2>", Outlet: "Ö & Co",
			Published: time.Date(987, 1, 2, 0, 0, 0, 0, time.UTC), Text: odd}},
		{"every statement field", &document.Doc{Text: odd,
			Statements: []document.Statement{
				{Kind: document.Direct, Source: document.Span{Start: 0, End: 5}, Cue: document.Span{Start: 6, End: 9},
					Content: []document.Span{{Start: 10, End: 30}, {Start: 40, End: len(odd)}}, Continues: -1,
					Speaker: document.Speaker{Name: odd, Type: document.Person}, Date: "2017-03", Rule: odd, About: []int{1, 0, 7, -1}},
				{Kind: document.Indirect, Content: []document.Span{{Start: 61, End: 63}}, Continues: 0}, // inside a rune
				{Kind: document.Mixed, Continues: -1},                                                   // no content at all: spans are null
			},
			Entities: []document.Entity{{Name: "Ann <Lee>", Type: document.Person, Mentions: []document.Span{{Start: 1, End: 4}, {Start: 50, End: 52}}},
				{Name: odd}},
			Dates: []document.Timex{{Span: document.Span{Start: 2, End: 8}, Type: "DATE", Value: "XXXX-WXX-4"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := reference(t, tt.doc)
			if got := jsonl(t, tt.doc); !bytes.Equal(got, want) {
				t.Errorf("JSON Lines differ from encoding/json:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// FuzzAppendArticle builds documents from arbitrary text and offsets and checks that the JSON
// Lines writer writes exactly what encoding/json writes for Convert of them.
func FuzzAppendArticle(f *testing.F) {
	f.Add(testArticle, "id", uint64(0x0123456789abcdef), 3)
	f.Add("a \xff b \u2028 <&> \"q\" \\ \x01", "t\u2029", uint64(42), 7)
	f.Add("", "", uint64(0), 0)
	f.Fuzz(func(t *testing.T, text, meta string, seed uint64, n int) {
		next := func(k int) int { // a pseudo-random number in [0, k]
			seed = seed*6364136223846793005 + 1442695040888963407
			return int((seed >> 33) % uint64(k+1))
		}
		span := func() document.Span {
			a := next(len(text))
			return document.Span{Start: a, End: a + next(len(text)-a)}
		}
		n = min(max(n, 0), 8)
		d := &document.Doc{ID: meta, Title: text[:next(len(text))], Outlet: meta, Text: text}
		if next(1) == 1 {
			d.URL = meta + text
			d.Published = time.Date(1900+next(300), time.Month(1+next(11)), 1+next(27), 0, 0, 0, 0, time.UTC)
		}
		for range n {
			d.Entities = append(d.Entities, document.Entity{Name: text[next(len(text)):], Type: document.EntityType(meta),
				Mentions: []document.Span{span(), span()}[:next(2)]})
			d.Dates = append(d.Dates, document.Timex{Span: span(), Type: meta, Value: text[:next(len(text))]})
		}
		for i := range n {
			st := document.Statement{Kind: document.Kind(meta), Source: span(), Cue: span(), Continues: next(i+1) - 1,
				Speaker: document.Speaker{Name: text[:next(len(text))], Type: document.EntityType(meta[:next(len(meta))])},
				Date:    meta[next(len(meta)):], Rule: meta, About: []int{next(n+1) - 1, next(n)}}
			for range next(3) {
				st.Content = append(st.Content, span())
			}
			d.Statements = append(d.Statements, st)
		}
		want := reference(t, d)
		if got := jsonl(t, d); !bytes.Equal(got, want) {
			t.Errorf("JSON Lines differ from encoding/json:\n got %s\nwant %s", got, want)
		}
		if !strings.HasSuffix(string(want), "\n") || strings.Count(string(want), "\n") != 1 {
			t.Errorf("not one line: %q", want)
		}
	})
}

// TestAppendEscaped checks appendEscaped against encoding/json for every byte that needs
// escaping, and for runes of one to four bytes, at every offset of strings around the
// sixteen- and eight-byte chunks that it skips at once.
func TestAppendEscaped(t *testing.T) {
	odd := []string{"\"", "\\", "\x00", "\x1f", "\n", "\t", "\x7f", "é", "’", "😀", "\u2028", "\u2029", "\xff", "\xe2\x80", "<&>"}
	for n := 0; n <= 40; n++ {
		for at := 0; at <= n; at++ {
			for _, o := range odd {
				s := strings.Repeat("a", at) + o + strings.Repeat("b", n-at)
				var want bytes.Buffer
				enc := json.NewEncoder(&want)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(s); err != nil {
					t.Fatal(err)
				}
				w := strings.TrimSuffix(want.String(), "\n")
				if got := `"` + string(appendEscaped(nil, s)) + `"`; got != w {
					t.Fatalf("appendEscaped(%q) = %s, want %s", s, got, w)
				}
			}
		}
	}
}

// TestAppendSpan checks that every span of a text, written from the text's noted escapes,
// is what appendEscaped writes for it, spans that cut a rune or an invalid sequence included.
func TestAppendSpan(t *testing.T) {
	texts := []string{"", "plain text", "ctl \x00\x01\x1f\x7f \"q\" \\ \b\f\n\r\t \u2028\u2029 é ’ 😀 bad \xff\xfe \xe2\x80 end\xe2",
		"\x80\x80a\xe2\x80\xa8\xe2\x80\xa9\xf0\x9f\x98\x80\xf0\x9f\x98\"\n", "“Quoted,” he said.\n\nNext \"one\"."}
	var esc textEscapes
	for _, text := range texts {
		prefix := "x"
		b := esc.appendText([]byte(prefix), text)
		if want := string(appendEscaped([]byte(prefix), text)); string(b) != want {
			t.Fatalf("appendText(%q) = %q, want %q", text, b, want)
		}
		for a := 0; a <= len(text); a++ {
			for z := a; z <= len(text); z++ {
				got := esc.appendSpan([]byte(prefix), document.Span{Start: a, End: z})
				if want := appendEscaped([]byte(prefix), text[a:z]); !bytes.Equal(got, want) {
					t.Fatalf("appendSpan(%q, [%d,%d)) = %q, want %q", text, a, z, got, want)
				}
			}
		}
	}
}
