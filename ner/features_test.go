package ner

import (
	"slices"
	"testing"
	"unicode"

	"github.com/whosaid/whosaid/learn"
)

// TestFeatureSplit checks that the features of a token as tagging sums them, wordFeatures and
// contextFeatures, are the features that training gives it (features).
func TestFeatureSplit(t *testing.T) {
	tg := Default()
	sc := &scratch{}
	for _, s := range []string{
		"Russian President Vladimir Putin told a conference in Moscow on Thursday .",
		"SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
		"the European Union and Germany 's Deutsche Bank said 1,200 jobs would go",
		"Peter Blackburn",
		"x",
	} {
		ws := words(s)
		si := prepare(ws, sc, nil, tg.clusters, &tg.gaz)
		for i := range sc.toks {
			sc.toks[i].hist = uint8(i % 3 * 5) // some tokens with a history, some without
		}
		for _, off := range []uint64{0, tg.off} {
			for i := range sc.toks {
				var f [maxFeat]learn.Hash
				want := slices.Clone(f[:features(&f, sc.toks, i, si, off)])
				got := slices.Clone(f[:wordFeatures(&f, &sc.toks[i], off)])
				got = append(got, f[:contextFeatures(&f, sc.toks, i, si, off)]...)
				slices.Sort(want)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("%q, token %d, templates off %b: split %d features, features gives %d", s, i, off, len(got), len(want))
				}
			}
		}
	}
}

// TestScan checks scan's case flags and key against their plain definitions, and analyse's
// parts against a rune-by-rune reading of the word.
func TestScan(t *testing.T) {
	for _, w := range []string{"", "a", "A", "Putin", "U.S.", "iPhone", "1,200", "3rd", "--", "É", "élan", "Łódź",
		"ΑΘΗΝΑ", "٣", "x\xff", "\xffY", "’s", "İN", "McDonald's", "ABCDEFG", "aaaaBBBB1234"} {
		var cap, lower, upper, cand bool
		var word, lo uint64 = fnvOffset, fnvOffset
		for i, r := range w {
			l, class := r, r
			switch {
			case unicode.IsUpper(r):
				l, class = unicode.ToLower(r), 'X'
				upper, cand = true, true
			case unicode.IsLetter(r):
				class, lower = 'x', true
			case unicode.IsDigit(r):
				l, class, cand = '0', 'd', true
			}
			if i == 0 {
				cap = class == 'X'
			}
			word, lo = fnv(word, r), fnv(lo, l)
		}
		s, a := scan(w), analyse(w)
		if wp := analyseWord(w); wp != a.wordParts {
			t.Errorf("analyseWord(%q) = %+v, analyseParts %+v", w, wp, a.wordParts)
		}
		if s.cap != cap || s.lower0 != lower || s.upper != upper || s.cand != cand || s.key != learn.StrHash(w) {
			t.Errorf("scan(%q) = %+v, want cap %v, lower %v, upper %v, cand %v", w, s, cap, lower, upper, cand)
		}
		if a.word != word || a.lower != lo {
			t.Errorf("analyse(%q): word and lower-case hashes %x %x, want %x %x", w, a.word, a.lower, word, lo)
		}
	}
}

// TestScoreToken checks that the scores of tokens as Tag sums them (scoreToken: the cache of
// words, the rows of the templates with few values, the other features) are the sums of the
// weights of the features that training gives them.
func TestScoreToken(t *testing.T) {
	tg := Default()
	sc, ref := tg.getScratch(), &scratch{}
	sents := []string{
		"Russian President Vladimir Putin told a conference in Moscow on Thursday .",
		"SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
		"the European Union and Germany 's Deutsche Bank said 1,200 jobs would go to New York",
		"Peter Blackburn met Blackburn in Blackburn",
		"Blackburn",
		"x",
	}
	for _, s := range append(sents, sents...) { // the second time from the cache of words
		// The tokens as Tag prepares them, and as training does.
		ws := words(s)
		si := scanWords(ws, sc, nil, nil)
		sc.miss = sc.miss[:0]
		tg.analyseRange(sc, 0, len(ws))
		tg.analyseMissed(sc)
		tg.gaz.markFrom(sc.toks, sc.norm, 0, len(ws))
		prepare(ws, ref, nil, tg.clusters, &tg.gaz)
		for i := range sc.toks {
			h := uint8(i * 7 % 32) // every kind of history, and none
			sc.toks[i].hist, ref.toks[i].hist = h, h
		}
		for i := range sc.toks {
			var f [maxFeat]learn.Hash
			want := tg.tab.sums(f[:features(&f, ref.toks, i, si, tg.off)])
			var a acc
			tg.scoreToken(sc, i, si, &a)
			var got [numClasses]int32
			for c := range got {
				got[c] = a.class(c)
			}
			if got != want {
				t.Errorf("%q, token %d: scoreToken %v, want %v", s, i, got, want)
			}
		}
	}
}
