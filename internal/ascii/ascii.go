// Package ascii holds the word-at-a-time byte tests that whosaid's scanners (package
// tokenize and package timex) share: reading eight bytes of text at once finds the end of
// an ASCII word in a few instructions instead of a test per byte.
package ascii

// NonLetters returns the high bit of each of the eight bytes in x (little-endian) that is
// not an ASCII letter; bits.TrailingZeros64 of it, divided by 8, is the first such byte.
func NonLetters(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	t := (x | 0x20*ones) &^ high // upper case folded to lower: only letters fall in 'a'..'z'
	ge := t + (0x80-'a')*ones    // high bit set in the bytes >= 'a' (no carry leaves a byte)
	gt := t + (0x80-'z'-1)*ones  // ... > 'z'
	return ^(ge &^ gt &^ x) & high
}
