package quote

import (
	"encoding/binary"
	"sort"
	"strings"
)

// frame says what a reporting verb takes after it, which decides where its content lies.
type frame uint8

const (
	frameClause      frame = iota // said (that) CLAUSE; also "CLAUSE, he said"
	frameTell                     // told OBJECT (that) CLAUSE
	frameObject                   // denied / downplayed / accused OBJECT …: the rest of the clause
	frameAsk                      // asked (OBJECT) whether/why/…
	frameAccordingTo              // according to SOURCE
)

// form is the inflection of a cue word, which decides how its subject is found.
type form uint8

const (
	formFinite form = iota // said, says, say
	formIng                // saying, adding: the subject is the clause's subject
	formBase               // say: only finite after a subject ("officials say")
)

type cue struct {
	lemma string
	frame frame
	form  form
}

// lexicon maps a lower-case word to the cue it is. Words that are also common nouns
// ("claims", "reports", "warning") are marked so that a determiner before them rules them out.
type lexicon struct {
	words map[string]cue
}

// The reporting verbs, by frame. Each entry is "lemma past third ing" where the regular forms
// are generated when only the lemma is given.
var (
	clauseVerbs = `say:said:says:saying add note:noted:notes:noting write:wrote:writes:writing
		explain argue:argued:argues:arguing claim insist:insisted confirm announce declare state
		report suggest predict promise pledge vow threaten allege assert contend maintain stress
		emphasize emphasise observe remark comment recall testify:testified:testifies:testifying
		tweet complain concede counter conclude estimate reiterate repeat acknowledge admit:admitted:admits:admitting
		warn reply:replied:replies:replying respond answer caution joke quip boast brag lament
		scoff shout yell whisper mention disclose reveal indicate hint suggest signal speculate
		agree:agreed:agrees:agreeing believe think:thinks:thinks:thinking feel:felt:feels:feeling
		hope fear:feared:fears:fearing show:showed:shows:showing find:found:finds:finding
		read:read:reads:reading continue recommend propose posit muse retort snap:snapped:snaps:snapping
		chant tout assure explain wonder conclude forecast:forecast:forecasts:forecasting project
		predict figure guess imply charge swear:swore:swears:swearing proclaim affirm attest surmise`
	tellVerbs   = `tell:told:tells:telling assure:assured:assures:assuring inform remind:reminded:reminds:reminding warn urge:urged:urges:urging notify:notified:notifies:notifying`
	objectVerbs = `deny:denied:denies:denying dismiss downplay criticize criticise blame slam:slammed:slams:slamming reject
		condemn defend praise accuse describe call:called:calls:calling hail:hailed:hails:hailing
		welcome question:questioned:questions:questioning decry denounce dispute mock:mocked:mocks:mocking
		ridicule rebuke castigate lambast lambaste blast`
	askVerbs = `ask:asked:asks:asking wonder:wondered:wonders:wondering question:questioned:questions:questioning inquire`
)

// nounLike are cue forms that are just as often nouns; after a determiner or adjective they
// are not cues ("the claims", "his remarks").
const nounLikeWords = `claims reports warning warnings notes comments remarks answers calls promise promises
	pledge pledges estimates questions report claim comment answer call charge charges support
	findings finding shows show reading readings respond thought thoughts fear fears hope hopes
	feeling feelings project projects forecast forecasts counter statement attack attacks`

func newLexicon() *lexicon {
	l := &lexicon{words: map[string]cue{}}
	add := func(list string, fr frame) {
		for _, e := range strings.Fields(list) {
			parts := strings.Split(e, ":")
			lemma := parts[0]
			var past, third, ing string
			if len(parts) == 4 {
				past, third, ing = parts[1], parts[2], parts[3]
			} else {
				past, third, ing = regular(lemma)
				if len(parts) == 2 {
					past = parts[1]
				}
			}
			for _, w := range []struct {
				s string
				f form
			}{{past, formFinite}, {third, formFinite}, {ing, formIng}, {lemma, formBase}} {
				if _, seen := l.words[w.s]; !seen {
					l.words[w.s] = cue{lemma: lemma, frame: fr, form: w.f}
				}
			}
		}
	}
	// Earlier lists win for a word in two lists ("warn" takes a clause or an object).
	add(tellVerbs, frameTell)
	add(askVerbs, frameAsk)
	add(clauseVerbs, frameClause)
	add(objectVerbs, frameObject)
	return l
}

// regular returns the past, third person and -ing forms of a regular verb.
func regular(v string) (past, third, ing string) {
	switch {
	case strings.HasSuffix(v, "e"):
		past, ing = v+"d", v[:len(v)-1]+"ing"
	case strings.HasSuffix(v, "y") && len(v) > 2 && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		past, ing = v[:len(v)-1]+"ied", v+"ing"
	default:
		past, ing = v+"ed", v+"ing"
	}
	switch {
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "x"):
		third = v + "es"
	case strings.HasSuffix(v, "y") && len(v) > 2 && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		third = v[:len(v)-1] + "ies"
	default:
		third = v + "s"
	}
	return past, third, ing
}

// class is a set of the closed word classes below, as bits. Each token's classes are looked up
// once per document (run.prepare), so that a rule tests a bit where it would look a word up
// in a map.
type class uint32

// The closed classes the rules consult.
const (
	det class = 1 << iota
	pronoun
	objPronoun
	aux
	adverb
	negation
	modal
	role
	connector
	personPlural
	prep
	clauseStart
	docNoun
	beVerb
	stop
	notSpeaker
	nounLike
	cueWord  // a form of a reporting verb; entry.cue says which
	verbForm // a form of a reporting verb other than its base form: a cheap stand-in for a verb test
)

// classWords lists the words of each class.
var classWords = []struct {
	c     class
	words string
}{
	{det, `the a an this that these those his her its their our my your some many
		several two three four five six seven eight nine ten dozens both each every another other
		one no few any`},
	{pronoun, `he she they it we i you who which`},
	{objPronoun, `him her them us me you it reporters journalists`},
	{aux, `has have had has't hasn't haven't hadn't would also has been is are was were will`},
	{adverb, `also later previously then again repeatedly publicly recently once already
		further immediately simply flatly firmly quickly reportedly privately initially earlier
		subsequently ultimately often frequently sometimes even still just only now first
		long since similarly separately apparently specifically explicitly directly openly
		bluntly angrily proudly candidly pointedly loudly quietly softly calmly emphatically
		forcefully strongly sharply clearly plainly famously memorably infamously falsely
		wrongly correctly rightly accurately erroneously mistakenly baselessly frankly
		essentially basically effectively actually indeed however personally herself himself
		themselves itself routinely consistently recently yesterday today tonight never not`},
	{negation, `not n't never no neither nor nobody none`},
	{modal, `would could might may should will shall can must to wo ca`},
	{beVerb, `is are was were be been being am 's ’s`},
	{role, `president vice director chairman chairwoman chair spokesman spokeswoman
		spokesperson secretary senator sen. rep. representative congressman congresswoman
		governor gov. mayor minister prime chancellor leader chief ceo executive officer
		manager campaign press communications aide adviser advisor strategist pollster
		attorney general lawyer judge justice commissioner ambassador candidate nominee
		presidential republican democratic democrat former acting deputy assistant senior
		top head founder cofounder co-founder analyst economist professor expert official
		officials host anchor correspondent reporter editor columnist commentator author
		dr. mr. mrs. ms. prof. gen. lt. col. sgt. capt. adm. state house senate white
		majority minority whip speaker member members staff staffer staffers chairperson
		counsel special general's party national committee council board agency department
		coordinator consultant operative surrogate supporter supporters voters voter
		businessman businesswoman billionaire mogul activist activists organizer director's
		running mate mate`},
	{connector, `of the for and de del della la le van von der den bin al el y du`},
	{personPlural, `sources officials aides advisers advisors analysts experts people critics supporters voters democrats republicans observers lawmakers leaders members staffers insiders residents witnesses investigators prosecutors researchers scientists economists authorities polls surveys studies documents emails records reports data statistics numbers figures others many some both most`},
	{prep, `of for at with from in on by to about over under into after before during
		against among between through without within near`},
	{clauseStart, `that whether if why how what when where who which`},
	{docNoun, `report statement letter memo memorandum study survey poll analysis paper release
		video ad advertisement tweet post email e-mail message filing complaint lawsuit suit
		indictment ruling order document documents book article column op-ed editorial
		speech interview note notes transcript assessment review audit investigation`},
	{nounLike, nounLikeWords},
	{notSpeaker, `update updated note editor's photo photos video watch read related
		source sources correction disclosure caption credit getty reuters ap afp file
		warning spoiler exclusive breaking live opinion analysis commentary editorial
		review transcript q&a summary background and but so`},
	{stop, `and or but so because while although though since as if when than then that
		which who whom whose where what how why whether not`},
}

// entry is what the rules know of one lower-case word: its classes and, for a form of a
// reporting verb (cueWord), the cue.
type entry struct {
	cls class
	cue cue
}

// wordTable maps lower-case words to their entries: an open-addressing hash table keyed by
// hashWord of the word, which run.lowerTokens computes eight bytes at a time, so that looking
// up every token of a document costs a probe or two and no map machinery. A slot holds what
// it takes to match a word of up to eight bytes, most words, so that a lookup reads one cache
// line: between articles the other stages' tables push this one out of the caches.
type wordTable struct {
	slots []slot
	mask  uint32
	words []string // by entry id; words[0] is "", the id of unknown words
	cls   []class  // by entry id: ents[id].cls, 4 KB that the rules' class tests read
	ents  []entry  // by entry id; ents[0] is the zero entry
	// filter has the bit filterBit(h) set for the hash h of every word. Many tokens are not
	// in the table, and the filter, 1 KB, turns nearly all of them away without reading the
	// slots.
	filter [128]uint64
}

// filterBit returns the bit of wordTable.filter for the hash h: bits the slot index, h's low
// bits, does not use.
func filterBit(h uint32) uint32 { return h >> 19 }

// slot is one slot of a wordTable: the word's first eight bytes (little-endian, zero-padded),
// its hash, its length (up to 255) and its entry id, 0 if the slot is empty.
type slot struct {
	head uint64
	h    uint32
	id   uint16
	n    uint8
}

func newWordTable(lex *lexicon) *wordTable {
	m := map[string]entry{}
	for w, c := range lex.words {
		e := entry{cls: cueWord, cue: c}
		if c.form != formBase {
			e.cls |= verbForm
		}
		m[w] = e
	}
	for _, cw := range classWords {
		for _, w := range strings.Fields(cw.words) {
			e := m[w]
			e.cls |= cw.c
			m[w] = e
		}
	}
	words := make([]string, 0, len(m))
	for w := range m {
		words = append(words, w)
	}
	sort.Strings(words) // ids do not depend on map order
	size := 1
	for size < 2*len(words) { // at most half full
		size *= 2
	}
	t := &wordTable{slots: make([]slot, size), mask: uint32(size - 1),
		words: append(make([]string, 1, len(words)+1), words...), ents: make([]entry, 1, len(words)+1),
		cls: make([]class, 1, len(words)+1)}
	for i, w := range words {
		var head [8]byte
		copy(head[:], w)
		t.ents = append(t.ents, m[w])
		t.cls = append(t.cls, m[w].cls)
		h := hashWord(w)
		t.filter[filterBit(h)/64] |= 1 << (filterBit(h) % 64)
		k := h & t.mask
		for t.slots[k].id != 0 {
			k = (k + 1) & t.mask
		}
		t.slots[k] = slot{head: binary.LittleEndian.Uint64(head[:]), h: h, id: uint16(i + 1), n: uint8(min(len(w), 255))}
	}
	return t
}

// maybe reports whether a word of the table may have the hash h: it is false for most words
// that are not in the table.
func (t *wordTable) maybe(h uint32) bool {
	return t.filter[filterBit(h)/64]&(1<<(filterBit(h)%64)) != 0
}

// get returns the entry id of the lower-case word b whose hash (hashWord) is h, or 0. head
// is b's first eight bytes as hashASCII returns them, or 0 to compare the bytes themselves.
// Callers ask maybe first, which is cheaper and turns most words away.
func (t *wordTable) get(h uint32, head uint64, b []byte) uint16 {
	short := head != 0 && len(b) <= 8
	for k := h & t.mask; ; k = (k + 1) & t.mask {
		s := &t.slots[k]
		if s.id == 0 {
			return 0
		}
		if s.h != h {
			continue
		}
		if short {
			if s.head == head && int(s.n) == len(b) {
				return s.id
			}
		} else if t.words[s.id] == string(b) {
			return s.id
		}
	}
}

// CueClasses is the number of classes CueClass returns, 0 included.
const CueClasses = 1 + 5*3

// CueClass returns the class of a lower-case word as a reporting verb, for learned taggers
// that want the rules' lexicon as a feature: 0 when the word is not a cue form, otherwise
// 1 + frame×3 + form, where frame tells what the verb takes after it (a clause, an object
// and a clause, an object, a question, a source) and form its inflection (finite, -ing,
// base).
func (e *Extractor) CueClass(lower string) int { return int(e.cueClass[lower]) }

// cueClasses returns the map behind CueClass. Learned taggers look up every token, so it is a
// plain map from word to class, which is faster than the word table for a word given as a
// string.
func cueClasses(lex *lexicon) map[string]uint8 {
	m := make(map[string]uint8, len(lex.words)+1)
	for w, c := range lex.words {
		m[w] = uint8(1 + int(c.frame)*3 + int(c.form))
	}
	if _, ok := m["according"]; !ok {
		m["according"] = uint8(1 + int(frameAccordingTo)*3)
	}
	return m
}
