package timex

import (
	"strconv"
	"time"
)

// day is a calendar date. Arithmetic goes through time.Date, which normalises overflow
// ("March 0" is the last day of February), so rules never do calendar sums by hand.
type day struct{ y, m, d int }

func dayOf(t time.Time) day { return day{t.Year(), int(t.Month()), t.Day()} }

func (d day) time() time.Time { return time.Date(d.y, time.Month(d.m), d.d, 12, 0, 0, 0, time.UTC) }

func (d day) add(years, months, days int) day {
	return dayOf(time.Date(d.y+years, time.Month(d.m+months), d.d+days, 12, 0, 0, 0, time.UTC))
}

// weekday returns the ISO weekday, Monday = 1 ... Sunday = 7.
func (d day) weekday() int {
	w := int(d.time().Weekday())
	if w == 0 {
		return 7
	}
	return w
}

func appendPad(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func fmtY(y int) string { return string(appendPad(nil, y, 4)) }

func fmtYM(y, m int) string {
	b := make([]byte, 0, 7)
	b = appendPad(b, y, 4)
	b = append(b, '-')
	return string(appendPad(b, m, 2))
}

func fmtDay(d day) string {
	b := make([]byte, 0, 10)
	b = appendPad(b, d.y, 4)
	b = append(b, '-')
	b = appendPad(b, d.m, 2)
	b = append(b, '-')
	return string(appendPad(b, d.d, 2))
}

func fmtWeek(d day) string {
	y, w := d.time().ISOWeek()
	b := make([]byte, 0, 8)
	b = appendPad(b, y, 4)
	b = append(b, '-', 'W')
	return string(appendPad(b, w, 2))
}

func fmtQ(y, q int) string {
	b := make([]byte, 0, 7)
	b = appendPad(b, y, 4)
	return string(append(b, '-', 'Q', byte('0'+q)))
}

// fmtTime formats a date with an hour and minute, "2017-03-30T15:00".
func fmtTime(d day, h, m int) string {
	b := make([]byte, 0, 16)
	b = append(b, fmtDay(d)...)
	b = append(b, 'T')
	b = appendPad(b, h, 2)
	b = append(b, ':')
	return string(appendPad(b, m, 2))
}

// unitCode is the TIMEX3 duration letter of a unit; time units take the "T" designator.
func unitCode(u int) (code string, isTime bool) {
	switch u {
	case uSecond:
		return "S", true
	case uMinute:
		return "M", true
	case uHour:
		return "H", true
	case uDay:
		return "D", false
	case uWeek:
		return "W", false
	case uMonth:
		return "M", false
	case uQuarter:
		return "Q", false
	case uYear:
		return "Y", false
	case uDecade:
		return "DE", false
	case uCentury:
		return "CE", false
	case uWeekend:
		return "WE", false
	}
	return "", false
}

// duration formats n units as a TIMEX3 duration; n < 0 means an unknown number ("several
// years" is PXY). Decades and centuries with a known count are given in years, as TimeBank does.
func duration(n, u int) string {
	if u == uFortnight {
		u, n = uWeek, n*2
		if n < 0 {
			n = -1
		}
	}
	if n >= 0 && u == uDecade {
		u, n = uYear, n*10
	}
	if n >= 0 && u == uCentury {
		u, n = uYear, n*100
	}
	if u == uWeekend {
		if n < 0 {
			return "PXWE"
		}
		u, n = uDay, n*2
	}
	code, isTime := unitCode(u)
	b := make([]byte, 0, 8)
	b = append(b, 'P')
	if isTime {
		b = append(b, 'T')
	}
	if n < 0 {
		b = append(b, 'X')
	} else {
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return string(append(b, code...))
}

// halfDuration formats n and a half units ("2 1/2 years" is P2Y6M), or "" for a unit with
// no whole smaller unit to write the half in.
func halfDuration(n, u int) string {
	b := make([]byte, 0, 12)
	b = append(b, 'P')
	switch u {
	case uYear:
		b = strconv.AppendInt(b, int64(n), 10)
		return string(append(b, "Y6M"...))
	case uDay:
		b = strconv.AppendInt(b, int64(n), 10)
		return string(append(b, "DT12H"...))
	case uHour:
		b = append(b, 'T')
		b = strconv.AppendInt(b, int64(n), 10)
		return string(append(b, "H30M"...))
	case uMinute:
		b = append(b, 'T')
		b = strconv.AppendInt(b, int64(n), 10)
		return string(append(b, "M30S"...))
	}
	return ""
}
