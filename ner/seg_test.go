package ner

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

func TestSegments(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []segment
	}{
		{"the weather was fine", nil},
		{"officials at the Bank of England said on Monday", []segment{{1, 6}, {7, 9}}},
		{"he met Kengo wa Dondo , the prime minister", []segment{{2, 7}}},
		{"the van der Sar save", []segment{{0, 4}}},
		{"at Lord 's today", []segment{{0, 3}}},
		{"career at the 5th Street Gym in town", []segment{{1, 7}}},
		{"SOCCER - JAPAN GET LUCKY WIN", []segment{{0, 6}}},
		{"Mladost ( BJ ) 4 0", []segment{{0, 6}}},
		{"a b C d c F", []segment{{2, 3}, {5, 6}}},
	} {
		ws := words(c.s)
		sc := &scratch{}
		analyseWords(ws, sc, nil)
		if got := segments(sc.bits, sc.norm, nil); !slices.Equal(got, c.want) {
			t.Errorf("%q: segments %v, want %v", c.s, got, c.want)
		}
	}
}

// TestSegmentsExact checks that scoring only the candidate segments labels CoNLL valid as
// scoring every token does.
func TestSegmentsExact(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(sharedtest.Path(t, "data", "conll2003"), "valid.txt"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := readCoNLL(bytes.NewReader(raw), "valid.txt")
	if err != nil {
		t.Fatal(err)
	}
	tg, full := Default(), Default()
	full.full = true
	sc := &scratch{}
	var tokens, scored, diff int
	for _, d := range docs {
		var ss [][]string
		for _, s := range d.sents {
			ss = append(ss, s.words)
			analyseWords(s.words, sc, nil)
			for _, g := range segments(sc.bits, sc.norm, nil) {
				scored += g.b - g.a
			}
			tokens += len(s.words)
		}
		a, b := tg.TagDoc(ss), full.TagDoc(ss)
		for i := range a {
			for j := range a[i] {
				if a[i][j] != b[i][j] {
					diff++
					t.Logf("%q: %v, scoring every token %v", ss[i][j], a[i][j], b[i][j])
				}
			}
		}
	}
	t.Logf("%d tokens, %.1f%% scored, %d labelled otherwise than by scoring every token", tokens, 100*float64(scored)/float64(tokens), diff)
	if diff > 10 {
		t.Errorf("%d tokens labelled otherwise than by scoring every token, want at most 10", diff)
	}
}
