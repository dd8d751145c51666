package ner

import (
	"slices"
	"sync"

	"github.com/whosaid/whosaid/learn"
)

// Clusters are a model's word clusters (cluster.go), read-only, for the features of other
// taggers: package attrib's taggers read the embedded model's, so that a reporting verb they
// rarely saw in training ("lambasting") is still known to be like the ones they saw often.
type Clusters struct{ t *clusterTable }

// ClusterLevels is the number of levels of Clusters.Of.
const ClusterLevels = numLevels

// ClusterSize is the number of classes of level l of Clusters.Of (0 the finest).
func ClusterSize(l int) int { return clusterLevels[l] }

// Of returns the clusters of word w as the tagger reads it (typographic punctuation as
// ASCII, case kept, digits folded to 0): ids[l] is its class at level l (ClusterSize) plus
// one, 0 when the word was not clustered (seen too seldom in the unlabelled text). Case is
// kept: "Obama" is clustered, "obama" is not; "may" and "May" are two words.
func (c Clusters) Of(w string) [numLevels]uint16 {
	if c.t == nil {
		return [numLevels]uint16{}
	}
	return unpack(c.t.lookup(normalise(w)))
}

// OfLower returns the clusters of a lower-cased word w: its own (Of), or, when it has none,
// those of w capitalised, then in capitals ("obama" as "Obama", "fbi" as "FBI"), ASCII
// letters raised; for taggers that read words lower-cased. It allocates only for a word
// that normalise changes.
func (c Clusters) OfLower(w string) [numLevels]uint16 {
	if c.t == nil {
		return [numLevels]uint16{}
	}
	w = normalise(w)
	x := c.t.lookup(w)
	if x == 0 && len(w) > 0 && 'a' <= w[0] && w[0] <= 'z' {
		if x = c.t.find(raisedHash(w, 1)); x == 0 {
			x = c.t.find(raisedHash(w, len(w)))
		}
	}
	return unpack(x)
}

// raisedHash is wordHash of w with the ASCII letters of its first n bytes in capitals.
func raisedHash(w string, n int) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			c = '0'
		case i < n && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return finishKey(h)
}

// unpack splits cluster ids packed 16 bits a level.
func unpack(x uint64) (ids [numLevels]uint16) {
	for l := range ids {
		ids[l] = uint16(x >> (16 * l))
	}
	return ids
}

// Clusters returns the tagger's word clusters.
func (t *Tagger) Clusters() Clusters { return Clusters{t.clusters} }

// DefaultClusters returns the embedded model's clusters, read once (the rest of the model,
// which Default reads, is not).
func DefaultClusters() Clusters { return defaultClusters() }

var defaultClusters = sync.OnceValue(func() Clusters {
	b, err := learn.ModelBytes(model, modelMagic)
	if err == nil {
		r := &modelReader{b: b}
		if _, err = readHeader(r); err == nil {
			var t *clusterTable
			if t, err = readClusters(r); err == nil {
				return Clusters{t}
			}
		}
	}
	panic("ner: embedded model: " + err.Error())
})

// Classes returns the distinct cluster ids of the clustered words (as Of returns them), in
// increasing order of the finest level's: one for each of its classes that holds a word.
func (c Clusters) Classes() [][numLevels]uint16 {
	if c.t == nil {
		return nil
	}
	seen := map[uint64]bool{}
	var out [][numLevels]uint16
	for _, sl := range c.t.slots {
		if sl.key != 0 && !seen[sl.ids] {
			seen[sl.ids] = true
			out = append(out, unpack(sl.ids))
		}
	}
	slices.SortFunc(out, func(a, b [numLevels]uint16) int { return slices.Compare(a[:], b[:]) })
	return out
}
