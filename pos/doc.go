package pos

import (
	"runtime"
	"slices"

	"github.com/whosaid/whosaid/document"
)

// TagDoc tags the parts of speech of d's tokens, sentence by sentence, into d.POS: the
// pipeline does it once for the stages that read them (the entity tagger, the attribution
// model).
// It reuses the array behind d.POS when it is long enough (document.Doc.Reset keeps it).
func (t *Tagger) TagDoc(d *document.Doc) {
	d.POS = slices.Grow(d.POS[:0], len(d.Tokens))[:len(d.Tokens)]
	clear(d.POS) // tokens outside every sentence have no tag
	t.TagTokens(d, d.POS, nil)
}

// TagTokens writes the tags of d's tokens into out (as long as d.Tokens) as TagDoc does,
// using s as working memory when it is not nil (a caller that tags many documents keeps one
// Scratch per goroutine); when it is nil, the Tagger lends its own.
func (t *Tagger) TagTokens(d *document.Doc, out []uint8, s *Scratch) {
	if s == nil {
		s = t.scratch()
		defer t.pool.Put(s)
	}
	for _, st := range d.Sentences {
		toks := d.Tokens[st.FirstToken:st.EndToken]
		tagWords(t, wordList{text: d.Text, toks: toks}, out[st.FirstToken:st.EndToken], s)
	}
	runtime.KeepAlive(t) // its tables are unmapped once it is unreachable (hugepage.Arena)
}

// Scratch is the working memory of TagTokens. It keeps the sums of the words it has scored
// (about 9 MB), which makes tagging the next documents faster.
type Scratch struct {
	cache   *wordCache
	toks    []slot        // of the sentence being tagged
	spares  []*spareEntry // for the tokens that have no entry in cache
	spare   int           // spares used by the sentence
	scores  [256]float32  // working memory of predict and fill
	touched uint64        // keeps the loads that read makes only to start fetching lines
}

// spareEntry is the entry of a token that has none in the word cache.
type spareEntry struct {
	in   info
	m    meta
	sums [numTags]float32
}

// spareSlot returns the slot, but its word, of an entry for a token of the sentence that
// cannot take one of the cache's: one of s.spares that no other token of the sentence uses.
func (s *Scratch) spareSlot() slot {
	if s.spare == len(s.spares) {
		s.spares = append(s.spares, new(spareEntry))
	}
	e := s.spares[s.spare]
	s.spare++
	return slot{in: &e.in, m: &e.m, sums: &e.sums}
}

// scratch returns working memory from t's pool.
func (t *Tagger) scratch() *Scratch {
	if s := t.pool.Get(); s != nil {
		return s
	}
	return new(Scratch)
}

// wordCache returns s's word cache for t's weights, emptied if it held another Tagger's.
func (s *Scratch) wordCache(t *Tagger) *wordCache {
	if s.cache == nil || s.cache.owner != t {
		s.cache = newWordCache(t)
	}
	return s.cache
}
