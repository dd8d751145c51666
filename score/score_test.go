package score

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/brat"
)

// The texts below are made up for these tests.

func parse(t *testing.T, lines ...string) *brat.Ann {
	t.Helper()
	a, err := brat.Parse(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func frags(pairs ...int) []brat.Frag {
	var out []brat.Frag
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, brat.Frag{Start: pairs[i], End: pairs[i+1]})
	}
	return out
}

// said is indexed below; "“" is one code point at 9.
//
//	He said: “Go now,” and left.
//	0123456789012345678901234567
const said = "He said: “Go now,” and left."

func TestNorm(t *testing.T) {
	tests := []struct {
		name           string
		text           string
		in             []brat.Frag
		exact, relaxed []brat.Frag
	}{
		{"whitespace trimmed", said, frags(2, 7), frags(3, 7), frags(3, 7)},
		{"clamped to the text", said, frags(-3, 2, 23, 99), frags(0, 2, 23, 28), frags(0, 2, 23, 27)},
		{"only whitespace", said, frags(8, 9), nil, nil},
		{"beyond the text", said, frags(40, 50), nil, nil},
		{"reversed", said, frags(5, 3), nil, nil},
		{"whitespace gap merged", said, frags(0, 2, 3, 7), frags(0, 7), frags(0, 7)},
		{"sorted first", said, frags(3, 7, 0, 2), frags(0, 7), frags(0, 7)},
		{"text gap kept", said, frags(0, 2, 4, 7), frags(0, 2, 4, 7), frags(0, 2, 4, 7)},
		// The script sets the end of the merged fragment to the later fragment's end, even
		// when that is shorter.
		{"overlap takes the later end", said, frags(0, 7, 3, 5), frags(0, 5), frags(0, 5)},
		{"quotation marks and comma", said, frags(9, 18), frags(9, 18), frags(10, 16)},
		{"relaxed trims across fragments", said, frags(9, 12, 14, 18), frags(9, 12, 14, 18), frags(10, 12, 14, 16)},
		{"relaxed drops a trimmed-away fragment", said, frags(7, 8, 10, 12), frags(7, 8, 10, 12), frags(10, 12)},
		{"relaxed leaves nothing", said, frags(7, 10), frags(7, 10), nil},
		{"relaxed keeps inner punctuation", said, frags(0, 28), frags(0, 28), frags(0, 27)},
		// Python's whitespace includes the information separators; Go's unicode.IsSpace
		// does not.
		{"information separator is whitespace", "\x1cab\x1f \x1ecd\x1d", frags(0, 4, 5, 9), frags(1, 8), frags(1, 8)},
		{"no-break space is whitespace", "ab\u00a0cd", frags(0, 2, 3, 5), frags(0, 5), frags(0, 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []rune(tt.text)
			if got := norm(tt.in, text, false); !reflect.DeepEqual(got, tt.exact) {
				t.Errorf("exact = %v, want %v", got, tt.exact)
			}
			if got := norm(tt.in, text, true); !reflect.DeepEqual(got, tt.relaxed) {
				t.Errorf("relaxed = %v, want %v", got, tt.relaxed)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	// Expectations from Python: [m.start() for m in TOKEN.finditer(text, a, b)].
	text := []rune("Don't stop_now 3.5% ²x Ⅻ café—e\u0301 日本語\x1cok")
	tests := []struct {
		a, b int
		want []int
	}{
		{0, 39, []int{0, 3, 4, 6, 15, 16, 17, 18, 20, 23, 25, 29, 30, 31, 33, 37}},
		{2, 9, []int{2, 3, 4, 6}}, // starts mid-word, cut at the end
		{-5, 3, []int{0}},
		{37, 100, []int{37}},
		{9, 2, nil},
		{5, 6, nil},
	}
	for _, tt := range tests {
		got := tokens(nil, text, tt.a, tt.b)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokens(%d, %d) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNewPRF(t *testing.T) {
	tests := []struct {
		tp, pred, gold int
		p, r, f1       float64
	}{
		{0, 0, 0, 0, 0, 0},
		{0, 5, 0, 0, 0, 0},
		{1, 3, 2, 33.3, 50, 40},
		{2, 3, 3, 66.7, 66.7, 66.7},
		{1, 80, 1, 1.2, 100, 2.5}, // 100/80 is 1.25 exactly: Python rounds half to even
		{1, 8, 8, 12.5, 12.5, 12.5},
		{5, 5, 10, 100, 50, 66.7},
	}
	for _, tt := range tests {
		got := NewPRF(tt.tp, tt.pred, tt.gold)
		want := PRF{tt.p, tt.r, tt.f1, tt.tp, tt.pred, tt.gold}
		if got != want {
			t.Errorf("NewPRF(%d, %d, %d) = %+v, want %+v", tt.tp, tt.pred, tt.gold, got, want)
		}
	}
}

// counted is the counts of a report, without the rounded figures.
type counted map[string][3]int

func countsOf(r Report) counted {
	c := counted{}
	for _, m := range []struct {
		name  string
		roles Roles
	}{{"exact", r.Exact}, {"relaxed", r.Relaxed}, {"token", r.Token}} {
		for _, role := range brat.Roles {
			p := m.roles.Get(role)
			c[m.name+" "+strings.ToLower(string(role))] = [3]int{p.TP, p.Pred, p.Gold}
		}
	}
	c["relation"] = [3]int{r.Relation.TP, r.Relation.Pred, r.Relation.Gold}
	return c
}

// An attribution in said: He (0 2) said (3 7) “Go now,” (9 18).
const (
	tSource  = "T1\tSource 0 2\tHe"
	tCue     = "T2\tCue 3 7\tsaid"
	tContent = "T3\tContent 10 16\tGo now"
	eFull    = "E1\tAttribution:T9 Source:T1 Cue:T2 Content:T3"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		gold, pred []string // .ann lines; pred nil: no prediction for the text
		want       counted  // the entries to check
	}{
		{
			name: "perfect",
			text: said,
			gold: []string{tSource, tCue, tContent, eFull},
			pred: []string{tSource, tCue, tContent, eFull},
			want: counted{
				"exact source": {1, 1, 1}, "exact cue": {1, 1, 1}, "exact content": {1, 1, 1},
				"token content": {2, 2, 2}, "relation": {1, 1, 1},
			},
		},
		{
			name: "quotation marks: relaxed match only",
			text: said,
			gold: []string{tSource, tCue, tContent, eFull},
			pred: []string{tSource, tCue, "T3\tContent 9 18\t“Go now,”", eFull},
			want: counted{
				"exact content": {0, 1, 1}, "relaxed content": {1, 1, 1},
				// Jaccard of the content tokens: 2/5.
				"token content": {2, 5, 2}, "relation": {0, 1, 1},
			},
		},
		{
			name: "whitespace at the ends and in gaps is ignored",
			text: said,
			gold: []string{"T3\tContent 10 16\tGo now"},
			pred: []string{"T3\tContent 10 13;13 16\tGo now"},
			want: counted{"exact content": {1, 1, 1}, "token content": {2, 2, 2}},
		},
		{
			name: "discontinuous spans must agree fragment by fragment",
			text: said,
			gold: []string{"T3\tContent 0 2;10 16\tHe Go now"},
			pred: []string{"T3\tContent 0 7;10 16\tHe said Go now"},
			want: counted{"exact content": {0, 1, 1}, "relaxed content": {0, 1, 1}, "token content": {3, 4, 3}},
		},
		{
			name: "duplicate and empty spans",
			text: said,
			gold: []string{"T1\tCue 3 7\tsaid", "T2\tCue 8 9\t "},
			pred: []string{"T1\tCue 3 7\tsaid", "T2\tCue 2 7\t said", "T3\tCue 30 40\t"},
			want: counted{"exact cue": {1, 1, 1}, "token cue": {1, 1, 1}},
		},
		{
			name: "tokens are counted once per role across spans",
			text: said,
			gold: []string{"T1\tContent 10 16\tGo now"},
			pred: []string{"T1\tContent 10 12\tGo", "T2\tContent 11 16\to now", "T3\tContent 19 22\tand"},
			want: counted{"exact content": {0, 3, 1}, "token content": {2, 4, 2}},
		},
		{
			name: "relation without source on either side",
			text: said,
			gold: []string{tCue, tContent, "E1\tAttribution:T9 Cue:T2 Content:T3"},
			pred: []string{tCue, tContent, "E1\tAttribution:T9 Cue:T2 Content:T3"},
			want: counted{"relation": {1, 1, 1}},
		},
		{
			name: "source on one side only",
			text: said,
			gold: []string{tCue, tContent, "E1\tAttribution:T9 Cue:T2 Content:T3"},
			pred: []string{tSource, tCue, tContent, eFull},
			want: counted{"relation": {0, 1, 1}},
		},
		{
			name: "sources must overlap",
			text: said,
			gold: []string{tSource, tCue, tContent, eFull},
			pred: []string{"T1\tSource 23 27\tleft", tCue, tContent, eFull},
			want: counted{"relation": {0, 1, 1}},
		},
		{
			name: "cue on one side only",
			text: said,
			gold: []string{tCue, tContent, "E1\tCue:T2 Content:T3"},
			pred: []string{tContent, "E1\tContent:T3"},
			want: counted{"relation": {0, 1, 1}},
		},
		{
			name: "no cue on either side",
			text: said,
			gold: []string{tContent, "E1\tContent:T3"},
			pred: []string{tContent, "E1\tContent:T3"},
			want: counted{"relation": {1, 1, 1}},
		},
		{
			name: "content Jaccard of exactly one half matches",
			text: said,
			gold: []string{tCue, tContent, "E1\tCue:T2 Content:T3"}, // Go now
			pred: []string{tCue, "T3\tContent 13 16\tnow", "E1\tCue:T2 Content:T3"},
			want: counted{"relation": {1, 1, 1}},
		},
		{
			name: "content Jaccard below one half does not",
			text: said,
			gold: []string{tCue, tContent, "E1\tCue:T2 Content:T3"},
			pred: []string{tCue, "T3\tContent 13 18\tnow,”", "E1\tCue:T2 Content:T3"},
			want: counted{"relation": {0, 1, 1}},
		},
		{
			name: "one to one",
			text: said,
			gold: []string{tSource, tCue, tContent, eFull},
			pred: []string{tSource, tCue, tContent, eFull, "E2\tAttribution:T9 Source:T1 Cue:T2 Content:T3"},
			want: counted{"relation": {1, 2, 1}},
		},
		{
			name: "greedy in prediction order",
			text: said,
			// Both gold relations fit the first prediction; it takes the first, which is
			// the only one the second prediction fits. Gold contents: "Go now" and
			// "Go now,”"; predicted: "Go now," and "Go".
			gold: []string{tCue, tContent, "T4\tContent 10 18\tGo now,”", "E1\tCue:T2 Content:T3", "E2\tCue:T2 Content:T4"},
			pred: []string{tCue, "T3\tContent 10 17\tGo now,", "T4\tContent 10 12\tGo", "E1\tCue:T2 Content:T3", "E2\tCue:T2 Content:T4"},
			want: counted{"relation": {1, 2, 2}},
		},
		{
			name: "relations naming missing spans",
			text: said,
			gold: []string{tSource, tCue, tContent, eFull},
			// E1 keeps only its content; E2 has neither cue nor content tokens and is
			// left out; E3's cue is a span that is only whitespace.
			pred: []string{tContent, "T5\tCue 8 9\t ", "E1\tSource:T7 Cue:T8 Content:T3", "E2\tSource:T1", "E3\tCue:T5"},
			want: counted{"relation": {0, 1, 1}},
		},
		{
			name: "no prediction",
			text: said,
			gold: []string{tSource, tCue, tContent, eFull},
			want: counted{"exact cue": {0, 0, 1}, "token content": {0, 0, 2}, "relation": {0, 0, 1}},
		},
		{
			name: "offsets count code points after universal newlines",
			text: "A\r\n“Yes,” 🎉 she said.",
			gold: []string{"T1\tSource 11 14\tshe", "T2\tCue 15 19\tsaid", "T3\tContent 3 6\tYes"},
			pred: []string{"T1\tSource 11 14\tshe", "T2\tCue 15 19\tsaid", "T3\tContent 2 8\t“Yes,”"},
			want: counted{"exact source": {1, 1, 1}, "exact cue": {1, 1, 1}, "exact content": {0, 1, 1}, "relaxed content": {1, 1, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gold := []brat.GoldDoc{{Name: "a", Text: tt.text, Ann: parse(t, tt.gold...)}}
			pred := map[string]*brat.Ann{}
			if tt.pred != nil {
				pred["a"] = parse(t, tt.pred...)
			}
			r := Score(gold, pred)
			got := countsOf(r)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s: tp, pred, gold = %v, want %v", k, got[k], want)
				}
			}
			wantMissing := 0
			if tt.pred == nil {
				wantMissing = 1
			}
			if r.Texts != 1 || r.TextsWithoutPrediction != wantMissing {
				t.Errorf("texts %d, without prediction %d; want 1, %d", r.Texts, r.TextsWithoutPrediction, wantMissing)
			}
		})
	}
}

func TestScoreSums(t *testing.T) {
	a := parse(t, tSource, tCue, tContent, eFull)
	gold := []brat.GoldDoc{{Name: "a", Text: said, Ann: a}, {Name: "b", Text: said, Ann: a}, {Name: "c", Text: said}}
	r := Score(gold, map[string]*brat.Ann{"a": a, "c": a, "x": a})
	if r.Texts != 3 || r.TextsWithoutPrediction != 1 {
		t.Errorf("texts %d, without prediction %d; want 3, 1", r.Texts, r.TextsWithoutPrediction)
	}
	want := PRF{P: 50, R: 50, F1: 50, TP: 1, Pred: 2, Gold: 2}
	if r.Exact.Cue != want {
		t.Errorf("exact cue = %+v, want %+v", r.Exact.Cue, want)
	}
	if want := (PRF{P: 50, R: 50, F1: 50, TP: 1, Pred: 2, Gold: 2}); r.Relation != want {
		t.Errorf("relation = %+v, want %+v", r.Relation, want)
	}
}

func testReport() Report {
	return Report{
		Exact:    Roles{Source: NewPRF(1, 3, 2), Cue: NewPRF(2, 2, 2), Content: NewPRF(0, 0, 4)},
		Relaxed:  Roles{Source: NewPRF(2, 3, 2), Cue: NewPRF(2, 2, 2), Content: NewPRF(1, 80, 4)},
		Token:    Roles{Source: NewPRF(5, 6, 7), Cue: NewPRF(2, 2, 3), Content: NewPRF(30, 40, 50)},
		Relation: NewPRF(1, 2, 3),
		Texts:    2, TextsWithoutPrediction: 1,
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := testReport().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `texts scored: 2 (without a prediction file: 1)
                          source                   cue               content
exact           33.3/ 50.0/ 40.0     100.0/100.0/100.0       0.0/  0.0/  0.0
relaxed         66.7/100.0/ 80.0     100.0/100.0/100.0       1.2/ 25.0/  2.4
token           83.3/ 71.4/ 76.9     100.0/ 66.7/ 80.0      75.0/ 60.0/ 66.7
relation  P 50.0  R 33.3  F1 40.0  (P/R/F1 above, in %)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	r := testReport()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"{\n \"exact\": {\n  \"source\": {\n   \"p\": 33.3,\n   \"r\": 50.0,\n   \"f1\": 40.0,\n   \"tp\": 1,\n",
		"  \"content\": {\n   \"p\": 0.0,\n",
		"   \"gold\": 4\n  }\n },\n \"relaxed\": {\n",
		" \"relation\": {\n  \"p\": 50.0,\n",
		"  \"gold\": 3\n },\n \"texts\": 2,\n \"texts_without_prediction\": 1\n}\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %q:\n%s", want, out)
		}
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back != r {
		t.Errorf("JSON reads back as %+v, want %+v", back, r)
	}
}

func FuzzScore(f *testing.F) {
	f.Add(said, tSource+"\n"+tCue+"\n"+tContent+"\n"+eFull, "T3\tContent 9 18;0 2;-4 99\nE1\tContent:T3 Cue:T3")
	f.Add("a\r\nb\x1c", "T1\tCue 0 9223372036854775807\nE1\tCue:T1", "T1\tCue -9223372036854775808 2")
	f.Fuzz(func(t *testing.T, text, gold, pred string) {
		ga, err := brat.Parse(strings.NewReader(gold))
		if err != nil {
			t.Fatal(err)
		}
		pa, err := brat.Parse(strings.NewReader(pred))
		if err != nil {
			t.Fatal(err)
		}
		r := Score([]brat.GoldDoc{{Name: "a", Text: text, Ann: ga}}, map[string]*brat.Ann{"a": pa})
		for _, p := range []PRF{r.Exact.Source, r.Exact.Cue, r.Exact.Content, r.Relaxed.Source,
			r.Relaxed.Cue, r.Relaxed.Content, r.Token.Source, r.Token.Cue, r.Token.Content, r.Relation} {
			if p.TP > p.Pred || p.TP > p.Gold || p.P < 0 || p.P > 100 || p.R < 0 || p.R > 100 {
				t.Errorf("impossible figures %+v", p)
			}
		}
	})
}
