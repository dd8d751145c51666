package ascii

import (
	"encoding/binary"
	"testing"
)

// TestNonLetters checks NonLetters against a byte-by-byte test on every byte value in every
// position.
func TestNonLetters(t *testing.T) {
	letter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	for pos := range 8 {
		for c := range 256 {
			b := []byte("wordWORD")
			b[pos] = byte(c)
			var want uint64
			for i, x := range b {
				if !letter(x) {
					want |= 0x80 << (8 * i)
				}
			}
			if got := NonLetters(binary.LittleEndian.Uint64(b)); got != want {
				t.Fatalf("%q: NonLetters = %#x, want %#x", b, got, want)
			}
		}
	}
}
