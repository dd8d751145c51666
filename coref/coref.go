// Package coref resolves each statement's source mention to the speaker it names within the
// article: "Putin", "he" and "the Russian president" to Vladimir Putin.
//
// It works from the article's own evidence, but for one table: the first names whose gender
// news and GAP's annotated pronouns show (package internal/firstname, made from names.go's
// counts by `whosaid train names`), which a pronoun's gender is checked against where the
// article shows nothing else. Proper names
// are grouped by their last word and resolved to the fullest form the article uses ("Putin"
// → "Vladimir Putin"); titles and descriptions before a name ("Russian President", "FBI
// director") are stripped from the name and remembered, so that a later description ("the
// Russian president") can be matched to the name it was written beside. Pronouns take the
// speaker of the statement before them where it fits, or else the nearest person named as a
// sentence's subject, or the nearest person named. Where the text does not support a name
// the mention is kept and the name left empty: coref never invents a name.
//
// Where the entity stage has run (Doc.Entities, package entity), a name that is one of the
// article's entities takes that entity's fullest name and type, and pronouns look back only
// over names that are entities; the capitalisation heuristics that follow type only the names
// the tagger did not find.
package coref

import (
	"github.com/whosaid/whosaid/internal/bystart"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/pos"
)

// Resolver resolves speakers. It holds only read-only tables and a pool of scratch space; one
// value may be shared by goroutines.
type Resolver struct {
	pool sync.Pool // *state, so that a busy pipeline does not allocate its slices per article

	titles      map[string]bool   // words that precede a name as a title or description
	titleKey    map[string]string // each word of titles, to itself: names keep these copies
	orgWords    map[string]bool   // words that make a name an organisation's
	personNouns map[string]bool   // common nouns for people ("spokesman", "sources")
	docNouns    map[string]bool   // common nouns for documents ("report", "poll")
	places      map[string]bool   // countries and cities that speak as governments
	function    map[string]bool   // capitalised function words that are not names

	// classes holds, for every word of titles, orgWords and function, the tables it is in
	// (wordTitle, wordOrg, wordFunction): the words of a name are looked up once for all.
	classes classTable
}

// classTable maps a lower-case word to its classes (Resolver.classes): an open-addressing
// hash table, at most half full, which the name rules ask about every capitalised token,
// for less than a map lookup costs.
type classTable struct {
	slots []classSlot
	mask  uint32
}

// classSlot is one slot of a classTable; an empty word marks it empty.
type classSlot struct {
	h    uint32
	c    uint8
	word string
}

func newClassTable(m map[string]uint8) classTable {
	size := 1
	for size < 2*len(m) {
		size *= 2
	}
	t := classTable{slots: make([]classSlot, size), mask: uint32(size - 1)}
	for w, c := range m {
		h := classHash(w)
		k := h & t.mask
		for t.slots[k].word != "" {
			k = (k + 1) & t.mask
		}
		t.slots[k] = classSlot{h: h, c: c, word: w}
	}
	return t
}

// classHash is the 32-bit FNV-1a hash of w.
func classHash[S ~string | ~[]byte](w S) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return h
}

// lookupClass returns the classes of the lower-case word w in t, 0 for a word it lacks.
func lookupClass[S ~string | ~[]byte](t *classTable, w S) uint8 {
	if len(w) == 0 {
		return 0
	}
	return probe(t, classHash(w), w)
}

// probe returns the classes of the lower-case word w, whose classHash is h, in t.
func probe[S ~string | ~[]byte](t *classTable, h uint32, w S) uint8 {
	for k := h & t.mask; ; k = (k + 1) & t.mask {
		s := &t.slots[k]
		if s.word == "" {
			return 0
		}
		if s.h == h && s.word == string(w) {
			return s.c
		}
	}
}

// Classes of words in Resolver.classes.
const (
	wordTitle uint8 = 1 << iota
	wordOrg
	wordFunction
)

// New returns a Resolver.
func New() *Resolver {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(s) {
			m[w] = true
		}
		return m
	}
	r := &Resolver{
		titles: set(`president vice director chairman chairwoman chair spokesman spokeswoman
			spokesperson secretary senator sen. sen rep. rep representative congressman congresswoman
			governor gov. gov mayor minister prime chancellor leader chief ceo executive officer manager
			campaign press communications aide adviser advisor strategist pollster attorney general
			lawyer judge justice commissioner ambassador candidate nominee presidential republican
			democratic democrat former acting deputy assistant senior top head founder analyst
			economist professor prof. prof expert official host anchor correspondent reporter editor
			columnist commentator author dr. dr mr. mr mrs. mrs ms. ms gen. gen lt. col. sgt. capt.
			adm. majority minority whip speaker counsel special king queen prince princess pope
			sir lord lady dame rev. rev father sister brother detective officer sheriff chancellor
			premier president-elect nominee gop party state foreign defense defence interior
			finance justice homeland security national intelligence house senate white u.s. us
			american russian british chinese french german iranian israeli syrian iraqi mexican
			canadian ukrainian turkish saudi indian japanese korean european maltese italian spanish
			afghan pakistani egyptian australian irish scottish welsh english african arab
			palestinian cuban venezuelan brazilian polish dutch belgian swiss greek swedish
			norwegian danish finnish austrian hungarian czech romanian bulgarian serbian croatian
			libyan lebanese jordanian yemeni qatari emirati kurdish nigerian kenyan
			sudanese ethiopian somali south north east west new`),
		orgWords: set(`office committee department ministry agency bureau administration commission
			council court congress senate house parliament party campaign association foundation
			institute university college school center centre network group company corporation
			corp corp. inc inc. ltd co. bank times post news journal tribune herald press
			service services board union federation alliance organization organisation fund
			reserve police army navy force forces guard club team church cnn fbi cia nsa bbc
			reuters ap afp nbc abc cbs fox msnbc gop dnc rnc un nato eu who imf pentagon kremlin
			government white review magazine daily gazette telegraph guardian observer
			international institute caucus coalition commission authority exchange`),
		personNouns: set(`source sources official officials spokesman spokeswoman spokesperson aide
			aides adviser advisers advisor advisors analyst analysts expert experts person people
			man woman men women critic critics supporter supporters voter voters lawmaker
			lawmakers leader leaders member members staffer staffers insider insiders resident
			residents witness witnesses investigator investigators prosecutor prosecutors
			researcher researchers scientist scientists economist economists observer observers
			president senator governor mayor minister secretary director chairman candidate
			nominee lawyer attorney judge friend friends wife husband son daughter mother father
			host anchor reporter editor author strategist pollster operative surrogate
			democrats republicans someone anyone everyone nobody he she i we you they who`),
		docNouns: set(`report statement letter memo study survey poll polls analysis paper release
			video ad advertisement tweet post email message filing complaint lawsuit indictment
			ruling order document documents book article column editorial speech interview
			transcript assessment review audit investigation data numbers figures results
			research records`),
		places: set(`russia america china iran israel syria iraq mexico canada ukraine turkey
			britain france germany japan india pakistan afghanistan egypt moscow washington
			beijing tehran london paris berlin kiev kyiv ankara pyongyang seoul tokyo brussels
			malta cuba venezuela brazil korea europe`),
		function: set(`the a an but and or so in on at for of to by with from as if when while
			after before this that these those his her its their our my your he she it they we
			i you there here what who why how where which asked also yet still now then however`),
		titleKey: map[string]string{},
	}
	for w := range r.titles {
		r.titleKey[w] = w
	}
	classes := map[string]uint8{}
	for c, m := range map[uint8]map[string]bool{wordTitle: r.titles, wordOrg: r.orgWords, wordFunction: r.function} {
		for w := range m {
			classes[w] |= c
		}
	}
	r.classes = newClassTable(classes)
	return r
}

// name is one proper-name mention in the article, with the title words written before it.
type name struct {
	span   document.Span
	first  int      // the index of the name's first token
	words  []string // the name's words, in text order ("Vladimir", "Putin")
	titles []string // lower-case title and description words before it ("russian", "president")
}

type state struct {
	*Resolver
	d            *document.Doc
	names        []name
	ments        []entMention // the entities' mentions, in text order
	sorter       bystart.Sorter[entMention]
	sentFirst    []bool       // per token: it starts a sentence
	tokClass     []uint16     // per token: its classes (tokenClasses), or 0 before they are looked up
	strs         []string     // backing store of the names' words and titles
	words        []string     // scratch of description
	genders      []gender     // per entity of Doc.Entities: the gender the article shows (collectGenders)
	genderCount  []int        // scratch of collectGenders
	gendersDone  bool         // collectGenders has run for this article
	noFirstNames bool         // collectGenders leaves out the first-name table (CountFirstNames)
	buf          [maxKey]byte // room to lower-case a word for a table lookup
}

// maxKey bounds the words lower-cased for a table lookup; no word of the tables is longer.
const maxKey = 32

// entMention is one mention of one of Doc.Entities.
type entMention struct {
	document.Span
	ent int
}

// Resolve sets the Speaker of every statement in d.
func (r *Resolver) Resolve(d *document.Doc) {
	if len(d.Statements) == 0 {
		return
	}
	s := r.start(d)
	defer r.done(s)
	for i := range d.Statements {
		st := &d.Statements[i]
		if st.Continues >= 0 || st.Source.Empty() {
			continue
		}
		st.Speaker = s.resolve(st.Source, i)
		if st.Speaker.Type == document.Person {
			st.Speaker.Name = s.fullFromFirst(st.Speaker.Name)
		}
	}
	for i := range d.Statements {
		st := &d.Statements[i]
		if st.Continues < 0 {
			if st.Source.Empty() && st.Speaker.Type == "" {
				st.Speaker.Type = document.Unknown
			}
			continue
		}
		// Follow the chain of continued quotations to the statement that names the speaker.
		j := st.Continues
		for hops := 0; hops < len(d.Statements) && d.Statements[j].Continues >= 0 && d.Statements[j].Source.Empty(); hops++ {
			j = d.Statements[j].Continues
		}
		st.Speaker = d.Statements[j].Speaker
		if st.Speaker.Type == "" {
			st.Speaker.Type = document.Unknown
		}
	}
}

// start returns a state ready to resolve mentions of d: its names and entities gathered.
func (r *Resolver) start(d *document.Doc) *state {
	s, _ := r.pool.Get().(*state)
	if s == nil {
		s = &state{Resolver: r}
	}
	s.d = d
	s.collectNames()
	s.collectEntities()
	s.gendersDone = false
	return s
}

// done returns s to the pool, letting go of its article.
func (r *Resolver) done(s *state) {
	clear(s.names) // let the article's text go
	clear(s.strs)
	s.d, s.names, s.ments, s.strs = nil, s.names[:0], s.ments[:0], s.strs[:0]
	if cap(s.sentFirst) <= 1<<16 { // do not keep giant buffers alive after one huge input
		r.pool.Put(s)
	}
}

// Pronoun resolves the third-person pronoun at sp ("he", "her", "his", …) as a statement's
// source there would be resolved: to the speaker of the statement before it, if that fits,
// or else to the nearest earlier person named as a sentence's subject, or named at all,
// whose gender does not contradict it. It returns
// the zero Speaker for a span that is no such pronoun. It lets coreference be measured on
// pronoun data such as GAP (pipeline's TestGAP), not only on statements.
func (r *Resolver) Pronoun(d *document.Doc, sp document.Span) document.Speaker {
	w := strings.ToLower(strings.TrimSpace(d.Slice(sp)))
	g := pronounGender(w)
	if g == genderUnknown {
		return document.Speaker{}
	}
	s := r.start(d)
	defer r.done(s)
	return s.pronoun(sp, len(d.Statements), document.Person, g)
}

// collectNames finds the capitalised name runs of the article, with their titles.
func (s *state) collectNames() {
	toks := s.d.Tokens
	if cap(s.sentFirst) < len(toks) {
		s.sentFirst = make([]bool, len(toks))
		s.tokClass = make([]uint16, len(toks))
	}
	sentFirst := s.sentFirst[:len(toks)]
	clear(sentFirst)
	s.tokClass = s.tokClass[:len(toks)]
	clear(s.tokClass)
	for _, se := range s.d.Sentences {
		if se.FirstToken >= 0 && se.FirstToken < len(toks) {
			sentFirst[se.FirstToken] = true
		}
	}
	for i := 0; i < len(toks); {
		// Most tokens are no capitalised word: ruled out here, before nameToken's lookup.
		if t := &toks[i]; t.Kind != document.Word || !t.Cap || !s.nameToken(i, sentFirst) {
			i++
			continue
		}
		j := i
		for j+1 < len(toks) && toks[j+1].Para == toks[i].Para {
			if s.nameToken(j+1, sentFirst) && !sentFirst[j+1] {
				j++
				continue
			}
			// "of the" and "for" inside a name: "Office of the Director of National Intelligence"
			w := s.text(j + 1)
			if len(w) < 2 || len(w) > 3 {
				break // no such word: only ASCII letters lower to theirs (TestJoinWordsASCII)
			}
			if b, ok := s.lowerASCII(w); ok {
				w = string(b) // compared only: the compiler keeps it on the stack
			} else {
				w = strings.ToLower(w)
			}
			if w == "of" || w == "for" || w == "and" || w == "de" || w == "van" || w == "von" {
				k := j + 2
				if k < len(toks) && s.lowerEq(s.text(k), "the") {
					k++
				}
				if k < len(toks) && toks[k].Para == toks[i].Para && s.nameToken(k, sentFirst) && (w != "and" || s.isOrgish(i, j)) {
					j = k
					continue
				}
			}
			break
		}
		s.addName(i, j)
		i = j + 1
	}
}

func (s *state) text(i int) string {
	t := &s.d.Tokens[i]
	return s.d.Text[t.Start:t.End]
}

func (s *state) nameToken(i int, sentFirst []bool) bool {
	t := &s.d.Tokens[i]
	if t.Kind != document.Word || !t.Cap {
		return false
	}
	// "The", "But", "In": capitalised at a sentence's or a quotation's start, or as the first
	// word of a name ("The New York Times" is named without it).
	word, _ := s.tokenClasses(i)
	return word&wordFunction == 0
}

func (s *state) isOrgish(i, j int) bool {
	for k := i; k <= j; k++ {
		if _, stripped := s.tokenClasses(k); stripped&wordOrg != 0 {
			return true
		}
	}
	return false
}

// tokenClasses returns the classes (Resolver.classes) of token i's word and of the word
// without a possessive, as is finds them. The name rules ask about the same tokens many
// times; each token is looked up once per article.
func (s *state) tokenClasses(i int) (word, stripped uint8) {
	c := s.tokClass[i]
	if c == 0 {
		w := s.text(i)
		c = 1<<15 | uint16(s.class(w))
		if sw := stripPossessive(w); len(sw) == len(w) {
			c |= c << 8
		} else {
			c |= uint16(s.class(sw)) << 8
		}
		s.tokClass[i] = c
	}
	return uint8(c), uint8(c>>8) &^ 0x80
}

// class returns the classes of w lower-cased as strings.ToLower does, as is looks it up. An
// ASCII word is lower-cased into s.buf and hashed in the same pass.
func (s *state) class(w string) uint8 {
	if len(w) == 0 || len(w) > maxKey {
		return lookupClass(&s.classes, strings.ToLower(w))
	}
	b := s.buf[:len(w)]
	h := uint32(2166136261) // classHash of the lower-case word, computed as it is written
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return lookupClass(&s.classes, strings.ToLower(w))
		}
		c = asciiLower[c] // a load rather than a branch that capitals would mispredict
		b[i] = c
		h = (h ^ uint32(c)) * 16777619
	}
	return probe(&s.classes, h, b)
}

// asciiLower maps each byte to itself, but for the ASCII capitals, which it maps to their
// lower case.
var asciiLower = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

// addName records tokens i..j as a name, moving leading title words into its titles. Lower
// case title words right before the run ("FBI director James Comey") count as titles too.
func (s *state) addName(i, j int) {
	t0 := len(s.strs)
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if s.d.Tokens[k].Kind != document.Word {
			break
		}
		if word, _ := s.tokenClasses(k); word&wordTitle == 0 {
			break
		}
		s.strs = append(s.strs, s.lowerTitle(s.text(k)))
	}
	a := i
	if !s.isOrgish(i, j) {
		// The name is what follows the last title word: "Eastport Mayor Jane Alder",
		// "Secretary of State John Kerry".
		last := -1
		for k := i; k < j; k++ {
			if word, _ := s.tokenClasses(k); word&wordTitle != 0 {
				last = k
			}
		}
		for k := i; k <= last; k++ {
			s.strs = append(s.strs, s.lowerTitle(s.text(k)))
		}
		a = last + 1
		if a == 0 {
			a = i
		}
	}
	w0 := len(s.strs)
	for k := a; k <= j; k++ {
		s.strs = append(s.strs, stripPossessive(s.text(k)))
	}
	// Full slice expressions: a later append to s.strs must not write into a name's slices.
	s.names = append(s.names, name{
		span:   document.Span{Start: s.d.Tokens[a].Start, End: s.d.Tokens[j].End},
		first:  a,
		words:  s.strs[w0:len(s.strs):len(s.strs)],
		titles: s.strs[t0:w0:w0],
	})
}

// is reports whether w, lower-cased as strings.ToLower does, is in the table m. An ASCII word
// is lower-cased into s.buf, which a map lookup with string(…) reads without allocating.
func (s *state) is(m map[string]bool, w string) bool {
	if b, ok := s.lowerASCII(w); ok {
		return m[string(b)]
	}
	return m[strings.ToLower(w)]
}

// lowerASCII lower-cases w into s.buf and returns it, or false when w is not ASCII (whose
// lower case strings.ToLower must give) or longer than the buffer (and so than any word of the
// tables, TestTablesFitKey).
func (s *state) lowerASCII(w string) ([]byte, bool) {
	if len(w) > maxKey {
		return nil, false
	}
	b := s.buf[:len(w)]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b, true
}

// lowerEq reports whether strings.ToLower(w) == lw.
func (s *state) lowerEq(w, lw string) bool {
	if b, ok := s.lowerASCII(w); ok {
		return string(b) == lw
	}
	return strings.ToLower(w) == lw
}

// lowerTitle returns w in lower case. A title's lower case is the Resolver's own copy, so that
// "President" costs no allocation.
func (s *state) lowerTitle(w string) string {
	if b, ok := s.lowerASCII(w); ok {
		if t, ok := s.titleKey[string(b)]; ok {
			return t
		}
	}
	return strings.ToLower(w)
}

// stripPossessive removes a trailing "’s" or "'s".
func stripPossessive(w string) string {
	// The suffixes in order of preference, each only where it leaves something: "’s", "'s",
	// "’", "'". Every one ends in 's', '\'' or the last byte of "’", which most words do not.
	n := len(w)
	if n < 2 {
		return w
	}
	switch w[n-1] {
	case 's', '\'', "’"[2]:
	default:
		return w
	}
	switch {
	case n > len("’s") && w[n-len("’s"):] == "’s":
		return w[:n-len("’s")]
	case n > len("'s") && w[n-len("'s"):] == "'s":
		return w[:n-len("'s")]
	case n > len("’") && w[n-len("’"):] == "’":
		return w[:n-len("’")]
	case w[n-1] == '\'':
		return w[:n-1]
	}
	return w
}

// resolve returns the speaker that the source mention sp names; st is the statement's index.
func (s *state) resolve(sp document.Span, st int) document.Speaker {
	// A pronoun has at most four bytes: a longer mention, most are names, need not be
	// lower-cased to be told from one.
	lw := ""
	if m := strings.TrimSpace(s.d.Slice(sp)); len(m) <= len("they") && (len(m) < 2 || m[1] < 'A' || m[1] > 'Z') {
		lw = strings.ToLower(m) // but "WHO", "IT" in capitals are names, not pronouns
	}
	switch lw {
	case "he", "she", "him", "her", "i":
		return s.pronoun(sp, st, document.Person, pronounGender(lw))
	case "it":
		return s.pronoun(sp, st, document.Organization, genderUnknown)
	case "who":
		return s.relative(sp)
	case "they", "we":
		return s.plural(sp, st)
	case "you":
		return document.Speaker{Type: document.Unknown}
	}
	// An entity that heads the mention: "Russian President Vladimir Putin", "Putin’s".
	if e := s.headEntity(sp); e >= 0 {
		return s.entitySpeaker(e)
	}
	// A surname in capitals, as transcripts print speakers ("PENCE: Well, …"): the article's
	// fullest name that ends with it.
	if n := s.capitalsName(sp); n != nil {
		return s.speakerOf(n)
	}
	// The name inside the mention: the last name run that ends the mention's head, or the
	// one before its first comma that an apposition follows ("K.C. Maurer, chief financial
	// officer at the Andy Warhol Foundation,").
	var inside *name
	for k := range s.names {
		n := &s.names[k]
		if sp.Contains(n.span) && !inParens(s.d.Text[sp.Start:n.span.Start]) {
			inside = n // not "R-IN" in "Mike Pence (R-IN)"
			if !strings.Contains(s.d.Text[sp.Start:n.span.Start], ",") && strings.HasPrefix(strings.TrimSpace(s.d.Text[n.span.End:sp.End]), ",") {
				break
			}
		}
	}
	if inside != nil && s.isHeadName(sp, inside) && !s.onlyTitles(inside) && !s.capitalisedNoun(inside) {
		return s.speakerOf(inside)
	}
	// A person's campaign or administration: "the Clinton campaign", "Donald Trump's campaign".
	if inside != nil {
		if who, ok := s.personsGroup(sp, inside); ok {
			return who
		}
	}
	// A description: "the Russian president", "the influential US daily".
	if n := s.description(sp); n != nil {
		return s.speakerOf(n)
	}
	return document.Speaker{Type: s.commonType(sp)}
}

// personsGroup resolves a mention that is a person's name and one of the words for the
// people who speak for them, and nothing more ("the Clinton campaign", "Mr. Sanders's
// campaign", "the Obama administration"), to that group, named by the person's surname in
// the article's fullest form: "Clinton campaign", an organization. The article names the
// group so; its own name keeps it apart from the person in `whosaid speakers`.
func (s *state) personsGroup(sp document.Span, n *name) (document.Speaker, bool) {
	rest := strings.TrimSpace(stripPossessive(s.d.Text[n.span.End:sp.End]))
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "’s"), "'s")
	group := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), ","))
	switch group {
	case "campaign", "administration", "camp", "team":
	default:
		return document.Speaker{}, false
	}
	before := strings.TrimSpace(s.d.Text[sp.Start:n.span.Start])
	if before != "" && !strings.EqualFold(before, "the") {
		return document.Speaker{}, false // "a former Clinton campaign", "His campaign"
	}
	who := s.speakerOf(n)
	if who.Type != document.Person || who.Name == "" {
		return document.Speaker{}, false
	}
	if group == "camp" {
		group = "campaign" // one group under one name: "the Clinton camp" is its campaign
	}
	return document.Speaker{Name: who.Name[strings.LastIndexByte(who.Name, ' ')+1:] + " " + group, Type: document.Organization}, true
}

// fullFromFirst returns, for a one-word person's name that is the first word of exactly one
// person entity of two or three words in the article and the last word of none ("Hillary",
// "Bernie"; "Ban" for Ban Ki-moon, whose family name comes first), that entity's name;
// otherwise name itself. Entities are grouped by their last words, so a first name used
// alone is an entity of its own.
func (s *state) fullFromFirst(name string) string {
	if name == "" || strings.IndexByte(name, ' ') >= 0 {
		return name
	}
	full := ""
	for _, e := range s.d.Entities {
		// The first and last words of the name, without splitting it (this runs for every
		// one-word speaker): entity names are words joined by single spaces.
		sp := strings.IndexByte(e.Name, ' ')
		if sp < 0 {
			continue
		}
		if e.Name[strings.LastIndexByte(e.Name, ' ')+1:] == name {
			return name // a surname, whatever the tagger typed its full name ("Donald Trump")
		}
		if e.Type != document.Person || strings.Count(e.Name, " ") > 2 {
			continue
		}
		if e.Name[:sp] == name {
			if full != "" && full != e.Name {
				return name
			}
			full = e.Name
		}
	}
	if full == "" {
		return name
	}
	// The full name's last word must be a surname that the article also uses alone, after a
	// lower-case word or a courtesy title ("Clinton" besides "Hillary Clinton"), or the one
	// word must follow a courtesy title somewhere, as family names that come first do ("Mr.
	// Ban" for Ban Ki-moon). So "Trump" is not "Trump World", nor "Hurun" the "Hurun Report".
	words := strings.Fields(full)
	last, before := words[len(words)-1], words[len(words)-2]
	for i := range s.d.Tokens {
		if s.d.Tokens[i].Kind != document.Word || !s.d.Tokens[i].Cap || i == 0 {
			continue
		}
		switch w := s.text(i); {
		case w == last && s.text(i-1) != before && (!s.d.Tokens[i-1].Cap || honorificGender(s.text(i-1)) != genderUnknown):
			return full
		case w == name && honorificGender(s.text(i-1)) != genderUnknown:
			return full
		}
	}
	return name
}

// capitalisedNoun reports whether the name run n is a common word capitalised because it
// opens its sentence ("Hackers said", "Officials say", "Some argue"): one word, first in its
// sentence, that the part-of-speech tagger does not tag a proper noun and the entity tagger
// (where it has run) does not take for a name, and that the article never writes as part of
// a longer name. Without parts of speech, it is a name.
func (s *state) capitalisedNoun(n *name) bool {
	if len(n.words) != 1 || !s.sentFirst[n.first] || n.first >= len(s.d.POS) ||
		pos.Tag(s.d.POS[n.first]).IsProperNoun() {
		return false
	}
	return s.entityOf(n.span) < 0 && s.fullest(n) == n
}

// capitalsName returns, for a mention that is one word of three letters or more all in
// capitals ("PENCE"), the longest name of the article whose last word is that word in any
// case ("Mike Pence"), or nil. An acronym ("FBI") finds none, since no name ends with it in
// other letters; one that a name does end with is that name.
func (s *state) capitalsName(sp document.Span) *name {
	m := strings.TrimSpace(s.d.Slice(sp))
	if len(m) < 3 || strings.IndexFunc(m, func(r rune) bool { return !unicode.IsUpper(r) }) >= 0 {
		return nil
	}
	var best *name
	for k := range s.names {
		n := &s.names[k]
		if len(n.words) >= 2 && strings.EqualFold(n.words[len(n.words)-1], m) && n.words[len(n.words)-1] != m &&
			(best == nil || len(n.words) > len(best.words)) {
			best = n
		}
	}
	return best
}

// inParens reports whether the text before a name leaves a parenthesis open.
func inParens(before string) bool {
	return strings.Count(before, "(") > strings.Count(before, ")")
}

// onlyTitles reports whether a capitalised run is a title used alone ("Mayor", "The
// President"), which is a description to resolve, not a name.
func (s *state) onlyTitles(n *name) bool {
	for _, w := range n.words {
		if !s.is(s.titles, w) {
			return false
		}
	}
	return true
}

// isHeadName reports whether the name n is the head of the mention sp rather than a modifier
// ("Clinton" in "a Clinton spokesman" is not the speaker). An apposition after the name
// ("Scott Goodstein, its chief executive,") or a parenthesis ("Gov. Mike Pence (R-IN)")
// keeps the name as the head.
func (s *state) isHeadName(sp document.Span, n *name) bool {
	rest := strings.TrimSpace(s.d.Text[n.span.End:sp.End])
	if rest == "" {
		return true
	}
	return strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, "(")
}

// fullest returns the fullest name in the article for the same entity as n: a name whose words
// contain n's words in order and share its last word ("Putin" → "Vladimir Putin").
func (s *state) fullest(n *name) *name {
	best := n
	last := n.words[len(n.words)-1]
	for k := range s.names {
		c := &s.names[k]
		if len(c.words) <= len(best.words) || c.words[len(c.words)-1] != last {
			continue
		}
		if containsInOrder(c.words, n.words) {
			best = c
		}
	}
	return best
}

func containsInOrder(big, small []string) bool {
	j := 0
	for _, w := range big {
		if j < len(small) && w == small[j] {
			j++
		}
	}
	return j == len(small)
}

// pronoun resolves a pronoun to the speaker of the nearest statement before it, or else to the
// nearest earlier name of the wanted type that opens a sentence as its subject, or else to
// the nearest earlier name of that type; g is the pronoun's gender, which a named person of
// the other gender (collectGenders) cannot take.
func (s *state) pronoun(sp document.Span, st int, want document.EntityType, g gender) document.Speaker {
	// The speaker of the statement just before, named or not: in "A spokeswoman said …. “…,”
	// she said." she is the spokeswoman, whoever was named earlier.
	for k := st - 1; k >= 0; k-- {
		prev := s.d.Statements[k]
		if prev.Content[0].Start >= sp.Start {
			continue
		}
		if prev.Speaker.Type == want && (prev.Speaker.Name != "" || !prev.Source.Empty()) &&
			agrees(s.speakerGender(prev.Speaker), g) {
			if prev.Speaker.Name == "" {
				// But a person named as the subject of a sentence between that statement and the
				// pronoun is nearer: "A spokeswoman said …. Mr. Ban focused on … . He went …"
				if n := s.subjectBetween(statementEnd(&prev), sp.Start, g); n != nil {
					return s.speakerOf(n)
				}
			}
			return prev.Speaker
		}
		break
	}
	// The nearest person named as a sentence's subject (no verb before the name in its
	// sentence), within subjectReach; then the nearest person named at all. On GAP
	// (pipeline's TestGAP) the subjects first raised F1 from 42.3 to 47.9 (development) and
	// from 40.2 to 47.8 (test).
	for pass := range 2 {
		for k := len(s.names) - 1; k >= 0; k-- {
			n := &s.names[k]
			if n.span.End > sp.Start {
				continue
			}
			if pass == 0 && sp.Start-n.span.End > subjectReach {
				break
			}
			e := s.entityOf(n.span)
			if len(s.ments) > 0 && e < 0 {
				continue // a capitalised word the tagger did not take for a name
			}
			if e >= 0 && !agrees(s.genderOf(e), g) {
				continue
			}
			if pass == 0 {
				if _, ok := s.opensSubject(n.first); !ok {
					continue
				}
			}
			if who := s.speakerOf(n); who.Type == want {
				return who
			}
		}
	}
	return document.Speaker{Type: want}
}

// subjectReach bounds, in bytes, how far back a pronoun looks for a subject first: a couple
// of sentences of news. (GAP's F1 moves by 0.2 at most between 200 and 3,000.)
const subjectReach = 600

// plural resolves "they" or "we" to the speaker of the statement just before it when that is
// a named organization ("The Clinton campaign said …. They added …", "the Church of
// Scientology … They said"); people in the plural have no one name.
func (s *state) plural(sp document.Span, st int) document.Speaker {
	for k := st - 1; k >= 0; k-- {
		prev := s.d.Statements[k]
		if prev.Content[0].Start >= sp.Start {
			continue
		}
		// Only where that source names the organization and nothing else: "economists at the
		// Massachusetts Institute of Technology" said it, but "they" are the economists.
		if prev.Speaker.Type == document.Organization && prev.Speaker.Name != "" && s.namesOnly(prev.Source, prev.Speaker.Name) {
			return prev.Speaker
		}
		break
	}
	return document.Speaker{Type: document.Unknown}
}

// namesOnly reports whether the mention sp is the name, but for a leading "the" and a
// possessive: "The Clinton campaign" for Clinton campaign, "the Church of Scientology's".
func (s *state) namesOnly(sp document.Span, name string) bool {
	m := strings.TrimSpace(stripPossessive(strings.TrimSpace(s.d.Slice(sp))))
	if len(m) > 4 && strings.EqualFold(m[:4], "the ") {
		m = m[4:]
	}
	return m == name
}

// statementEnd returns the end of the last of st's spans.
func statementEnd(st *document.Statement) int {
	end := max(st.Source.End, st.Cue.End)
	for _, c := range st.Content {
		end = max(end, c.End)
	}
	return end
}

// subjectBetween returns the name of the last sentence between the offsets from and to that
// opens with a person entity as its subject (opensSubject) agreeing with gender g; nil if
// there is none.
func (s *state) subjectBetween(from, to int, g gender) *name {
	var found *name
	foundSent := -1
	for k := range s.names {
		n := &s.names[k]
		if n.span.Start < from {
			continue
		}
		if n.span.End > to {
			break
		}
		e := s.entityOf(n.span)
		if e < 0 || s.d.Entities[e].Type != document.Person || !agrees(s.genderOf(e), g) {
			continue
		}
		if first, ok := s.opensSubject(n.first); ok && first != foundSent {
			found, foundSent = n, first
		}
	}
	return found
}

// opensSubject reports whether no verb comes before token t in its sentence, so that a name
// there is most likely the sentence's subject, and returns the sentence's first token.
func (s *state) opensSubject(t int) (first int, ok bool) {
	if len(s.d.POS) != len(s.d.Tokens) {
		return 0, false
	}
	i := t
	for ; i > 0 && !s.sentFirst[i]; i-- {
		if pos.Tag(s.d.POS[i-1]).IsPredicate() {
			return 0, false
		}
	}
	return i, true
}

// relative resolves "who" to the name right before it ("Smith, who said …").
func (s *state) relative(sp document.Span) document.Speaker {
	for k := len(s.names) - 1; k >= 0; k-- {
		n := &s.names[k]
		if n.span.End <= sp.Start && sp.Start-n.span.End <= 3 {
			return s.speakerOf(n)
		}
	}
	return document.Speaker{Type: document.Unknown}
}

// description matches "the Russian president" to the name written with those words as its
// title ("Russian President Vladimir Putin"). Every content word of the description must be
// among the name's titles; the nearest such name before the mention wins.
func (s *state) description(sp document.Span) *name {
	// The content words: the runs of letters, dots and hyphens (strings.FieldsFunc's fields)
	// but for determiners, gathered in s.words.
	lower := strings.ToLower(s.d.Slice(sp))
	words := s.words[:0]
	add := func(f string) {
		if f != "the" && f != "a" && f != "an" && f != "this" && f != "that" {
			words = append(words, f)
		}
	}
	start := -1
	for i, r := range lower {
		if unicode.IsLetter(r) || r == '.' || r == '-' {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			add(lower[start:i])
			start = -1
		}
	}
	if start >= 0 {
		add(lower[start:])
	}
	defer func() {
		clear(words) // let the article's text go
		s.words = words[:0]
	}()
	if len(words) == 0 {
		return nil
	}
	var best *name
	for k := range s.names {
		n := &s.names[k]
		if len(n.titles) == 0 {
			continue
		}
		all := true
		for _, w := range words {
			// An abbreviated title stands for the word only beside a qualifier: "the Florida
			// senator" is "Florida Sen. Marco Rubio", but "the senator" alone, in an article
			// with two "Sen."s, is not the nearest of them often enough.
			if !contains(n.titles, w) && (len(words) < 2 || !containsTitle(n.titles, w)) {
				all = false
				break
			}
		}
		if all && (best == nil || n.span.Start < sp.Start) {
			best = s.fullest(n)
		}
	}
	return best
}

// containsTitle reports whether titles holds the abbreviation of the title w ("sen." for
// "senator"): "the Vermont senator" is "Vermont Sen. Bernie Sanders".
func containsTitle(titles []string, w string) bool {
	for _, t := range titles {
		if abbreviations[t] == w {
			return true
		}
	}
	return false
}

// abbreviations maps the abbreviated titles that news writes before names to the words a
// description uses.
var abbreviations = map[string]string{
	"sen.": "senator", "sen": "senator", "rep.": "representative", "rep": "representative",
	"gov.": "governor", "gov": "governor", "gen.": "general", "lt.": "lieutenant", "col.": "colonel",
	"sgt.": "sergeant", "capt.": "captain", "adm.": "admiral", "cmdr.": "commander",
	"atty.": "attorney", "supt.": "superintendent", "prof.": "professor", "pres.": "president",
	"sec.": "secretary", "amb.": "ambassador", "rev.": "reverend", "insp.": "inspector",
}

func contains(list []string, w string) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}

// typeOf guesses an entity type for a name from its words and titles.
func (s *state) typeOf(n *name) document.EntityType {
	for _, w := range n.words {
		if s.is(s.orgWords, w) {
			return document.Organization
		}
	}
	if len(n.words) == 1 {
		w := n.words[0]
		if isAcronym(w) {
			return document.Organization
		}
		if s.is(s.places, w) {
			return document.Organization // a country or capital speaking: its government
		}
	}
	for _, t := range n.titles {
		if s.personNouns[t] || t == "mr." || t == "mrs." || t == "ms." || t == "sen." || t == "rep." || t == "gov." || t == "dr." {
			return document.Person
		}
	}
	if len(n.words) >= 2 && len(n.words) <= 4 {
		return document.Person
	}
	// A single surname used elsewhere with a first name was collapsed by fullest; a lone
	// capitalised word that speaks is most often a person in news.
	if len(n.words) == 1 {
		return document.Person
	}
	return document.Other
}

func isAcronym(w string) bool {
	if utf8.RuneCountInString(w) < 2 || utf8.RuneCountInString(w) > 6 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) && r != '.' && r != '&' {
			return false
		}
	}
	return true
}

// commonType types an unnamed source by its head noun.
func (s *state) commonType(sp document.Span) document.EntityType {
	f := strings.Fields(strings.ToLower(s.d.Slice(sp)))
	if len(f) == 0 {
		return document.Unknown
	}
	// The head is the last word before a prepositional phrase: "a spokeswoman for the company".
	head := strings.Trim(f[len(f)-1], ",.;:")
	for i, w := range f {
		if i > 0 && (w == "for" || w == "of" || w == "at" || w == "with" || w == "from" || w == "in" || w == "close") {
			head = strings.Trim(f[i-1], ",.;:")
			break
		}
	}
	switch {
	case s.personNouns[head]:
		return document.Person
	case s.docNouns[head]:
		return document.Other
	case s.orgWords[head]:
		return document.Organization
	}
	return document.Unknown
}

// collectEntities indexes the mentions of Doc.Entities.
func (s *state) collectEntities() {
	for e, ent := range s.d.Entities {
		for _, m := range ent.Mentions {
			s.ments = append(s.ments, entMention{m, e})
		}
	}
	s.sorter.Sort(s.ments, func(m *entMention) int { return m.Start })
}

// entitySpeaker is the speaker that entity e names.
func (s *state) entitySpeaker(e int) document.Speaker {
	ent := s.d.Entities[e]
	t := ent.Type
	if t == "" {
		t = document.Unknown
	}
	return document.Speaker{Name: ent.Name, Type: t}
}

// headEntity returns the entity whose mention is the head of the source mention sp: the last
// entity mention inside sp with nothing after it but a possessive, or an apposition after a
// comma ("Tom Reyes, who leads the opposition"); -1 if there is none.
func (s *state) headEntity(sp document.Span) int {
	head := -1
	for _, m := range s.ments {
		if m.Start >= sp.End {
			break
		}
		if !sp.Contains(m.Span) {
			continue
		}
		rest := strings.TrimSpace(stripPossessive(s.d.Text[m.End:sp.End]))
		if strings.HasPrefix(rest, ",") && !strings.Contains(s.d.Text[sp.Start:m.Start], ",") {
			// A name before the mention's first comma heads the apposition after it: "John
			// Cornyn, Republican from Texas," is Cornyn, not Texas.
			return m.ent
		}
		if rest == "" || rest == "’s" || rest == "'s" || strings.HasPrefix(rest, ",") {
			head = m.ent
		}
	}
	return head
}

// entityOf returns the entity that the name run at sp is a mention of: a mention that
// overlaps it and ends where it ends (but for a possessive), or -1.
func (s *state) entityOf(sp document.Span) int {
	for _, m := range s.ments {
		if m.Start >= sp.End {
			break
		}
		if !m.Overlaps(sp) {
			continue
		}
		if m.End == sp.End || stripPossessive(s.d.Text[m.Start:sp.End]) == s.d.Text[m.Start:m.End] {
			return m.ent
		}
	}
	return -1
}

// speakerOf returns the speaker that the name n names: its entity's, where it is a mention
// of one (or its fullest form is), else the fullest form of the name with a guessed type.
func (s *state) speakerOf(n *name) document.Speaker {
	if e := s.entityOf(n.span); e >= 0 {
		return s.entitySpeaker(e)
	}
	full := s.fullest(n)
	if e := s.entityOf(full.span); e >= 0 {
		return s.entitySpeaker(e)
	}
	return document.Speaker{Name: strings.Join(full.words, " "), Type: s.typeOf(full)}
}
