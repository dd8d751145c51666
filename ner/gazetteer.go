package ner

import (
	"slices"
	"strings"

	"github.com/whosaid/whosaid/learn"
)

// gazetteer is a list of names with their types, built from the entities of the training
// data: a token inside a known name gets a feature saying so ("Deutsche Bank" is an ORG,
// "Lebanon" a LOC), which generalises to the same name in another context and to its
// neighbours. Ratinov and Roth (2009) found gazetteers worth about two points of F1 on
// CoNLL; theirs came from Wikipedia, ours only from the training labels, so their gain is
// smaller. When training, a document's gazetteer features come from the names of the other
// folds only (jackknifing), or the model would learn that every name is in the gazetteer.
type gazetteer struct {
	// keys and vals are an open-addressing table from the hash of the words of a name, or of
	// a prefix of one, to its types (bits 0-3) and gazPrefix; a val of 0 marks an empty slot.
	keys   []uint64
	vals   []uint8
	mask   uint64
	maxLen int
}

// get returns the types and gazPrefix bit of hash h, 0 when it is neither a name nor a
// prefix of one.
func (g *gazetteer) get(h uint64) uint8 {
	for i := g.slot(h); ; i = (i + 1) & g.mask {
		if g.vals[i] == 0 || g.keys[i] == h {
			return g.vals[i]
		}
	}
}

// slot is the home slot of hash h.
func (g *gazetteer) slot(h uint64) uint64 { return (h ^ h>>32) & g.mask }

const gazPrefix = 1 << 7 // the key is a prefix of a longer name

// gazMaxLen bounds the length of names in the gazetteer.
const gazMaxLen = 8

func gazStep(h, key uint64) uint64 { return (h ^ key) * 0x9E3779B97F4A7C15 }

const gazSeed = 0x67617a6574746565 // "gazettee"

// gazEntries is a gazetteer's source: names (words joined by single spaces) → type bits.
type gazEntries map[string]uint8

func (e gazEntries) addSpan(words []string, s Span) {
	if s.End-s.Start > gazMaxLen {
		return
	}
	e[strings.Join(words[s.Start:s.End], " ")] |= 1 << (s.Type - 1)
}

// sorted returns the names in order.
func (e gazEntries) sorted() []string {
	names := make([]string, 0, len(e))
	for n := range e {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func newGazetteer(e gazEntries) gazetteer {
	m := make(map[uint64]uint8, len(e)*2)
	var g gazetteer
	for name, types := range e {
		ws := strings.Split(name, " ")
		h := uint64(gazSeed)
		for i, w := range ws {
			h = gazStep(h, learn.StrHash(w))
			if i+1 < len(ws) {
				m[h] |= gazPrefix
			}
		}
		m[h] |= types & 0xf
		g.maxLen = max(g.maxLen, len(ws))
	}
	size := 16
	for size < 2*len(m) {
		size <<= 1
	}
	g.keys, g.vals, g.mask = make([]uint64, size), make([]uint8, size), uint64(size-1)
	for h, v := range m {
		if v == 0 {
			continue
		}
		i := g.slot(h)
		for g.vals[i] != 0 {
			i = (i + 1) & g.mask
		}
		g.keys[i], g.vals[i] = h, v
	}
	return g
}

// gazBuilder builds a gazetteer from the names of a model as Load reads them, without the
// maps of newGazetteer: it gathers the hashes in a table with room for every word of every
// name, then moves them to one of the size newGazetteer gives.
type gazBuilder struct {
	g gazetteer
	n int // keys in g
}

// newGazBuilder returns a builder for names of at most words words in all.
func newGazBuilder(words int) *gazBuilder {
	size := 16
	for size < 2*words {
		size <<= 1
	}
	return &gazBuilder{g: gazetteer{keys: make([]uint64, size), vals: make([]uint8, size), mask: uint64(size - 1)}}
}

// or adds the bits v (not 0) to those of hash h.
func (b *gazBuilder) or(h uint64, v uint8) {
	g := &b.g
	i := g.slot(h)
	for g.vals[i] != 0 && g.keys[i] != h {
		i = (i + 1) & g.mask
	}
	if g.vals[i] == 0 {
		g.keys[i] = h
		b.n++
	}
	g.vals[i] |= v
}

// add adds name (words joined by single spaces) of type bits types (not 0), as newGazetteer
// does for an entry.
func (b *gazBuilder) add(name []byte, types uint8) {
	h, w, n := uint64(gazSeed), learn.StrHash(""), 1
	for _, c := range name {
		if c == ' ' {
			h = gazStep(h, w)
			b.or(h, gazPrefix)
			w = learn.StrHash("")
			n++
			continue
		}
		w = learn.StrHashByte(w, c)
	}
	b.or(gazStep(h, w), types&0xf)
	b.g.maxLen = max(b.g.maxLen, n)
}

// gazetteer returns the gazetteer, in a table of the size newGazetteer gives it.
func (b *gazBuilder) gazetteer() gazetteer {
	size := 16
	for size < 2*b.n {
		size <<= 1
	}
	if size == len(b.g.keys) {
		return b.g
	}
	g := gazetteer{keys: make([]uint64, size), vals: make([]uint8, size), mask: uint64(size - 1), maxLen: b.g.maxLen}
	for j, v := range b.g.vals {
		if v == 0 {
			continue
		}
		h := b.g.keys[j]
		i := g.slot(h)
		for g.vals[i] != 0 {
			i = (i + 1) & g.mask
		}
		g.keys[i], g.vals[i] = h, v
	}
	return g
}

// mark sets the gaz parts of the tokens of s: for each type, the part the token has in the
// longest name of that type that covers it.
func (g *gazetteer) mark(s []tok) {
	for i := range s {
		s[i].gaz, s[i].gazLen = [numTypes]uint8{}, [numTypes]uint8{}
	}
	g.markFrom(s, 0, len(s))
}

// touch reads the slot that first reads for key k, so that the processor fetches the slots
// of several words together, where first's lookups, mostly cache misses, would wait for one
// after another; its result means nothing.
func (g *gazetteer) touch(k uint64) uint8 {
	if len(g.vals) == 0 {
		return 0
	}
	return g.vals[g.slot(gazStep(gazSeed, k))]
}

// markFrom adds to the gaz parts of the tokens of s the names that start at tokens a to
// b-1 (the parts must have been cleared before).
func (g *gazetteer) markFrom(s []tok, a, b int) {
	for i := a; i < b; i++ {
		g.markAt(s, i, g.first(s[i].key))
	}
}

// first returns the types and gazPrefix bit of a word of key k as a name of one word or
// the first word of one, 0 when it is neither.
func (g *gazetteer) first(k uint64) uint8 {
	if g.maxLen == 0 {
		return 0
	}
	return g.get(gazStep(gazSeed, k))
}

// markAt adds to the gaz parts of the tokens of s the names that start at token i, whose
// word's first is v, as markFrom does.
func (g *gazetteer) markAt(s []tok, i int, v uint8) {
	if v == 0 {
		return
	}
	h := gazStep(gazSeed, s[i].key)
	for j := i; ; {
		n := j - i + 1
		for t := 0; t < numTypes; t++ {
			if v&(1<<t) == 0 {
				continue
			}
			for x := i; x <= j; x++ {
				if int(s[x].gazLen[t]) >= n {
					continue
				}
				s[x].gazLen[t] = uint8(n)
				p := Inside
				switch {
				case n == 1:
					p = Unit
				case x == i:
					p = Begin
				case x == j:
					p = Last
				}
				s[x].gaz[t] = uint8(p)
			}
		}
		if v&gazPrefix == 0 {
			return
		}
		if j++; j >= len(s) || j-i >= g.maxLen {
			return
		}
		h = gazStep(h, s[j].key)
		if v = g.get(h); v == 0 {
			return
		}
	}
}
