package ner

import (
	_ "embed"
	"github.com/whosaid/whosaid/internal/hugepage"
	"github.com/whosaid/whosaid/internal/reuse"
	"math"
	"slices"

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
	rows     *rows               // the weights of the templates with few values, by value
	edge     [numRoles]lanes     // by role, the sums of its templates for the tokens beyond the sentence (none for roleSelf)
	pool     reuse.List[scratch] // kept across collections: a scratch holds the word cache (package reuse)
	off      uint64              // templates the model does not use (bit per template)
	full     bool                // score every token, not only the candidate segments (for tests)
}

// Default loads the embedded model. Loading takes tens of milliseconds and some megabytes,
// so call it once and keep the Tagger.
func Default() *Tagger {
	b, err := learn.ModelBytes(model, modelMagic)
	if err == nil {
		var t *Tagger
		if t, err = parseModel(&modelReader{b: b}); err == nil {
			return t
		}
	}
	panic("ner: embedded model: " + err.Error())
}

// scratch is the working memory of one call.
type scratch struct {
	toks    []tok
	tags    []pos.Tag
	norm    []string // the normalised words: the words themselves, or normBuf
	normBuf []string
	bits    []byte // the words' case bits (see scanCase)
	tagged  bool   // tags holds the words' parts of speech
	emit    []float32
	vit     []float32
	path    []int
	segs    []segment
	key     []byte
	feats   [maxFeat]learn.Hash
	probes  probes
	score   acc     // a token's scores (scoreToken)
	roleAcc acc     // the sums of a word's role (scoreRole)
	hist    history // the document's history (TagDoc)
	// words' parts and scores, kept across calls, outside the Go heap (mem)
	words   *[wordCacheSize]wordEntry
	mem     *hugepage.Arena
	serial  uint32      // counts the sentences, for wordEntry.stamp
	ent     []uint32    // the entry of each token that features read (see entry)
	extra   []wordEntry // the sentence's entries that the cache does not keep (see fill)
	miss    []int       // tokens whose words the cache did not hold (analyseRange)
	touched uint64      // keeps the loads made only to start fetching lines (clusterTable.touch, gazetteer.touch, tag)
}

// wordCacheSize is the number of words whose parts and scores a scratch remembers (two-way
// set associative by the word's key: of the two entries of a set, the one that the
// sentences used less recently gives way). Names, and the words around them, recur within
// an article and across articles: on PolNeAR's training articles, read once in order, nine
// in ten tokens that Tag analyses are found there, which saves analysing the word and
// looking up its clusters and gazetteer entry, and most of the sums of its roles (two to
// sixteen lookups each). The cache takes 7.3 MB, far more than a core's L2 (1 MB), but
// what it saves outweighs the misses: counted by callgrind with this machine's L2 as the last
// level over a whole extract run of PolNeAR's training articles (other stages between the
// articles), the entity stage cost an estimated (Ir + 10 D1mr + 40 DLmr) 897M cycles with
// it; with 4,096 or 8,192 entries BenchmarkFindNews's first pass cost 7% or 3% more. With
// five roles to an entry rather than three, the functions of ner and entity cost (Ir + 12
// D1mr + 50 DLmr + 15 mispredicts) 1,024M cycles in BenchmarkFindNews's pass with 16,384
// entries and 1,063M with 8,192. Twice as many entries saved 2% of the entity stage (877M
// and 1,004M cycles) for 7.3 MB more per worker: ingest, with a scratch per worker, peaked
// 10-20 MB higher with them (BENCHMARKS.md), above its 300 MB bound.
const wordCacheSize = 16384

// wordSets is the number of sets of two entries in the cache of words.
const wordSets = wordCacheSize / 2

// wordEntry is what a scratch remembers of a word: its word parts, with the clusters, its
// gazetteer entry, and the sums of the weights of its templates in each of its roles (see
// roleTemplates): as the scored token (wordTemplates), as the token before it or after it
// (beforeTemplates, afterTemplates) and as the token two before it or two after it
// (before2Templates, after2Templates), each when its bit of known is set. The word itself
// is kept in the entry, its first n bytes of w (ok false for an empty entry), rather than as
// a string: comparing it then reads no other memory, and the cache keeps no article's text
// alive. An entry is seven cache lines, its first holding all but the sums, and the cache's
// array, a large allocation, starts on a page: so looking a word up reads one line, and
// the sums of a role two.
type wordEntry struct {
	ok    bool
	n     uint8
	known uint8  // 1 << role
	gaz   uint8  // the word as a name of the gazetteer or the start of one (gazetteer.first)
	stamp uint32 // the sentence (scratch.serial) that last used the entry
	w     [maxCachedWord]byte
	parts wordParts
	s     [numRoles]lanes
	_     [24]byte // to a multiple of 64 bytes (TestWordEntrySize)
}

// maxCachedWord is the longest word, in bytes, that the cache of words keeps; longer ones,
// four in ten thousand of PolNeAR's, are analysed and scored each time.
const maxCachedWord = 24

// The roles of a word whose sums a wordEntry keeps.
const (
	roleSelf    = iota // the scored token
	roleBefore         // the token before it
	roleAfter          // the token after it
	roleBefore2        // the token two before it
	roleAfter2         // the token two after it
	numRoles
)

// cached returns the index in sc.words of the entry that holds the word of token i of
// sc.toks, and whether there is one. A word may be in either of the two entries of its
// set, key%wordSets.
func (sc *scratch) cached(i int) (uint32, bool) {
	w := sc.norm[i]
	if len(w) > maxCachedWord {
		return 0, false
	}
	x := uint32(sc.toks[i].key%wordSets) * 2
	if e := &sc.words[x]; e.ok && int(e.n) == len(w) && string(e.w[:e.n]) == w {
		return x, true
	}
	if e := &sc.words[x+1]; e.ok && int(e.n) == len(w) && string(e.w[:e.n]) == w {
		return x + 1, true
	}
	return 0, false
}

// entry returns the entry of token i of sc.toks, which analyseRange or analyseMissed set.
// It holds the token's word until the next sentence: the cache's entries that the
// sentence's tokens use are not refilled before then (see analyseMissed).
func (sc *scratch) entry(i int) *wordEntry {
	if x := sc.ent[i]; x < wordCacheSize {
		return &sc.words[x]
	}
	return &sc.extra[sc.ent[i]-wordCacheSize]
}

// fill sets the entry of token i of sc.toks, which the cache does not hold, analysing its
// word, and the token's affix parts too when it is scored: in the cache, in the entry of
// its set that the sentences have used less recently, unless both hold words of tokens of
// this sentence or the word is too long for the cache; else in sc.extra, for the sentence
// only.
func (sc *scratch) fill(i int, scored bool, clusters *clusterTable, gz *gazetteer) *wordEntry {
	w := sc.norm[i]
	x := uint32(sc.toks[i].key%wordSets) * 2
	if a, b := &sc.words[x], &sc.words[x+1]; b.stamp == sc.serial || a.stamp != sc.serial && sc.serial-a.stamp >= sc.serial-b.stamp {
		// a was used before b (or as long ago: never), or b is in use
	} else {
		x++
	}
	var e *wordEntry
	if len(w) <= maxCachedWord && sc.words[x].stamp != sc.serial {
		e = &sc.words[x]
		e.ok, e.n, e.stamp = true, uint8(copy(e.w[:], w)), sc.serial
	} else {
		x = wordCacheSize + uint32(len(sc.extra))
		sc.extra = append(sc.extra, wordEntry{})
		e = &sc.extra[len(sc.extra)-1]
	}
	sc.ent[i] = uint32(x)
	e.known = 0
	if tk := &sc.toks[i]; scored {
		e.parts, tk.affixParts = analyseParts(w)
		tk.affix = true
	} else {
		e.parts = analyseWord(w)
	}
	e.parts.cl = clusters.lookup(w)
	e.gaz = gz.first(sc.toks[i].key)
	return e
}

// scoreRole sets the sum of role r of e, the entry of token j of sc.toks.
func (t *Tagger) scoreRole(sc *scratch, j, r int, e *wordEntry) {
	tk := &sc.toks[j]
	var nf int
	switch r {
	case roleSelf:
		if !tk.affix { // fill sets them for the token whose word it analyses
			_, tk.affixParts = analyseParts(sc.norm[j])
		}
		nf = wordFeatures(&sc.feats, tk, t.off)
	case roleBefore, roleAfter:
		nf = neighbourFeatures(&sc.feats, tk, r == roleAfter, t.off)
	default:
		nf = farFeatures(&sc.feats, tk, r == roleAfter2, t.off)
	}
	x := &sc.roleAcc
	x.start()
	t.tab.scoreWith(sc.feats[:nf], x, &sc.probes)
	e.s[r], e.known = x.lanes(), e.known|1<<r
}

func (t *Tagger) getScratch() *scratch {
	if s := t.pool.Get(); s != nil {
		return s
	}
	s := &scratch{key: make([]byte, 0, 64), mem: hugepage.NewArena()}
	s.words = (*[wordCacheSize]wordEntry)(hugepage.Alloc[wordEntry](s.mem, wordCacheSize))
	return s
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
	sc.initToks(0, len(sc.toks))
	for i := range sc.toks {
		sc.toks[i].wordParts, sc.toks[i].affixParts = analyseParts(sc.norm[i])
	}
	return si
}

// scanWords fills sc.norm with the normalised words, and sc.bits and sc.toks with what
// choosing the candidate segments and looking words up read of every token, its case bits
// and key (see scanCase); it tags the words' parts of speech into sc.tags when ptag is not
// nil, or copies them from given. Tag analyses only the tokens that features read, those
// around the segments (analyseRange, which sets their other fields with initToks), a third
// of an article's; the other fields of the other tokens are left as an earlier sentence
// set them.
func scanWords(words []string, sc *scratch, ptag *pos.Tagger, given []pos.Tag) sentInfo {
	n := len(words)
	if cap(sc.toks) < n {
		sc.toks = make([]tok, n, n+n/2)
		sc.tags = make([]pos.Tag, n, n+n/2)
		sc.ent = make([]uint32, n, n+n/2)
	}
	sc.toks, sc.tags, sc.ent = sc.toks[:n], sc.tags[:n], sc.ent[:n]
	sc.bits = slices.Grow(sc.bits[:0], n)[:n]
	sc.serial++
	sc.extra = sc.extra[:0]
	sc.norm = words // until a word needs normalising
	all := scanCase(words, sc.toks, sc.bits)
	lower, upper := all&bitLower != 0, all&bitCap != 0
	if all&bitOther != 0 {
		sc.normBuf = append(sc.normBuf[:0], words...)
		sc.norm = sc.normBuf
		lower, upper = false, false
		for i, b := range sc.bits {
			if b&bitOther != 0 { // normalise changes only words with other characters
				w := normalise(words[i])
				sc.norm[i] = w
				var t tok
				t, b = scan(w)
				sc.bits[i], sc.toks[i].key = b, t.key
			}
			lower = lower || b&bitLower != 0
			upper = upper || b&bitCap != 0
		}
	}
	sc.tagged = given != nil || ptag != nil
	if given != nil {
		copy(sc.tags, given)
	} else if ptag != nil {
		ptag.Tag(words, sc.tags)
	}
	return sentInfo{caps: upper && !lower}
}

// analyseRange sets the fields of tokens a to b-1 of sc.toks (see initToks) and the word
// parts of those that the cache of words holds, and adds the others to sc.miss for
// analyseMissed, having started the fetch of their clusters. Their affix parts, which only
// a token's own word templates read, are left for scoreRole to set should it score them.
func (t *Tagger) analyseRange(sc *scratch, a, b int) {
	sc.initToks(a, b)
	for i := a; i < b; i++ {
		k := sc.toks[i].key // for the gazetteer too
		if x, ok := sc.cached(i); ok {
			e := &sc.words[x]
			sc.toks[i].wordParts = e.parts
			sc.ent[i] = x
			e.stamp = sc.serial
			continue
		}
		sc.miss = append(sc.miss, i)
		sc.touched += t.clusters.touch(wordHash(sc.norm[i])) + uint64(t.gaz.touch(k))
	}
}

// analyseMissed sets the word parts and entries of the tokens of sc.miss (see fill). Their
// clusters, looked up now, are mostly not in cache: analyseRange has started fetching them
// all, which takes about the time of fetching one.
func (t *Tagger) analyseMissed(sc *scratch) {
	g := 0 // the first segment that does not end before the token
	for _, i := range sc.miss {
		for g < len(sc.segs) && sc.segs[g].b <= i {
			g++
		}
		scored := g < len(sc.segs) && sc.segs[g].a <= i
		var e *wordEntry
		if x, ok := sc.cached(i); ok { // filled for the same word earlier in the sentence
			e, sc.ent[i] = &sc.words[x], x
		} else {
			e = sc.fill(i, scored, t.clusters, &t.gaz)
		}
		sc.toks[i].wordParts = e.parts
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

// appendPathSpans appends to out the entities of path, the classes of a segment's tokens as
// viterbi finds them, starting at token off of the sentence, and returns the extended
// slice: those that AppendSpans finds in their labels. Viterbi's paths follow BILOU's
// constraints (after O or the start of the sentence, B, U or O; before O or its end, L, U
// or O; I and L after B or I of their type), so an entity is a U, or a B to the next L.
func appendPathSpans(out []Span, path []int, off int) []Span {
	start := 0
	for i, c := range path {
		if c == 0 {
			continue
		}
		switch l := labelOf(c); l.Part {
		case Begin:
			start = i
		case Last:
			out = append(out, Span{off + start, off + i + 1, l.Type})
		case Unit:
			out = append(out, Span{off + i, off + i + 1, l.Type})
		}
	}
	return out
}

// ReadsPOS reports whether TagDocPOS and TagDocSpans read the parts of speech they are
// given: whether the model has part-of-speech features. When it does not, a caller need not
// gather them.
func (t *Tagger) ReadsPOS() bool { return t.pos != nil }

// TagDocSpans is TagDocPOS returning the entities of each sentence, as AppendSpans reads its
// labels, rather than the labels: it reads only the labels of the tokens that may be part
// of a name (see segments), where AppendSpans reads every label.
func (t *Tagger) TagDocSpans(sents [][]string, tags [][]pos.Tag) [][]Span {
	out, _ := t.TagDocSpansInto(nil, nil, sents, tags)
	return out
}

// TagDocSpansInto is TagDocSpans reusing the arrays of out and all, which it returns
// (extended when too small), so that a caller that tags document after document need not
// allocate them for each: out receives the entities of each sentence, as TagDocSpans
// returns them, and all holds them all, in order (a sentence's may lie in an array that all
// outgrew). The entities are valid until the arrays are passed in again.
func (t *Tagger) TagDocSpansInto(out [][]Span, all []Span, sents [][]string, tags [][]pos.Tag) ([][]Span, []Span) {
	out = slices.Grow(out[:0], len(sents))[:len(sents)]
	all = all[:0]
	sc := t.getScratch()
	sc.hist.reset()
	for i, s := range sents {
		var given []pos.Tag
		if tags != nil && t.pos != nil {
			given = tags[i][:len(s)]
		}
		t.tag(s, given, nil, sc, &sc.hist)
		// The tokens between segments are O, so no entity crosses from one to the next.
		start := len(all)
		for _, g := range sc.segs {
			all = appendPathSpans(all, sc.path[g.a:g.b], g.a)
		}
		out[i] = all[start:len(all):len(all)]
	}
	t.pool.Put(sc)
	return out, all
}

// tag labels one sentence, writing the labels into out unless it is nil (sc.path has the
// classes of the segments' tokens, sc.segs the segments, until the next call); hist, when
// not nil, is the document's history, which it reads and then adds to.
//
// Only the candidate segments of the sentence (see segments) are scored and decoded; the
// other tokens are O. Decoding a segment alone, with the O before and after it, gives the
// path that decoding the whole sentence with those tokens held to O would give.
func (t *Tagger) tag(words []string, given []pos.Tag, out []Label, sc *scratch, hist *history) {
	n := len(words)
	sc.segs = sc.segs[:0]
	if n == 0 {
		return
	}
	si := scanWords(words, sc, t.pos, given)
	if t.full {
		sc.segs = append(sc.segs[:0], segment{0, n})
	} else {
		sc.segs = segments(sc.bits, sc.norm, sc.segs[:0])
	}
	// Features read the parts of the tokens up to two around a scored one, and their
	// gazetteer marks, which start from the words' entries (wordEntry.gaz).
	//
	// The first loop reads the first line of both entries of each token's set in the cache
	// of words, which analyseRange then compares with the token's word: read here for every
	// token at once, with no branch on what they hold, the processor fetches them together,
	// where analyseRange would wait for a token's before it reads the next token's.
	done := 0
	touch := uint64(0)
	for _, g := range sc.segs {
		a, b := max(g.a-2, done), min(g.b+2, n)
		done = b
		for i := a; i < b; i++ {
			x := sc.toks[i].key % wordSets * 2
			touch += uint64(sc.words[x].n) + uint64(sc.words[x+1].n)
		}
	}
	done = 0
	sc.miss = sc.miss[:0]
	for _, g := range sc.segs {
		a, b := max(g.a-2, done), min(g.b+2, n)
		done = b
		t.analyseRange(sc, a, b)
	}
	t.analyseMissed(sc)
	// This loop also reads the role sums of the entries, which scoring reads, six cache
	// lines an entry: read here for every token at once, the processor fetches them
	// together, where scoring, which takes longer for a token than the processor looks
	// ahead, would wait for them a token at a time.
	done = 0
	for _, g := range sc.segs {
		a, b := max(g.a-2, done), min(g.b+2, n)
		done = b
		for i := a; i < b; i++ {
			e := sc.entry(i)
			touch += e.s[roleSelf][0] + e.s[roleBefore][0] + e.s[roleAfter][0] +
				e.s[roleBefore2][0] + e.s[roleAfter2][0] + e.s[roleAfter2][numLanes-1]
			if v := e.gaz; v != 0 { // most words start no name
				t.gaz.markAt(sc.toks, i, v)
			}
		}
	}
	sc.touched += touch
	// Only the capitalised tokens have a history, and they are all in segments.
	for _, g := range sc.segs {
		applyHist(sc.toks[g.a:g.b], hist)
	}
	if cap(sc.emit) < n*numClasses {
		sc.emit = make([]float32, n*numClasses, 2*n*numClasses)
		sc.path = make([]int, n, 2*n)
	}
	sc.emit, sc.path = sc.emit[:n*numClasses], sc.path[:n]
	if out != nil {
		clear(out[:n])
	}
	s := &sc.score
	for _, g := range sc.segs {
		for i := g.a; i < g.b; i++ {
			t.scoreToken(sc, i, si, s)
			scaleScores((*[numClasses]float32)(sc.emit[i*numClasses:(i+1)*numClasses]), s, t.tab.scale)
		}
		sc.vit = viterbi(sc.emit[g.a*numClasses:g.b*numClasses], &t.trans, sc.path[g.a:g.b], sc.vit, g.a > 0, g.b < n)
		for i := g.a; i < g.b && out != nil; i++ {
			out[i] = labelOf(sc.path[i])
		}
	}
	for _, g := range sc.segs {
		recordHist(sc.toks[g.a:g.b], sc.path[g.a:g.b], hist)
	}
}

// roleTemplates are the templates whose sums a wordEntry keeps: those of the roles.
const roleTemplates = wordTemplates | beforeTemplates | afterTemplates | before2Templates | after2Templates

// scoreToken sets s to the scores of the features of token i of sc.toks: the sums for its
// word, for the words one and two before it and one and two after it, from the cache of
// words (scoreRole);
// the rows of the templates with few values (see rows); then the other features, looked up.
// The weights are integers, so the total does not depend on how the terms are grouped: it is
// the sum of all the features of the token.
func (t *Tagger) scoreToken(sc *scratch, i int, si sentInfo, s *acc) {
	// The sums of the roles, from the entries, scored the first time (scoreRole).
	e := sc.entry(i)
	if e.known&(1<<roleSelf) == 0 {
		t.scoreRole(sc, i, roleSelf, e)
	}
	self := &e.s[roleSelf]
	before, after, before2, after2 := &t.edge[roleBefore], &t.edge[roleAfter], &t.edge[roleBefore2], &t.edge[roleAfter2]
	if i > 0 {
		if e = sc.entry(i - 1); e.known&(1<<roleBefore) == 0 {
			t.scoreRole(sc, i-1, roleBefore, e)
		}
		before = &e.s[roleBefore]
		if i > 1 {
			if e = sc.entry(i - 2); e.known&(1<<roleBefore2) == 0 {
				t.scoreRole(sc, i-2, roleBefore2, e)
			}
			before2 = &e.s[roleBefore2]
		}
	}
	if i+1 < len(sc.toks) {
		if e = sc.entry(i + 1); e.known&(1<<roleAfter) == 0 {
			t.scoreRole(sc, i+1, roleAfter, e)
		}
		after = &e.s[roleAfter]
		if i+2 < len(sc.toks) {
			if e = sc.entry(i + 2); e.known&(1<<roleAfter2) == 0 {
				t.scoreRole(sc, i+2, roleAfter2, e)
			}
			after2 = &e.s[roleAfter2]
		}
	}
	nf := tagContext(&sc.feats, sc.toks, i, si, t.off|roleTemplates|t.rows.on)
	if h, ok := t.rows.noneAround(sc.toks, i); ok { // as for most tokens
		setSums(s, self, before, after, before2, after2, &t.rows.noGaz)
		if h != 0 {
			nf = t.rows.addHist(s, h, 0, &sc.feats, nf)
		}
	} else {
		setSums(s, self, before, after, before2, after2, &t.rows.zero)
		nf = t.rows.add(s, sc.toks, i, &sc.feats, nf)
	}
	t.tab.scoreWith(sc.feats[:nf], s, &sc.probes)
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
func segments(bits []byte, words []string, segs []segment) []segment {
	n := len(bits)
	name := func(i int) bool { return bits[i]&bitUpper != 0 }
	glue := func(i int) bool {
		b := bits[i]
		return b&bitUpper == 0 && (b&bitLower == 0 || b&bitDigit != 0) || connector(words[i])
	}
	for i := 0; i < n; {
		for i < n && bits[i]&bitUpper == 0 { // most tokens
			i++
		}
		if i == n {
			break
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
//
// Each opening class (O, B, U) takes the best of the nine closing classes before it plus
// the transition. Mostly one closing class, O in running text, is so far ahead that no
// transition can bring another level with it (see transitions.colMax): then the opening
// scores are its sums alone, the same numbers as the best of the nine, as rounding a sum
// never reverses the order of two sums. That is nine steps in ten in news, and the
// 81 sums a token shrink to nine.
func viterbi(emit []float32, tr *transitions, path []int, score []float32, afterO, beforeO bool) []float32 {
	const k = numClasses
	n := len(path)
	if cap(score) < n*k {
		score = make([]float32, n*k, 2*n*k)
	}
	score, emit = score[:n*k], emit[:n*k]
	row := func(v []float32, i int) *[k]float32 { return (*[k]float32)(v[i*k : (i+1)*k]) }
	first := row(tr.m[:], 0)
	if afterO {
		first = row(tr.m[:], 1) // from O
	}
	addRows(row(score, 0), row(emit, 0), first)
	// forward leaves in path[i-1] what the way back needs of step i: the closing class
	// before it that every opening class at i comes from, or -1.
	for i := 1; i < n; i++ {
		path[i-1] = forward(row(score, i-1), row(score, i), row(emit, i), tr)
	}
	// The classes that may end a sequence are the closing ones, in order.
	end := &tr.toEnd
	if beforeO {
		end = &tr.toO
	}
	bc := lastClass(row(score, n-1), end)
	path[n-1] = bc
	for i := n - 1; i > 0; i-- {
		c := path[i]
		if x := openingIndex[c]; x >= 0 { // O, B or U
			if from := path[i-1]; from >= 0 {
				continue
			}
			prev := row(score, i-1)
			best, bp := float32(math.Inf(-1)), 0
			oc := &tr.oc[x]
			for j := range len(closing) {
				if s := prev[closing[j]] + oc[j]; s > best {
					best, bp = s, closing[j]
				}
			}
			path[i-1] = bp
		} else {
			prev := row(score, i-1)
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

// addRows sets s to the sums of a and b, class by class, unrolled as openingScores is.
func addRows(s, a, b *[numClasses]float32) {
	s[0] = a[0] + b[0]
	s[1] = a[1] + b[1]
	s[2] = a[2] + b[2]
	s[3] = a[3] + b[3]
	s[4] = a[4] + b[4]
	s[5] = a[5] + b[5]
	s[6] = a[6] + b[6]
	s[7] = a[7] + b[7]
	s[8] = a[8] + b[8]
	s[9] = a[9] + b[9]
	s[10] = a[10] + b[10]
	s[11] = a[11] + b[11]
	s[12] = a[12] + b[12]
	s[13] = a[13] + b[13]
	s[14] = a[14] + b[14]
	s[15] = a[15] + b[15]
	s[16] = a[16] + b[16]
}

// lastClass returns the class that ends the best sequence, the scores at its last token
// being last: the first of the best of the closing classes, each plus its transition to
// the end, end[j] for closing[j] (0 at the end of the sentence, which changes no
// comparison).
func lastClass(last *[numClasses]float32, end *[len(closing)]float32) int {
	best, bc := last[0]+end[0], 0
	if s := last[3] + end[1]; s > best {
		best, bc = s, 3
	}
	if s := last[4] + end[2]; s > best {
		best, bc = s, 4
	}
	if s := last[7] + end[3]; s > best {
		best, bc = s, 7
	}
	if s := last[8] + end[4]; s > best {
		best, bc = s, 8
	}
	if s := last[11] + end[5]; s > best {
		best, bc = s, 11
	}
	if s := last[12] + end[6]; s > best {
		best, bc = s, 12
	}
	if s := last[15] + end[7]; s > best {
		best, bc = s, 15
	}
	if s := last[16] + end[8]; s > best {
		bc = 16
	}
	return bc
}

// forward sets the scores cur of the classes at a token from those at the token before,
// prev, and the token's emissions e. When one closing class at the token before is ahead
// of every other by more than any difference of transitions (see dominant), every opening
// class comes from it alone: forward returns it, else -1.
func forward(prev, cur, e *[numClasses]float32, tr *transitions) int {
	// O, B and U follow O, L or U: the best of those for each current class. O, the best
	// in running text, is tried first (see dominant), without gathering the closing scores.
	jm, ok, strict := 0, true, false
	mx := &tr.colMax
	floor := prev[0] + tr.colMin[0]
	r := max2(prev[3]+mx[1], prev[4]+mx[2])
	r = max2(r, prev[7]+mx[3])
	r = max2(r, prev[8]+mx[4])
	r = max2(r, prev[11]+mx[5])
	r = max2(r, prev[12]+mx[6])
	r = max2(r, prev[15]+mx[7])
	r = max2(r, prev[16]+mx[8])
	if r <= floor {
		strict = r < floor
	} else {
		pc := [len(closing)]float32{prev[0], prev[3], prev[4], prev[7], prev[8], prev[11], prev[12], prev[15], prev[16]}
		if jm, ok, strict = dominant(&pc, tr); !ok {
			openingScores(cur, e, &pc, &tr.oc)
		}
	}
	from := -1
	if ok {
		p, co := prev[closing[jm]], &tr.co[jm]
		cur[0] = p + co[0] + e[0]
		cur[1] = p + co[1] + e[1]
		cur[4] = p + co[2] + e[4]
		cur[5] = p + co[3] + e[5]
		cur[8] = p + co[4] + e[8]
		cur[9] = p + co[5] + e[9]
		cur[12] = p + co[6] + e[12]
		cur[13] = p + co[7] + e[13]
		cur[16] = p + co[8] + e[16]
		if strict {
			from = closing[jm]
		}
	}
	// I and L follow B or I of their type.
	il := &tr.il
	cur[2] = max2(prev[1]+il[0][0][0], prev[2]+il[0][1][0]) + e[2]
	cur[3] = max2(prev[1]+il[0][0][1], prev[2]+il[0][1][1]) + e[3]
	cur[6] = max2(prev[5]+il[1][0][0], prev[6]+il[1][1][0]) + e[6]
	cur[7] = max2(prev[5]+il[1][0][1], prev[6]+il[1][1][1]) + e[7]
	cur[10] = max2(prev[9]+il[2][0][0], prev[10]+il[2][1][0]) + e[10]
	cur[11] = max2(prev[9]+il[2][0][1], prev[10]+il[2][1][1]) + e[11]
	cur[14] = max2(prev[13]+il[3][0][0], prev[14]+il[3][1][0]) + e[14]
	cur[15] = max2(prev[13]+il[3][0][1], prev[14]+il[3][1][1]) + e[15]
	return from
}

// dominant returns the index jm of a best score of pc, the scores of the closing classes at
// a token, and whether no other closing class can reach as high a sum into any opening class
// as jm: pc[j]+colMax[j] ≤ pc[jm]+colMin[jm], as rounded sums. Rounding is monotonic, so
// then every sum from j is at most the one from jm into the same class, and the best sums
// are jm's. strict says that they are all below: jm is then the only best predecessor of
// every opening class.
func dominant(pc *[len(closing)]float32, tr *transitions) (jm int, ok, strict bool) {
	m := pc[0]
	if pc[1] > m {
		jm, m = 1, pc[1]
	}
	if pc[2] > m {
		jm, m = 2, pc[2]
	}
	if pc[3] > m {
		jm, m = 3, pc[3]
	}
	if pc[4] > m {
		jm, m = 4, pc[4]
	}
	if pc[5] > m {
		jm, m = 5, pc[5]
	}
	if pc[6] > m {
		jm, m = 6, pc[6]
	}
	if pc[7] > m {
		jm, m = 7, pc[7]
	}
	if pc[8] > m {
		jm, m = 8, pc[8]
	}
	floor := m + tr.colMin[jm]
	q := *pc
	q[jm] = float32(math.Inf(-1)) // jm itself is not compared
	mx := &tr.colMax
	r := max2(q[0]+mx[0], q[1]+mx[1])
	r = max2(r, q[2]+mx[2])
	r = max2(r, q[3]+mx[3])
	r = max2(r, q[4]+mx[4])
	r = max2(r, q[5]+mx[5])
	r = max2(r, q[6]+mx[6])
	r = max2(r, q[7]+mx[7])
	r = max2(r, q[8]+mx[8])
	return jm, r <= floor, r < floor
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

// scaleScores sets row to the integer scores in s times scale, unrolled as openingScores is.
func scaleScores(row *[numClasses]float32, s *acc, scale float32) {
	row[0] = float32(int32(uint32(s[0])-laneBias)) * scale
	row[1] = float32(int32(uint32(s[0]>>32))) * scale
	row[2] = float32(int32(uint32(s[1])-laneBias)) * scale
	row[3] = float32(int32(uint32(s[1]>>32))) * scale
	row[4] = float32(int32(uint32(s[2])-laneBias)) * scale
	row[5] = float32(int32(uint32(s[2]>>32))) * scale
	row[6] = float32(int32(uint32(s[3])-laneBias)) * scale
	row[7] = float32(int32(uint32(s[3]>>32))) * scale
	row[8] = float32(int32(uint32(s[4])-laneBias)) * scale
	row[9] = float32(int32(uint32(s[4]>>32))) * scale
	row[10] = float32(int32(uint32(s[5])-laneBias)) * scale
	row[11] = float32(int32(uint32(s[5]>>32))) * scale
	row[12] = float32(int32(uint32(s[6])-laneBias)) * scale
	row[13] = float32(int32(uint32(s[6]>>32))) * scale
	row[14] = float32(int32(uint32(s[7])-laneBias)) * scale
	row[15] = float32(int32(uint32(s[7]>>32))) * scale
	row[16] = float32(int32(uint32(s[8])-laneBias)) * scale
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
	co [len(closing)][len(opening)]float32    // oc transposed: from closing[j] to opening[x]

	// The largest and the smallest transition from each closing class into an opening one
	// (see dominant).
	colMax, colMin [len(closing)]float32
	toO            [len(closing)]float32 // from closing[j] to O, as in m
	toEnd          [len(closing)]float32 // zeros: lastClass's end at the end of a sentence
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
			tr.co[j][i] = tr.oc[i][j]
		}
	}
	for j, p := range closing {
		tr.colMax[j], tr.colMin[j] = slices.Max(tr.co[j][:]), slices.Min(tr.co[j][:])
		tr.toO[j] = m[(p+1)*numClasses]
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

// The statements of forward are those of the classes of four types, closing and opening.
var (
	_ = [1]struct{}{}[numTypes-4]
	_ = [1]struct{}{}[len(opening)-9]
)
