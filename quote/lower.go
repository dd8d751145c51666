package quote

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/whosaid/whosaid/document"
)

// The rules compare lower-case words, and every token is looked up in the word table once per
// document. Both are done eight bytes at a time: the text is lower-cased whole with word
// arithmetic, since news text is nearly all ASCII (PolNeAR's is 99%), and a word's hash mixes
// its bytes eight at a time. Only tokens with other bytes take the slow path of package
// unicode.

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
	// pad is the number of zero bytes after the text in the lower-cased copy, so that an
	// eight-byte load at any token start stays in bounds.
	pad = 8
)

// lowerASCII lower-cases the ASCII letters of b in place and leaves every other byte as it is.
func lowerASCII(b []byte) {
	i := 0
	for ; i+16 <= len(b); i += 16 {
		c := b[i : i+16 : i+16] // one bounds check for both words
		binary.LittleEndian.PutUint64(c, lower8(binary.LittleEndian.Uint64(c)))
		binary.LittleEndian.PutUint64(c[8:], lower8(binary.LittleEndian.Uint64(c[8:])))
	}
	for ; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], lower8(binary.LittleEndian.Uint64(b[i:])))
	}
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// lower8 returns the eight bytes of u (little-endian) with their ASCII letters lower-cased.
func lower8(u uint64) uint64 {
	x := u &^ high                // the low seven bits of each byte: no carry crosses bytes below
	ge := x + (0x80-'A')*ones     // high bit set in the bytes >= 'A'
	gt := x + (0x80-'Z'-1)*ones   // high bit set in the bytes > 'Z'
	upper := ge &^ gt &^ u & high // ASCII upper-case letters (u's own high bit clear)
	return u | upper>>2           // 0x80>>2 is 'a'-'A'
}

// mix folds the eight-byte chunk c into the hash h. The multiplication carries every bit of c
// into the product's high half, and the shift folds that half into the low bits, which pick
// a word's slot.
func mix(h, c uint64) uint64 {
	h = (h ^ c) * 0x9E3779B97F4A7C15
	return h ^ h>>32
}

// hashWord returns the hash of w under which the word table files it: its length and its
// bytes, eight at a time, the last chunk padded with zeros.
func hashWord[S ~string | ~[]byte](w S) uint32 {
	h := uint64(len(w))
	var chunk [8]byte
	for len(w) >= 8 {
		copy(chunk[:], w[:8])
		h = mix(h, binary.LittleEndian.Uint64(chunk[:]))
		w = w[8:]
	}
	if len(w) > 0 {
		chunk = [8]byte{}
		copy(chunk[:], w)
		h = mix(h, binary.LittleEndian.Uint64(chunk[:]))
	}
	return uint32(h)
}

// tailMask[n] keeps the first n bytes of a little-endian chunk.
var tailMask = [9]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff, ^uint64(0)}

// hashASCII returns hashWord(low[p:p+n]), the bytes' first chunk (as head in wordTable) and
// true when those bytes are all ASCII, or false. low must hold at least pad bytes after p+n.
func hashASCII(low []byte, p, n int) (h uint32, head uint64, ok bool) {
	hh := uint64(n)
	for k := 0; n > 0; k++ {
		c := binary.LittleEndian.Uint64(low[p:])
		if n < 8 {
			c &= tailMask[n]
		}
		if c&high != 0 {
			return 0, 0, false
		}
		if k == 0 {
			head = c
		}
		hh = mix(hh, c)
		p += 8
		n -= 8
	}
	return uint32(hh), head, true
}

// appendLower appends w in lower case to b, with typographic apostrophes folded to ASCII so
// that "didn’t" and "didn't" look alike.
func appendLower(b []byte, w string) []byte {
	for _, rr := range w {
		switch {
		case rr == '’':
			b = append(b, '\'')
		case rr < utf8.RuneSelf:
			if 'A' <= rr && rr <= 'Z' {
				rr += 'a' - 'A'
			}
			b = append(b, byte(rr))
		case rr >= 0x2000 && rr <= 0x206F:
			// Typographic quotes and dashes: the General Punctuation block has no case
			// (TestGeneralPunctuation), and package unicode need not be asked.
			b = utf8.AppendRune(b, rr)
		default:
			b = utf8.AppendRune(b, unicode.ToLower(rr))
		}
	}
	return b
}

// lowerTokens lower-cases every token and looks each up in the word table. The lower-case
// forms are kept in one string, lowText: the text lower-cased, then the forms of the tokens
// that are not all ASCII.
//
// lowText is r.buf seen as a string, not a copy of it: the copy was the largest allocation
// the rules made (4 MB a pass over PolNeAR train, each document's on fresh pages). It is safe
// because the rules only compare and look up these strings, never keep one in a statement
// or a table (TestLowTextNotKept), ExtractWith clears lowText before the run goes back to the
// pool, and r.buf is written again only by the next document's lowerTokens.
func (r *run) lowerTokens() {
	text, toks := r.d.Text, r.toks
	r.ids = grow(r.ids, len(toks))
	r.lowStart = grow(r.lowStart, len(toks))
	r.lowEnd = grow(r.lowEnd, len(toks))
	ids, lowStart, lowEnd := r.ids[:len(toks)], r.lowStart[:len(toks)], r.lowEnd[:len(toks)]
	low := append(r.buf[:0], text...)
	lowerASCII(low)
	low = append(low, make([]byte, pad)...)
	for i := range toks {
		t := &toks[i]
		start, end := t.Start, t.End
		var h uint32
		var head uint64
		ok := false
		if n := end - start; n <= 8 { // most words: one chunk, hashed here
			head = binary.LittleEndian.Uint64(low[start:]) & tailMask[n]
			h, ok = uint32(mix(uint64(n), head)), head&high == 0
		} else {
			h, head, ok = hashASCII(low, start, n)
		}
		if !ok {
			start = len(low)
			low = appendLower(low, text[t.Start:t.End])
			end = len(low)
			h, head = hashWord(low[start:end]), 0
		}
		lowStart[i], lowEnd[i] = int32(start), int32(end)
		ids[i] = 0
		// No other token is a word of the table (TestWordTable), and the filter turns most
		// words away.
		if t.Kind == document.Word && r.table.maybe(h) {
			ids[i] = r.table.get(h, head, low[start:end])
		}
	}
	r.buf = low
	r.lowText = unsafe.String(unsafe.SliceData(low), len(low))
}

// listCueCands lists in cueCands the words at which cues can build a statement, a reporting
// verb's forms and "according", so that cues visits them alone. It reads the compact arrays
// that lowerTokens fills, not the tokens, but for the words spelt "according".
func (r *run) listCueCands() {
	cls, ids := r.table.cls, r.ids
	lo, hi := r.lowStart[:len(ids)], r.lowEnd[:len(ids)]
	cands := r.cueCands[:0]
	for i, id := range ids {
		if cls[id]&cueWord != 0 || // only words have an entry
			hi[i]-lo[i] == int32(len("according")) && r.lower(i) == "according" && r.toks[i].Kind == document.Word {
			cands = append(cands, int32(i))
		}
	}
	r.cueCands = cands
}

// markTokens lists the quotation marks in quoteToks and the ends of the paragraphs' runs of
// tokens in paraEnds, for findQuotesIn and colonForms. It is a loop of its own, which keeps
// its few values in registers, rather than part of lowerTokens's.
func (r *run) markTokens() {
	toks := r.toks
	quoteToks, paraEnds := r.quoteToks[:0], r.paraEnds[:0]
	para := 0
	if len(toks) > 0 {
		para = toks[0].Para
	}
	for i := range toks {
		t := &toks[i]
		if t.Kind == document.Quote {
			quoteToks = append(quoteToks, int32(i))
		}
		if t.Para != para {
			paraEnds = append(paraEnds, int32(i))
			para = t.Para
		}
	}
	if len(toks) > 0 {
		paraEnds = append(paraEnds, int32(len(toks)))
	}
	r.quoteToks, r.paraEnds = quoteToks, paraEnds
}

// lower returns token i in lower case, with typographic apostrophes folded to ASCII.
func (r *run) lower(i int) string { return r.lowText[r.lowStart[i]:r.lowEnd[i]] }
