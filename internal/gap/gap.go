// Package gap reads GAP, Google's gendered pronoun resolution data (../shared/data/
// gap-coreference): the first-name table learns from its development and validation files
// (package coref, `whosaid train names`) and pipeline's TestGAP scores pronouns on its test
// file.
package gap

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Example is one line of a GAP file: a pronoun in a text and two candidate names, each of
// which it refers to or not.
type Example struct {
	ID, Text, Pronoun string
	Offset            int // the byte offset of Pronoun in Text
	Names             [2]string
	Coref             [2]bool
}

// Read calls fn with each example of a GAP file: a header line, then ID, Text, Pronoun,
// Pronoun-offset, A, A-offset, A-coref, B, B-offset, B-coref, URL, tab-separated, offsets
// in characters.
func Read(r io.Reader, fn func(Example)) error {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if line == 1 {
			continue
		}
		if len(rec) < 10 {
			return fmt.Errorf("line %d: %d fields, want 11", line, len(rec))
		}
		off, err := strconv.Atoi(rec[3])
		if err != nil {
			return fmt.Errorf("%s: pronoun offset: %w", rec[0], err)
		}
		b := byteOffset(rec[1], off)
		if b < 0 || !strings.HasPrefix(rec[1][b:], rec[2]) {
			return fmt.Errorf("%s: pronoun %q not at offset %d", rec[0], rec[2], off)
		}
		fn(Example{ID: rec[0], Text: rec[1], Pronoun: rec[2], Offset: b,
			Names: [2]string{rec[4], rec[7]}, Coref: [2]bool{rec[6] == "TRUE", rec[9] == "TRUE"}})
	}
}

// byteOffset returns the byte offset of the rune at index n of s, or -1.
func byteOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	if n == 0 {
		return len(s)
	}
	return -1
}
