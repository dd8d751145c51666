package ner

import (
	"bytes"
	_ "embed"
	"math"
	"sync"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
)

// model is the embedded model, as Train produced it.
//
//go:embed model.bin
var model []byte

// Tagger finds named entities. It is read-only after loading and safe for concurrent use.
type Tagger struct {
	pos      *pos.Tagger
	clusters *clusterTable // clusterKey → cluster ids, 16 bits a level
	gaz      gazetteer
	tab      *table
	trans    [(numClasses + 1) * numClasses]float32 // row 0 from the start, row p+1 from class p; −Inf forbidden
	pool     sync.Pool                              // *scratch
	off      uint64                                 // templates the model does not use (bit per template)
}

// Default loads the embedded model. Loading takes tens of milliseconds and some megabytes,
// so call it once and keep the Tagger.
func Default() *Tagger {
	t, err := Load(bytes.NewReader(model))
	if err != nil {
		panic("ner: embedded model: " + err.Error())
	}
	return t
}

// scratch is the working memory of one call.
type scratch struct {
	toks  []tok
	tags  []pos.Tag
	emit  []float32
	vit   []float32
	back  []uint8
	path  []int
	key   []byte
	feats [maxFeat]learn.Hash
}

func (t *Tagger) getScratch() *scratch {
	if s, ok := t.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{key: make([]byte, 0, 64)}
}

// prepare analyses the words of a sentence into sc.toks: their parts, clusters, predicted
// part-of-speech tags and gazetteer marks.
func prepare(words []string, sc *scratch, ptag *pos.Tagger, clusters *clusterTable, gz *gazetteer) sentInfo {
	n := len(words)
	if cap(sc.toks) < n {
		sc.toks = make([]tok, n, n+n/2)
		sc.tags = make([]pos.Tag, n, n+n/2)
	}
	sc.toks, sc.tags = sc.toks[:n], sc.tags[:n]
	if ptag != nil {
		ptag.Tag(words, sc.tags)
	} else {
		clear(sc.tags)
	}
	si := sentInfo{}
	lower, upper := false, false
	for i, w := range words {
		w = normalise(w)
		tk := analyse(w)
		sc.key = clusterKey(w, sc.key)
		tk.cl = clusters.get(sc.key)
		tk.pos = sc.tags[i]
		lower = lower || tk.lower0
		upper = upper || tk.cap
		sc.toks[i] = tk
	}
	si.caps = upper && !lower
	gz.mark(sc.toks)
	return si
}

// Tag labels the words of one sentence, writing the label of words[i] into out[i]; out must
// be at least as long as words. Words are tokens as whosaid's tokenizer or CoNLL-2003 cut
// them. A sentence tagged alone has no document context: TagDoc, which sees the names
// found earlier in the same document, is more accurate.
func (t *Tagger) Tag(words []string, out []Label) {
	if len(out) < len(words) {
		panic("ner: Tag: out is shorter than words")
	}
	sc := t.getScratch()
	t.tag(words, out, sc, nil)
	t.pool.Put(sc)
}

// TagDoc labels the sentences of one document, in order. A name that the tagger has already
// labelled earlier in the document ("Blackburn" after "Peter Blackburn") is labelled with
// that in view, which is how it gets the later, shorter mentions right.
func (t *Tagger) TagDoc(sents [][]string) [][]Label {
	out := make([][]Label, len(sents))
	sc := t.getScratch()
	hist := map[uint64]uint8{}
	for i, s := range sents {
		out[i] = make([]Label, len(s))
		t.tag(s, out[i], sc, hist)
	}
	t.pool.Put(sc)
	return out
}

// tag labels one sentence; hist, when not nil, is the document's history, which it reads
// and then adds to.
func (t *Tagger) tag(words []string, out []Label, sc *scratch, hist map[uint64]uint8) {
	n := len(words)
	if n == 0 {
		return
	}
	si := prepare(words, sc, t.pos, t.clusters, &t.gaz)
	applyHist(sc.toks, hist)
	if cap(sc.emit) < n*numClasses {
		sc.emit = make([]float32, n*numClasses, 2*n*numClasses)
		sc.path = make([]int, n, 2*n)
	}
	sc.emit, sc.path = sc.emit[:n*numClasses], sc.path[:n]
	for i := range sc.toks {
		nf := features(&sc.feats, sc.toks, i, si, t.off)
		var s [scoreLen]int32
		t.tab.score(sc.feats[:nf], &s)
		row := sc.emit[i*numClasses : (i+1)*numClasses]
		for c := range row {
			row[c] = float32(s[c]) * t.tab.scale
		}
	}
	sc.vit, sc.back = viterbi(sc.emit, &t.trans, sc.path, sc.vit, sc.back)
	for i, c := range sc.path {
		out[i] = labelOf(c)
	}
	recordHist(sc.toks, sc.path, hist)
}

// applyHist sets the hist of the capitalised tokens of s from the document's history.
func applyHist(s []tok, hist map[uint64]uint8) {
	for i := range s {
		s[i].hist = 0
		if hist != nil && s[i].cap {
			s[i].hist = hist[s[i].lower]
		}
	}
}

// recordHist adds the labels of the capitalised tokens of s to the document's history.
func recordHist(s []tok, path []int, hist map[uint64]uint8) {
	if hist == nil {
		return
	}
	for i := range s {
		if !s[i].cap {
			continue
		}
		bit := uint8(1 << 4)
		if c := path[i]; c > 0 {
			bit = 1 << ((c - 1) / 4)
		}
		hist[s[i].lower] |= bit
	}
}

// viterbi finds the best class sequence for emission scores emit (n×numClasses) under the
// transition scores trans, BILOU's constraints being −Inf there, and ending on a class that
// closes its entity. It writes the classes into path and returns its buffers for reuse.
func viterbi(emit []float32, trans *[(numClasses + 1) * numClasses]float32, path []int, score []float32, back []uint8) ([]float32, []uint8) {
	const k = numClasses
	n := len(path)
	if cap(score) < n*k {
		score = make([]float32, n*k, 2*n*k)
		back = make([]uint8, n*k, 2*n*k)
	}
	score, back = score[:n*k], back[:n*k]
	for c := 0; c < k; c++ {
		score[c] = emit[c] + trans[c]
	}
	for i := 1; i < n; i++ {
		prev := score[(i-1)*k : i*k]
		cur := score[i*k : (i+1)*k]
		e := emit[i*k : (i+1)*k]
		// O, B and U follow O, L or U: the best of those for each current class.
		for _, c := range opening {
			best, bp := float32(math.Inf(-1)), 0
			for _, p := range closing {
				if s := prev[p] + trans[(p+1)*k+c]; s > best {
					best, bp = s, p
				}
			}
			cur[c] = best + e[c]
			back[i*k+c] = uint8(bp)
		}
		// I and L follow B or I of their type.
		for t := 0; t < numTypes; t++ {
			b, in := 1+4*t, 2+4*t
			for _, c := range [2]int{2 + 4*t, 3 + 4*t} {
				sb, si := prev[b]+trans[(b+1)*k+c], prev[in]+trans[(in+1)*k+c]
				if si > sb {
					cur[c], back[i*k+c] = si+e[c], uint8(in)
				} else {
					cur[c], back[i*k+c] = sb+e[c], uint8(b)
				}
			}
		}
	}
	last := score[(n-1)*k:]
	best, bc := float32(math.Inf(-1)), 0
	for c := 0; c < k; c++ {
		if canEnd(c) && last[c] > best {
			best, bc = last[c], c
		}
	}
	path[n-1] = bc
	for i := n - 1; i > 0; i-- {
		path[i-1] = int(back[i*k+path[i]])
	}
	return score, back
}

// opening are the classes that may follow a closed entity (O, B, U); closing those after
// which one may open (O, L, U).
var (
	opening = [...]int{0, 1, 4, 5, 8, 9, 12, 13, 16}
	closing = [...]int{0, 3, 4, 7, 8, 11, 12, 15, 16}
)

// transMatrix reads the transition weights from w (learn.Trans features) and forbids what
// BILOU does not allow.
func transMatrix(vec func(learn.Hash) []float32, m *[(numClasses + 1) * numClasses]float32) {
	for p := -1; p < numClasses; p++ {
		row := m[(p+1)*numClasses : (p+2)*numClasses]
		v := vec(learn.Trans(p))
		for c := range row {
			row[c] = 0
			if v != nil {
				row[c] = v[c]
			}
			if !allowed(p, c) {
				row[c] = float32(math.Inf(-1))
			}
		}
	}
}
