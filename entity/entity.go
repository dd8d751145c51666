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
//     share it ("Clinton"), the nearest one named before it wins if named in full within a
//     paragraph or so, else the one the article names first (the one it is about); a
//     courtesy title that a first name contradicts rules a person out ("Mrs. Clinton" is not
//     Bill Clinton; package internal/firstname);
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
	"github.com/whosaid/whosaid/internal/bystart"
	"github.com/whosaid/whosaid/internal/firstname"
	"github.com/whosaid/whosaid/ner"
	"github.com/whosaid/whosaid/pos"
)

// Finder finds entities. It holds the tagger, read-only tables and a pool of working
// memory, so one value may be shared by goroutines.
type Finder struct {
	tagger       *ner.Tagger
	pool         sync.Pool // *scratch
	noFirstNames bool      // grouping does not read first names' genders (WithoutFirstNames)
}

// scratch is the working memory of Mentions, kept between calls: an article's words take
// tens of kilobytes, which fresh allocations would clear and the collector sweep.
type scratch struct {
	words  []document.Span // the words given to the tagger, in the text
	texts  []string        // the words' text
	first  []int           // sentence i's words are words[first[i]:first[i+1]]
	kinds  []sentKind
	order  []int
	in     [][]string
	found  []Mention            // the mentions, before they are put in order
	tags   []pos.Tag            // the words' parts of speech, from document.Doc.POS
	inTag  [][]pos.Tag          // tags by sentence, in the order of in
	spans  [][]ner.Span         // the tagger's entities by sentence, in the order of in
	all    []ner.Span           // the array behind spans
	ms     []Mention            // Find's mentions, which Group reads and does not keep
	grp    grouping             // Find's grouping, whose tables Group clears and reuses
	ments  []ment               // About's mentions
	sorter bystart.Sorter[ment] // About's sort of them
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

// WithoutFirstNames returns a Finder with f's tagger that does not tell people who share a
// surname apart by their first names' gender ("Mrs. Clinton" and Bill Clinton): the one that
// making the first-name table itself uses, so that the table does not depend on itself.
func (f *Finder) WithoutFirstNames() *Finder {
	return &Finder{tagger: f.tagger, noFirstNames: true}
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
//
// The mentions and the tables of grouping are working memory kept between calls: fresh for
// every article, they were most of what entity allocated (BenchmarkFindNews: 36 MB a pass
// over PolNeAR's training articles, 16 MB kept so), and allocating them, with the
// collector's work after, took a fifth of grouping's time.
func (f *Finder) Find(d *document.Doc) {
	sc := f.getScratch()
	sc.ms = f.mentions(d, sc, sc.ms[:0])
	sc.grp.noFirstNames = f.noFirstNames
	d.Entities = sc.grp.group(d.Text, sc.ms)
	f.pool.Put(sc)
}

func (f *Finder) getScratch() *scratch {
	if sc, _ := f.pool.Get().(*scratch); sc != nil {
		return sc
	}
	return new(scratch)
}

// Mentions tags d's sentences and returns the mentions in text order.
func (f *Finder) Mentions(d *document.Doc) []Mention {
	sc := f.getScratch()
	defer f.pool.Put(sc)
	out := f.mentions(d, sc, nil)
	if len(out) == 0 {
		return nil
	}
	return out
}

// mentions is Mentions with the working memory sc, appending the mentions to out.
func (f *Finder) mentions(d *document.Doc, sc *scratch, out []Mention) []Mention {
	if len(d.Sentences) == 0 {
		return out
	}
	words, texts, tags, first, tagged := sc.split(d, f.tagger.ReadsPOS())
	sentence := func(i int) ([]document.Span, []string) {
		a, b := first[i], first[i+1]
		return words[a:b:b], texts[a:b:b]
	}
	// Body first, then the headline and Title Case sentences, so that the tagger's history
	// holds the body's reading when it meets them.
	kinds := slices.Grow(sc.kinds[:0], len(d.Sentences))[:len(d.Sentences)]
	order := sc.order[:0]
	for i, se := range d.Sentences {
		title := titleCase(d, se)
		kinds[i] = sentKind{weak: title || (se.Para == 0 && len(d.Paragraphs) > 1), title: title}
		if !kinds[i].weak {
			order = append(order, i)
		}
	}
	for i := range d.Sentences {
		if kinds[i].weak {
			order = append(order, i)
		}
	}
	in := slices.Grow(sc.in[:0], len(order))[:len(order)]
	var inTag [][]pos.Tag
	if tagged {
		inTag = slices.Grow(sc.inTag[:0], len(order))[:len(order)]
	}
	for j, i := range order {
		_, in[j] = sentence(i)
		if tagged {
			inTag[j] = tags[first[i]:first[i+1]]
		}
	}
	// Keep the buffers for the next call. They point into this document's text until then,
	// or until the pool drops them at a collection.
	sc.words, sc.texts, sc.first, sc.kinds, sc.order, sc.in = words, texts, first, kinds, order, in
	if tagged {
		sc.tags, sc.inTag = tags, inTag
	}
	spans, all := f.tagger.TagDocSpansInto(sc.spans, sc.all, in, inTag)
	sc.spans, sc.all = spans, all
	// The mentions of the body, then those of the weak sentences, each in text order.
	found, body := sc.found[:0], 0
	for j, i := range order {
		ws, ts := sentence(i)
		for _, sp := range spans[j] {
			a, b := sp.Start, sp.End
			// A leading "the" and, for people, leading titles are not the name.
			for a < b && strings.EqualFold(ts[a], "the") {
				a++
			}
			if sp.Type == ner.Person {
				for a+1 < b && isTitle(ts[a]) {
					a++
				}
			}
			for b > a && isPossessive(ts[b-1]) {
				b--
			}
			if a >= b {
				continue
			}
			found = append(found, Mention{
				Span:      document.Span{Start: ws[a].Start, End: ws[b-1].End},
				Type:      typeOf(sp.Type),
				Weak:      kinds[i].weak,
				TitleCase: kinds[i].title,
			})
		}
		if !kinds[i].weak {
			body = len(found)
		}
	}
	sc.found = found
	if len(found) == 0 {
		return out
	}
	start := len(out)
	out = slices.Grow(out, len(found))[:start+len(found)]
	if o := out[start:]; !mergeByStart(o, found[:body], found[body:]) {
		copy(o, found) // a sort, which orders mentions that start together as it may
		slices.SortFunc(o, func(x, y Mention) int { return x.Span.Start - y.Span.Start })
	}
	return out
}

// mergeByStart merges a and b, each in order of start, into out, and reports whether no two
// mentions start together, in which case out is the one order by start. The mentions of
// the body and those of the weak sentences are two such runs, mostly: merging them costs
// less than sorting.
func mergeByStart(out, a, b []Mention) bool {
	for k := 1; k < len(a); k++ {
		if a[k].Span.Start <= a[k-1].Span.Start {
			return false
		}
	}
	for k := 1; k < len(b); k++ {
		if b[k].Span.Start <= b[k-1].Span.Start {
			return false
		}
	}
	i, j := 0, 0
	for k := range out {
		switch {
		case j == len(b) || i < len(a) && a[i].Span.Start < b[j].Span.Start:
			out[k], i = a[i], i+1
		case i == len(a) || b[j].Span.Start < a[i].Span.Start:
			out[k], j = b[j], j+1
		default:
			return false
		}
	}
	return true
}

// split fills sc's words, texts, tags and first with the words of every sentence of d, with
// the possessive split off, in one array, and returns them: sentence i's are
// words[first[i]:first[i+1]], texts holds their text. When the tagger reads parts of speech
// (readPOS) and the pipeline has tagged the tokens', tags holds the words' tags, for the
// tagger to read rather than tag again: the name keeps its token's tag (package pos tags
// "Trump’s" as "Trump"), the possessive ending is POS, and tagged is true.
func (sc *scratch) split(d *document.Doc, readPOS bool) (words []document.Span, texts []string, tags []pos.Tag, first []int, tagged bool) {
	tagged = readPOS && len(d.POS) == len(d.Tokens)
	// A token is one word, or two with the possessive split off: room for twice as many
	// words as the sentences' tokens, so that the loop below needs no appends.
	n := 0
	for _, se := range d.Sentences {
		n += se.EndToken - se.FirstToken
	}
	words = slices.Grow(sc.words[:0], 2*n)[:2*n]
	first = slices.Grow(sc.first[:0], len(d.Sentences)+1)[:len(d.Sentences)+1]
	texts = slices.Grow(sc.texts[:0], len(words))[:len(words)]
	j := 0
	for i, se := range d.Sentences {
		first[i] = j
		j += splitWords(d.Text, d.Tokens[se.FirstToken:se.EndToken], words[j:], texts[j:])
	}
	first[len(d.Sentences)] = j
	words, texts = words[:j], texts[:j]
	if tagged {
		tags = slices.Grow(sc.tags[:0], len(words))[:len(words)]
		j := 0
		for _, se := range d.Sentences {
			j += splitTags(d.Tokens[se.FirstToken:se.EndToken], d.POS[se.FirstToken:se.EndToken], words[j:], tags[j:])
		}
	}
	return words, texts, tags, first, tagged
}

// splitWords writes into words and texts the words of toks, tokens of text, with the
// possessive split off, and returns how many. It is a loop of its own, which keeps its
// variables in registers: it reads every token.
func splitWords(text string, toks []document.Token, words []document.Span, texts []string) int {
	j := 0
	for k := range toks {
		t := &toks[k]
		w := text[t.Start:t.End]
		if t.Kind == document.Word {
			if n := possessiveLen(w); n > 0 {
				end := len(w) - n
				words[j], words[j+1] = document.Span{Start: t.Start, End: t.Start + end}, document.Span{Start: t.Start + end, End: t.End}
				texts[j], texts[j+1] = w[:end], w[end:]
				j += 2
				continue
			}
		}
		words[j], texts[j] = t.Span, w
		j++
	}
	return j
}

// splitTags writes into tags the parts of speech of the words of toks, whose tags are tp
// and whose words, as splitWords cut them, are words: a possessive ending split off is
// POS. It returns how many.
func splitTags(toks []document.Token, tp []uint8, words []document.Span, tags []pos.Tag) int {
	j := 0
	for k := range toks {
		tags[j] = pos.Tag(tp[k])
		if words[j].End < toks[k].End { // the possessive ending follows
			tags[j+1] = pos.POS
			j++
		}
		j++
	}
	return j
}

// sentKind says how a sentence's mentions count: weak for a headline or Title Case, title
// for Title Case.
type sentKind struct{ weak, title bool }

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
// Every token pays for it: it compares bytes rather than strings.
func possessiveLen(w string) int {
	n := len(w)
	if n < 3 || w[n-1]|0x20 != 's' {
		return 0
	}
	if w[n-2] == '\'' {
		return 2
	}
	if n > 4 && w[n-4:n-1] == "’" {
		return 4
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
	// An ASCII word no longer than the longest title and a dot, as most are, is lowered in
	// an array: strings.ToLower would allocate for every word with a capital, as titles
	// have. TestIsTitle checks it against the plain definition.
	var lo [len("representative.")]byte
	if len(w) > len(lo) {
		return titles[strings.TrimSuffix(strings.ToLower(w), ".")]
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return titles[strings.TrimSuffix(strings.ToLower(w), ".")]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lo[i] = c
	}
	b := lo[:len(w)]
	if n := len(b); n > 0 && b[n-1] == '.' {
		b = b[:n-1]
	}
	return titles[string(b)] // compiled without a conversion
}

// isMinor reports whether w is a word that Title Case leaves in lower case (w in lower case).
func isMinor(w []byte) bool {
	switch string(w) { // compiled without a conversion
	case "a", "an", "the", "and", "or", "but", "nor", "for", "so", "yet", "of", "in", "on", "at", "to", "by", "up",
		"as", "from", "with", "into", "onto", "over", "than", "via", "per", "off", "out", "vs":
		return true
	}
	return false
}

// longestMinor is the length of the longest word isMinor knows.
const longestMinor = 4

// titleCase reports whether a sentence is written in Title Case: at least three words of
// four letters or more, nearly all of them capitalised, and not all in capitals.
func titleCase(d *document.Doc, se document.Sentence) bool {
	long, capped, lower := 0, 0, 0
	for k := se.FirstToken; k < se.EndToken; k++ {
		// Stop when too many long words are not capitalised for the rest to make up for
		// them, as in most sentences after a few words: capped*10 >= long*9 needs the long
		// words to number ten times those not capitalised.
		if 10*(long-capped) > long+(se.EndToken-k) {
			return false
		}
		t := &d.Tokens[k]
		if t.Kind != document.Word {
			continue
		}
		minor, hasLower, runes := caseOf(d.Text[t.Start:t.End])
		if minor {
			continue
		}
		if hasLower {
			lower++
		}
		if runes < 4 {
			continue
		}
		long++
		if t.Cap {
			capped++
		}
	}
	return long >= 3 && lower > 0 && capped*10 >= long*9
}

// caseOf returns what titleCase needs of a word: whether it is a minor word in any case
// (isMinor of strings.ToLower(w)), whether upper case changes it (strings.ToUpper(w) != w)
// and its length in runes. A word of ASCII characters, nearly every word, takes one pass
// over its bytes and no allocation: titleCase reads every word of the document.
func caseOf(w string) (minor, hasLower bool, runes int) {
	var bits byte
	for i := 0; i < len(w); i++ {
		bits |= byteCase[w[i]]
	}
	if bits&caseOther != 0 {
		return isMinor([]byte(strings.ToLower(w))), strings.ToUpper(w) != w, utf8.RuneCountInString(w)
	}
	if len(w) <= longestMinor {
		var lo [longestMinor]byte
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lo[i] = c
		}
		minor = isMinor(lo[:len(w)])
	}
	return minor, bits&caseLower != 0, len(w)
}

// The bits of byteCase.
const (
	caseLower = 1 << iota // a lower-case ASCII letter
	caseOther             // not ASCII
)

// byteCase holds the bits of every byte, for caseOf.
var byteCase = func() (t [256]byte) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = caseOther
		case 'a' <= c && c <= 'z':
			t[c] = caseLower
		}
	}
	return t
}()

// mention is a Mention being grouped.
type mention struct {
	Mention
	words []string // the name's words
	key   string   // the words joined by spaces, the name of the mention, until people joins it to a fuller one
	name  string   // the words joined by spaces: key as it was made
	info  *keyInfo // the key's, once counted (grouping.count)
}

// nameWords splits a mention's text into its words, at white space, commas and double
// quotation marks, dropping the punctuation between words of a name other than the periods
// of initials, hyphens and apostrophes inside a word. It appends the words to buf and
// returns the extended buf and the name they make, the words joined by single spaces.
// Group splits every mention, so the words of all share one array, and the name is a slice
// of s where s has them so, as it mostly does.
func nameWords(s string, buf []string) ([]string, string) {
	start, first := len(buf), -1
	field := -1 // the start of the field being read, or -1
	for i := 0; i < len(s); {
		// The ASCII bytes of a word, as most are, in a loop of their own.
		j := i
		for j < len(s) && nameByte[s[j]] == nameWordByte {
			j++
		}
		if j > i && field < 0 {
			field = i
			if first < 0 {
				first = i
			}
		}
		if i = j; i == len(s) {
			break
		}
		c, size := s[i], 1
		sep := nameByte[c] == nameSepByte
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			sep = unicode.IsSpace(r) || r == '“' || r == '”'
		}
		if sep {
			if field >= 0 {
				buf = append(buf, s[field:i])
				field = -1
			}
		} else if field < 0 {
			field = i
			if first < 0 {
				first = i
			}
		}
		i += size
	}
	if field >= 0 {
		buf = append(buf, s[field:])
	}
	f := buf[start:]
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
	buf = buf[:start+len(f)]
	if len(f) == 0 {
		return buf, ""
	}
	return buf, joinedIn(s, first, f)
}

// nameByte classes the bytes of a name for nameWords: the ASCII bytes that separate its
// words (white space, commas and double quotation marks), the other ASCII bytes, and the
// bytes of other characters, which it decodes.
var nameByte = func() (t [256]uint8) {
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = nameOtherByte
	}
	for _, c := range " \t\n\v\f\r,\"" {
		t[c] = nameSepByte
	}
	return t
}()

// The classes of nameByte.
const (
	nameWordByte = iota
	nameSepByte
	nameOtherByte
)

// joinedIn returns strings.Join(f, " "), as a slice of s from offset first when s holds it
// there, else built anew.
func joinedIn(s string, first int, f []string) string {
	n := len(f) - 1
	for _, w := range f {
		n += len(w)
	}
	if first+n <= len(s) {
		cand, p := s[first:first+n], 0
		for k, w := range f {
			if cand[p:p+len(w)] != w || k+1 < len(f) && cand[p+len(w)] != ' ' {
				return strings.Join(f, " ")
			}
			p += len(w) + 1
		}
		return cand
	}
	return strings.Join(f, " ")
}

// Group groups mentions (in any order) of the text into entities, ordered by first mention,
// each with its mentions sorted. It is the second half of Find, for callers with their own
// tagger.
func Group(text string, in []Mention) []document.Entity {
	var g grouping
	return g.group(text, in)
}

// group is Group with the tables of g as its working memory, which it empties first. They
// hold words of text until the next call.
func (g *grouping) group(text string, in []Mention) []document.Entity {
	if len(in) == 0 {
		return nil
	}
	ms := slices.Grow(g.ms[:0], len(in))
	words := slices.Grow(g.words[:0], 2*len(in))
	for _, m := range in {
		start := len(words)
		var key string
		words, key = nameWords(text[m.Span.Start:m.Span.End], words)
		if len(words) == start {
			continue
		}
		ms = append(ms, mention{Mention: m, words: words[start:len(words):len(words)], key: key, name: key})
	}
	g.words = words
	byStart := func(x, y mention) int { return x.Span.Start - y.Span.Start }
	if !slices.IsSortedFunc(ms, byStart) { // as Mentions returns them
		slices.SortStableFunc(ms, byStart)
	}

	g.reset(text, ms)
	g.acronyms()
	g.titleCase()
	g.people()
	return g.entities()
}

// keyInfo is what grouping knows of one name (a key).
type keyInfo struct {
	key   string
	words []string
	votes [5]int32   // body mentions by type (0 person, 1 organization, 2 place, 3 other)
	weak  [5]int32   // weak mentions by type
	body  bool       // has a mention outside headlines and Title Case
	alias string     // the key this one is another name for (acronym → name), or ""
	cands []*keyInfo // the fuller persons' names this one may stand for (see people)
	cand  bool       // a key of some cands
	at    []int      // for a candidate, the indices in ms of its mentions (see people)
	ent   int        // 1 + the index of the entity of this root key in entities, 0 before
}

type grouping struct {
	text string
	ms   []mention
	keys map[string]*keyInfo
	// The keys, in the order they came: quicker to range over than the map, and what the
	// loops over all keys find does not depend on their order.
	list  []*keyInfo
	free  []keyInfo // room for new keys, allocated together
	slab  []keyInfo // the memory of free, kept between calls
	words []string  // the words of the mentions, which their words slice
	accs  []entityAcc
	ent   []int
	// agreeing is people's scratch: the candidates a courtesy title leaves.
	agreeing     []*keyInfo
	noFirstNames bool // people does not read first names' genders (Finder.WithoutFirstNames)
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

// reset empties g for the mentions ms of text, keeping its memory, and counts them.
func (g *grouping) reset(text string, ms []mention) {
	g.text, g.ms = text, ms
	if g.keys == nil {
		// Most names are mentioned more than once: room for half as many keys as mentions.
		g.keys = make(map[string]*keyInfo, len(ms)/2)
	} else {
		clear(g.keys)
	}
	g.list = slices.Grow(g.list[:0], len(ms)/2+1)
	if cap(g.slab) < len(ms)/2+1 {
		g.slab = make([]keyInfo, len(ms)/2+1)
	}
	g.free = g.slab[:cap(g.slab)]
	for i := range ms {
		g.count(&ms[i])
	}
}

func (g *grouping) count(m *mention) {
	k := g.keys[m.key]
	if k == nil {
		if len(g.free) == 0 {
			g.free = make([]keyInfo, 16)
		}
		k, g.free = &g.free[0], g.free[1:]
		*k = keyInfo{key: m.key, words: m.words}
		g.keys[m.key] = k
		g.list = append(g.list, k)
	}
	m.info = k
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
		// Only white space between the name and "(".
		rest := g.text[m.Span.End:]
		open := len(rest) - len(strings.TrimLeftFunc(rest, unicode.IsSpace))
		if open == len(rest) || rest[open] != '(' {
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
				g.ms = append(g.ms, mention{Mention: Mention{Span: sp, Type: m.Type, Weak: m.Weak, TitleCase: m.TitleCase}, words: []string{in}, key: in, name: in})
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

// rootOf is root for a key's info: the info of the key that root returns. Every alias is a
// key, as link only makes the key of a mention an alias.
func (g *grouping) rootOf(k *keyInfo) *keyInfo {
	for hops := 0; hops < 8 && k.alias != ""; hops++ {
		k = g.keys[k.alias]
	}
	return k
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
	// The body's people, for supported. Counting Title Case mentions, which are weak, changes
	// neither which keys have body mentions nor their type.
	var persons []*keyInfo
	for _, k := range g.list {
		if k.body && k.typ() == document.Person {
			persons = append(persons, k)
		}
	}
	out := g.ms[:0]
	for _, m := range g.ms {
		if !m.TitleCase || g.supported(m.words, persons) {
			out = append(out, m)
			continue
		}
		g.uncount(&m)
		// The longest run of its words that the body names.
		found := false
		for n := len(m.words) - 1; n >= 1 && !found; n-- {
			for a := 0; a+n <= len(m.words); a++ {
				w := m.words[a : a+n]
				if !g.supported(w, persons) {
					continue
				}
				sp, ok := locate(g.text, m.Span, w)
				if !ok {
					continue
				}
				key := strings.Join(w, " ")
				nm := mention{Mention: m.Mention, words: w, key: key, name: key}
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
	if k := m.info; k != nil {
		k.weak[typeIndex(m.Type)]--
	}
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
// the shorter name of a person, one of persons (the keys of the body's people).
func (g *grouping) supported(w []string, persons []*keyInfo) bool {
	key := strings.Join(w, " ")
	if k := g.keys[key]; k != nil && k.body {
		return true
	}
	for _, k := range persons {
		if len(k.words) > len(w) && shorterName(w, k.words) {
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

// agreeingWith returns the candidates of cs whose first name has gender hg, or where there
// are none, those whose first name's gender is unknown; cs itself where that leaves none.
// The result lives in g.agreeing until the next call.
func (g *grouping) agreeingWith(cs []*keyInfo, hg firstname.Gender) []*keyInfo {
	for _, want := range [2]firstname.Gender{hg, firstname.Unknown} {
		kept := g.agreeing[:0]
		for _, c := range cs {
			if firstname.Of(c.words[0]) == want {
				kept = append(kept, c)
			}
		}
		g.agreeing = kept
		if len(kept) > 0 {
			return kept
		}
	}
	return cs
}

// honorificBefore returns the gender of the courtesy title right before offset at in text
// ("Mrs. Clinton", "Mr Obama"), firstname.Unknown if there is none.
func honorificBefore(text string, at int) firstname.Gender {
	before := strings.TrimRight(text[:at], " \u00a0")
	i := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '“' || r == '"' })
	if i < 0 {
		i = 0
	} else {
		_, size := utf8.DecodeRuneInString(before[i:])
		i += size
	}
	return firstname.Honorific(before[i:])
}

// people joins the shorter names of people to the fuller names they stand for.
func (g *grouping) people() {
	// Person keys, fullest first.
	var persons []*keyInfo
	for _, k := range g.list {
		if k.alias == "" && k.typ() == document.Person {
			persons = append(persons, k)
		}
	}
	slices.SortFunc(persons, func(a, b *keyInfo) int {
		if d := len(b.words) - len(a.words); d != 0 {
			return d
		}
		return strings.Compare(a.key, b.key)
	})
	// A key's cands are the fuller persons' keys it may stand for, each the fullest of its own
	// line ("Putin" → "Vladimir Putin", not also "Vladimir V. Putin"'s intermediate forms).
	found := false
	for _, k := range g.list {
		if k.alias != "" {
			continue
		}
		for _, p := range persons {
			if len(p.words) <= len(k.words) {
				break // and so are the rest, shorter still
			}
			if !shorterName(k.words, p.words) {
				continue
			}
			// Skip p if it is itself a shorter form of a candidate already taken.
			dup := false
			for _, c := range k.cands {
				if shorterName(p.words, c.words) {
					dup = true
					break
				}
			}
			if !dup {
				k.cands = append(k.cands, p)
			}
		}
		found = found || len(k.cands) > 0
	}
	if !found {
		return
	}
	// Where the candidates are named. A candidate is the fullest name of its line, so its
	// own mentions keep their key; those given it below are added as they are.
	for _, k := range g.list {
		for _, c := range k.cands {
			c.cand = true
		}
	}
	for j := range g.ms {
		if k := g.ms[j].info; k.cand {
			k.at = append(k.at, j)
		}
	}
	// Assign each mention of a shorter key: the candidate named nearest before it, else the
	// first named after it.
	for i := range g.ms {
		m := &g.ms[i]
		k := m.info
		cs := g.rootOf(k).cands
		if len(cs) == 0 {
			continue
		}
		if m.Type != document.Person && !m.Weak && k.typ() != document.Person {
			continue // "Washington" the place is not George Washington
		}
		// "Mrs. Clinton" is not Bill Clinton: a courtesy title keeps the candidates whose first
		// name agrees with it, or where none does, those whose first name does not contradict
		// it ("Mr. Clinton": Bill, whose gender the table does not know, not Hillary).
		if len(cs) > 1 && !g.noFirstNames {
			if hg := honorificBefore(g.text, m.Span.Start); hg != firstname.Unknown {
				cs = g.agreeingWith(cs, hg)
			}
		}
		var best, firstAfter *keyInfo
		bestPos, firstPos := -1, -1
		for _, c := range cs {
			for _, j := range c.at {
				o := &g.ms[j]
				if o.info != c {
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
		if best == nil {
			best = firstAfter
		}
		if best != nil && len(cs) > 1 && !g.noFirstNames && honorificBefore(g.text, m.Span.Start) == firstname.Unknown {
			best = g.mainUnlessNear(cs, best, m.Span.Start)
		}
		if best != nil {
			m.key, m.info = best.key, best
			best.at = append(best.at, i)
		}
	}
}

// mainUnlessNear returns, for a shorter name at offset at that candidates cs share and that
// the nearest-named rule gives to best, the candidate the article's body names in full first
// — the one it is about — unless best was named in full less than two paragraph breaks
// before: in an article about Hillary Clinton that names Bill Clinton once, a "Clinton" pages
// later is hers, but "Bill Clinton spoke … Clinton said" is his. (Text whose paragraphs are
// not separated by "\n\n" always counts as near, keeping the nearest-named rule.)
func (g *grouping) mainUnlessNear(cs []*keyInfo, best *keyInfo, at int) *keyInfo {
	var main *keyInfo
	mainFirst, lastFull := 0, -1
	for _, c := range cs {
		n, first := 0, -1
		for _, j := range c.at {
			o := &g.ms[j]
			if len(o.words) != len(c.words) || o.Weak {
				continue // a shorter name given to c, or a headline's ("Will Sanders Win?")
			}
			n++
			if first < 0 || o.Span.Start < first {
				first = o.Span.Start
			}
			if c == best && o.Span.Start < at && o.Span.Start > lastFull {
				lastFull = o.Span.Start
			}
		}
		if n > 0 && (main == nil || first < mainFirst) {
			main, mainFirst = c, first
		}
	}
	if main == nil || main == best || lastFull >= 0 && strings.Count(g.text[lastFull:at], "\n\n") < 2 {
		return best
	}
	return main
}

// entityAcc is what entities gathers of an entity from its mentions.
type entityAcc struct {
	name             []string
	nameText         string // name joined by spaces (mention.name), the entity's Name
	nameWeak         bool
	votes, weakVotes [5]int
	firstBody        int
	n                int // mentions
}

// entities builds the entities: one per root key, in order of first mention.
func (g *grouping) entities() []document.Entity {
	accs := slices.Grow(g.accs[:0], len(g.keys))         // an entity per root key at most
	ent := slices.Grow(g.ent[:0], len(g.ms))[:len(g.ms)] // the entity of each mention
	for j, m := range g.ms {
		r := g.rootOf(m.info)
		if r.ent == 0 {
			accs = append(accs, entityAcc{firstBody: -1})
			r.ent = len(accs)
		}
		i := r.ent - 1
		ent[j] = i
		a := &accs[i]
		a.n++
		// The fullest name: the most words, earliest first; Title Case only where nothing else.
		w := m.words
		if a.name == nil || (a.nameWeak && !m.TitleCase) || (a.nameWeak == m.TitleCase && len(w) > len(a.name)) {
			a.name, a.nameText, a.nameWeak = w, m.name, m.TitleCase
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
	// The mentions of every entity in one array.
	out := make([]document.Entity, len(accs))
	spans := make([]document.Span, len(g.ms))
	for i := range out {
		n := accs[i].n
		out[i].Mentions, spans = spans[:0:n], spans[n:]
	}
	for j, m := range g.ms {
		out[ent[j]].Mentions = append(out[ent[j]].Mentions, m.Span)
	}
	for i := range out {
		a := &accs[i]
		out[i].Name = a.nameText // strings.Join(a.name, " "), made when the mention was
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
	g.accs, g.ent = accs, ent // for the next call
	return out
}
