package pos

import (
	"math"

	"github.com/whosaid/whosaid/internal/hugepage"
)

// cacheBits sets the size of a wordCache: 1<<cacheBits sets of two entries, of 272 bytes
// (32 in the set's line, 64 of info and 176 of sums), 8.9 MB in all. PolNeAR's 840
// training articles have some 31,000 distinct tokens that the dictionary does not tag:
// tagging them once fills 38,000 entries with this size, against 50,000 with half of it.
const cacheBits = 14

// wordCache remembers the tokens tagged lately. Those that the tag dictionary does not know
// (but for its non-ASCII forms) have the sums of the weights of their word features (fBias
// to fShape): the part of a score that does not depend on the context, and most of its cost,
// as those features hold 60% of the weights a token adds. News repeats its words: after a
// few articles, two scored tokens in three find their entry here. The sums are those predict
// would compute, to the last bit, since they are added in the same order from the same
// start. The words of the dictionary have their entries copied from Tagger.known, so that
// finding a token takes one lookup whatever it is.
//
// Entries are two-way set-associative on the hash of the token's key, which they hold, so
// that a token only ever finds its own; a newer token takes the entry of its set used less
// lately. Two ways keep more of the words that recur than one: a rare word evicts at most
// one of the two.
//
// The cache is larger than the processor's L2 cache, and tagging is bound by its misses,
// so an entry is split by how often its parts are read, each part in arrays of its own: a
// set's keys, stamps and metas (what finding a token and most of predicting its tag read)
// share one cache line; each entry's info, one line, is read for the token and for its
// neighbours; the sums of every class, 176 bytes, only when predict must score a class
// outside the entry's top ones, or all of them.
type wordCache struct {
	owner *Tagger // whose weights the sums are
	sets  *[1 << cacheBits]cacheSet
	infos *[1 << cacheBits][2]info
	sums  *[1 << cacheBits][2][numTags]float32
	stamp uint32          // of the sentence being tagged
	mem   *hugepage.Arena // the memory of sets, infos and sums, outside the Go heap
}

// cacheSet is one set of a wordCache but its entries' infos and sums: 64 bytes.
type cacheSet struct {
	lo, hi [2]uint64 // the ways' keys (tokenKey.lo, tokenKey.hi)
	n      [2]uint8  // their lengths plus one; 0 marks an empty way
	mru    uint8     // the way used last
	_      [5]uint8
	stamp  [2]uint32 // of the sentence that used each way last
	meta   [2]meta
}

// meta is what predicting a token's tag reads of its entry but its info: its dictionary
// tag, the classes of its highest sums and the guess.
type meta struct {
	// top holds the classes of the highest sums, highest first; info.topSums their sums.
	top [numTop]uint8
	// guess is the index of the tag predicted last for the token, which predict scores
	// first: it is most often the highest score again.
	guess uint8
	dict  Tag  // the token's tag in the dictionary, None if it has none
	whole bool // a word made of the token's bytes is that token alone (see isWhole)
	_     uint8
}

// numTop is the number of classes of highest sums that a cache entry lists.
const numTop = 4

func newWordCache(t *Tagger) *wordCache {
	c := &wordCache{owner: t, mem: hugepage.NewArena()}
	c.sets = (*[1 << cacheBits]cacheSet)(hugepage.Alloc[cacheSet](c.mem, 1<<cacheBits))
	c.infos = (*[1 << cacheBits][2]info)(hugepage.Alloc[[2]info](c.mem, 1<<cacheBits))
	c.sums = (*[1 << cacheBits][2][numTags]float32)(hugepage.Alloc[[2][numTags]float32](c.mem, 1<<cacheBits))
	return c
}

// rank sets m.top, in.topSums and in.lastTop from sums, and m.guess to the class of the
// highest.
func rank(sums *[numTags]float32, m *meta, in *info) {
	// The four highest so far, v0 ≥ v1 ≥ v2 ≥ v3, in registers; of equal sums, the first.
	inf := float32(math.Inf(-1))
	v0, v1, v2, v3 := inf, inf, inf, inf
	var c0, c1, c2, c3 int
	for c, x := range sums {
		switch {
		case x <= v3:
		case x <= v2:
			v3, c3 = x, c
		case x <= v1:
			v3, c3, v2, c2 = v2, c2, x, c
		case x <= v0:
			v3, c3, v2, c2, v1, c1 = v2, c2, v1, c1, x, c
		default:
			v3, c3, v2, c2, v1, c1, v0, c0 = v2, c2, v1, c1, v0, c0, x, c
		}
	}
	m.top = [numTop]uint8{uint8(c0), uint8(c1), uint8(c2), uint8(c3)}
	in.topSums = [numTop - 1]float32{sums[c0], sums[c1], sums[c2]}
	in.lastTop = boundOf(sums[c3])
	m.guess = m.top[0]
}

// find returns the set index and the way of the entry of the token whose key is k and hash
// h, ok false if c holds none, and stamps it as the current sentence's.
func (c *wordCache) find(k tokenKey, h uint64) (i uint64, way int, ok bool) {
	i = h >> (64 - cacheBits)
	set := &c.sets[i]
	n := uint8(k.n) + 1
	if set.lo[1] == k.lo && set.hi[1] == k.hi && set.n[1] == n {
		way = 1
	} else if set.lo[0] != k.lo || set.hi[0] != k.hi || set.n[0] != n {
		return i, 0, false
	}
	set.mru, set.stamp[way&1] = uint8(way), c.stamp
	return i, way, true
}

// slot returns the slot of way w of set i but its word.
func (c *wordCache) slot(i uint64, w int) slot {
	w &= 1
	return slot{in: &c.infos[i][w], m: &c.sets[i].meta[w], sums: &c.sums[i][w]}
}

// victim returns the way that the token whose key is k and hash h is to take, in set i,
// keyed with k and stamped as the current sentence's: the one of its set used less lately
// unless the sentence uses it; ok is false when the sentence uses both.
func (c *wordCache) victim(k tokenKey, h uint64) (i uint64, way int, ok bool) {
	i = h >> (64 - cacheBits)
	set := &c.sets[i]
	v := 1 - set.mru&1
	if set.stamp[v] == c.stamp {
		v ^= 1
		if set.stamp[v] == c.stamp {
			return i, 0, false
		}
	}
	set.mru, set.stamp[v] = v, c.stamp
	set.lo[v], set.hi[v], set.n[v] = k.lo, k.hi, uint8(k.n)+1
	return i, int(v), true
}
