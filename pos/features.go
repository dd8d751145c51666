package pos

import (
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/learn"
)

// FNV-1a, over runes rather than bytes, for the parts of a word.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv(h uint64, r rune) uint64 { return (h ^ uint64(r)) * fnvPrime }

func fnvString(s string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range s {
		h = fnv(h, r)
	}
	return h
}

// piece holds the hashed parts of one token that features are made of. A token is a CoNLL
// token when training, and a whosaid token or half of a contraction when tagging.
type piece struct {
	word  uint64 // normalised form, case kept; numbers fold to !YEAR or !DIGITS
	lower uint64 // lower case of word
	suf   uint64 // last three runes of the lower case
	pre   uint64 // first rune, case kept
	shape uint64 // character classes with runs collapsed: "Xx", "X.X.", "d,d"
}

var (
	hYear   = fnvString("!YEAR")
	hDigits = fnvString("!DIGITS")

	startPiece = piece{word: fnvString("-START-"), lower: fnvString("-start-"), suf: fnvString("-START-s"),
		pre: fnvString("-START-p"), shape: fnvString("-START-x")}
	endPiece = piece{word: fnvString("-END-"), lower: fnvString("-end-"), suf: fnvString("-END-s"),
		pre: fnvString("-END-p"), shape: fnvString("-END-x")}
)

// Pseudo-tags for the positions before a sentence.
const (
	tagStart1 Tag = 254
	tagStart2 Tag = 255
)

// wordHasher accumulates the hashes of a word rune by rune (after normalisation).
type wordHasher struct {
	word, lower, shape uint64
	last               [3]rune // the last three lower-case runes, a ring indexed by n%3
	n                  int     // runes seen
	first              rune
	digits             int  // ASCII digits
	lastClass          rune // last shape class emitted
}

func (h *wordHasher) add(r rune) {
	var lo, class rune
	switch {
	case r < utf8.RuneSelf:
		lo, class = r, r
		switch {
		case r >= 'a' && r <= 'z':
			class = 'x'
		case r >= 'A' && r <= 'Z':
			lo, class = r+('a'-'A'), 'X'
		case r >= '0' && r <= '9':
			class = 'd'
			h.digits++
		}
	case unicode.IsUpper(r):
		lo, class = unicode.ToLower(r), 'X'
	case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
		lo, class = r, 'x'
	case unicode.IsDigit(r):
		lo, class = r, 'd'
	default:
		lo, class = r, r
	}
	if h.n == 0 {
		h.first = r
	}
	h.word = fnv(h.word, r)
	h.lower = fnv(h.lower, lo)
	if class != h.lastClass {
		h.shape = fnv(h.shape, class)
		h.lastClass = class
	}
	h.last[h.n%3] = lo
	h.n++
}

// analyse hashes the parts of token s. Typographic quotes, apostrophes, dashes and the
// ellipsis are first mapped to the ASCII forms CoNLL-2003 (and the Penn Treebank) use, so
// that whosaid's tokens and CoNLL's look alike: ’ → ', “ ” « » → ", — – → --, … → ...
func analyse(s string) piece {
	if p, ok := analyseASCII(s); ok {
		return p
	}
	return analyseUnicode(s)
}

// asciiClasses gives the lower case and the shape class of each ASCII byte, as
// wordHasher.add computes them.
var asciiClasses = func() (t [utf8.RuneSelf]struct{ lower, class byte }) {
	for c := range t {
		t[c].lower, t[c].class = byte(c), byte(c)
		switch {
		case c >= 'a' && c <= 'z':
			t[c].class = 'x'
		case c >= 'A' && c <= 'Z':
			t[c].lower, t[c].class = byte(c+'a'-'A'), 'X'
		case c >= '0' && c <= '9':
			t[c].class = 'd'
		}
	}
	return
}()

// analyseASCII is analyse for the tokens that are all ASCII, nearly all of them, which need
// no normalisation and no decoding: it hashes them with a table lookup per byte where
// wordHasher branches on each rune. ok is false, and p undefined, when s is not all ASCII.
func analyseASCII(s string) (p piece, ok bool) {
	word, lower, shape := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	last := -1 // the last shape class hashed
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return piece{}, false
		}
		e := asciiClasses[c]
		word = (word ^ uint64(c)) * fnvPrime
		lower = (lower ^ uint64(e.lower)) * fnvPrime
		if int(e.class) != last {
			shape = (shape ^ uint64(e.class)) * fnvPrime
			last = int(e.class)
		}
	}
	suf := uint64(fnvOffset)
	for i := max(len(s)-3, 0); i < len(s); i++ {
		suf = (suf ^ uint64(asciiClasses[s[i]&(utf8.RuneSelf-1)].lower)) * fnvPrime
	}
	p = piece{word: word, lower: lower, suf: suf, pre: 1, shape: shape}
	if len(s) > 0 {
		p.pre = uint64(s[0]) + 1
		if isDigit(s[0]) {
			if len(s) == 4 && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) {
				p.word, p.lower = hYear, hYear
			} else {
				p.word, p.lower = hDigits, hDigits
			}
		}
	}
	return p, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// analyseUnicode is analyse for any token.
func analyseUnicode(s string) piece {
	h := wordHasher{word: fnvOffset, lower: fnvOffset, shape: fnvOffset, lastClass: -1}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			h.add(rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch n := normRune(r); n {
		case 0:
			h.add(r)
		case '-':
			h.add('-')
			h.add('-')
		case '.':
			h.add('.')
			h.add('.')
			h.add('.')
		default:
			h.add(n)
		}
	}
	p := piece{word: h.word, lower: h.lower, shape: h.shape, pre: uint64(h.first) + 1}
	suf := uint64(fnvOffset)
	for k := h.n - 3; k < h.n; k++ {
		if k >= 0 {
			suf = fnv(suf, h.last[k%3])
		}
	}
	p.suf = suf
	if h.first >= '0' && h.first <= '9' {
		if h.n == 4 && h.digits == 4 {
			p.word, p.lower = hYear, hYear
		} else {
			p.word, p.lower = hDigits, hDigits
		}
	}
	return p
}

// canonical maps a whole token to the form CoNLL-2003 would have: an opening single quote
// (‘ ‚ ‛ or a backquote) and the typewriter double quotes (two backquotes, two apostrophes)
// become ", the only double quote CoNLL has. A closing ’ stays an apostrophe: it may be the
// possessive of "companies’".
func canonical(s string) string {
	switch s {
	case "‘", "‚", "‛", "`", "``", "''":
		return `"`
	}
	return s
}

// normRune maps a non-ASCII rune to its ASCII stand-in: '\” or '"', '-' for a dash (which
// stands for "--"), '.' for an ellipsis (which stands for "..."); 0 when r stays as it is.
func normRune(r rune) rune {
	switch r {
	case '’', '‘', 'ʼ', '‛', '′', '‚':
		return '\''
	case '“', '”', '„', '‟', '«', '»', '″', '＂', '〝', '〞':
		return '"'
	case '—', '–', '―':
		return '-'
	case '…':
		return '.'
	}
	return 0
}

// normalize returns s with normRune's mappings applied, written into buf when s changes
// (same is then false); ok is false when the result would not fit in buf, which is never
// grown.
func normalize(s string, buf []byte) (out []byte, same, ok bool) {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return nil, true, true
	}
	if i > cap(buf) {
		return nil, false, false
	}
	out = append(buf[:0], s[:i]...)
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		rep := ""
		switch normRune(r) {
		case 0:
			rep = s[i : i+size]
		case '-':
			rep = "--"
		case '.':
			rep = "..."
		case '"':
			rep = `"`
		default:
			rep = "'"
		}
		if len(out)+len(rep) > cap(buf) {
			return nil, false, false
		}
		out = append(out, rep...)
		i += size
	}
	return out, false, true
}

// normString is normalize for building the dictionary.
func normString(s string) string {
	buf := make([]byte, 0, len(s)*3)
	out, same, _ := normalize(s, buf)
	if same {
		return s
	}
	return string(out)
}

// SplitClitic splits a contraction as the Penn Treebank tokenizes it, "don’t" → "do" + "n’t",
// "Trump’s" → "Trump" + "’s", "we'll" → "we" + "'ll"; clitic is "" when w is not one. The
// tokenizer keeps a contraction one token; the tagger tags its host, and the attribution
// model splits a pronoun's contracted verb off as PolNeAR annotates it.
func SplitClitic(w string) (host, clitic string) {
	n := len(w)
	if n < 3 {
		return w, ""
	}
	switch w[n-1] | 0x20 { // a quick no for most words: clitics end in s, d, m, t, e or l
	case 's', 'd', 'm', 't', 'e', 'l':
	default:
		return w, ""
	}
	for t := 1; t <= 2 && t < n; t++ { // length of the tail after the apostrophe
		tail := w[n-t:]
		var a int // start of the apostrophe
		switch {
		case n-t >= 1 && w[n-t-1] == '\'':
			a = n - t - 1
		case n-t >= 3 && w[n-t-3:n-t] == "’":
			a = n - t - 3
		case n-t >= 2 && w[n-t-2:n-t] == "ʼ":
			a = n - t - 2
		default:
			continue
		}
		switch lowerASCII2(tail) {
		case "s", "d", "m", "re", "ve", "ll":
			if a > 0 {
				return w[:a], w[a:]
			}
		case "t":
			if a > 1 && (w[a-1] == 'n' || w[a-1] == 'N') {
				return w[:a-1], w[a-1:]
			}
		}
		return w, ""
	}
	return w, ""
}

// lowerASCII2 lower-cases a tail of one or two bytes without allocating (for the switch).
func lowerASCII2(s string) string {
	switch s {
	case "S":
		return "s"
	case "D":
		return "d"
	case "M":
		return "m"
	case "T":
		return "t"
	case "RE", "Re", "rE":
		return "re"
	case "VE", "Ve", "vE":
		return "ve"
	case "LL", "Ll", "lL":
		return "ll"
	}
	return s
}

// The feature templates, after Honnibal's tagger. Features on the tags before (alone), and
// on the words two before and two after, were tried and dropped: on CoNLL valid they cost
// speed and gave nothing (95.2% with them, 95.4% without).
const (
	fBias       = iota
	fWord       // the word, case kept
	fLower      // lower case
	fSuffix     // last three runes
	fPrefix     // first rune, case kept
	fShape      // "Xx", "X.X.", "d,d"
	fPrevTags   // tags of the two words before
	fPrevLower  // tag of the word before, and this word
	fPrevWord   // the word before
	fPrevSuffix // its last three runes
	fNextWord   // the word after
	fNextSuffix // its last three runes
	nFeat
)

// salts are the templates' seeds. A feature is its value xor its template's salt, times an
// odd constant: one multiplication, where learn.Seed(t).Str(s) walks the string again for
// every template. The salts are fixed here rather than taken from learn.Seed so that the
// model does not change when learn's hashing does.
var salts = func() (s [nFeat]uint64) {
	r := splitmix(0x706f732d74616773) // "pos-tags"
	for i := range s {
		s[i] = r.next()
	}
	return
}()

func feat(t int, v uint64) learn.Hash { return learn.Hash((v ^ salts[t]) * 0x9E3779B97F4A7C15) }

// features writes the features of w0, with p1 and p2 the tags predicted for the two tokens
// before it, and w1 and n1 the tokens around it (startPiece or endPiece beyond the
// sentence). They come in three groups, which the Tagger finds apart: the features of w0
// alone, those of the tags before, and those that w1 and n1 give it.
func features(f *[nFeat]learn.Hash, p2, p1 Tag, w1, w0, n1 *piece) {
	wordFeatures(f, w0)
	f[fPrevTags], f[fPrevLower] = tagFeatures(p2, p1, w0.lower)
	f[fPrevWord], f[fPrevSuffix] = w1.asPrev()
	f[fNextWord], f[fNextSuffix] = n1.asNext()
}

// wordFeatures writes the features of w0 alone, fBias to fShape.
func wordFeatures(f *[nFeat]learn.Hash, w0 *piece) {
	f[fBias] = feat(fBias, 0)
	f[fWord] = feat(fWord, w0.word)
	f[fLower] = feat(fLower, w0.lower)
	f[fSuffix] = feat(fSuffix, w0.suf)
	f[fPrefix] = feat(fPrefix, w0.pre)
	f[fShape] = feat(fShape, w0.shape)
}

// tagFeatures returns fPrevTags and fPrevLower, with lower that of w0.
func tagFeatures(p2, p1 Tag, lower uint64) (prevTags, prevLower learn.Hash) {
	return feat(fPrevTags, uint64(p1)<<8|uint64(p2)), feat(fPrevLower, lower+uint64(p1)*0x9E3779B97F4A7C15)
}

// asPrev returns the features that p gives the token after it, fPrevWord and fPrevSuffix.
func (p *piece) asPrev() (word, suffix learn.Hash) {
	return feat(fPrevWord, p.lower), feat(fPrevSuffix, p.suf)
}

// asNext returns the features that p gives the token before it, fNextWord and fNextSuffix.
func (p *piece) asNext() (word, suffix learn.Hash) {
	return feat(fNextWord, p.lower), feat(fNextSuffix, p.suf)
}
