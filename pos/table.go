package pos

import (
	"github.com/whosaid/whosaid/learn"
)

// table holds the model's weights sparsely: for each feature, only the class weights that
// survived pruning (3 of the 44 on average). learn.Weights keeps a dense vector of every
// class in every slot of its hash table, which for this model would take about 45 MB and
// read three cache lines per feature; this table takes under 4 MB.
type table struct {
	slots []tslot // open addressing on mix(feature); key 0 marks an empty slot
	pairs []pair  // the weights of each feature, contiguous
	mask  uint64
	n     int
}

type tslot struct {
	key   uint64
	start uint32 // first pair
	count uint32 // number of pairs
}

type pair struct {
	class uint32
	w     float32
}

// mix turns a feature hash into a table key (never 0).
func mix(h learn.Hash) uint64 {
	k := uint64(h)
	k ^= k >> 31
	k *= 0x7fb5d329728ea185
	k ^= k >> 27
	if k == 0 {
		k = 1
	}
	return k
}

func newTable(n, pairs int) *table {
	size := 16
	for size*3 < n*4 { // load factor at most 3/4
		size <<= 1
	}
	return &table{slots: make([]tslot, size), pairs: make([]pair, 0, pairs), mask: uint64(size - 1)}
}

// add stores the weights ws of classes cls for feature f, which must be new.
func (t *table) add(f learn.Hash, cls []uint8, ws []float32) {
	k := mix(f)
	i := k & t.mask
	for t.slots[i].key != 0 {
		i = (i + 1) & t.mask
	}
	t.slots[i] = tslot{key: k, start: uint32(len(t.pairs)), count: uint32(len(ws))}
	for j, w := range ws {
		t.pairs = append(t.pairs, pair{class: uint32(cls[j]), w: w})
	}
	t.n++
}

// has reports whether feature f has weights.
func (t *table) has(f learn.Hash) bool {
	k := mix(f)
	for i := k & t.mask; t.slots[i].key != 0; i = (i + 1) & t.mask {
		if t.slots[i].key == k {
			return true
		}
	}
	return false
}

// score adds the weights of feats into out, whose first numTags entries are the classes.
// It first reads the home slot of every feature, with no branch between the loads, so that
// the processor fetches them all at once rather than one cache miss after another; then it
// probes, reading the first weight of each feature found; then it adds.
func (t *table) score(feats *[nFeat]learn.Hash, out *[64]float32) {
	var keys [nFeat]uint64
	var spans [nFeat]tslot
	touch := uint64(0)
	for j, f := range feats {
		k := mix(f)
		keys[j] = k
		touch += t.slots[k&t.mask].key
	}
	for j, k := range keys {
		i := k & t.mask
		for {
			s := &t.slots[i]
			if s.key == k {
				spans[j] = *s
				touch += uint64(t.pairs[s.start].class)
				break
			}
			if s.key == 0 {
				break
			}
			i = (i + 1) & t.mask
		}
	}
	for _, s := range spans {
		for _, p := range t.pairs[s.start : s.start+s.count] {
			out[p.class&63] += p.w
		}
	}
	if touch == 1 { // keeps the loads above; out[63] is not a class, so this changes nothing
		out[63]++
	}
}
