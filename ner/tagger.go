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
	rows     *rows                // the weights of the templates with few values, by value
	edge     [2][numClasses]int32 // the sums of beforeTemplates for the start of a sentence, of afterTemplates for its end
	pool     sync.Pool            // *scratch
	off      uint64               // templates the model does not use (bit per template)
	full     bool                 // score every token, not only the candidate segments (for tests)
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
	toks    []tok
	tags    []pos.Tag
	norm    []string // the normalised words
	emit    []float32
	vit     []float32
	path    []int
	segs    []segment
	key     []byte
	feats   [maxFeat]learn.Hash
	hist    history                  // the document's history (TagDoc)
	words   [wordCacheSize]wordEntry // words' parts and scores, kept across calls
	long    wordEntry                // for a word longer than maxCachedWord
	miss    []int                    // tokens whose words the cache did not hold (analyseRange)
	touched uint64                   // keeps the loads of clusterTable.touch and gazetteer.touch
}

// wordCacheSize is the number of words whose parts and scores a scratch remembers (direct
// mapped, by the word's key). Names, and the words around them, recur within an article and
// across articles: on PolNeAR, four in five tokens that Tag analyses are found there, and
// five in six that it scores, which saves analysing the word and looking up its clusters,
// or the sixteen lookups of its word templates. A scratch takes 1.1 MB; a cache of 512
// words found two in three.
const wordCacheSize = 4096

// wordEntry is what a scratch remembers of a word: its word parts, with the clusters, and
// the sums of the weights of its templates: as the scored token (wordTemplates), as the
// token before it (beforeTemplates) and as the token after it (afterTemplates), each when
// its bit of known is set. The word itself is kept in the entry, its first n bytes of w
// (ok false for an empty entry), rather than as a string: comparing it then reads no other
// memory, and the cache keeps no article's text alive.
type wordEntry struct {
	ok    bool
	n     uint8
	known uint8 // 1 << role
	w     [maxCachedWord]byte
	parts wordParts
	s     [numRoles][numClasses]int32
}

// maxCachedWord is the longest word, in bytes, that the cache of words keeps; longer ones,
// a few in ten thousand, are analysed and scored each time.
const maxCachedWord = 29

// The roles of a word whose sums a wordEntry keeps.
const (
	roleSelf   = iota // the scored token
	roleBefore        // the token before it
	roleAfter         // the token after it
	numRoles
)

// cached returns the cache entry of token i of sc.toks, which scanWords set, when it holds
// the token's word, else nil.
func (sc *scratch) cached(i int) *wordEntry {
	w := sc.norm[i]
	if len(w) > maxCachedWord {
		return nil
	}
	e := &sc.words[sc.toks[i].key%wordCacheSize]
	if e.ok && int(e.n) == len(w) && string(e.w[:e.n]) == w {
		return e
	}
	return nil
}

// entry returns the cache entry of token i of sc.toks, which scanWords set, filling it
// with the word's parts when it holds another word. A word too long for the cache gets
// sc.long, filled anew, whose sums hold until the next call.
func (sc *scratch) entry(i int, clusters *clusterTable) *wordEntry {
	if e := sc.cached(i); e != nil {
		return e
	}
	w := sc.norm[i]
	e := &sc.long
	if len(w) <= maxCachedWord {
		e = &sc.words[sc.toks[i].key%wordCacheSize]
		e.ok, e.n = true, uint8(copy(e.w[:], w))
	}
	e.known = 0
	e.parts, _ = analyseParts(w)
	e.parts.cl = clusters.lookup(w)
	return e
}

// roleSum returns the sum of the weights of the templates of role r for token j of sc.toks,
// from the cache of words, or scored and kept there.
func (t *Tagger) roleSum(sc *scratch, j, r int) *[numClasses]int32 {
	e := sc.entry(j, t.clusters)
	if e.known&(1<<r) == 0 {
		tk := &sc.toks[j]
		var nf int
		if r == roleSelf {
			_, tk.affixParts = analyseParts(sc.norm[j]) // Tag sets only the word parts
			nf = wordFeatures(&sc.feats, tk, t.off)
		} else {
			nf = neighbourFeatures(&sc.feats, tk, r == roleAfter, t.off)
		}
		var x [scoreLen]int32
		t.tab.score(sc.feats[:nf], &x)
		e.s[r], e.known = [numClasses]int32(x[:numClasses]), e.known|1<<r
	}
	return &e.s[r]
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
	si := scanWords(words, sc, ptag, nil)
	for i := range sc.toks {
		sc.toks[i].wordParts, sc.toks[i].affixParts = analyseParts(sc.norm[i])
	}
	return si
}

// scanWords fills sc.norm with the normalised words and sc.toks with what choosing the
// candidate segments and matching the gazetteer read of every token (see scan), and tags
// the words' parts of speech when ptag is not nil. Tag analyses fully only the tokens that
// features read, those around the segments (analyseRange), a third of an article's.
func scanWords(words []string, sc *scratch, ptag *pos.Tagger, given []pos.Tag) sentInfo {
	n := len(words)
	if cap(sc.toks) < n {
		sc.toks = make([]tok, n, n+n/2)
		sc.tags = make([]pos.Tag, n, n+n/2)
		sc.norm = make([]string, n, n+n/2)
	}
	sc.toks, sc.tags, sc.norm = sc.toks[:n], sc.tags[:n], sc.norm[:n]
	lower, upper := false, false
	for i, w := range words {
		tk := &sc.toks[i]
		if !scanASCII(tk, w) { // normalise changes only words with other characters
			w = normalise(w)
			*tk = scan(w)
		}
		sc.norm[i] = w
		lower = lower || tk.lower0
		upper = upper || tk.cap
	}
	if given != nil {
		copy(sc.tags, given)
		for i, p := range sc.tags {
			sc.toks[i].pos = p
		}
	} else if ptag != nil {
		ptag.Tag(words, sc.tags)
		for i, p := range sc.tags {
			sc.toks[i].pos = p
		}
	}
	return sentInfo{caps: upper && !lower}
}

// analyseRange sets the word parts of tokens a to b-1 of sc.toks (which scanWords filled)
// that the cache of words holds, and adds the others to sc.miss for analyseMissed, having
// started the fetch of their clusters. Their affix parts, which only a token's own word
// templates read, are left for roleSum to set should it score them.
func (t *Tagger) analyseRange(sc *scratch, a, b int) {
	for i := a; i < b; i++ {
		if e := sc.cached(i); e != nil {
			sc.toks[i].wordParts = e.parts
			continue
		}
		sc.miss = append(sc.miss, i)
		sc.touched += t.clusters.touch(wordHash(sc.norm[i]))
	}
}

// analyseMissed sets the word parts of the tokens of sc.miss, through the cache of words.
// Their clusters, looked up now, are mostly not in cache: analyseRange has started fetching
// them all, which takes about the time of fetching one.
func (t *Tagger) analyseMissed(sc *scratch) {
	for _, i := range sc.miss {
		sc.toks[i].wordParts = sc.entry(i, t.clusters).parts
	}
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
	t.tag(words, nil, out, sc, nil)
	t.pool.Put(sc)
}

// TagDoc labels the sentences of one document, in order. A name that the tagger has already
// labelled earlier in the document ("Blackburn" after "Peter Blackburn") is labelled with
// that in view, which is how it gets the later, shorter mentions right.
func (t *Tagger) TagDoc(sents [][]string) [][]Label { return t.TagDocPOS(sents, nil) }

// TagDocPOS is TagDoc with the words' parts of speech given (tags[i][j] of sents[i][j], as
// package pos tags them), for a pipeline that has tagged them already; nil tags means the
// tagger tags them itself.
func (t *Tagger) TagDocPOS(sents [][]string, tags [][]pos.Tag) [][]Label {
	out := make([][]Label, len(sents))
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	labels := make([]Label, n) // one array for the document
	sc := t.getScratch()
	sc.hist.reset()
	for i, s := range sents {
		out[i], labels = labels[:len(s):len(s)], labels[len(s):]
		var given []pos.Tag
		if tags != nil && t.pos != nil {
			given = tags[i][:len(s)]
		}
		t.tag(s, given, out[i], sc, &sc.hist)
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
func (t *Tagger) tag(words []string, given []pos.Tag, out []Label, sc *scratch, hist *history) {
	n := len(words)
	if n == 0 {
		return
	}
	si := scanWords(words, sc, t.pos, given)
	if t.full {
		sc.segs = append(sc.segs[:0], segment{0, n})
	} else {
		sc.segs = segments(sc.toks, sc.norm, sc.segs[:0])
	}
	// Features read the parts of the tokens up to two around a scored one, and their
	// gazetteer marks, which read only the words' keys.
	done := 0
	sc.miss = sc.miss[:0]
	for _, g := range sc.segs {
		a, b := max(g.a-2, done), min(g.b+2, n)
		done = b
		t.analyseRange(sc, a, b)
		sc.touched += uint64(t.gaz.touch(sc.toks, a, b))
	}
	t.analyseMissed(sc)
	done = 0
	for _, g := range sc.segs {
		a, b := max(g.a-2, done), min(g.b+2, n)
		done = b
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
			t.scoreToken(sc, i, si, &s)
			scaleScores((*[numClasses]float32)(sc.emit[i*numClasses:(i+1)*numClasses]), &s, t.tab.scale)
		}
		sc.vit = viterbi(sc.emit[g.a*numClasses:g.b*numClasses], &t.trans, sc.path[g.a:g.b], sc.vit, g.a > 0, g.b < n)
	}
	for i, c := range sc.path {
		out[i] = labelOf(c)
	}
	recordHist(sc.toks, sc.path, hist)
}

// scoreToken adds the scores of the features of token i of sc.toks into s: the sums for its
// word, for the word before it and for the word after it, from the cache of words (roleSum);
// the rows of the templates with few values (see rows); then the other features, looked up.
// The weights are integers, so the total does not depend on how the terms are grouped: it is
// the sum of all the features of the token.
func (t *Tagger) scoreToken(sc *scratch, i int, si sentInfo, s *[scoreLen]int32) {
	// The three sums are copied: fetching one may reuse the entry of another.
	self, before, after := *t.roleSum(sc, i, roleSelf), t.edge[0], t.edge[1]
	if i > 0 {
		before = *t.roleSum(sc, i-1, roleBefore)
	}
	if i+1 < len(sc.toks) {
		after = *t.roleSum(sc, i+1, roleAfter)
	}
	addSums(s, &self, &before, &after)
	nf := contextFeatures(&sc.feats, sc.toks, i, si, t.off|beforeTemplates|afterTemplates|t.rows.on)
	nf = t.rows.add(s, sc.toks, i, &sc.feats, nf)
	t.tab.score(sc.feats[:nf], s)
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

// history is a document's history (Ratinov and Roth's extended prediction history): for
// each capitalised word, by its lower-case hash, the types the tagger gave it, bit t-1 for
// type t and bit 4 for O. It is an open-addressing table, as a Go map cost a tenth of
// tagging; a val of 0 marks an empty slot, as every recorded word has a bit set. The zero
// value is an empty history.
type history struct {
	keys []uint64
	vals []uint8
	n    int
}

// reset empties h, keeping its memory.
func (h *history) reset() {
	clear(h.keys)
	clear(h.vals)
	h.n = 0
}

func (h *history) slot(k uint64) uint64 { return (k ^ k>>32) & uint64(len(h.keys)-1) }

// get returns the bits recorded for key k.
func (h *history) get(k uint64) uint8 {
	if h.n == 0 {
		return 0
	}
	for i := h.slot(k); ; i = (i + 1) & uint64(len(h.keys)-1) {
		if h.vals[i] == 0 || h.keys[i] == k {
			return h.vals[i]
		}
	}
}

// add records bit (not 0) for key k.
func (h *history) add(k uint64, bit uint8) {
	if 2*(h.n+1) > len(h.keys) {
		old := *h
		size := max(64, 2*len(old.keys))
		*h = history{keys: make([]uint64, size), vals: make([]uint8, size)}
		for i, v := range old.vals {
			if v != 0 {
				h.add(old.keys[i], v)
			}
		}
	}
	i := h.slot(k)
	for h.vals[i] != 0 && h.keys[i] != k {
		i = (i + 1) & uint64(len(h.keys)-1)
	}
	if h.vals[i] == 0 {
		h.keys[i] = k
		h.n++
	}
	h.vals[i] |= bit
}

// applyHist sets the hist of the capitalised tokens of s from the document's history.
func applyHist(s []tok, hist *history) {
	for i := range s {
		s[i].hist = 0
		if hist != nil && s[i].cap {
			s[i].hist = hist.get(s[i].lower)
		}
	}
}

// recordHist adds the labels of the capitalised tokens of s to the document's history.
func recordHist(s []tok, path []int, hist *history) {
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
		hist.add(s[i].lower, bit)
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
	n := len(path)
	if cap(score) < n*k {
		score = make([]float32, n*k, 2*n*k)
	}
	score = score[:n*k]
	row := func(v []float32, i int) *[k]float32 { return (*[k]float32)(v[i*k : (i+1)*k]) }
	first := row(tr.m[:], 0)
	if afterO {
		first = row(tr.m[:], 1) // from O
	}
	s0, e0 := row(score, 0), row(emit, 0)
	for c := range s0 {
		s0[c] = e0[c] + first[c]
	}
	var pc [len(closing)]float32
	for i := 1; i < n; i++ {
		prev, cur, e := row(score, i-1), row(score, i), row(emit, i)
		// O, B and U follow O, L or U: the best of those for each current class.
		for j, p := range closing {
			pc[j] = prev[p]
		}
		openingScores(cur, e, &pc, &tr.oc)
		// I and L follow B or I of their type.
		for t := range tr.il {
			il := &tr.il[t]
			b := 1 + 4*t
			cur[b+1] = max2(prev[b]+il[0][0], prev[b+1]+il[1][0]) + e[b+1]
			cur[b+2] = max2(prev[b]+il[0][1], prev[b+1]+il[1][1]) + e[b+2]
		}
	}
	last := row(score, n-1)
	best, bc := float32(math.Inf(-1)), 0
	for c := 0; c < k; c++ {
		s := last[c]
		if beforeO {
			s += tr.m[(c+1)*k] // to O
		}
		if canEnd(c) && s > best {
			best, bc = s, c
		}
	}
	path[n-1] = bc
	for i := n - 1; i > 0; i-- {
		prev := row(score, i-1)
		c := path[i]
		if x := openingIndex[c]; x >= 0 { // O, B or U
			best, bp := float32(math.Inf(-1)), 0
			oc := &tr.oc[x]
			for j, p := range closing {
				if s := prev[p] + oc[j]; s > best {
					best, bp = s, p
				}
			}
			path[i-1] = bp
		} else {
			t := (c - 1) / 4
			b := 1 + 4*t // B of its type
			il, to := &tr.il[t], c-b-1
			if prev[b+1]+il[1][to] > prev[b]+il[0][to] {
				path[i-1] = b + 1
			} else {
				path[i-1] = b
			}
		}
	}
	return score
}

// openingScores sets the scores of the opening classes (O, B, U) at a token, from pc, the
// scores of the closing classes at the one before: for each, the best of pc[j]+oc[x][j],
// the first of equals as a loop from j = 0 finds it, plus its emission e. Viterbi spends
// most of its time here, 81 sums a token; unrolled by hand, as the compiler does not
// unroll loops, they cost half as many instructions.
func openingScores(cur, e *[numClasses]float32, pc *[len(closing)]float32, oc *[len(opening)][len(closing)]float32) {
	for x, c := range opening {
		r := &oc[x]
		best := max2(float32(math.Inf(-1)), pc[0]+r[0])
		best = max2(best, pc[1]+r[1])
		best = max2(best, pc[2]+r[2])
		best = max2(best, pc[3]+r[3])
		best = max2(best, pc[4]+r[4])
		best = max2(best, pc[5]+r[5])
		best = max2(best, pc[6]+r[6])
		best = max2(best, pc[7]+r[7])
		best = max2(best, pc[8]+r[8])
		cur[c] = best + e[c]
	}
}

// scaleScores sets row to the integer scores s times scale, unrolled as openingScores is.
func scaleScores(row *[numClasses]float32, s *[scoreLen]int32, scale float32) {
	row[0] = float32(s[0]) * scale
	row[1] = float32(s[1]) * scale
	row[2] = float32(s[2]) * scale
	row[3] = float32(s[3]) * scale
	row[4] = float32(s[4]) * scale
	row[5] = float32(s[5]) * scale
	row[6] = float32(s[6]) * scale
	row[7] = float32(s[7]) * scale
	row[8] = float32(s[8]) * scale
	row[9] = float32(s[9]) * scale
	row[10] = float32(s[10]) * scale
	row[11] = float32(s[11]) * scale
	row[12] = float32(s[12]) * scale
	row[13] = float32(s[13]) * scale
	row[14] = float32(s[14]) * scale
	row[15] = float32(s[15]) * scale
	row[16] = float32(s[16]) * scale
}

// The statements of openingScores are one per closing class, those of scaleScores one per
// class.
var (
	_ = [1]struct{}{}[len(closing)-9]
	_ = [1]struct{}{}[numClasses-17]
)

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

// openingIndex is the index of each class in opening, -1 for those not there.
var openingIndex = func() (x [numClasses]int) {
	for c := range x {
		x[c] = -1
	}
	for i, c := range opening {
		x[c] = i
	}
	return x
}()

// transitions are the transition scores.
type transitions struct {
	m  [(numClasses + 1) * numClasses]float32 // row 0 from the start, row p+1 from class p; −Inf forbidden
	oc [len(opening)][len(closing)]float32    // from closing[j] to opening[i], as in m
	il [numTypes][2][2]float32                // of type t, from B or I (0, 1) to I or L (0, 1), as in m
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
	for t := range tr.il {
		b := 1 + 4*t
		for from := 0; from < 2; from++ {
			for to := 0; to < 2; to++ {
				tr.il[t][from][to] = m[(b+from+1)*numClasses+b+1+to]
			}
		}
	}
}
