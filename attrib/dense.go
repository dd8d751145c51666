package attrib

import (
	"math"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
)

const quoteCueClasses = quote.CueClasses

// Prediction spends most of its time in the role tagger, which scores every token of a
// three-sentence window once per cue. Most role features are products of a few small
// integers (roleVals) and, at most, the cue's words; looking each up in the hashed weight
// table would cost a cache miss apiece. A trained model therefore expands them once: the
// cue-independent ones into roleDense when the model is built, the cue-dependent ones into a
// cueTable when a cue first needs them. The scores are the same sums of the same weights as
// roleFeats gives in training; only the order of addition differs.

type vec [nRole]float32

func vecOf(w *learn.Weights, h learn.Hash) (v vec) {
	copy(v[:], w.Vec(h))
	return v
}

func (v *vec) add(x *vec) {
	v[0] += x[0]
	v[1] += x[1]
	v[2] += x[2]
	v[3] += x[3]
	v[4] += x[4]
}

// plus returns e0…e4 plus v, for sums kept in variables.
func (v *vec) plus(e0, e1, e2, e3, e4 float32) (float32, float32, float32, float32, float32) {
	return e0 + v[0], e1 + v[1], e2 + v[2], e3 + v[3], e4 + v[4]
}

// Domains of roleVals' fields (sent is stored shifted by 2).
const (
	nDir     = 2 // tokens inside the cue are never scored
	nDB      = 9
	nSent    = 5
	nQ       = 6
	nEdge    = 4
	nOther   = 2
	nCommas  = 4
	nBetween = 3
)

// roleDense holds the weights of the cue-independent templates, indexed by their parts.
type roleDense struct {
	bias      [nDir]vec
	dist      [nDir][nDB]vec
	sent      [nDir][nSent]vec
	quote     [nDir][nQ]vec
	commas    [nDir][nCommas][nSent]vec
	other     [nDir][nOther]vec
	edge      [nDir][nEdge][nQ]vec
	between   [nDir][nBetween][nOther]vec
	sentQuote [nDir][nSent][nQ]vec
	distPOS   [nDir][nDB][nPOS]vec // fDistPOS
	pos       [nDir][nPOS]vec      // fPOSRole1
}

// nPOS is the number of part-of-speech values: package pos's tags and 0 for none.
const nPOS = pos.NumTags + 1

func newRoleDense(w *learn.Weights) *roleDense {
	t := new(roleDense)
	for dir := range nDir {
		t.bias[dir] = vecOf(w, fBias(dir))
		for db := range nDB {
			t.dist[dir][db] = vecOf(w, fDist(dir, db))
		}
		for q := range nQ {
			t.quote[dir][q] = vecOf(w, fQuote(dir, q))
			for e := range nEdge {
				t.edge[dir][e][q] = vecOf(w, fEdge(dir, e, q))
			}
		}
		for s := range nSent {
			t.sent[dir][s] = vecOf(w, fSent(dir, s-2))
			for c := range nCommas {
				t.commas[dir][c][s] = vecOf(w, fCommas(dir, c, s-2))
			}
			for q := range nQ {
				t.sentQuote[dir][s][q] = vecOf(w, fSentQuote(dir, s-2, q))
			}
		}
		for tag := range nPOS {
			t.pos[dir][tag] = vecOf(w, fPOSRole1(dir, tag))
			for db := range nDB {
				t.distPOS[dir][db][tag] = vecOf(w, fDistPOS(dir, db, tag))
			}
		}
		for o := range nOther {
			t.other[dir][o] = vecOf(w, fOther(dir, o))
			for b := range nBetween {
				// fOther always comes with fBetween's o: its weights join them.
				t.between[dir][b][o] = vecOf(w, fBetween(dir, b, o))
				t.between[dir][b][o].add(&t.other[dir][o])
			}
		}
	}
	return t
}

// cueTable holds the weights of one cue's templates: those of its words (keyed, shared by
// the cues with the same words: cueCache), of its neighbours and of its lexicon class.
// Scoring a token adds them by the token's distance, sentence and quotation, so they are
// summed into one vector per value together with the cue-independent templates of the same
// index (dist, sent, quote of roleDense): a token then costs three additions where it cost
// fifteen.
type cueTable struct {
	dist  [nDir][nDB]vec   // bias, dist, fCue, fCueDist, fCueLeft, fCueRight, fLexDist
	sent  [nDir][nSent]vec // sent, fCueSent, fLexSent
	quote [nDir][nQ]vec    // quote, fCueQuote, fLexQuote
}

// keyTable holds the templates of a cue's words, by side: fCue, fCueDist by distance,
// fCueSent by sentence, fCueQuote by quotation.
type keyTable [nDir][perKey]vec

const (
	perKey = 1 + nDB + nSent + nQ
	perLex = nDB + nSent + nQ // fLexDist, fLexSent, fLexQuote
)

// lexTable holds the templates of the cue's lexicon class, for every class.
type lexTable [quoteCueClasses][nDir][perLex]vec

func newLexTable(w *learn.Weights) *lexTable {
	t := new(lexTable)
	for lex := range quoteCueClasses {
		for dir := range nDir {
			r := &t[lex][dir]
			for db := range nDB {
				r[db] = vecOf(w, fLexDist(dir, lex, db))
			}
			for s := range nSent {
				r[nDB+s] = vecOf(w, fLexSent(dir, lex, s-2))
			}
			for q := range nQ {
				r[nDB+nSent+q] = vecOf(w, fLexQuote(dir, lex, q))
			}
		}
	}
	return t
}

// cueCache keeps the expanded templates of cues' words (keyTable) and of the words either
// side of cues (ctxTable) from one document to the next: news reuses a few hundred cues
// ("said", "told") and the words around them, and expanding them costs a few dozen lookups in
// the hashed weights, which miss the cache. It holds at most maxCached of each, and is for
// one model's weights.
type cueCache struct {
	model       *Model
	keys        wordTables[keyTable]
	left, right wordTables[ctxTable]
}

// ctxTable holds the weights of fCueLeft or fCueRight of one word, by side and distance.
type ctxTable [nDir][nDB]vec

const maxCached = 4096

// wordTables maps word hashes to tables, kept in one array, through an open-addressing table
// of indexes into it found by a multiply of the key: a lookup reads a slot and the table's
// first line, which its reader reads anyway, where a Go map hashes the key and reads a
// bucket's control word and keys; and the tables cost no allocation each.
type wordTables[T any] struct {
	slots []int32 // 1 + the index in tabs of a key's table, 0 empty; a power of two, at least twice tabs
	shift uint8   // 64 - log₂ len(slots)
	tabs  []keyed[T]
}

// keyed is a table with its key.
type keyed[T any] struct {
	key uint64
	t   T
}

// minSlots is the size of an empty wordTables's slots.
const minSlots = 256

// home is the first slot key's probe reads.
func (t *wordTables[T]) home(key uint64) uint64 { return key * 0x9e3779b97f4a7c15 >> t.shift }

// reset empties t, keeping its arrays.
func (t *wordTables[T]) reset() {
	if t.slots == nil {
		t.slots, t.shift = make([]int32, minSlots), 64-8
	}
	clear(t.slots)
	t.tabs = t.tabs[:0]
}

// get returns key's table, or nil.
func (t *wordTables[T]) get(key uint64) *T {
	slots := t.slots
	mask := uint64(len(slots) - 1)
	for j := t.home(key) & mask; ; j = (j + 1) & mask {
		at := slots[j]
		if at == 0 {
			return nil
		}
		if e := &t.tabs[at-1]; e.key == key {
			return &e.t
		}
	}
}

// add makes a zero table for key, which t does not hold, and returns it. A table returned
// before may since have moved: it is valid until the next add.
func (t *wordTables[T]) add(key uint64) *T {
	if 2*(len(t.tabs)+1) > len(t.slots) {
		t.slots = make([]int32, 2*len(t.slots))
		t.shift--
		for i := range t.tabs {
			t.place(t.tabs[i].key, int32(i+1))
		}
	}
	t.tabs = append(t.tabs, keyed[T]{key: key})
	t.place(key, int32(len(t.tabs)))
	return &t.tabs[len(t.tabs)-1].t
}

// place puts at into key's first empty slot.
func (t *wordTables[T]) place(key uint64, at int32) {
	mask := uint64(len(t.slots) - 1)
	j := t.home(key) & mask
	for t.slots[j] != 0 {
		j = (j + 1) & mask
	}
	t.slots[j] = at
}

// tables returns c's tables for model m, emptied when they are another model's or full.
func (c *cueCache) tables(m *Model) *cueCache {
	if c.model != m || c.keys.slots == nil || len(c.keys.tabs) > maxCached || len(c.left.tabs) > maxCached || len(c.right.tabs) > maxCached {
		c.model = m
		c.keys.reset()
		c.left.reset()
		c.right.reset()
	}
	return c
}

// ctxTable returns the expanded fCueLeft (right false) or fCueRight weights of word w.
func (m *Model) ctxTable(c *cueCache, w uint64, right bool) *ctxTable {
	tabs, feat := &c.left, fCueLeft
	if right {
		tabs, feat = &c.right, fCueRight
	}
	if t := tabs.get(w); t != nil {
		return t
	}
	t := tabs.add(w)
	for dir := range nDir {
		for db := range nDB {
			t[dir][db] = vecOf(m.role, feat(dir, w, db))
		}
	}
	return t
}

// newCueTable expands the cue-dependent templates for the cue of rc into t.
func (m *Model) newCueTable(p *prep, rc *roleCtx, t *cueTable) {
	lex := &m.lexT[min(rc.lex, quoteCueClasses-1)]
	c := p.cues.tables(m)
	kt := c.keys.get(rc.key)
	if kt == nil {
		f := p.feats[:0]
		for dir := range nDir {
			f = append(f, fCue(dir, rc.key))
			for db := range nDB {
				f = append(f, fCueDist(dir, rc.key, db))
			}
			for s := range nSent {
				f = append(f, fCueSent(dir, rc.key, s-2))
			}
			for q := range nQ {
				f = append(f, fCueQuote(dir, rc.key, q))
			}
		}
		p.feats = f
		p.sink += m.role.Touch(f)
		kt = c.keys.add(rc.key)
		for i, h := range f {
			kt[i/perKey][i%perKey] = vecOf(m.role, h)
		}
	}
	left, right := m.ctxTable(c, rc.left, false), m.ctxTable(c, rc.right, true)
	d := m.dense
	// Only the entries scoreSide reads are made: no token is at distance 0, tokens before
	// the cue are in its sentence or earlier ones and tokens after it in its sentence or
	// later ones, and the cue is quoted or not (q0).
	q0 := 0
	if rc.cueQ != 0 {
		q0 = 3
	}
	for dir := range nDir {
		k, l, lr, rr := &kt[dir], &lex[dir], &left[dir], &right[dir]
		for db := 1; db < nDB; db++ {
			e0, e1, e2, e3, e4 := d.bias[dir][0], d.bias[dir][1], d.bias[dir][2], d.bias[dir][3], d.bias[dir][4]
			e0, e1, e2, e3, e4 = d.dist[dir][db].plus(e0, e1, e2, e3, e4)
			e0, e1, e2, e3, e4 = k[0].plus(e0, e1, e2, e3, e4)
			e0, e1, e2, e3, e4 = k[1+db].plus(e0, e1, e2, e3, e4)
			e0, e1, e2, e3, e4 = l[db].plus(e0, e1, e2, e3, e4)
			e0, e1, e2, e3, e4 = lr[db].plus(e0, e1, e2, e3, e4)
			e0, e1, e2, e3, e4 = rr[db].plus(e0, e1, e2, e3, e4)
			v := &t.dist[dir][db]
			v[0], v[1], v[2], v[3], v[4] = e0, e1, e2, e3, e4
		}
		for s := dir * 2; s <= dir*2+2; s++ {
			e0, e1, e2, e3, e4 := d.sent[dir][s][0], d.sent[dir][s][1], d.sent[dir][s][2], d.sent[dir][s][3], d.sent[dir][s][4]
			e0, e1, e2, e3, e4 = k[1+nDB+s].plus(e0, e1, e2, e3, e4)
			e0, e1, e2, e3, e4 = l[nDB+s].plus(e0, e1, e2, e3, e4)
			v := &t.sent[dir][s]
			v[0], v[1], v[2], v[3], v[4] = e0, e1, e2, e3, e4
		}
		for q := q0; q < q0+3; q++ {
			e0, e1, e2, e3, e4 := d.quote[dir][q][0], d.quote[dir][q][1], d.quote[dir][q][2], d.quote[dir][q][3], d.quote[dir][q][4]
			e0, e1, e2, e3, e4 = k[1+nDB+nSent+q].plus(e0, e1, e2, e3, e4)
			e0, e1, e2, e3, e4 = l[nDB+nSent+q].plus(e0, e1, e2, e3, e4)
			v := &t.quote[dir][q]
			v[0], v[1], v[2], v[3], v[4] = e0, e1, e2, e3, e4
		}
	}
}

// scoreWindow writes the role emissions of window [a, b) for the cue of rc into emit: the
// scores of the role features (roleFeats, as training scores them with tagRoles), read from
// the dense tables and the word rows. Each side of the cue is a loop of its own, so that the
// side's rows of the tables are fixed for it. touchNear must have looked up the weights of the
// window's hashed features (p.nearVecs) for the same cue.
func (m *Model) scoreWindow(p *prep, rc *roleCtx, ct *cueTable, a, b int, emit []vec) {
	emit = emit[:b-a]
	for i := max(a, rc.c0); i < min(b, rc.c1); i++ {
		emit[i-a] = vec{0, negInf, negInf, negInf, negInf}
	}
	near := m.scoreSide(p, rc, ct, 0, a, min(b, rc.c0), emit, p.nearVecs)
	if lo := max(a, rc.c1); lo < b {
		m.scoreSide(p, rc, ct, 1, lo, b, emit[lo-a:], near)
	}
}

// distBuckets is distBucket of distances from 0 to 20 (beyond, the bucket is 8); bucketFirst
// and bucketLast are the first and last distance of each bucket.
var (
	distBuckets = [21]uint8{0, 1, 2, 3, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}
	bucketFirst = [nDB]int{0, 1, 2, 3, 4, 5, 7, 11, 21}
	bucketLast  = [nDB]int{0, 1, 2, 3, 4, 6, 10, 20, math.MaxInt}
)

// scoreSide writes the emissions of tokens [lo, hi) on side dir of the cue of rc into emit
// (token lo's first); see roleVals for the values the tables are indexed by. near holds the
// weights of the side's fDistW and fCueW features first (nil for a feature without), in
// token order (touchNear); it returns the rest.
//
// Most of the sum depends only on values that change every few tokens (the distance bucket,
// the sentence, the quotation, the commas, the sentence edge, the cues between): the side is
// scored a run of tokens alike in all of them at a time, that sum made once per run. A run
// ends where the document's runs of sentence, quotation and edge do (docTables.runEnd),
// where the distance leaves its bucket, and where the token's commas and cues between
// (roleCtx.sep) or its being a cue's change; the sums are the same as token by token.
func (m *Model) scoreSide(p *prep, rc *roleCtx, ct *cueTable, dir, lo, hi int, emit []vec, near []*vec) []*vec {
	if lo >= hi {
		return near
	}
	m.fillStatic(p, lo, hi, dir)
	d := m.dense
	ctDist, ctSent, ctQuote := &ct.dist[dir], &ct.sent[dir], &ct.quote[dir]
	commas, edge, between, sentQuote, distPOS := &d.commas[dir], &d.edge[dir], &d.between[dir], &d.sentQuote[dir], &d.distPOS[dir]
	cueSent, cueQ, q0 := p.sentOf[rc.c0], rc.cueQ, 0
	if cueQ != 0 {
		q0 = 3
	}
	// The side's stretch of the per-token views, all of length n, so that the loops index
	// them by j without bounds checks.
	n := hi - lo
	emit = emit[:n]
	sentOf, quote, isCue := p.sentOf[lo:][:n], p.quote[lo:][:n], p.isCue[lo:][:n]
	edges, pos, static, runEnd := p.tabs.edge[lo:][:n], p.tabs.pos[lo+1:][:n], p.static[dir][lo:][:n], p.tabs.runEnd[lo:][:n]
	sep := rc.sep[lo-rc.winStart:][:n]
	for j := 0; j < n; {
		// Token j's distance from the cue and its bucket, and the end of the bucket.
		var dist, end int
		if dir == 0 {
			dist = rc.c0 - lo - j
		} else {
			dist = lo + j - rc.c1 + 1
		}
		db := 8
		if uint(dist) <= 20 {
			db = int(distBuckets[dist])
		}
		if dir == 0 {
			end = j + dist - bucketFirst[db] + 1
		} else {
			end = j + min(bucketLast[db]-dist, n) + 1
		}
		end = min(end, n, int(runEnd[j])-lo)
		s := max(-2, min(2, sentOf[j]-cueSent)) + 2
		q := q0
		if k := quote[j]; k != 0 {
			q++
			if k == cueQ {
				q++
			}
		}
		cue := isCue[j]
		other := 0
		if cue {
			other = 1
		}
		sj := sep[j]
		c, ed, bt := int(sj&3), int(edges[j]), int(sj>>2)
		// The run's sum, kept in five variables, which the compiler keeps in registers.
		var e0, e1, e2, e3, e4 float32
		e0, e1, e2, e3, e4 = ctDist[db].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = ctSent[s].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = ctQuote[q].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = commas[c][s].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = edge[ed][q].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = between[bt][other].plus(e0, e1, e2, e3, e4)
		p0, p1, p2, p3, p4 := sentQuote[s][q].plus(e0, e1, e2, e3, e4)
		dp := &distPOS[db]
		if db > cueWMax {
			for ; j < end && sep[j] == sj && isCue[j] == cue; j++ {
				e0, e1, e2, e3, e4 := dp[pos[j]].plus(p0, p1, p2, p3, p4)
				// Features of the token alone, cached per token and side (fillStatic).
				e0, e1, e2, e3, e4 = static[j].plus(e0, e1, e2, e3, e4)
				o := &emit[j] // stored one by one: a composite literal goes through the stack
				o[0], o[1], o[2], o[3], o[4] = e0, e1, e2, e3, e4
			}
			continue
		}
		// Near the cue, the token's word features too.
		for ; j < end && sep[j] == sj && isCue[j] == cue; j++ {
			e0, e1, e2, e3, e4 := dp[pos[j]].plus(p0, p1, p2, p3, p4)
			if db <= distWMax {
				if x := near[0]; x != nil { // fDistW of the token
					e0, e1, e2, e3, e4 = x.plus(e0, e1, e2, e3, e4)
				}
				near = near[1:]
			}
			if x := near[0]; x != nil { // fCueW of the token
				e0, e1, e2, e3, e4 = x.plus(e0, e1, e2, e3, e4)
			}
			near = near[1:]
			e0, e1, e2, e3, e4 = static[j].plus(e0, e1, e2, e3, e4)
			o := &emit[j]
			o[0], o[1], o[2], o[3], o[4] = e0, e1, e2, e3, e4
		}
	}
	return near
}

// touchNear looks up the weights of the features that scoreSide reads from the hashed table
// for the tokens near the cue (fDistW, fCueW): it touches them all first, so that their cache
// misses overlap (learn.Weights.Touch), then looks them up in a loop that does nothing else
// (a lookup may probe past the line touched), instead of stalling scoreSide one after
// another. It keeps the features in p.near and their weights in p.nearVecs, in the order
// scoreSide reads them.
func (m *Model) touchNear(p *prep, rc *roleCtx, a, b int) {
	f := p.near[:0]
	lo, hi := max(a, rc.c0-10), min(b, rc.c1+10) // distance bucket ≤ cueWMax: within 10 tokens
	for i := lo; i < hi; i++ {
		if i >= rc.c0 && i < rc.c1 {
			continue
		}
		dir, dist := 0, rc.c0-i
		if i >= rc.c1 {
			dir, dist = 1, i-rc.c1+1
		}
		db := distBucket(dist)
		if db <= distWMax {
			f = append(f, fDistW(dir, db, p.wordH[i]))
		}
		if db <= cueWMax {
			f = append(f, fCueW(dir, rc.key, p.wordH[i]))
		}
	}
	p.near = f
	p.sink += m.role.Touch(f)
	vs := grow(p.nearVecs, len(f))
	for i, h := range f {
		vs[i] = nil
		if x := m.role.Vec(h); x != nil {
			vs[i] = (*vec)(x)
		}
	}
	p.nearVecs = vs
}

// fillStatic makes sure the scores of the token-only role features (roleStatic) of tokens
// [a, b) on side dir are in p's cache. The windows of a document's cues come in order and
// overlap, so a run of tokens known done (p.doneRun) answers most calls without a look at
// the tokens.
func (m *Model) fillStatic(p *prep, a, b, dir int) {
	if len(p.done[dir]) == 0 {
		for side := range nDir {
			p.static[side] = grow(p.static[side], len(p.norm))
			p.done[side] = grow(p.done[side], len(p.norm))
			clear(p.done[side])
			p.doneRun[side] = [2]int{}
		}
	}
	run := &p.doneRun[dir]
	if a >= run[0] && b <= run[1] {
		return
	}
	if a <= run[1] && b >= run[0] {
		run[0], run[1] = min(run[0], a), max(run[1], b)
	} else {
		run[0], run[1] = a, b
	}
	rows, tb, pos := m.words.role, &p.tabs, &m.dense.pos[dir]
	n := b - a
	done, static := p.done[dir][a:][:n], p.static[dir][a:][:n]
	shape, tri, tags := tb.shapeID[a:][:n], tb.triID[a:][:n], tb.pos[a+1:][:n]
	ro := p.rowOff[a:][:n+4] // token j's row is ro[j+2]
	// The rows and the trigrams' weights miss the caches, and the loop below has few of its
	// misses in flight at once: a pass that only reads the lines the loop reads, with no
	// branch on what they hold, has them all in flight. (Token j reads both lines of the
	// side of rows ro[j] to ro[j+4]; all but the last are read by the tokens before, or are
	// ro[0] to ro[3].)
	roleTri := tb.roleTri
	var t float32
	for _, r := range ro[:4] {
		t += rows[r][dir][rsW] + rows[r][dir][rsWp2]
	}
	for j := range n {
		if !done[j] {
			t += rows[ro[j+4]][dir][rsW] + rows[ro[j+4]][dir][rsWp2] + roleTri[tri[j]*2+int32(dir)][0]
		}
	}
	p.sink += math.Float32bits(t)
	// The rows of the tokens from two before token j to one after, moved along a token at a
	// time.
	wm2, wm1, w, wp1 := &rows[ro[0]], &rows[ro[1]], &rows[ro[2]], &rows[ro[3]]
	for j := range n {
		wp2 := &rows[ro[j+4]]
		if done[j] {
			wm2, wm1, w, wp1 = wm1, w, wp1, wp2
			continue
		}
		var e0, e1, e2, e3, e4 float32
		e0, e1, e2, e3, e4 = tb.roleShape[shape[j]*2+int32(dir)].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = tb.roleTri[tri[j]*2+int32(dir)].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = pos[tags[j]].plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = w.vec(dir, rsW).plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = wm1.vec(dir, rsWm1).plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = wp1.vec(dir, rsWp1).plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = wm2.vec(dir, rsWm2).plus(e0, e1, e2, e3, e4)
		e0, e1, e2, e3, e4 = wp2.vec(dir, rsWp2).plus(e0, e1, e2, e3, e4)
		o := &static[j]
		o[0], o[1], o[2], o[3], o[4] = e0, e1, e2, e3, e4
		done[j] = true
		wm2, wm1, w, wp1 = wm1, w, wp1, wp2
	}
}

// touchCueTables reads, for each of cues, the lines of the expanded templates of its words
// and of the words either side of it that p's cue cache holds (cueCache), which
// Model.newCueTable reads when the role tagger comes to the cue. Each is found through its slot
// and read after it, two waits a table; here, before the first cue is tagged, the tables of
// all the cues are looked up and read in turn with no branch on what they hold, so that the
// processor fetches them together. It changes nothing but p.sink.
func (m *Model) touchCueTables(p *prep, cues []tokRange) {
	c := p.cues.tables(m)
	var t float32
	for _, r := range cues {
		if kt := c.keys.get(p.cueKey(r.start, r.end)); kt != nil {
			for dir := range nDir {
				for i := 0; i < perKey; i += 3 { // a line holds 16 weights, a vec 5
					t += kt[dir][i][0]
				}
			}
		}
		if lt := c.left.get(p.word(r.start - 1)); lt != nil {
			for dir := range nDir {
				for db := 0; db < nDB; db += 3 {
					t += lt[dir][db][0]
				}
			}
		}
		if rt := c.right.get(p.word(r.end)); rt != nil {
			for dir := range nDir {
				for db := 0; db < nDB; db += 3 {
					t += rt[dir][db][0]
				}
			}
		}
	}
	p.sink += math.Float32bits(t)
}
