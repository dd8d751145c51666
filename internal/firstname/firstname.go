// Package firstname holds the table of first names and the gender they show in news (and
// the courtesy titles that show one), which
// coreference checks a pronoun against (package coref) and the entity stage uses to tell
// "Mrs. Clinton" from Bill Clinton (package entity). The table is data, not code:
// `whosaid train names` makes it from ../shared (coref.CountFirstNames,
// coref.CountGAPFirstNames, coref.FirstNames), and `go test ./cli -run FirstNamesReproduce`
// checks that the embedded one is what that gives.
package firstname

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// Gender is the gender a first name shows.
type Gender int8

const (
	Unknown Gender = iota
	Masculine
	Feminine
)

// table is the embedded table: one name a line, "name<TAB>m|f<TAB>masculine count<TAB>
// feminine count", in name order.
//
//go:embed table.tsv
var table []byte

// parsed is the embedded table, read once; it is never written after.
var parsed = sync.OnceValues(func() (map[string]Gender, error) { return Parse(table) })

// Of returns the gender that the embedded table gives the first name w ("Hillary"), Unknown
// for a name it lacks.
func Of(w string) Gender {
	m, _ := parsed()
	return m[w]
}

// Check reports whether the embedded table parses.
func Check() error {
	_, err := parsed()
	return err
}

// Honorific returns the gender of a courtesy title as news writes it before a surname ("Mr.",
// "Ms", "MRS."), Unknown for any other word.
func Honorific(w string) Gender {
	switch strings.TrimSuffix(w, ".") {
	case "Mr", "Sir", "MR", "SIR":
		return Masculine
	case "Mrs", "Ms", "Miss", "MRS", "MS", "MISS":
		return Feminine
	}
	return Unknown
}

// Parse reads a first-name table.
func Parse(data []byte) (map[string]Gender, error) {
	m := map[string]Gender{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 || (f[1] != "m" && f[1] != "f") {
			return nil, fmt.Errorf("first names, line %d: want name, m or f, counts", line)
		}
		m[f[0]] = Masculine
		if f[1] == "f" {
			m[f[0]] = Feminine
		}
	}
	return m, sc.Err()
}
