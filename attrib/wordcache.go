package attrib

import (
	"github.com/whosaid/whosaid/internal/hugepage"
	"math"
	"strings"

	"github.com/whosaid/whosaid/learn"
)

// wordCache keeps, from one document to the next, what prediction derives from a token's
// normalised word alone: the number of its suffix, its class in the rules' lexicon, its row
// in the word table, the cue weights of its suffix (fCueSuf), and the shape of a token that
// normalising leaves as it is (most tokens: plainWord); and, for a token that normalising
// changes, its form as written (wordForm). News repeats its vocabulary from article to
// article, so that most tokens cost one lookup here instead of normalising, hashing their
// shape and suffix, a lexicon lookup, a word-table lookup and lookups of the suffix and the
// shape in the hashed weights, which miss the cache. Shapes and suffixes are numbered once
// for all documents, with their weights (the tables of docTables that the cache serves). It
// is for one model, and holds at most maxCachedWords words and as many forms; a prep of the
// model's pool keeps one (prep.words).
type wordCache struct {
	model *Model
	mask  uint64
	slots []wordSlot // open addressing by word hash
	infos []wordInfo

	sufs    intern   // the suffixes' numbers
	sufKeys []uint64 // the suffix hashes by number
	cueSuf  []cueVec // fCueSuf by suffix number

	shapes    intern   // the shapes' numbers
	shapeKeys []uint64 // the shape hashes by number
	cueShape  []cueVec // as docTables.cueShape, by shape number
	roleShape []vec    // as docTables.roleShape, by shape number

	// forms holds the written forms of words that normalising changes (capitalised words,
	// curly apostrophes), so that a token costs a lookup by its form as written instead of
	// normalising it and hashing its shape; formSlots is their table, by the StrHash of the
	// form (wordSlot.word).
	formSlots []wordSlot
	forms     []wordForm

	// refine[i][k] holds the boundary refiner's weights of word infos[i] in the three
	// hashed features of boundaries of kind k that read the word alone (as the boundary's
	// inside token, its outside one and the next outside: refineWordFeats), or NaN when
	// they are not yet known: they are found when the refiner first reads the word
	// (refineWords), so that a candidate point costs a load of its word's weights instead
	// of three hashed lookups. A word's kinds lie together, its content kinds in the first
	// 48 bytes: the boundaries of a cue's content read the same tokens when it is short.
	refine [][nKind][3]float32

	mem *hugepage.Arena // the memory of infos, refine and slots, outside the Go heap
}

// refineRoom makes c.refine as long as c.infos, the new words' weights unknown.
func (c *wordCache) refineRoom() {
	var unknown [nKind][3]float32
	for k := range unknown {
		unknown[k][0] = float32(math.NaN())
	}
	for len(c.refine) < len(c.infos) {
		c.refine = append(c.refine, unknown)
	}
}

// refineWords finds the refiner's weights of word infos[i] for boundaries of kind k, with
// seeds ws (wordSeeds(k)), and keeps them in c.refine[k][i].
func (c *wordCache) refineWords(k int, i int32, ws *[nWordFeats]learn.Hash) [3]float32 {
	e := refineWordWeights(c.model.refiner, ws, c.infos[i].word)
	c.refine[i][k] = e
	return e
}

// wordSlot is a slot of a wordCache's table: a word's hash and 1 + the index of its facts in
// infos, 0 for an empty slot.
type wordSlot struct {
	word uint64
	idx  int32
}

// wordInfo is what a wordCache keeps of a word.
type wordInfo struct {
	word  uint64 // the word's hash (prep.wordH)
	row   int32  // row in the word table (prep.rowOff)
	suf   int32  // number of the suffix in wordCache.cueSuf
	shape int32  // number of the shape of the word as written normalised in wordCache.shapeKeys
	lex   uint8  // class in the rules' lexicon (prep.lex)
	sep   bool   // prep.isSep
}

// wordForm is what a wordCache keeps of a written form that normalising changes.
type wordForm struct {
	text  string   // the form as written
	head  [16]byte // text, when it fits: wordForm.is compares it without reading text's bytes
	norm  string   // normalised (prep.norm)
	word  int32    // index of the normalised word in infos
	shape int32    // number of the form's shape in wordCache.shapeKeys
}

const maxCachedWords = 1 << 16

// cacheSlots is the size of wordCache.slots: a power of two at least twice maxCachedWords, so
// that the table, made once, is never more than half full. (Grown as the cache filled, every
// table of a megabyte or more would stay mapped with the cache: package hugepage frees an
// Arena's memory all at once.)
const cacheSlots = 2 * maxCachedWords

// ready prepares c for a document of n tokens: it empties c when c is another model's or
// has no room for n more words or forms (so that it is never emptied part way through a
// document), and grows its tables to hold them: a token adds at most a word, a form, its
// suffix, the word's shape and its own.
func (c *wordCache) ready(m *Model, n int) {
	if c.model != m || len(c.infos)+n > maxCachedWords || len(c.forms)+n > maxCachedWords {
		c.model = m
		c.infos = c.infos[:0]
		clear(c.slots)
		clear(c.forms) // the strings
		c.forms, c.formSlots = c.forms[:0], c.formSlots[:0]
		c.sufKeys, c.cueSuf = c.sufKeys[:0], c.cueSuf[:0]
		c.shapeKeys, c.cueShape, c.roleShape = c.shapeKeys[:0], c.cueShape[:0], c.roleShape[:0]
		c.sufs.mask, c.shapes.mask = 0, 0
		c.refine = c.refine[:0]
		if cap(c.infos) < maxCachedWords {
			// Room for all the words and forms the cache holds, so that they are never
			// copied as it fills (the pages are mapped as they are first written).
			c.mem = hugepage.NewArena()
			c.infos, c.refine = hugepage.Alloc[wordInfo](c.mem, maxCachedWords)[:0], hugepage.Alloc[[nKind][3]float32](c.mem, maxCachedWords)[:0]
			c.forms = hugepage.Make[wordForm](maxCachedWords)[:0] // holds strings: on the heap
			c.slots, c.mask = hugepage.Alloc[wordSlot](c.mem, cacheSlots), cacheSlots-1
		}
	}
	if need := len(c.infos) + n; 2*need > len(c.slots) {
		// Only for a document of more than maxCachedWords tokens: on the heap, so that the
		// collector frees it when a later reset or growth replaces it.
		size := max(2*len(c.slots), cacheSlots)
		for size < 2*need {
			size <<= 1
		}
		c.slots, c.mask = hugepage.Make[wordSlot](size), uint64(size-1)
		for k, in := range c.infos {
			j := mixKey(in.word) & c.mask
			for c.slots[j].idx != 0 {
				j = (j + 1) & c.mask
			}
			c.slots[j] = wordSlot{in.word, int32(k + 1)}
		}
	}
	if need := len(c.forms) + n; 2*need > len(c.formSlots) {
		size := 1024
		for size < 2*need {
			size <<= 1
		}
		c.formSlots = make([]wordSlot, size)
		for k, f := range c.forms {
			j := mixKey(learn.StrHash(f.text)) & uint64(size-1)
			for c.formSlots[j].idx != 0 {
				j = (j + 1) & uint64(size-1)
			}
			c.formSlots[j] = wordSlot{learn.StrHash(f.text), int32(k + 1)}
		}
	}
	c.sufs.room(c.sufKeys, n)
	c.shapes.room(c.shapeKeys, 2*n)
}

// room makes t, which numbered keys in order, large enough for n more keys.
func (t *intern) room(keys []uint64, n int) {
	if t.mask != 0 && 2*(len(keys)+n) <= int(t.mask)+1 {
		return
	}
	t.reset(max(len(keys)+n, 512))
	for _, k := range keys {
		t.id(k)
	}
}

// shape returns the number of shape h, numbering it and finding its weights when it is new.
func (c *wordCache) shape(h uint64) int32 {
	id, fresh := c.shapes.id(h)
	if fresh {
		m := c.model
		c.shapeKeys = append(c.shapeKeys, h)
		for _, f := range [...]learn.Hash{fCueShape(h, 0), fCueShape(h, 1), fCueQuoted(0, h), fCueQuoted(1, h)} {
			var v cueVec
			if x := m.cue.Vec(f); x != nil {
				v = cueVec(x)
			}
			c.cueShape = append(c.cueShape, v)
		}
		for dir := range nDir {
			var v vec
			if x := m.role.Vec(fShape(dir, h)); x != nil {
				v = vec(x)
			}
			c.roleShape = append(c.roleShape, v)
		}
	}
	return id
}

// form returns the index in c.forms of written form s, whose StrHash is h, adding it and its
// word when they are new.
func (c *wordCache) form(h uint64, s string) int32 {
	mask := uint64(len(c.formSlots) - 1)
	j := mixKey(h) & mask
	for ; c.formSlots[j].idx != 0; j = (j + 1) & mask {
		if k := c.formSlots[j].idx - 1; c.formSlots[j].word == h && c.forms[k].is(s) {
			return k
		}
	}
	norm := string(appendNorm(nil, s))
	w := learn.StrHash(norm)
	i := mixKey(w) & c.mask
	for c.slots[i].idx != 0 && c.slots[i].word != w {
		i = (i + 1) & c.mask
	}
	k := c.slots[i].idx - 1
	if k < 0 {
		k = c.add(i, w, norm)
	}
	f := wordForm{text: strings.Clone(s), norm: norm, word: k, shape: c.shape(shapeHash(s))}
	copy(f.head[:], s)
	c.forms = append(c.forms, f)
	c.formSlots[j] = wordSlot{h, int32(len(c.forms))}
	return int32(len(c.forms) - 1)
}

// is reports whether f is the written form s. Most forms are short, and their bytes in f
// itself spare a look at text's, elsewhere on the heap, which seldom is in the processor's
// caches.
func (f *wordForm) is(s string) bool {
	if len(s) != len(f.text) {
		return false
	}
	if len(s) <= len(f.head) {
		return string(f.head[:len(s)]) == s
	}
	return f.text == s
}

// add keeps the facts of a new word w of normalised form norm in empty slot j and returns
// their index in c.infos. (prep.readCached looks words up itself: a method would not be inlined.)
func (c *wordCache) add(j, w uint64, norm string) int32 {
	c.infos = append(c.infos, c.derive(w, norm))
	c.slots[j] = wordSlot{w, int32(len(c.infos))}
	return int32(len(c.infos) - 1)
}

// derive finds the facts of a word.
func (c *wordCache) derive(w uint64, norm string) wordInfo {
	m := c.model
	in := wordInfo{word: w, row: m.words.row(w), lex: m.classes.get(w), sep: isSep(norm), shape: c.shape(shapeHash(norm))}
	if in.row == 0 {
		// A word without a row of its own has its clusters' (Model.wordRow).
		in.row = m.cluRow[wordClusters(m.clusters, norm)[0]]
	}
	sufH := learn.StrHash(suffix(norm, 3))
	id, fresh := c.sufs.id(sufH)
	if fresh {
		var v cueVec
		if x := m.cue.Vec(fCueSuf(sufH)); x != nil {
			v = cueVec(x)
		}
		c.sufKeys = append(c.sufKeys, sufH)
		c.cueSuf = append(c.cueSuf, v)
	}
	in.suf = id
	return in
}
