package coref

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/gap"
)

// NameCounts counts, for each first name, the persons of each gender seen with it:
// [0] masculine, [1] feminine.
type NameCounts map[string]*[2]int

func (c NameCounts) add(first string, g gender, w int) {
	if g == genderUnknown || first == "" {
		return
	}
	n := c[first]
	if n == nil {
		n = new([2]int)
		c[first] = n
	}
	n[int(g)-1] += w
}

// CountFirstNames adds to c the first word of every person of d whose name has two words or
// more and whose gender d shows by its own evidence (collectGenders, without the first-name
// table: the table is made from such counts). d must have its tokens, parts of speech and
// entities.
func (r *Resolver) CountFirstNames(d *document.Doc, c NameCounts) {
	s := r.start(d)
	defer r.done(s)
	s.noFirstNames = true
	defer func() { s.noFirstNames = false }()
	for e, ent := range d.Entities {
		if ent.Type != document.Person {
			continue
		}
		if words := strings.Fields(ent.Name); len(words) >= 2 && isFirstName(words[0]) {
			c.add(words[0], s.genderOf(e), 1)
		}
	}
}

// isFirstName reports whether w may be a first name: a capitalised word of letters (and
// inner hyphens or apostrophes), not an initial.
func isFirstName(w string) bool {
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for _, r := range w[1:] {
		if !(r >= 'a' && r <= 'z' || r == '-' || r == '\'') {
			return false
		}
	}
	return true
}

// CountGAPFirstNames adds to c, gapWeight each, the first word of each candidate name of two
// words or more that a GAP file (package internal/gap) says the pronoun refers to, with the
// pronoun's gender.
func CountGAPFirstNames(r io.Reader, c NameCounts) error {
	return gap.Read(r, func(ex gap.Example) {
		g := pronounGender(strings.ToLower(ex.Pronoun))
		for k, name := range ex.Names {
			if words := strings.Fields(name); ex.Coref[k] && len(words) >= 2 && isFirstName(words[0]) {
				c.add(words[0], g, gapWeight)
			}
		}
	})
}

// gapWeight is what one of GAP's gold pairs counts for against one article's evidence: as
// much as FirstNames asks of a name, since an annotator read it.
const gapWeight = 3

// FirstNames writes the first-name table of counts c: the names with a count of three or
// more (one GAP pair, or three articles' persons), nine tenths of it or more for one gender,
// in name order.
func FirstNames(c NameCounts, w io.Writer) error {
	names := make([]string, 0, len(c))
	for n := range c {
		names = append(names, n)
	}
	slices.Sort(names)
	bw := bufio.NewWriter(w)
	for _, n := range names {
		m, f := c[n][0], c[n][1]
		g := ""
		switch {
		case m+f < 3:
		case 10*m >= 9*(m+f):
			g = "m"
		case 10*f >= 9*(m+f):
			g = "f"
		}
		if g != "" {
			fmt.Fprintf(bw, "%s\t%s\t%s\t%s\n", n, g, strconv.Itoa(m), strconv.Itoa(f))
		}
	}
	return bw.Flush()
}
