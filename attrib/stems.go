package attrib

import (
	"strings"

	"github.com/whosaid/whosaid/learn"
)

// Word stems as features. A cue the taggers saw in one inflection is often met in another
// ("accused" in training, "accuse" in the text; "demands" and "demanding"), and a word seen
// a few times as a cue in each of its forms is a cue more surely when the forms count
// together. stem strips English inflections (-s, -es, -ies, -ed, -ied, -ing, a final -e and
// a doubled final consonant) so that the forms of a verb share one feature. It is not a
// linguist's stemmer (Porter's also strips derivations, "-ation", "-ness", which would join
// "report" with "reporter"); inflections are what a reporting verb changes.
//
// The stem features are features of one word and the word table holds them, as it holds
// the clusters' (splitWords): they cost the taggers nothing at run time. A word without a
// row of its own (one the training documents never had) has its clusters' row, without
// them.

// stem returns the inflectional stem of normalised (lower-cased) word w.
func stem(w string) string {
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied"):
		if n > 4 {
			return w[:n-3] + "y"
		}
		return w
	case strings.HasSuffix(w, "ing") && n >= 6:
		return undouble(dropE(w[:n-3]))
	case strings.HasSuffix(w, "eed"):
		return w[:n-1] // "agreed" as "agree"
	case strings.HasSuffix(w, "ed") && n >= 5:
		return undouble(dropE(w[:n-2]))
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") ||
		strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zzes"):
		return w[:n-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is") && !strings.HasSuffix(w, "'s"):
		return dropE(w[:n-1])
	}
	return dropE(w)
}

// dropE drops a final e ("accuse" and "accused" as "accus").
func dropE(w string) string {
	if len(w) > 3 && w[len(w)-1] == 'e' && w[len(w)-2] != 'e' {
		return w[:len(w)-1]
	}
	return w
}

// undouble undoes the doubled consonant of "slammed" and "slamming" ("slam"), not of
// "called" or "pressed", whose stems end with it.
func undouble(w string) string {
	n := len(w)
	if n < 4 || w[n-1] != w[n-2] {
		return w
	}
	switch w[n-1] {
	case 'l', 's', 'z', 'f', 'a', 'e', 'i', 'o', 'u':
		return w
	}
	return w[:n-1]
}

// stemHash is the hash of normalised word w's stem.
func stemHash(w string) uint64 { return learn.StrHash(stem(w)) }

// Stem feature templates.
const (
	cStem = iota + 60
	rStem = iota + 230
)

func fCueStem(s uint64) learn.Hash           { return learn.Seed(cStem).U64(s) }
func fRoleStem(dir int, s uint64) learn.Hash { return learn.Seed(rStem).Int(dir).U64(s) }

// stemSlotFeats appends to slots the stem features whose weights a row of a word of stem s
// holds in the place of word feature j (wordFeats' order): the token's own, in cW's place
// and in rW's by side.
func stemSlotFeats(s uint64, slots *[nRowFeats][]learn.Hash) {
	slots[0] = append(slots[0], fCueStem(s))
	for dir := range nDir {
		slots[7+dir] = append(slots[7+dir], fRoleStem(dir, s))
	}
}
