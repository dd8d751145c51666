package ner

import (
	"encoding/binary"

	"github.com/whosaid/whosaid/learn"
)

// table holds the model's weights sparsely: for each feature only the class weights that
// survived pruning, three on average. learn.Weights keeps a dense vector of all 17 classes
// in every slot, several times the memory for this model and more cache lines read per
// feature. Scoring a token reads some fifty features, most from memory that is not in cache,
// so the layout is about cache misses: a slot of 16 bytes holds a feature's key and, for
// the three quarters of features that have at most three weights, the weights themselves,
// so that a feature costs one miss; the others keep theirs in an overflow array, all
// numClasses of them, which adds faster than a list of pairs. A weight
// is a 16-bit integer times one scale for the table: a perceptron's decisions do not depend
// on the last bits of its weights, and the model shrinks.
type table struct {
	slots []tslot // open addressing on mix(feature)
	over  []int16 // the weights of features with more than inline, numClasses apiece (dense)
	mask  uint64
	bloom []uint64 // one bit per value of filterBits bits of the key: set when a feature has it
	scale float32
	n     int // features
	np    int // weights
}

// inline is the number of weights a slot holds.
const inline = 3

type tslot struct {
	key  uint32 // check bits of mix(feature), never 0; 0 marks an empty slot
	n    uint8  // number of weights
	cls  [inline]uint8
	data [inline + 1]int16 // n ≤ inline: the weights; else data[0:2] is the start of its weights in over
}

type pair struct {
	class uint16
	w     int16
}

// scoreLen is the length of a score vector: the classes, and spare slots.
const scoreLen = 32

// mix turns a feature hash into a table key: the low bits index the table, the high ones
// check the slot.
func mix(h learn.Hash) (home uint64, check uint32) {
	k := uint64(h)
	k ^= k >> 31
	k *= 0x7fb5d329728ea185
	k ^= k >> 27
	check = uint32(k >> 32)
	if check == 0 {
		check = 1
	}
	return k, check
}

func newTable(n int, scale float32) *table {
	size := 16
	for size*3 < n*4 { // load factor at most 3/4
		size <<= 1
	}
	return &table{slots: make([]tslot, size), mask: uint64(size - 1), scale: scale, bloom: make([]uint64, 1<<filterBits/64)}
}

// filterBits is the size of the filter that tells, from 16 KB that stay in cache, that most
// absent features are absent without reading their slots, which are mostly not in cache.
// Most of a token's features (word bigrams, rare words' affixes) have no weights. One absent
// feature in twelve gets through; a filter of 128 KB let one in a hundred through, but it
// crowded the table out of the cache and cost more than it saved.
const filterBits = 17

func filterBit(k uint64) uint64 { return k >> (64 - filterBits) }

// add stores the weights ps of feature f, which must be new; the table must have room
// (newTable sized for the features).
func (t *table) add(f learn.Hash, ps []pair) {
	k, check := mix(f)
	i := k & t.mask
	for t.slots[i].key != 0 {
		i = (i + 1) & t.mask
	}
	s := tslot{key: check, n: uint8(len(ps))}
	if len(ps) <= inline {
		for j, p := range ps {
			s.cls[j], s.data[j] = uint8(p.class), p.w
		}
	} else {
		var b [4]byte
		binary.LittleEndian.PutUint32(b[:], uint32(len(t.over)))
		s.data[0], s.data[1] = int16(binary.LittleEndian.Uint16(b[:2])), int16(binary.LittleEndian.Uint16(b[2:]))
		var v [numClasses]int16
		for _, p := range ps {
			v[p.class] = p.w
		}
		t.over = append(t.over, v[:]...)
	}
	t.slots[i] = s
	b := filterBit(k)
	t.bloom[b/64] |= 1 << (b % 64)
	t.n++
	t.np += len(ps)
}

func (s *tslot) start() uint32 { return uint32(uint16(s.data[0])) | uint32(uint16(s.data[1]))<<16 }

// find returns the slot of feature f, or nil.
func (t *table) find(f learn.Hash) *tslot {
	k, check := mix(f)
	for i := k & t.mask; t.slots[i].key != 0; i = (i + 1) & t.mask {
		if t.slots[i].key == check {
			return &t.slots[i]
		}
	}
	return nil
}

// has reports whether feature f has weights.
func (t *table) has(f learn.Hash) bool { return t.find(f) != nil }

// score adds the weights of feats into out (integers; multiply by t.scale).
func (t *table) score(feats []learn.Hash, out *[scoreLen]int32) {
	for len(feats) > 0 {
		n := min(len(feats), probeBatch)
		t.scoreBatch(feats[:n], out)
		feats = feats[n:]
	}
}

// probeBatch is the number of features scoreBatch takes: more than a token has but for a
// model with every template, and few enough that clearing its arrays costs little.
const probeBatch = 32

// scoreBatch is score for at most probeBatch features. It first reads the home slot of
// every feature with no branch between the loads, so that the processor fetches them
// together rather than one cache miss after another; then it probes and adds.
func (t *table) scoreBatch(feats []learn.Hash, out *[scoreLen]int32) {
	var homes [probeBatch]uint64
	var checks [probeBatch]uint32
	feats = feats[:min(len(feats), probeBatch)]
	touch := uint32(0)
	m := 0
	for _, f := range feats {
		k, c := mix(f)
		b := filterBit(k)
		if t.bloom[b/64]&(1<<(b%64)) == 0 {
			continue
		}
		homes[m], checks[m] = k&t.mask, c
		touch += t.slots[homes[m]].key
		m++
	}
	for j := range homes[:m] {
		i, c := homes[j], checks[j]
		for {
			s := &t.slots[i]
			if s.key == c {
				if s.n <= inline {
					for x := 0; x < int(s.n); x++ {
						out[s.cls[x]&(scoreLen-1)] += int32(s.data[x])
					}
				} else {
					st := s.start()
					addDense(out, (*[numClasses]int16)(t.over[st:st+numClasses]))
				}
				break
			}
			if s.key == 0 {
				break
			}
			i = (i + 1) & t.mask
		}
	}
	if touch == 1 { // keeps the loads above; out[scoreLen-1] is not a class, so this changes nothing
		out[scoreLen-1]++
	}
}

// addDense adds the weights v of every class into out. A third of the features that have
// weights are dense, and a loop's own instructions cost more than its additions, so it is
// unrolled by hand.
func addDense(out *[scoreLen]int32, v *[numClasses]int16) {
	out[0] += int32(v[0])
	out[1] += int32(v[1])
	out[2] += int32(v[2])
	out[3] += int32(v[3])
	out[4] += int32(v[4])
	out[5] += int32(v[5])
	out[6] += int32(v[6])
	out[7] += int32(v[7])
	out[8] += int32(v[8])
	out[9] += int32(v[9])
	out[10] += int32(v[10])
	out[11] += int32(v[11])
	out[12] += int32(v[12])
	out[13] += int32(v[13])
	out[14] += int32(v[14])
	out[15] += int32(v[15])
	out[16] += int32(v[16])
}

// addSum adds the sums v of every class into out, unrolled as addDense is.
func addSum(out *[scoreLen]int32, v *[numClasses]int32) {
	out[0] += v[0]
	out[1] += v[1]
	out[2] += v[2]
	out[3] += v[3]
	out[4] += v[4]
	out[5] += v[5]
	out[6] += v[6]
	out[7] += v[7]
	out[8] += v[8]
	out[9] += v[9]
	out[10] += v[10]
	out[11] += v[11]
	out[12] += v[12]
	out[13] += v[13]
	out[14] += v[14]
	out[15] += v[15]
	out[16] += v[16]
}

// addSums adds the sums a, b and c of every class into out, unrolled as addDense is.
func addSums(out *[scoreLen]int32, a, b, c *[numClasses]int32) {
	out[0] += a[0] + b[0] + c[0]
	out[1] += a[1] + b[1] + c[1]
	out[2] += a[2] + b[2] + c[2]
	out[3] += a[3] + b[3] + c[3]
	out[4] += a[4] + b[4] + c[4]
	out[5] += a[5] + b[5] + c[5]
	out[6] += a[6] + b[6] + c[6]
	out[7] += a[7] + b[7] + c[7]
	out[8] += a[8] + b[8] + c[8]
	out[9] += a[9] + b[9] + c[9]
	out[10] += a[10] + b[10] + c[10]
	out[11] += a[11] + b[11] + c[11]
	out[12] += a[12] + b[12] + c[12]
	out[13] += a[13] + b[13] + c[13]
	out[14] += a[14] + b[14] + c[14]
	out[15] += a[15] + b[15] + c[15]
	out[16] += a[16] + b[16] + c[16]
}

// The statements of addDense, addSum and addSums are one per class.
var _ = [1]struct{}{}[numClasses-17]

// vec returns the weights of feature f as a dense vector, or nil when it has none.
func (t *table) vec(f learn.Hash) []float32 {
	s := t.find(f)
	if s == nil {
		return nil
	}
	v := make([]float32, numClasses)
	if s.n <= inline {
		for x := 0; x < int(s.n); x++ {
			v[s.cls[x]] = float32(s.data[x]) * t.scale
		}
		return v
	}
	st := s.start()
	for c, w := range t.over[st : st+numClasses] {
		v[c] = float32(w) * t.scale
	}
	return v
}
