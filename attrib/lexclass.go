package attrib

import (
	"iter"

	"github.com/whosaid/whosaid/learn"
)

// cueClasses gives the class of the rules' lexicon of reporting verbs
// (quote.Extractor.CueClass, from quote.CueWords) by the hash of a normalised word, which prep computes for every
// token anyway: an open-addressing table of hashes costs a few nanoseconds a token where the
// lexicon's map of strings cost a sixth of preparing a document.
type cueClasses struct {
	mask  uint64
	keys  []uint64 // learn.StrHash of the word; 0 = empty
	class []uint8
	// has has bit filterBit(h) set for the hash h of every word in the table: most words of a
	// text are not reporting verbs, and one bit tells so without probing the table.
	has [filterBits / 64]uint64
}

const filterBits = 1 << 12

func filterBit(h uint64) uint64 { return (h >> 40) % filterBits }

func newCueClasses(cueWords iter.Seq2[string, int]) *cueClasses {
	var words []string
	var classes []uint8
	for w, c := range cueWords {
		words = append(words, w)
		classes = append(classes, uint8(c))
	}
	size := 16
	for size < 2*len(words) {
		size <<= 1
	}
	t := &cueClasses{mask: uint64(size - 1), keys: make([]uint64, size), class: make([]uint8, size)}
	for i, w := range words {
		h := learn.StrHash(w)
		j := mixKey(h) & t.mask
		for t.keys[j] != 0 && t.keys[j] != h {
			j = (j + 1) & t.mask
		}
		t.keys[j], t.class[j] = h, classes[i]
		b := filterBit(h)
		t.has[b/64] |= 1 << (b % 64)
	}
	return t
}

// get returns the class of the word with hash h, 0 when it is not in the lexicon.
func (t *cueClasses) get(h uint64) uint8 {
	if b := filterBit(h); t.has[b/64]&(1<<(b%64)) == 0 {
		return 0
	}
	for j := mixKey(h) & t.mask; ; j = (j + 1) & t.mask {
		switch t.keys[j] {
		case h:
			return t.class[j]
		case 0:
			return 0
		}
	}
}
