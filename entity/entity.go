// Package entity finds the article's entities: it runs the named-entity tagger (package ner)
// over the document's sentences and groups every mention of one entity under the fullest
// name the article gives it.
//
// # Mentions
//
// The tagger sees whosaid's tokens with a possessive split off, as CoNLL-2003 cut them
// ("Trump’s" → "Trump" "’s"), so that a mention never carries it. Titles the tagger kept at
// the front of a person's name ("President", "Mr.") and a leading "the" are dropped.
//
// # Headlines
//
// A headline or a sentence written in Title Case ("Port Deal Signed As Talks End") makes
// every word look like a name. Such sentences, and the first paragraph (the headline of plain
// text), are tagged after the body, so that the tagger's document history holds the body's
// reading of the names by then; and a mention found there takes the type the body gives the
// same name. In a Title Case sentence a mention is kept only where the body supports it: its
// name, or a run of its words, is a name of the body.
//
// # Grouping
//
// Mentions with the same words are one entity. Besides:
//
//   - a person's shorter name joins the person whose fuller name ends with it, or holds its
//     words in order with the same last word ("Putin", "Vladimir Putin"); where two people
//     share it ("Clinton"), the nearest one named before it wins;
//   - an acronym in parentheses right after a name, or a name in parentheses right after an
//     acronym, links the two when the acronym's letters are the name's initials ("Federal
//     Bureau of Investigation (FBI)"); every mention of the acronym then joins the name.
//
// The entity's name is its fullest mention (the most words, the earliest of those), and its
// type the most common type of its body mentions.
package entity

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/ner"
)

// Finder finds entities. It holds the tagger and read-only tables, so one value may be
// shared by goroutines.
type Finder struct {
	tagger *ner.Tagger
}

// defaultTagger is loaded once: loading takes tens of milliseconds, and a Tagger may be
// shared.
var defaultTagger = sync.OnceValue(ner.Default)

// New returns a Finder that uses tagger; nil means the embedded model (ner.Default, loaded
// once for the process).
func New(tagger *ner.Tagger) *Finder {
	if tagger == nil {
		tagger = defaultTagger()
	}
	return &Finder{tagger: tagger}
}

// Mention is one mention of a name, as found by the tagger.
type Mention struct {
	Span document.Span
	Type document.EntityType
	// Weak marks a mention from a headline or a Title Case sentence, whose type defers to
	// the body's and, in Title Case, whose existence needs the body's support.
	Weak bool
	// TitleCase marks a weak mention from a Title Case sentence.
	TitleCase bool
}

// Find sets d.Entities from d's sentences and tokens (the tokenizer's output).
func (f *Finder) Find(d *document.Doc) {
	d.Entities = Group(d.Text, f.Mentions(d))
}

// word is one word given to the tagger, with its bytes in the text.
type word struct {
	document.Span
	tok int // index into Doc.Tokens
}

// Mentions tags d's sentences and returns the mentions in text order.
func (f *Finder) Mentions(d *document.Doc) []Mention {
	if len(d.Sentences) == 0 {
		return nil
	}
	// Words per sentence, with the possessive split off.
	sentWords := make([][]word, len(d.Sentences))
	texts := make([][]string, len(d.Sentences))
	for i, se := range d.Sentences {
		ws := make([]word, 0, se.EndToken-se.FirstToken+2)
		for k := se.FirstToken; k < se.EndToken; k++ {
			t := d.Tokens[k]
			if t.Kind == document.Word {
				if n := possessiveLen(d.Text[t.Start:t.End]); n > 0 {
					ws = append(ws, word{document.Span{Start: t.Start, End: t.End - n}, k}, word{document.Span{Start: t.End - n, End: t.End}, k})
					continue
				}
			}
			ws = append(ws, word{t.Span, k})
		}
		ts := make([]string, len(ws))
		for j, w := range ws {
			ts[j] = d.Text[w.Start:w.End]
		}
		sentWords[i], texts[i] = ws, ts
	}
	// Body first, then the headline and Title Case sentences, so that the tagger's history
	// holds the body's reading when it meets them.
	weak := make([]bool, len(d.Sentences))
	title := make([]bool, len(d.Sentences))
	order := make([]int, 0, len(d.Sentences))
	for i, se := range d.Sentences {
		title[i] = titleCase(d, se)
		weak[i] = title[i] || (se.Para == 0 && len(d.Paragraphs) > 1)
		if !weak[i] {
			order = append(order, i)
		}
	}
	for i := range d.Sentences {
		if weak[i] {
			order = append(order, i)
		}
	}
	in := make([][]string, len(order))
	for j, i := range order {
		in[j] = texts[i]
	}
	labels := f.tagger.TagDoc(in)
	var out []Mention
	for j, i := range order {
		ws := sentWords[i]
		for _, sp := range ner.Spans(labels[j]) {
			a, b := sp.Start, sp.End
			// A leading "the" and, for people, leading titles are not the name.
			for a < b && strings.EqualFold(texts[i][a], "the") {
				a++
			}
			if sp.Type == ner.Person {
				for a+1 < b && isTitle(texts[i][a]) {
					a++
				}
			}
			for b > a && isPossessive(texts[i][b-1]) {
				b--
			}
			if a >= b {
				continue
			}
			out = append(out, Mention{
				Span:      document.Span{Start: ws[a].Start, End: ws[b-1].End},
				Type:      typeOf(sp.Type),
				Weak:      weak[i],
				TitleCase: title[i],
			})
		}
	}
	slices.SortFunc(out, func(x, y Mention) int { return x.Span.Start - y.Span.Start })
	return out
}

func typeOf(t ner.Type) document.EntityType {
	switch t {
	case ner.Person:
		return document.Person
	case ner.Organization:
		return document.Organization
	case ner.Place:
		return document.Place
	}
	return document.Other
}

// possessiveLen returns the length in bytes of a possessive ending of w ("’s", "'s"), or 0.
func possessiveLen(w string) int {
	for _, suf := range [...]string{"’s", "'s", "’S", "'S"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			return len(suf)
		}
	}
	return 0
}

func isPossessive(w string) bool {
	switch w {
	case "’s", "'s", "’S", "'S", "'", "’":
		return true
	}
	return false
}

// titles are the words that a tagger may keep before a person's name but are not part of it.
var titles = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`president vice mr mrs ms miss dr prof sen senator rep
		representative gov governor gen general lt col sgt capt adm cmdr maj mayor minister prime
		chancellor premier secretary king queen prince princess pope sir dame lord lady judge
		justice chairman chairwoman chief ceo director commissioner ambassador sheriff detective
		officer rev reverend father brother sister saint st coach captain spokesman spokeswoman
		spokesperson press aide adviser advisor deputy assistant former acting congressman
		congresswoman councillor councilman councilwoman lawmaker candidate nominee`) {
		m[w] = true
	}
	return m
}()

func isTitle(w string) bool {
	return titles[strings.TrimSuffix(strings.ToLower(w), ".")]
}

// minor are the words that Title Case leaves in lower case.
var minor = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor for so yet of in on at to by up as
		from with into onto over than via per off out vs`) {
		m[w] = true
	}
	return m
}()

// titleCase reports whether a sentence is written in Title Case: at least three words of
// four letters or more, nearly all of them capitalised, and not all in capitals.
func titleCase(d *document.Doc, se document.Sentence) bool {
	long, capped, lower := 0, 0, 0
	for k := se.FirstToken; k < se.EndToken; k++ {
		t := d.Tokens[k]
		if t.Kind != document.Word {
			continue
		}
		w := d.Text[t.Start:t.End]
		if minor[strings.ToLower(w)] {
			continue
		}
		if strings.ToUpper(w) != w {
			lower++
		}
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		long++
		if t.Cap {
			capped++
		}
	}
	return long >= 3 && lower > 0 && capped*10 >= long*9
}

// mention is a Mention being grouped.
type mention struct {
	Mention
	words []string // the name's words
	key   string   // the words joined by spaces, the name of the mention
	group int      // the key group it belongs to
}

// nameWords splits a mention's text into its words, dropping the punctuation between words
// of a name other than the periods of initials, hyphens and apostrophes inside a word.
func nameWords(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '"' || r == '“' || r == '”'
	})
	for len(f) > 0 && isPossessive(f[len(f)-1]) {
		f = f[:len(f)-1]
	}
	if n := len(f); n > 0 {
		last := f[n-1]
		if k := possessiveLen(last); k > 0 {
			f[n-1] = last[:len(last)-k]
		} else if len(last) > 1 && (strings.HasSuffix(last, "'") || strings.HasSuffix(last, "’")) && strings.HasSuffix(strings.TrimRight(last, "'’"), "s") {
			f[n-1] = strings.TrimRight(last, "'’") // "Reyes’" as a plural-style possessive
		}
	}
	return f
}

// Group groups mentions (in any order) of the text into entities, ordered by first mention,
// each with its mentions sorted. It is the second half of Find, for callers with their own
// tagger.
func Group(text string, in []Mention) []document.Entity {
	if len(in) == 0 {
		return nil
	}
	ms := make([]mention, 0, len(in))
	for _, m := range in {
		w := nameWords(text[m.Span.Start:m.Span.End])
		if len(w) == 0 {
			continue
		}
		ms = append(ms, mention{Mention: m, words: w, key: strings.Join(w, " ")})
	}
	slices.SortStableFunc(ms, func(x, y mention) int { return x.Span.Start - y.Span.Start })

	g := newGrouping(text, ms)
	g.acronyms()
	g.titleCase()
	g.people()
	return g.entities()
}

// keyInfo is what grouping knows of one name (a key).
type keyInfo struct {
	words []string
	votes [5]int // body mentions by type (0 person, 1 organization, 2 place, 3 other)
	weak  [5]int // weak mentions by type
	body  bool   // has a mention outside headlines and Title Case
	alias string // the key this one is another name for (acronym → name), or ""
}

type grouping struct {
	text string
	ms   []mention
	keys map[string]*keyInfo
}

func typeIndex(t document.EntityType) int {
	switch t {
	case document.Person:
		return 0
	case document.Organization:
		return 1
	case document.Place:
		return 2
	case document.Other:
		return 3
	}
	return 4
}

var typeNames = [...]document.EntityType{document.Person, document.Organization, document.Place, document.Other, document.Unknown}

func newGrouping(text string, ms []mention) *grouping {
	g := &grouping{text: text, ms: ms, keys: map[string]*keyInfo{}}
	for i := range ms {
		g.count(&ms[i])
	}
	return g
}

func (g *grouping) count(m *mention) {
	k := g.keys[m.key]
	if k == nil {
		k = &keyInfo{words: m.words}
		g.keys[m.key] = k
	}
	if m.Weak {
		k.weak[typeIndex(m.Type)]++
	} else {
		k.votes[typeIndex(m.Type)]++
		k.body = true
	}
}

// typeOfKey is the key's type: the commonest among body mentions, else among weak ones.
func (k *keyInfo) typ() document.EntityType {
	v := k.votes
	if !k.body {
		v = k.weak
	}
	best := 0
	for i := 1; i < len(v); i++ {
		if v[i] > v[best] {
			best = i
		}
	}
	return typeNames[best]
}

// acronyms links "Long Name (LN)" and "LN (Long Name)", adding the parenthesised acronym as a
// mention where the tagger missed it.
func (g *grouping) acronyms() {
	n := len(g.ms)
	for i := 0; i < n; i++ {
		m := &g.ms[i]
		rest := g.text[m.Span.End:]
		open := strings.IndexByte(rest, '(')
		if open < 0 || strings.TrimSpace(rest[:open]) != "" {
			continue
		}
		inner := rest[open+1:]
		end := strings.IndexByte(inner, ')')
		if end <= 0 || end > 120 {
			continue
		}
		in := strings.TrimSpace(inner[:end])
		start := m.Span.End + open + 1 + strings.Index(inner, in)
		sp := document.Span{Start: start, End: start + len(in)}
		switch {
		case isAcronym(in) && !isAcronym(m.key) && initialsMatch(in, m.words):
			// "Federal Bureau of Investigation (FBI)"
			j := g.find(sp)
			if j < 0 {
				g.ms = append(g.ms, mention{Mention: Mention{Span: sp, Type: m.Type, Weak: m.Weak, TitleCase: m.TitleCase}, words: []string{in}, key: in})
				g.count(&g.ms[len(g.ms)-1])
			}
			g.link(in, m.key)
		case isAcronym(m.key):
			// "FBI (Federal Bureau of Investigation)": the name must be a mention.
			j := g.find(sp)
			if j >= 0 && initialsMatch(m.key, g.ms[j].words) {
				g.link(m.key, g.ms[j].key)
			}
		}
	}
	if len(g.ms) > n {
		slices.SortStableFunc(g.ms, func(x, y mention) int { return x.Span.Start - y.Span.Start })
	}
}

// link records that key short names the same entity as key long.
func (g *grouping) link(short, long string) {
	if short == long || g.root(long) == short {
		return
	}
	if k := g.keys[short]; k != nil && k.alias == "" {
		k.alias = long
	}
}

// root follows aliases from key.
func (g *grouping) root(key string) string {
	for hops := 0; hops < 8; hops++ {
		k := g.keys[key]
		if k == nil || k.alias == "" {
			return key
		}
		key = k.alias
	}
	return key
}

// find returns the index of the mention with exactly span sp, or -1.
func (g *grouping) find(sp document.Span) int {
	for i := range g.ms {
		if g.ms[i].Span == sp {
			return i
		}
	}
	return -1
}

// isAcronym reports whether w looks like an acronym: two to eight letters, all capitals
// (dots and an ampersand allowed; a final lower-case s for a plural is not).
func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.' || r == '&':
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 8
}

// connectors may be left out of an acronym: "Department of Homeland Security" (DHS).
var connectors = map[string]bool{"of": true, "the": true, "and": true, "for": true, "&": true, "on": true, "in": true, "de": true, "du": true, "la": true, "des": true}

// initialsMatch reports whether acronym's letters are the initials of words in order, every
// word but a connector contributing one, a connector one or none.
func initialsMatch(acronym string, words []string) bool {
	var letters []rune
	for _, r := range acronym {
		if unicode.IsUpper(r) {
			letters = append(letters, unicode.ToLower(r))
		}
	}
	var parts []string
	for _, w := range words {
		parts = append(parts, strings.FieldsFunc(w, func(r rune) bool { return r == '-' })...)
	}
	var match func(i, j int) bool
	match = func(i, j int) bool {
		if j == len(parts) {
			return i == len(letters)
		}
		w := parts[j]
		r, _ := utf8.DecodeRuneInString(w)
		r = unicode.ToLower(r)
		if connectors[strings.ToLower(w)] && match(i, j+1) {
			return true
		}
		return i < len(letters) && letters[i] == r && match(i+1, j+1)
	}
	return len(letters) >= 2 && len(parts) >= 2 && match(0, 0)
}

// titleCase drops the mentions of Title Case sentences that the body does not support, or
// narrows them to the run of their words that it does.
func (g *grouping) titleCase() {
	out := g.ms[:0]
	for _, m := range g.ms {
		if !m.TitleCase || g.supported(m.words) {
			out = append(out, m)
			continue
		}
		g.uncount(&m)
		// The longest run of its words that the body names.
		found := false
		for n := len(m.words) - 1; n >= 1 && !found; n-- {
			for a := 0; a+n <= len(m.words); a++ {
				w := m.words[a : a+n]
				if !g.supported(w) {
					continue
				}
				sp, ok := locate(g.text, m.Span, w)
				if !ok {
					continue
				}
				nm := mention{Mention: m.Mention, words: w, key: strings.Join(w, " ")}
				nm.Span = sp
				g.count(&nm)
				out = append(out, nm)
				found = true
				break
			}
		}
	}
	g.ms = out
}

func (g *grouping) uncount(m *mention) {
	k := g.keys[m.key]
	if k == nil {
		return
	}
	k.weak[typeIndex(m.Type)]--
}

// locate finds the words w inside span sp of text.
func locate(text string, sp document.Span, w []string) (document.Span, bool) {
	s := text[sp.Start:sp.End]
	i := strings.Index(s, w[0])
	if i < 0 {
		return sp, false
	}
	last := w[len(w)-1]
	j := strings.Index(s[i:], last)
	if j < 0 {
		return sp, false
	}
	return document.Span{Start: sp.Start + i, End: sp.Start + i + j + len(last)}, true
}

// supported reports whether the body names w: as a name of its own, through an acronym, or as
// the shorter name of a person.
func (g *grouping) supported(w []string) bool {
	key := strings.Join(w, " ")
	if k := g.keys[key]; k != nil && k.body {
		return true
	}
	for _, k := range g.keys {
		if k.body && len(k.words) > len(w) && k.typ() == document.Person && shorterName(w, k.words) {
			return true
		}
	}
	return false
}

// shorterName reports whether short is a shorter form of the person's name long: its words
// in order, with the same last word.
func shorterName(short, long []string) bool {
	if len(short) == 0 || len(short) >= len(long) || short[len(short)-1] != long[len(long)-1] {
		return false
	}
	j := 0
	for _, w := range long {
		if j < len(short) && w == short[j] {
			j++
		}
	}
	return j == len(short)
}

// people joins the shorter names of people to the fuller names they stand for.
func (g *grouping) people() {
	// Person keys, fullest first.
	var persons []string
	for key, k := range g.keys {
		if k.alias == "" && k.typ() == document.Person {
			persons = append(persons, key)
		}
	}
	slices.SortFunc(persons, func(a, b string) int {
		if d := len(g.keys[b].words) - len(g.keys[a].words); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	// candidates[key] are the fuller persons' keys a shorter key may stand for, each the
	// fullest of its own line ("Putin" → "Vladimir Putin", not also "Vladimir V. Putin"'s
	// intermediate forms).
	cands := map[string][]string{}
	for _, key := range g.keyList() {
		k := g.keys[key]
		if k.alias != "" {
			continue
		}
		var cs []string
		for _, p := range persons {
			pk := g.keys[p]
			if len(pk.words) <= len(k.words) || !shorterName(k.words, pk.words) {
				continue
			}
			// Skip p if it is itself a shorter form of a candidate already taken.
			dup := false
			for _, c := range cs {
				if shorterName(pk.words, g.keys[c].words) {
					dup = true
					break
				}
			}
			if !dup {
				cs = append(cs, p)
			}
		}
		if len(cs) > 0 {
			cands[key] = cs
		}
	}
	if len(cands) == 0 {
		return
	}
	// Assign each mention of a shorter key: the candidate named nearest before it, else the
	// first named after it.
	for i := range g.ms {
		m := &g.ms[i]
		cs := cands[g.root(m.key)]
		if len(cs) == 0 {
			continue
		}
		k := g.keys[m.key]
		if m.Type != document.Person && !m.Weak && k.typ() != document.Person {
			continue // "Washington" the place is not George Washington
		}
		best, bestPos := "", -1
		firstAfter, firstPos := "", -1
		for _, c := range cs {
			for j := range g.ms {
				o := &g.ms[j]
				if o.key != c {
					continue
				}
				if o.Span.Start < m.Span.Start {
					if o.Span.Start > bestPos {
						best, bestPos = c, o.Span.Start
					}
				} else if firstPos < 0 || o.Span.Start < firstPos {
					firstAfter, firstPos = c, o.Span.Start
				}
			}
		}
		if best == "" {
			best = firstAfter
		}
		if best != "" {
			m.key = best
		}
	}
}

// keyList returns the keys in a fixed order.
func (g *grouping) keyList() []string {
	ks := make([]string, 0, len(g.keys))
	for k := range g.keys {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// entities builds the entities: one per root key, in order of first mention.
func (g *grouping) entities() []document.Entity {
	idx := map[string]int{}
	type acc struct {
		name             []string
		nameWeak         bool
		votes, weakVotes [5]int
		firstBody        int
	}
	var accs []acc
	var out []document.Entity
	for _, m := range g.ms {
		r := g.root(m.key)
		i, ok := idx[r]
		if !ok {
			i = len(out)
			idx[r] = i
			out = append(out, document.Entity{})
			accs = append(accs, acc{firstBody: -1})
		}
		a := &accs[i]
		out[i].Mentions = append(out[i].Mentions, m.Span)
		// The fullest name: the most words, earliest first; Title Case only where nothing else.
		w := m.words
		if a.name == nil || (a.nameWeak && !m.TitleCase) || (a.nameWeak == m.TitleCase && len(w) > len(a.name)) {
			a.name, a.nameWeak = w, m.TitleCase
		}
		if m.Weak {
			a.weakVotes[typeIndex(m.Type)]++
		} else {
			a.votes[typeIndex(m.Type)]++
			if a.firstBody < 0 {
				a.firstBody = typeIndex(m.Type)
			}
		}
	}
	for i := range out {
		a := &accs[i]
		out[i].Name = strings.Join(a.name, " ")
		v, first := a.votes, a.firstBody
		if first < 0 {
			v = a.weakVotes
		}
		best := -1
		for t := range v {
			if v[t] > 0 && (best < 0 || v[t] > v[best] || (v[t] == v[best] && t == first)) {
				best = t
			}
		}
		if best < 0 {
			best = 4
		}
		out[i].Type = typeNames[best]
		slices.SortFunc(out[i].Mentions, func(x, y document.Span) int { return x.Start - y.Start })
	}
	return out
}
