package attrib

import (
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

// addW adds the weights of feature h, if w has them.
func (v *vec) addW(w *learn.Weights, h learn.Hash) {
	if x := w.Vec(h); x != nil {
		v.add((*vec)(x))
	}
}

func (v *vec) addTo(e []float32) {
	e = e[:nRole]
	e[0] += v[0]
	e[1] += v[1]
	e[2] += v[2]
	e[3] += v[3]
	e[4] += v[4]
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
// the cues of a document with the same words), of its neighbours and of its lexicon class.
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

// newCueTable expands the cue-dependent templates for the cue of rc into t, gathering the
// features first so their weights are fetched together (learn.Weights.Touch).
func (m *Model) newCueTable(p *prep, rc *roleCtx, t *cueTable) {
	lex := &m.lexT[min(rc.lex, quoteCueClasses-1)]
	if p.keyTabs == nil {
		p.keyTabs = map[uint64]*keyTable{}
	}
	f := p.feats[:0]
	kt := p.keyTabs[rc.key]
	if kt == nil {
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
	}
	nk := len(f)
	for dir := range nDir {
		for db := range nDB {
			f = append(f, fCueLeft(dir, rc.left, db))
		}
	}
	for dir := range nDir {
		for db := range nDB {
			f = append(f, fCueRight(dir, rc.right, db))
		}
	}
	p.feats = f
	p.sink += m.role.Touch(f)
	if kt == nil {
		kt = new(keyTable)
		for i, h := range f[:nk] {
			kt[i/perKey][i%perKey] = vecOf(m.role, h)
		}
		p.keyTabs[rc.key] = kt
	}
	ctx := f[nk:]
	d := m.dense
	for dir := range nDir {
		k, l := &kt[dir], &lex[dir]
		for db := range nDB {
			v := &t.dist[dir][db]
			*v = d.bias[dir]
			v.add(&d.dist[dir][db])
			v.add(&k[0])
			v.add(&k[1+db])
			v.add(&l[db])
			v.addW(m.role, ctx[dir*nDB+db])
			v.addW(m.role, ctx[nDir*nDB+dir*nDB+db])
		}
		for s := range nSent {
			v := &t.sent[dir][s]
			*v = d.sent[dir][s]
			v.add(&k[1+nDB+s])
			v.add(&l[nDB+s])
		}
		for q := range nQ {
			v := &t.quote[dir][q]
			*v = d.quote[dir][q]
			v.add(&k[1+nDB+nSent+q])
			v.add(&l[nDB+nSent+q])
		}
	}
}

// scoreRole adds into e the role scores of token i (outside the cue) for the cue of rc; the
// same scores as m.role.Score(p.roleFeats(i, rc), e).
func (m *Model) scoreRole(p *prep, i int, rc *roleCtx, ct *cueTable, e []float32) {
	v := p.roleVals(i, rc)
	dir, s := v.dir, v.sent+2
	t := m.dense
	ct.dist[dir][v.db].addTo(e)
	ct.sent[dir][s].addTo(e)
	ct.quote[dir][v.q].addTo(e)
	t.commas[dir][v.commas][s].addTo(e)
	t.edge[dir][v.edge][v.q].addTo(e)
	t.between[dir][v.between][v.other].addTo(e)
	t.sentQuote[dir][s][v.q].addTo(e)

	w := m.role
	t.distPOS[dir][v.db][p.posAt(i)].addTo(e)
	if v.db <= distWMax {
		if x := w.Vec(fDistW(dir, v.db, p.wordH[i])); x != nil {
			(*vec)(x).addTo(e)
		}
	}
	if v.db <= cueWMax {
		if x := w.Vec(fCueW(dir, rc.key, p.wordH[i])); x != nil {
			(*vec)(x).addTo(e)
		}
	}

	// Features of the token alone, cached per token and side (fillStatic).
	(*vec)(p.static[(i*2+dir)*nRole:]).addTo(e)
}

// touchNear touches the weights of the features that scoreRole looks up in the hashed table
// for the tokens near the cue (fDistW, fCueW), so that their cache misses overlap
// (learn.Weights.Touch) instead of stalling scoreRole one after another.
func (m *Model) touchNear(p *prep, rc *roleCtx, a, b int) {
	f := p.feats[:0]
	lo, hi := max(a, rc.c0-20), min(b, rc.c1+20) // distance bucket ≤ cueWMax: within 10 tokens
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
	p.feats = f
	p.sink += m.role.Touch(f)
}

// fillStatic makes sure the scores of the token-only role features (roleStatic) of tokens
// [a, b) are in p's cache for both sides.
func (m *Model) fillStatic(p *prep, a, b int) {
	if len(p.done) == 0 {
		p.static = grow(p.static, len(p.norm)*2*nRole)
		p.done = grow(p.done, len(p.norm)*2)
		clear(p.done)
	}
	// The two hashed features of each token and side, gathered and touched first so that
	// their cache misses overlap (learn.Weights.Touch).
	f := p.feats[:0]
	for k := 2 * a; k < 2*b; k++ {
		if !p.done[k] {
			i, dir := k/2, k%2
			f = append(f, fShape(dir, p.shapeH[i]), fPOSRole(dir, p.posAt(i-1), p.posAt(i), p.posAt(i+1)))
		}
	}
	p.feats = f
	p.sink += m.role.Touch(f)
	rows, ro := m.words.rows, p.rowOff
	for k := 2 * a; k < 2*b; k++ {
		if p.done[k] {
			continue
		}
		i, dir := k/2, k%2
		e := (*vec)(p.static[k*nRole:])
		*e = vec{}
		e.addW(m.role, f[0])
		e.addW(m.role, f[1])
		f = f[2:]
		e.add(&m.dense.pos[dir][p.posAt(i)])
		t, side := i+2, int32(dir*nRole)
		e.add((*vec)(rows[ro[t]+wRole+side:]))
		e.add((*vec)(rows[ro[t-1]+wRoleM1+side:]))
		e.add((*vec)(rows[ro[t+1]+wRoleP1+side:]))
		p.done[k] = true
	}
}
