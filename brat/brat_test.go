package brat

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		spans map[string]Span
		rels  []Relation
	}{
		{
			name: "relation",
			in: "T1\tSource 0 5\tAlder\nT2\tCue 6 10\tsaid\nT3\tContent 11 20\tit is done\n" +
				"T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
			spans: map[string]Span{
				"T1": {Source, []Frag{{0, 5}}},
				"T2": {Cue, []Frag{{6, 10}}},
				"T3": {Content, []Frag{{11, 20}}},
			},
			rels: []Relation{{Source: "T1", Cue: "T2", Content: "T3"}},
		},
		{
			name:  "discontinuous span",
			in:    "T3\tContent 11 20;25 30;40 41\tx\n",
			spans: map[string]Span{"T3": {Content, []Frag{{11, 20}, {25, 30}, {40, 41}}}},
		},
		{
			name:  "role suffix digits, last one wins",
			in:    "E1\tAttribution:T9 Content2:T3 Cue1:T2 Content:T5 Source12:T1\n",
			spans: map[string]Span{},
			rels:  []Relation{{Source: "T1", Cue: "T2", Content: "T5"}},
		},
		{
			name:  "role suffix of other scripts' digits",
			in:    "E1\tCue\u0663:T2 Source\u0661\u0662:T1\n",
			spans: map[string]Span{},
			rels:  []Relation{{Source: "T1", Cue: "T2"}},
		},
		{
			name:  "relation args without colon or with unknown roles",
			in:    "E1\tAttribution:T4 Cue Speaker:T1 Content:T3:x\nE2\t\n",
			spans: map[string]Span{},
			rels:  []Relation{{Content: "T3:x"}, {}},
		},
		{
			name: "malformed lines are skipped",
			in: "T1\tSource 0\tone number\n" +
				"T2\tSource 0 1 2\tthree numbers\n" +
				"T3\tSource a b\tnot numbers\n" +
				"T4\tSpeaker 0 5\tunknown type\n" +
				"T5\tSource0 5\tno space\n" +
				"T6 Source 0 5 no tab\n" +
				"T7\tContent 0 5;\tempty fragment\n" +
				"T8\tContent 1_000 1__1\tdouble underscore\n" +
				"E1 no tab\n" +
				"#1\tAnnotatorNotes T1\tnote\n" +
				"\n" +
				"R1\tSource:T1\n" +
				"T9\tCue 3 4\tok\n",
			spans: map[string]Span{"T9": {Cue, []Frag{{3, 4}}}},
		},
		{
			name: "numbers as Python's int() reads them",
			in: "T1\tCue +3 0_7\tx\nT2\tCue -2 \u0661\u0660\tx\n" +
				"T3\tCue 0 99999999999999999999999\tx\nT4\tCue 0 1_\tx\n",
			spans: map[string]Span{
				"T1": {Cue, []Frag{{3, 7}}},
				"T2": {Cue, []Frag{{-2, 10}}},
				"T3": {Cue, []Frag{{0, math.MaxInt}}},
			},
		},
		{
			name: "Python whitespace separates fields",
			in:   "T1\tCue 3\x1c4\tx\nT2\tCue 5\u00a06 ;\u2003 7 8\tx\nE1\tCue:T1\x1fContent:T2\n",
			spans: map[string]Span{
				"T1": {Cue, []Frag{{3, 4}}},
				"T2": {Cue, []Frag{{5, 6}, {7, 8}}},
			},
			rels: []Relation{{Cue: "T1", Content: "T2"}},
		},
		{
			name: "universal newlines",
			in:   "T1\tCue 1 2\tx\r\nT2\tCue 3 4\tx\rT3\tCue 5 6\tx\r\r\nE1\tCue:T3\r",
			spans: map[string]Span{
				"T1": {Cue, []Frag{{1, 2}}},
				"T2": {Cue, []Frag{{3, 4}}},
				"T3": {Cue, []Frag{{5, 6}}},
			},
			rels: []Relation{{Cue: "T3"}},
		},
		{
			name: "invalid UTF-8 in ids is replaced as Python does",
			// "\xe2\x82" is one ill-formed subsequence and "\xff" another: both read as
			// one U+FFFD, so the relation finds the span.
			in:    "T\xe2\x82\tCue 1 2\tx\nE1\tCue:T\xff\n",
			spans: map[string]Span{"T\uFFFD": {Cue, []Frag{{1, 2}}}},
			rels:  []Relation{{Cue: "T\uFFFD"}},
		},
		{
			name:  "byte order mark hides the first line",
			in:    "\uFEFFT1\tCue 1 2\tx\nT2\tCue 3 4\tx",
			spans: map[string]Span{"T2": {Cue, []Frag{{3, 4}}}},
		},
		{
			name:  "a later line with the same id wins",
			in:    "T1\tCue 1 2\tx\nT1\tSource 3 4\tx\n",
			spans: map[string]Span{"T1": {Source, []Frag{{3, 4}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.Spans, tt.spans) {
				t.Errorf("spans = %v, want %v", a.Spans, tt.spans)
			}
			if !reflect.DeepEqual(a.Relations, tt.rels) {
				t.Errorf("relations = %v, want %v", a.Relations, tt.rels)
			}
		})
	}
}

func TestPyInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true},
		{"007", 7, true},
		{"+5", 5, true},
		{"-0", 0, true},
		{"-12", -12, true},
		{"1_000", 1000, true},
		{"\u0663", 3, true},                // ARABIC-INDIC DIGIT THREE
		{"\u0661_\u0662", 12, true},        // underscores between other scripts' digits
		{"\U0001D7D9\U0001D7E3", 11, true}, // MATHEMATICAL DOUBLE-STRUCK ONE, SANS-SERIF ONE
		{"-9223372036854775808000", math.MinInt, true},
		// The ends of int, whatever its size ("-9223372036854775808" … "9223372036854775808"
		// where it has 64 bits): beyond them pyInt saturates.
		{strconv.Itoa(math.MinInt), math.MinInt, true},
		{"-" + strconv.FormatUint(uint64(math.MaxInt)+2, 10), math.MinInt, true},
		{strconv.Itoa(-math.MaxInt), -math.MaxInt, true},
		{strconv.Itoa(math.MaxInt), math.MaxInt, true},
		{strconv.FormatUint(uint64(math.MaxInt)+1, 10), math.MaxInt, true},
		{"9223372036854775808", math.MaxInt, true},
		{strings.Repeat("1", 4300), math.MaxInt, true},
		{strings.Repeat("1", 4301), 0, false}, // Python refuses more than 4300 digits
		{"", 0, false},
		{"+", 0, false},
		{"_1", 0, false},
		{"1_", 0, false},
		{"1__0", 0, false},
		{"+_1", 0, false},
		{"--1", 0, false},
		{"0x10", 0, false},
		{"1.0", 0, false},
		{"²", 0, false}, // a number (No) but not a decimal digit
		{"\uFFFD", 0, false},
	}
	for _, tt := range tests {
		got, ok := pyInt(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pyInt(%.20q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestDigitRuns checks what digitValue relies on: every range of the Nd table is made of
// whole runs of ten digits, each starting at a zero.
func TestDigitRuns(t *testing.T) {
	check := func(lo, hi, stride uint32) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("Nd range %U..%U stride %d is not whole runs of ten", lo, hi, stride)
		}
	}
	for _, r := range unicode.Nd.R16 {
		check(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Nd.R32 {
		check(r.Lo, r.Hi, r.Stride)
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if v := digitValue(r); (v >= 0) != unicode.IsDigit(r) {
			t.Fatalf("digitValue(%U) = %d, IsDigit %v", r, v, unicode.IsDigit(r))
		}
	}
}

func TestDecodeReplace(t *testing.T) {
	// Expectations from Python: b.decode("utf-8", "replace").
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"\uFFFD", "\uFFFD"},
		{"a\xe2\x82b", "a\uFFFDb"},
		{"\xf0\x9f\x98", "\uFFFD"},
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // a surrogate: ED takes only 80..9F
		{"\xc0\xaf", "\uFFFD\uFFFD"},
		{"\xe0\x80\x80", "\uFFFD\uFFFD\uFFFD"},
		{"\xf4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"\xf1\x80\x80x", "\uFFFDx"},
		{"é\xff", "é\uFFFD"},
	}
	for _, tt := range tests {
		if got := decodeReplace([]byte(tt.in)); got != tt.want {
			t.Errorf("decodeReplace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGoldFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{
		"text/a.txt", "text/b.txt", "text/c.txt", "text/notes.md", "text/d_0000.txt",
		"attributions/a_00ff.ann", "attributions/a_0001.ann", // the first in sorted order wins
		"attributions/b_ABCD.ann", // upper-case hex: not an annotator id
		"attributions/c_12345.ann", "attributions/c_1234.ann.bak",
		"attributions/d_0000_beef.ann",
		"attributions/e_1234.ann", // no text
	} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := GoldFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a":      filepath.Join(dir, "attributions", "a_0001.ann"),
		"d_0000": filepath.Join(dir, "attributions", "d_0000_beef.ann"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GoldFiles = %v, want %v", got, want)
	}
	if _, err := GoldFiles(filepath.Join(dir, "missing")); err == nil {
		t.Error("GoldFiles of a missing folder: no error")
	}
}

func TestReadGold(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("text/b.txt", "\uFEFFTitle\r\n\r\nBody\rend\n")
	write("attributions/b_0001.ann", "T1\tCue 0 1\tx\n")
	write("text/a.txt", "A")
	write("attributions/a_0001.ann", "")
	docs, err := ReadGold(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Name != "a" || docs[1].Name != "b" {
		t.Fatalf("docs = %+v, want a and b", docs)
	}
	// The byte order mark stays (Python's "utf-8" codec keeps it); newlines are universal.
	if want := "\uFEFFTitle\n\nBody\nend\n"; docs[1].Text != want {
		t.Errorf("text = %q, want %q", docs[1].Text, want)
	}
	if len(docs[1].Ann.Spans) != 1 {
		t.Errorf("spans = %v", docs[1].Ann.Spans)
	}

	write("text/c.txt", "bad \xff byte")
	write("attributions/c_0001.ann", "")
	_, err = ReadGold(dir)
	if err == nil || !strings.Contains(err.Error(), "c.txt") {
		t.Errorf("invalid UTF-8: error %v, want one naming c.txt", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"T1\tSource 0 5\tAlder\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tx\nE1\tAttribution:T4 Source:T1 Cue:T2 Content2:T3\n",
		"T1\tCue -1 99999999999999999999999999\t\r\nE1\tCue:T1\r",
		"T\xe2\x82\tCue \u0661 1_0\nE\tCue\u0663:T\xff",
		"T1\tContent ;;\nT2\tCue  \x1c 3 4\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Parse(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		for id, sp := range a.Spans {
			if !isRole(sp.Role) || len(sp.Frags) == 0 {
				t.Errorf("span %q = %+v", id, sp)
			}
		}
		for _, r := range a.Relations {
			for role := range r {
				if !isRole(role) {
					t.Errorf("relation role %q", role)
				}
			}
		}
	})
}
