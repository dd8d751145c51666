package attrib

import (
	"slices"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/learn"
)

// The role tagger decides token by token, and a content's first and last tokens are where it
// errs most: of its contents that PolNeAR's relations match, one in six is off at an end by
// a few words ("… he said" kept, a clause cut short, the quotation mark or the "that" left
// out). A second, small model — the boundary refiner — looks again at the two ends of each
// content. For the start of the first segment and the end of the last, it scores every point
// within refineReach tokens of the tagger's, up to another cue, by features of the boundary
// as a whole (the words and parts of speech either side of it, the sentence and quotation it
// opens or closes, the quotation marks it takes in or leaves out, its distance from
// the cue) and moves the boundary to the best point when that beats the tagger's by
// refineMargin. It is an averaged perceptron ranking the points, trained on the finished
// taggers' readings of the training documents against their gold contents. PolNeAR dev:
// content exact F1 53.3 → 55.0, relation 61.8 → 61.9, source and cue unchanged.

// Settings of the refiner, chosen on PolNeAR dev among a few.
const (
	refineReach  = 10  // tokens a boundary may move
	refineMargin = 0.5 // how much better than the tagger's point another must score
	refineEpochs = 10  // passes of training
	refinePrune  = 0.1 // averaged weights smaller than this are dropped
)

// Refiner feature templates: the hashed ones (refineWordFeats) and the small-integer ones
// that a model expands into a table (refineDense).
const (
	bW = iota + 300
	bWOut
	bWOut2
	bWPOS
	bOff
	bPOS
	bPOSOff
	bSentEdge
	bSentCross
	bQuote
	bCue
	bDir
	bLen
	bNear
	bBal
)

// boundary is one end of a content segment being refined: which is 0 for a start, 1 for an
// end; side is 0 for a segment before the cue, 1 after.
type boundary struct {
	which, side int
	at          int // the tagger's boundary: a start token, or an end (exclusive)
	fixed       int // the other end of the segment, which stays
}

// kind is the index that every refiner feature is conjoined with.
func (b boundary) kind() int { return b.which*2 + b.side }

// refineCands returns the candidate points [lo, hi] of boundary b of cue c in the role
// window [a, z): within refineReach of the tagger's point, on the segment's side of the cue,
// leaving the segment a token, and passing no other cue (whose content is its own).
func refineCands(p *prep, b boundary, c tokRange, a, z int) (lo, hi int) {
	lo, hi = b.at-refineReach, b.at+refineReach
	if b.which == 0 {
		if b.side == 1 {
			lo = max(lo, c.end)
		}
		lo, hi = max(lo, a), min(hi, b.fixed-1)
	} else {
		if b.side == 0 {
			hi = min(hi, c.start)
		}
		lo, hi = max(lo, b.fixed+1), min(hi, z)
	}
	other := func(t int) bool { return p.isCue[t] && (t < c.start || t >= c.end) }
	for x := b.at; x > lo; x-- {
		if other(x - 1) {
			lo = x
			break
		}
	}
	for x := b.at; x < hi; x++ {
		if other(x) {
			hi = x
			break
		}
	}
	return lo, hi
}

// refineVals are the small-integer facts about moving boundary b to point x that the
// refiner's features combine, computed once for both the hashed features of training and
// the table of prediction (refineDense), which must agree.
type refineVals struct {
	k             int // boundary.kind
	in, out, out2 int // the token just inside the segment at x, the one just outside, the next
	off           int // offBucket of x − b.at, +4
	sg            int // sign of x − b.at, +1
	posIn, posOut int
	qIn, qOut     int // quotation of in: 0 none, 1 inside, 2 a mark; of out: the same, +2 in in's
	edge          int // 1 when x is a sentence boundary
	cross         int // sentences between the tagger's point and x, clamped to ±2, +2
	outCue        int // out is 1 another cue's, 2 the cue's own
	length        int // distBucket of the segment's length
	near          int // distBucket of x's distance from the cue
	marks         int // quotation marks in the segment, at most 3
}

// Domains of refineVals' fields.
const (
	nKind  = 4
	nOff   = 9
	nSign  = 3
	nQIn   = 3
	nQOut  = 5
	nCross = 5
	nCueO  = 3
	nMarks = 4
)

// marks returns the quotation marks in the segment of boundary b moved to point x:
// refineVals' marks before clamping. (pointScores keeps the count as it moves x one token
// at a time.)
func (p *prep) marks(b boundary, x int) int {
	n := 0
	for t := min(x, b.fixed); t < max(x, b.fixed); t++ {
		n += p.isMark(t)
	}
	return n
}

func (p *prep) refineVals(v *refineVals, b boundary, c tokRange, x, marks int) {
	n := len(p.norm)
	*v = refineVals{k: b.kind(), in: x, out: x - 1, out2: x - 2}
	if b.which == 1 {
		v.in, v.out, v.out2 = x-1, x, x+1
	}
	d := x - b.at
	v.off = max(-4, min(4, d)) + 4
	switch {
	case d > 0:
		v.sg = 2
	case d == 0:
		v.sg = 1
	}
	v.posIn, v.posOut = p.posAt(v.in), p.posAt(v.out)
	outside := v.out < 0 || v.out >= n
	if p.quote[v.in] != 0 {
		v.qIn = 1
		if p.d.Tokens[v.in].Kind == document.Quote {
			v.qIn = 2
		}
	}
	if !outside && p.quote[v.out] != 0 {
		v.qOut = 1
		if p.d.Tokens[v.out].Kind == document.Quote {
			v.qOut = 2
		}
		if p.quote[v.in] == p.quote[v.out] {
			v.qOut += 2
		}
	}
	if outside || p.sentOf[v.out] != p.sentOf[v.in] {
		v.edge = 1
	}
	ref := b.at
	if b.which == 1 {
		ref = b.at - 1
	}
	v.cross = max(-2, min(2, int(p.sentOf[v.in])-int(p.sentOf[ref]))) + 2
	if !outside && p.isCue[v.out] {
		v.outCue = 1
		if v.out >= c.start && v.out < c.end {
			v.outCue = 2
		}
	}
	length, near := b.fixed-x, x-c.end
	if b.which == 1 {
		length = x - b.fixed
	}
	if b.side == 0 {
		near = c.start - x
	}
	v.length, v.near = distBucket(length), distBucket(max(near, 0))
	v.marks = min(marks, 3)
}

// The refiner's small-integer templates as functions of their parts.
func fbOff(k, off int) learn.Hash        { return learn.Seed(bOff).Int(k).Int(off) }
func fbPOS(k, in, out int) learn.Hash    { return learn.Seed(bPOS).Int(k).Int(in).Int(out) }
func fbPOSOff(k, out, sg int) learn.Hash { return learn.Seed(bPOSOff).Int(k).Int(out).Int(sg) }
func fbSentEdge(k, e, q, sg int) learn.Hash {
	return learn.Seed(bSentEdge).Int(k).Int(e).Int(q).Int(sg)
}
func fbSentCross(k, cross, e int) learn.Hash { return learn.Seed(bSentCross).Int(k).Int(cross).Int(e) }
func fbQuote(k, qIn, qOut int) learn.Hash    { return learn.Seed(bQuote).Int(k).Int(qIn).Int(qOut) }
func fbCue(k, outCue, sg int) learn.Hash     { return learn.Seed(bCue).Int(k).Int(outCue).Int(sg) }
func fbDir(k, sg int) learn.Hash             { return learn.Seed(bDir).Int(k).Int(sg) }
func fbLen(k, length int) learn.Hash         { return learn.Seed(bLen).Int(k).Int(length) }
func fbNear(k, near int) learn.Hash          { return learn.Seed(bNear).Int(k).Int(near) }
func fbBal(k, marks, qIn int) learn.Hash     { return learn.Seed(bBal).Int(k).Int(marks).Int(qIn) }

// nWordFeats is the number of the refiner's hashed features.
const nWordFeats = 4

// wordSeeds returns the seeds of the refiner's hashed features for boundaries of kind k.
func wordSeeds(k int) [nWordFeats]learn.Hash {
	return [...]learn.Hash{learn.Seed(bW).Int(k), learn.Seed(bWOut).Int(k), learn.Seed(bWOut2).Int(k), learn.Seed(bWPOS).Int(k)}
}

// refineWordFeats appends the refiner's hashed features: the words about the boundary.
func (p *prep) refineWordFeats(f []learn.Hash, v *refineVals) []learn.Hash {
	ws := wordSeeds(v.k)
	return append(f,
		ws[0].U64(p.word(v.in)),
		ws[1].U64(p.word(v.out)),
		ws[2].U64(p.word(v.out2)),
		ws[3].U64(p.word(v.out)).Int(v.posIn),
	)
}

// refineFeats appends all the refiner's features of moving boundary b of cue c to point x.
func (p *prep) refineFeats(f []learn.Hash, b boundary, c tokRange, x int) []learn.Hash {
	var v refineVals
	p.refineVals(&v, b, c, x, p.marks(b, x))
	k := v.k
	f = p.refineWordFeats(f, &v)
	return append(f,
		fbOff(k, v.off),
		fbPOS(k, v.posIn, v.posOut),
		fbPOSOff(k, v.posOut, v.sg),
		fbSentEdge(k, v.edge, v.qIn, v.sg),
		fbSentCross(k, v.cross, v.edge),
		fbQuote(k, v.qIn, v.qOut),
		fbCue(k, v.outCue, v.sg),
		fbDir(k, v.sg),
		fbLen(k, v.length),
		fbNear(k, v.near),
		fbBal(k, v.marks, v.qIn),
	)
}

// refineDense holds the weights of the refiner's small-integer templates by boundary kind
// and their parts.
type refineDense [nKind]refineKind

type refineKind struct {
	off       [nOff]float32
	pos       [nPOS][nPOS]float32
	posOff    [nPOS][nSign]float32
	sentEdge  [2][nQIn][nSign]float32
	sentCross [nCross][2]float32
	quote     [nQIn][nQOut]float32
	cue       [nCueO][nSign]float32
	dir       [nSign]float32
	length    [nDB]float32
	near      [nDB]float32
	bal       [nMarks][nQIn]float32
}

func newRefineDense(w *refineWeights) *refineDense {
	t := new(refineDense)
	at := w.get
	for k := range nKind {
		for o := range nOff {
			t[k].off[o] = at(fbOff(k, o))
		}
		for a := range nPOS {
			for b := range nPOS {
				t[k].pos[a][b] = at(fbPOS(k, a, b))
			}
			for sg := range nSign {
				t[k].posOff[a][sg] = at(fbPOSOff(k, a, sg))
			}
		}
		for sg := range nSign {
			for q := range nQIn {
				for e := range 2 {
					t[k].sentEdge[e][q][sg] = at(fbSentEdge(k, e, q, sg))
				}
			}
			for o := range nCueO {
				t[k].cue[o][sg] = at(fbCue(k, o, sg))
			}
			t[k].dir[sg] = at(fbDir(k, sg))
		}
		for c := range nCross {
			for e := range 2 {
				t[k].sentCross[c][e] = at(fbSentCross(k, c, e))
			}
		}
		for a := range nQIn {
			for b := range nQOut {
				t[k].quote[a][b] = at(fbQuote(k, a, b))
			}
			for m := range nMarks {
				t[k].bal[m][a] = at(fbBal(k, m, a))
			}
		}
		for db := range nDB {
			t[k].length[db] = at(fbLen(k, db))
			t[k].near[db] = at(fbNear(k, db))
		}
	}
	return t
}

// refineWeights are the refiner's weights: one per feature, in a table of its own keyed by
// the feature's hash, as fast to probe as the refiner needs (learn.Weights, made for vectors
// of several classes, costs it three times as much a lookup).
//
// Half the refiner's lookups are of words it has no weights for. A bit per value of the
// features' low hash bits (present) answers most of those from 16 KB, which the caches keep,
// instead of the table's 512 KB, which they do not: in a whole extract run the refiner's
// misses of the second-level cache fall by 30%.
type refineWeights struct {
	keys    []uint64 // learn.Hash of each feature, in increasing order
	vals    []float32
	slots   []refineSlot // open addressing; key 0 marks an empty slot
	shift   uint
	zero    float32  // the weight of the feature whose hash is 0, if any
	present []uint64 // bit k&pmask is set when a feature's hash k may be in slots
	pmask   uint64
}

type refineSlot struct {
	key uint64
	val float32
}

func newRefineWeights(keys []uint64, vals []float32) *refineWeights {
	w := &refineWeights{keys: keys, vals: vals, shift: 64 - 4}
	for 1<<(64-w.shift) < 2*len(keys) {
		w.shift--
	}
	w.slots = make([]refineSlot, 1<<(64-w.shift))
	mask := uint64(len(w.slots) - 1)
	bits := 64
	for bits < 8*len(keys) {
		bits <<= 1
	}
	w.present, w.pmask = make([]uint64, bits/64), uint64(bits-1)
	for i, k := range keys {
		w.present[k&w.pmask/64] |= 1 << (k & 63)
		if k == 0 {
			w.zero = vals[i]
			continue
		}
		j := w.slot(k)
		for w.slots[j].key != 0 {
			j = (j + 1) & mask
		}
		w.slots[j] = refineSlot{k, vals[i]}
	}
	return w
}

func (w *refineWeights) slot(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> w.shift }

// get returns the weight of feature h, 0 when it has none.
func (w *refineWeights) get(h learn.Hash) float32 {
	if !w.has(uint64(h)) {
		return 0
	}
	return w.find(uint64(h))
}

// has reports whether a feature's hash may be k: when it is false, the feature has no
// weight.
func (w *refineWeights) has(k uint64) bool { return w.present[k&w.pmask/64]&(1<<(k&63)) != 0 }

// find returns the weight of the feature whose hash is k, 0 when it has none.
//
//go:noinline
func (w *refineWeights) find(k uint64) float32 {
	if k == 0 {
		return w.zero
	}
	mask := uint64(len(w.slots) - 1)
	for j := w.slot(k); ; j = (j + 1) & mask {
		switch w.slots[j].key {
		case k:
			return w.slots[j].val
		case 0:
			return 0
		}
	}
}

// setRefiner gives m the boundary refiner w.
func (m *Model) setRefiner(w *refineWeights) {
	m.refiner, m.refineT = w, newRefineDense(w)
}

// refine moves the start of the first of content segs and the end of the last, of cue c
// in the role window [a, z), where the refiner prefers other points.
func (m *Model) refine(p *prep, segs []tokRange, c tokRange, a, z int) {
	if len(segs) == 0 {
		return
	}
	last := &segs[len(segs)-1]
	last.end = m.bestPoint(p, boundary{which: 1, side: sideOf(*last, c), at: last.end, fixed: last.start}, c, a, z)
	first := &segs[0]
	first.start = m.bestPoint(p, boundary{which: 0, side: sideOf(*first, c), at: first.start, fixed: first.end}, c, a, z)
}

// sideOf is 0 for a segment before cue c, 1 after.
func sideOf(r, c tokRange) int {
	if r.start >= c.end {
		return 1
	}
	return 0
}

// bestPoint returns the point the refiner chooses for boundary b.
func (m *Model) bestPoint(p *prep, b boundary, c tokRange, a, z int) int {
	lo, hi := refineCands(p, b, c, a, z)
	if lo >= hi || lo > b.at || hi < b.at {
		return b.at
	}
	var buf [2*refineReach + 1]float32
	scores := m.pointScores(p, b, c, lo, hi, buf[:0])
	best, bestS := b.at, scores[b.at-lo]+refineMargin
	for i, s := range scores {
		if s > bestS {
			best, bestS = lo+i, s
		}
	}
	return best
}

// pointScores appends to out the refiner's scores of boundary b's candidate points [lo, hi],
// which hold the tagger's: the same as scoring refineFeats with the model's weights, summed
// in the same order (TestPointScoresExact). It finds the parts that prep.refineVals gives
// from the facts of the few tokens the points read, gathered once (pointToken), with what
// stays the same for the boundary (its kind, its tables, the tagger's sentence) out of the
// loop, and the quotation marks in the segment counted once and then kept as the point
// moves away from the tagger's token by token.
func (m *Model) pointScores(p *prep, b boundary, c tokRange, lo, hi int, out []float32) []float32 {
	out = grow(out, hi-lo+1)
	// marks[x-lo] is the segment's quotation marks with the boundary at x, clamped: towards
	// the segment's start an end leaves marks out and a start takes them in.
	var marks [2*refineReach + 1]uint8
	marks0 := p.marks(b, b.at)
	dm := -1
	if b.which == 0 {
		dm = 1
	}
	k := marks0
	marks[b.at-lo] = uint8(min(k, 3))
	for x := b.at - 1; x >= lo; x-- {
		k += dm * p.isMark(x)
		marks[x-lo] = uint8(min(k, 3))
	}
	k = marks0
	for x := b.at + 1; x <= hi; x++ {
		k -= dm * p.isMark(x-1)
		marks[x-lo] = uint8(min(k, 3))
	}

	// The facts of the tokens the points read, from two before lo to one after hi, by
	// token − base; tokens outside the document have none, and a sentence that no
	// token's is, so that a point beside one is a sentence's edge.
	base := lo - 2
	var at [refineFacts]pointToken
	kind := b.kind()
	t, w, ws := &m.refineT[kind], m.refiner, wordSeeds(kind)
	n, toks := len(p.norm), p.d.Tokens
	// The weights of the tokens' words, kept by word when p has a word cache.
	var known [][nKind][3]float32
	if p.cached {
		p.words.refineRoom()
		known = p.words.refine
	}
	for tk := max(base, 0); tk <= min(hi+1, n-1); tk++ {
		f := &at[(tk-base)&(refineFacts-1)]
		f.word, f.pos, f.q, f.sent = p.wordH[tk], uint8(p.posAt(tk)), p.quote[tk], p.sentOf[tk]
		if known != nil {
			i := p.wordIdx[tk]
			if f.ws = known[i][kind&(nKind-1)]; f.ws[0] != f.ws[0] { // NaN: not yet known
				f.ws = p.words.refineWords(kind, i, &ws)
			}
		} else {
			f.ws = refineWordWeights(w, &ws, f.word)
		}
		if f.q != 0 {
			f.qk = 1
			if toks[tk].Kind == document.Quote {
				f.qk = 2
			}
		}
		if p.isCue[tk] {
			f.cue = 1
			if tk >= c.start && tk < c.end {
				f.cue = 2
			}
		}
	}
	for tk := base; tk <= hi+1; tk++ {
		if tk < 0 || tk >= n {
			f := &at[(tk-base)&(refineFacts-1)]
			f.word, f.sent = p.word(tk), -1
			f.ws = refineWordWeights(w, &ws, f.word)
		}
	}

	ref := b.at
	if b.which == 1 {
		ref = b.at - 1
	}
	refSent := int(p.sentOf[ref])
	for x := lo; x <= hi; x++ {
		// Token x − base (x's first token) and the one before it, as the boundary's inside
		// token, the outside one, and the next outside.
		in, o, o2 := &at[(x-base)&(refineFacts-1)], &at[(x-1-base)&(refineFacts-1)], &at[(x-2-base)&(refineFacts-1)]
		if b.which == 1 {
			in, o, o2 = o, in, &at[(x+1-base)&(refineFacts-1)]
		}
		d := x - b.at
		off, sg := max(-4, min(4, d))+4, 1
		switch {
		case d > 0:
			sg = 2
		case d < 0:
			sg = 0
		}
		posIn, posOut := int(in.pos), int(o.pos)
		qIn, qOut := int(in.qk), int(o.qk)
		if qOut != 0 && in.q == o.q {
			qOut += 2
		}
		edge := 0
		if o.sent != in.sent {
			edge = 1
		}
		cross := max(-2, min(2, int(in.sent)-refSent)) + 2
		length, near := b.fixed-x, x-c.end
		if b.which == 1 {
			length = x - b.fixed
		}
		if b.side == 0 {
			near = c.start - x
		}
		mk := int(marks[x-lo])
		s := t.off[off] + t.pos[posIn][posOut] + t.posOff[posOut][sg] +
			t.sentEdge[edge][qIn][sg] + t.sentCross[cross][edge] + t.quote[qIn][qOut] +
			t.cue[o.cue][sg] + t.dir[sg] + t.length[distBucket(length)] + t.near[distBucket(max(near, 0))] +
			t.bal[mk][qIn]
		// The word features, added in order (a feature without a weight adds 0): the three
		// of a word alone kept by token, the fourth, of the outside word and the inside
		// part of speech, looked up, with the filter (refineWeights.has) answering most of
		// those the refiner has no weight for.
		s += in.ws[0]
		s += o.ws[1]
		s += o2.ws[2]
		if h := uint64(ws[3].U64(o.word).Int(posIn)); w.has(h) {
			s += w.find(h)
		}
		out[x-lo] = s
	}
	return out
}

// refineFacts is the size of pointScores' window of token facts: a power of two above the
// tokens it reads, 2·refineReach + 4.
const refineFacts = 32

// pointToken is what pointScores reads of a token.
type pointToken struct {
	word    uint64     // prep.word
	ws      [3]float32 // the refiner's weights of word in the boundary's hashed word features
	q, sent int32      // prep.quote, prep.sentOf (−1 outside the document)
	pos     uint8      // prep.posAt
	qk      uint8      // 0 outside quotation, 1 inside, 2 a quotation mark
	cue     uint8      // 0 no cue's, 1 another cue's, 2 the cue's own
}

// refineWordWeights returns the refiner's weights w of word h in the three hashed features
// that read the word alone, with seeds ws: what wordCache.refineWords keeps.
func refineWordWeights(w *refineWeights, ws *[nWordFeats]learn.Hash, h uint64) [3]float32 {
	return [3]float32{w.get(ws[0].U64(h)), w.get(ws[1].U64(h)), w.get(ws[2].U64(h))}
}

// isMark is 1 when token t is a quotation mark, else 0.
func (p *prep) isMark(t int) int {
	if p.d.Tokens[t].Kind == document.Quote {
		return 1
	}
	return 0
}

// refineExample is one boundary of a predicted content in training: the features of each
// candidate point, and which are the gold and the tagger's.
type refineExample struct {
	feats      [][]learn.Hash
	gold, pred int
}

// refineExamples collects the refiner's training examples from the taggers' relations pred
// of a training document: each content whose cue overlaps a gold relation's gives its first
// start and last end, with the gold segment each overlaps most as the target, when the
// target is a candidate.
func refineExamples(p *prep, pred []relation, gold []goldRel, out []refineExample) []refineExample {
	overlap := func(a, b tokRange) int { return max(0, min(a.end, b.end)-max(a.start, b.start)) }
	for _, r := range pred {
		var g *goldRel
		bestO := 0
		for k := range gold {
			if overlap(gold[k].cue, r.cue) == 0 {
				continue
			}
			o := 0
			for _, x := range r.content {
				for _, y := range gold[k].content {
					o += overlap(x, y)
				}
			}
			if o > bestO {
				g, bestO = &gold[k], o
			}
		}
		if g == nil {
			continue
		}
		a, z := window(p, r.cue.start)
		mostOf := func(x tokRange) tokRange {
			var best tokRange
			bo := 0
			for _, y := range g.content {
				if o := overlap(x, y); o > bo {
					best, bo = y, o
				}
			}
			return best
		}
		for which, seg := range []tokRange{r.content[0], r.content[len(r.content)-1]} {
			target := mostOf(seg)
			if target.empty() {
				continue
			}
			b := boundary{which: which, side: sideOf(seg, r.cue), at: seg.start, fixed: seg.end}
			want := target.start
			if which == 1 {
				b.at, b.fixed, want = seg.end, seg.start, target.end
			}
			lo, hi := refineCands(p, b, r.cue, a, z)
			if want < lo || want > hi || b.at < lo || b.at > hi {
				continue
			}
			ex := refineExample{gold: want - lo, pred: b.at - lo}
			for x := lo; x <= hi; x++ {
				ex.feats = append(ex.feats, p.refineFeats(nil, b, r.cue, x))
			}
			out = append(out, ex)
		}
	}
	return out
}

// trainRefiner trains the refiner's ranking perceptron on examples for epochs passes, in
// order, and returns the averaged weights, keyed by the features' hashes.
func trainRefiner(examples []refineExample, epochs int, prune float32) (keys []uint64, vals []float32) {
	t := learn.NewTrainer(1)
	var s [1]float32
	for range epochs {
		for _, ex := range examples {
			s[0] = refineMargin
			t.Score(ex.feats[ex.pred], s[:])
			best, bestS := ex.pred, s[0]
			for i, f := range ex.feats {
				if i == ex.pred {
					continue
				}
				s[0] = 0
				t.Score(f, s[:])
				if s[0] > bestS {
					best, bestS = i, s[0]
				}
			}
			if best != ex.gold {
				t.Update(ex.feats[ex.gold], 0, 1)
				t.Update(ex.feats[best], 0, -1)
			}
			t.Tick()
		}
	}
	avg := t.Averaged(prune)
	seen := map[learn.Hash]bool{}
	for _, ex := range examples {
		for _, f := range ex.feats {
			for _, h := range f {
				if seen[h] {
					continue
				}
				seen[h] = true
				if v := avg.Vec(h); v != nil {
					keys = append(keys, uint64(h))
				}
			}
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		vals = append(vals, avg.Vec(learn.Hash(k))[0])
	}
	return keys, vals
}

// forget drops what p cached for a model (static role scores, word rows and the tables
// Model.prepare builds with them) and the cue marks, so that another model may read the
// document. (p.cues and p.words know their model.)
func (p *prep) forget() {
	p.done[0], p.done[1], p.rowOff = p.done[0][:0], p.done[1][:0], p.rowOff[:0]
	clear(p.isCue)
}
