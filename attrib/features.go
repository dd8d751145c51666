package attrib

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/quote"
)

// prep holds the per-document views the features read, computed once.
type prep struct {
	d      *document.Doc
	norm   []string // lower-cased word with ’ → ' and curly double quotes → "
	sentOf []int32
	quote  []int32  // 1 + index of the quotation holding the token, or 0
	isCue  []bool   // token is part of some cue (gold cues in training, predicted at run time)
	wordH  []uint64 // learn.StrHash of norm, computed once so features cost a multiplication
	shapeH []uint64
	sufH   []uint64 // hash of the last three letters

	// static holds the scores of roleStatic's features per token and side, computed when
	// first needed (done marks which); only for a model's fixed weights, never in training.
	static []float32
	done   []bool
	feats  []learn.Hash
	buf    strings.Builder
}

func newPrep(d *document.Doc) *prep {
	n := len(d.Tokens)
	p := &prep{d: d, norm: make([]string, n), sentOf: make([]int32, n),
		isCue: make([]bool, n)}
	p.wordH, p.shapeH, p.sufH = make([]uint64, n), make([]uint64, n), make([]uint64, n)
	for i, t := range d.Tokens {
		s := d.Text[t.Start:t.End]
		p.norm[i] = normWord(s)
		p.wordH[i] = learn.StrHash(p.norm[i])
		p.shapeH[i] = shapeHash(s)
		p.sufH[i] = learn.StrHash(suffix(p.norm[i], 3))
	}
	for s, st := range d.Sentences {
		for i := st.FirstToken; i < st.EndToken; i++ {
			p.sentOf[i] = int32(s)
		}
	}
	p.quote = quote.QuoteIndex(d)
	return p
}

// normWord lower-cases a token and unifies apostrophes and quotation marks, so that "Don’t"
// and "don't" are one feature. It allocates only when the token changes.
func normWord(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', 'ʼ', '`', '´':
			return '\''
		case '“', '”', '„', '«', '»':
			return '"'
		}
		return unicode.ToLower(r)
	}, s)
}

// shapeHash hashes a token's shape: letters mapped to X/x and digits to d, repeats collapsed,
// at most 16 symbols ("McCain" → "XxXx", "2016" → "d", "U.S." → "X.X.").
func shapeHash(s string) uint64 {
	var b [16]byte
	n := 0
	var last byte
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			if r < utf8.RuneSelf {
				c = byte(r)
			} else {
				c = '~'
			}
		}
		if c == last {
			continue
		}
		last = c
		if n == len(b) {
			break
		}
		b[n] = c
		n++
	}
	return learn.StrHash(string(b[:n])) // the conversion does not escape: no allocation
}

func suffix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[i:]
}

var (
	startH = learn.StrHash("<s>")
	endH   = learn.StrHash("</s>")
)

// word returns the hash of token i's normalised word, or of a boundary marker.
func (p *prep) word(i int) uint64 {
	if i < 0 {
		return startH
	}
	if i >= len(p.norm) {
		return endH
	}
	return p.wordH[i]
}

// Cue feature templates.
const (
	cBias = iota + 1
	cW
	cWm1
	cWp1
	cWm2
	cWp2
	cBiL
	cBiR
	cSuf
	cShape
	cQuote
	cSentPos
	cWQuote
	cTri
)

// cueFeats returns the features of token i for the cue tagger.
func (p *prep) cueFeats(i int) []learn.Hash {
	f := p.feats[:0]
	w := p.wordH[i]
	inQ := 0
	if p.quote[i] != 0 {
		inQ = 1
	}
	first := 0
	if p.d.Sentences[p.sentOf[i]].FirstToken == i {
		first = 1
	}
	f = append(f,
		learn.Seed(cBias),
		learn.Seed(cW).U64(w),
		learn.Seed(cWm1).U64(p.word(i-1)),
		learn.Seed(cWp1).U64(p.word(i+1)),
		learn.Seed(cWm2).U64(p.word(i-2)),
		learn.Seed(cWp2).U64(p.word(i+2)),
		learn.Seed(cBiL).U64(p.word(i-1)).U64(w),
		learn.Seed(cBiR).U64(w).U64(p.word(i+1)),
		learn.Seed(cSuf).U64(p.sufH[i]),
		learn.Seed(cShape).U64(p.shapeH[i]).Int(first),
		learn.Seed(cQuote).Int(inQ).U64(p.shapeH[max(i-1, 0)]),
		learn.Seed(cWQuote).U64(w).Int(inQ),
		learn.Seed(cTri).U64(p.word(i-1)).U64(w).U64(p.word(i+1)),
	)
	p.feats = f
	return f
}

// Role feature templates.
const (
	rBias = iota + 100
	rW
	rDist
	rSent
	rCue
	rCueDist
	rWm1
	rWp1
	rShape
	rQuote
	rCommas
	rOtherCue
	rDistW
	rCueW
	rEdge
	rCueSent
	rCueLeft
	rCueRight
	rCueQuote
	rBetween
	rSentQuote
)

// roleCtx is what the role features know of the cue.
type roleCtx struct {
	c0, c1   int    // cue tokens [c0, c1)
	key      uint64 // hash of the cue's words
	left     uint64 // hash of the word before the cue
	right    uint64 // hash of the word after the cue
	cueQ     int32  // quotation holding the cue
	commasL  []int8 // commas, semicolons and colons between token and cue (by offset from window start)
	between  []int8 // starts of other cues between token and cue (by offset from window start)
	winStart int
}

func (p *prep) roleCtx(c0, c1, winStart, winEnd int) *roleCtx {
	rc := &roleCtx{c0: c0, c1: c1, cueQ: p.quote[c0], winStart: winStart}
	rc.key = p.wordH[c0]
	if c1-c0 > 1 {
		rc.key = uint64(learn.Seed(0).U64(rc.key).U64(p.wordH[c1-1]))
	}
	rc.left = p.word(c0 - 1)
	rc.right = p.word(c1)
	rc.commasL = make([]int8, winEnd-winStart)
	rc.between = make([]int8, winEnd-winStart)
	n, o := int8(0), int8(0)
	for i := c0 - 1; i >= winStart; i-- {
		rc.commasL[i-winStart] = n
		rc.between[i-winStart] = o
		if p.norm[i] == "," || p.norm[i] == ";" || p.norm[i] == ":" {
			n = min(n+1, 3)
		}
		if p.isCue[i] && (i == winStart || !p.isCue[i-1]) {
			o = min(o+1, 2)
		}
	}
	n, o = 0, 0
	for i := c1; i < winEnd; i++ {
		if p.norm[i] == "," || p.norm[i] == ";" || p.norm[i] == ":" {
			n = min(n+1, 3)
		}
		if p.isCue[i] && !p.isCue[i-1] {
			o = min(o+1, 2)
		}
		rc.commasL[i-winStart] = n
		rc.between[i-winStart] = o
	}
	return rc
}

func distBucket(d int) int {
	switch {
	case d <= 4:
		return d
	case d <= 6:
		return 5
	case d <= 10:
		return 6
	case d <= 20:
		return 7
	}
	return 8
}

// roleStatic appends the role features of token i that depend only on the token and its side
// of the cue (dir 0 before, 1 after), not on which cue: at run time their scores are computed
// once per token and side, not once per cue, which halves the model's memory lookups.
func (p *prep) roleStatic(f []learn.Hash, i, dir int) []learn.Hash {
	return append(f,
		learn.Seed(rW).Int(dir).U64(p.wordH[i]),
		learn.Seed(rWm1).Int(dir).U64(p.word(i-1)),
		learn.Seed(rWp1).Int(dir).U64(p.word(i+1)),
		learn.Seed(rShape).Int(dir).U64(p.shapeH[i]),
	)
}

// roleSide is the side of the cue token i lies on: 0 before, 1 after, 2 inside.
func roleSide(i int, rc *roleCtx) int {
	switch {
	case i < rc.c0:
		return 0
	case i >= rc.c1:
		return 1
	}
	return 2
}

// roleFeats returns the features of token i for the role tagger given the cue; with static
// false it leaves out those of roleStatic.
func (p *prep) roleFeats(i int, rc *roleCtx, static bool) []learn.Hash {
	f := p.feats[:0]
	if static {
		if dir := roleSide(i, rc); dir < 2 {
			f = p.roleStatic(f, i, dir)
		}
	}
	dir, dist := 0, 0
	switch {
	case i < rc.c0:
		dir, dist = 0, rc.c0-i
	case i >= rc.c1:
		dir, dist = 1, i-rc.c1+1
	default:
		dir = 2
	}
	db := distBucket(dist)
	sent := int(p.sentOf[i]) - int(p.sentOf[rc.c0])
	sent = max(-2, min(2, sent))
	w := p.wordH[i]
	q := 0
	if p.quote[i] != 0 {
		q = 1
		if p.quote[i] == rc.cueQ {
			q = 2
		}
	}
	if rc.cueQ != 0 {
		q += 3
	}
	edge := 0
	st := p.d.Sentences[p.sentOf[i]]
	if st.FirstToken == i {
		edge = 1
	}
	if st.EndToken-1 == i {
		edge += 2
	}
	other := 0
	if p.isCue[i] && dir != 2 {
		other = 1
	}
	commas := int(rc.commasL[i-rc.winStart])
	f = append(f,
		learn.Seed(rBias).Int(dir),
		learn.Seed(rDist).Int(dir).Int(db),
		learn.Seed(rSent).Int(dir).Int(sent),
		learn.Seed(rCue).Int(dir).U64(rc.key),
		learn.Seed(rCueDist).Int(dir).U64(rc.key).Int(db),
		learn.Seed(rQuote).Int(dir).Int(q),
		learn.Seed(rCommas).Int(dir).Int(commas).Int(sent),
		learn.Seed(rOtherCue).Int(dir).Int(other),
		learn.Seed(rEdge).Int(dir).Int(edge).Int(q),
		learn.Seed(rCueSent).Int(dir).U64(rc.key).Int(sent),
		learn.Seed(rCueLeft).Int(dir).U64(rc.left).Int(db),
		learn.Seed(rCueRight).Int(dir).U64(rc.right).Int(db),
		learn.Seed(rCueQuote).Int(dir).U64(rc.key).Int(q),
		learn.Seed(rBetween).Int(dir).Int(int(rc.between[i-rc.winStart])).Int(other),
		learn.Seed(rSentQuote).Int(dir).Int(sent).Int(q),
	)
	if db <= 4 {
		f = append(f, learn.Seed(rDistW).Int(dir).Int(db).U64(w))
	}
	if db <= 6 {
		f = append(f, learn.Seed(rCueW).Int(dir).U64(rc.key).U64(w))
	}
	p.feats = f
	return f
}
