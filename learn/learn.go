// Package learn is a small, fast linear learner for whosaid's taggers: an averaged
// perceptron over hashed sparse features, as a multi-class classifier and as a first-order
// sequence tagger decoded with Viterbi (a structured perceptron, Collins 2002).
//
// Why not a library: the Go machine-learning libraries either wrap C (no cgo here), fetch
// models at run time, or store features in maps of strings, which would make tagging ten times
// slower than the rest of whosaid. Here a feature is a 64-bit hash computed without
// allocation (Hash), the trained weights sit in one open-addressing table of float32
// vectors, and a model is a deterministic byte stream that the binary embeds. Training is
// deterministic: the same instances in the same order give the same bytes.
package learn

import (
	"github.com/whosaid/whosaid/internal/hugepage"
	"math"
	"math/bits"
	"unsafe"
)

// Hash is a 64-bit FNV-1a hash used to name features. Start a feature with Seed(template)
// and fold in its parts; distinct templates give distinct features.
type Hash uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Seed starts a feature of the given template number. The template is folded in as the
// unsigned value it is: through int, a template of 2^31 or more (such as Trans's) would be
// negative where int has 32 bits, and every feature of it would hash differently there than
// in the models, which are trained where int has 64.
func Seed(template uint32) Hash {
	h := Hash(fnvOffset)
	return h.U64(uint64(template))
}

// Str folds a string into the hash.
func (h Hash) Str(s string) Hash { return h.U64(StrHash(s)) }

// StrHash is the 64-bit FNV-1a hash of s. Taggers compute it once per token and fold it into
// many features with U64, which costs one multiplication.
func StrHash(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// StrHashByte folds one more byte into a StrHash: StrHashByte(StrHash(s), c) is the StrHash
// of s followed by byte c, for hashing a string as it is made.
func StrHashByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

// U64 folds a 64-bit value (such as a StrHash) into the hash.
func (h Hash) U64(v uint64) Hash {
	h ^= Hash(v)
	h *= fnvPrime
	return h ^ h>>31
}

// Int folds an integer into the hash.
func (h Hash) Int(v int) Hash { return h.U64(uint64(v)) }

// key turns a hash into a table key; 0 marks an empty slot, so it is never a key.
func (h Hash) key() uint64 {
	k := uint64(h)
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	if k == 0 {
		k = 1
	}
	return k
}

// Weights are trained weights: for each feature, a vector of one score per class. The zero
// value has no features. Weights are read-only after construction and safe for concurrent
// use.
//
// The table is open addressing with each slot's key and scores side by side (a slot is
// 2+K 32-bit words), so that a lookup, which is what tagging spends its time on, touches one
// cache line rather than one in a key array and another in a value array.
type Weights struct {
	K      int      // number of classes
	slots  []uint32 // per slot: key low, key high, then K float32 bit patterns; key 0 = empty
	stride int
	mask   uint64
	shift  uint // a key's home slot is key >> shift (see home)
	n      int
	// filter has the bit of every key's low bits set (see absent): a lookup of a feature
	// without weights, half of the attribution model's near-cue lookups, then reads one word
	// of a bit table of four bits per slot (256 KB for the role weights), which stays in
	// cache, rather than probing the table itself, which does not. Sixteen bits per slot
	// turned more keys away but ran slower: the filter then no longer stayed in cache.
	filter []uint64
	fmask  uint64 // the filter's number of bits, less one

	mem *hugepage.Arena // slots' memory, outside the Go heap
}

// newWeights makes a table for n features of k classes.
func newWeights(k, n int) *Weights {
	size := 16
	for size < n*2 {
		size <<= 1
	}
	nbits := 4 * size // 8 to 16 bits per feature: a false "maybe" for about one absent key in 12
	w := &Weights{K: k, stride: 2 + k, mask: uint64(size - 1), shift: uint(64 - bits.Len64(uint64(size-1))),
		filter: make([]uint64, nbits/64), fmask: uint64(nbits - 1), mem: hugepage.NewArena()}
	w.slots = hugepage.Alloc[uint32](w.mem, size*(2+k))
	return w
}

// absent reports whether the filter shows that key k has no slot. The filter reads the key's
// low bits, which home does not use, so that it and the table fail independently.
func (w *Weights) absent(k uint64) bool {
	b := k & w.fmask
	return w.filter[b>>6]&(1<<(b&63)) == 0
}

// Prefault writes to every page of s, which must be all zero (as make returns it), before
// a table is built in it. A large slice's memory is fresh from the operating system, mapped
// page by page as it is first touched; when that is a read, such as an open-addressing
// table's probe for an empty slot, the page is mapped to the shared zero page and the write
// that follows faults a second time. Writing first halves the faults, which are most of the
// cost of loading a model into a new process.
func Prefault[T any](s []T) {
	var zero T
	step := max(1, pageSize/int(unsafe.Sizeof(zero)))
	for i := 0; i < len(s); i += step {
		s[i] = zero
	}
}

// pageSize is the size of a page of memory on the systems whosaid runs on; with larger
// pages Prefault writes some pages more than once.
const pageSize = 4096

// Len is the number of features with weights.
func (w *Weights) Len() int { return w.n }

func (w *Weights) keyAt(i uint64) uint64 {
	j := int(i) * w.stride
	return uint64(w.slots[j]) | uint64(w.slots[j+1])<<32
}

func (w *Weights) valsAt(i uint64) []float32 {
	j := int(i)*w.stride + 2
	return unsafe.Slice((*float32)(unsafe.Pointer(&w.slots[j])), w.K)
}

// home is the slot where the search for key k starts: its high bits, so that keys set in
// increasing order, as a model stream stores them (WriteVectors), fill the table from its
// start to its end, and loading a model writes memory in order rather than at random.
func (w *Weights) home(k uint64) uint64 { return k >> w.shift }

// set stores the vector v for key k (k not yet present).
func (w *Weights) set(k uint64, v []float32) { copy(w.valsAt(w.claim(k)), v) }

// claim takes a slot for key k (k not yet present) and returns it; its vector is zero.
func (w *Weights) claim(k uint64) uint64 {
	i := w.home(k)
	for w.keyAt(i) != 0 {
		i = (i + 1) & w.mask
	}
	j := int(i) * w.stride
	w.slots[j], w.slots[j+1] = uint32(k), uint32(k>>32)
	b := k & w.fmask
	w.filter[b>>6] |= 1 << (b & 63)
	w.n++
	return i
}

// Vec returns the weight vector of feature f, or nil when f has none.
func (w *Weights) Vec(f Hash) []float32 {
	if w == nil || w.n == 0 {
		return nil
	}
	k := f.key()
	if w.absent(k) {
		return nil
	}
	i := w.home(k)
	for {
		switch w.keyAt(i) {
		case k:
			return w.valsAt(i)
		case 0:
			return nil
		}
		i = (i + 1) & w.mask
	}
}

// Score adds the weight vectors of feats into out (len K).
func (w *Weights) Score(feats []Hash, out []float32) {
	for _, f := range feats {
		if v := w.Vec(f); v != nil {
			for c, x := range v {
				out[c] += x
			}
		}
	}
}

// Touch reads the first slot each of feats would probe and returns a value that depends on
// them. Weight lookups are bound by memory latency, not arithmetic: a tagger that gathers the
// features of a whole sentence, touches them, and only then scores them lets the processor
// fetch many cache lines at once instead of one after another (the loads here carry no
// branches between them). Keep the result (for example, add it to a field) so the loads are
// not optimised away.
func (w *Weights) Touch(feats []Hash) uint32 {
	if w == nil || w.n == 0 {
		return 0
	}
	var s uint32
	for _, f := range feats {
		if k := f.key(); !w.absent(k) { // an absent feature's slot is never read
			s += w.slots[int(w.home(k))*w.stride]
		}
	}
	return s
}

// Without returns a copy of w without the features in drop.
func (w *Weights) Without(drop []Hash) *Weights {
	gone := make(map[uint64]bool, len(drop))
	for _, f := range drop {
		gone[f.key()] = true
	}
	size := uint64(len(w.slots) / max(w.stride, 1))
	n := 0
	for i := uint64(0); i < size; i++ {
		if k := w.keyAt(i); k != 0 && !gone[k] {
			n++
		}
	}
	out := newWeights(w.K, n)
	for i := uint64(0); i < size; i++ {
		if k := w.keyAt(i); k != 0 && !gone[k] {
			out.set(k, w.valsAt(i))
		}
	}
	return out
}

// Argmax returns the index of the largest score, the first on ties.
func Argmax(s []float32) int {
	best, bi := float32(math.Inf(-1)), 0
	for i, x := range s {
		if x > best {
			best, bi = x, i
		}
	}
	return bi
}

// Trainer accumulates perceptron updates and averages them. Averaging uses the usual lazy
// form: alongside each weight w it keeps u, the sum of step·Δ over its updates, and the
// average after c steps is w − u/c.
type Trainer struct {
	K     int
	index map[uint64]int32
	keys  []uint64
	w     []float32
	u     []float64
	step  float64
}

// NewTrainer returns a trainer for k classes.
func NewTrainer(k int) *Trainer {
	return &Trainer{K: k, index: map[uint64]int32{}, step: 1}
}

// Tick advances the averaging clock; call it once per training instance.
func (t *Trainer) Tick() { t.step++ }

// Vec returns the current (not averaged) weight vector of f, or nil.
func (t *Trainer) Vec(f Hash) []float32 {
	j, ok := t.index[f.key()]
	if !ok {
		return nil
	}
	o := int(j) * t.K
	return t.w[o : o+t.K : o+t.K]
}

// Score adds the current weights of feats into out.
func (t *Trainer) Score(feats []Hash, out []float32) {
	for _, f := range feats {
		if v := t.Vec(f); v != nil {
			for c, x := range v {
				out[c] += x
			}
		}
	}
}

// Update adds delta to the weight of class c for every feature in feats.
func (t *Trainer) Update(feats []Hash, c int, delta float32) {
	for _, f := range feats {
		k := f.key()
		j, ok := t.index[k]
		if !ok {
			j = int32(len(t.keys))
			t.index[k] = j
			t.keys = append(t.keys, k)
			t.w = append(t.w, make([]float32, t.K)...)
			t.u = append(t.u, make([]float64, t.K)...)
		}
		o := int(j)*t.K + c
		t.w[o] += delta
		t.u[o] += t.step * float64(delta)
	}
}

// Averaged returns the averaged weights, dropping features whose every averaged weight is
// smaller in magnitude than prune (0 keeps all non-zero vectors). Training may go on after.
func (t *Trainer) Averaged(prune float32) *Weights {
	avg := make([]float32, len(t.w))
	for i := range avg {
		avg[i] = float32(float64(t.w[i]) - t.u[i]/t.step)
	}
	return weightsOf(t.K, t.keys, avg, prune)
}

// weightsOf returns the weights of keys, whose vectors of k weights lie one after another in
// vals, without the keys whose every weight is smaller in magnitude than prune (with prune 0,
// without those that are all zero).
func weightsOf(k int, keys []uint64, vals []float32, prune float32) *Weights {
	keep := make([]bool, len(keys))
	n := 0
	for j := range keys {
		for _, a := range vals[j*k : (j+1)*k] {
			if a > prune || a < -prune || (prune == 0 && a != 0) {
				keep[j] = true
				n++
				break
			}
		}
	}
	w := newWeights(k, n)
	for j, key := range keys {
		if keep[j] {
			w.set(key, vals[j*k:(j+1)*k])
		}
	}
	return w
}

// Features is the number of features the trainer has seen.
func (t *Trainer) Features() int { return len(t.keys) }

// AverageOf returns the mean of the averaged weights of trainers ts (one model, as if their
// votes were summed), dropping features as Averaged does; for one trainer it is Averaged.
// The trainers must have the same number of classes.
func AverageOf(ts []*Trainer, prune float32) *Weights {
	k := ts[0].K
	index := map[uint64]int{}
	var keys []uint64
	var sum []float64
	for _, t := range ts {
		for j, key := range t.keys {
			i, ok := index[key]
			if !ok {
				i = len(keys)
				index[key] = i
				keys = append(keys, key)
				sum = append(sum, make([]float64, k)...)
			}
			for c := range k {
				sum[i*k+c] += float64(t.w[j*k+c]) - t.u[j*k+c]/t.step
			}
		}
	}
	vals := make([]float32, len(sum))
	for i, v := range sum {
		vals[i] = float32(v / float64(len(ts)))
	}
	return weightsOf(k, keys, vals, prune)
}
