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
	trans    transitions
	pool     sync.Pool // *scratch
	off      uint64    // templates the model does not use (bit per template)
	full     bool      // score every token, not only the candidate segments (for tests)
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
	norm  []string // the normalised words
	emit  []float32
	vit   []float32
	path  []int
	segs  []segment
	key   []byte
	feats [maxFeat]learn.Hash
	words [wordCacheSize]wordScore // scores of the word templates by word, kept across calls
}

// wordCacheSize is the number of words whose scores a scratch remembers (direct mapped).
// Names, and the words around them, recur within an article and across articles; a hit
// saves some twenty lookups of the token's fifty.
const wordCacheSize = 512

// wordScore is the sum of the weights of the word templates (wordTemplates) of one word.
type wordScore struct {
	w string
	s [numClasses]int32
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
	si := analyseWords(words, sc, ptag)
	lookClusters(sc, clusters, 0, len(words))
	gz.mark(sc.toks)
	return si
}

// analyseWords fills sc.toks with the parts of the words and their part-of-speech tags, but
// not their clusters or gazetteer marks, which lookClusters and gazetteer.mark add.
func analyseWords(words []string, sc *scratch, ptag *pos.Tagger) sentInfo {
	n := len(words)
	if cap(sc.toks) < n {
		sc.toks = make([]tok, n, n+n/2)
		sc.tags = make([]pos.Tag, n, n+n/2)
		sc.norm = make([]string, n, n+n/2)
	}
	sc.toks, sc.tags, sc.norm = sc.toks[:n], sc.tags[:n], sc.norm[:n]
	if ptag != nil {
		ptag.Tag(words, sc.tags)
	} else {
		clear(sc.tags)
	}
	lower, upper := false, false
	for i, w := range words {
		w = normalise(w)
		sc.norm[i] = w
		tk := analyse(w)
		tk.pos = sc.tags[i]
		lower = lower || tk.lower0
		upper = upper || tk.cap
		sc.toks[i] = tk
	}
	return sentInfo{caps: upper && !lower}
}

// lookClusters sets the clusters of tokens a to b-1 of sc.toks.
func lookClusters(sc *scratch, clusters *clusterTable, a, b int) {
	for i := a; i < b; i++ {
		sc.key = clusterKey(sc.norm[i], sc.key)
		sc.toks[i].cl = clusters.get(sc.key)
	}
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
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	labels := make([]Label, n) // one array for the document
	sc := t.getScratch()
	hist := map[uint64]uint8{}
	for i, s := range sents {
		out[i], labels = labels[:len(s):len(s)], labels[len(s):]
		t.tag(s, out[i], sc, hist)
	}
	t.pool.Put(sc)
	return out
}

// tag labels one sentence; hist, when not nil, is the document's history, which it reads
// and then adds to.
//
// Only the candidate segments of the sentence (see segments) are scored and decoded; the
// other tokens are O. Decoding a segment alone, with the O before and after it, gives the
// path that decoding the whole sentence with those tokens held to O would give.
func (t *Tagger) tag(words []string, out []Label, sc *scratch, hist map[uint64]uint8) {
	n := len(words)
	if n == 0 {
		return
	}
	si := analyseWords(words, sc, t.pos)
	if t.full {
		sc.segs = append(sc.segs[:0], segment{0, n})
	} else {
		sc.segs = segments(sc.toks, sc.norm, sc.segs[:0])
	}
	// Clusters and gazetteer marks are read up to two tokens around a scored one.
	for i := range sc.toks {
		sc.toks[i].gaz, sc.toks[i].gazLen = [numTypes]uint8{}, [numTypes]uint8{}
	}
	done := 0
	for _, g := range sc.segs {
		a, b := max(g.a-2, done), min(g.b+2, n)
		done = b
		lookClusters(sc, t.clusters, a, b)
		t.gaz.markFrom(sc.toks, a, b)
	}
	applyHist(sc.toks, hist)
	if cap(sc.emit) < n*numClasses {
		sc.emit = make([]float32, n*numClasses, 2*n*numClasses)
		sc.path = make([]int, n, 2*n)
	}
	sc.emit, sc.path = sc.emit[:n*numClasses], sc.path[:n]
	clear(sc.path)
	for _, g := range sc.segs {
		for i := g.a; i < g.b; i++ {
			var s [scoreLen]int32
			ws := &sc.words[sc.toks[i].word%wordCacheSize]
			if ws.w != sc.norm[i] || ws.w == "" {
				nf := features(&sc.feats, sc.toks, i, si, t.off|^wordTemplates)
				t.tab.score(sc.feats[:nf], &s)
				ws.w = sc.norm[i]
				copy(ws.s[:], s[:numClasses])
			} else {
				copy(s[:numClasses], ws.s[:])
			}
			nf := features(&sc.feats, sc.toks, i, si, t.off|wordTemplates)
			t.tab.score(sc.feats[:nf], &s)
			row := sc.emit[i*numClasses : (i+1)*numClasses]
			for c := range row {
				row[c] = float32(s[c]) * t.tab.scale
			}
		}
		sc.vit = viterbi(sc.emit[g.a*numClasses:g.b*numClasses], &t.trans, sc.path[g.a:g.b], sc.vit, g.a > 0, g.b < n)
	}
	for i, c := range sc.path {
		out[i] = labelOf(c)
	}
	recordHist(sc.toks, sc.path, hist)
}

// segment is a run of tokens a to b-1 that the tagger scores.
type segment struct{ a, b int }

// maxGap is the longest run of glue (see segments) that joins two runs of capitalised
// tokens into one segment.
const maxGap = 3

// segments appends to segs the candidate segments of a sentence, the runs of tokens that
// the tagger scores. In news a token with no upper-case letter is almost never part of a
// name, unless it stands between or beside capitalised words: "Bank of England", "Gazzetta
// dello Sport", "van der Sar", "Lord 's", "5th Street Gym", "Mladost ( BJ )". So a segment
// is a run of tokens with an upper-case letter, joined to the next such run across up to
// maxGap tokens of glue (connectors such as "of", "the", "de", "&"; tokens without a
// lower-case letter, such as punctuation and numbers; tokens with a digit) or across any
// one token, and extended on each side by up to maxGap tokens of glue. Segments that
// would touch are merged, so that between two segments there is always a token labelled
// O. An all-capitals headline is one segment.
//
// Scoring only the segments labels CoNLL valid exactly as scoring every token does, and
// changes the labels of a few tokens in a hundred thousand of PolNeAR's articles; it
// scores 40% of CoNLL valid's tokens and 29% of PolNeAR's.
func segments(s []tok, words []string, segs []segment) []segment {
	n := len(s)
	name := func(i int) bool { return s[i].upper }
	glue := func(i int) bool { return !s[i].upper && (!s[i].lower0 || s[i].cand) || connector(words[i]) }
	for i := 0; i < n; {
		if !name(i) {
			i++
			continue
		}
		a, b := i, i+1
		for {
			for b < n && name(b) {
				b++
			}
			j := b
			for j < n && j-b < maxGap && glue(j) {
				j++
			}
			if j == b && b+1 < n && name(b+1) {
				j = b + 1 // any one token between capitalised ones: "Kengo wa Dondo"
			}
			if j < n && j > b && name(j) {
				b = j
				continue
			}
			b = j // the glue after the last capitalised token
			break
		}
		for a > 0 && i-a < maxGap && glue(a-1) {
			a--
		}
		if k := len(segs) - 1; k >= 0 && a <= segs[k].b {
			segs[k].b = b
		} else {
			segs = append(segs, segment{a, b})
		}
		i = b
	}
	return segs
}

// connector reports whether w, which has no upper-case letter or digit, may stand between
// the words of a name.
func connector(w string) bool {
	switch w {
	case "of", "the", "and", "for", "on", "in", "at", "upon", "du", "de", "des", "del", "della", "di", "da", "do", "dos", "das",
		"la", "las", "lo", "los", "le", "les", "el", "al", "van", "von", "der", "den", "ter", "ten", "zu", "y", "e", "bin", "ibn", "&", "'", "-", "'s", "s", ".", "/", "'n'", "n'":
		return true
	}
	return false
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
// closes its entity. afterO says that the sequence follows a token labelled O rather than
// the start of the sentence, beforeO that one follows it (rather than the end): the
// sequence is a segment of a sentence whose other tokens are O. It writes the classes into
// path and returns its buffer for reuse.
//
// The forward pass keeps only the best scores; the way back finds each step's best
// predecessor again, for the one class the path takes, by the same comparisons in the same
// order, which is cheaper than recording a predecessor for every class at every token.
func viterbi(emit []float32, tr *transitions, path []int, score []float32, afterO, beforeO bool) []float32 {
	const k = numClasses
	trans, oc := &tr.m, &tr.oc
	n := len(path)
	if cap(score) < n*k {
		score = make([]float32, n*k, 2*n*k)
	}
	score = score[:n*k]
	first := trans[:k]
	if afterO {
		first = trans[k : 2*k] // from O
	}
	for c := 0; c < k; c++ {
		score[c] = emit[c] + first[c]
	}
	var pc [len(closing)]float32
	for i := 1; i < n; i++ {
		prev := (*[k]float32)(score[(i-1)*k : i*k])
		cur := (*[k]float32)(score[i*k : (i+1)*k])
		e := (*[k]float32)(emit[i*k : (i+1)*k])
		// O, B and U follow O, L or U: the best of those for each current class.
		for j, p := range closing {
			pc[j] = prev[p]
		}
		for x, c := range opening {
			row := &oc[x]
			best := float32(math.Inf(-1))
			for j := range pc {
				best = max2(best, pc[j]+row[j])
			}
			cur[c] = best + e[c]
		}
		// I and L follow B or I of their type.
		for t := 0; t < numTypes; t++ {
			b, in := 1+4*t, 2+4*t
			for _, c := range [2]int{2 + 4*t, 3 + 4*t} {
				sb, si := prev[b]+trans[(b+1)*k+c], prev[in]+trans[(in+1)*k+c]
				cur[c] = max2(sb, si) + e[c]
			}
		}
	}
	last := score[(n-1)*k:]
	best, bc := float32(math.Inf(-1)), 0
	for c := 0; c < k; c++ {
		s := last[c]
		if beforeO {
			s += trans[(c+1)*k] // to O
		}
		if canEnd(c) && s > best {
			best, bc = s, c
		}
	}
	path[n-1] = bc
	for i := n - 1; i > 0; i-- {
		prev := score[(i-1)*k : i*k]
		c := path[i]
		if c == 0 || (c-1)%4 == 0 || (c-1)%4 == 3 { // O, B or U
			best, bp := float32(math.Inf(-1)), 0
			for _, p := range closing {
				if s := prev[p] + trans[(p+1)*k+c]; s > best {
					best, bp = s, p
				}
			}
			path[i-1] = bp
		} else {
			b := c - (c-1)%4 // B of its type
			in := b + 1
			if prev[in]+trans[(in+1)*k+c] > prev[b]+trans[(b+1)*k+c] {
				path[i-1] = in
			} else {
				path[i-1] = b
			}
		}
	}
	return score
}

// max2 is the larger of a and b, a when they are equal; it compiles without a branch.
func max2(a, b float32) float32 {
	if b > a {
		return b
	}
	return a
}

// opening are the classes that may follow a closed entity (O, B, U); closing those after
// which one may open (O, L, U).
var (
	opening = [...]int{0, 1, 4, 5, 8, 9, 12, 13, 16}
	closing = [...]int{0, 3, 4, 7, 8, 11, 12, 15, 16}
)

// transitions are the transition scores.
type transitions struct {
	m  [(numClasses + 1) * numClasses]float32 // row 0 from the start, row p+1 from class p; −Inf forbidden
	oc [len(opening)][len(closing)]float32    // from closing[j] to opening[i], as in m
}

// transMatrix reads the transition weights from w (learn.Trans features) and forbids what
// BILOU does not allow.
func transMatrix(vec func(learn.Hash) []float32, tr *transitions) {
	m := &tr.m
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
	for i, c := range opening {
		for j, p := range closing {
			tr.oc[i][j] = m[(p+1)*numClasses+c]
		}
	}
}
