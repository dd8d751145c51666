package pos

import "math"

// cacheBits sets the size of a wordCache: 1<<cacheBits sets of two entries, of 304 bytes.
const cacheBits = 13

// wordCache remembers the tokens tagged lately that the tag dictionary does not know (but
// for its non-ASCII forms), with the sums of the weights of their word features (fBias to
// fShape): the part of a score that does not depend on the context, and most of its cost,
// as those features hold 60% of the weights a token adds. News repeats its words: after a
// few articles, two scored tokens in three find their entry here. The sums are those predict
// would compute, to the last bit, since they are added in the same order from the same
// start.
//
// Entries are two-way set-associative on the hash of the token's key, which they hold, so
// that a token only ever finds its own; a newer token takes the entry of its set used less
// lately. Two ways keep more of the words that recur than one: a rare word evicts at most
// one of the two.
type wordCache struct {
	owner *Tagger // whose weights the sums are
	sets  [1 << cacheBits][2]cacheEntry
	mru   [1 << cacheBits]uint8 // the way of each set used last
	stamp uint32                // of the sentence being tagged
}

type cacheEntry struct {
	key tokenKey
	ok  bool // the entry holds key's
	// guess is the index of the tag predicted last for the token, which predict scores
	// first: it is most often the highest score again.
	guess uint8
	stamp uint32 // of the sentence that used the entry last
	info
	sums [numTags]float32
	top  [numTop]uint8 // the classes of the highest sums, highest first
}

// numTop is the number of classes of highest sums that a cache entry lists.
const numTop = 4

// rank sets e.top from e.sums, and e.guess to the class of the highest.
func (e *cacheEntry) rank() {
	// The four highest so far, v0 ≥ v1 ≥ v2 ≥ v3, in registers; of equal sums, the first.
	inf := float32(math.Inf(-1))
	v0, v1, v2, v3 := inf, inf, inf, inf
	var c0, c1, c2, c3 int
	for c, x := range &e.sums {
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
	e.top = [numTop]uint8{uint8(c0), uint8(c1), uint8(c2), uint8(c3)}
	e.guess = e.top[0]
}

// find returns the entry of the token whose key is k and hash h, nil if c holds none, and
// stamps it as the current sentence's.
func (c *wordCache) find(k tokenKey, h uint64) *cacheEntry {
	i := h >> (64 - cacheBits)
	set := &c.sets[i]
	if e := &set[0]; e.key == k && e.ok {
		c.mru[i], e.stamp = 0, c.stamp
		return e
	}
	if e := &set[1]; e.key == k && e.ok {
		c.mru[i], e.stamp = 1, c.stamp
		return e
	}
	return nil
}

// victim returns the entry that the token whose key hashes to h is to take, stamped as the
// current sentence's: the one of its set used less lately unless the sentence uses it; nil
// when the sentence uses both.
func (c *wordCache) victim(h uint64) *cacheEntry {
	i := h >> (64 - cacheBits)
	v := 1 - c.mru[i]&1
	e := &c.sets[i][v]
	if e.stamp == c.stamp {
		v ^= 1
		if e = &c.sets[i][v]; e.stamp == c.stamp {
			return nil
		}
	}
	c.mru[i], e.stamp = v, c.stamp
	return e
}
