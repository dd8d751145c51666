package ner

import (
	"reflect"
	"slices"
	"strings"
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
		s, b := scan(w)
		a := analyse(w)
		if wp := analyseWord(w); wp != a.wordParts {
			t.Errorf("analyseWord(%q) = %+v, analyseParts %+v", w, wp, a.wordParts)
		}
		if s.cap != cap || b&bitCap != 0 != cap || b&bitLower != 0 != lower || b&bitUpper != 0 != upper || b&(bitUpper|bitDigit) != 0 != cand || s.key != learn.StrHash(w) {
			t.Errorf("scan(%q) = %+v, bits %#x, want cap %v, lower %v, upper %v, cand %v", w, s, b, cap, lower, upper, cand)
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
		tg.gaz.markFrom(sc.toks, 0, len(ws))
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

// TestWordBits checks the case bits and keys of scanCase against their definitions, byte by
// byte, for every byte value at every position of words of every length up to twenty.
func TestWordBits(t *testing.T) {
	plain := func(w string) uint32 {
		var b uint32
		for _, c := range []byte(w) {
			b |= uint32(caseBits[c])
		}
		if len(w) > 0 && caseBits[w[0]] == bitUpper {
			b |= bitCap
		}
		return b
	}
	check := func(w string) {
		t.Helper()
		var toks [1]tok
		var bits [1]byte
		toks[0].key = 1 // from an earlier sentence
		all := scanCase([]string{w}, toks[:], bits[:])
		if want := plain(w); uint32(bits[0]) != want || all != want || toks[0].key != learn.StrHash(w) {
			t.Fatalf("scanCase(%q): bits %#x (all %#x), key %x; want bits %#x, key %x", w, bits[0], all, toks[0].key, want, learn.StrHash(w))
		}
	}
	for n := 0; n <= 20; n++ {
		for _, fill := range []byte{'x', '-', 'Q'} {
			for pos := range n {
				for c := range 256 {
					b := []byte(strings.Repeat(string(fill), n))
					b[pos] = byte(c)
					check(string(b))
				}
			}
		}
	}
	for _, w := range []string{"", "a", "A", "Putin", "U.S.", "iPhone", "1,200", "3rd", "--", "É", "élan", "ABCDEFGHIJ", "aaaaBBBB1234", "@[`{/:"} {
		check(w)
	}
}

// TestWordEntrySize checks that a wordEntry is a whole number of cache lines, with the word
// and its parts in the first, as its layout intends.
func TestWordEntrySize(t *testing.T) {
	typ := reflect.TypeFor[wordEntry]()
	f, _ := typ.FieldByName("parts")
	if size, parts := typ.Size(), f.Offset+f.Type.Size(); size%64 != 0 || parts > 64 {
		t.Errorf("wordEntry: %d bytes, its parts end at %d; want a multiple of 64, and 64 at most", size, parts)
	}
}
