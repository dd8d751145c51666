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
// numClasses of them in lanes (two to a word), which adds faster than a list of pairs. A
// weight is a 16-bit integer times one scale for the table: a perceptron's decisions do
// not depend on the last bits of its weights, and the model shrinks.
type table struct {
	slots []tslot  // open addressing on mix(feature)
	over  []uint64 // the weights of features with more than inline, as lanes, numLanes words apiece (dense)
	mask  uint64
	bloom *[1 << filterBits / 64]uint64 // one bit per value of filterBits bits of the key: set when a feature has it (an array: read without a bounds check)
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

// lanes are the scores of the classes two to a 64-bit word: class 2k in the low 32 bits
// of word k, class 2k+1 in the high ones, each a two's-complement integer. Adding two
// vectors of lanes word by word adds their classes, in half the additions: a carry out of
// a low half, which would spoil the high one, cannot happen in an acc (see acc).
type lanes [numLanes]uint64

// numLanes is the number of words of lanes.
const numLanes = (numClasses + 1) / 2

// acc is a sum of scores being made: lanes whose low halves start from laneBias, so that
// they stay between 0 and 2^32 as long as their sums stay within ±2^31, and no carry
// crosses into a high half (a sum modulo 2^64 does not depend on the order of its terms,
// so only the final sum must be so bounded: the sums of at most a hundred 16-bit weights
// are). It has spare words: a class beyond numClasses, which only a corrupt model could
// give, lands there, and scoreBatch's touch.
type acc [16]uint64

// laneBias is what the low halves of an acc start from.
const laneBias = 1 << 31

// pack returns the lanes of the scores v.
func pack(v *[numClasses]int32) lanes {
	var p lanes
	for c, x := range v {
		p[c/2] += uint64(int64(x)) << (32 * (c % 2))
	}
	return p
}

// class returns the score of class c in a.
func (a *acc) class(c int) int32 {
	if c%2 == 0 {
		return int32(uint32(a[c/2]) - laneBias)
	}
	return int32(uint32(a[c/2] >> 32))
}

// start sets a to a sum of nothing.
func (a *acc) start() {
	a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8] = laneBias, laneBias, laneBias, laneBias, laneBias, laneBias, laneBias, laneBias, laneBias
}

// lanes returns the sum in a as lanes, to be added into another acc.
func (a *acc) lanes() lanes {
	return lanes{a[0] - laneBias, a[1] - laneBias, a[2] - laneBias, a[3] - laneBias, a[4] - laneBias, a[5] - laneBias, a[6] - laneBias, a[7] - laneBias, a[8] - laneBias}
}

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

// tableSize is the number of slots of the table of n features. Load factor at most 3/8: a
// lookup mostly finds its feature, or an empty slot, in its home slot.
func tableSize(n int) int {
	size := 16
	for size*3 < n*8 {
		size <<= 1
	}
	return size
}

func newTable(n int, scale float32) *table {
	size := tableSize(n)
	return &table{slots: make([]tslot, size), mask: uint64(size - 1), scale: scale, bloom: new([1 << filterBits / 64]uint64)}
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
	s := tslot{key: check, n: uint8(len(ps))} // weights and classes past n are 0, for scoreBatch
	if len(ps) <= inline {
		for j, p := range ps {
			s.cls[j], s.data[j] = uint8(p.class), p.w
		}
	} else {
		var b [4]byte
		binary.LittleEndian.PutUint32(b[:], uint32(len(t.over)))
		s.data[0], s.data[1] = int16(binary.LittleEndian.Uint16(b[:2])), int16(binary.LittleEndian.Uint16(b[2:]))
		var v [numClasses]int32
		for _, p := range ps {
			v[p.class] = int32(p.w)
		}
		p := pack(&v)
		t.over = append(t.over, p[:]...)
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

// sums returns the sums of the weights of feats, class by class (integers; multiply by
// t.scale).
func (t *table) sums(feats []learn.Hash) [numClasses]int32 {
	var p probes
	var a acc
	a.start()
	t.scoreWith(feats, &a, &p)
	var v [numClasses]int32
	for c := range v {
		v[c] = a.class(c)
	}
	return v
}

// scoreWith adds the weights of feats into out, with the working memory p, which Tag keeps
// in its scratch: a Go array declared in scoreBatch would be cleared at every call.
func (t *table) scoreWith(feats []learn.Hash, out *acc, p *probes) {
	for len(feats) > probeBatch {
		t.scoreBatch(feats[:probeBatch], out, p)
		feats = feats[probeBatch:]
	}
	t.scoreBatch(feats, out, p)
}

// probeBatch is the number of features scoreBatch takes: more than a token has but for a
// model with every template.
const probeBatch = 32

// probes is scoreBatch's working memory: the home slots of the features and their check
// bits.
type probes struct {
	homes  [probeBatch]uint64
	checks [probeBatch]uint32
}

// scoreBatch is score for at most probeBatch features. It first reads the home slot of
// every feature with no branch between the loads, so that the processor fetches them
// together rather than one cache miss after another; then it probes and adds.
func (t *table) scoreBatch(feats []learn.Hash, out *acc, p *probes) {
	homes, checks := &p.homes, &p.checks
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
				if s.n <= inline { // all inline weights, those past n being 0 (see add): no branch on n
					c0, c1, c2 := uint(s.cls[0]), uint(s.cls[1]), uint(s.cls[2])
					out[c0/2%uint(len(out))] += uint64(int64(s.data[0])) << (32 * (c0 % 2))
					out[c1/2%uint(len(out))] += uint64(int64(s.data[1])) << (32 * (c1 % 2))
					out[c2/2%uint(len(out))] += uint64(int64(s.data[2])) << (32 * (c2 % 2))
				} else { // addLanes by hand: its call cost a fifth of its additions
					v := (*lanes)(t.over[s.start():])
					out[0] += v[0]
					out[1] += v[1]
					out[2] += v[2]
					out[3] += v[3]
					out[4] += v[4]
					out[5] += v[5]
					out[6] += v[6]
					out[7] += v[7]
					out[8] += v[8]
				}
				break
			}
			if s.key == 0 {
				break
			}
			i = (i + 1) & t.mask
		}
	}
	if touch == 1 { // keeps the loads above; out[len(out)-1] is not a class, so this changes nothing
		out[len(out)-1]++
	}
}

// addLanes adds the weights v of every class into out. A third of the features that have
// weights are dense, and a loop's own instructions cost more than its additions, so it is
// unrolled by hand.
func addLanes(out *acc, v *lanes) {
	out[0] += v[0]
	out[1] += v[1]
	out[2] += v[2]
	out[3] += v[3]
	out[4] += v[4]
	out[5] += v[5]
	out[6] += v[6]
	out[7] += v[7]
	out[8] += v[8]
}

// setSums sets out to the sum of a, b, c, d, e and g, unrolled as addLanes is.
func setSums(out *acc, a, b, c, d, e, g *lanes) {
	out[0] = laneBias + a[0] + b[0] + c[0] + d[0] + e[0] + g[0]
	out[1] = laneBias + a[1] + b[1] + c[1] + d[1] + e[1] + g[1]
	out[2] = laneBias + a[2] + b[2] + c[2] + d[2] + e[2] + g[2]
	out[3] = laneBias + a[3] + b[3] + c[3] + d[3] + e[3] + g[3]
	out[4] = laneBias + a[4] + b[4] + c[4] + d[4] + e[4] + g[4]
	out[5] = laneBias + a[5] + b[5] + c[5] + d[5] + e[5] + g[5]
	out[6] = laneBias + a[6] + b[6] + c[6] + d[6] + e[6] + g[6]
	out[7] = laneBias + a[7] + b[7] + c[7] + d[7] + e[7] + g[7]
	out[8] = laneBias + a[8] + b[8] + c[8] + d[8] + e[8] + g[8]
}

// The statements of addLanes, setSums, acc.start and acc.lanes are one per word of lanes,
// and scoreBatch's one per inline weight.
var _ = [1]struct{}{}[inline-3]
var _ = [1]struct{}{}[numLanes-9]

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
	var a acc
	a.start()
	addLanes(&a, (*lanes)(t.over[st:st+numLanes]))
	for c := range v {
		v[c] = float32(a.class(c)) * t.scale
	}
	return v
}
