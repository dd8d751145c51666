package input

import (
	"fmt"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A format turns the content of one input into articles. base arrives with ID, Name and
// Source set; the format copies it for each article it finds and fills in the rest. It calls
// emit once per article or per record it cannot decode: once for plain text, once per record
// for containers such as WARC or JSONL, which derive each record's ID from base.ID
// ("crawl.warc.gz#17"). The Reader applies the Options defaults to what is emitted.
type format func(base Article, content string, emit func(*Article, error))

// plainText reads content as one article of UTF-8 plain text whose first paragraph is the
// headline.
func plainText(base Article, content string, emit func(*Article, error)) {
	text, title, err := decodeText(content)
	if err != nil {
		emit(nil, err)
		return
	}
	a := base
	a.Text, a.Title = text, title
	emit(&a, nil)
}

const (
	bom = "\uFEFF" // the UTF-8 byte order mark, which some editors write at the start

	// sniffLen is how much of the content is examined for control characters. Binary
	// formats show themselves in their first few kilobytes.
	sniffLen = 8 << 10
)

// decodeText validates the content of a plain-text input and returns its text (the content
// without a leading byte order mark) and its title. It refuses content that is no article:
// empty, binary, not UTF-8, or without a single letter or digit. Offsets in messages count
// from the start of the content, BOM included, so they match what a hex dump shows.
func decodeText(content string) (text, title string, err error) {
	if strings.HasPrefix(content, "\xFF\xFE") || strings.HasPrefix(content, "\xFE\xFF") {
		return "", "", &reason{"UTF-16 text, not UTF-8; convert it to UTF-8", ErrInvalidUTF8}
	}
	text = strings.TrimPrefix(content, bom)
	if text == "" {
		return "", "", ErrEmpty
	}
	if binary(text) {
		return "", "", ErrBinary
	}
	if !utf8.ValidString(text) {
		off := len(content) - len(text) + invalidAt(text)
		return "", "", &reason{fmt.Sprintf("%v at byte offset %d", ErrInvalidUTF8, off), ErrInvalidUTF8}
	}
	if strings.TrimSpace(text) == "" {
		return "", "", &reason{fmt.Sprintf("%v: only whitespace", ErrEmpty), ErrEmpty}
	}
	if strings.IndexFunc(text, isWordRune) < 0 {
		return "", "", ErrNoWords
	}
	return text, headline(text), nil
}

// binary reports whether s looks like binary data: it holds a NUL byte anywhere (no text
// does, and UTF-16 text is full of them), or more than a tenth of its first sniffLen bytes
// are control characters other than the whitespace ones.
func binary(s string) bool {
	if strings.IndexByte(s, 0) >= 0 {
		return true
	}
	head := s[:min(len(s), sniffLen)]
	ctrl := 0
	i := 0
	for ; i+16 <= len(head); i += 16 {
		// Sixteen bytes at a time, and counted only where a byte is below 0x20 or DEL: in
		// text, where a line break is.
		c := head[i : i+16] // one bounds check for both words
		if x, y := le64(c), le64(c[8:]); lowBytes(x)|lowBytes(y) != 0 {
			ctrl += bits.OnesCount64(ctrlBytes(x)) + bits.OnesCount64(ctrlBytes(y))
		}
	}
	for ; i+8 <= len(head); i += 8 {
		ctrl += bits.OnesCount64(ctrlBytes(le64(head[i:])))
	}
	for ; i < len(head); i++ {
		switch c := head[i]; {
		case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
		case c < 0x20, c == 0x7F:
			ctrl++
		}
	}
	return ctrl*10 > len(head)
}

// lowBytes returns the high bit of each of the eight bytes in x (little-endian) that is a
// control character, \t..\r included: below 0x20, or DEL. Each byte is tested on its own
// seven low bits, so that no carry crosses bytes and the test is exact.
func lowBytes(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	t := x &^ high
	return (^(t + (0x80-0x20)*ones) | (t + ones)) &^ x & high // below 0x20, or 0x7F
}

// ctrlBytes returns the high bit of each of the eight bytes in x (little-endian) that is a
// control character other than the white space ones (\t..\r), or DEL; exactly, as lowBytes.
func ctrlBytes(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	t := x &^ high
	below := ^(t + (0x80-0x20)*ones)                            // high bit set iff the low seven bits are < 0x20
	space := (t + (0x80-'\t')*ones) &^ (t + (0x80-'\r'-1)*ones) // ... in '\t'..'\r'
	del := t + ones                                             // ... are 0x7F
	return (below&^space | del) &^ x & high
}

// le64 returns the first eight bytes of s as a little-endian integer.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// invalidAt returns the byte offset of the first invalid UTF-8 sequence in s, or -1.
func invalidAt(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// headline returns the first paragraph of text — the lines up to the first blank line,
// leading blank lines skipped — with each run of whitespace collapsed to one space. A line
// ends at "\n", "\r\n" or a lone "\r"; a line is blank when it holds only spaces and tabs.
func headline(text string) string {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	end := len(text)
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' && text[i] != '\r' {
			continue
		}
		j := i + 1
		if text[i] == '\r' && j < len(text) && text[j] == '\n' {
			j++
		}
		for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
			j++
		}
		if j == len(text) || text[j] == '\n' || text[j] == '\r' {
			end = i
			break
		}
	}
	return strings.Join(strings.Fields(text[:end]), " ")
}
