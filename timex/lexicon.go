package timex

import (
	"encoding/binary"
	"sort"
)

// Word classes of the lexicon. Rules test a token's class and value rather than its spelling,
// so "Sept.", "September" and "Sep" are one month to every rule.
const (
	cNone    uint8 = iota
	cMonth         // val 1..12
	cWeekday       // val 1..7, ISO (Monday = 1)
	cUnit          // val one of the u* constants
	cNum           // cardinal number word; val its value
	cOrd           // ordinal word; val its value
	cSeason        // val one of the s* constants
	cTOD           // part of day; val one of the d* constants
	cHoliday       // a holiday's name; val one of the h* constants
	cKw            // any other word a rule names by spelling
)

// Calendar units.
const (
	uNone = iota
	uSecond
	uMinute
	uHour
	uDay
	uWeek
	uFortnight
	uMonth
	uQuarter
	uYear
	uDecade
	uCentury
	uWeekend
)

// Seasons in TIMEX3 order of the calendar year.
const (
	sSpring = iota + 1
	sSummer
	sFall
	sWinter
)

var seasonCode = [...]string{"", "SP", "SU", "FA", "WI"}

// Holidays.
const (
	hThanksgiving = iota + 1 // fourth Thursday of November
	hChristmas               // December 25
	hHalloween               // October 31
	hElection                // "Election Day": the Tuesday after the first Monday of November
	hIndependence            // "Independence Day": July 4
	hMemorial                // "Memorial Day": last Monday of May
	hLabor                   // "Labor Day": first Monday of September
)

// Parts of the day.
const (
	dMorning = iota + 1
	dAfternoon
	dEvening
	dNight
)

var todCode = [...]string{"", "MO", "AF", "EV", "NI"}

// Lexicon entry flags.
const (
	fPlural = 1 << iota // plural unit or weekday ("years", "Fridays")
	fAmbig              // a month name that is also a common word ("May", "March")
	fAbbrev             // an abbreviated month that needs a number or a dot ("Jan", "Sept")
	fTeen               // 10..19 cardinal
	fTens               // 20, 30, ... 90 cardinal
	fFuzzy              // an indefinite quantity ("several", "few")
	fFreq               // a frequency adverb ("daily"); val is the unit
	fFuture             // a word that points forward in time ("will", "payable")
	fStart              // a word at which some rule can start; the scanner skips the others
	fNext               // a starter whose rules all read the next token as a known word, a number or a mark
)

// lex is a lexicon entry. It holds no pointer, so neither do tokens: appending them costs
// no write barrier and the pooled token buffer is nothing for the garbage collector to scan.
type lex struct {
	cls   uint8
	flags uint16
	val   int16
	id    uint16 // index of the canonical spelling in lexicon.words; 0 for no entry
}

// word returns the canonical lower-case spelling of the entry, "" when there is none.
func (l lex) word() string { return lexicon.words[l.id] }

// lexTable is the lexicon as an open-addressing hash table keyed by the bytes of the
// lower-case word read as two little-endian 64-bit integers, the second with the word's
// length in its top byte (a word has at most maxWord = 14 bytes). The scanner loads and
// lower-cases a word eight bytes at a time, so a lookup is a multiplication and a probe or two
// comparing integers, with no map machinery.
type lexTable struct {
	slots []lexSlot
	mask  uint32
	words []string // canonical spelling by lex.id; words[0] == ""
	// filter has the bit filterBit(h) set for the hash h of every entry. Most words are
	// not in the lexicon, and the filter, 512 bytes, turns nearly all of them away without
	// reading the slots, 24 KB that the other stages' tables push out of the caches between
	// articles.
	filter [64]uint64
}

// filterBit returns the bit of lexTable.filter for the hash h: bits the slot index, h's low
// bits, does not use.
func filterBit(h uint32) uint32 { return h >> 20 }

// lexSlot is one slot of a lexTable; k0 == 0 marks it empty (no word starts with a NUL).
type lexSlot struct {
	k0, k1 uint64 // the key: bytes 0-7, and bytes 8-13 with the length in the top byte
	ent    lex
}

// lexicon is built once, when the package is initialised; it is read-only after that.
var lexicon = newLexTable(buildLexicon())

// lexKey returns the key of a word of n bytes whose bytes, zero-padded, are lo and hi.
func lexKey(lo, hi uint64, n int) (k0, k1 uint64) { return lo, hi | uint64(n)<<56 }

// lexHash returns the hash of the key k0, k1: multiplications carry every bit into the high
// halves of the products, and the shift folds those into the low bits, which pick the slot.
func lexHash(k0, k1 uint64) uint32 {
	h := k0*0x9E3779B97F4A7C15 ^ k1*0xC2B2AE3D27D4EB4F
	return uint32(h ^ h>>32)
}

func newLexTable(m map[string]lex) *lexTable {
	size := 1
	for size < 2*len(m) { // at most half full
		size *= 2
	}
	t := &lexTable{slots: make([]lexSlot, size), mask: uint32(size - 1), words: make([]string, 1, len(m)+1)}
	names := make([]string, 0, len(m))
	for w := range m {
		names = append(names, w)
	}
	sort.Strings(names) // ids do not depend on map order
	for _, w := range names {
		if w == "" || len(w) > maxWord {
			panic("timex: lexicon word empty or longer than maxWord: " + w)
		}
		e := m[w]
		e.id = uint16(len(t.words))
		t.words = append(t.words, w)
		var b [16]byte
		copy(b[:], w)
		k0, k1 := lexKey(binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:]), len(w))
		h := lexHash(k0, k1)
		t.filter[filterBit(h)/64] |= 1 << (filterBit(h) % 64)
		k := h & t.mask
		for t.slots[k].k0 != 0 {
			k = (k + 1) & t.mask
		}
		t.slots[k] = lexSlot{k0: k0, k1: k1, ent: e}
	}
	return t
}

// maybe reports whether an entry may have the hash h: it is false for most words that are
// not in the lexicon.
func (t *lexTable) maybe(h uint32) bool {
	return t.filter[filterBit(h)/64]&(1<<(filterBit(h)%64)) != 0
}

// get returns the entry of the lower-case word with key k0, k1 (lexKey) and hash h (lexHash),
// or the zero lex. Callers ask maybe first, which is cheaper and turns most words away.
func (t *lexTable) get(h uint32, k0, k1 uint64) lex {
	for k := h & t.mask; ; k = (k + 1) & t.mask {
		s := &t.slots[k]
		if s.k0 == k0 && s.k1 == k1 {
			return s.ent
		}
		if s.k0 == 0 {
			return lex{}
		}
	}
}

// maxWord is the length of the longest lexicon entry; longer words are not looked up.
const maxWord = 14

func buildLexicon() map[string]lex {
	m := make(map[string]lex, 400)
	add := func(w string, cls uint8, flags uint16, val int) {
		m[w] = lex{cls: cls, flags: flags, val: int16(val)}
	}
	months := []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
	for i, w := range months {
		var f uint16
		if w == "may" || w == "march" || w == "august" {
			f = fAmbig
		}
		add(w, cMonth, f, i+1)
	}
	for w, v := range map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
		"aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12} {
		add(w, cMonth, fAbbrev, v)
	}
	days := []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
	for i, w := range days {
		add(w, cWeekday, 0, i+1)
		add(w+"s", cWeekday, fPlural, i+1)
	}
	units := map[string]int{"second": uSecond, "minute": uMinute, "hour": uHour, "day": uDay,
		"week": uWeek, "fortnight": uFortnight, "month": uMonth, "quarter": uQuarter,
		"year": uYear, "decade": uDecade, "century": uCentury, "weekend": uWeekend}
	for w, u := range units {
		add(w, cUnit, 0, u)
		if w == "century" {
			add("centuries", cUnit, fPlural, u)
		} else {
			add(w+"s", cUnit, fPlural, u)
		}
	}
	add("hrs", cUnit, fPlural, uHour)
	add("mins", cUnit, fPlural, uMinute)
	nums := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
		"eighteen", "nineteen"}
	for i, w := range nums {
		var f uint16
		if i >= 10 {
			f = fTeen
		}
		add(w, cNum, f, i)
	}
	for i, w := range []string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"} {
		add(w, cNum, fTens, 20+10*i)
	}
	add("hundred", cNum, 0, 100)
	add("thousand", cNum, 0, 1000)
	add("dozen", cNum, 0, 12)
	add("half", cKw, 0, 0)
	for _, w := range []string{"several", "few", "many", "some", "dozens", "hundreds", "thousands", "numerous"} {
		add(w, cNum, fFuzzy, -1)
	}
	ords := []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
		"ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
		"seventeenth", "eighteenth", "nineteenth", "twentieth"}
	for i, w := range ords[1:] {
		add(w, cOrd, 0, i+1)
	}
	add("twenty-first", cOrd, 0, 21)
	for w, s := range map[string]int{"spring": sSpring, "summer": sSummer, "fall": sFall,
		"autumn": sFall, "winter": sWinter} {
		add(w, cSeason, 0, s)
		add(w+"s", cSeason, fPlural, s)
	}
	for w, d := range map[string]int{"morning": dMorning, "afternoon": dAfternoon,
		"evening": dEvening, "night": dNight} {
		add(w, cTOD, 0, d)
		add(w+"s", cTOD, fPlural, d)
	}
	for w, h := range map[string]int{"thanksgiving": hThanksgiving, "christmas": hChristmas,
		"halloween": hHalloween, "election": hElection, "independence": hIndependence,
		"memorial": hMemorial, "labor": hLabor} {
		add(w, cHoliday, 0, h)
	}
	for w, u := range map[string]int{"hourly": uHour, "daily": uDay, "nightly": uDay,
		"weekly": uWeek, "biweekly": uFortnight, "monthly": uMonth, "quarterly": uQuarter,
		"annually": uYear, "yearly": uYear, "annual": uYear} {
		add(w, cKw, fFreq, u)
	}
	for _, w := range []string{
		"the", "a", "an", "this", "last", "next", "past", "coming", "previous", "following",
		"early", "late", "mid", "earlier", "later", "about", "around", "nearly", "almost",
		"roughly", "approximately", "more", "less", "than", "at", "least", "most", "up", "to",
		"over", "within", "end", "beginning", "start", "middle", "of", "in", "on", "by", "until",
		"since", "during", "through", "before", "after", "from", "and", "or", "that", "same",
		"today", "tonight", "yesterday", "tomorrow", "now", "currently", "current", "right",
		"recently", "recent", "lately", "previously", "formerly", "future", "soon", "nowadays",
		"these", "days", "present", "presently", "moment", "near", "term", "ago", "earlier",
		"hence", "fiscal", "latest", "ytd", "every", "each",
		"per", "a.m.", "p.m.", "a.m", "p.m", "am", "pm", "noon", "midnight", "midday", "overnight", "est", "edt",
		"gmt", "cst", "cdt", "pst", "pdt", "utc", "first", "couple", "o'clock", "weekends",
		"season", "seasons", "will", "payable", "record", "effective", "expected", "scheduled",
		"due", "planned", "plans", "plan", "set", "expire", "expires", "extended", "deadline",
		"shall", "going", "be", "begin", "begins", "starting", "centuries",
		"millennium", "eve", "period", "periods", "so", "far",
		"once", "ever", "former", "old", "long", "short", "full", "entire", "whole",
		"h1", "h2", "q1", "q2", "q3", "q4", "then", "ahead", "ll", "s", "no", "as",
		"comparable", "ended", "ending", "thanksgiving", "day", "full",
		"another", "additional", "further", "later", "most", "spans",
	} {
		if _, ok := m[w]; !ok {
			add(w, cKw, 0, 0)
		}
	}
	// Words that rules compare by spelling but that start no expression: class cNone, so the
	// scanner does not try rules at them.
	for _, w := range []string{"would", "postponed", "planning", "is", "are", "agreed",
		"hopes", "hope", "intends", "wants", "said", "says", "announced", "reported", "told", "been", "had"} {
		if _, ok := m[w]; !ok {
			m[w] = lex{}
		}
	}
	for w := range futureCue {
		e, ok := m[w]
		if !ok {
			e = lex{cls: cKw}
		}
		e.flags |= fFuture
		m[w] = e
	}
	for w, e := range m {
		switch {
		case e.cls == cMonth || e.cls == cWeekday || e.cls == cUnit || e.cls == cNum ||
			e.cls == cOrd || e.cls == cSeason || e.cls == cHoliday || e.flags&fFreq != 0 ||
			starters[w]:
			e.flags |= fStart
			m[w] = e
		}
	}
	// "the", "a", "an" and "that" are half the starters in news text, and before a word the
	// lexicon does not know ("the president", "a statement") no rule matches: every rule
	// that starts at them, through match, core, keyword, the, that and amount, compares the
	// next token's spelling or class, or reads it as a number or a mark. So do the rules at
	// the modifiers "at", "up", "more" and "less", which keyword does not take alone.
	for _, w := range []string{"the", "a", "an", "that", "at", "up", "more", "less"} {
		e := m[w]
		e.flags |= fNext
		m[w] = e
	}
	return m
}

// starters lists the other words at which a rule (keyword, the, every, or a leading modifier
// of match) can start.
var starters = map[string]bool{
	"today": true, "tonight": true, "yesterday": true, "tomorrow": true, "now": true,
	"currently": true, "presently": true, "nowadays": true, "current": true, "these": true,
	"recently": true, "lately": true, "formerly": true, "recent": true, "future": true,
	"this": true, "last": true, "next": true, "past": true, "coming": true, "previous": true,
	"following": true, "latest": true, "the": true, "every": true, "each": true,
	"fiscal": true, "noon": true, "midnight": true, "midday": true, "q1": true, "q2": true,
	"q3": true, "q4": true, "a": true, "an": true, "couple": true,
	"early": true, "late": true, "earlier": true, "later": true, "mid": true, "around": true,
	"nearly": true, "almost": true, "roughly": true, "approximately": true, "right": true,
	"more": true, "less": true, "at": true, "up": true, "end": true, "beginning": true,
	"start": true, "that": true,
}

// futureCue words before a date in its sentence make a forward reading likely: "payable
// Dec. 15", "expected in December", "will meet Friday".
var futureCue = map[string]bool{
	"will": true, "ll": true, "shall": true, "payable": true, "effective": true,
	"expected": true, "scheduled": true, "due": true, "planned": true, "plans": true,
	"plan": true, "expire": true, "expires": true, "extended": true, "deadline": true,
	"until": true, "going": true, "record": true, "next": true, "begin": true,
	"begins": true, "starting": true,
}

// notYearNext lists words that, after a four-digit number, show it counts things rather
// than names a year ("2000 people").
var notYearNext = map[string]bool{
	"people": true, "persons": true, "troops": true, "soldiers": true, "workers": true,
	"employees": true, "jobs": true, "shares": true, "tons": true, "tonnes": true, "cars": true,
	"feet": true, "foot": true, "meters": true, "metres": true, "miles": true, "kilometers": true,
	"points": true, "yen": true, "dollars": true, "pounds": true, "units": true, "members": true,
	"copies": true, "barrels": true, "students": true, "homes": true, "houses": true,
	"acres": true, "men": true, "women": true, "children": true, "residents": true,
	"refugees": true, "police": true, "officers": true, "votes": true, "seats": true,
	"marines": true, "sailors": true, "rooms": true, "calories": true, "degrees": true,
	"pages": true, "words": true, "cases": true, "deaths": true, "patients": true,
	"passengers": true, "vehicles": true, "aircraft": true, "planes": true, "ships": true,
	"rupees": true, "euros": true, "francs": true, "marks": true, "lire": true, "pesos": true,
	"percent": true, "bytes": true, "hours": true, "days": true, "years": true, "months": true,
	"minutes": true, "seconds": true, "weeks": true, "a.m.": true, "p.m.": true, "am": true,
	"pm": true, "others": true,
}

// notYearPrev lists words that, before a four-digit number, make it a label or a count.
var notYearPrev = map[string]bool{
	"no": true, "no.": true, "number": true, "flight": true, "route": true, "room": true,
	"page": true, "model": true, "about": true, "nearly": true, "almost": true, "some": true,
	"over": true, "than": true, "approximately": true, "roughly": true, "least": true,
	"interstate": true, "highway": true, "suite": true, "box": true, "resolution": true,
	"windows": true, "chapter": true, "article": true, "section": true, "rule": true,
	"dow": true, "index": true, "exactly": true,
}
