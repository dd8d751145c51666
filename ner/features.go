package ner

import (
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
)

// FNV-1a over runes, for the parts of a word.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv(h uint64, r rune) uint64 { return (h ^ uint64(r)) * fnvPrime }

// tok holds what the features of one token are made of, computed once per token.
type tok struct {
	wordParts
	affixParts
	key    uint64 // learn.StrHash of the normalised word: the gazetteer's and history's key
	pos    pos.Tag
	gaz    [numTypes]uint8 // part (Begin…Unit) of the longest gazetteer match of each type
	gazLen [numTypes]uint8 // length of that match
	cap    bool            // first letter upper case
	hist   uint8           // types given to this word earlier in the document (bit t-1), bit 4 for O
	affix  bool            // affixParts are set (Tag sets them only for the tokens it scores)
}

// wordParts and affixParts are the parts of a token that depend on its normalised word
// alone (analyseParts computes them; the clusters come from the model), so that Tag can
// cache them by word. The features of a token's neighbours read only its wordParts; its
// affixParts only its own word templates, which Tag caches the sum of.
type wordParts struct {
	word  uint64 // normalised form, case kept
	lower uint64 // lower case, digits folded to 0
	short uint64 // character classes, runs collapsed: "Xx", "d.d"
	cl    uint64 // cluster ids, 16 bits per level, finest first; 0 unknown
}

type affixParts struct {
	shape uint64 // character classes, runs cut at three: "Xxxx", "dd.d"
	pre   [4]uint64
	suf   [4]uint64
}

// normalise maps typographic punctuation to the ASCII that CoNLL-2003 uses (’ → ', “ ” → ",
// — – → --, … → ...), so that whosaid's tokens and CoNLL's look alike. It allocates only when
// the word has such a character.
func normalise(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)+4)
	b = append(b, s[:i]...)
	for _, r := range s[i:] {
		switch r {
		case '’', '‘', 'ʼ', '‛', '′', '‚', '`':
			b = append(b, '\'')
		case '“', '”', '„', '‟', '«', '»', '″':
			b = append(b, '"')
		case '—', '–', '―':
			b = append(b, "--"...)
		case '…':
			b = append(b, "..."...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// classify returns the lower-case form of rune r (digits folded to '0') and its character
// class for shapes: 'X' upper case, 'x' other letters, 'd' digits, else r itself. ASCII,
// nearly every rune of news, is read from a table.
func classify(r rune) (lo, class rune) {
	if r < utf8.RuneSelf {
		c := asciiClasses[r]
		return rune(c.lo), rune(c.class)
	}
	switch {
	case unicode.IsUpper(r):
		return unicode.ToLower(r), 'X'
	case unicode.IsLetter(r):
		return r, 'x'
	case unicode.IsDigit(r):
		return '0', 'd'
	}
	return r, r
}

// asciiClass is what classify returns for an ASCII rune, and the class as a bit.
type asciiClass struct{ lo, class, bit byte }

// The bits of asciiClass.bit.
const (
	bitLower = 1 << iota // class 'x'
	bitUpper             // class 'X'
	bitDigit             // class 'd'
)

// asciiClasses holds classify's answers for ASCII. It is computed once and only read.
var asciiClasses = func() (t [utf8.RuneSelf]asciiClass) {
	for r := range t {
		c := byte(r)
		switch {
		case c >= 'a' && c <= 'z':
			t[r] = asciiClass{c, 'x', bitLower}
		case c >= 'A' && c <= 'Z':
			t[r] = asciiClass{c + ('a' - 'A'), 'X', bitUpper}
		case c >= '0' && c <= '9':
			t[r] = asciiClass{'0', 'd', bitDigit}
		default:
			t[r] = asciiClass{c, c, 0}
		}
	}
	return t
}()

// analyse computes the parts of a normalised word, but the clusters.
func analyse(s string) tok {
	t, _ := scan(s)
	t.wordParts, t.affixParts = analyseParts(s)
	return t
}

// analyseParts computes the parts of a normalised word, but the clusters.
func analyseParts(s string) (wordParts, affixParts) {
	var p affixParts
	word, lower, shape, short := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	var last [4]rune
	n := 0
	var lastClass rune = -1
	run := 0
	for i := 0; i < len(s); {
		var r, lo, class rune
		if c := s[i]; c < utf8.RuneSelf { // classify, inlined for ASCII
			e := &asciiClasses[c]
			r, lo, class = rune(c), rune(e.lo), rune(e.class)
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			lo, class = classify(r)
			i += size
		}
		word = fnv(word, r)
		lower = fnv(lower, lo)
		if class != lastClass {
			short = fnv(short, class)
			lastClass, run = class, 0
		}
		if run < 3 {
			shape = fnv(shape, class)
		}
		run++
		if n < 4 {
			if n == 0 {
				p.pre[0] = fnv(fnvOffset, lo)
			} else {
				p.pre[n] = fnv(p.pre[n-1], lo)
			}
		}
		last[n&3] = lo
		n++
	}
	for k := n; k < 4; k++ {
		if k == 0 {
			p.pre[0] = fnvOffset
		} else {
			p.pre[k] = p.pre[k-1]
		}
	}
	// Suffixes of one to four runes, the last rune first.
	h := uint64(fnvOffset)
	for k := 0; k < 4; k++ {
		if k < n {
			h = fnv(h, last[(n-1-k)&3])
		}
		p.suf[k] = h
	}
	p.shape = shape
	return wordParts{word: word, lower: lower, short: short}, p
}

// analyseWord computes the word parts of a normalised word, but the clusters: those of
// analyseParts, without the affix parts, which only the tokens that Tag scores need, and
// which cost as much again.
func analyseWord(s string) wordParts {
	word, lower, short := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	var lastClass rune = -1
	for i := 0; i < len(s); {
		var r, lo, class rune
		if c := s[i]; c < utf8.RuneSelf { // classify, inlined for ASCII
			e := &asciiClasses[c]
			r, lo, class = rune(c), rune(e.lo), rune(e.class)
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			lo, class = classify(r)
			i += size
		}
		word = fnv(word, r)
		lower = fnv(lower, lo)
		if class != lastClass {
			short = fnv(short, class)
			lastClass = class
		}
	}
	return wordParts{word: word, lower: lower, short: short}
}

// scan computes the parts of a normalised word that every token needs, as analyse does:
// its case bits (those of scanCase: the classes of its characters, bitLower, bitUpper and
// bitDigit, and bitCap for an upper-case first letter) and its key, and the token's cap.
// The others are for the tokens that features read, a third of an article's, and cost
// several times as much.
func scan(s string) (tok, byte) {
	var t tok
	if b, ok := scanASCII(&t, s); ok {
		return t, b
	}
	var b byte
	for i, r := range s {
		_, class := classify(r)
		switch class {
		case 'X':
			b |= bitUpper
			if i == 0 {
				b |= bitCap
			}
		case 'x':
			b |= bitLower
		case 'd':
			b |= bitDigit
		}
	}
	t.cap = b&bitCap != 0
	t.key = learn.StrHash(s)
	return t, b
}

// scanASCII is scan for a word of ASCII characters, in one pass over its bytes, writing into
// *t and returning its case bits; it returns false, and leaves t alone, when the word has
// another character.
func scanASCII(t *tok, s string) (byte, bool) {
	var bits byte
	h := uint64(fnvOffset) // learn.StrHash
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return 0, false
		}
		bits |= asciiClasses[c].bit
		h = (h ^ uint64(c)) * fnvPrime
	}
	if len(s) > 0 && asciiClasses[s[0]&0x7f].bit == bitUpper {
		bits |= bitCap
	}
	*t = tok{key: h, cap: bits&bitCap != 0}
	return bits, true
}

// scanCase prepares toks for the words of a sentence as Tag needs them of every token: it
// writes into bits, for each word, the asciiClass bits of its bytes together, bitCap when
// its first byte is an upper-case letter and bitOther when it has a byte that is not ASCII,
// whose bits and key the caller must set from scan; and it sets the key of every token
// (learn.StrHash of its word), in the same pass over the word's bytes: the cache of words,
// the gazetteer and the history read it, and its loop's end, which the processor
// mispredicts at most words, is then paid once. It returns the bits of all the words
// together. The other fields of a token, cap among them, are left as an earlier sentence
// set them: Tag reads them only of the tokens that features read, a third of an article's,
// which initToks sets from the bits.
func scanCase(words []string, toks []tok, bits []byte) uint32 {
	toks, bits = toks[:len(words)], bits[:len(words)]
	tab := &caseBits
	var all uint32
	for i, w := range words {
		var b uint32
		h := uint64(fnvOffset) // learn.StrHash
		for _, c := range []byte(w) {
			b |= uint32(tab[c])
			h = (h ^ uint64(c)) * fnvPrime
		}
		toks[i].key = h
		if len(w) > 0 {
			b |= uint32(tab[w[0]]&bitUpper) << 2 // bitUpper<<2 is bitCap
		}
		bits[i] = byte(b)
		all |= b
	}
	return all
}

// initToks sets the fields of tokens a to b-1 of sc.toks that scanCase leaves alone but Tag
// reads: cap, from the bits of scanCase, and cleared part of speech (their tags when the
// sentence has them), gazetteer marks, history and affix parts.
func (sc *scratch) initToks(a, b int) {
	toks, bits := sc.toks[a:b], sc.bits[a:b]
	for i := range toks {
		t := &toks[i]
		t.cap = bits[i]&bitCap != 0
		t.pos, t.hist, t.affix = 0, 0, false
		t.gaz, t.gazLen = [numTypes]uint8{}, [numTypes]uint8{}
	}
	if sc.tagged {
		for i, p := range sc.tags[a:b] {
			toks[i].pos = p
		}
	}
}

// bitCap marks a word whose first byte is an upper-case letter in the bits of scanCase.
const bitCap = 1 << 3

// scanCase computes bitCap as bitUpper<<2.
var _ = [1]struct{}{}[bitUpper<<2^bitCap]

// bitOther marks the bytes that are not ASCII in caseBits.
const bitOther = 1 << 7

// caseBits holds asciiClass.bit of every ASCII byte, and bitOther for the others.
var caseBits = func() (t [256]byte) {
	for c := range t {
		if c < utf8.RuneSelf {
			t[c] = asciiClasses[c].bit
		} else {
			t[c] = bitOther
		}
	}
	return t
}()

// The feature templates. Each is hashed with its own salt; a template with several values
// per token (prefixes, suffixes, cluster levels) folds the index into the value.
const (
	fBias = iota
	fWord
	fLower
	fShape
	fShort
	fPre
	fSuf
	fLowerM2
	fLowerM1
	fLowerP1
	fLowerP2
	fWordM1
	fWordP1
	fShapeM1
	fShapeP1
	fShape3
	fBigramM
	fBigramP
	fPos
	fPosM1
	fPosP1
	fPos3
	fPosShape
	fCl
	fClM1
	fClP1
	fClM1L2
	fClP1L2
	fClM2
	fClP2
	fClLower
	fGaz
	fGazM1
	fGazP1
	fFirst
	fCaps
	fCapsLower
	fHist
	fHistShape
	fHistLower
	nTemplates
)

// posTemplates are the templates that read part-of-speech tags: a model without them does
// not run the part-of-speech tagger.
const posTemplates = 1<<fPos | 1<<fPosM1 | 1<<fPosP1 | 1<<fPos3 | 1<<fPosShape

// wordTemplates are the templates whose features depend on the word alone, not on its
// neighbours or place: Tag caches their scores by word (see scratch.words).
const wordTemplates uint64 = 1<<fBias | 1<<fWord | 1<<fLower | 1<<fShape | 1<<fShort | 1<<fPre | 1<<fSuf | 1<<fCl

// maxFeat bounds the features of a token.
const maxFeat = 64

// salts are the templates' seeds: a feature is its value xor its template's salt, times an
// odd constant, one multiplication (fixed here so that learn's hashing cannot move the model).
var salts = func() (s [nTemplates]uint64) {
	r := splitmix(0x6e65722d66656174) // "ner-feat"
	for i := range s {
		s[i] = r.next()
	}
	return
}()

func feat(t int, v uint64) learn.Hash { return learn.Hash((v ^ salts[t]) * 0x9E3779B97F4A7C15) }

func mix2(a, b uint64) uint64 { return (a*0x9E3779B97F4A7C15 ^ b) * fnvPrime }

// boundary tokens beyond the sentence.
var (
	startTok = analyse("-START-")
	endTok   = analyse("-END-")
)

// sentInfo is what features need of the whole sentence.
type sentInfo struct {
	caps bool // no lower-case letter in the sentence: a headline such as "SOCCER - JAPAN WIN"
}

// features writes the features of token i of s into f and returns how many. The templates
// in off are left out.
func features(f *[maxFeat]learn.Hash, s []tok, i int, si sentInfo, off uint64) int {
	at := func(j int) *tok {
		switch {
		case j < 0:
			return &startTok
		case j >= len(s):
			return &endTok
		}
		return &s[j]
	}
	w, m1, m2, p1, p2 := &s[i], at(i-1), at(i-2), at(i+1), at(i+2)
	n := 0
	add := func(t int, v uint64) {
		if off>>t&1 == 0 {
			f[n] = feat(t, v)
			n++
		}
	}
	add(fBias, 0)
	add(fWord, w.word)
	add(fLower, w.lower)
	add(fShape, w.shape)
	add(fShort, w.short)
	for k := 0; k < 4; k++ {
		add(fPre, mix2(w.pre[k], uint64(k)))
		add(fSuf, mix2(w.suf[k], uint64(k)))
	}
	add(fLowerM2, m2.lower)
	add(fLowerM1, m1.lower)
	add(fLowerP1, p1.lower)
	add(fLowerP2, p2.lower)
	add(fWordM1, m1.word)
	add(fWordP1, p1.word)
	add(fShapeM1, m1.short)
	add(fShapeP1, p1.short)
	add(fShape3, mix2(mix2(m1.short, w.short), p1.short))
	add(fBigramM, mix2(m1.lower, w.lower))
	add(fBigramP, mix2(w.lower, p1.lower))
	add(fPos, uint64(w.pos))
	add(fPosM1, uint64(m1.pos))
	add(fPosP1, uint64(p1.pos))
	add(fPos3, uint64(m1.pos)<<16|uint64(w.pos)<<8|uint64(p1.pos))
	add(fPosShape, mix2(uint64(w.pos), w.short))
	for l := 0; l < numLevels; l++ {
		add(fCl, uint64(l)<<16|w.cl>>(16*l)&0xffff)
	}
	add(fClM1, m1.cl&0xffff)
	add(fClP1, p1.cl&0xffff)
	add(fClM1L2, m1.cl>>32&0xffff)
	add(fClP1L2, p1.cl>>32&0xffff)
	add(fClM2, m2.cl>>16&0xffff)
	add(fClP2, p2.cl>>16&0xffff)
	add(fClLower, mix2(m1.cl>>16&0xffff, w.cl>>16&0xffff))
	var g uint64
	for t, p := range w.gaz {
		if p != 0 {
			add(fGaz, uint64(t)<<8|uint64(p))
			g |= 1 << t
		}
	}
	add(fGaz, 0x10000|g)
	add(fGazM1, gazMask(m1))
	add(fGazP1, gazMask(p1))
	if i == 0 {
		add(fFirst, w.short)
	}
	if si.caps {
		add(fCaps, w.short)
		add(fCapsLower, w.lower)
	}
	if w.hist != 0 {
		add(fHist, uint64(w.hist))
		add(fHistShape, mix2(uint64(w.hist), w.short))
		add(fHistLower, mix2(uint64(w.hist), uint64(g)))
	}
	return n
}

// wordFeatures writes into f the features of the word templates (wordTemplates) of token w,
// leaving out the templates in off, and returns how many; contextFeatures writes the others.
// Together they write the features that features writes, and must change with it
// (TestFeatureSplit checks that they agree). Tagging uses wordFeatures, neighbourFeatures,
// the rows and tagContext rather than features, as it caches the sums of a word's
// features by word (see wordEntry); TestScoreToken checks the scores.
func wordFeatures(f *[maxFeat]learn.Hash, w *tok, off uint64) int {
	n := 0
	add := func(t int, v uint64) {
		if off>>t&1 == 0 {
			f[n] = feat(t, v)
			n++
		}
	}
	add(fBias, 0)
	add(fWord, w.word)
	add(fLower, w.lower)
	add(fShape, w.shape)
	add(fShort, w.short)
	for k := 0; k < 4; k++ {
		add(fPre, mix2(w.pre[k], uint64(k)))
		add(fSuf, mix2(w.suf[k], uint64(k)))
	}
	for l := 0; l < numLevels; l++ {
		add(fCl, uint64(l)<<16|w.cl>>(16*l)&0xffff)
	}
	return n
}

// The templates that read the word of the token before the scored one, or of the one after:
// Tag caches their sums by word, as for wordTemplates.
const (
	beforeTemplates uint64 = 1<<fLowerM1 | 1<<fWordM1 | 1<<fShapeM1 | 1<<fClM1 | 1<<fClM1L2
	afterTemplates  uint64 = 1<<fLowerP1 | 1<<fWordP1 | 1<<fShapeP1 | 1<<fClP1 | 1<<fClP1L2
)

// neighbourFeatures writes into f the features of the templates beforeTemplates, for w the
// token before the scored one, or of afterTemplates when after is set, for w the token after
// it, leaving out the templates in off, and returns how many. contextFeatures writes them too.
func neighbourFeatures(f *[maxFeat]learn.Hash, w *tok, after bool, off uint64) int {
	n := 0
	add := func(t int, v uint64) {
		if off>>t&1 == 0 {
			f[n] = feat(t, v)
			n++
		}
	}
	if after {
		add(fLowerP1, w.lower)
		add(fWordP1, w.word)
		add(fShapeP1, w.short)
		add(fClP1, w.cl&0xffff)
		add(fClP1L2, w.cl>>32&0xffff)
	} else {
		add(fLowerM1, w.lower)
		add(fWordM1, w.word)
		add(fShapeM1, w.short)
		add(fClM1, w.cl&0xffff)
		add(fClM1L2, w.cl>>32&0xffff)
	}
	return n
}

// The templates that read the word two before the scored token, or two after it: Tag
// caches their sums by word too.
const (
	before2Templates uint64 = 1<<fLowerM2 | 1<<fClM2
	after2Templates  uint64 = 1<<fLowerP2 | 1<<fClP2
)

// farFeatures writes into f the features of the templates before2Templates, for w the token
// two before the scored one, or of after2Templates when after is set, for w the token two
// after it, leaving out the templates in off, and returns how many. contextFeatures writes
// them too.
func farFeatures(f *[maxFeat]learn.Hash, w *tok, after bool, off uint64) int {
	n := 0
	add := func(t int, v uint64) {
		if off>>t&1 == 0 {
			f[n] = feat(t, v)
			n++
		}
	}
	if after {
		add(fLowerP2, w.lower)
		add(fClP2, w.cl>>16&0xffff)
	} else {
		add(fLowerM2, w.lower)
		add(fClM2, w.cl>>16&0xffff)
	}
	return n
}

// contextFeatures writes into f the features of token i of s whose templates are not word
// templates (see wordFeatures), leaving out those in off, and returns how many. Tag writes
// them with tagContext, which leaves out more.
func contextFeatures(f *[maxFeat]learn.Hash, s []tok, i int, si sentInfo, off uint64) int {
	return features(f, s, i, si, off|wordTemplates)
}

// tagContext writes into f the features of token i of s that Tag looks up for it: those of
// contextFeatures but the templates in off, which are those that the model leaves out and
// those that Tag adds otherwise (the cache of words, rows). It computes only the values of
// the templates it writes, where contextFeatures computes every value; TestScoreToken
// checks Tag's sums against training's features.
func tagContext(f *[maxFeat]learn.Hash, s []tok, i int, si sentInfo, off uint64) int {
	var w, m1, m2, p1, p2 *tok
	if i >= 2 && i+2 < len(s) { // most tokens
		w, m1, m2, p1, p2 = &s[i], &s[i-1], &s[i-2], &s[i+1], &s[i+2]
	} else {
		at := func(j int) *tok {
			switch {
			case j < 0:
				return &startTok
			case j >= len(s):
				return &endTok
			}
			return &s[j]
		}
		w, m1, m2, p1, p2 = &s[i], at(i-1), at(i-2), at(i+1), at(i+2)
	}
	on := ^off
	n := 0
	add := func(t int, v uint64) {
		f[n] = feat(t, v)
		n++
	}
	if on&(1<<fLowerM2) != 0 {
		add(fLowerM2, m2.lower)
	}
	if on&(1<<fLowerP2) != 0 {
		add(fLowerP2, p2.lower)
	}
	if on&(1<<fShape3) != 0 {
		add(fShape3, mix2(mix2(m1.short, w.short), p1.short))
	}
	if on&(1<<fBigramM) != 0 {
		add(fBigramM, mix2(m1.lower, w.lower))
	}
	if on&(1<<fBigramP) != 0 {
		add(fBigramP, mix2(w.lower, p1.lower))
	}
	if on&posTemplates != 0 {
		n = posFeatures(f, n, w, m1, p1, off)
	}
	if on&(1<<fClM2) != 0 {
		add(fClM2, m2.cl>>16&0xffff)
	}
	if on&(1<<fClP2) != 0 {
		add(fClP2, p2.cl>>16&0xffff)
	}
	if on&(1<<fClLower) != 0 {
		add(fClLower, mix2(m1.cl>>16&0xffff, w.cl>>16&0xffff))
	}
	if i == 0 && on&(1<<fFirst) != 0 {
		add(fFirst, w.short)
	}
	if si.caps {
		if on&(1<<fCaps) != 0 {
			add(fCaps, w.short)
		}
		if on&(1<<fCapsLower) != 0 {
			add(fCapsLower, w.lower)
		}
	}
	if w.hist != 0 && on&(1<<fHistShape) != 0 {
		add(fHistShape, mix2(uint64(w.hist), w.short))
	}
	return n
}

// posFeatures writes into f, from its nth feature, those of the part-of-speech templates
// not in off for token w, between m1 and p1, and returns the new count.
func posFeatures(f *[maxFeat]learn.Hash, n int, w, m1, p1 *tok, off uint64) int {
	add := func(t int, v uint64) {
		if off>>t&1 == 0 {
			f[n] = feat(t, v)
			n++
		}
	}
	add(fPos, uint64(w.pos))
	add(fPosM1, uint64(m1.pos))
	add(fPosP1, uint64(p1.pos))
	add(fPos3, uint64(m1.pos)<<16|uint64(w.pos)<<8|uint64(p1.pos))
	add(fPosShape, mix2(uint64(w.pos), w.short))
	return n
}

func gazMask(t *tok) uint64 {
	var g uint64
	for k, p := range t.gaz {
		if p != 0 {
			g |= 1 << k
		}
	}
	return g
}

// splitmixRand is the SplitMix64 generator, fixed here so that shuffles, and so models, never
// change with the Go release.
type splitmixRand struct{ s uint64 }

func splitmix(seed uint64) *splitmixRand { return &splitmixRand{seed} }

func (r *splitmixRand) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}
