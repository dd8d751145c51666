package pos

import (
	"github.com/whosaid/whosaid/internal/hugepage"
	"math"
	"math/bits"
	"slices"

	"github.com/whosaid/whosaid/learn"
)

// table holds the model's weights sparsely: for each feature, only the class weights that
// survived pruning (3 of the 44 on average). learn.Weights keeps a dense vector of every
// class in every slot of its hash table, which for this model would take about 45 MB and
// read three cache lines per feature; this table takes about 5 MB.
//
// A feature's weights are contiguous, in the order of their classes, twice: in ws, each with
// its class and the bounds of its feature, which loading and filling a word's cache entry
// read (top2, pairBounds); and in w, the weights alone, which tagging reads (score, addSpan),
// finding a weight's class from the bits of its span's mask. W takes half the memory of ws,
// 0.7 MB, so that the weights tagging reads take half the cache lines and more of them stay
// in the processor's caches from one document to the next.
type table struct {
	slots  []tslot   // open addressing on mix(feature); key 0 marks an empty slot
	ws     []weight  // the weights, with their classes
	w      []float32 // the weights alone: w[i] is ws[i].w
	wmax   float32   // the highest magnitude of any weight
	filter *[1 << (filterBits - 6)]uint64
	mask   uint64
	n      int
	mem    *hugepage.Arena // the memory of slots, ws and w, outside the Go heap
}

// filterBits sets the size of the table's filter, a bit for each value of the top
// filterBits bits of the keys, set when a feature's key has it. Most features looked up
// have no weights, and the filter, 128 KB, tells most of them apart without reading the
// slots, 3 MB, which are seldom in the processor's caches.
const filterBits = 20

// weight is one weight of a feature, w, for class c. The first weight of a feature also
// bounds its positive weights for Tagger.pairBounds, in what would be padding: hiCls is the
// class of the highest, or noClass if none is, and lo bounds the others, the second highest
// (the highest is the span's top).
type weight struct {
	w     float32
	c     uint8
	hiCls uint8
	lo    bound
}

// span locates the weights of one feature, ws[start:end], where end is start plus the number
// of its classes, the bits set in mask; the zero span is a feature without weights. As the
// weights are in the order of their classes, the weight of class c is at start plus the
// number of mask's bits below c (Tagger.score). Top is the highest weight, or 0 if it is
// higher.
type span struct {
	start uint32
	top   float32
	mask  uint64
}

// pspan is a span but its top, in one word: its mask in the low numTags bits, its start
// above them. Tokens keep the spans they give their neighbours in this form (info.ctx), so
// that a token's info takes one cache line.
type pspan uint64

// maxWeights bounds the number of weights of a model, so that a pspan can hold any start.
const maxWeights = 1 << (64 - numTags)

// pack returns s as a pspan.
func (s span) pack() pspan { return pspan(s.mask | uint64(s.start)<<numTags) }

// span returns p as a span, with a zero top.
func (p pspan) span() span {
	return span{start: uint32(p >> numTags), mask: uint64(p) & (1<<numTags - 1)}
}

// start returns the index of the first of p's weights.
func (p pspan) start() uint32 { return uint32(p >> numTags) }

// end returns the index after the last of s's weights.
func (s span) end() uint32 { return s.start + uint32(bits.OnesCount64(s.mask)) }

type tslot struct {
	key uint64
	span
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

// tableSize is the number of slots of the table of n features: a power of two, with a load
// factor of at most 3/4.
func tableSize(n int) int {
	size := 16
	for size*3 < n*4 {
		size <<= 1
	}
	return size
}

func newTable(n, weights int) *table {
	size := tableSize(n)
	// Index 0 holds no feature's weight: the zero span points there, so spans can touch
	// the first weight of every span found, empty or not, even when the table is empty, and
	// top2 finds no positive weight there.
	t := &table{filter: new([1 << (filterBits - 6)]uint64), mask: uint64(size - 1), mem: hugepage.NewArena()}
	t.ws = append(hugepage.Alloc[weight](t.mem, weights+1)[:0], weight{hiCls: noClass})
	t.w = append(hugepage.Alloc[float32](t.mem, weights+1)[:0], 0)
	t.slots = hugepage.Alloc[tslot](t.mem, size)
	return t
}

// add stores the weights ws of distinct classes cls for feature f, and sorts them by class;
// it reports false, storing nothing, when the table already has f.
func (t *table) add(f learn.Hash, cls []uint8, ws []float32) bool {
	cls = cls[:len(ws)]
	for i := 1; i < len(cls); i++ {
		for j := i; j > 0 && cls[j] < cls[j-1]; j-- {
			cls[j], cls[j-1] = cls[j-1], cls[j]
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
	k := mix(f)
	i := k & t.mask
	for t.slots[i].key != 0 {
		if t.slots[i].key == k {
			return false
		}
		i = (i + 1) & t.mask
	}
	s := span{start: uint32(len(t.ws))}
	hiCls, lo := uint8(noClass), float32(0)
	for j, c := range cls {
		// Comparisons rather than max, which is slower for its care of NaNs: a weight is
		// a number (readTable).
		w := ws[j]
		s.mask |= 1 << (c & 63)
		if w > s.top {
			s.top, lo, hiCls = w, s.top, c
		} else if w > lo {
			lo = w
		}
		if w > t.wmax {
			t.wmax = w
		} else if -w > t.wmax {
			t.wmax = -w
		}
	}
	t.slots[i] = tslot{key: k, span: s}
	b := k >> (64 - filterBits)
	t.filter[b>>6] |= 1 << (b & 63)
	// The weights go where the arrays have room (newTable sized them), written by index:
	// appended one by one, each wrote the arrays' pointers back into t, through the
	// collector's write barrier when it was marking, as it often is while the models load.
	n := len(t.ws)
	if cap(t.ws)-n < len(cls) || cap(t.w)-n < len(cls) {
		t.ws, t.w = slices.Grow(t.ws, len(cls)), slices.Grow(t.w, len(cls))
	}
	dw, dws := t.w[n:n+len(cls)], t.ws[n:n+len(cls)]
	for j, c := range cls {
		dws[j] = weight{w: ws[j], c: c}
		dw[j] = ws[j]
	}
	if len(dws) > 0 {
		dws[0].hiCls, dws[0].lo = hiCls, boundOf(lo)
	}
	t.ws, t.w = t.ws[:n+len(cls)], t.w[:n+len(cls)]
	t.n++
	return true
}

// find returns the span of the feature whose key is k (as mix gives it), the zero span when
// the feature has no weights.
func (t *table) find(k uint64) span {
	if !t.maybe(k) {
		return span{}
	}
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == k {
			return s.span
		}
		if s.key == 0 {
			return span{}
		}
	}
}

// maybe reports whether the feature whose key is k may have weights; if not, it has none.
func (t *table) maybe(k uint64) bool {
	b := k >> (64 - filterBits)
	return t.filter[b>>6]&(1<<(b&63)) != 0
}

// spans finds the spans of the features whose keys are ks. It first reads the home slot of
// every feature, with no branch between the loads, so that the processor fetches them all at
// once rather than one cache miss after another; then it probes, and touches the first
// weight of each feature found, for the same reason.
func (t *table) spans(ks []uint64, out []span) {
	out = out[:len(ks)]
	touch := uint64(0)
	for _, k := range ks {
		if t.maybe(k) {
			touch += t.slots[k&t.mask].key
		}
	}
	for j, k := range ks {
		s := t.find(k)
		out[j] = s
		touch += uint64(math.Float32bits(t.w[s.start]))
	}
	if touch == 1 { // keeps the loads above; out[0] may be any span, so this changes nothing
		out[0] = t.find(ks[0])
	}
}

// top2 returns the highest positive weight of span s, hi, its class c, and a bound on the
// others, lo, 0 if there are none; c is noClass if no weight is positive. S has its top.
func (t *table) top2(s span) (c uint8, hi, lo float32) {
	w := &t.ws[s.start]
	return w.hiCls, s.top, w.lo.f32()
}

// addSpan adds the weights of span s into scores, the class of each the next bit of its
// mask. A feature has one weight per class at most, so the order of the additions within a
// span does not matter; that of the spans does (see predict).
func (t *table) addSpan(scores *[256]float32, s span) {
	sc := scores[:] // one nil check, not one for each weight
	m := s.mask
	for _, w := range t.w[s.start:s.end()] {
		sc[uint8(bits.TrailingZeros64(m))] += w
		m &= m - 1
	}
}
