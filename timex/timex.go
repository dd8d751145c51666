// Package timex finds temporal expressions in news text and normalises them to TIMEX3 values
// (the TimeML standard used by TempEval), relative to the article's publication date.
//
// We write our own rather than use a Go date library because those libraries parse dates for
// scheduling: they resolve forwards ("on Thursday" becomes next Thursday in olebedev/when) or
// do not understand "last Thursday", "a year earlier" or "the third quarter" at all. News is
// reported in the past tense, so a bare weekday or month nearly always names the most recent
// one; the resolver here looks backwards from the publication date unless the sentence carries
// a cue for the future ("will", "payable", "expected", "until"). It also emits the TIMEX3 forms
// (durations, sets, PAST_REF, seasons, quarters) that date parsers have no notion of.
//
// The tagger is a hand-written token scanner plus rules keyed by word class; it uses no
// regular expressions, runs in time linear in the text and keeps no state between calls.
//
// On TimeBank + AQUAINT (TempEval-3 training, 256 documents, 1,822 expressions) it reaches
// value F1 80.4 (P 79.0, R 81.9), strict span F1 87.5 and relaxed span F1 94.0, as measured
// both by
//
//	go test -run TBAQ -v ./timex/
//
// and by scripts/timex-score.sh, which runs the built whosaid binary over the same files and
// scores them with ../shared/eval/score_timex.py; the two agree to the decimal. The rules
// were tuned on that data only. Much of what remains is annotation inconsistency in it (the
// same phrase tagged "1989-W43" in one file and "1989-WXX" in another).
package timex

import (
	"sync"
	"time"

	"github.com/whosaid/whosaid/document"
)

// TIMEX3 types.
const (
	Date     = "DATE"
	Time     = "TIME"
	Duration = "DURATION"
	Set      = "SET"
)

// Tagger finds TIMEX3 temporal expressions. It is safe for concurrent use; New builds its
// tables once.
type Tagger struct {
	lex  *lexTable
	pool sync.Pool // *scratch, so a busy pipeline does not allocate token buffers per article
}

// scratch is the working memory of one Tag call.
type scratch struct {
	toks   []token
	starts []uint32         // indices of the tokens at which a rule could start
	out    []document.Timex // the expressions as found, copied to an exact-size result
}

// New returns a Tagger with its lexicon built.
func New() *Tagger {
	return &Tagger{lex: lexicon}
}

// Tag returns the temporal expressions of text in text order, non-overlapping, as
// document.Timex values whose Span is a byte range into text (End exclusive). ref is the
// document creation (publication) date; when ref is zero, values that need it are left
// underspecified in TIMEX3 style (e.g. "XXXX-WXX-4" for "Thursday", "XXXX-07" for "July").
// Only the first 4 GiB of text are read (maxText).
func (t *Tagger) Tag(text string, ref time.Time) []document.Timex {
	return t.AppendTags(nil, text, ref)
}

// AppendTags is Tag appending the expressions to dst: a caller that recycles its documents
// (document.Doc.Reset keeps the array behind Dates) then allocates none for most articles.
// It returns dst as it is when text has none.
func (t *Tagger) AppendTags(dst []document.Timex, text string, ref time.Time) []document.Timex {
	sc, _ := t.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{toks: make([]token, 0, 1024)}
	}
	if uint64(len(text)) > maxText {
		// Written so that it compiles where int has 32 bits, and no text is that long.
		text = text[:len(text)-int(uint64(len(text))-maxText)]
	}
	toks, starts := tokenize(t.lex, text, sc.toks[:0], sc.starts[:0])
	s := scan{text: text, toks: toks}
	if !ref.IsZero() {
		s.ref, s.hasRef = dayOf(ref), true
	}
	out := sc.out[:0]
	next := 0 // the first token not yet matched: a hit's tokens start no other
	for _, st := range starts {
		i := int(st)
		if i < next || !s.viable(i) {
			continue
		}
		s.cur = i
		h := s.match(i)
		if h.end <= i || h.val == "" {
			continue
		}
		out = append(out, document.Timex{
			Span:  document.Span{Start: int(s.toks[i].s), End: int(s.toks[h.end-1].e)},
			Type:  h.typ,
			Value: h.val,
		})
		s.remember(h)
		next = h.end
	}
	res := dst
	if len(out) > 0 {
		res = append(dst, out...)
	}
	if cap(s.toks) <= 1<<16 { // do not keep a giant buffer alive after one huge input
		clear(out) // let the values go
		sc.toks, sc.starts, sc.out = s.toks[:0], starts[:0], out[:0]
		t.pool.Put(sc)
	}
	return res
}

// maxText is the longest text Tag reads: tokens hold 32-bit byte offsets, which keeps them
// small, and a longer text is tagged in its first maxText bytes only.
const maxText = 1<<32 - 1

// hit is the result of a rule: the tokens [start, end) form an expression of type typ and
// value val. anchor is set when the value names a specific calendar date, month or year that
// later anaphoric expressions ("the following year") count from.
type hit struct {
	end      int
	typ, val string
	anchor   day
	gran     int // unit of anchor (uYear, uMonth, uDay); 0 when the hit is no anchor
	q        int // quarter (1..4) of a quarter value, for "a year earlier" after it
}

// scan holds the state of one Tag call.
type scan struct {
	text   string
	toks   []token
	ref    day
	hasRef bool

	anchor day // last explicit date, for "the following year", "that day"
	agran  int
	qy, qq int // last quarter mentioned ("the third quarter"), for "a year earlier"
	cur    int // token where the current match starts
	qend   int // byte offset where that mention ended
}

func (s *scan) remember(h hit) {
	if h.gran != 0 {
		s.anchor, s.agran = h.anchor, h.gran
	}
	if h.q != 0 {
		s.qy, s.qq, s.qend = h.anchor.y, h.q, int(s.toks[h.end-1].e)
	}
}

// viable reports, for a token at which a rule could start (tokenize lists them: a lexicon
// word marked fStart, a number, an apostrophe), whether the token after it allows a match.
// A starter marked fNext needs a next token that is not a word the lexicon lacks, and an
// apostrophe starts only a short decade ("’90s"), a number after it: most are the
// apostrophes of "Trump’s" and "don’t".
func (s *scan) viable(i int) bool {
	t := &s.toks[i]
	if t.kind == kPunct {
		return i+1 < len(s.toks) && s.toks[i+1].kind == kNum
	}
	return t.lx.flags&fNext == 0 || i+1 < len(s.toks) && (s.toks[i+1].kind != kWord || s.toks[i+1].lx.id != 0)
}

// Token accessors that are safe past either end of the slice.

func (s *scan) w(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.toks[i].lx.word()
}

func (s *scan) cls(i int) uint8 {
	if i < 0 || i >= len(s.toks) {
		return cNone
	}
	return s.toks[i].lx.cls
}

func (s *scan) isP(i int, c byte) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == kPunct && s.toks[i].p == c
}

// glued reports whether token i follows the previous one with no space between.
func (s *scan) glued(i int) bool { return i < len(s.toks) && !s.toks[i].space }

// hyphen reports whether token i is a hyphen glued on both sides ("two-year").
func (s *scan) hyphen(i int) bool {
	return s.isP(i, '-') && s.glued(i) && s.glued(i+1)
}

// plainNum returns the value of a bare digit token, or -1.
func (s *scan) plainNum(i int) int {
	if i < 0 || i >= len(s.toks) {
		return -1
	}
	t := &s.toks[i]
	if t.kind != kNum || t.sep || t.suf != sufNone {
		return -1
	}
	return int(t.n)
}

// yearNum returns the year of a four-digit token, or -1.
func (s *scan) yearNum(i int) int {
	n := s.plainNum(i)
	if n >= 1000 && n <= 2099 && s.toks[i].nd == 4 {
		return n
	}
	return -1
}

// sentenceStart reports whether token i begins a sentence or a paragraph.
func (s *scan) sentenceStart(i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := &s.toks[j]
		if t.kind != kPunct {
			return false
		}
		switch t.p {
		case '.', '?', '!', ':', ';':
			return true
		case '"', '\'', '(', '`', 0:
			continue
		}
		return false
	}
	return true
}

// futureCue reports whether the sentence before token i has a word that points forward.
func (s *scan) futureCue(i int) bool {
	for j, n := i-1, 0; j >= 0 && n < 12; j, n = j-1, n+1 {
		t := &s.toks[j]
		if t.kind == kPunct && (t.p == '.' || t.p == '?' || t.p == '!') {
			// "Dec." and "p.m." end in a dot too; only a dot followed by space ends a sentence,
			// and not one after an initial or a short title ("Daniel P. Davison", "Sen.").
			if j+1 < len(s.toks) && s.toks[j+1].space && !s.abbrevDot(j) {
				return false
			}
		}
		if t.lx.flags&fFuture != 0 {
			switch t.lx.word() {
			case "plan", "plans", "planned":
				if s.w(j+1) != "to" { // "announced the plan Aug. 21"
					continue
				}
			case "record":
				if s.w(j-1) != "of" { // "holders of record Dec. 1", not "a record high"
					continue
				}
			}
			return !s.hyphen(j-1) && !s.hadBeen(j)
		}
	}
	return false
}

// match tries every rule at token i: leading modifiers ("about", "early", "the end of") are
// taken greedily, and the core expression after them decides whether there is a match.
func (s *scan) match(i int) hit {
	var pos [6]int
	np := 0
	j := i
	for np < len(pos) {
		k := s.modifier(j)
		if k == j {
			break
		}
		pos[np] = j
		np++
		j = k
	}
	if h := s.core(j); h.end > j {
		if np > 0 && (s.cls(j) == cWeekday || s.w(j) == "yesterday" || s.w(j) == "today") {
			if w := s.w(pos[np-1]); w == "earlier" || w == "later" {
				return hit{} // "Earlier Friday": TimeBank tags the day alone
			}
		}
		return h
	}
	for np > 0 {
		np--
		if pos[np] == i && np > 0 {
			continue
		}
		if h := s.core(pos[np]); h.end > pos[np] {
			return h
		}
	}
	return hit{}
}

// modifier returns the index after a modifier that starts at i, or i.
func (s *scan) modifier(i int) int {
	switch s.w(i) {
	case "early", "late", "earlier", "later":
		if s.w(i+1) == "in" && (s.w(i+2) == "the" || s.w(i+2) == "that") {
			return i + 2
		}
		return i + 1
	case "mid":
		if s.hyphen(i + 1) {
			return i + 2
		}
		return i + 1
	case "around", "nearly", "almost", "roughly", "approximately":
		// "about" is left out: TimeBank tags "five hours" in "about five hours".
		return i + 1
	case "right":
		if s.w(i+1) == "now" {
			return i + 1
		}
	case "more", "less":
		if s.w(i+1) == "than" {
			return i + 2
		}
	case "at":
		if w := s.w(i + 1); w == "least" || w == "most" {
			return i + 2
		}
	case "up":
		if s.w(i+1) == "to" {
			return i + 2
		}
	case "the":
		switch s.w(i + 1) {
		case "end", "beginning", "start", "middle":
			if s.w(i+2) == "of" {
				return i + 3
			}
		case "early", "late", "mid":
			return i + 1
		}
	case "end", "beginning", "start":
		if s.w(i+1) == "of" && s.cls(i+2) != cNone {
			return i + 2
		}
	}
	return i
}

// core matches an expression without leading modifiers at token i.
func (s *scan) core(i int) hit {
	if i >= len(s.toks) {
		return hit{}
	}
	t := &s.toks[i]
	switch t.kind {
	case kNum:
		return s.numberStart(i)
	case kPunct:
		if t.p == '\'' {
			return s.shortDecade(i)
		}
		return hit{}
	}
	switch t.lx.cls {
	case cMonth:
		return s.month(i)
	case cWeekday:
		return s.weekday(i, 0)
	case cSeason:
		return s.season(i, 0, false)
	case cOrd:
		if h := s.quarter(i); h.end > 0 {
			return h
		}
		return s.century(i)
	case cNum:
		if h := s.spelledYear(i); h.end > 0 {
			return h
		}
		return s.amount(i)
	case cUnit:
		if t.lx.word() == "year" {
			return s.yearEarlier(i)
		}
		return s.bareUnit(i)
	case cTOD:
		return hit{}
	case cHoliday:
		return s.holiday(i, 0)
	}
	if t.lx.flags&fFreq != 0 && t.lx.word() != "annual" && t.lx.word() != "quarterly" && !s.rateBefore(i) {
		return hit{end: i + 1, typ: Set, val: duration(1, int(t.lx.val))}
	}
	return s.keyword(i)
}

// abbrevDot reports whether the dot at token j ends an initial or a short capitalised
// abbreviation ("P.", "Mr.", "Gov.") rather than a sentence.
func (s *scan) abbrevDot(j int) bool {
	if j == 0 || s.toks[j].space {
		return false
	}
	p := &s.toks[j-1]
	return p.kind == kWord && p.cap && p.e-p.s <= 3
}

// rateBefore reports an amount just before token i, which makes a following "a year" or
// "annually" part of a rate ("$1.76 a year", "rise 8.5% annually") rather than a time.
func (s *scan) rateBefore(i int) bool {
	p := i - 1
	return p >= 0 && (s.toks[p].kind == kNum || s.isP(p, '%') || perWord[s.text[s.toks[p].s:s.toks[p].e]])
}
