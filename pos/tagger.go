package pos

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/whosaid/whosaid/internal/reuse"
	"io"
	"math"
	"math/bits"
	"sync"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/learn"
)

// model is the embedded model, as Train produced it.
//
//go:embed model.bin
var model []byte

// Tagger tags sentences. It is safe for concurrent use: the model is read-only after
// loading, and each goroutine works in its own Scratch.
type Tagger struct {
	tab   *table
	dict  map[string]Tag // frequent unambiguous words, normalised, case kept
	known knownTable     // the words of dict that are their own tokens, with what tagging needs

	// The features that take few values, found at load rather than hashed and probed for
	// every token: the bias weights, which every score starts from (they are its first
	// term); fPrefix of the ASCII first runes (index pre, the rune plus one); fPrevTags of
	// every pair of tags (index p1&63, p2&63, which keeps tagStart1 and tagStart2 apart from
	// the tags); and the features that the edges of the sentence give its first and last
	// tokens.
	bias          [numTags]float32
	margin        float64 // for rounding in predict: 10⁻⁶ times the magnitude a score may reach
	prefix        [utf8.RuneSelf + 1]span
	prevTags      [64][64]tagsFeature
	start, finish info

	pool reuse.List[Scratch] // for the callers that bring none; kept across collections (package reuse)
}

// Default returns the tagger of the embedded model. The model is loaded on the first call,
// which takes some milliseconds and megabytes, and the Tagger is shared by every caller after
// it: a Tagger is read-only and safe for concurrent use, and a pipeline has three users of it
// (its own stage, the attribution model and the entity tagger), which would otherwise each
// load a copy.
func Default() *Tagger { return defaultTagger() }

var defaultTagger = sync.OnceValue(func() *Tagger {
	b, err := learn.ModelBytes(model, modelMagic)
	if err == nil {
		var t *Tagger
		if t, err = parse(b); err == nil {
			return t
		}
	}
	panic("pos: embedded model: " + err.Error())
})

const modelMagic = "whosaid-pos-1\n"

// dictMaxLen bounds the length of tag dictionary keys, so that lookups can normalise a word
// into a buffer on the stack.
const dictMaxLen = 48

// Load reads a model written by Train.
func Load(r io.Reader) (*Tagger, error) {
	b, err := learn.ReadModel(r, modelMagic)
	if err != nil {
		return nil, fmt.Errorf("pos: %w", err)
	}
	return parse(b)
}

// parse reads a model after its magic line, in place.
func parse(b []byte) (*Tagger, error) {
	br := &modelReader{b: b}
	k, err := br.uv()
	if err != nil {
		return nil, fmt.Errorf("pos: reading model header: %w", err)
	}
	if k != numTags {
		return nil, fmt.Errorf("pos: model has %d tags, this version knows %d", k, numTags)
	}
	for i := 1; i <= numTags; i++ {
		name, err := readString(br, 16)
		if err != nil {
			return nil, fmt.Errorf("pos: reading tag set: %w", err)
		}
		if name != tagNames[i] {
			return nil, fmt.Errorf("pos: model's tag %d is %q, this version's is %q", i, name, tagNames[i])
		}
	}
	n, err := br.uv()
	if err != nil {
		return nil, fmt.Errorf("pos: reading tag dictionary size: %w", err)
	}
	if n > 1<<20 {
		return nil, fmt.Errorf("pos: implausible tag dictionary of %d words", n)
	}
	t := &Tagger{dict: make(map[string]Tag, n)}
	words := make([]string, 0, n)
	for i := uint64(0); i < n; i++ {
		w, err := readString(br, dictMaxLen)
		if err != nil {
			return nil, fmt.Errorf("pos: reading tag dictionary: %w", err)
		}
		c, err := br.next(1)
		if err != nil {
			return nil, fmt.Errorf("pos: reading tag dictionary: %w", err)
		}
		if c[0] == 0 || c[0] > numTags {
			return nil, fmt.Errorf("pos: tag dictionary: bad tag %d for %q", c[0], w)
		}
		t.dict[w] = Tag(c[0])
		words = append(words, w)
	}
	if t.tab, err = readTable(br); err != nil {
		return nil, fmt.Errorf("pos: reading weights: %w", err)
	}
	t.precompute(words)
	return t, nil
}

// modelReader reads a model in memory, where Load parses it in place: reading it through a
// bufio.Reader a record at a time took half the time of loading.
type modelReader struct {
	b   []byte
	off int // the bytes read: b[:off]
}

// rest returns the bytes not yet read. The reader keeps an offset rather than reslicing b,
// which wrote a pointer for every field read, through the collector's write barrier when, as
// often, it was marking while the models loaded.
func (r *modelReader) rest() []byte { return r.b[r.off:] }

// uv reads a varint.
func (r *modelReader) uv() (uint64, error) {
	x, n := binary.Uvarint(r.rest())
	if n < 0 {
		return 0, errors.New("varint overflows a 64-bit integer")
	}
	if n == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	r.off += n
	return x, nil
}

// next reads n bytes, as a slice of the model.
func (r *modelReader) next(n int) ([]byte, error) {
	if len(r.b)-r.off < n {
		return nil, io.ErrUnexpectedEOF
	}
	b := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return b, nil
}

// precompute finds the weights of the features that take few values, and fills t.known
// with the dictionary's words.
func (t *Tagger) precompute(words []string) {
	var f [nFeat]learn.Hash
	wordFeatures(&f, &startPiece)
	b := t.tab.find(mix(f[fBias]))
	var bias [256]float32
	t.tab.addSpan(&bias, b) // exactly what adding them to zero scores gives
	t.bias = [numTags]float32(bias[:numTags])
	// A score adds the weights of 11 features to a bias.
	for _, b := range t.bias {
		t.margin = max(t.margin, 1e-6*(math.Abs(float64(b))+11*float64(t.tab.wmax)))
	}
	for pre := range t.prefix {
		t.prefix[pre] = t.tab.find(mix(feat(fPrefix, uint64(pre))))
	}
	tags := append(Tagset(), tagStart1, tagStart2)
	for _, p1 := range tags {
		for _, p2 := range tags {
			pt, _ := tagFeatures(p2, p1, 0)
			sp := t.tab.find(mix(pt))
			t.prevTags[p1&63][p2&63] = tagsFeature{span: sp, split: t.splitOf(sp)}
		}
	}
	t.start = info{lower: startPiece.lower}
	t.setCtx(&t.start, t.neighbourSpans(&startPiece))
	t.finish = info{lower: endPiece.lower}
	t.setCtx(&t.finish, t.neighbourSpans(&endPiece))
	t.known = newKnownTable(len(words))
	for _, w := range words {
		// A token made of w's bytes is tagged t.dict[w] if normalising w changes nothing.
		if k, ok := keyOf(w); ok && normString(w) == w {
			p := analyse(w)
			in := info{lower: p.lower}
			t.setCtx(&in, t.neighbourSpans(&p))
			t.known.put(k, in, meta{dict: t.dict[w], whole: isWhole(w)})
		}
	}
}

// tagsFeature is a feature of fPrevTags: its span and its split, which predict reads together.
type tagsFeature struct {
	span
	split
}

// split bounds the weights of one feature more tightly than its top: hi holds the classes
// of its splitHigh highest positive weights, and rest is the highest of its other weights,
// or 0 if it is higher. A class outside hi gets at most rest from the feature.
type split struct {
	hi   uint64
	rest float32
}

// splitHigh is the number of classes a split sets apart. Setting apart two of fPrevTags
// rather than one leaves a fifth fewer of the tokens whose top classes are not enough to
// find the tag (see predict) to predictAll, at the cost of scoring one more class for a
// tenth of them.
const splitHigh = 2

// splitOf returns the split of the feature whose weights are s.
func (t *Tagger) splitOf(s span) split {
	var sp split
	ws := t.tab.ws[s.start:s.end()]
	for range splitHigh {
		best, bc := float32(0), -1
		for _, w := range ws {
			if w.w > best && sp.hi&(1<<w.c) == 0 {
				best, bc = w.w, int(w.c)
			}
		}
		if bc < 0 {
			break
		}
		sp.hi |= 1 << bc
	}
	for _, w := range ws {
		if sp.hi&(1<<w.c) == 0 {
			sp.rest = max(sp.rest, w.w)
		}
	}
	return sp
}

// setCtx sets in's spans of the features it gives its neighbours to ctx, as neighbourSpans
// returns them, and the bounds on what they add to a score (see predict).
func (t *Tagger) setCtx(in *info, ctx [4]span) {
	for i, s := range ctx {
		in.ctx[i] = s.pack()
	}
	in.prevCls, in.prevTop, in.prevRest = t.pairBounds(ctx[0], ctx[1])
	in.nextCls, in.nextTop, in.nextRest = t.pairBounds(ctx[2], ctx[3])
}

// noClass is a class index c beyond every class, such that 1<<c is 0.
const noClass = 64

// pairBounds bounds what the weights of the features of spans a and b add to the score of a
// class: top for class c, at most rest for the others. C is noClass if they add nothing.
func (t *Tagger) pairBounds(a, b span) (c uint8, top, rest bound) {
	ca, a1, a2 := t.tab.top2(a)
	cb, b1, b2 := t.tab.top2(b)
	// A class other than ca gets at most a2 from a, and one other than cb, b2 from b.
	c, r := ca, float64(a2)+float64(b2)
	if ca != cb {
		if ra, rb := float64(a2)+float64(b1), float64(a1)+float64(b2); ra <= rb {
			r = ra
		} else {
			c, r = cb, rb
		}
	}
	return c, boundOf(roundUp(float64(a1) + float64(b1))), boundOf(roundUp(r))
}

// bound is an upper bound of a number in 16 bits: the high half of a float32 (a bfloat16),
// rounded up. The bounds that an entry's info holds take half the bytes of a float32, at the
// cost of being looser by at most a part in 128.
type bound uint16

// boundOf returns the least bound at least x.
func boundOf(x float32) bound {
	b := math.Float32bits(x)
	if b>>31 == 0 && b&0xffff != 0 {
		return bound(b>>16 + 1) // x is positive: rounded up; +Inf at worst
	}
	return bound(b >> 16) // x is negative or a bound: rounded towards 0, so up
}

// f32 returns the bound as a float32.
func (b bound) f32() float32 { return math.Float32frombits(uint32(b) << 16) }

// roundUp returns the least float32 at least x.
func roundUp(x float64) float32 {
	y := float32(x)
	if float64(y) < x {
		y = math.Nextafter32(y, float32(math.Inf(1)))
	}
	return y
}

// neighbourSpans returns the spans of the features p gives its neighbours: fPrevWord and
// fPrevSuffix to the token after it, fNextWord and fNextSuffix to the token before.
func (t *Tagger) neighbourSpans(p *piece) (sp [4]span) {
	var ks [4]uint64
	pw, ps := p.asPrev()
	nw, ns := p.asNext()
	for i, f := range [4]learn.Hash{pw, ps, nw, ns} {
		ks[i] = mix(f)
	}
	t.tab.spans(ks[:], sp[:])
	return sp
}

// readTable reads the weights as writeModel writes them: the number of features and of
// weights, then for each feature its hash (8 bytes), its number of weights (1 byte) and
// each weight as a class (1 byte) and a float32. It adds the features in stream order, which
// writeModel makes that of their home slots in the table, so that the table fills from one
// end to the other, the processor fetching its memory ahead: in the order of their hashes, as
// models were written before, each addition wrote a slot at random in a table of 3 MB not
// yet in the processor's caches, and missed them (perf over fresh processes: 72% of the
// additions' time on that one load; the additions took 15% of pipeline.New, 7% after). Any
// order gives the same table but for where colliding features lie. (Sorting the features by
// home slot here instead cost as much as it saved: reading the records in that order missed
// the caches as writing the slots had.)
func readTable(br *modelReader) (*table, error) {
	nf, err := br.uv()
	if err != nil {
		return nil, err
	}
	np, err := br.uv()
	if err != nil {
		return nil, err
	}
	if nf > 1<<24 || np > numTags*nf || np >= maxWeights {
		return nil, fmt.Errorf("implausible size: %d features, %d weights", nf, np)
	}
	tab := newTable(int(nf), int(np))
	learn.Prefault(tab.slots)
	learn.Prefault(tab.filter[:])
	got := 0
	var cls [numTags]uint8
	var ws [numTags]float32
	for i := uint64(0); i < nf; i++ {
		var seen uint64 // classes of the feature, which must be distinct (span.end)
		rec, err := br.next(9)
		if err != nil {
			return nil, err
		}
		f := learn.Hash(binary.LittleEndian.Uint64(rec))
		c := rec[8]
		if c == 0 || c > numTags || uint64(got)+uint64(c) > np {
			return nil, fmt.Errorf("feature %d: bad weight count %d", i, c)
		}
		if rec, err = br.next(5 * int(c)); err != nil {
			return nil, err
		}
		for j := range ws[:c] {
			p := rec[5*j : 5*j+5]
			if p[0] >= numTags || seen&(1<<p[0]) != 0 {
				return nil, fmt.Errorf("feature %d: bad or repeated class %d", i, p[0])
			}
			seen |= 1 << p[0]
			cls[j] = p[0]
			ws[j] = math.Float32frombits(binary.LittleEndian.Uint32(p[1:5]))
			if w := ws[j]; w-w != 0 {
				return nil, fmt.Errorf("feature %d: weight %v", i, w)
			}
		}
		if !tab.add(f, cls[:c], ws[:c]) {
			return nil, fmt.Errorf("feature %d repeated", i)
		}
		got += int(c)
	}
	return tab, nil
}

func readString(br *modelReader, max int) (string, error) {
	n, err := br.uv()
	if err != nil {
		return "", err
	}
	if n > uint64(max) {
		return "", fmt.Errorf("string of %d bytes", n)
	}
	b, err := br.next(int(n))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// info is what tagging reads of a token, as itself or as the neighbour of another, but its
// meta and the sums of its word features, in one cache line: the lower case of its piece
// (for fPrevLower), the spans of the features it gives its neighbours (neighbourSpans), and
// the sums of its top classes (meta.top).
type info struct {
	lower uint64
	ctx   [4]pspan
	// The sums of the top classes but the last, which lastTop bounds.
	topSums [numTop - 1]float32
	lastTop bound
	// What the features the token gives its neighbours add to a score (pairBounds): ctx[0]
	// and ctx[1] to the token after it, at most prevTop to class prevCls and prevRest to the
	// others; ctx[2] and ctx[3] to the one before, nextTop to nextCls and nextRest to the others.
	prevCls, nextCls                     uint8
	prevTop, prevRest, nextTop, nextRest bound
}

// isWhole reports whether word w is one token, itself.
func isWhole(w string) bool {
	if canonical(w) != w {
		return false
	}
	_, clitic := SplitClitic(w)
	return clitic == ""
}

// lookup returns the tag dictionary's tag for token s, or None.
func (t *Tagger) lookup(s string) Tag {
	if len(s) > dictMaxLen {
		return None
	}
	var buf [dictMaxLen]byte
	out, same, ok := normalize(s, buf[:0])
	switch {
	case same:
		return t.dict[s]
	case ok:
		return t.dict[string(out)]
	}
	return None
}

// Tag tags the words of one sentence, writing the tag of words[i] into out[i]; out must be
// at least as long as words. Words are tokens as whosaid's tokenizer or CoNLL-2003 cut them:
// typographic quotes and apostrophes are read as their ASCII forms, and a contraction such
// as "don’t" or "Trump’s" is tagged as the Penn Treebank would tag its first part ("do" VBP,
// "Trump" NNP) with its clitic as context. Tag does not allocate, once the Tagger has working
// memory for the goroutines that call it.
func (t *Tagger) Tag(words []string, out []Tag) {
	if len(out) < len(words) {
		panic("pos: Tag: out is shorter than words")
	}
	s := t.scratch()
	tagWords(t, wordList{words: words}, out, s)
	t.pool.Put(s)
}

// wordList is the words of one sentence to tag: words, or if it is nil, the tokens toks of
// text, which TagTokens tags without first making a string of each.
type wordList struct {
	words []string
	text  string
	toks  []document.Token
}

// len returns the number of words of s.
func (s *wordList) len() int {
	if s.words != nil {
		return len(s.words)
	}
	return len(s.toks)
}

// at returns word i of s.
func (s *wordList) at(i int) string {
	if s.words != nil {
		return s.words[i]
	}
	return s.text[s.toks[i].Start:s.toks[i].End]
}

// slot is one token of a sentence being tagged: its entry, in the word cache, else in t.known
// for a word of the dictionary or in a spare.
type slot struct {
	in   *info
	m    *meta
	sums *[numTags]float32 // of the token's word features; nil in t.known
	word int               // index of the word the token belongs to; -1 for the clitic of a contraction
}

// tagWords is Tag, with out's type that of Tag or of document.Doc.POS, and s the working
// memory to use. It first finds every token of the sentence (read), which does not depend on
// the tags, then tags them from left to right, each with the tags of the two before.
func tagWords[T ~uint8](t *Tagger, words wordList, out []T, s *Scratch) {
	toks := t.read(&words, s)
	tab := t.tab
	p1, p2 := tagStart1, tagStart2
	w1 := &t.start
	for v := range toks {
		w0 := &toks[v]
		tag := w0.m.dict
		if tag == None {
			n1 := &t.finish
			if v+1 < len(toks) {
				n1 = toks[v+1].in
			}
			_, pl := tagFeatures(p2, p1, w0.in.lower)
			tag = t.predict(p2, p1, w1, w0, n1, tab.find(mix(pl)), &s.scores)
		}
		if w0.word >= 0 {
			out[w0.word] = T(tag)
		}
		p2, p1 = p1, tag
		w1 = w0.in
	}
}

// read returns the tokens of the sentence words, in s. Most words are whole tokens found in
// the word cache by their bytes; the others are first canonicalised and split as
// contractions. The entries of the word cache that the sentence uses are stamped with it, so
// that none of its tokens takes the entry of another.
func (t *Tagger) read(words *wordList, s *Scratch) []slot {
	nw := words.len()
	if cap(s.toks) < 2*nw { // a contraction is two tokens
		s.toks = make([]slot, 0, 4*nw)
	}
	toks := s.toks[:2*nw]
	c := s.wordCache(t)
	c.stamp++
	s.spare = 0
	n := 0
	touch := uint64(0)
	for i := 0; i < nw; i++ {
		// The words found by their bytes, in a loop with no call, which keeps its
		// variables in registers; the others, one at a time, with calls.
		for ; i < nw; i++ {
			word := words.at(i)
			m := len(word)
			if m > 16 {
				break
			}
			// keyOf, which the compiler does not inline.
			k := tokenKey{n: uint64(m)}
			switch {
			case m >= 8:
				k.lo, k.hi = le64(word), le64(word[m-8:])
			case m >= 4:
				k.lo = uint64(le32(word)) | uint64(le32(word[m-4:]))<<32
			case m > 0:
				k.lo = uint64(word[0]) | uint64(word[m/2])<<8 | uint64(word[m-1])<<16
			}
			h := k.hash()
			// c.find, which the compiler does not inline.
			j := h >> (64 - cacheBits)
			set := &c.sets[j]
			w := 0
			if set.lo[1] == k.lo && set.hi[1] == k.hi && uint64(set.n[1]) == k.n+1 {
				w = 1
			} else if set.lo[0] != k.lo || set.hi[0] != k.hi || uint64(set.n[0]) != k.n+1 {
				break
			}
			set.mru, set.stamp[w] = uint8(w), c.stamp
			if !set.meta[w].whole {
				break
			}
			toks[n] = c.slot(j, w)
			toks[n].word = i
			// Reading the entry's info here, which tagging reads next, starts fetching it
			// while the loop goes on to the next words, rather than when tagging the word
			// waits for it: after the other stages of a pipeline, it is seldom in the
			// processor's caches.
			touch += toks[n].in.lower
			n++
		}
		if i == nw {
			break
		}
		tok, clitic := SplitClitic(canonical(words.at(i)))
		toks[n] = t.resolve(tok, s, c)
		toks[n].word = i
		n++
		if clitic != "" {
			toks[n] = t.resolve(clitic, s, c)
			toks[n].word = -1
			n++
		}
	}
	s.touched = touch
	return toks[:n]
}

// resolve returns the slot of token w but its word. A token of up to 16 bytes comes from its
// entry in the word cache c, if it holds it; else it takes one of c's, unless both the token
// could take are in use by the sentence. A word of the tag dictionary has its entry in
// t.known, which it is copied from, so that read finds the words that recur, most of them in
// the dictionary, in one place. Another token is analysed and its entry filled, in a spare
// entry of s when it has none in c.
func (t *Tagger) resolve(w string, s *Scratch, c *wordCache) slot {
	k, short := keyOf(w)
	var sl slot
	if short {
		h := k.hash()
		if i, way, ok := c.find(k, h); ok {
			return c.slot(i, way)
		}
		d := t.known.get(k, h)
		if i, way, ok := c.victim(k, h); ok {
			sl = c.slot(i, way)
		} else if d >= 0 {
			return t.known.slot(d)
		}
		if d >= 0 {
			*sl.in, *sl.m = t.known.infos[d], t.known.metas[d]
			return sl
		}
	}
	if sl.in == nil {
		sl = s.spareSlot()
	}
	p := analyse(w)
	*sl.in = info{lower: p.lower}
	*sl.m = meta{whole: isWhole(w)}
	if !short || !k.ascii() { // an ASCII word of the dictionary would be in t.known
		sl.m.dict = t.lookup(w)
	}
	if sl.m.dict == None {
		t.fill(sl, &p, &s.scores)
	} else {
		t.setCtx(sl.in, t.neighbourSpans(&p))
	}
	return sl
}

// fill puts into sl's entry the sums of the weights of p's word features, its top classes
// and the spans of the features p gives its neighbours, using scores as working memory.
func (t *Tagger) fill(sl slot, p *piece, scores *[256]float32) {
	var f [nFeat]learn.Hash
	wordFeatures(&f, p)
	pw, ps := p.asPrev()
	nw, ns := p.asNext()
	ks := [...]uint64{mix(f[fWord]), mix(f[fLower]), mix(f[fSuffix]), mix(f[fShape]),
		mix(pw), mix(ps), mix(nw), mix(ns)}
	var sp [len(ks)]span
	tab := t.tab
	tab.spans(ks[:], sp[:])
	var pre span
	if p.pre < uint64(len(t.prefix)) {
		pre = t.prefix[p.pre]
	} else {
		pre = tab.find(mix(f[fPrefix]))
	}
	sums := (*[numTags]float32)(scores[:numTags])
	*sums = t.bias
	tab.addSpan(scores, sp[0]) // fWord
	tab.addSpan(scores, sp[1]) // fLower
	tab.addSpan(scores, sp[2]) // fSuffix
	tab.addSpan(scores, pre)
	tab.addSpan(scores, sp[3]) // fShape
	*sl.sums = *sums
	rank(sums, sl.m, sl.in)
	t.setCtx(sl.in, [4]span(sp[4:]))
}

// predict returns the model's tag for token w0, which the dictionary does not tag, with p1
// and p2 the tags of the two tokens before it and w1 and n1 the tokens around it, using
// scores as working memory. The score of each tag is the sum of its weights in the order of the features, as
// in training, so that it is the same to the last bit however it is computed: it starts
// from the sums of the token's word features, in its entry, and adds the weights of fPrevTags,
// found by index, of fPrevLower, found in the table, and of the features w1 and n1 give it.
//
// Most tags cannot win whatever the context adds, so rather than score all of them, predict
// scores the tag it predicted last for the token, then only the tags whose word sums are
// high enough that the context could take them to that score: it adds no more than the
// highest weight of each feature, and a margin covers rounding. These tags are most often
// among those of highest sums, meta.top, whose sums the token's info holds. When they may
// not be, the highest weights of fPrevTags and of the features of each neighbour most often
// go to few classes (tagsFeature.split, info.prevCls and nextCls), and the others get less:
// then only those few may win besides the top ones. Else predict scores every tag
// (predictAll), which is then quicker than finding which may win. A tag that may win by
// these bounds is scored only if its own bound (ctxBound) lets it. A score summed for one
// tag is the one predictAll sums for all tags at once, to the last bit, so that the tag is
// the same: the highest, the first when several are.
func (t *Tagger) predict(p2, p1 Tag, w1 *info, w0 *slot, n1 *info, prevLower span, scores *[256]float32) Tag {
	in, m := w0.in, w0.m
	pt := &t.prevTags[p1&63][p2&63]
	sp := [6]pspan{pt.pack(), prevLower.pack(), w1.ctx[0], w1.ctx[1], n1.ctx[2], n1.ctx[3]}
	bi := uint(m.guess)
	var x float32
	switch uint8(bi) { // most often one of the top classes, whose sums are in the token's info
	case m.top[0]:
		x = in.topSums[0]
	case m.top[1]:
		x = in.topSums[1]
	case m.top[2]:
		x = in.topSums[2]
	default:
		x = w0.sums[bi%numTags]
	}
	best := t.score(x, &sp, bi)
	// A class whose word sum is below lim cannot reach best; nor can class c if its sum is
	// below the limit of what its context may add to it (see ctxBound).
	pl := float64(prevLower.top)
	lim := t.limit(best, float64(pt.top)+pl+float64(w1.prevTop.f32())+float64(n1.nextTop.f32()))
	var more uint64 // the classes outside m.top[:numTop-1] that may reach best
	if last := in.lastTop.f32(); last >= lim {
		// Any class may, unless the highest weights of fPrevTags and of the features of
		// each neighbour go to few classes: the others then get less.
		rest := float64(pt.rest) + pl + float64(w1.prevRest.f32()) + float64(n1.nextRest.f32())
		if last >= t.limit(best, rest) {
			return t.predictAll(&sp, w0, scores)
		}
		more = (pt.hi | 1<<w1.prevCls | 1<<n1.nextCls) &^ (1<<m.top[0] | 1<<m.top[1] | 1<<m.top[2])
	}
	g := bi
	for j, c := range m.top[:numTop-1] {
		c := uint(c)
		x := in.topSums[j]
		if x < lim {
			break
		}
		if c == g || x < t.limit(best, pl+ctxBound(c, pt, w1, n1)) {
			continue
		}
		if x := t.score(x, &sp, c); x > best || x == best && c < bi {
			best, bi = x, c
		}
	}
	for ; more != 0; more &= more - 1 {
		c := uint(bits.TrailingZeros64(more))
		if x := w0.sums[c%numTags]; x >= lim && c != g && x >= t.limit(best, pl+ctxBound(c, pt, w1, n1)) {
			if x := t.score(x, &sp, c); x > best || x == best && c < bi {
				best, bi = x, c
			}
		}
	}
	m.guess = uint8(bi)
	return Tag(bi + 1)
}

// ctxBound returns the most that the context of a token but fPrevLower adds to the score of
// class c, with pt its feature of fPrevTags and w1 and n1 its neighbours.
func ctxBound(c uint, pt *tagsFeature, w1, n1 *info) float64 {
	t := pt.rest
	if pt.hi>>c&1 != 0 {
		t = pt.top
	}
	p, n := w1.prevRest, n1.nextRest
	if c == uint(w1.prevCls) {
		p = w1.prevTop
	}
	if c == uint(n1.nextCls) {
		n = n1.nextTop
	}
	return float64(t) + float64(p.f32()) + float64(n.f32())
}

// limit returns the least word sum with which a class may reach score best when the
// features of its context add at most top to it. A sum of n terms of magnitude at most m is
// within n*m*2⁻²⁴ of its exact value, which the margins more than cover, as they do the
// rounding of the limit to a float32.
func (t *Tagger) limit(best float32, top float64) float32 {
	low := float64(best) - top - 1e-6*top - t.margin
	return float32(low - 1e-6*math.Abs(low))
}

// score returns the score of class c for a token whose word sum for c is x, with sp the
// spans of its context's features, in order. As c is below numTags, the bit of class c and
// those below it in a pspan are those of its mask.
func (t *Tagger) score(x float32, sp *[6]pspan, c uint) float32 {
	bit := uint64(1) << (c & 63)
	ws := t.tab.w
	// The weight of class c is at the feature's start plus the number of its classes below c.
	if p := sp[0]; uint64(p)&bit != 0 {
		x += ws[p.start()+uint32(bits.OnesCount64(uint64(p)&(bit-1)))]
	}
	if p := sp[1]; uint64(p)&bit != 0 {
		x += ws[p.start()+uint32(bits.OnesCount64(uint64(p)&(bit-1)))]
	}
	if p := sp[2]; uint64(p)&bit != 0 {
		x += ws[p.start()+uint32(bits.OnesCount64(uint64(p)&(bit-1)))]
	}
	if p := sp[3]; uint64(p)&bit != 0 {
		x += ws[p.start()+uint32(bits.OnesCount64(uint64(p)&(bit-1)))]
	}
	if p := sp[4]; uint64(p)&bit != 0 {
		x += ws[p.start()+uint32(bits.OnesCount64(uint64(p)&(bit-1)))]
	}
	if p := sp[5]; uint64(p)&bit != 0 {
		x += ws[p.start()+uint32(bits.OnesCount64(uint64(p)&(bit-1)))]
	}
	return x
}

// predictAll is predict, scoring every class: it adds the weights of each feature of sp in
// turn to a copy of the token's sums.
func (t *Tagger) predictAll(sp *[6]pspan, w0 *slot, scores *[256]float32) Tag {
	tab := t.tab
	sums := (*[numTags]float32)(scores[:numTags])
	*sums = *w0.sums
	for _, p := range sp {
		tab.addSpan(scores, p.span())
	}
	tag := argmax((*[numTags + 4]float32)(scores[:numTags+4]), int(w0.m.guess))
	w0.m.guess = uint8(tag - 1)
	return tag
}

// argmax returns the tag of the highest of the numTags first scores, the first one when
// several are highest, as learn.Argmax; g < numTags is a guess of its index. It reads the
// scores four at a time, and looks at which of them is highest only when one is at least
// the best so far, which, starting from a good guess, is rare. Scores is longer than
// numTags so that the compiler sees that scores[i+3] is in bounds and checks none.
func argmax(scores *[numTags + 4]float32, g int) Tag {
	g = min(g, numTags-1)
	best, bi := scores[g], g
	for i := 0; i < numTags; i += 4 {
		if scores[i] >= best || scores[i+1] >= best || scores[i+2] >= best || scores[i+3] >= best {
			for j := i; j < i+4; j++ {
				if x := scores[j]; x > best || x == best && j < bi {
					best, bi = x, j
				}
			}
		}
	}
	return Tag(bi + 1)
}
