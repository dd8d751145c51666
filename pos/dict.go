package pos

// tokenKey is a token of at most 16 bytes as its bytes, read with at most two overlapping
// loads (two bytes of three, or four of seven, may be read twice): with the length, the key
// is the token, so that comparing keys compares tokens, and is quicker than hashing them.
type tokenKey struct {
	lo, hi uint64
	n      uint64 // length
}

// keyOf returns the key of token s; ok is false when s is longer than 16 bytes.
func keyOf(s string) (k tokenKey, ok bool) {
	n := len(s)
	switch {
	case n > 16:
		return k, false
	case n >= 8:
		k.lo, k.hi = le64(s), le64(s[n-8:])
	case n >= 4:
		k.lo = uint64(le32(s)) | uint64(le32(s[n-4:]))<<32
	case n > 0:
		k.lo = uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	}
	k.n = uint64(n)
	return k, true
}

// le64 reads the first 8 bytes of s as a little-endian number; the compiler makes it one load.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// le32 reads the first 4 bytes of s.
func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// ascii reports whether the token is all ASCII.
func (k *tokenKey) ascii() bool { return (k.lo|k.hi)&0x8080808080808080 == 0 }

// hash mixes the key; its high bits index tables.
func (k *tokenKey) hash() uint64 {
	return (k.lo ^ k.hi*0x9E3779B97F4A7C15 ^ k.n) * 0xbf58476d1ce4e5b9
}

// knownTable holds the tag dictionary's words of at most 16 bytes that are their own
// normalised form: open addressing on their keys.
type knownTable struct {
	slots []knownSlot
	infos []info
	metas []meta
	shift uint // 64 - log2(len(slots))
}

type knownSlot struct {
	lo, hi uint64
	n      uint32 // length
	entry  uint32 // index in infos and metas plus one; 0 marks an empty slot
}

func newKnownTable(n int) knownTable {
	bits := uint(4)
	for 1<<bits < 4*n { // load factor at most 1/4: most tokens looked up are not there
		bits++
	}
	return knownTable{slots: make([]knownSlot, 1<<bits), infos: make([]info, 0, n),
		metas: make([]meta, 0, n), shift: 64 - bits}
}

// put adds the word whose key is k, which must be new.
func (t *knownTable) put(k tokenKey, in info, m meta) {
	mask := uint64(len(t.slots) - 1)
	i := k.hash() >> t.shift
	for t.slots[i].entry != 0 {
		i = (i + 1) & mask
	}
	t.infos = append(t.infos, in)
	t.metas = append(t.metas, m)
	t.slots[i] = knownSlot{lo: k.lo, hi: k.hi, n: uint32(k.n), entry: uint32(len(t.infos))}
}

// get returns the index of the entry of the token whose key is k and hash h, or -1.
func (t *knownTable) get(k tokenKey, h uint64) int {
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.entry == 0 {
			return -1
		}
		if s.lo == k.lo && s.hi == k.hi && uint64(s.n) == k.n {
			return int(s.entry - 1)
		}
	}
}

// slot returns the slot of entry e but its word.
func (t *knownTable) slot(e int) slot { return slot{in: &t.infos[e], m: &t.metas[e]} }
