package timex

import (
	"github.com/whosaid/whosaid/internal/ascii"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Token kinds of the scanner.
const (
	kWord uint8 = iota + 1
	kNum
	kPunct
)

// token is one unit of the hand-written scanner. It records byte offsets, whether space
// precedes it (so rules can tell "third-quarter" from "third - quarter") and, for words, the
// lexicon entry, so that rules compare small integers instead of strings.
type token struct {
	s, e  uint32 // 32-bit offsets keep a token at 28 bytes instead of 40: fewer cache lines
	n     int32  // value of a digit token (up to 9 digits, no separators); -1 otherwise
	lx    lex    // lexicon entry of a word; zero when unknown
	kind  uint8
	p     byte  // punctuation, normalised: typographic apostrophes to '\'', dashes to '-'
	suf   uint8 // letters glued to a number: one of the suf* constants
	nd    uint8 // number of leading digits, at most 255
	space bool  // whitespace (or start of text) precedes the token
	cap   bool  // starts with an upper-case letter
	sep   bool  // a number with inner separators ("2,000", "2.5")
}

// Suffixes of number tokens.
const (
	sufNone uint8 = iota
	sufS          // "1980s"
	sufTh         // "5th"
	sufSt         // "1st"
	sufNd         // "2nd"
	sufRd         // "3rd"
	sufAm         // "3am"
	sufPm         // "3pm"
)

// tokenize appends the tokens of text to toks, and to starts the index of each token at
// which a rule could start (a lexicon word marked fStart, a number, an apostrophe), and
// returns both. It runs in one pass with no allocation beyond the slices' growth. The list
// of starts spares Tag a second pass over all the tokens: a long article's tokens do not fit
// in the first-level cache, and reading them all again would miss it once per line.
func tokenize(lx *lexTable, text string, toks []token, starts []uint32) ([]token, []uint32) {
	toks = tokenizeInto(lx, text, toks, &starts)
	return toks, starts
}

// tokenizeInto is tokenize with starts grown through a pointer: few tokens are starts, and
// a slice header kept in registers through the loop would push the scanner's own state onto
// the stack. The tokens too are appended through a pointer, out: an append then reads and
// writes the header in memory, which costs less than the spills of the scanner's values it
// would otherwise cause.
func tokenizeInto(lx *lexTable, text string, toks []token, starts *[]uint32) []token {
	out := &toks
	space := true
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch byteClass[c] {
			case bSpace:
				space = true
				i++
				continue
			case bLetter:
				// The word's first eight bytes, loaded once: they tell where a short word
				// ends, and they are its lexicon key.
				var x uint64
				if i+8 <= len(text) {
					x = le64(text[i:])
				} else {
					x = loadTail(text, i)
				}
				j := i + 8
				if nl := ascii.NonLetters(x); nl != 0 {
					j = i + bits.TrailingZeros64(nl)/8
				} else {
					for j < len(text) && byteClass[text[j]] == bLetter {
						j++
					}
				}
				// Dotted abbreviations of single letters: "a.m.", "p.m", "U.S.".
				if j == i+1 && j+1 < len(text) && text[j] == '.' && isASCIILetter(text[j+1]) &&
					(j+2 == len(text) || !isASCIILetter(text[j+2])) {
					j += 2
					if j < len(text) && text[j] == '.' {
						j++
					}
				}
				if j < len(text) && text[j] >= utf8.RuneSelf {
					j = letterRunes(text, j)
				}
				t := token{s: uint32(i), e: uint32(j), kind: kWord, space: space, cap: c >= 'A' && c <= 'Z', n: -1}
				if n := j - i; n <= maxWord {
					// The word's bytes are ASCII letters and dots, which setting bit 0x20
					// lower-cases, and possibly other letters, which no entry has.
					const lower, high = 0x2020202020202020, 0x8080808080808080
					m0, m1 := byteMask[n&15], uint64(0) // n&15 == n, and no bounds check
					k0, k1 := x&m0, uint64(0)
					if n > 8 {
						m1 = byteMask[(n-8)&15]
						k1 = load64(text, i+8) & m1
					}
					if (k0|k1)&high == 0 {
						k0, k1 := lexKey(k0|lower&m0, k1|lower&m1, n)
						if h := lexHash(k0, k1); lx.maybe(h) {
							t.lx = lx.get(h, k0, k1)
							if t.lx.flags&fStart != 0 {
								*starts = append(*starts, uint32(len(*out)))
							}
						}
					}
				}
				*out = append(*out, t)
				i = j
				if i < len(text) && text[i] == ' ' { // the usual space after a word
					i++
					space = true
					continue
				}
			case bDigit:
				t := scanNumber(text, i)
				t.space = space
				if t.n >= 0 {
					*starts = append(*starts, uint32(len(*out)))
				}
				*out = append(*out, t)
				i = int(t.e)
			default:
				if c == '\'' {
					*starts = append(*starts, uint32(len(*out)))
				}
				*out = append(*out, token{s: uint32(i), e: uint32(i + 1), kind: kPunct, space: space, p: c, n: -1})
				i++
			}
			space = false
			continue
		}
		t, isSpace := scanRune(text, i)
		i = int(t.e)
		if isSpace {
			space = true
			continue
		}
		t.space = space
		if t.p == '\'' {
			*starts = append(*starts, uint32(len(*out)))
		}
		*out = append(*out, t)
		space = false
	}
	return *out
}

// scanNumber returns the number token that starts with the digit at text[i], without its
// space flag. Numbers are rare next to words: scanning them in a function of their own
// leaves the scanner's loop fewer values to keep, and so more registers for the words.
func scanNumber(text string, i int) token {
	j := i
	n, nd := int32(0), 0
	for j < len(text) && text[j] >= '0' && text[j] <= '9' {
		if nd < 9 {
			n = n*10 + int32(text[j]-'0')
		}
		nd++
		j++
	}
	t := token{s: uint32(i), kind: kNum, nd: uint8(min(nd, 255)), n: n}
	if nd > 9 {
		t.n = -1
	}
	for j+1 < len(text) && (text[j] == ',' || text[j] == '.') && text[j+1] >= '0' && text[j+1] <= '9' {
		t.sep = true
		j++
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
	}
	if j < len(text) && isASCIILetter(text[j]) {
		k := j
		for k < len(text) && isASCIILetter(text[k]) {
			k++
		}
		if k-j <= 2 {
			t.suf = suffix(text[j:k])
		}
		if t.suf == sufNone {
			t.n = -1
		}
		j = k
	}
	t.e = uint32(j)
	return t
}

// scanRune returns the token that starts with the multi-byte rune at text[i], without its
// space flag, or reports that the rune is a space, which ends at the returned token's e.
// Like scanNumber, it keeps a rare path out of the scanner's loop.
func scanRune(text string, i int) (t token, isSpace bool) {
	r, sz := utf8.DecodeRuneInString(text[i:])
	// Dashes and typographic quotes, the most common runes beyond ASCII, are neither
	// space nor letter: package unicode need not be asked.
	dashOrQuote := r >= '\u2010' && r <= '\u201f'
	switch {
	case !dashOrQuote && unicode.IsSpace(r):
		return token{e: uint32(i + sz)}, true
	case !dashOrQuote && unicode.IsLetter(r):
		j := i + sz
		for j < len(text) {
			if text[j] < utf8.RuneSelf {
				if !isASCIILetter(text[j]) {
					break
				}
				j++
				continue
			}
			r2, sz2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			j += sz2
		}
		return token{s: uint32(i), e: uint32(j), kind: kWord, cap: unicode.IsUpper(r), n: -1}, false
	}
	var p byte
	switch r {
	case '\u2018', '\u2019', '\u02bc':
		p = '\''
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		p = '-'
	}
	return token{s: uint32(i), e: uint32(i + sz), kind: kPunct, p: p, n: -1}, false
}

// letterRunes returns the end of the run of multi-byte letters from text[j], which extends
// a word of ASCII letters ("Café"); the run stops at the next ASCII byte. It is rare enough
// to be a call, which leaves the scanner's loop more registers.
func letterRunes(text string, j int) int {
	for j < len(text) && text[j] >= utf8.RuneSelf {
		r, sz := utf8.DecodeRuneInString(text[j:])
		// The typographic apostrophe of "Trump’s", the commonest rune after a word, is in
		// the General Punctuation block, which holds no letter (TestGeneralPunctuation).
		if r >= 0x2000 && r <= 0x206F || !unicode.IsLetter(r) {
			break
		}
		j += sz
	}
	return j
}

func isASCIILetter(c byte) bool { return byteClass[c] == bLetter }

// Byte classes of the scanner.
const (
	bOther  uint8 = iota
	bSpace        // ' ', \t, \n, \v, \f, \r
	bLetter       // a-z, A-Z
	bDigit        // 0-9
)

// byteClass is the class of each byte; bytes of multi-byte runes are bOther. It has 256
// entries so that indexing it with a byte needs no bounds check; it is never written after
// initialisation.
var byteClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\v\f\r") {
		t[c] = bSpace
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = bLetter, bLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = bDigit
	}
	return t
}()

// load64 returns the (up to) eight bytes of s from i as a little-endian integer, zero-padded
// past the end of s.
func load64(s string, i int) uint64 {
	if i+8 <= len(s) {
		return le64(s[i:])
	}
	return loadTail(s, i)
}

// le64 returns the first eight bytes of s as a little-endian integer.
func le64(s string) uint64 {
	_ = s[7] // one bounds check, and the loads below become one
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// byteMask[n] keeps the first n bytes of a little-endian integer, all eight from n = 8 on.
var byteMask = [16]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff,
	^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// loadTail is load64 for fewer than eight bytes left in s.
func loadTail(s string, i int) uint64 {
	var u uint64
	for k := len(s) - 1; k >= i; k-- {
		u = u<<8 | uint64(s[k])
	}
	return u
}

// suffix returns the code of the letters glued to a number ("1980s", "3pm", "5th"), or
// sufNone when they make the token something other than a number.
func suffix(s string) uint8 {
	var b [2]byte
	for i := 0; i < len(s); i++ {
		b[i] = s[i] | 0x20
	}
	switch string(b[:len(s)]) {
	case "s":
		return sufS
	case "th":
		return sufTh
	case "st":
		return sufSt
	case "nd":
		return sufNd
	case "rd":
		return sufRd
	case "am":
		return sufAm
	case "pm":
		return sufPm
	}
	return sufNone
}
