package timex

import (
	"strings"
	"testing"
	"unicode"
)

// TestLexTable checks that the scanner finds every word of the lexicon that it can scan as one
// word (letters, or a dotted abbreviation such as "a.m."), in any letter case, and no entry
// for a word that differs from one in a single byte.
func TestLexTable(t *testing.T) {
	for _, w := range lexicon.words[1:] {
		for _, form := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			toks, _ := tokenize(lexicon, form, nil, nil)
			if len(toks) != 1 || toks[0].kind != kWord {
				continue // "o'clock", "q1", "twenty-first": never one word token
			}
			if got := toks[0].lx.word(); got != w {
				t.Errorf("scanning %q found entry %q, want %q", form, got, w)
			}
			for i := range len(w) {
				other := []byte(w)
				other[i] ^= 0x01
				if toks, _ := tokenize(lexicon, string(other), nil, nil); len(toks) == 1 {
					if got := toks[0].lx.word(); got != "" && got != string(other) {
						t.Errorf("scanning %q found entry %q", other, got)
					}
				}
			}
		}
	}
}

// TestGeneralPunctuation checks what letterRunes assumes: no rune of Unicode's General
// Punctuation block (U+2000 to U+206F) is a letter.
func TestGeneralPunctuation(t *testing.T) {
	for r := rune(0x2000); r <= 0x206F; r++ {
		if unicode.IsLetter(r) {
			t.Errorf("%U is a letter", r)
		}
	}
}
