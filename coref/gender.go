package coref

import (
	"sort"
	"strings"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/firstname"
)

// gender is the grammatical gender that an article shows for a person: what "he" and "she"
// may refer to. Its values are those of firstname.Gender.
type gender int8

const (
	genderUnknown gender = iota
	male
	female
)

// pronounGender returns the gender of a lower-case personal pronoun, genderUnknown for the
// others ("i", "they").
func pronounGender(w string) gender {
	switch w {
	case "he", "him", "his", "himself":
		return male
	case "she", "her", "hers", "herself":
		return female
	}
	return genderUnknown
}

// honorificGender returns the gender of a courtesy title ("Mr.", "Ms"), genderUnknown for
// any other word (firstname.Honorific).
func honorificGender(w string) gender { return gender(firstname.Honorific(w)) }

// tokenPronounGender returns the gender of token i if it is a personal pronoun: it looks
// only at the short words that begin with h or s, lower-cased without allocating.
func (s *state) tokenPronounGender(i int) gender {
	w := s.text(i)
	if len(w) < len("he") || len(w) > len("herself") {
		return genderUnknown
	}
	if c := w[0] | 0x20; c != 'h' && c != 's' {
		return genderUnknown
	}
	b, ok := s.lowerASCII(w)
	if !ok {
		return genderUnknown
	}
	switch string(b) {
	case "he", "him", "his", "himself":
		return male
	case "she", "her", "hers", "herself":
		return female
	}
	return genderUnknown
}

// collectGenders sets s.genders, the gender of each of Doc.Entities: a courtesy title before
// a mention ("Mr. Obama", "Ms. Moore") counts three, so does a first name that the
// first-name table genders (package internal/firstname; left out when the table itself is
// being made), and each "he" or "she" (and their other forms) after a mention in a sentence
// that mentions no other person counts one ("Clinton said her plan …"). An entity is of a gender with at
// least three counts for it and at least twice as many as for the other (the pronouns alone
// mislead now and then: at two counts, "Guccifer told her he had …" made a woman male).
// Gendered titles before names were tried and add nothing on PolNeAR: "spokesman" and
// "chairman" are written of women too ("Trump spokesman Hope Hicks").
//
// It runs once per article, when a pronoun is first resolved (genderOf).
func (s *state) collectGenders() {
	s.genders = s.genders[:0]
	s.gendersDone = true
	if len(s.d.Entities) == 0 {
		return
	}
	n := len(s.d.Entities)
	if cap(s.genderCount) < 2*n {
		s.genderCount = make([]int, 2*n)
	}
	count := s.genderCount[:2*n]
	clear(count)
	add := func(e int, g gender, w int) {
		if g != genderUnknown {
			count[2*e+int(g)-1] += w
		}
	}
	toks := s.d.Tokens
	tokenAt := func(off int) int { return sort.Search(len(toks), func(i int) bool { return toks[i].Start >= off }) }
	for _, m := range s.ments {
		if s.d.Entities[m.ent].Type != document.Person {
			continue
		}
		if i := tokenAt(m.Start); i < len(toks) && toks[i].Start == m.Start {
			add(m.ent, honorificGender(s.text(i)), 3)
			if i > 0 {
				add(m.ent, honorificGender(s.text(i-1)), 3)
			}
		}
	}
	// A first name that the table genders counts three, as a courtesy title does.
	if !s.noFirstNames {
		for e, ent := range s.d.Entities {
			if ent.Type != document.Person {
				continue
			}
			if sp := strings.IndexByte(ent.Name, ' '); sp > 0 {
				add(e, gender(firstname.Of(ent.Name[:sp])), 3)
			}
		}
	}
	k := 0 // the first mention not before the sentence
	for _, se := range s.d.Sentences {
		for k < len(s.ments) && s.ments[k].Start < se.Start {
			k++
		}
		person, first, other := -1, 0, false
		for j := k; j < len(s.ments) && s.ments[j].End <= se.End; j++ {
			m := s.ments[j]
			if s.d.Entities[m.ent].Type != document.Person {
				continue
			}
			if person < 0 {
				person, first = m.ent, m.End
			} else if m.ent != person {
				other = true
				break
			}
		}
		if person < 0 || other {
			continue
		}
		for i := tokenAt(first); i < se.EndToken && i < len(toks); i++ {
			add(person, s.tokenPronounGender(i), 1)
		}
	}
	for e := range n {
		m, f := count[2*e], count[2*e+1]
		g := genderUnknown
		switch {
		case m >= 3 && m >= 2*f:
			g = male
		case f >= 3 && f >= 2*m:
			g = female
		}
		s.genders = append(s.genders, g)
	}
}

// genderOf returns the gender the article shows for entity e (collectGenders).
func (s *state) genderOf(e int) gender {
	if !s.gendersDone {
		s.collectGenders()
	}
	if e < 0 || e >= len(s.genders) {
		return genderUnknown
	}
	return s.genders[e]
}

// speakerGender returns the gender the article shows for the entity that speaker names.
func (s *state) speakerGender(sp document.Speaker) gender {
	if sp.Name == "" {
		return genderUnknown
	}
	for e := range s.d.Entities {
		if s.d.Entities[e].Name == sp.Name {
			return s.genderOf(e)
		}
	}
	return genderUnknown
}

// agrees reports whether a person of gender g may be what a pronoun of gender want refers to.
func agrees(g, want gender) bool {
	return g == genderUnknown || want == genderUnknown || g == want
}
