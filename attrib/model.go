package attrib

import (
	"github.com/whosaid/whosaid/internal/reuse"
	"math"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/ner"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
)

// Cue tags.
const (
	cueO = iota
	cueB
	cueI
	nCue
)

// Role tags.
const (
	roleO = iota
	roleBS
	roleIS
	roleBC
	roleIC
	nRole
)

func cueAllowed(p, c int) bool { return c != cueI || p == cueB || p == cueI }

func roleAllowed(p, c int) bool {
	switch c {
	case roleIS:
		return p == roleBS || p == roleIS
	case roleIC:
		return p == roleBC || p == roleIC
	}
	return true
}

// Model is a trained attribution model: a cue tagger and a role tagger. It is read-only (but
// for a pool of scratch space) and safe for concurrent use.
type Model struct {
	cue, role           *learn.Weights
	refiner             *refineWeights // the boundary refiner (refine.go), or nil
	refineT             *refineDense   // its small-integer templates, expanded
	cueTrans, roleTrans []float32
	dense               *roleDense                            // role's cue-independent templates, expanded
	lexT                *lexTable                             // role templates of the cue lexicon class, expanded
	words               *wordTable                            // the weights of the word features (words.go)
	startRow, endRow    int32                                 // rows of the boundary markers
	pos                 *pos.Tagger                           // for documents without parts of speech (prep.pos)
	classes             *cueClasses                           // the rules' lexicon of reporting verbs (prep.lex)
	cueLex              *[quoteCueClasses][2][2][nCue]float32 // fCueBias + fCueLex by class, quoted, first
	cuePOS              *[nPOS][2][quoteCueClasses]cueVec     // fCuePOS by tag, quoted, class
	cueLexPOS           *[quoteCueClasses][2][2][nPOS]cueVec  // cueLex plus cuePOS, summed as tagCues sums them
	clusters            ner.Clusters                          // the word clusters (wordClusters)
	cluRow              []int32                               // the word-table rows of the clusters by finest id (clusters.go)
	secondLook          bool                                  // roleRun.tag's second look for content (setDecoding)
	preps               reuse.List[prep]                      // reused across documents and collections: a prep holds the word cache (package reuse)
	Meta                Meta
}

func newModel(cue, role *learn.Weights, words *wordTable, meta Meta) *Model {
	m := &Model{cue: cue, role: role, Meta: meta, words: words, classes: newCueClasses(quote.CueWords()), pos: pos.Default(),
		roleTrans: learn.TransMatrix(role, nRole, roleAllowed), dense: newRoleDense(role), lexT: newLexTable(role),
		cueLex: newCueLex(cue), cuePOS: newCuePOS(cue), clusters: ner.DefaultClusters(), cluRow: newCluRows(words)}
	m.startRow, m.endRow = m.wordRow(startH, cluIDs{}), m.wordRow(endH, cluIDs{})
	m.cueLexPOS = m.newCueLexPOS()
	// Bonuses on the transitions into cue tags (decoding only; training decodes without
	// them). The tagger misses far more cues than it invents, and cuts most of the cues it
	// finds wrongly short ("said [in an interview]", "opposition [to]": on PolNeAR train, 1,120
	// of 1,343 cues found at the wrong length); the bonuses trade a little precision for
	// recall. See cueBonusB for the values and what they measured. They are in the units of
	// the averaged weights, so a retrained model may want them chosen again.
	m.setDecoding(cueBonusB, cueBonusI, true)
	return m
}

// setDecoding sets the cue tagger's transitions with bonuses b and i on the transitions
// into cueB and cueI, and whether roleRun.tag looks again for the content of a cue that
// found none (contentBonusB).
func (m *Model) setDecoding(b, i float32, secondLook bool) {
	m.cueTrans = learn.TransMatrix(m.cue, nCue, cueAllowed)
	for p := range nCue + 1 {
		m.cueTrans[p*nCue+cueB] += b
		m.cueTrans[p*nCue+cueI] += i
	}
	m.secondLook = secondLook
}

// The decoding bonuses of newModel: for beginning a cue and for continuing one. First chosen
// at B 0.5, I 3 on PolNeAR dev over B 0–2 and I 0–5 for an earlier model; chosen again for
// the present model over B −1–15 and I 0–8, with roleRun.tag's second look at a cue without
// content (contentBonusB) in place. Most cues the tagger misses it scores far below O (of
// the 690 dev gold cues that no cue found overlaps, half need 60 or more added to their
// path's score, against emissions of some tens a token), so a bonus buys few: each further
// point adds cues of which about a third match a gold relation, near half the relation F1
// (below which an added relation lowers it), and relation F1 is flat (64.96–65.15) over
// B 2–5 with I 5–6, of which B 3, I 5 is the middle. Exact F1, from B 0.5, I 3
// (contentBonusB in both): PolNeAR dev source 72.24 → 72.45, cue 68.87 → 68.72, content 57.63 → 57.57, relation 64.88 → 65.10 (R 56.4
// → 57.3, P 76.3 → 75.3); train 74.95 → 75.49, 72.68 → 73.28, 66.02 → 66.28, 70.11 →
// 70.56. Not taken (dev relation F1 against 64.72 at B 0.5, I 3, without contentBonusB):
// higher B alone (B 4–15 at I 3: 64.78–64.20), a bonus on B by the word's lexicon class
// (known reporting verbs or not) and quotation (at most 64.83), and a bonus only in the
// sentences where the tagger found no cue, keeping the cues it then finds only when they
// have a source (at most 64.75, at recall 59.2).
const (
	cueBonusB = 3
	cueBonusI = 5
)

// newCueLexPOS adds the tables of cueLex and cuePOS, the first two of the cue tagger's
// emissions (Model.tagCues), for each of their combinations.
func (m *Model) newCueLexPOS() *[quoteCueClasses][2][2][nPOS]cueVec {
	t := new([quoteCueClasses][2][2][nPOS]cueVec)
	for lex := range quoteCueClasses {
		for q := range 2 {
			for first := range 2 {
				cl := &m.cueLex[lex][q][first]
				for tag := range nPOS {
					e0, e1, e2 := m.cuePOS[tag][q][lex].plus(cl[0], cl[1], cl[2])
					t[lex][q][first][tag] = cueVec{e0, e1, e2}
				}
			}
		}
	}
	return t
}

// newCuePOS expands the cue tagger's part-of-speech feature (fCuePOS) into a table.
func newCuePOS(w *learn.Weights) *[nPOS][2][quoteCueClasses]cueVec {
	t := new([nPOS][2][quoteCueClasses]cueVec)
	for tag := range nPOS {
		for q := range 2 {
			for lex := range quoteCueClasses {
				w.Score([]learn.Hash{fCuePOS(tag, q, lex)}, t[tag][q][lex][:])
			}
		}
	}
	return t
}

// newCueLex expands the cue tagger's bias and lexicon-class features (cueRestFeats) into a
// table: they take only small integers.
func newCueLex(w *learn.Weights) *[quoteCueClasses][2][2][nCue]float32 {
	t := new([quoteCueClasses][2][2][nCue]float32)
	for lex := range quoteCueClasses {
		for q := range 2 {
			for first := range 2 {
				w.Score([]learn.Hash{fCueBias(), fCueLex(lex, q, first)}, t[lex][q][first][:])
			}
		}
	}
	return t
}

// relation is one predicted (or gold) attribution in token indices.
type relation = goldRel

// window returns the token range the role tagger reads for a cue starting at token c0: the
// cue's sentence and the sentences either side, within the cue's paragraph. Almost all
// of PolNeAR's sources and contents lie there (99% of contents are in the cue's paragraph).
// The window is also capped at windowBefore tokens before the cue and windowAfter after it,
// so that a run-on "sentence" of thousands of words costs each cue a bounded amount of work
// and tagging stays linear in the length of the text.
func window(p *prep, c0 int) (int, int) {
	d := p.d
	s := int(p.sentOf[c0])
	para := d.Sentences[s].Para
	a, b := s, s
	for a > 0 && a > s-1 && d.Sentences[a-1].Para == para {
		a--
	}
	for b+1 < len(d.Sentences) && b < s+1 && d.Sentences[b+1].Para == para {
		b++
	}
	return max(d.Sentences[a].FirstToken, c0-windowBefore), min(d.Sentences[b].EndToken, c0+windowAfter)
}

// Caps of the role tagger's window, in tokens from the cue's first token; longer than any
// source or content in PolNeAR but a handful.
const (
	windowBefore = 120
	windowAfter  = 240
)

// scorer abstracts the trainer's current weights and the model's averaged ones.
type scorer interface {
	Score(feats []learn.Hash, out []float32)
}

// tagCues runs the cue tagger over sentence st, writing tags into path. It gathers the
// features of the whole sentence before scoring them so that a model can touch their weights
// all at once (learn.Weights.Touch).
func tagCues(p *prep, w scorer, trans []float32, st document.Sentence, path []int, emit, buf []float32) []float32 {
	n := st.EndToken - st.FirstToken
	emit = emit[:n*nCue]
	clear(emit)
	all, ends := p.sentFeats[:0], p.sentEnds[:0]
	for i := 0; i < n; i++ {
		all = append(all, p.cueFeats(st.FirstToken+i)...)
		ends = append(ends, len(all))
	}
	p.sentFeats, p.sentEnds = all, ends
	if t, ok := w.(toucher); ok {
		p.sink += t.Touch(all)
	}
	from := 0
	for i := 0; i < n; i++ {
		w.Score(all[from:ends[i]], emit[i*nCue:(i+1)*nCue])
		from = ends[i]
	}
	viterbiCue(cueVecsOf(emit), trans, path[:n], nil)
	return buf
}

// cueVecsOf copies flat cue emissions into rows.
func cueVecsOf(emit []float32) []cueVec {
	out := make([]cueVec, len(emit)/nCue)
	for i := range out {
		out[i] = cueVec(emit[i*nCue:])
	}
	return out
}

type toucher interface{ Touch([]learn.Hash) uint32 }

// tagCues is tagCues for the model's own weights: the expanded tables of the model
// (cueLex, cuePOS) and of the document (docTables), and the word rows, added in the order of
// cueFeats. The tables' sum and the rows' are two loops, each with fewer values to keep
// than the one loop they replace, of which the compiler kept many on the stack; the rows'
// sum is added to the tables', as it was in the one loop.
func (m *Model) tagCues(p *prep, st document.Sentence, path []int, emit, buf []cueVec) []cueVec {
	n := st.EndToken - st.FirstToken
	emit = emit[:n]
	m.cueTables(p, st, emit)
	m.cueRows(p, st, emit)
	return viterbiCue(emit, m.cueTrans, path[:n], buf)
}

// cueTables writes into emit the sums of the cue tagger's features of sentence st that the
// model's and the document's tables hold.
func (m *Model) cueTables(p *prep, st document.Sentence, emit []cueVec) {
	tb := &p.tabs
	// The sentence's stretch of the per-token views, so that the loop indexes them by i.
	first, end := st.FirstToken, st.EndToken
	n := end - first
	emit = emit[:n]
	quote, lex, pos := p.quote[first:end], p.lex[first:end], tb.pos[first+1:end+1]
	tri, suf, shape, lexCtx := tb.triID[first:end], tb.sufID[first:end], tb.shapeID[first:end], tb.lexCtxID[first:end]
	prevShape := tb.shapeID[max(first-1, 0)]
	for i := range n {
		inQ, isFirst := 0, 0
		if quote[i] != 0 {
			inQ = 1
		}
		if i == 0 {
			isFirst = 1
		}
		cl := &m.cueLexPOS[lex[i]][inQ][isFirst][pos[i]]
		e0, e1, e2 := cl[0], cl[1], cl[2]
		// The hashed features (cueHashedFeats) from the document's tables, in their order.
		e0, e1, e2 = tb.cueTri[tri[i]].plus(e0, e1, e2)
		e0, e1, e2 = tb.cueSuf[suf[i]].plus(e0, e1, e2)
		e0, e1, e2 = tb.cueShape[shape[i]*4+int32(isFirst)].plus(e0, e1, e2)
		e0, e1, e2 = tb.cueShape[prevShape*4+2+int32(inQ)].plus(e0, e1, e2)
		e0, e1, e2 = tb.cueLexCtx[lexCtx[i]].plus(e0, e1, e2)
		prevShape = shape[i]
		o := &emit[i] // stored one by one: a composite literal goes through the stack
		o[0], o[1], o[2] = e0, e1, e2
	}
}

// cueRows adds to emit the sums of the cue tagger's word features of sentence st, from the
// word rows.
func (m *Model) cueRows(p *prep, st document.Sentence, emit []cueVec) {
	rows := m.words.cue
	first, end := st.FirstToken, st.EndToken
	n := end - first
	emit = emit[:n]
	quote := p.quote[first:end]
	ro := p.rowOff[first:][:n+4] // token i's row is ro[i+2]
	// The rows miss the caches, and the loop below has few of its misses in flight at once:
	// a pass that only reads both lines of each row (a row spans two), with no branch on
	// what they hold, has them all in flight.
	var t float32
	for _, r := range ro {
		row := &rows[r]
		t += row[0] + row[len(row)-1]
	}
	p.sink += math.Float32bits(t)
	// The rows of the tokens from two before token i to one after, moved along a token at a
	// time.
	wm2, wm1, w, wp1 := &rows[ro[0]], &rows[ro[1]], &rows[ro[2]], &rows[ro[3]]
	for i := range n {
		wp2 := &rows[ro[i+4]]
		a0, a1, a2 := w[wCue], w[wCue+1], w[wCue+2]
		b0, b1, b2 := w[wCueQ], w[wCueQ+1], w[wCueQ+2]
		if quote[i] != 0 {
			b0, b1, b2 = w[wCueQ+nCue], w[wCueQ+nCue+1], w[wCueQ+nCue+2]
		}
		c0, c1, c2 := wm1[wCueM1], wm1[wCueM1+1], wm1[wCueM1+2]
		d0, d1, d2 := wp1[wCueP1], wp1[wCueP1+1], wp1[wCueP1+2]
		f0, f1, f2 := wm2[wCueM2], wm2[wCueM2+1], wm2[wCueM2+2]
		g0, g1, g2 := wp2[wCueP2], wp2[wCueP2+1], wp2[wCueP2+2]
		o := &emit[i]
		o[0], o[1], o[2] = o[0]+(a0+b0+c0+d0+f0+g0), o[1]+(a1+b1+c1+d1+f1+g1), o[2]+(a2+b2+c2+d2+f2+g2)
		wm2, wm1, w, wp1 = wm1, w, wp1, wp2
	}
}

// cueVec is a vector of cue scores.
type cueVec [nCue]float32

// plus returns e0, e1, e2 plus v, for sums kept in variables.
func (v *cueVec) plus(e0, e1, e2 float32) (float32, float32, float32) {
	return e0 + v[0], e1 + v[1], e2 + v[2]
}

var negInf = float32(math.Inf(-1))

// tagRoles runs the role tagger over window [a, b) for cue [c0, c1); score adds the scores
// of a token outside the cue into its row of emissions.
func tagRoles(rc *roleCtx, trans []float32, a, b int, path []int, emit, buf []float32, score func(t int, e []float32)) []float32 {
	n := b - a
	emit = emit[:n*nRole]
	clear(emit)
	for i := 0; i < n; i++ {
		e := emit[i*nRole : (i+1)*nRole]
		t := a + i
		if t >= rc.c0 && t < rc.c1 {
			e[roleBS], e[roleIS], e[roleBC], e[roleIC] = negInf, negInf, negInf, negInf
			continue
		}
		score(t, e)
	}
	ev := make([]vec, n)
	for i := range ev {
		ev[i] = vec(emit[i*nRole:])
	}
	viterbiRole(ev, trans, path[:n], nil)
	return buf
}

// cueRanges turns cue tags of a sentence starting at token first into token ranges.
func cueRanges(path []int, first int, out []tokRange) []tokRange {
	for i := 0; i < len(path); i++ {
		if path[i] != cueB {
			continue
		}
		j := i + 1
		for j < len(path) && path[j] == cueI {
			j++
		}
		out = append(out, tokRange{first + i, first + j})
		i = j - 1
	}
	return out
}

// roleSpans reads the source (the segment nearest the cue) and the content from role tags
// over the window starting at token a. The content is the segment nearest the cue joined
// with the segments that only the cue, the source or punctuation separate from it — the
// discontinuous quotation "“…,” he said, “…”" — and other segments are dropped: they belong
// to neighbouring attributions. The segments are appended to p.segs, of which the content
// is a part.
func roleSpans(p *prep, path []int, a int, cue tokRange) (src tokRange, content []tokRange) {
	first := len(p.segs)
	segs := p.segs
	near := func(r tokRange) int {
		if r.end <= cue.start {
			return cue.start - r.end
		}
		return r.start - cue.end
	}
	best := math.MaxInt
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case roleBS, roleIS:
			j := i + 1
			for j < len(path) && path[j] == roleIS {
				j++
			}
			r := tokRange{a + i, a + j}
			if d := near(r); d < best {
				best, src = d, r
			}
			i = j - 1
		case roleBC, roleIC:
			j := i + 1
			for j < len(path) && path[j] == roleIC {
				j++
			}
			segs = append(segs, tokRange{a + i, a + j})
			i = j - 1
		}
	}
	p.segs = segs
	segs = segs[first:len(segs):len(segs)]
	if len(segs) <= 1 {
		return src, segs
	}
	k, best := 0, math.MaxInt
	for i, r := range segs {
		if d := near(r); d < best {
			k, best = i, d
		}
	}
	bridged := func(from, to int) bool {
		for t := from; t < to; t++ {
			in := func(r tokRange) bool { return t >= r.start && t < r.end }
			if in(cue) || in(src) || p.d.Tokens[t].Kind == document.Punct || p.d.Tokens[t].Kind == document.Quote {
				continue
			}
			return false
		}
		return true
	}
	// Two quotations either side of the cue are one content ("“…,” he told the host, “…”";
	// "“…,” Smith, a professor at …, said of the plan. “…”") whatever else lies between
	// them: the words around the cue belong to the attribution. The words counted against
	// maxAroundCue are those but the cue's and the source's, however long the source; the
	// second quotation must open after punctuation, the cue or the source, not after a word
	// (a title the writer quotes: "told CNN’s “State of the Union.”"); and no other cue may
	// stand between them ("“…,” he said, adding, “…”": the second is the other cue's).
	// PolNeAR, against counting the cue and the source and no further tests: content exact
	// F1 dev +0.2, train +0.3; relation F1 dev +0.1, train +0.1.
	quotesAround := func(a, b tokRange) bool {
		if a.end > cue.start || b.start < cue.end || p.quote[a.end-1] == 0 || p.quote[b.start] == 0 ||
			p.quote[a.end-1] == p.quote[cue.start] {
			return false
		}
		words := b.start - a.end - cue.len()
		if src.start >= a.end && src.end <= b.start {
			words -= src.len()
		}
		if words > maxAroundCue {
			return false
		}
		if k := p.d.Tokens[b.start-1].Kind; k != document.Punct && k != document.Quote && b.start != cue.end && b.start != src.end {
			return false
		}
		for t := a.end; t < b.start; t++ {
			if p.isCue[t] && (t < cue.start || t >= cue.end) {
				return false
			}
		}
		return true
	}
	// A segment in another sentence than the cue's, where another cue stands, is that cue's
	// however near it lies ("…wrote that X. “Y,” she wrote."): PolNeAR train, content
	// exact F1 +0.6.
	claimed := func(r tokRange) bool {
		s := p.sentOf[r.start]
		if s == p.sentOf[cue.start] {
			return false
		}
		st := p.d.Sentences[s]
		for t := st.FirstToken; t < st.EndToken; t++ {
			if p.isCue[t] && (t < cue.start || t >= cue.end) {
				return true
			}
		}
		return false
	}
	join := func(a, b tokRange) bool {
		if claimed(a) || claimed(b) {
			return false
		}
		return bridged(a.end, b.start) || quotesAround(a, b)
	}
	lo, hi := k, k
	for lo > 0 && join(segs[lo-1], segs[lo]) {
		lo--
	}
	for hi+1 < len(segs) && join(segs[hi], segs[hi+1]) {
		hi++
	}
	return src, segs[lo : hi+1]
}

// maxAroundCue bounds the words other than the cue and the source between two quotations
// that roleSpans joins across a cue.
const maxAroundCue = 12

// predict finds the relations of a prepared document. The relations, and their contents,
// are p's scratch (prep.rels, prep.segs): they last until the next predict or roles on p.
func (m *Model) predict(p *prep) []relation {
	d := p.d
	m.prepare(p)
	cues, path, emit, buf := p.cueRanges[:0], p.cuePath, p.cueEmit, p.cueBuf
	for _, st := range d.Sentences {
		n := st.EndToken - st.FirstToken
		if n == 0 {
			continue
		}
		path, emit = grow(path, n), grow(emit, n)
		buf = m.tagCues(p, st, path, emit, buf)
		cues = cueRanges(path[:n], st.FirstToken, cues)
	}
	p.cueRanges, p.cuePath, p.cueEmit, p.cueBuf = cues, path, emit, buf
	return m.roles(p, cues)
}

// roles finds the source and content of each cue; cues without content give no relation.
// The relations are p's scratch, as predict's.
func (m *Model) roles(p *prep, cues []tokRange) []relation {
	m.prepare(p)
	mark := func(c tokRange, on bool) {
		for i := c.start; i < c.end; i++ {
			p.isCue[i] = on
		}
	}
	for _, c := range cues {
		mark(c, true)
	}
	p.segs = p.segs[:0]
	m.touchCueTables(p, cues)
	r := roleRun{m: m, p: p, ct: &p.roles.ct, path: p.roles.path, emit: p.roles.emit, buf: p.roles.buf, again: p.roles.again}
	rels, idle := p.rels[:0], p.idle[:0]
	for _, c := range cues {
		if rel, ok := r.tag(c); ok {
			rels = append(rels, rel)
		} else {
			idle = append(idle, c)
		}
	}
	if len(idle) > 0 {
		// A cue that found no content was no cue, but other cues' taggers took it for one
		// ("…two months later than promised": content stops before "promised"). Unmark
		// such cues and tag again the cues whose window holds one.
		for _, c := range idle {
			mark(c, false)
		}
		for k, rel := range rels {
			a, b := window(p, rel.cue.start)
			for _, c := range idle {
				if c.start < b && c.end > a {
					if again, ok := r.tag(rel.cue); ok {
						rels[k] = again
					}
					break
				}
			}
		}
	}
	p.rels, p.idle = rels, idle
	p.roles.path, p.roles.emit, p.roles.buf, p.roles.again = r.path, r.emit, r.buf, r.again
	return rels
}

// roleRun holds the scratch space of role tagging for one document (Model.roles lends it
// the prep's, roleScratch).
type roleRun struct {
	m         *Model
	p         *prep
	ct        *cueTable
	rc        roleCtx
	path      []int
	emit, buf []vec
	again     []vec // the emissions of tag's second look
}

// tag finds the source and content of cue c; ok is false when it has no content.
func (r *roleRun) tag(c tokRange) (relation, bool) {
	p, m := r.p, r.m
	a, b := window(p, c.start)
	n := b - a
	r.path, r.emit = grow(r.path, n), grow(r.emit, n)
	rc := p.roleCtx(&r.rc, c.start, c.end, a, b)
	m.newCueTable(p, rc, r.ct)
	m.touchNear(p, rc, a, b)
	m.scoreWindow(p, rc, r.ct, a, b, r.emit)
	r.buf = viterbiRole(r.emit[:n], m.roleTrans, r.path[:n], r.buf)
	src, content := roleSpans(p, r.path[:n], a, c)
	content = tidy(p, content, c)
	if len(content) == 0 && m.secondLook {
		// A cue without content is dropped (Model.roles); look again with a bonus on the
		// content tags (contentBonusB), on a copy of the emissions (r.emit keeps the
		// tagger's own, as its tests read them).
		r.again = append(r.again[:0], r.emit[:n]...)
		for i := range r.again {
			r.again[i][roleBC] += contentBonusB
			r.again[i][roleIC] += contentBonusI
		}
		r.buf = viterbiRole(r.again, m.roleTrans, r.path[:n], r.buf)
		src, content = roleSpans(p, r.path[:n], a, c)
		content = tidy(p, content, c)
	}
	if m.refiner != nil {
		src = m.refine(p, content, src, c, a, b)
	}
	if len(content) == 0 {
		return relation{}, false
	}
	return relation{cue: c, src: src, content: content}, true
}

// Bonuses on the role tagger's content tags (beginning, inside) for a second decoding of a
// cue whose first found no content, which would drop the cue (on PolNeAR dev, at cue
// bonuses B 0.5, I 3, 51 of the 1,763 cues the tagger found, 36 of them overlapping a gold
// cue). The emissions are tens a token, and most such cues find no content even so; the few
// that do raised every exact F1 on PolNeAR dev (at cue bonuses B 0.5, I 3: source 72.17 →
// 72.24, cue 68.77 → 68.87, content 57.46 → 57.63, relation 64.72 → 64.88; at B 3, I 5:
// 72.38 → 72.45, 68.60 → 68.72, 57.39 → 57.57, 64.97 → 65.10) and lowered none of train's
// (at B 0.5, I 3: 74.88 → 74.95, 72.59 → 72.68, 66.02 → 66.02, 70.11 → 70.11). Flat over
// B 10–40 and I 5–40. It costs time only on those cues.
const (
	contentBonusB = 20
	contentBonusI = 10
)

// tidy applies the conventions of quotation to content segments that the tagger cuts short:
// a segment that opens a quotation runs to its closing mark, and one that closes a quotation
// starts at its opening mark, even beyond the tagger's window (a quotation lies within one
// paragraph) but never across the cue; a trailing comma outside quotation marks goes, and a
// segment of punctuation alone is dropped.
func tidy(p *prep, segs []tokRange, cue tokRange) []tokRange {
	toks := p.d.Tokens
	out := segs[:0]
	for _, r := range segs {
		if k := p.quote[r.start]; k != 0 && toks[r.start].Kind == document.Quote {
			e := r.end
			for e < len(toks) && p.quote[e] == k && e != cue.start {
				e++
			}
			if e > r.end && (e == len(toks) || p.quote[e] != k) {
				r.end = e
			}
		}
		if k := p.quote[r.end-1]; k != 0 && toks[r.end-1].Kind == document.Quote {
			s := r.start
			for s > 0 && p.quote[s-1] == k && s-1 != cue.end-1 {
				s--
			}
			if s < r.start && (s == 0 || p.quote[s-1] != k) {
				r.start = s
			}
		}
		if k := p.quote[r.end-1]; k != 0 && toks[r.end-1].Kind != document.Quote {
			// A segment that ends inside a quotation just before its closing mark, but for
			// punctuation, takes the mark: "…the plan “would fail,”".
			e := r.end
			for e < len(toks) && e-r.end < 3 && p.quote[e] == k && toks[e].Kind == document.Punct {
				e++
			}
			if e < len(toks) && p.quote[e] == k && toks[e].Kind == document.Quote && e != cue.start && (e+1 == len(toks) || p.quote[e+1] != k) {
				r.end = e + 1
			}
		}
		for r.end > r.start && p.quote[r.end-1] == 0 && (p.norm[r.end-1] == "," || p.norm[r.end-1] == ";") {
			r.end--
		}
		words := false
		for i := r.start; i < r.end; i++ {
			if k := toks[i].Kind; k == document.Word || k == document.Number {
				words = true
				break
			}
		}
		if words {
			out = append(out, r)
		}
	}
	// Extensions may make segments overlap; merge them.
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && r.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, r.end)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}
