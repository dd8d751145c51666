package attrib

import (
	"math"
	"slices"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/hugepage"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
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
// content exact F1 53.3 → 55.0, relation 61.8 → 61.9, source and cue unchanged. The parts of
// speech of the two tokens outside a point together ("… stories | and criticizing") added
// relation F1 +0.2 on dev and content F1 +0.2 on train.
//
// It decides the end of a source the same way, with weights of its own, where a source is
// most often wrong: an apposition or clause left out or taken in ("Smith, a spokesman,").
// PolNeAR dev: source exact F1 70.5 → 70.7 (train 72.9 → 73.7).

// Settings of the refiner, chosen on PolNeAR dev among a few. Those of sources follow the
// tagger's errors on PolNeAR train, where the sources whose cue it finds exactly and whose
// source overlaps the gold one end wrongly 1% of the time when they have one token, 6% when
// two, 14% when more; two thirds of the wrong ends lie within 5 tokens of the gold ones.
const (
	refineReach       = 10  // tokens a content boundary may move
	refineSourceReach = 5   // tokens the end of a source may move
	refineMinSource   = 3   // tokens in the shortest source refined
	refineMargin      = 0.5 // how much better than the tagger's point another must score
	refineEpochs      = 10  // passes of training
	refinePrune       = 0.1 // averaged weights smaller than this are dropped
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
	bPOS2
	bFar
	bFarPOS
	bFarWord
	bFarAt
	bFarDist
)

// Roles of the segments that the refiner decides boundaries of (boundary.role).
const (
	refContent = iota
	refSource
)

// boundary is one end of a segment being refined: role is refContent or refSource (of a
// source, only the end is refined); which is 0 for a start, 1 for an end; side is 0 for a
// segment before the cue, 1 after.
type boundary struct {
	role, which, side int
	at                int        // the tagger's boundary: a start token, or an end (exclusive)
	fixed             int        // the other end of the segment, which stays
	stop              []tokRange // segments the boundary may not pass (a source's content)
}

// stops reports whether token t lies in one of b.stop.
func (b *boundary) stops(t int) bool {
	for _, r := range b.stop {
		if t >= r.start && t < r.end {
			return true
		}
	}
	return false
}

// kind is the index that every refiner feature is conjoined with: a content's starts and ends
// before and after the cue (0–3) and a source's ends before and after it (4, 5) each have
// weights of their own.
func (b boundary) kind() int {
	if b.role == refSource {
		return 4 + b.side
	}
	return b.which*2 + b.side
}

// refineCands returns the candidate points [lo, hi] of boundary b of cue c in the role
// window [a, z): within refineReach of the tagger's point, on the segment's side of the cue,
// leaving the segment a token, and passing no other cue (whose content is its own) and none
// of b.stop.
func refineCands(p *prep, b boundary, c tokRange, a, z int) (lo, hi int) {
	lo, hi = b.at-refineReach, b.at+refineReach
	if b.role == refSource {
		lo, hi = b.at-refineSourceReach, b.at+refineSourceReach
	}
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
	other := func(t int) bool { return p.isCue[t] && (t < c.start || t >= c.end) || b.stops(t) }
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
	posOut2       int // the part of speech of out2
	qIn, qOut     int // quotation of in: 0 none, 1 inside, 2 a mark; of out: the same, +2 in in's
	edge          int // 1 when x is a sentence boundary
	cross         int // sentences between the tagger's point and x, clamped to ±2, +2
	outCue        int // out is 1 another cue's, 2 the cue's own, 3 in a segment of b.stop
	length        int // distBucket of the segment's length
	near          int // distBucket of x's distance from the cue
	marks         int // quotation marks in the segment, at most 3
}

// Domains of refineVals' fields.
const (
	nKind  = 6
	nOff   = 9
	nSign  = 3
	nQIn   = 3
	nQOut  = 5
	nCross = 5
	nCueO  = 4
	nMarks = 4
)

// marks returns the quotation marks in the segment of boundary b moved to point x:
// refineVals' marks before clamping. (pointOnly keeps the count as it moves x one token
// at a time.)
func (p *prep) marks(b boundary, x int) int {
	n, toks := 0, p.d.Tokens[min(x, b.fixed):max(x, b.fixed)]
	for i := range toks {
		if toks[i].Kind == document.Quote {
			n++
		}
	}
	return n
}

// setOff sets v's off and sg for a point d tokens after the tagger's.
func (v *refineVals) setOff(d int) {
	v.off, v.sg = max(-4, min(4, d))+4, 0
	switch {
	case d > 0:
		v.sg = 2
	case d == 0:
		v.sg = 1
	}
}

func (p *prep) refineVals(v *refineVals, b boundary, c tokRange, x, marks int) {
	n := len(p.norm)
	*v = refineVals{k: b.kind(), in: x, out: x - 1, out2: x - 2}
	if b.which == 1 {
		v.in, v.out, v.out2 = x-1, x, x+1
	}
	v.setOff(x - b.at)
	v.posIn, v.posOut, v.posOut2 = p.posAt(v.in), p.posAt(v.out), p.posAt(v.out2)
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
	} else if !outside && b.stops(v.out) {
		v.outCue = 3
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
func fbPOS2(k, out, out2 int) learn.Hash     { return learn.Seed(bPOS2).Int(k).Int(out).Int(out2) }

// The end of a content may also jump beyond refineReach, to a point where a sentence or a
// clause ends (farKind): the tagger stops a content short of its sentence's end at a comma
// ("… recently released polls | , including ones showing …") or runs it past a clause that
// gold leaves out ("… their approach | , despite weeks of …") more than refineReach tokens
// from the gold end, where the near points cannot reach (PolNeAR train: 232 contents whose
// start is right stop that far short of a gold end at their sentence's end, 233 run that far
// past one). Such far points are candidates beside the near ones, scored by the same features
// and by a few of their own (farFeats), and the refiner learns when to jump from the training
// contents whose gold end is one of them, which it left out before. PolNeAR dev: content
// exact F1 55.9 → 56.3, relation 62.8 → 63.3, source and cue unchanged (train 64.3 → 64.9,
// 68.4 → 68.8). Of the 62 dev contents whose gold end is a far point, 18 now end there; 12
// others jump where they should not. Almost all the gain is at sentences' ends: a clause's
// end is gold for one in twenty-five of the commas before a conjunction, subordinator or
// wh-word that the refiner is offered, and no feature tried separated those (the words either
// side of the tagger's end, the parts of speech after it, whether the stretch jumped holds a
// finite verb, a quotation or commas, the kind of the tagger's end): each moved dev content
// F1 by −0.4 to +0.0. Letting the end jump to later sentences' ends within the window, or
// offering only sentences' ends and verbs, did no better either. The far points cost the
// model 1.3% more instructions (callgrind, BenchmarkStatementsPolNeAR): about one content end
// in six has any, and finding them reads the tokens between.

// Kinds of far candidate point x, where the segment ends before token x (farKind).
const (
	farNone      = iota
	farSentEnd   // the end of a sentence
	farSentPunct // before a sentence's final punctuation
	farClause    // before a comma or semicolon that a conjunction, subordinator, wh-word or participle follows
	farDash      // before a dash or semicolon
	farVerb      // before a coordinating conjunction, without a comma, that a finite verb follows
)

// farKind returns the kind of point x as a far candidate: farNone when it is not one.
func (p *prep) farKind(x int) int {
	n := len(p.norm)
	if x <= 0 || x > n {
		return farNone
	}
	if x == n || p.sentOf[x] != p.sentOf[x-1] {
		return farSentEnd
	}
	tag := pos.Tag(p.posAt(x))
	if tag != pos.Period && tag != pos.CC && p.d.Tokens[x].Kind != document.Punct {
		return farNone // most tokens, at once
	}
	next := pos.Tag(p.posAt(x + 1))
	if tag == pos.Period && (x+1 == n || p.sentOf[x+1] != p.sentOf[x] || p.d.Tokens[x+1].Kind == document.Quote) {
		return farSentPunct
	}
	switch w := p.norm[x]; {
	case (w == "," || w == ";") && (next == pos.CC || next == pos.IN || next == pos.WDT || next == pos.WP || next == pos.WRB || next == pos.VBG):
		return farClause
	case w == ";" || w == "—" || w == "–" || w == "--":
		return farDash
	case tag == pos.CC && pos.Tag(p.posAt(x-1)) != pos.Comma && (next == pos.VBD || next == pos.VBZ || next == pos.VBP):
		return farVerb
	}
	return farNone
}

// farPoint is a far candidate point of a content's end and its farKind.
type farPoint struct{ x, kind int }

// farCands appends to out the far candidate points of boundary b of cue c, whose near ones
// are [lo, hi] in a role window that ends at z: for the end of a content whose near points reach
// refineReach tokens towards the segment's start, the points of a kind (farKind) between its
// start and them; towards the sentence's end, those up to it, passing no other cue and none of
// b.stop, and, before the cue, not passing it.
func (p *prep) farCands(b boundary, c tokRange, z, lo, hi int, out []farPoint) []farPoint {
	if b.role != refContent || b.which != 1 {
		return out
	}
	if lo == b.at-refineReach {
		for x := lo - 1; x > b.fixed; x-- {
			if k := p.farKind(x); k != farNone {
				out = append(out, farPoint{x, k})
			}
		}
	}
	if hi == b.at+refineReach {
		limit := min(z, p.d.Sentences[p.sentOf[b.at-1]].EndToken)
		if b.side == 0 {
			limit = min(limit, c.start)
		}
		for x := hi + 1; x <= limit; x++ {
			if t := x - 1; p.isCue[t] && (t < c.start || t >= c.end) || b.stops(t) {
				break
			}
			if k := p.farKind(x); k != farNone {
				out = append(out, farPoint{x, k})
			}
		}
	}
	return out
}

// The far points' templates: the point's kind and direction from the tagger's point (bFar),
// with the part of speech after it (bFarPOS) or the word (bFarWord), with the parts of speech
// either side of the tagger's point (bFarAt), and with the point's distance beyond the
// near ones (bFarDist).
func fbFar(k, kind, sg int) learn.Hash { return learn.Seed(bFar).Int(k).Int(kind).Int(sg) }
func fbFarPOS(k, kind, sg, t int) learn.Hash {
	return learn.Seed(bFarPOS).Int(k).Int(kind).Int(sg).Int(t)
}
func fbFarAt(k, kind, sg, in, out int) learn.Hash {
	return learn.Seed(bFarAt).Int(k).Int(kind).Int(sg).Int(in).Int(out)
}
func fbFarDist(k, kind, sg, d int) learn.Hash {
	return learn.Seed(bFarDist).Int(k).Int(kind).Int(sg).Int(d)
}

// farFeats appends the features of far point fp of boundary b that near points do not have.
func (p *prep) farFeats(f []learn.Hash, b boundary, fp farPoint) []learn.Hash {
	k, x, sg := b.kind(), fp.x, 0
	if x > b.at {
		sg = 1
	}
	return append(f,
		fbFar(k, fp.kind, sg),
		fbFarPOS(k, fp.kind, sg, p.posAt(x+1)),
		learn.Seed(bFarWord).Int(k).Int(fp.kind).U64(p.word(x+1)),
		fbFarAt(k, fp.kind, sg, p.posAt(b.at-1), p.posAt(b.at)),
		fbFarDist(k, fp.kind, sg, distBucket(max(x-b.at, b.at-x)-refineReach)),
	)
}

// farScore returns the refiner's score of far point fp of boundary b of cue c: that of its
// features as a near point's (pointScore), then those of farFeats.
func (m *Model) farScore(p *prep, b boundary, c tokRange, fp farPoint) float32 {
	s := m.pointScore(p, b, c, fp.x, p.marks(b, fp.x))
	var buf [nFarFeats]learn.Hash
	for _, h := range p.farFeats(buf[:0], b, fp) {
		s += m.refiner.get(h)
	}
	return s
}

// nFarFeats is the number of farFeats' features.
const nFarFeats = 5

// pointScore is the refiner's score of moving boundary b of cue c to point x, the segment
// then holding marks quotation marks, read as refineVals gives its parts: what pointScores
// computes for the near points in passes, written plainly, for the far ones.
func (m *Model) pointScore(p *prep, b boundary, c tokRange, x, marks int) float32 {
	var v refineVals
	p.refineVals(&v, b, c, x, marks)
	t := &m.refineT[v.k]
	s := t.off[v.off] + t.pos[v.posIn][v.posOut] + t.posOff[v.posOut][v.sg] +
		t.sentEdge[v.edge][v.qIn][v.sg] + t.sentCross[v.cross][v.edge] + t.quote[v.qIn][v.qOut] +
		t.cue[v.outCue][v.sg] + t.dir[v.sg] + t.length[v.length] + t.near[v.near] +
		t.bal[v.marks][v.qIn] + t.pos2[v.posOut][v.posOut2]
	ws := &t.seeds
	out := p.word(v.out)
	w := m.refiner
	return s + w.get(ws[0].U64(p.word(v.in))) + w.get(ws[1].U64(out)) + w.get(ws[2].U64(p.word(v.out2))) +
		w.get(ws[3].U64(out).Int(v.posIn))
}

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
		fbPOS2(k, v.posOut, v.posOut2),
	)
}

// refineDense holds the weights of the refiner's small-integer templates by boundary kind
// and their parts.
type refineDense [nKind]refineKind

type refineKind struct {
	off       [nOff]float32
	pos       [nPOS][nPOS]float32
	pos2      [nPOS][nPOS]float32
	posOff    [nPOS][nSign]float32
	sentEdge  [2][nQIn][nSign]float32
	sentCross [nCross][2]float32
	quote     [nQIn][nQOut]float32
	cue       [nCueO][nSign]float32
	dir       [nSign]float32
	length    [nDB]float32
	near      [nDB]float32
	bal       [nMarks][nQIn]float32
	seeds     [nWordFeats]learn.Hash // wordSeeds of the kind

	// The templates of a point alone by its distance from the tagger's (bOff and bDir, and
	// the sign), +refineReach, and by the segment's length (bLen) and the point's distance
	// from the cue (bNear) up to maxBucketed, beyond which the bucket does not change.
	byDist [2*refineReach + 1]struct {
		off, dir float32
		sg       uint8
	}
	lengthTo, nearTo [maxBucketed + 1]float32
}

// maxBucketed is the first distance of distBucket's last bucket.
const maxBucketed = 21

func newRefineDense(w *refineWeights) *refineDense {
	t := new(refineDense)
	at := w.get
	for k := range nKind {
		t[k].seeds = wordSeeds(k)
		for d := -refineReach; d <= refineReach; d++ {
			var v refineVals
			v.setOff(d)
			e := &t[k].byDist[d+refineReach]
			e.off, e.dir, e.sg = at(fbOff(k, v.off)), at(fbDir(k, v.sg)), uint8(v.sg)
		}
		for d := range maxBucketed + 1 {
			t[k].lengthTo[d], t[k].nearTo[d] = at(fbLen(k, distBucket(d))), at(fbNear(k, distBucket(d)))
		}
		for o := range nOff {
			t[k].off[o] = at(fbOff(k, o))
		}
		for a := range nPOS {
			for b := range nPOS {
				t[k].pos[a][b] = at(fbPOS(k, a, b))
				t[k].pos2[a][b] = at(fbPOS2(k, a, b))
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
	keys    []uint64 // learn.Hash of each feature (Model.WriteTo writes them in the order of their slots)
	vals    []float32
	slots   []refineSlot // open addressing; key 0 marks an empty slot
	shift   uint
	zero    float32  // the weight of the feature whose hash is 0, if any
	top     float32  // the largest weight, or 0 when all are below: no feature adds more
	present []uint64 // bit k&pmask is set when a feature's hash k may be in slots
	pmask   uint64
	mem     *hugepage.Arena // slots' memory
}

type refineSlot struct {
	key uint64
	val float32
}

// refineShift is the shift of the table of n features: a feature's home slot is the top bits
// of its hash times a constant (slot), a table of at least 2n slots.
func refineShift(n int) uint {
	shift := uint(64 - 4)
	for 1<<(64-shift) < 2*n {
		shift--
	}
	return shift
}

func newRefineWeights(keys []uint64, vals []float32) *refineWeights {
	w := &refineWeights{keys: keys, vals: vals, shift: refineShift(len(keys)), mem: hugepage.NewArena()}
	// On huge pages, as the other tables of a megabyte or more (package hugepage): made with
	// make, its 1 MB took 256 page faults to load, and as many entries of the processor's
	// translation cache to read.
	w.slots = hugepage.Alloc[refineSlot](w.mem, 1<<(64-w.shift))
	mask := uint64(len(w.slots) - 1)
	bits := 64
	for bits < 8*len(keys) {
		bits <<= 1
	}
	w.present, w.pmask = make([]uint64, bits/64), uint64(bits-1)
	for i, k := range keys {
		w.top = max(w.top, vals[i])
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

func (w *refineWeights) slot(k uint64) uint64 { return (k * refineMul) >> w.shift }

// refineMul spreads a feature's hash over the bits slot takes.
const refineMul = 0x9e3779b97f4a7c15

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

// refine moves the start of the first of content segs and the end of the last, and the end
// of source src, of cue c in the role window [a, z), where the refiner prefers other points;
// it returns the source. The source moves after the content, and never into it, and only
// where refinesSource says, for time: a source's boundary costs about as much as a
// content's, and deciding the ends of all sources of three tokens or more took the model
// 1.2% more time for 0.2 more source F1 on PolNeAR dev.
func (m *Model) refine(p *prep, segs []tokRange, src, c tokRange, a, z int) tokRange {
	if len(segs) == 0 {
		return src
	}
	last := &segs[len(segs)-1]
	last.end = m.bestPoint(p, boundary{which: 1, side: sideOf(*last, c), at: last.end, fixed: last.start}, c, a, z)
	first := &segs[0]
	first.start = m.bestPoint(p, boundary{which: 0, side: sideOf(*first, c), at: first.start, fixed: first.end}, c, a, z)
	if !p.refinesSource(src) {
		return src
	}
	src.end = m.bestPoint(p, boundary{role: refSource, which: 1, side: sideOf(src, c), at: src.end, fixed: src.start, stop: segs}, c, a, z)
	return src
}

// refinesSource reports whether the refiner decides the end of source src: one of
// refineMinSource tokens or more that holds a comma or a parenthesis or is followed by one,
// where four in five of the wrong ends of such sources lie (PolNeAR train: appositions,
// "Smith, a spokesman,"; relative clauses; "(R-Tex.)").
func (p *prep) refinesSource(src tokRange) bool {
	if src.end-src.start < refineMinSource {
		return false
	}
	for t := src.start; t < min(src.end+1, len(p.norm)); t++ {
		if w := p.norm[t]; w == "," || w == "(" {
			return true
		}
	}
	return false
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
	scores := m.pointScores(p, b, c, lo, hi, buf[:0], true)
	best, bestS := b.at, scores[b.at-lo]+refineMargin
	for i, s := range scores {
		if s > bestS {
			best, bestS = lo+i, s
		}
	}
	sc := &p.refineScratch
	sc.far = p.farCands(b, c, z, lo, hi, sc.far[:0])
	for _, fp := range sc.far {
		if s := m.farScore(p, b, c, fp); s > bestS {
			best, bestS = fp.x, s
		}
	}
	return best
}

// pointScores appends to out the refiner's scores of boundary b's candidate points [lo, hi],
// which hold the tagger's: the same as scoring refineFeats with the model's weights, summed
// in the same order (TestPointScoresExact).
//
// With bound, a point that cannot score above the tagger's point by refineMargin, all that
// bestPoint asks of it, may be given a bound of its score instead, no greater than that
// (TestBestPointBound): its fourth word feature, whose lookup misses the caches, is then
// not looked up. The features are added one at a time, the fourth last, and a rounded sum
// does not fall as an addend grows, so a point's score is at most its sum of the others
// plus the refiner's largest weight (refineWeights.top); on PolNeAR dev that bound rules
// out 19 points in 20.
//
// It finds the parts that prep.refineVals gives in passes, so that the loop that sums the
// weights has few values to keep and no branches on the boundary: what depends only on the
// point (pointOnly), what depends only on a token (pointTokens), then each point from those
// of its point and of its three tokens.
func (m *Model) pointScores(p *prep, b boundary, c tokRange, lo, hi int, out []float32, bound bool) []float32 {
	np := hi - lo + 1
	out = grow(out, np)
	kind := b.kind()
	t, w := &m.refineT[kind], m.refiner
	sc := &p.refineScratch
	xs := sc.xs[:np]
	m.pointOnly(p, b, c, lo, xs)
	m.pointTokens(p, b, c, lo-2, hi+1, &sc.at)

	// Offsets from x − lo of the tokens a point x reads: its inside token, the outside one
	// and the next outside (refineVals), in the window of pointTokens, which starts at lo−2.
	dIn, dOut, dOut2 := 2, 1, 0
	if b.which == 1 {
		dIn, dOut, dOut2 = 1, 2, 3
	}
	at := &sc.at
	// The fourth word feature of the tagger's point, whose lookup misses the caches, looked
	// up first, so that the loop below runs while it waits; it is added after the loop's sum,
	// as before.
	k := b.at - lo
	fourth := m.fourthWeight(t, at, k+dOut, k+dIn)
	// All but the fourth word feature.
	for i := range xs {
		xi := &xs[i]
		in, o, o2 := &at[(i+dIn)&(refineFacts-1)], &at[(i+dOut)&(refineFacts-1)], &at[(i+dOut2)&(refineFacts-1)]
		posIn, posOut, qIn, sg := in.pos, o.pos, in.qk, xi.sg
		qOut := o.qk
		if qOut != 0 && in.q == o.q {
			qOut += 2
		}
		edge := 0
		if o.sent != in.sent {
			edge = 1
		}
		s := xi.off + t.pos[posIn][posOut] + t.posOff[posOut][sg] +
			t.sentEdge[edge][qIn][sg] + t.sentCross[in.cross][edge] + t.quote[qIn][qOut] +
			t.cue[o.cue][sg] + xi.dir + xi.length + xi.near + t.bal[xi.marks][qIn] + t.pos2[posOut][o2.pos]
		// The word features, added in order (a feature without a weight adds 0): the three
		// of a word alone kept by token.
		s += in.ws[0]
		s += o.ws[1]
		s += o2.ws[2]
		out[i] = s
	}
	// The fourth, of the outside word and the inside part of speech, looked up: the
	// tagger's point first, whose score bounds the others'.
	out[k] += fourth
	floor, top := float32(math.Inf(-1)), w.top
	if bound {
		floor = out[k] + refineMargin
	}
	for i := range out {
		if i == k {
			continue
		}
		if out[i]+top <= floor {
			out[i] += top
			continue
		}
		out[i] += m.fourthWeight(t, at, i+dOut, i+dIn)
	}
	return out
}

// fourthWeight returns the weight of the refiner's fourth word feature (refineWordFeats) of
// the boundaries of t's kind, of the outside token at[o] and the inside one at[in], 0 when it
// has none; the filter (refineWeights.has) answers most of those the refiner has no weight
// for.
func (m *Model) fourthWeight(t *refineKind, at *[refineFacts]pointToken, o, in int) float32 {
	w := m.refiner
	if h := uint64(t.seeds[3].U64(at[o&(refineFacts-1)].word).Int(int(at[in&(refineFacts-1)].pos))); w.has(h) {
		return w.find(h)
	}
	return 0
}

// refineScratch is the refiner's scratch space, kept in a prep so that it is not cleared for
// every boundary.
type refineScratch struct {
	at  [refineFacts]pointToken
	xs  [2*refineReach + 1]pointPart
	far []farPoint // bestPoint's far candidates
}

// pointPart is what pointScores reads of a candidate point alone: the weights of the
// templates that read only the point's distance from the tagger's (bOff, bDir), the
// segment's length (bLen) and the point's distance from the cue (bNear), and the parts
// refineVals calls sg and marks.
type pointPart struct {
	off, dir, length, near float32
	sg, marks              uint8
}

// pointOnly fills xs[x−lo] with the parts of boundary b's candidate points x from lo.
func (m *Model) pointOnly(p *prep, b boundary, c tokRange, lo int, xs []pointPart) {
	t := &m.refineT[b.kind()]
	// The point's distance from the tagger's, the segment's length and the point's
	// distance from the cue, each a step from the point before.
	d, length, near := lo-b.at+refineReach, b.fixed-lo, lo-c.end
	dl, dn := -1, 1
	if b.which == 1 {
		length, dl = lo-b.fixed, 1
	}
	if b.side == 0 {
		near, dn = c.start-lo, -1
	}
	for i := range xs {
		// Set field by field: a composite literal goes through the stack. (d is at most
		// 2·refineReach: min spares a bounds check.)
		xi, dd := &xs[i], &t.byDist[min(uint(d), 2*refineReach)]
		xi.off, xi.dir, xi.sg = dd.off, dd.dir, dd.sg
		xi.length, xi.near = t.lengthTo[min(uint(length), maxBucketed)], t.nearTo[min(uint(max(near, 0)), maxBucketed)]
		d, length, near = d+1, length+dl, near+dn
	}
	// The segment's quotation marks with the boundary at x, clamped, counted from the
	// tagger's point: towards the segment's start an end leaves marks out and a start
	// takes them in.
	dm := -1
	if b.which == 0 {
		dm = 1
	}
	k0 := p.marks(b, b.at)
	xs[b.at-lo].marks = uint8(min(k0, 3))
	k := k0
	for x := b.at - 1; x >= lo; x-- {
		k += dm * p.isMark(x)
		xs[x-lo].marks = uint8(min(k, 3))
	}
	k = k0
	for x := b.at + 1; x < lo+len(xs); x++ {
		k -= dm * p.isMark(x-1)
		xs[x-lo].marks = uint8(min(k, 3))
	}
}

// pointTokens fills at[tk−from] with the facts of tokens [from, to] for the points of
// boundary b of cue c; tokens outside the document have none but their word, and a sentence
// that no token's is, so that a point beside one is a sentence's edge.
func (m *Model) pointTokens(p *prep, b boundary, c tokRange, from, to int, at *[refineFacts]pointToken) {
	kind := b.kind()
	ws := &m.refineT[kind].seeds
	w, n := m.refiner, len(p.norm)
	ref := b.at
	if b.which == 1 {
		ref = b.at - 1
	}
	refSent := p.sentOf[ref]
	// The weights of the tokens' words, kept by word when p has a word cache.
	var known [][nKind][3]float32
	if p.cached {
		p.words.refineRoom()
		known = p.words.refine
	}
	for tk := from; tk <= to; tk++ {
		if tk < 0 || tk >= n {
			word := p.word(tk)
			at[(tk-from)&(refineFacts-1)] = pointToken{word: word, ws: refineWordWeights(w, ws, word), sent: -1}
		}
	}
	// The tokens in the document, by j = tk − first, from the stretches of the per-token
	// views, which the loop indexes without bounds checks and without reloading them.
	first, end := max(from, 0), min(to+1, n)
	if first >= end {
		return
	}
	quote, sentOf, wordH, isCue := p.quote[first:end], p.sentOf[first:end], p.wordH[first:end], p.isCue[first:end]
	tags, toks := p.tabs.pos[first+1:end+1], p.d.Tokens[first:end]
	var wordIdx []int32
	if known != nil {
		wordIdx = p.wordIdx[first:end]
		// The words' weights miss the caches, and the loop below, long and with branches,
		// has few of its misses in flight at once: a pass that only reads them, with no
		// branch on what they hold, has all of them in flight.
		kd, t := min(uint(kind), nKind-1), float32(0)
		for _, i := range wordIdx {
			t += known[i][kd][0]
		}
		p.sink += math.Float32bits(t)
	}
	for j := range quote {
		f := &at[(first+j-from)&(refineFacts-1)]
		// Set field by field: a composite literal goes through the stack.
		q, sent := quote[j], sentOf[j]
		f.word, f.q, f.sent, f.pos = wordH[j], q, sent, tags[j]
		f.cross, f.qk, f.cue = uint8(max(-2, min(2, sent-refSent))+2), 0, 0
		if known != nil {
			i := wordIdx[j]
			if f.ws = known[i][min(uint(kind), nKind-1)]; f.ws[0] != f.ws[0] { // NaN: not yet known
				f.ws = p.words.refineWords(kind, i, ws)
			}
		} else {
			f.ws = refineWordWeights(w, ws, f.word)
		}
		if q != 0 {
			f.qk = 1
			if toks[j].Kind == document.Quote {
				f.qk = 2
			}
		}
		if isCue[j] {
			f.cue = 1
			if tk := first + j; tk >= c.start && tk < c.end {
				f.cue = 2
			}
		} else if len(b.stop) > 0 && b.stops(first+j) {
			f.cue = 3
		}
	}
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
	cue     uint8      // 0 no cue's, 1 another cue's, 2 the cue's own, 3 in a segment of b.stop
	cross   uint8      // sentences from the tagger's point's, clamped to ±2, +2 (refineVals)
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
// start and last end, with the gold segment each overlaps most as the target, and its source,
// where the refiner decides it and it overlaps the gold one, its end; each when the target
// is a candidate.
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
			b := boundary{which: which, side: sideOf(seg, r.cue)}
			out = refineExample1(p, out, b, seg, mostOf(seg), r.cue, a, z)
		}
		if p.refinesSource(r.src) && overlap(r.src, g.src) > 0 {
			b := boundary{role: refSource, which: 1, side: sideOf(r.src, r.cue), stop: r.content}
			out = refineExample1(p, out, b, r.src, g.src, r.cue, a, z)
		}
	}
	return out
}

// refineExample1 appends the example of boundary b (its role, which and side set) of
// segment seg of cue c, in the window [a, z), whose gold segment is target, when the target's
// boundary is a candidate, near or far: the near points' features come first, then the far
// ones' (farCands).
func refineExample1(p *prep, out []refineExample, b boundary, seg, target, c tokRange, a, z int) []refineExample {
	if target.empty() {
		return out
	}
	want := target.start
	b.at, b.fixed = seg.start, seg.end
	if b.which == 1 {
		b.at, b.fixed, want = seg.end, seg.start, target.end
	}
	lo, hi := refineCands(p, b, c, a, z)
	if b.at < lo || b.at > hi {
		return out
	}
	far := p.farCands(b, c, z, lo, hi, nil)
	ex := refineExample{gold: -1, pred: b.at - lo}
	if want >= lo && want <= hi {
		ex.gold = want - lo
	}
	for x := lo; x <= hi; x++ {
		ex.feats = append(ex.feats, p.refineFeats(nil, b, c, x))
	}
	for _, fp := range far {
		if fp.x == want {
			ex.gold = len(ex.feats)
		}
		ex.feats = append(ex.feats, p.farFeats(p.refineFeats(nil, b, c, fp.x), b, fp))
	}
	if ex.gold < 0 {
		return out
	}
	return append(out, ex)
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
