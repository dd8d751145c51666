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
	m      map[uint64]uint8 // hash of the words of a name, or of a prefix of one → types (bits 0-3), gazPrefix
	maxLen int
}

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
	g := gazetteer{m: make(map[uint64]uint8, len(e)*2)}
	for name, types := range e {
		ws := strings.Split(name, " ")
		h := uint64(gazSeed)
		for i, w := range ws {
			h = gazStep(h, learn.StrHash(w))
			if i+1 < len(ws) {
				g.m[h] |= gazPrefix
			}
		}
		g.m[h] |= types & 0xf
		g.maxLen = max(g.maxLen, len(ws))
	}
	return g
}

// mark sets the gaz parts of the tokens of s: for each type, the part the token has in the
// longest name of that type that covers it.
func (g *gazetteer) mark(s []tok) {
	for i := range s {
		s[i].gaz, s[i].gazLen = [numTypes]uint8{}, [numTypes]uint8{}
	}
	if len(g.m) == 0 {
		return
	}
	for i := range s {
		h := uint64(gazSeed)
		for j := i; j < len(s) && j-i < g.maxLen; j++ {
			h = gazStep(h, s[j].key)
			v, ok := g.m[h]
			if !ok {
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
