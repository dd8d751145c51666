package attrib

import "github.com/whosaid/whosaid/learn"

// Per-document tables. Five of the cue tagger's features and two of the role tagger's
// token-only ones are hashed features of a few per-token values: the token's shape and its
// neighbours', its suffix, the parts of speech around it. A document has far fewer distinct
// values than tokens (a few dozen shapes, a few hundred part-of-speech trigrams), so a model
// numbers the distinct values of a document once (Model.prepare), looks each feature up
// once per distinct value, and the taggers then read small dense tables by number instead of
// hashing and probing the large weight tables, which miss the cache, for every token
// (part-of-speech trigrams, of which there are only nPOS³, keep their numbers from one
// document to the next). The weights and the order they are added in are those of the
// hashed features (TestDenseAgrees). A prep of the model's pool numbers shapes and suffixes
// once for all documents instead, in its word cache (wordCache), which keeps their weights.

// intern numbers distinct 64-bit keys in order of first appearance.
type intern struct {
	mask uint64
	keys []uint64
	ids  []int32 // 1 + the number of keys[j], 0 for an empty slot
	n    int32
}

// reset empties t for at most n distinct keys, reusing its arrays.
func (t *intern) reset(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	t.keys, t.ids = grow(t.keys, size), grow(t.ids, size)
	clear(t.ids)
	t.mask, t.n = uint64(size-1), 0
}

// id returns the number of key k, numbering it if it is new (fresh).
func (t *intern) id(k uint64) (id int32, fresh bool) {
	for j := mixKey(k) & t.mask; ; j = (j + 1) & t.mask {
		switch x := t.ids[j]; {
		case x == 0:
			t.n++
			t.keys[j], t.ids[j] = k, t.n
			return t.n - 1, true
		case t.keys[j] == k:
			return x - 1, false
		}
	}
}

// docTables holds a document's numbered values and the weights of the features over them,
// filled by Model.prepare.
type docTables struct {
	edge     []uint8  // per token: 1 first of its sentence, +2 last
	runEnd   []int32  // per token: the first token after it of another sentence, quotation or edge
	shapeID  []int32  // per token: number of its shape in shapes (or the word cache's)
	triID    []int32  // per token: number of its part-of-speech trigram
	sufID    []int32  // per token: number of its suffix
	lexCtxID []int32  // per token: number of its (lexicon class, shape before, shape after)
	shapes   []uint64 // the distinct shape hashes, in the document's own numbering

	pos       []uint8  // per token + 1: its part of speech (prep.posAt), 0 at either end
	cueShape  []cueVec // per shape: fCueShape by first (0, 1), then fCueQuoted of the next token by inQ (0, 1)
	cueTri    []cueVec // per trigram: fCuePOSCtx
	cueSuf    []cueVec // per suffix: fCueSuf
	cueLexCtx []cueVec // per lexicon context: fCueLexCtx
	roleShape []vec    // per shape and side: fShape
	roleTri   []vec    // per trigram and side: fPOSRole

	// The document's own numbers and tables of shapes and suffixes, when the word cache
	// (prep.words) does not serve them: shapeID, cueShape, roleShape and cueSuf are these or
	// the cache's.
	docShapeID   []int32
	docCueShape  []cueVec
	docRoleShape []vec
	docSuf       []cueVec

	// The trigrams' numbers by code (1 + number, 0 for none yet), kept across documents of
	// triModel.
	triIdx   []int32
	triModel *Model

	ids      intern
	keys     []uint64
	more     []cueVec // scratch of the trigrams new to a document
	moreRole []vec
}

// prepare makes the per-document data of prediction for p's document, once: the word-table
// rows of the tokens (p.rowOff) and the tables of docTables.
func (m *Model) prepare(p *prep) {
	if len(p.rowOff) != 0 {
		return
	}
	n := len(p.wordH)
	t := &p.tabs
	cached := p.cached && p.words.model == m
	if cached {
		// The rows and the suffixes' numbers from the word cache (prep.readCached), whose
		// table of suffix weights serves as the document's.
		p.rowOff = p.cachedRows[:n+4]
		t.cueSuf = p.words.cueSuf
	} else {
		ro := grow(p.docRows, n+4)
		ro[0], ro[1], ro[n+2], ro[n+3] = m.startRow, m.startRow, m.endRow, m.endRow
		for i, w := range p.wordH {
			ro[i+2] = m.wordRow(w, p.clu[i])
		}
		p.rowOff, p.docRows = ro, ro
	}

	// The sentences' edges, and the runs of tokens alike in sentence, quotation and edge:
	// a sentence's first token and its last are runs of their own, and the tokens between
	// them change runs where their quotation changes. (A token outside every sentence, which
	// the tokenizer does not make, is a run of its own.)
	t.edge, t.runEnd = grow(t.edge, n), grow(t.runEnd, n)
	clear(t.edge)
	quote := p.quote[:n]
	gap := 0 // the first token after the sentences so far
	for _, st := range p.d.Sentences {
		f, e := st.FirstToken, st.EndToken
		for ; gap < f; gap++ {
			t.runEnd[gap] = int32(gap + 1)
		}
		if e <= f {
			continue
		}
		gap = e
		t.edge[f] |= 1
		t.edge[e-1] |= 2
		t.runEnd[f], t.runEnd[e-1] = int32(f+1), int32(e)
		ends, qs := t.runEnd[f:e], quote[f:e]
		until := int32(e - 1)
		for i := len(qs) - 2; i > 0; i-- {
			ends[i] = until
			if qs[i-1] != qs[i] {
				until = int32(f + i)
			}
		}
	}
	for ; gap < n; gap++ {
		t.runEnd[gap] = int32(gap + 1)
	}

	// Shapes, numbered by the word cache or here.
	ids := &t.ids
	f := p.feats[:0]
	var shapes []uint64
	if cached {
		c := &p.words
		t.shapeID, shapes, t.cueShape, t.roleShape = p.shapeNum[:n], c.shapeKeys, c.cueShape, c.roleShape
	} else {
		ids.reset(n)
		t.docShapeID = grow(t.docShapeID, n)
		shapes = t.shapes[:0]
		for i, h := range p.shapeH[:n] {
			id, fresh := ids.id(h)
			if fresh {
				shapes = append(shapes, h)
			}
			t.docShapeID[i] = id
		}
		t.shapes, t.shapeID = shapes, t.docShapeID
		for _, h := range shapes {
			f = append(f, fCueShape(h, 0), fCueShape(h, 1), fCueQuoted(0, h), fCueQuoted(1, h))
		}
		t.docCueShape = m.cueVecs(p, f, t.docCueShape)
		f = f[:0]
		for _, h := range shapes {
			f = append(f, fShape(0, h), fShape(1, h))
		}
		t.docRoleShape = m.roleVecs(p, f, t.docRoleShape)
		t.cueShape, t.roleShape = t.docCueShape, t.docRoleShape
	}

	// Parts of speech, padded with 0 either side, and their trigrams. There are only nPOS³
	// trigrams, so their numbers and weights are kept from one document to the next (of
	// the same model: preps are pooled by model).
	pos := grow(t.pos, n+2)
	pos[0], pos[n+1] = 0, 0
	for i := range n {
		pos[i+1] = uint8(p.posAt(i))
	}
	t.pos = pos
	if t.triModel != m {
		t.triModel = m
		t.triIdx = grow(t.triIdx, nPOS*nPOS*nPOS)
		clear(t.triIdx)
		t.cueTri, t.roleTri = t.cueTri[:0], t.roleTri[:0]
	}
	t.triID = grow(t.triID, n)
	old := len(t.cueTri)
	keys := t.keys[:0]
	triIdx, next := t.triIdx[:nPOS*nPOS*nPOS], pos[2:][:n]
	k := int(pos[0])*nPOS + int(pos[1]) // the trigram code of token i, without its next tag
	for i := range n {
		k = (k%(nPOS*nPOS))*nPOS + int(next[i])
		id := triIdx[k] - 1
		if id < 0 {
			id = int32(old + len(keys))
			triIdx[k] = id + 1
			keys = append(keys, uint64(k))
		}
		t.triID[i] = id
	}
	if len(keys) > 0 {
		f = f[:0]
		for _, k := range keys {
			prev, cur, next := int(k)/(nPOS*nPOS), int(k)/nPOS%nPOS, int(k)%nPOS
			f = append(f, fCuePOSCtx(prev, cur, next))
		}
		t.more = m.cueVecs(p, f, t.more)
		t.cueTri = extend(t.cueTri, t.more)
		f = f[:0]
		for _, k := range keys {
			prev, cur, next := int(k)/(nPOS*nPOS), int(k)/nPOS%nPOS, int(k)%nPOS
			f = append(f, fPOSRole(0, prev, cur, next), fPOSRole(1, prev, cur, next))
		}
		t.moreRole = m.roleVecs(p, f, t.moreRole)
		t.roleTri = extend(t.roleTri, t.moreRole)
	}

	// Suffixes, unless the word cache numbered them.
	if !cached {
		ids.reset(n)
		t.sufID = grow(t.sufID, n)
		f = f[:0]
		for i, h := range p.sufH[:n] {
			id, fresh := ids.id(h)
			if fresh {
				f = append(f, fCueSuf(h))
			}
			t.sufID[i] = id
		}
		t.docSuf = m.cueVecs(p, f, t.docSuf)
		t.cueSuf = t.docSuf
	}

	// Lexicon class with the shapes either side, numbered by (class, shape numbers), which
	// are below 2²⁶: a document or the word cache has far fewer shapes.
	ids.reset(n)
	t.lexCtxID = grow(t.lexCtxID, n)
	f = f[:0]
	shapeID, lexOf, lexCtxID := t.shapeID[:n], p.lex[:n], t.lexCtxID[:n]
	var prev int32
	if n > 0 {
		prev = shapeID[0]
	}
	for i := range n {
		next := shapeID[n-1]
		if i+1 < n {
			next = shapeID[i+1]
		}
		k := uint64(lexOf[i])<<52 | uint64(prev)<<26 | uint64(next)
		id, fresh := ids.id(k)
		if fresh {
			f = append(f, fCueLexCtx(int(lexOf[i]), shapes[prev], shapes[next]))
		}
		lexCtxID[i] = id
		prev = shapeID[i]
	}
	t.cueLexCtx = m.cueVecs(p, f, t.cueLexCtx)
	t.keys = keys
	p.feats = f
}

// extend appends more to s, doubling s's array when it is full. The trigrams' tables grow
// over a run to thousands of entries, a few at a time, and append, which grows a large array
// by a quarter, would copy them (and leave garbage) five times their size.
func extend[T any](s, more []T) []T {
	if n := len(s) + len(more); n > cap(s) {
		t := make([]T, len(s), max(n, 2*cap(s)))
		copy(t, s)
		s = t
	}
	return append(s, more...)
}

// cueVecs returns the cue weights of feats (zero for features without weights) in out's
// array.
func (m *Model) cueVecs(p *prep, feats []learn.Hash, out []cueVec) []cueVec {
	out = grow(out, len(feats))
	p.sink += m.cue.Touch(feats)
	for i, h := range feats {
		out[i] = cueVec{}
		if v := m.cue.Vec(h); v != nil {
			out[i] = cueVec(v)
		}
	}
	return out
}

// roleVecs is cueVecs for the role weights.
func (m *Model) roleVecs(p *prep, feats []learn.Hash, out []vec) []vec {
	out = grow(out, len(feats))
	p.sink += m.role.Touch(feats)
	for i, h := range feats {
		out[i] = vec{}
		if v := m.role.Vec(h); v != nil {
			out[i] = vec(v)
		}
	}
	return out
}
