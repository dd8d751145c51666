package pos

// cacheBits sets the size of a wordCache: 1<<cacheBits entries, of 280 bytes.
const cacheBits = 12

// wordCache remembers the tokens tagged lately that the tag dictionary does not know (but
// for its non-ASCII forms), with the sums of the weights of their word features (fBias to
// fShape): the part of a score that does not depend on the context, and most of its cost,
// as those features hold 60% of the weights a token adds. News repeats its words: after a
// few articles, two scored tokens in three find their entry here. The sums are those predict
// would compute, to the last bit, since they are added in the same order from the same
// start.
//
// Entries are direct-mapped on the hash of the token's key, which they hold, so that a
// token only ever finds its own; a newer token takes the entry of an older one.
type wordCache struct {
	owner   *Tagger // whose weights the sums are
	entries [1 << cacheBits]cacheEntry
}

type cacheEntry struct {
	key tokenKey
	ok  bool // the entry holds key's
	info
	sums [numTags]float32
}

// entry returns the entry for k, which may hold another token.
func (c *wordCache) entry(k *tokenKey) *cacheEntry {
	return &c.entries[k.hash()>>(64-cacheBits)]
}
