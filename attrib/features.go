package attrib

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/ner"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
)

// prep holds the per-document views the features read, computed once.
type prep struct {
	d      *document.Doc
	norm   []string // lower-cased word with ’ → ' and curly double quotes → "
	sentOf []int32
	quote  []int32  // 1 + index of the quotation holding the token, or 0 (quote.QuoteIndex)
	isCue  []bool   // token is part of some cue (gold cues in training, predicted at run time)
	isSep  []bool   // token is a comma, semicolon or colon (roleCtx counts them)
	wordH  []uint64 // learn.StrHash of norm, computed once so features cost a multiplication
	shapeH []uint64 // hash of the token's shape (shapeHash); nil for a prep with a word cache (readCached)
	sufH   []uint64 // hash of the last three letters; nil for a prep with a word cache
	lex    []uint8  // quote.Extractor.CueClass of the word: the rules' lexicon of reporting verbs
	clu    []cluIDs // the word's clusters (wordClusters); nil for a prep with a word cache
	stemH  []uint64 // hash of the word's stem (stemHash); nil for a prep with a word cache

	// static holds the scores of roleStatic's features per token and side, computed when
	// first needed (done marks which); only for a model's fixed weights, never in training.
	static   [nDir][]vec
	done     [nDir][]bool
	doneRun  [nDir][2]int // a run of tokens [start, end) all done, by side (Model.fillStatic)
	feats    []learn.Hash
	near     []learn.Hash // the features of Model.touchNear
	nearVecs []*vec       // their weights, nil for none

	sentFeats  []learn.Hash // the cue features of a sentence, token after token
	sentEnds   []int        // where each token's features end in sentFeats
	sink       uint32       // keeps learn.Weights.Touch's loads
	rowOff     []int32      // word-table rows of the tokens, set by Model.prepare: cachedRows or docRows
	docRows    []int32      // rowOff when Model.prepare finds the rows itself
	tabs       docTables    // set by Model.prepare
	cues       cueCache     // the role weights of cues' words, by Model.newCueTable
	words      wordCache    // the facts of words, for Model.Statements (wordCache.ready)
	wordIdx    []int32      // per token: its word's index in words.infos, when cached
	shapeNum   []int32      // per token: its shape's number in words.shapeKeys, when cached
	cached     bool         // reset took the words' facts from words
	pos        []uint8      // the tokens' parts of speech (document.Doc.POS, or posBuf)
	posBuf     []uint8      // scratch of tagPOS
	posScratch pos.Scratch  // scratch of tagPOS
	cachedRows []int32      // the tokens' word-table rows as rowOff lays them out, from words (readCached)
	lowered    []byte       // scratch of read: the words that normalising changes
	normOff    []int32      // scratch of read: each token's offset in lowered, or -1
	buf        strings.Builder

	refineScratch refineScratch // Model.pointScores'

	// The scratch of Model.predict, Model.roles and Model.Statements, kept for the next
	// document so that a document allocates only what Statements returns.
	cuePath         []int
	cueEmit, cueBuf []cueVec
	cueRanges, idle []tokRange
	rels            []relation
	segs            []tokRange // the relations' segments (roleSpans)
	roles           roleScratch
	relAt           map[tokRange]int // dedupe's
	runOn           []tokRange       // Statements'
	front           []tokRange       // Statements'
	goesOn          []tokRange       // Statements'
	cut             []tokRange       // Statements'
	drafts          []stmtDraft      // Statements'
	spans           []document.Span  // Statements'
	quoteBuf        []int32          // quote's array, when reset copies document.Doc.Quoted
}

// roleScratch is the part of roleRun that a prep keeps from one document to the next.
type roleScratch struct {
	ct        cueTable
	path      []int
	emit, buf []vec
	again     []vec
}

func newPrep(d *document.Doc, cls *cueClasses, ptag *pos.Tagger) *prep {
	return new(prep).reset(d, cls, ptag)
}

// reset prepares p for document d, reusing the buffers of its last document: a model keeps
// preps in a free list (Model.Statements), and a document's views are tens of kilobytes.
func (p *prep) reset(d *document.Doc, cls *cueClasses, ptag *pos.Tagger) *prep {
	n := len(d.Tokens)
	p.d = d
	p.norm = grow(p.norm, n)
	p.sentOf = grow(p.sentOf, n)
	p.isCue = grow(p.isCue, n)
	clear(p.isCue)
	p.lex, p.isSep = grow(p.lex, n), grow(p.isSep, n)
	p.wordH = grow(p.wordH, n)
	p.done[0], p.done[1], p.rowOff = p.done[0][:0], p.done[1][:0], p.rowOff[:0]
	// A model's preps take what depends on the word alone from their word cache, when it is
	// ready for the document (Model.Statements).
	p.cached = p.words.model != nil && p.words.model.classes == cls && len(p.words.slots) >= 2*n &&
		len(p.words.formSlots) >= 2*n
	if p.cached {
		p.readCached()
	} else {
		p.read(cls)
	}
	for s, st := range d.Sentences {
		for i := st.FirstToken; i < st.EndToken; i++ {
			p.sentOf[i] = int32(s)
		}
	}
	if len(d.Quoted) == n {
		// Inside quote's merge step, where Statements runs: the extractor's index, which
		// quote.QuoteIndex would copy into a new array, copied into p's.
		p.quoteBuf = append(p.quoteBuf[:0], d.Quoted...)
		p.quote = p.quoteBuf
	} else {
		p.quote = quote.QuoteIndex(d)
	}
	p.pos = d.POS
	if len(p.pos) != n {
		p.pos = p.tagPOS(ptag)
	}
	return p
}

// read fills the views that depend on the token alone (norm, wordH, shapeH, sufH, lex,
// isSep, clu) without a word cache.
func (p *prep) read(cls *cueClasses) {
	d, n := p.d, len(p.d.Tokens)
	clusters := ner.DefaultClusters()
	p.shapeH, p.sufH, p.clu = grow(p.shapeH, n), grow(p.sufH, n), grow(p.clu, n)
	p.stemH = grow(p.stemH, n)
	// The words that normalising changes are written one after another into one string, so
	// that a document costs one allocation for them rather than one per capitalised word.
	lowered := p.lowered[:0]
	off := grow(p.normOff, n)
	for i, t := range d.Tokens {
		s := d.Text[t.Start:t.End]
		shape, word, plain := scanToken(s)
		p.shapeH[i] = shape
		if plain {
			p.norm[i], off[i], p.wordH[i] = s, -1, word
			continue
		}
		off[i] = int32(len(lowered))
		lowered = appendNorm(lowered, s)
	}
	all := string(lowered)
	p.lowered, p.normOff = lowered, off
	for i := range n {
		if o := off[i]; o >= 0 {
			e := len(all)
			for j := i + 1; j < n; j++ {
				if off[j] >= 0 {
					e = int(off[j])
					break
				}
			}
			p.norm[i] = all[o:e]
			p.wordH[i] = learn.StrHash(p.norm[i])
		}
		w := p.norm[i]
		p.sufH[i] = learn.StrHash(suffix(w, 3))
		p.lex[i] = cls.get(p.wordH[i])
		p.isSep[i] = isSep(w)
		p.clu[i] = wordClusters(clusters, w)
		p.stemH[i] = stemHash(w)
	}
}

// readCached is read for a prep whose word cache is ready for the document: it takes the
// facts of words, and of the written forms that normalising changes, from the cache, and
// with them the tokens' word-table rows and the numbers of their shapes and suffixes
// (cachedRows, shapeNum, tabs.sufID) for Model.prepare, in place of shapeH and sufH.
func (p *prep) readCached() {
	d, n, c := p.d, len(p.d.Tokens), &p.words
	p.wordIdx, p.shapeNum = grow(p.wordIdx, n), grow(p.shapeNum, n)
	ro := grow(p.cachedRows, n+4)
	ro[0], ro[1], ro[n+2], ro[n+3] = c.model.startRow, c.model.startRow, c.model.endRow, c.model.endRow
	p.cachedRows = ro
	sufID := grow(p.tabs.sufID, n)
	p.tabs.sufID = sufID
	// The hashes of shapes and suffixes and the clusters are for the hashed features, which
	// a prep with a word cache never computes: there are none, so that reading them fails
	// loudly.
	p.shapeH, p.sufH, p.clu, p.stemH = nil, nil, nil, nil
	norm, wordH, lex, sep := p.norm[:n], p.wordH[:n], p.lex[:n], p.isSep[:n]
	wordIdx, shapeNum, rows := p.wordIdx[:n], p.shapeNum[:n], ro[2:][:n]
	toks := d.Tokens[:n]
	// The lookups are split into passes so that the cache lines they wait for are fetched
	// together: after the other stages of a pipeline, the word cache's slots and facts are
	// seldom in the processor's caches, and a loop that looked a token up and read its facts
	// before going on to the next would wait for them a token at a time. The passes that
	// read the lines only to fetch them (touch) are short loops with no branch on what they
	// read, so that the processor runs ahead through many tokens while it waits. wordIdx
	// marks the tokens that normalising changes with -1 until the lookups.
	for i, t := range toks {
		h, plain := scanForm(d.Text[t.Start:t.End])
		wordH[i] = h
		wordIdx[i] = 0
		if !plain {
			wordIdx[i] = -1
		}
	}
	touch := uint32(0)
	slots, mask := c.slots, c.mask
	formSlots, formMask := c.formSlots, uint64(len(c.formSlots)-1)
	for i, h := range wordH {
		if wordIdx[i] == 0 {
			touch += uint32(slots[mixKey(h)&mask].idx)
		} else {
			touch += uint32(formSlots[mixKey(h)&formMask].idx)
		}
	}
	for i, t := range toks {
		h := wordH[i]
		var k int32
		if wordIdx[i] == 0 {
			// The word as written: the cache's lookup, written out (a method would not be
			// inlined).
			j := mixKey(h) & c.mask
			for c.slots[j].idx != 0 && c.slots[j].word != h {
				j = (j + 1) & c.mask
			}
			if k = c.slots[j].idx - 1; k < 0 {
				k = c.add(j, h, d.Text[t.Start:t.End])
			}
			norm[i], shapeNum[i] = d.Text[t.Start:t.End], -1 // the word's, below
		} else {
			f := &c.forms[c.form(h, d.Text[t.Start:t.End])]
			k = f.word
			norm[i], shapeNum[i] = f.norm, f.shape
		}
		wordIdx[i] = k
	}
	infos := c.infos
	for _, k := range wordIdx {
		touch += uint32(infos[k].row)
	}
	p.sink += touch
	for i, k := range wordIdx {
		in := &infos[k]
		if shapeNum[i] < 0 {
			shapeNum[i] = in.shape
		}
		wordH[i], lex[i], sep[i] = in.word, in.lex, in.sep
		rows[i], sufID[i] = in.row, in.suf
	}
}

// isSep reports whether normalised word w is a comma, semicolon or colon (prep.isSep).
func isSep(w string) bool { return w == "," || w == ";" || w == ":" }

// tagPOS tags the parts of speech of the document's tokens, for documents that no stage has
// tagged (pos.Tagger.TagDoc).
func (p *prep) tagPOS(ptag *pos.Tagger) []uint8 {
	p.posBuf = grow(p.posBuf, len(p.d.Tokens))
	ptag.TagTokens(p.d, p.posBuf, &p.posScratch)
	return p.posBuf
}

// posAt is the part of speech of token i, 0 outside the document.
func (p *prep) posAt(i int) int {
	if i < 0 || i >= len(p.pos) || int(p.pos[i]) >= nPOS {
		return 0
	}
	return int(p.pos[i])
}

// release drops p's references to its document, so that a pooled prep does not keep a text
// alive.
func (p *prep) release() {
	p.d = nil
	clear(p.norm)
	p.quote, p.pos = nil, nil
}

// grow returns s resized to n, reusing its array when it is large enough; the contents are
// not cleared.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// plainWord reports whether normalising leaves s as it is: ASCII without capitals.
func plainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// appendNorm appends s normalised to b: lower-cased, with apostrophes and quotation marks
// unified, so that "Don’t" and "don't" are one feature.
func appendNorm(b []byte, s string) []byte {
	for _, r := range s {
		switch r {
		case '’', '‘', 'ʼ', '`', '´':
			r = '\''
		case '“', '”', '„', '«', '»':
			r = '"'
		default:
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
			} else {
				r = unicode.ToLower(r)
			}
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// scanToken returns shapeHash(s) and whether normalising leaves s as it is (plainWord), with,
// if so, learn.StrHash(s), the hash of its normalised word: one pass over the token where
// there were three.
func scanToken(s string) (shape, word uint64, plain bool) {
	shape, word = learn.StrHash(""), learn.StrHash("")
	n, upper := 0, false
	var last byte
	for i := 0; i < len(s); i++ {
		x := s[i]
		if x >= utf8.RuneSelf {
			return shapeHash(s), 0, false
		}
		word = learn.StrHashByte(word, x)
		// A capital starts a run of X: the shape's changes tell whether there is one.
		if c := asciiShape[x]; c != last {
			last = c
			upper = upper || c == 'X'
			if n < 16 {
				shape = learn.StrHashByte(shape, c)
				n++
			}
		}
	}
	return shape, word, !upper
}

// scanForm returns learn.StrHash(s) and whether normalising leaves s as it is (plainWord),
// in one pass. Inlined into prep.readCached's loop, it costs that loop more instructions
// than the call saves (callgrind over PolNeAR train: 219 M → 241 M estimated cycles).
//
//go:noinline
func scanForm(s string) (h uint64, plain bool) {
	h = learn.StrHash("")
	var odd byte
	for i := 0; i < len(s); i++ {
		x := s[i]
		odd |= normChanges[x]
		h = learn.StrHashByte(h, x)
	}
	return h, odd == 0
}

// normChanges is 1 for the bytes that normalising changes or may change: capitals and the
// bytes of other runes than ASCII.
var normChanges = func() (t [256]byte) {
	for x := range t {
		if x >= utf8.RuneSelf || ('A' <= x && x <= 'Z') {
			t[x] = 1
		}
	}
	return t
}()

// shapeHash hashes a token's shape: letters mapped to X/x and digits to d, repeats collapsed,
// at most 16 symbols ("McCain" → "XxXx", "2016" → "d", "U.S." → "X.X."). The hash is
// learn.StrHash of the shape, folded symbol by symbol as the shape is made.
func shapeHash(s string) uint64 {
	h := learn.StrHash("")
	n := 0
	var last byte
	for i := 0; i < len(s); {
		var c byte
		if x := s[i]; x < utf8.RuneSelf {
			// ASCII, nearly every character of English news, without unicode's tables.
			c = asciiShape[x]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			switch {
			case unicode.IsUpper(r):
				c = 'X'
			case unicode.IsLetter(r):
				c = 'x'
			case unicode.IsDigit(r):
				c = 'd'
			default:
				c = '~'
			}
		}
		if c == last {
			continue
		}
		last = c
		if n == 16 {
			break
		}
		h = learn.StrHashByte(h, c)
		n++
	}
	return h
}

// asciiShape is the shape symbol of each ASCII character.
var asciiShape = func() (t [utf8.RuneSelf]byte) {
	for x := range t {
		c := byte(x)
		switch {
		case 'A' <= c && c <= 'Z':
			c = 'X'
		case 'a' <= c && c <= 'z':
			c = 'x'
		case '0' <= c && c <= '9':
			c = 'd'
		}
		t[x] = c
	}
	return t
}()

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
	cSuf
	cShape
	cQuote
	cWQuote
	cLex
	cLexCtx
	cPOS
	cPOSCtx
)

// cueFeats returns the features of token i for the cue tagger: those of its words
// (cueWordFeats, which a model keeps in its word table) and the rest (cueRestFeats).
func (p *prep) cueFeats(i int) []learn.Hash {
	f := p.cueRestFeats(p.feats[:0], i)
	f = append(f,
		fWordCue(cW, p.wordH[i]),
		fWordCue(cWQuote, p.wordH[i], p.inQuote(i)),
		fWordCue(cWm1, p.word(i-1)),
		fWordCue(cWp1, p.word(i+1)),
		fWordCue(cWm2, p.word(i-2)),
		fWordCue(cWp2, p.word(i+2)),
	)
	p.feats = f
	return f
}

func (p *prep) inQuote(i int) int {
	if p.quote[i] != 0 {
		return 1
	}
	return 0
}

// fWordCue is a cue feature of one word (and, for cWQuote, whether it is quoted).
func fWordCue(t uint32, w uint64, more ...int) learn.Hash {
	h := learn.Seed(t).U64(w)
	for _, x := range more {
		h = h.Int(x)
	}
	return h
}

// cueRestFeats appends the cue features of token i that are not features of one word.
// Word bigrams and trigrams were tried here: they added 0.9 to cue F1 on PolNeAR dev and
// nothing to relation F1, and cost a cache miss each per token, a third of the tagger's time.
func (p *prep) cueRestFeats(f []learn.Hash, i int) []learn.Hash {
	f = append(f, fCueBias(), fCueLex(int(p.lex[i]), p.inQuote(i), p.first(i)),
		fCuePOS(p.posAt(i), p.inQuote(i), int(p.lex[i])))
	f = p.cueHashedFeats(f, i)
	return append(p.cueCluFeats(f, i), fCueStem(p.stemH[i]))
}

// first is 1 when token i begins its sentence.
func (p *prep) first(i int) int {
	if p.d.Sentences[p.sentOf[i]].FirstToken == i {
		return 1
	}
	return 0
}

func fCueBias() learn.Hash                   { return learn.Seed(cBias) }
func fCueLex(lex, inQ, first int) learn.Hash { return learn.Seed(cLex).Int(lex).Int(inQ).Int(first) }
func fCuePOS(tag, inQ, lex int) learn.Hash {
	return learn.Seed(cPOS).Int(tag).Int(inQ).Int(lex)
}

// cueHashedFeats appends the features of cueRestFeats that a model looks up in its hashed
// weights; the others take a few small integers, and a model keeps them in a table
// (Model.cueLex).
func (p *prep) cueHashedFeats(f []learn.Hash, i int) []learn.Hash {
	prev, next := p.shapeH[max(i-1, 0)], p.shapeH[min(i+1, len(p.shapeH)-1)]
	return append(f,
		fCuePOSCtx(p.posAt(i-1), p.posAt(i), p.posAt(i+1)),
		fCueSuf(p.sufH[i]),
		fCueShape(p.shapeH[i], p.first(i)),
		fCueQuoted(p.inQuote(i), prev),
		fCueLexCtx(int(p.lex[i]), prev, next),
	)
}

// The features of cueHashedFeats, in its order. A model looks each up once per document and
// distinct value (Model.prepare).
func fCuePOSCtx(prev, cur, next int) learn.Hash {
	return learn.Seed(cPOSCtx).Int(prev).Int(cur).Int(next)
}
func fCueSuf(suf uint64) learn.Hash                { return learn.Seed(cSuf).U64(suf) }
func fCueShape(shape uint64, first int) learn.Hash { return learn.Seed(cShape).U64(shape).Int(first) }
func fCueQuoted(inQ int, prevShape uint64) learn.Hash {
	return learn.Seed(cQuote).Int(inQ).U64(prevShape)
}
func fCueLexCtx(lex int, prevShape, nextShape uint64) learn.Hash {
	return learn.Seed(cLexCtx).Int(lex).U64(prevShape).U64(nextShape)
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
	rLexDist
	rLexSent
	rLexQuote
	rPOS
	rPOS1
	rDistPOS
	rWm2
	rWp2
)

// roleCtx is what the role features know of the cue.
type roleCtx struct {
	c0, c1 int    // cue tokens [c0, c1)
	key    uint64 // hash of the cue's words
	lex    int    // lexicon class of the cue's first word that has one
	left   uint64 // hash of the word before the cue
	right  uint64 // hash of the word after the cue
	cueQ   int32  // quotation holding the cue
	// sep holds, by offset from the window's start, the commas, semicolons and colons
	// between token and cue (at most 3) plus 4 times the starts of other cues between them
	// (at most 2): both in one byte, so that Model.scoreSide tells that neither changed from
	// one token to the next with one comparison.
	sep      []uint8
	winStart int
}

// cueKey is the hash of the words of cue [c0, c1) (roleCtx.key): its word's, or for a cue of
// several tokens its first and last words' together.
func (p *prep) cueKey(c0, c1 int) uint64 {
	if c1-c0 > 1 {
		return uint64(learn.Seed(0).U64(p.wordH[c0]).U64(p.wordH[c1-1]))
	}
	return p.wordH[c0]
}

// commas and between are the two counts of sep of token i.
func (rc *roleCtx) commas(i int) int  { return int(rc.sep[i-rc.winStart] & 3) }
func (rc *roleCtx) between(i int) int { return int(rc.sep[i-rc.winStart] >> 2) }

// roleCtx fills rc (or a new roleCtx when rc is nil) for the cue [c0, c1) and the window
// [winStart, winEnd), reusing rc's buffers.
func (p *prep) roleCtx(rc *roleCtx, c0, c1, winStart, winEnd int) *roleCtx {
	if rc == nil {
		rc = new(roleCtx)
	}
	sep := rc.sep
	*rc = roleCtx{c0: c0, c1: c1, cueQ: p.quote[c0], winStart: winStart}
	rc.sep = grow(sep, winEnd-winStart)
	for i := max(c0, winStart); i < min(c1, winEnd); i++ {
		rc.sep[i-winStart] = 0 // the cue's own tokens
	}
	rc.key = p.cueKey(c0, c1)
	for i := c0; i < c1 && rc.lex == 0; i++ {
		rc.lex = int(p.lex[i])
	}
	rc.left = p.word(c0 - 1)
	rc.right = p.word(c1)
	isSep, isCue := p.isSep[:winEnd], p.isCue[:winEnd]
	n, o := uint8(0), uint8(0)
	for i := c0 - 1; i >= winStart; i-- {
		rc.sep[i-winStart] = n | o<<2
		if isSep[i] {
			n = min(n+1, 3)
		}
		if isCue[i] && (i == winStart || !isCue[i-1]) {
			o = min(o+1, 2)
		}
	}
	n, o = 0, 0
	for i := c1; i < winEnd; i++ {
		if isSep[i] {
			n = min(n+1, 3)
		}
		if isCue[i] && !isCue[i-1] {
			o = min(o+1, 2)
		}
		rc.sep[i-winStart] = n | o<<2
	}
	return rc
}

// distBucket is the bucket of distance d: d itself up to 4, then 5 for 5–6, 6 for 7–10, 7 for
// 11–20 and 8 beyond.
func distBucket(d int) int {
	if d <= 4 {
		return d
	}
	if d <= 20 {
		return int(distBuckets[d])
	}
	return 8
}

// roleStatic appends the role features of token i that depend only on the token and its side
// of the cue (dir 0 before, 1 after), not on which cue: at run time their scores are computed
// once per token and side, not once per cue.
//
// The words two either side (rWm2, rWp2) pay with their clusters (clusters.go: cluFarLevel,
// where the numbers are); they cost the word table's rows a second cache line per side.
func (p *prep) roleStatic(f []learn.Hash, i, dir int) []learn.Hash {
	f = append(f,
		fWordRole(rW, dir, p.wordH[i]),
		fWordRole(rWm1, dir, p.word(i-1)),
		fWordRole(rWp1, dir, p.word(i+1)),
		fWordRole(rWm2, dir, p.word(i-2)),
		fWordRole(rWp2, dir, p.word(i+2)),
		fShape(dir, p.shapeH[i]),
		fPOSRole(dir, p.posAt(i-1), p.posAt(i), p.posAt(i+1)),
		fPOSRole1(dir, p.posAt(i)),
	)
	return append(p.roleCluFeats(f, i, dir), fRoleStem(dir, p.stemH[i]))
}

func fPOSRole(dir, prev, cur, next int) learn.Hash {
	return learn.Seed(rPOS).Int(dir).Int(prev).Int(cur).Int(next)
}
func fDistPOS(dir, db, pos int) learn.Hash { return learn.Seed(rDistPOS).Int(dir).Int(db).Int(pos) }
func fPOSRole1(dir, cur int) learn.Hash    { return learn.Seed(rPOS1).Int(dir).Int(cur) }

// fWordRole is a role feature of one word on side dir of the cue.
func fWordRole(t uint32, dir int, w uint64) learn.Hash { return learn.Seed(t).Int(dir).U64(w) }

func fShape(dir int, shape uint64) learn.Hash { return learn.Seed(rShape).Int(dir).U64(shape) }

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

// roleVals are the small-integer facts about token i relative to a cue that the role
// features combine: the hashed features of training hash them, and the dense tables of
// prediction (roleDense) are indexed by them. Model.scoreSide computes the same values a
// side of the cue at a time, which must agree exactly (TestDenseAgrees).
type roleVals struct {
	dir     int // 0 before the cue, 1 after, 2 inside
	db      int // distance bucket, distBucket
	sent    int // sentence offset from the cue's, clamped to −2..2
	q       int // quotation: 0 none, 1 another, 2 the cue's; +3 when the cue is quoted
	edge    int // 1 first token of its sentence, +2 last
	other   int // token is part of another cue
	commas  int // commas between token and cue, at most 3
	between int // other cues between token and cue, at most 2
}

func (p *prep) roleVals(i int, rc *roleCtx) roleVals {
	var v roleVals
	dist := 0
	switch {
	case i < rc.c0:
		v.dir, dist = 0, rc.c0-i
	case i >= rc.c1:
		v.dir, dist = 1, i-rc.c1+1
	default:
		v.dir = 2
	}
	v.db = distBucket(dist)
	v.sent = max(-2, min(2, int(p.sentOf[i])-int(p.sentOf[rc.c0])))
	if p.quote[i] != 0 {
		v.q = 1
		if p.quote[i] == rc.cueQ {
			v.q = 2
		}
	}
	if rc.cueQ != 0 {
		v.q += 3
	}
	st := p.d.Sentences[p.sentOf[i]]
	if st.FirstToken == i {
		v.edge = 1
	}
	if st.EndToken-1 == i {
		v.edge += 2
	}
	if p.isCue[i] && v.dir != 2 {
		v.other = 1
	}
	v.commas = rc.commas(i)
	v.between = rc.between(i)
	return v
}

// The role feature templates as functions of their parts, shared by roleFeats and roleDense.
func fBias(dir int) learn.Hash            { return learn.Seed(rBias).Int(dir) }
func fDist(dir, db int) learn.Hash        { return learn.Seed(rDist).Int(dir).Int(db) }
func fSent(dir, sent int) learn.Hash      { return learn.Seed(rSent).Int(dir).Int(sent) }
func fQuote(dir, q int) learn.Hash        { return learn.Seed(rQuote).Int(dir).Int(q) }
func fCommas(dir, c, sent int) learn.Hash { return learn.Seed(rCommas).Int(dir).Int(c).Int(sent) }
func fOther(dir, o int) learn.Hash        { return learn.Seed(rOtherCue).Int(dir).Int(o) }
func fEdge(dir, e, q int) learn.Hash      { return learn.Seed(rEdge).Int(dir).Int(e).Int(q) }
func fBetween(dir, b, o int) learn.Hash   { return learn.Seed(rBetween).Int(dir).Int(b).Int(o) }
func fSentQuote(dir, s, q int) learn.Hash { return learn.Seed(rSentQuote).Int(dir).Int(s).Int(q) }

func fCue(dir int, key uint64) learn.Hash { return learn.Seed(rCue).Int(dir).U64(key) }
func fCueDist(dir int, key uint64, db int) learn.Hash {
	return learn.Seed(rCueDist).Int(dir).U64(key).Int(db)
}
func fCueSent(dir int, key uint64, sent int) learn.Hash {
	return learn.Seed(rCueSent).Int(dir).U64(key).Int(sent)
}
func fCueLeft(dir int, left uint64, db int) learn.Hash {
	return learn.Seed(rCueLeft).Int(dir).U64(left).Int(db)
}
func fCueRight(dir int, right uint64, db int) learn.Hash {
	return learn.Seed(rCueRight).Int(dir).U64(right).Int(db)
}
func fLexDist(dir, lex, db int) learn.Hash   { return learn.Seed(rLexDist).Int(dir).Int(lex).Int(db) }
func fLexSent(dir, lex, sent int) learn.Hash { return learn.Seed(rLexSent).Int(dir).Int(lex).Int(sent) }
func fLexQuote(dir, lex, q int) learn.Hash   { return learn.Seed(rLexQuote).Int(dir).Int(lex).Int(q) }
func fCueQuote(dir int, key uint64, q int) learn.Hash {
	return learn.Seed(rCueQuote).Int(dir).U64(key).Int(q)
}

// Only tokens this near the cue get the word-by-distance and word-by-cue features.
const (
	distWMax = 4 // distance bucket
	cueWMax  = 6
)

func fDistW(dir, db int, w uint64) learn.Hash { return learn.Seed(rDistW).Int(dir).Int(db).U64(w) }
func fCueW(dir int, key, w uint64) learn.Hash { return learn.Seed(rCueW).Int(dir).U64(key).U64(w) }

// roleFeats returns the features of token i for the role tagger given the cue.
func (p *prep) roleFeats(i int, rc *roleCtx) []learn.Hash {
	f := p.feats[:0]
	v := p.roleVals(i, rc)
	dir := v.dir
	if dir < 2 {
		f = p.roleStatic(f, i, dir)
	}
	f = append(f,
		fBias(dir),
		fDist(dir, v.db),
		fSent(dir, v.sent),
		fCue(dir, rc.key),
		fCueDist(dir, rc.key, v.db),
		fQuote(dir, v.q),
		fCommas(dir, v.commas, v.sent),
		fOther(dir, v.other),
		fEdge(dir, v.edge, v.q),
		fCueSent(dir, rc.key, v.sent),
		fCueLeft(dir, rc.left, v.db),
		fCueRight(dir, rc.right, v.db),
		fCueQuote(dir, rc.key, v.q),
		fBetween(dir, v.between, v.other),
		fSentQuote(dir, v.sent, v.q),
		fLexDist(dir, rc.lex, v.db),
		fLexSent(dir, rc.lex, v.sent),
		fLexQuote(dir, rc.lex, v.q),
	)
	f = append(f, fDistPOS(dir, v.db, p.posAt(i)))
	if v.db <= distWMax {
		f = append(f, fDistW(dir, v.db, p.wordH[i]))
	}
	if v.db <= cueWMax {
		f = append(f, fCueW(dir, rc.key, p.wordH[i]))
	}
	p.feats = f
	return f
}
