package pos

import (
	"bufio"
	"bytes"
	"compress/flate"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"unicode/utf8"

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
	prefix        [utf8.RuneSelf + 1]span
	prevTags      [64][64]span
	start, finish info

	pool sync.Pool // of *Scratch, for the callers that bring none
}

// Default loads the embedded model. Loading takes a few milliseconds and some megabytes, so
// call it once and keep the Tagger: every call loads the model anew.
func Default() *Tagger {
	t, err := Load(bytes.NewReader(model))
	if err != nil {
		panic("pos: embedded model: " + err.Error())
	}
	return t
}

const modelMagic = "whosaid-pos-1\n"

// dictMaxLen bounds the length of tag dictionary keys, so that lookups can normalise a word
// into a buffer on the stack.
const dictMaxLen = 48

// Load reads a model written by Train.
func Load(r io.Reader) (*Tagger, error) {
	zr := flate.NewReader(r)
	defer zr.Close()
	br := bufio.NewReader(zr)
	head := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("pos: reading model header: %w", err)
	}
	if string(head) != modelMagic {
		return nil, errors.New("pos: not a whosaid part-of-speech model")
	}
	k, err := binary.ReadUvarint(br)
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
	n, err := binary.ReadUvarint(br)
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
		c, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("pos: reading tag dictionary: %w", err)
		}
		if c == 0 || c > numTags {
			return nil, fmt.Errorf("pos: tag dictionary: bad tag %d for %q", c, w)
		}
		t.dict[w] = Tag(c)
		words = append(words, w)
	}
	if t.tab, err = readTable(br); err != nil {
		return nil, fmt.Errorf("pos: reading weights: %w", err)
	}
	t.precompute(words)
	return t, nil
}

// precompute finds the weights of the features that take few values, and fills t.known
// with the dictionary's words.
func (t *Tagger) precompute(words []string) {
	var f [nFeat]learn.Hash
	wordFeatures(&f, &startPiece)
	b := t.tab.find(mix(f[fBias]))
	for i, c := range t.tab.cls[b.start:b.end] {
		t.bias[c] += t.tab.ws[b.start+uint32(i)] // exactly what adding them to zero scores gives
	}
	for pre := range t.prefix {
		t.prefix[pre] = t.tab.find(mix(feat(fPrefix, uint64(pre))))
	}
	tags := append(Tagset(), tagStart1, tagStart2)
	for _, p1 := range tags {
		for _, p2 := range tags {
			pt, _ := tagFeatures(p2, p1, 0)
			t.prevTags[p1&63][p2&63] = t.tab.find(mix(pt))
		}
	}
	t.start = info{lower: startPiece.lower, ctx: t.neighbourSpans(&startPiece)}
	t.finish = info{lower: endPiece.lower, ctx: t.neighbourSpans(&endPiece)}
	t.known = newKnownTable(len(words))
	for _, w := range words {
		// A token made of w's bytes is tagged t.dict[w] if normalising w changes nothing.
		if k, ok := keyOf(w); ok && normString(w) == w {
			p := analyse(w)
			t.known.put(k, info{dict: t.dict[w], whole: isWhole(w), lower: p.lower, ctx: t.neighbourSpans(&p)})
		}
	}
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
// each weight as a class (1 byte) and a float32.
func readTable(br *bufio.Reader) (*table, error) {
	nf, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	np, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if nf > 1<<24 || np > numTags*nf {
		return nil, fmt.Errorf("implausible size: %d features, %d weights", nf, np)
	}
	tab := newTable(int(nf), int(np))
	got := 0
	var rec [8]byte
	var cls [numTags]uint8
	var ws [numTags]float32
	for i := uint64(0); i < nf; i++ {
		if _, err := io.ReadFull(br, rec[:]); err != nil {
			return nil, err
		}
		f := learn.Hash(binary.LittleEndian.Uint64(rec[:]))
		c, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if c == 0 || c > numTags || uint64(got)+uint64(c) > np {
			return nil, fmt.Errorf("feature %d: bad weight count %d", i, c)
		}
		for j := range ws[:c] {
			if _, err := io.ReadFull(br, rec[:5]); err != nil {
				return nil, err
			}
			if rec[0] >= numTags {
				return nil, fmt.Errorf("feature %d: bad class %d", i, rec[0])
			}
			cls[j] = rec[0]
			ws[j] = math.Float32frombits(binary.LittleEndian.Uint32(rec[1:5]))
		}
		if tab.has(f) {
			return nil, fmt.Errorf("feature %d repeated", i)
		}
		tab.add(f, cls[:c], ws[:c])
		got += int(c)
	}
	return tab, nil
}

func readString(br *bufio.Reader, max int) (string, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return "", err
	}
	if n > uint64(max) {
		return "", fmt.Errorf("string of %d bytes", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// info is what tagging needs of a token but the sums of its word features: its tag in the
// dictionary (None if it has none), the lower case of its piece (for fPrevLower), the spans
// of the features it gives its neighbours (neighbourSpans), and whether a word made of the
// token's bytes is that token alone (not a contraction, not a quote canonical changes).
type info struct {
	dict  Tag
	whole bool
	lower uint64
	ctx   [4]span
}

// isWhole reports whether word w is one token, itself.
func isWhole(w string) bool {
	if canonical(w) != w {
		return false
	}
	_, clitic := splitClitic(w)
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
	tagWords(t, words, out, s)
	t.pool.Put(s)
}

// slot is one token of the tagging window.
type slot struct {
	in   *info       // in t.known for a word of the dictionary, else in e
	e    *cacheEntry // the token's entry, with the sums of its word features
	word int         // index of the word the token belongs to; -1 for the clitic of a contraction
}

// window holds the tokens of a sentence being tagged: v-1, v and v+1 when scoring token v.
type window struct {
	ring    [4]slot // token i at index i&3
	n       int     // tokens read
	words   []string
	j       int    // next word
	clitic  string // of word j-1, to read next when not ""
	scores  [256]float32
	c       *wordCache
	spare   [4]cacheEntry // for tokens that have no entry in c, token i's at index i&3
	pending bool
}

// tagWords is Tag, with out's type that of Tag or of document.Doc.POS, and s the working
// memory to use. It reads a token ahead of the one it scores, which it needs as context.
func tagWords[T ~uint8](t *Tagger, words []string, out []T, s *Scratch) {
	w := &s.window
	w.n, w.words, w.j, w.clitic, w.c = 0, words, 0, "", s.wordCache(t)
	p1, p2 := tagStart1, tagStart2
	t.read(w)
	for v := 0; v < w.n; v++ {
		w0 := &w.ring[v&3]
		var prevLower span
		if w0.in.dict == None {
			// Find fPrevLower, which needs the tag just predicted, before reading the next
			// token, so that the processor fetches it from memory meanwhile.
			_, pl := tagFeatures(p2, p1, w0.in.lower)
			prevLower = t.tab.find(mix(pl))
		}
		t.read(w) // token v+1, needed as context
		tag := w0.in.dict
		if tag == None {
			w1, n1 := &t.start, &t.finish
			if v >= 1 {
				w1 = w.ring[(v-1)&3].in
			}
			if v+1 < w.n {
				n1 = w.ring[(v+1)&3].in
			}
			tag = t.predict(p2, p1, w1, w0.e, n1, prevLower, &w.scores)
		}
		if w0.word >= 0 {
			out[w0.word] = T(tag)
		}
		p2, p1 = p1, tag
	}
	w.words, w.clitic = nil, "" // keeps no reference to the caller's text
}

// read reads the next token of the sentence into the window, if there is one. Most words
// are whole tokens found in the dictionary or the word cache by their bytes; the others are
// first canonicalised and split as contractions.
func (t *Tagger) read(w *window) {
	s := &w.ring[w.n&3]
	var tok string
	switch {
	case w.clitic != "":
		tok, w.clitic, s.word = w.clitic, "", -1
	case w.j < len(w.words):
		tok, s.word = w.words[w.j], w.j
		w.j++
		if k, short := keyOf(tok); short {
			if d := t.known.get(&k); d != nil && d.whole {
				s.in, s.e = d, nil
				w.n++
				return
			}
			if e := w.c.entry(&k); e.ok && e.key == k && e.whole {
				s.in, s.e = &e.info, e
				w.n++
				return
			}
		}
		tok, w.clitic = splitClitic(canonical(tok))
	default:
		return
	}
	// The entries of the two tokens before, still to be used as context, must stay.
	var before [2]*cacheEntry
	if w.n > 0 {
		before[0] = w.ring[(w.n-1)&3].e
	}
	if w.n > 1 {
		before[1] = w.ring[(w.n-2)&3].e
	}
	t.resolve(tok, s, w.c, &before, &w.spare[w.n&3], &w.scores)
	w.n++
}

// resolve fills s with token w but its word. A word of the tag dictionary comes from
// t.known. Another token of up to 16 bytes comes from its entry in the word cache c, if it
// holds it; else it is analysed and the entry filled, unless it is one of avoid, the
// entries of the tokens before, still in use: then, as for longer tokens, spare holds it.
// Scores is working memory.
func (t *Tagger) resolve(w string, s *slot, c *wordCache, avoid *[2]*cacheEntry, spare *cacheEntry, scores *[256]float32) {
	k, short := keyOf(w)
	e := spare
	if short {
		if d := t.known.get(&k); d != nil {
			s.in, s.e = d, nil
			return
		}
		if e = c.entry(&k); e.ok && e.key == k {
			s.in, s.e = &e.info, e
			return
		}
		if e == avoid[0] || e == avoid[1] {
			e = spare
		}
	}
	p := analyse(w)
	e.key, e.ok, e.whole, e.lower = k, short, isWhole(w), p.lower
	if !short || !k.ascii() { // an ASCII word of the dictionary would be in t.known
		e.dict = t.lookup(w)
	} else {
		e.dict = None
	}
	if e.dict == None {
		t.fill(e, &p, scores)
	} else {
		e.ctx = t.neighbourSpans(&p)
	}
	s.in, s.e = &e.info, e
}

// fill puts into e the sums of the weights of p's word features and the spans of the
// features p gives its neighbours, using scores as working memory.
func (t *Tagger) fill(e *cacheEntry, p *piece, scores *[256]float32) {
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
	e.sums, e.ctx = *sums, [4]span(sp[4:])
}

// predict returns the model's tag for the token whose entry is e, with p1 and p2 the tags of
// the two tokens before it and w1 and n1 the tokens around it, using scores as working
// memory. The score of each tag is the sum of its weights in the order of the features, as
// in training, so that it is the same to the last bit however it is computed: it starts
// from the sums of the token's word features, in e, and adds the weights of fPrevTags,
// found by index, of fPrevLower, found in the table, and of the features w1 and n1 give it.
func (t *Tagger) predict(p2, p1 Tag, w1 *info, e *cacheEntry, n1 *info, prevLower span, scores *[256]float32) Tag {
	tab := t.tab
	sums := (*[numTags]float32)(scores[:numTags])
	*sums = e.sums
	tab.addSpan(scores, t.prevTags[p1&63][p2&63])
	tab.addSpan(scores, prevLower)
	tab.addSpan(scores, w1.ctx[0]) // fPrevWord
	tab.addSpan(scores, w1.ctx[1]) // fPrevSuffix
	tab.addSpan(scores, n1.ctx[2]) // fNextWord
	tab.addSpan(scores, n1.ctx[3]) // fNextSuffix
	return argmax(sums)
}

// argmax returns the tag of the highest score, the first one when several are highest, as
// learn.Argmax. It reads the scores four at a time, and looks at which of them is highest
// only when one beats the best so far, which after the first few is rare.
func argmax(scores *[numTags]float32) Tag {
	best, bi := float32(math.Inf(-1)), 0
	for i := 0; i+4 <= numTags; i += 4 {
		q := (*[4]float32)(scores[i : i+4])
		if q[0] > best || q[1] > best || q[2] > best || q[3] > best {
			for j, x := range q {
				if x > best {
					best, bi = x, i+j
				}
			}
		}
	}
	for i := numTags &^ 3; i < numTags; i++ {
		if scores[i] > best {
			best, bi = scores[i], i
		}
	}
	return Tag(bi + 1)
}
