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

// mark sets the gaz parts of the tokens of s: for each type, the part the token has in the
// longest name of that type that covers it.
func (g *gazetteer) mark(s []tok) {
	for i := range s {
		s[i].gaz, s[i].gazLen = [numTypes]uint8{}, [numTypes]uint8{}
	}
	g.markFrom(s, 0, len(s))
}

// touch reads the first slot that markFrom reads for each of the tokens a to b-1 of s, so
// that the processor fetches them together, where markFrom's lookups, mostly cache misses,
// would wait for one after another; its result means nothing.
func (g *gazetteer) touch(s []tok, a, b int) uint8 {
	var v uint8
	for i := a; i < b; i++ {
		h := gazStep(gazSeed, s[i].key)
		v |= g.vals[g.slot(h)]
	}
	return v
}

// markFrom adds to the gaz parts of the tokens of s the names that start at tokens a to
// b-1 (the parts must have been cleared before).
func (g *gazetteer) markFrom(s []tok, a, b int) {
	if g.maxLen == 0 {
		return
	}
	for i := a; i < b; i++ {
		h := uint64(gazSeed)
		for j := i; j < len(s) && j-i < g.maxLen; j++ {
			h = gazStep(h, s[j].key)
			v := g.get(h)
			if v == 0 {
				break
			}
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
				break
			}
		}
	}
}
