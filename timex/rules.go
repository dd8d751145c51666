package timex

import (
	"strings"
	"time"
)

// This file holds the rules. Each takes the index of the token where an expression may start
// and returns a hit whose end is past it, or the zero hit. Rules only look a bounded number of
// tokens ahead or behind, so tagging stays linear in the length of the text.

// Unknown values, in TIMEX3 style, for when there is no reference date.
const (
	xYear = "XXXX"
	xDay  = "XXXX-XX-XX"
)

// count parses a cardinal at i: "24", "two", "twenty-four", "a", "a few", "several",
// "a couple of". n < 0 is an indefinite count; end == i when there is no cardinal.
func (s *scan) count(i int) (n, end int) {
	if v := s.plainNum(i); v >= 0 {
		// "2 1/2 years" and the like are left to the caller's unit check failing.
		return v, i + 1
	}
	switch s.w(i) {
	case "a", "an":
		switch s.w(i + 1) {
		case "few":
			return -1, i + 2
		case "couple":
			if s.w(i+2) == "of" {
				return 2, i + 3
			}
			return 2, i + 2
		case "dozen":
			return 12, i + 2
		case "hundred":
			return 100, i + 2
		case "thousand":
			return 1000, i + 2
		}
		return 1, i + 1
	case "couple":
		if s.w(i+1) == "of" {
			return 2, i + 2
		}
		return -1, i
	case "dozens", "hundreds", "thousands":
		if s.w(i+1) == "of" {
			return -1, i + 2
		}
		return -1, i + 1
	}
	if s.cls(i) != cNum {
		return 0, i
	}
	e := s.toks[i].lx
	if e.flags&fFuzzy != 0 {
		return -1, i + 1
	}
	v, j := int(e.val), i+1
	if e.flags&fTens != 0 {
		k := j
		if s.hyphen(k) {
			k++
		}
		if s.cls(k) == cNum {
			if f := s.toks[k].lx; f.flags&(fTeen|fTens|fFuzzy) == 0 && f.val >= 1 && f.val <= 9 {
				v += int(f.val)
				j = k + 1
			}
		}
	}
	switch s.w(j) {
	case "hundred":
		v *= 100
		j++
	case "thousand":
		v *= 1000
		j++
	}
	return v, j
}

// unit returns the calendar unit of token i and whether it is plural; 0 when it is none.
func (s *scan) unit(i int) (u int, plural bool) {
	if s.cls(i) != cUnit {
		return 0, false
	}
	e := s.toks[i].lx
	return int(e.val), e.flags&fPlural != 0
}

// amount matches a count of units: a duration ("three days", "two-year", "the past 24
// hours" from its caller) or, with "ago"/"earlier", a date counted back from the reference.
func (s *scan) amount(i int) hit {
	n, j := s.count(i)
	if j == i {
		return hit{}
	}
	if n < 0 && (s.w(i) == "some" || s.w(i) == "many") && s.w(j) == "of" {
		return hit{}
	}
	half := false
	if n >= 0 && s.plainNum(j) == 1 && s.isP(j+1, '/') && s.glued(j+1) && s.glued(j+2) && s.plainNum(j+2) == 2 {
		half, j = true, j+3 // "2 1/2 years"
	}
	switch s.w(j) {
	case "more", "additional", "further", "straight", "consecutive", "full", "long":
		if _, ok := s.unit(j + 1); ok || s.cls(j+1) == cUnit {
			j++
		}
	}
	hy := false
	if s.hyphen(j) {
		hy = true
		j++
	}
	u, plural := s.unit(j)
	if u == 0 {
		return hit{}
	}
	if (s.w(i) == "a" || s.w(i) == "an") && j == i+1 {
		if plural {
			return hit{}
		}
		// "$1.76 a year", "5% a year" are rates, not durations; "from $10 million a year
		// ago" is a date all the same.
		if s.rateBefore(i) {
			if w := s.w(j + 1); w != "ago" && w != "earlier" {
				return hit{}
			}
		}
	}
	if n < 0 && !plural {
		return hit{}
	}
	if n == 0 && s.w(i) == "zero" {
		return hit{}
	}
	j++
	if hy && plural {
		return hit{} // "three-quarters" is a fraction
	}
	if s.w(j) == "old" || s.hyphen(j) && s.w(j+1) == "old" { // "52 years old" is an age
		return hit{}
	}
	if !hy && s.hyphen(j) {
		switch s.w(j + 1) {
		case "earlier", "ago", "end", "old":
			return hit{} // "a year-earlier loss": "year-earlier" is the expression
		}
	}
	if hy {
		return hit{end: j, typ: Duration, val: duration(n, u)}
	}
	if !half && n > 0 && s.w(j) == "and" && s.w(j+1) == "a" && s.w(j+2) == "half" {
		half, j = true, j+3 // "a year and a half"
	}
	if half {
		if v := halfDuration(n, u); v != "" {
			return hit{end: j, typ: Duration, val: v}
		}
		return hit{}
	}
	dir := 0
	switch s.w(j) {
	case "ago":
		dir = -1
	case "earlier":
		// "a year earlier" in an earnings report is last year's period; "a day earlier"
		// counts from an event of the story, not from the publication date.
		if u < uWeek {
			return hit{end: j + 1, typ: Duration, val: duration(n, u)}
		}
		dir = -1
	case "hence":
		dir = 1
	case "later":
		// "Three days later" counts from an event of the story: TimeBank tags the duration.
		return hit{end: j, typ: Duration, val: duration(n, u)}
	case "from":
		if s.w(j+1) == "now" {
			dir = 1
			j++
		}
	}
	if dir == 0 {
		return hit{end: j, typ: Duration, val: duration(n, u)}
	}
	h := s.offset(n, u, dir)
	h.end = j + 1
	return h
}

// quarterReach is how far (in bytes) after a quarter "a year earlier" still means that quarter.
const quarterReach = 1500

// perWord lists words after which "a year" is a rate: "$2 million a year".
var perWord = map[string]bool{"million": true, "billion": true, "trillion": true, "cents": true,
	"percent": true, "dollars": true, "times": true, "once": true, "twice": true, "thousand": true}

// offset is the date n units before (dir < 0) or after the reference date, at the precision
// of the unit: "five years ago" is a year, "10 days ago" a day.
func (s *scan) offset(n, u, dir int) hit {
	if n < 0 {
		if dir < 0 {
			return hit{typ: Date, val: "PAST_REF"}
		}
		return hit{typ: Date, val: "FUTURE_REF"}
	}
	if !s.hasRef {
		switch u {
		case uYear, uDecade, uCentury:
			return hit{typ: Date, val: xYear}
		case uMonth:
			return hit{typ: Date, val: "XXXX-XX"}
		}
		return hit{typ: Date, val: xDay}
	}
	r := s.ref
	k := n * dir
	switch u {
	case uYear:
		if n == 1 && s.qq != 0 && dir < 0 && int(s.toks[s.cur].s)-s.qend < quarterReach {
			// Earnings reports compare a quarter with "a year earlier": that quarter.
			return hit{typ: Date, val: fmtQ(s.yearAgoQ(), s.qq)}
		}
		return hit{typ: Date, val: fmtY(r.y + k), anchor: day{r.y + k, 1, 1}, gran: uYear}
	case uDecade:
		return hit{typ: Date, val: fmtY(r.y + 10*k)}
	case uCentury:
		return hit{typ: Date, val: fmtY(r.y + 100*k)}
	case uMonth:
		d := day{r.y, r.m, 1}.add(0, k, 0)
		return hit{typ: Date, val: fmtYM(d.y, d.m), anchor: d, gran: uMonth}
	case uQuarter:
		q := r.y*4 + (r.m-1)/3 + k
		return hit{typ: Date, val: fmtQ(q/4, q%4+1)}
	case uWeek, uWeekend:
		return hit{typ: Date, val: fmtWeek(r.add(0, 0, 7*k))}
	case uFortnight:
		return hit{typ: Date, val: fmtWeek(r.add(0, 0, 14*k))}
	case uDay:
		d := r.add(0, 0, k)
		return hit{typ: Date, val: fmtDay(d), anchor: d, gran: uDay}
	}
	// Hours, minutes and seconds ago: the day is all a date-only reference can give.
	return hit{typ: Time, val: fmtDay(r)}
}

// bareUnit matches a plural unit on its own, an unspecified duration: "for years", "decades".
func (s *scan) bareUnit(i int) hit {
	u, plural := s.unit(i)
	if !plural || u == uWeekend || u == uSecond {
		return hit{}
	}
	switch s.w(i + 1) {
	case "old", "of", "ago":
		return hit{}
	}
	if s.hyphen(i+1) || s.glued(i+1) && s.isP(i+1, '\'') {
		return hit{}
	}
	return hit{end: i + 1, typ: Duration, val: duration(-1, u)}
}

// monthPrev lists words before an ambiguous month name ("May", "March") that make it a month.
var monthPrev = map[string]bool{
	"in": true, "since": true, "until": true, "by": true, "last": true, "next": true,
	"this": true, "early": true, "late": true, "mid": true, "of": true, "during": true,
	"through": true, "from": true, "to": true, "before": true, "after": true, "between": true,
	"till": true, "end": true, "beginning": true, "start": true, "middle": true,
}

// dayNum returns the day of month of token i ("30", "30th"), or -1.
func (s *scan) dayNum(i int) int {
	if i >= len(s.toks) {
		return -1
	}
	t := &s.toks[i]
	if t.kind != kNum || t.sep || t.nd > 2 || t.n < 1 || t.n > 31 {
		return -1
	}
	switch t.suf {
	case sufNone, sufTh, sufSt, sufNd, sufRd:
	default:
		return -1
	}
	// "May 5:30" is no date; neither is "June 3-year".
	if s.isP(i+1, ':') && s.glued(i+1) && s.glued(i+2) && i+2 < len(s.toks) && s.toks[i+2].kind == kNum || s.isP(i+1, '%') {
		return -1
	}
	if u, _ := s.unit(i + 1); u != 0 {
		return -1
	}
	return int(t.n)
}

func daysIn(y, m int) int { return day{y, m + 1, 0}.add(0, 0, 0).d }

// yearAt parses an explicit year at i ("1998", "nineteen ninety-six") and returns it with
// the index after it, or -1.
func (s *scan) yearAt(i int) (y, end int) {
	if y := s.yearNum(i); y >= 0 {
		if s.isP(i+1, '%') {
			return -1, i
		}
		return y, i + 1
	}
	if y, j := s.spelledYearAt(i); y >= 0 {
		return y, j
	}
	return -1, i
}

// spelledYearAt parses "nineteen ninety-six", "nineteen eighty", "nineteen hundred".
func (s *scan) spelledYearAt(i int) (y, end int) {
	c := s.w(i)
	if c != "nineteen" && c != "eighteen" {
		return -1, i
	}
	base := 1900
	if c == "eighteen" {
		base = 1800
	}
	if s.w(i+1) == "hundred" {
		return base, i + 2
	}
	if s.cls(i+1) != cNum {
		return -1, i
	}
	e := s.toks[i+1].lx
	switch {
	case e.flags&fTeen != 0:
		return base + int(e.val), i + 2
	case e.flags&fTens != 0:
		n, j := s.count(i + 1)
		if n < 100 {
			return base + n, j
		}
	}
	return -1, i
}

// spelledYear matches a year in words on its own ("nineteen ninety-six").
func (s *scan) spelledYear(i int) hit {
	y, j := s.spelledYearAt(i)
	if y < 0 {
		return hit{}
	}
	return s.yearHit(y, j)
}

func (s *scan) yearHit(y, end int) hit {
	return hit{end: end, typ: Date, val: fmtY(y), anchor: day{y, 1, 1}, gran: uYear}
}

// relYear matches "last year", "this year", "next year" at i (for "July last year").
func (s *scan) relYear(i int) (y, end int) {
	if !s.hasRef || s.w(i+1) != "year" {
		return -1, i
	}
	switch s.w(i) {
	case "last", "previous":
		return s.ref.y - 1, i + 2
	case "this":
		return s.ref.y, i + 2
	case "next":
		return s.ref.y + 1, i + 2
	}
	return -1, i
}

// month matches expressions built on a month name: "March 30, 2017", "July 2014", "Sept.
// 11", "July last year", "January".
func (s *scan) month(i int) hit {
	e := s.toks[i].lx
	m := int(e.val)
	j := i + 1
	dotted := false
	if e.flags&fAbbrev != 0 && s.isP(j, '.') && s.glued(j) {
		dotted = true
		j++
	}
	d := s.dayNum(j)
	y, yj := s.yearAt(j)
	if d < 0 && y < 0 {
		// The month alone: trust it only where it cannot be another word.
		if e.flags&fAbbrev != 0 && !dotted {
			return hit{}
		}
		if e.flags&fAmbig != 0 || e.flags&fAbbrev != 0 {
			if !s.toks[i].cap {
				return hit{}
			}
			if p := s.w(i - 1); !monthPrev[p] && !s.hyphen(i-1) {
				if ry, _ := s.relYear(j); ry < 0 && (m == 5 || s.sentenceStart(i)) {
					return hit{}
				}
			}
		}
		if ry, k := s.relYear(j); ry >= 0 {
			return hit{end: k, typ: Date, val: fmtYM(ry, m), anchor: day{ry, m, 1}, gran: uMonth}
		}
		if s.w(j) == "of" {
			if y, k := s.yearAt(j + 1); y >= 0 {
				return hit{end: k, typ: Date, val: fmtYM(y, m), anchor: day{y, m, 1}, gran: uMonth}
			}
		}
		if !s.hasRef {
			return hit{end: j, typ: Date, val: "XXXX-" + fmtYM(0, m)[5:]}
		}
		y := s.ref.y
		if m < s.ref.m {
			y++
		}
		if !s.futureCue(i) && (y*12+m)-(s.ref.y*12+s.ref.m) > int(futureWindow/30) {
			y--
		}
		return hit{end: j, typ: Date, val: fmtYM(y, m), anchor: day{y, m, 1}, gran: uMonth}
	}
	if y >= 0 && d < 0 {
		return hit{end: yj, typ: Date, val: fmtYM(y, m), anchor: day{y, m, 1}, gran: uMonth}
	}
	// Month and day, perhaps a year.
	j++
	k := j
	if s.isP(k, ',') {
		k++
	}
	if y, yj := s.yearAt(k); y >= 0 {
		return s.dayHit(y, m, d, yj)
	}
	if ry, rj := s.relYear(j); ry >= 0 {
		return s.dayHit(ry, m, d, rj)
	}
	return s.monthDay(i, m, d, j)
}

// dayMonth matches "30 March 2017" and "30 March" at a day number.
func (s *scan) dayMonth(i int) hit {
	d := s.dayNum(i)
	j := i + 1
	if s.w(j) == "of" {
		j++
	}
	if d < 0 || s.cls(j) != cMonth {
		return hit{}
	}
	e := s.toks[j].lx
	if e.flags&fAmbig != 0 && !s.toks[j].cap {
		return hit{}
	}
	m := int(e.val)
	j++
	if s.isP(j, '.') && s.glued(j) && e.flags&fAbbrev != 0 {
		j++
	}
	k := j
	if s.isP(k, ',') {
		k++
	}
	if y, yj := s.yearAt(k); y >= 0 {
		return s.dayHit(y, m, d, yj)
	}
	return s.monthDay(i, m, d, j)
}

func (s *scan) dayHit(y, m, d, end int) hit {
	if d > daysIn(y, m) {
		return hit{}
	}
	dd := day{y, m, d}
	return hit{end: end, typ: Date, val: fmtDay(dd), anchor: dd, gran: uDay}
}

// futureWindow is how many days ahead of the reference date a month or a month and day
// without a year may lie and still be read forwards when nothing in the sentence says so:
// news reports the past, but it announces what is due within weeks ("Dec. 15", "in
// January") and almost never a date most of a year ago without its year.
const futureWindow = 62

// monthDay resolves a month and day without a year: the most recent such date, or the next
// one when the sentence points forward ("payable Dec. 15").
func (s *scan) monthDay(i, m, d, end int) hit {
	if d > daysIn(2000, m) {
		return hit{}
	}
	if !s.hasRef {
		return hit{end: end, typ: Date, val: "XXXX-" + fmtDay(day{0, m, d})[5:]}
	}
	y := s.ref.y
	md, rmd := m*100+d, s.ref.m*100+s.ref.d
	if md < rmd {
		y++ // the next such date
	}
	if !s.futureCue(i) && (day{y, m, d}).time().Sub(s.ref.time()) > futureWindow*24*time.Hour {
		y-- // the most recent
	}
	return s.dayHit(y, m, d, end)
}

// nearFuture reports a future cue in the clause before a weekday: "will meet Friday", "until
// Tuesday", "as early as Tuesday", "is set to resume Monday", "planned to leave on
// Thursday", "would be traveling Thursday". Weekdays are so often past in news that the
// wider sentence-level cue of futureCue misleads more than it helps; a reporting verb in
// the past ("said Tuesday") ends the search.
func (s *scan) nearFuture(i int) bool {
	for j := i - 1; j >= 0 && j >= i-nearReach; j-- {
		t := &s.toks[j]
		if t.kind == kPunct {
			if t.p == '\'' || t.p == '-' && !t.space {
				continue
			}
			return false
		}
		switch t.lx.word() {
		case "will", "ll", "shall", "until", "scheduled", "expected", "due", "would", "postponed":
			return !s.hyphen(j-1) && !s.hadBeen(j) // not "lower-than-expected", "had been due"
		case "early", "soon":
			if s.w(j-1) == "as" && s.w(j+1) == "as" {
				return true
			}
		case "to":
			if beforeTo[s.w(j-1)] {
				return !s.hadBeen(j - 1)
			}
		case "said", "says", "announced", "reported", "told":
			return false
		}
	}
	return false
}

// nearReach is how many tokens before a weekday nearFuture looks.
const nearReach = 8

// beforeTo lists words that, before "to", make what follows an intention: "set to resume".
var beforeTo = map[string]bool{
	"set": true, "plan": true, "plans": true, "planned": true, "planning": true, "is": true,
	"are": true, "agreed": true, "scheduled": true, "expected": true, "due": true,
	"going": true, "hopes": true, "hope": true, "intends": true, "wants": true,
}

// weekdayDate resolves weekday wd relative to the reference date. dir < 0 is "last" (strictly
// before), dir > 0 "next" (strictly after), 2 "this" (in the reference week), and 0 a bare
// weekday: the most recent such day, the reference day itself included, or the coming one
// when the sentence points forward.
func (s *scan) weekdayDate(i, wd, dir int) day {
	r := s.ref
	rw := r.weekday()
	switch dir {
	case -1:
		k := (rw - wd + 7) % 7
		if k == 0 {
			k = 7
		}
		return r.add(0, 0, -k)
	case 1:
		k := (wd - rw + 7) % 7
		if k == 0 {
			k = 7
		}
		return r.add(0, 0, k)
	case 2:
		return r.add(0, 0, wd-rw)
	}
	// "Wednesday's ruling" is news of something done.
	if !(s.isP(i+1, '\'') && s.glued(i+1) && s.w(i+2) == "s") && s.nearFuture(i) {
		return r.add(0, 0, (wd-rw+7)%7)
	}
	return r.add(0, 0, -((rw - wd + 7) % 7))
}

// weekday matches "Thursday", "Thursday morning", "Monday, Oct. 26" and "Tuesdays" at a
// weekday name.
func (s *scan) weekday(i, dir int) hit {
	e := s.toks[i].lx
	wd := int(e.val)
	j := i + 1
	if e.flags&fPlural != 0 {
		v := "XXXX-WXX-" + string(rune('0'+wd))
		if s.cls(j) == cTOD {
			v += "T" + todCode[s.toks[j].lx.val]
			j++
		}
		return hit{end: j, typ: Set, val: v}
	}
	// An explicit date after the weekday wins: "Monday, Oct. 26".
	if dir == 0 {
		k := j
		if s.isP(k, ',') {
			k++
		}
		var h hit
		if s.cls(k) == cMonth {
			h = s.month(k)
		} else if s.dayNum(k) > 0 {
			h = s.dayMonth(k)
		}
		if h.end > 0 && h.gran == uDay {
			return h
		}
	}
	if !s.hasRef {
		v := "XXXX-WXX-" + string(rune('0'+wd))
		if s.cls(j) == cTOD && s.toks[j].lx.flags&fPlural == 0 {
			return hit{end: j + 1, typ: Time, val: v + "T" + todCode[s.toks[j].lx.val]}
		}
		return hit{end: j, typ: Date, val: v}
	}
	d := s.weekdayDate(i, wd, dir)
	if s.cls(j) == cTOD && s.toks[j].lx.flags&fPlural == 0 {
		return hit{end: j + 1, typ: Time, val: fmtDay(d) + "T" + todCode[s.toks[j].lx.val], anchor: d, gran: uDay}
	}
	return hit{end: j, typ: Date, val: fmtDay(d), anchor: d, gran: uDay}
}

// seasonOf returns the season of month m and the year it belongs to (January's winter
// began the year before).
func seasonOf(y, m int) (int, int) {
	switch {
	case m >= 3 && m <= 5:
		return sSpring, y
	case m >= 6 && m <= 8:
		return sSummer, y
	case m >= 9 && m <= 11:
		return sFall, y
	case m == 12:
		return sWinter, y
	}
	return sWinter, y - 1
}

// season matches a season name. dir is as for weekdayDate; det reports a determiner or
// modifier before it ("this", "last", "the", "early"), without which a bare "fall" or
// "spring" is more likely a verb or a noun of another sense.
func (s *scan) season(i, dir int, det bool) hit {
	e := s.toks[i].lx
	sn := int(e.val)
	j := i + 1
	if e.flags&fPlural != 0 {
		if !det {
			return hit{}
		}
		return hit{end: j, typ: Set, val: "XXXX-" + seasonCode[sn]}
	}
	k := j
	if s.w(k) == "of" {
		k++
	}
	if y, yj := s.yearAt(k); y >= 0 {
		return hit{end: yj, typ: Date, val: fmtY(y) + "-" + seasonCode[sn]}
	}
	if !det {
		switch s.w(i - 1) {
		case "early", "late", "mid", "this", "last", "next", "the", "in", "since", "during":
		default:
			return hit{}
		}
		if s.w(j) == "of" {
			return hit{}
		}
	}
	if !s.hasRef {
		return hit{end: j, typ: Date, val: "XXXX-" + seasonCode[sn]}
	}
	rs, ry := seasonOf(s.ref.y, s.ref.m)
	cur := ry*4 + rs - 1
	var idx int
	switch dir {
	case 2:
		return hit{end: j, typ: Date, val: fmtY(s.ref.y) + "-" + seasonCode[sn]}
	case -1:
		idx = cur - 1 - ((cur-1-(sn-1))%4+4)%4
	case 1:
		idx = cur + 1 + (((sn-1)-(cur+1))%4+4)%4
	default:
		if s.futureCue(i) {
			idx = cur + (((sn-1)-cur)%4+4)%4
		} else {
			idx = cur - ((cur-(sn-1))%4+4)%4
		}
	}
	return hit{end: j, typ: Date, val: fmtY(idx/4) + "-" + seasonCode[sn]}
}

// quarterYear is the year of quarter q (or half, with halves true) named without a year:
// the reference year, unless the quarter lies well ahead of the reference date, in which
// case news means last year's.
func (s *scan) quarterYear(i, q int, halves bool) int {
	rq := (s.ref.m-1)/3 + 1
	if halves {
		rq = (s.ref.m-1)/6 + 1
		if q > rq && !s.futureCue(i) {
			return s.ref.y - 1
		}
		return s.ref.y
	}
	if q > rq+1 && !s.futureCue(i) {
		return s.ref.y - 1
	}
	return s.ref.y
}

// quarter matches "third quarter", "third-quarter", "first half" (of 1989) at an ordinal.
func (s *scan) quarter(i int) hit {
	q := int(s.toks[i].lx.val)
	j := i + 1
	if s.hyphen(j) {
		j++
	}
	halves := false
	switch {
	case s.w(j) == "quarter" && q >= 1 && q <= 4:
	case s.w(j) == "half" && q >= 1 && q <= 2:
		halves = true
	default:
		return hit{}
	}
	j++
	y := -1
	k := j
	if s.w(k) == "of" || s.w(k) == "in" {
		k++
		if s.w(k) == "fiscal" {
			k++
		}
	}
	if yy, yj := s.yearAt(k); yy >= 0 {
		y, j = yy, yj
	} else if yy := s.yearNum(i - 1); yy >= 0 {
		y = yy
	} else if s.w(i-1) == "fiscal" && s.yearNum(i-2) >= 0 {
		y = s.yearNum(i - 2)
	}
	if halves {
		if y < 0 {
			if !s.hasRef {
				return hit{end: j, typ: Date, val: "XXXX-H" + string(rune('0'+q))}
			}
			y = s.quarterYear(i, q, true)
		}
		return hit{end: j, typ: Date, val: fmtY(y) + "-H" + string(rune('0'+q))}
	}
	if y < 0 {
		if !s.hasRef {
			return hit{end: j, typ: Date, val: "XXXX-Q" + string(rune('0'+q))}
		}
		y = s.quarterYear(i, q, false)
	}
	return hit{end: j, typ: Date, val: fmtQ(y, q), anchor: day{y, 3*q - 2, 1}, q: q}
}

// century matches "the 20th century", "twentieth century" at the ordinal: TIMEX3 writes the
// 20th century as "19".
func (s *scan) century(i int) hit {
	var n int
	t := &s.toks[i]
	switch {
	case t.kind == kNum && (t.suf == sufTh || t.suf == sufSt || t.suf == sufNd || t.suf == sufRd):
		n = int(t.n)
	case t.lx.cls == cOrd:
		n = int(t.lx.val)
	default:
		return hit{}
	}
	j := i + 1
	if s.hyphen(j) {
		j++
	}
	if s.w(j) != "century" || n < 1 || n > 30 {
		return hit{}
	}
	return hit{end: j + 1, typ: Date, val: string(appendPad(nil, n-1, 2))}
}

// meridiem returns 1 for a.m., 2 for p.m. at token i, 0 otherwise.
func (s *scan) meridiem(i int) int {
	switch s.w(i) {
	case "a.m.", "a.m", "am":
		return 1
	case "p.m.", "p.m", "pm":
		return 2
	}
	return 0
}

func isZone(w string) bool {
	switch w {
	case "est", "edt", "gmt", "cst", "cdt", "pst", "pdt", "utc":
		return true
	}
	return false
}

// clock matches "3 p.m.", "3:30pm", "10:35 a.m. EST", with the day that may follow ("10
// p.m. Wednesday", "5 p.m. EST, Nov. 6").
func (s *scan) clock(i int) hit {
	t := &s.toks[i]
	if t.kind != kNum || t.sep {
		return hit{}
	}
	h, mm, j := int(t.n), 0, i+1
	mer := 0
	switch t.suf {
	case sufAm:
		mer = 1
	case sufPm:
		mer = 2
	case sufNone:
	default:
		return hit{}
	}
	colon := false
	if mer == 0 && s.isP(j, ':') && s.glued(j) && j+1 < len(s.toks) && s.glued(j+1) {
		n := &s.toks[j+1]
		if n.kind != kNum || n.nd != 2 || n.sep || n.n > 59 {
			return hit{}
		}
		mm, colon = int(n.n), true
		switch n.suf {
		case sufAm:
			mer = 1
		case sufPm:
			mer = 2
		case sufNone:
		default:
			return hit{}
		}
		j += 2
	}
	if mer == 0 {
		mer = s.meridiem(j)
		if mer != 0 {
			j++
		}
	}
	zone := isZone(s.w(j))
	if zone {
		j++
	}
	if mer == 0 && !(colon && zone) {
		return hit{}
	}
	if mer != 0 && (h < 1 || h > 12) || h > 23 {
		return hit{}
	}
	if mer == 2 && h < 12 {
		h += 12
	} else if mer == 1 && h == 12 {
		h = 0
	}
	if d, end, ok := s.dayAfter(j); ok {
		return hit{end: end, typ: Time, val: fmtTime(d, h, mm)}
	}
	if !s.hasRef {
		return hit{end: j, typ: Time, val: xDay + fmtTime(day{}, h, mm)[10:]}
	}
	d := s.ref
	return hit{end: j, typ: Time, val: fmtTime(d, h, mm)}
}

// dayAfter parses a day that follows a time of day: "Wednesday", "today", ", Nov. 6".
func (s *scan) dayAfter(j int) (day, int, bool) {
	k := j
	if s.isP(k, ',') {
		k++
	}
	if s.w(k) == "on" {
		k++
	}
	var h hit
	switch {
	case s.cls(k) == cWeekday && s.toks[k].lx.flags&fPlural == 0:
		h = s.weekday(k, 0)
		if h.gran == uDay && s.cls(h.end-1) == cTOD {
			return day{}, j, false
		}
	case s.cls(k) == cMonth:
		h = s.month(k)
	case s.w(k) == "today" || s.w(k) == "yesterday" || s.w(k) == "tomorrow":
		h = s.keyword(k)
	}
	if h.end > k && h.gran == uDay {
		return h.anchor, h.end, true
	}
	return day{}, j, false
}

// decadeHit formats the decade of year y ("196X").
func decadeHit(y, end int) hit {
	return hit{end: end, typ: Date, val: fmtY(y)[:3] + "X"}
}

// shortDecade matches "'90s".
func (s *scan) shortDecade(i int) hit {
	j := i + 1
	if j >= len(s.toks) || !s.glued(j) {
		return hit{}
	}
	t := &s.toks[j]
	if t.kind != kNum || t.nd != 2 || t.suf != sufS || t.n%10 != 0 {
		return hit{}
	}
	if s.hasRef && int(t.n) > s.ref.y%100 || !s.hasRef && t.n >= 30 {
		return decadeHit(1900+int(t.n), j+1)
	}
	return decadeHit(2000+int(t.n), j+1)
}

// numberStart holds the rules that begin with a number.
func (s *scan) numberStart(i int) hit {
	t := &s.toks[i]
	if h := s.clock(i); h.end > 0 {
		return h
	}
	if h := s.dayMonth(i); h.end > 0 {
		return h
	}
	if t.nd == 4 && !t.sep && (t.suf == sufS || t.suf == sufNone) && t.n >= 1000 && t.n <= 2099 {
		return s.year(i)
	}
	if h := s.century(i); h.end > 0 {
		return h
	}
	if t.suf != sufNone {
		return hit{}
	}
	// A number glued to a letter, a currency sign or a decimal point is no count of time.
	if s.isP(i-1, '$') && s.glued(i) || s.isP(i-1, '.') && s.glued(i) {
		return hit{}
	}
	return s.amount(i)
}

// year matches a four-digit year where it plausibly is one: not "$2016", "2,000 people",
// "Flight 1990" or "1990 p.m.".
func (s *scan) year(i int) hit {
	t := &s.toks[i]
	if p := i - 1; p >= 0 {
		pt := &s.toks[p]
		if pt.kind == kPunct && (pt.p == '$' || pt.p == '#' || pt.p == '.' && !pt.space && !t.space) {
			return hit{}
		}
		if pt.kind == kNum && !t.space {
			return hit{}
		}
		if pt.kind == kWord && notYearPrev[lower(s.text[pt.s:pt.e])] {
			return hit{}
		}
		if pt.kind == kPunct && pt.p == '.' && s.w(p-1) == "no" {
			return hit{}
		}
		if pt.kind == kWord && pt.lx.cls == cNone && (s.text[pt.s:pt.e] == "No" || s.text[pt.s:pt.e] == "Nos") {
			return hit{}
		}
	}
	if t.suf == sufS {
		if t.n%10 != 0 {
			return hit{}
		}
		return decadeHit(int(t.n), i+1)
	}
	j := i + 1
	if s.isP(j, '%') {
		return hit{}
	}
	if n := s.toks; j < len(n) && notYearNext[n[j].lx.word()] && n[j].lx.word() != "" {
		return hit{}
	}
	if j < len(s.toks) && s.toks[j].kind == kWord && s.toks[j].lx.cls == cNone {
		if w := lower(s.text[s.toks[j].s:s.toks[j].e]); notYearNext[w] {
			return hit{}
		}
	}
	if t.n < 1800 {
		switch s.w(i - 1) {
		case "in", "since", "of", "from", "until", "by", "before", "after":
		default:
			return hit{}
		}
	}
	return s.yearHit(int(t.n), j)
}

// relative matches what follows "this", "last", "next", "past", "coming", "previous",
// "following", "latest", "current" (at det) and, when the is set, a "the" before it.
func (s *scan) relative(det int, the bool) hit {
	dw := s.w(det)
	dir := 0
	switch dw {
	case "last", "past", "previous", "latest":
		dir = -1
	case "next", "coming", "following":
		dir = 1
	case "this", "current":
		dir = 0
	default:
		return hit{}
	}
	j := det + 1
	// A count makes a duration: "the past two months", "the next few days".
	if dw != "this" && dw != "current" {
		if h := s.amount(j); h.end > 0 && h.typ == Duration && s.cls(h.end-1) == cUnit {
			return h
		}
	}
	if s.w(j) == "fiscal" && s.w(j+1) == "year" {
		j++
	}
	switch s.cls(j) {
	case cUnit:
		u, plural := s.unit(j)
		if plural {
			if dir == 0 {
				return hit{}
			}
			return hit{end: j + 1, typ: Duration, val: duration(-1, u)}
		}
		return s.unitRel(det, u, dir, the, j+1)
	case cHoliday:
		d := dir
		if dw == "this" {
			d = 2
		}
		return s.holiday(j, d)
	case cWeekday:
		if the || s.toks[j].lx.flags&fPlural != 0 {
			return hit{}
		}
		d := dir
		if dw == "this" {
			d = 2
		}
		return s.weekday(j, d)
	case cMonth:
		if the {
			return hit{}
		}
		return s.relMonth(j, dir, dw == "this")
	case cSeason:
		d := dir
		if dw == "this" || dw == "current" {
			d = 2
		}
		return s.season(j, d, true)
	case cTOD:
		if the || !s.hasRef {
			return hit{}
		}
		tod := int(s.toks[j].lx.val)
		d := s.ref
		switch {
		case dir < 0 && tod == dNight:
			d = d.add(0, 0, -1)
		case dir != 0:
			return hit{}
		}
		return hit{end: j + 1, typ: Time, val: fmtDay(d) + "T" + todCode[tod]}
	}
	if dw == "latest" && s.w(j) == "period" {
		return s.unitRel(det, uQuarter, dir, the, j+1)
	}
	return hit{}
}

// relMonth resolves "last July", "next January", "this March".
func (s *scan) relMonth(i, dir int, this bool) hit {
	e := s.toks[i].lx
	if e.flags&fAbbrev != 0 {
		return hit{}
	}
	m := int(e.val)
	if !s.hasRef {
		return hit{end: i + 1, typ: Date, val: "XXXX-" + fmtYM(0, m)[5:]}
	}
	y := s.ref.y
	switch {
	case this:
	case dir < 0:
		if m >= s.ref.m {
			y--
		}
	case dir > 0:
		if m <= s.ref.m {
			y++
		}
	}
	return hit{end: i + 1, typ: Date, val: fmtYM(y, m), anchor: day{y, m, 1}, gran: uMonth}
}

// unitRel resolves "last month", "this week", "next year", "the following day": the unit u
// moved dir steps from the reference date, or from the last explicit date for "the
// following" and "the previous".
func (s *scan) unitRel(det, u, dir int, the bool, end int) hit {
	dw := s.w(det)
	if !s.hasRef {
		switch u {
		case uYear:
			return hit{end: end, typ: Date, val: xYear}
		case uMonth:
			return hit{end: end, typ: Date, val: "XXXX-XX"}
		case uWeek:
			return hit{end: end, typ: Date, val: "XXXX-WXX"}
		}
		return hit{end: end, typ: Date, val: xDay}
	}
	r := s.ref
	if (dw == "following" || dw == "previous") && s.agran != 0 {
		r = s.anchor
	}
	if u == uDay && (dw == "following" || dw == "next" && the) && s.agran == uDay {
		r = s.anchor
	}
	switch u {
	case uYear:
		if h := s.quarterAfterYear(end, r.y+dir); h.end > 0 {
			return h
		}
		return s.yearHit(r.y+dir, end)
	case uMonth:
		d := day{r.y, r.m, 1}.add(0, dir, 0)
		return hit{end: end, typ: Date, val: fmtYM(d.y, d.m), anchor: d, gran: uMonth}
	case uWeek:
		return hit{end: end, typ: Date, val: fmtWeek(r.add(0, 0, 7*dir))}
	case uWeekend:
		// The weekend just gone, unless "this"/"next" weekend, which news uses for the coming one.
		rw := r.weekday()
		var sat day
		switch {
		case dw == "this" && rw >= 6:
			sat = r.add(0, 0, 6-rw)
		case dir == 0 || dir > 0:
			sat = r.add(0, 0, 6-rw+7*dir)
		default:
			sat = r.add(0, 0, 6-rw-7)
		}
		return hit{end: end, typ: Date, val: fmtWeek(sat) + "-WE"}
	case uDay:
		if dir == 0 || !the && dw != "next" && dw != "previous" && dw != "following" {
			return hit{}
		}
		d := r.add(0, 0, dir)
		return hit{end: end, typ: Date, val: fmtDay(d), anchor: d, gran: uDay}
	case uQuarter:
		if dw == "latest" {
			dir = -1 // the latest quarter reported is the last one completed
		}
		q := r.y*4 + (r.m-1)/3 + dir
		y, qq := q/4, q%4+1
		return hit{end: end, typ: Date, val: fmtQ(y, qq), anchor: day{y, 3*qq - 2, 1}, q: qq}
	case uDecade:
		return decadeHit(r.y+10*dir, end)
	case uCentury:
		return hit{end: end, typ: Date, val: string(appendPad(nil, r.y/100+dir, 2))}
	}
	return hit{}
}

// keyword holds the rules that begin with a particular word.
func (s *scan) keyword(i int) hit {
	w := s.w(i)
	switch w {
	case "today":
		if !s.hasRef {
			return hit{end: i + 1, typ: Date, val: "PRESENT_REF"}
		}
		return hit{end: i + 1, typ: Date, val: fmtDay(s.ref), anchor: s.ref, gran: uDay}
	case "tonight":
		if !s.hasRef {
			return hit{end: i + 1, typ: Time, val: xDay + "TNI"}
		}
		return hit{end: i + 1, typ: Time, val: fmtDay(s.ref) + "TNI", anchor: s.ref, gran: uDay}
	case "yesterday", "tomorrow":
		if !s.hasRef {
			return hit{end: i + 1, typ: Date, val: xDay}
		}
		k := -1
		if w == "tomorrow" {
			k = 1
		}
		d := s.ref.add(0, 0, k)
		if s.cls(i+1) == cTOD && s.toks[i+1].lx.flags&fPlural == 0 {
			return hit{end: i + 2, typ: Time, val: fmtDay(d) + "T" + todCode[s.toks[i+1].lx.val], anchor: d, gran: uDay}
		}
		return hit{end: i + 1, typ: Date, val: fmtDay(d), anchor: d, gran: uDay}
	case "now", "currently", "presently", "nowadays":
		return hit{end: i + 1, typ: Date, val: "PRESENT_REF"}
	case "current":
		if h := s.relative(i, false); h.end > 0 {
			return h
		}
		return hit{end: i + 1, typ: Date, val: "PRESENT_REF"}
	case "that":
		return s.that(i)
	case "these":
		if s.w(i+1) == "days" {
			return hit{end: i + 2, typ: Date, val: "PRESENT_REF"}
		}
	case "recently", "lately", "formerly":
		return hit{end: i + 1, typ: Date, val: "PAST_REF"}
	case "recent":
		if u, plural := s.unit(i + 1); u != 0 && plural {
			return hit{end: i + 2, typ: Date, val: "PAST_REF"}
		}
	case "future":
		if s.w(i-1) == "in" || s.w(i-1) == "near" {
			return hit{end: i + 1, typ: Date, val: "FUTURE_REF"}
		}
	case "this", "last", "next", "past", "coming", "previous", "following", "latest":
		return s.relative(i, false)
	case "the":
		return s.the(i)
	case "every", "each":
		return s.every(i)
	case "fiscal":
		if y, j := s.yearAt(i + 1); y >= 0 {
			if h := s.quarterAfterYear(j, y); h.end > 0 {
				return h
			}
			return s.yearHit(y, j)
		}
	case "noon", "midnight", "midday":
		h := 12
		if w == "midnight" {
			h = 24
		}
		d, end, ok := s.dayAfter(i + 1)
		if !ok {
			if w != "midday" && w != "noon" {
				return hit{}
			}
			if !s.hasRef {
				return hit{}
			}
			d, end = s.ref, i+1
		}
		if h == 24 {
			return hit{end: end, typ: Time, val: fmtDay(d) + "T24"}
		}
		return hit{end: end, typ: Time, val: fmtTime(d, h, 0)}
	case "q1", "q2", "q3", "q4":
		q := int(w[1] - '0')
		if !s.hasRef {
			return hit{end: i + 1, typ: Date, val: "XXXX-Q" + w[1:]}
		}
		y := s.quarterYear(i, q, false)
		if yy, j := s.yearAt(i + 1); yy >= 0 {
			return hit{end: j, typ: Date, val: fmtQ(yy, q), q: q, anchor: day{yy, 3*q - 2, 1}}
		}
		return hit{end: i + 1, typ: Date, val: fmtQ(y, q), q: q, anchor: day{y, 3*q - 2, 1}}
	case "year":
		return s.yearEarlier(i)
	case "a", "an", "couple", "dozens", "hundreds", "thousands":
		return s.amount(i)
	case "once", "ever":
	}
	return hit{}
}

// quarterAfterYear matches "1990 first quarter" style after a year.
func (s *scan) quarterAfterYear(j, y int) hit {
	k := j
	if s.isP(k, '\'') && s.w(k+1) == "s" {
		k += 2
	}
	if s.cls(k) != cOrd {
		return hit{}
	}
	h := s.quarter(k)
	if h.end == 0 {
		return hit{}
	}
	q := int(s.toks[k].lx.val)
	if s.w(h.end-1) == "half" {
		h.val = fmtY(y) + "-H" + string(rune('0'+q))
		return h
	}
	h.val, h.anchor, h.q = fmtQ(y, q), day{y, 3*q - 2, 1}, q
	return h
}

// yearEarlier matches "year-earlier", "year-ago" (an adjective of earnings reports: the same
// period a year before) and "year-end".
func (s *scan) yearEarlier(i int) hit {
	if !s.hyphen(i + 1) {
		// "by year end", "by year's end"
		j := i + 1
		if s.isP(j, '\'') && s.glued(j) && s.w(j+1) == "s" {
			j += 2
		}
		if s.w(j) != "end" || s.toks[i].cap && !s.sentenceStart(i) {
			return hit{}
		}
		if !s.hasRef {
			return hit{end: j + 1, typ: Date, val: xYear}
		}
		return hit{end: j + 1, typ: Date, val: fmtY(s.ref.y)}
	}
	j := i + 3
	switch s.w(i + 2) {
	case "earlier", "ago":
		switch s.w(j) {
		case "quarter", "period":
			j++
		default:
			if s.cls(j) == cOrd {
				if h := s.quarter(j); h.end > 0 && h.q != 0 {
					return hit{end: h.end, typ: Date, val: fmtQ(h.anchor.y-1, h.q)}
				}
			}
		}
		if !s.hasRef {
			return hit{end: j, typ: Date, val: xYear}
		}
		if s.qq != 0 && int(s.toks[i].s)-s.qend < quarterReach {
			return hit{end: j, typ: Date, val: fmtQ(s.yearAgoQ(), s.qq)}
		}
		return hit{end: j, typ: Date, val: fmtY(s.ref.y - 1)}
	case "end":
		if !s.hasRef {
			return hit{end: j, typ: Date, val: xYear}
		}
		return hit{end: j, typ: Date, val: fmtY(s.ref.y)}
	}
	return hit{}
}

// the holds the rules that begin with "the".
func (s *scan) the(i int) hit {
	j := i + 1
	switch s.w(j) {
	case "past":
		if h := s.relative(j, true); h.end > 0 {
			return h
		}
		return hit{end: j + 1, typ: Date, val: "PAST_REF"}
	case "future":
		return hit{end: j + 1, typ: Date, val: "FUTURE_REF"}
	case "near":
		if w := s.w(j + 1); w == "future" || w == "term" {
			return hit{end: j + 2, typ: Date, val: "FUTURE_REF"}
		}
		return hit{}
	case "last", "next", "coming", "previous", "following", "latest", "current":
		return s.relative(j, true)
	case "moment":
		if s.w(i-1) == "at" {
			return hit{end: j + 1, typ: Date, val: "PRESENT_REF"}
		}
		return hit{}
	case "first", "second", "third", "fourth":
		if h := s.quarter(j); h.end > 0 {
			return h
		}
		if s.w(j) == "first" {
			if h := s.amount(j + 1); h.end > 0 && h.typ == Duration {
				return h
			}
		}
		return s.century(j)
	case "fiscal":
		if s.cls(j+1) == cOrd {
			if h := s.quarter(j + 1); h.end > 0 {
				return h
			}
		}
		if s.w(j+1) == "year" {
			if y, k := s.yearAt(j + 2); y >= 0 {
				return s.yearHit(y, k)
			}
			if !s.hasRef {
				return hit{end: j + 2, typ: Date, val: xYear}
			}
			return s.yearHit(s.ref.y, j+2)
		}
		return hit{}
	case "year":
		if y, k := s.yearAt(j + 1); y >= 0 {
			return s.yearHit(y, k)
		}
		if s.w(j+1) == "two" && s.w(j+2) == "thousand" {
			return s.yearHit(2000, j+3)
		}
		if h := s.yearEarlier(j); h.end > 0 {
			if h.end == j+3 {
				return hit{} // "the year-ago results": TimeBank tags "year-ago" alone
			}
			return h
		}
		if s.hasRef {
			if w := s.w(j + 1); w == "ended" || w == "ending" || w == "to" {
				return hit{end: j + 1, typ: Duration, val: "P1Y"}
			}
			return s.yearHit(s.ref.y, j+1)
		}
		return hit{}
	case "weekend":
		return s.unitRel(i, uWeekend, -1, true, j+1)
	case "quarter":
		if !s.hasRef {
			return hit{}
		}
		if s.qq != 0 {
			return hit{end: j + 1, typ: Date, val: fmtQ(s.qy, s.qq), anchor: day{s.qy, 3*s.qq - 2, 1}, q: s.qq}
		}
		return s.unitRel(i, uQuarter, -1, true, j+1)
	case "same":
		if s.w(j+1) == "day" && s.agran == uDay {
			return hit{end: j + 2, typ: Date, val: fmtDay(s.anchor)}
		}
		return hit{}
	}
	switch s.cls(j) {
	case cSeason:
		if s.w(j+1) == "of" {
			if y, k := s.yearAt(j + 2); y >= 0 {
				return hit{end: k, typ: Date, val: fmtY(y) + "-" + seasonCode[s.toks[j].lx.val]}
			}
			return hit{}
		}
		return s.season(j, 0, true)
	}
	t := j
	if y := s.yearNum(t); y >= 0 {
		if h := s.quarterAfterYear(t+1, y); h.end > 0 { // "the 1988 second quarter"
			return h
		}
		switch s.w(t + 1) {
		case "quarter", "period":
			if s.qq != 0 {
				return hit{end: t + 2, typ: Date, val: fmtQ(y, s.qq), anchor: day{y, 3*s.qq - 2, 1}, q: s.qq}
			}
			return s.yearHit(y, t+2)
		}
	}
	if t < len(s.toks) && s.toks[t].kind == kNum {
		if s.toks[t].nd == 4 && s.toks[t].suf == sufS {
			return s.year(t)
		}
		if h := s.century(t); h.end > 0 {
			return h
		}
	}
	if s.isP(t, '\'') {
		return s.shortDecade(t)
	}
	// "the nine months", "the two days"; not "the two-year" (an adjective: "the two-year note")
	if h := s.amount(j); h.end > 0 && h.typ == Duration && s.w(j) != "a" && s.w(j) != "an" && !s.hyphen(h.end-2) {
		return h
	}
	return hit{}
}

// every matches sets: "every week", "each year", "every Thursday", "every three months".
func (s *scan) every(i int) hit {
	j := i + 1
	if s.w(j) == "other" {
		return hit{}
	}
	switch s.cls(j) {
	case cUnit:
		u, plural := s.unit(j)
		if plural {
			return hit{}
		}
		return hit{end: j + 1, typ: Set, val: duration(1, u)}
	case cWeekday:
		v := "XXXX-WXX-" + string(rune('0'+s.toks[j].lx.val))
		if s.cls(j+1) == cTOD {
			return hit{end: j + 2, typ: Set, val: v + "T" + todCode[s.toks[j+1].lx.val]}
		}
		return hit{end: j + 1, typ: Set, val: v}
	case cSeason:
		return hit{end: j + 1, typ: Set, val: "XXXX-" + seasonCode[s.toks[j].lx.val]}
	case cTOD:
		return hit{end: j + 1, typ: Set, val: "XXXX-XX-XXT" + todCode[s.toks[j].lx.val]}
	}
	if h := s.amount(j); h.end > 0 && h.typ == Duration {
		h.typ = Set
		return h
	}
	return hit{}
}

// lower returns s in lower case; it allocates only when s has upper-case letters, and the
// rules call it only on the rare tokens next to a candidate year.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// yearAgoQ is the year of the quarter "a year earlier" names after a quarter was mentioned:
// the one before it, except that when the mention was itself last year's quarter ("the 1988
// period" in a report of 1989), the comparison is with that one.
func (s *scan) yearAgoQ() int {
	if s.hasRef && s.qy == s.ref.y-1 {
		return s.qy
	}
	return s.qy - 1
}

// hadBeen reports a past perfect before the cue at token j: "had been scheduled to expire
// Friday" tells of a plan that the news has overtaken.
func (s *scan) hadBeen(j int) bool {
	return s.w(j-1) == "been" && s.w(j-2) == "had" || s.w(j-1) == "had"
}

// holiday matches a holiday's name at i: "Thanksgiving", "Thanksgiving Day", "Christmas
// Eve", "Election Day". dir is as for weekdayDate: a bare name is the most recent one, or
// the coming one when the sentence points forward.
func (s *scan) holiday(i, dir int) hit {
	t := &s.toks[i]
	if !t.cap {
		return hit{}
	}
	hd := int(t.lx.val)
	j := i + 1
	eve := false
	switch w := s.w(j); {
	case w == "day" && s.toks[j].cap:
		j++
	case w == "eve" && hd == hChristmas:
		eve = true
		j++
	case hd == hElection || hd == hIndependence || hd == hMemorial || hd == hLabor:
		return hit{} // "Election" alone is no day
	}
	if y, k := s.yearAt(j); y >= 0 {
		return s.holidayHit(holidayDate(hd, y, eve), k)
	}
	if !s.hasRef {
		if d := holidayDate(hd, 2001, eve); hd == hChristmas || hd == hHalloween || hd == hIndependence {
			return hit{end: j, typ: Date, val: "XXXX-" + fmtDay(d)[5:]}
		}
		return hit{end: j, typ: Date, val: "XXXX-" + fmtYM(0, holidayDate(hd, 2001, eve).m)[5:]}
	}
	r := s.ref
	d := holidayDate(hd, r.y, eve)
	before, after := d.time().Before(r.time()), d.time().After(r.time())
	switch dir {
	case -1:
		if !before {
			d = holidayDate(hd, r.y-1, eve)
		}
	case 1:
		if !after {
			d = holidayDate(hd, r.y+1, eve)
		}
	case 2:
	default:
		if after && !s.futureCue(i) {
			d = holidayDate(hd, r.y-1, eve)
		} else if before && s.futureCue(i) {
			d = holidayDate(hd, r.y+1, eve)
		}
	}
	return s.holidayHit(d, j)
}

func (s *scan) holidayHit(d day, end int) hit {
	return hit{end: end, typ: Date, val: fmtDay(d), anchor: d, gran: uDay}
}

// holidayDate is the date of holiday hd in year y (the eve of Christmas when eve is set).
func holidayDate(hd, y int, eve bool) day {
	// nth returns the n-th weekday wd (ISO) of month m; n < 0 counts from the month's end.
	nth := func(m, wd, n int) day {
		if n < 0 {
			last := day{y, m + 1, 0}.add(0, 0, 0)
			return last.add(0, 0, -((last.weekday() - wd + 7) % 7))
		}
		first := day{y, m, 1}
		return first.add(0, 0, (wd-first.weekday()+7)%7+7*(n-1))
	}
	switch hd {
	case hThanksgiving:
		return nth(11, 4, 4)
	case hChristmas:
		if eve {
			return day{y, 12, 24}
		}
		return day{y, 12, 25}
	case hHalloween:
		return day{y, 10, 31}
	case hElection:
		return nth(11, 1, 1).add(0, 0, 1)
	case hIndependence:
		return day{y, 7, 4}
	case hMemorial:
		return nth(5, 1, -1)
	}
	return nth(9, 1, 1) // hLabor
}

// that matches "that year", "that day", "that same day", "that month": the year, day or
// month of the last explicit date.
func (s *scan) that(i int) hit {
	j := i + 1
	if s.w(j) == "same" {
		j++
	}
	u, plural := s.unit(j)
	if plural || s.agran == 0 {
		return hit{}
	}
	a := s.anchor
	switch {
	case u == uYear:
		return hit{end: j + 1, typ: Date, val: fmtY(a.y)}
	case u == uMonth && s.agran != uYear:
		return hit{end: j + 1, typ: Date, val: fmtYM(a.y, a.m)}
	case u == uDay && s.agran == uDay:
		return hit{end: j + 1, typ: Date, val: fmtDay(a)}
	}
	return hit{}
}
