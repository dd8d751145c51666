package output

import (
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
)

// appendArticle appends the JSON form of d — the bytes encoding/json writes for Convert(d)
// with HTML escaping off, without the final newline — to b.
//
// It exists for speed: writing JSON Lines through reflection over Convert's intermediate
// structs took about as long as tokenizing the article. The field order, the nulls, the
// omitted "continues" and the escaping all follow encoding/json, and TestAppendArticle and
// FuzzAppendArticle hold it to that. A change to the Article structs must be made here too.
//
// esc is scratch space, kept by the caller between articles: the text's escapes, noted as
// the text is written, let the statements' and dates' spans of it be copied rather than
// escaped again.
func appendArticle(b []byte, d *document.Doc, esc *textEscapes) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, d.ID)
	b = append(b, `,"title":`...)
	b = appendString(b, d.Title)
	b = append(b, `,"published":`...)
	if d.Published.IsZero() {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = d.Published.AppendFormat(b, "2006-01-02") // digits and '-': nothing to escape
		b = append(b, '"')
	}
	b = append(b, `,"outlet":`...)
	b = appendOptString(b, d.Outlet)
	b = append(b, `,"url":`...)
	b = appendOptString(b, d.URL)
	b = append(b, `,"text":"`...)
	b = esc.appendText(b, d.Text)
	b = append(b, '"')

	b = append(b, `,"statements":[`...)
	for i := range d.Statements {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStatement(b, d, &d.Statements[i], esc)
	}

	b = append(b, `],"entities":[`...)
	for i := range d.Entities {
		e := &d.Entities[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, e.Name)
		b = append(b, `,"type":`...)
		b = appendString(b, string(e.Type))
		b = append(b, `,"mentions":[`...)
		for k, m := range e.Mentions {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendPair(b, d.Runes(m.Start), d.Runes(m.End))
		}
		b = append(b, "]}"...)
	}

	b = append(b, `],"dates":[`...)
	for i := range d.Dates {
		t := &d.Dates[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"text":"`...)
		b = esc.appendSpan(b, t.Span)
		b = append(b, `","value":`...)
		b = appendString(b, t.Value)
		b = append(b, `,"type":`...)
		b = appendString(b, t.Type)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(d.Runes(t.Start)), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(d.Runes(t.End)), 10)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendStatement appends the JSON form of st, a statement of d, as Convert builds it.
func appendStatement(b []byte, d *document.Doc, st *document.Statement, esc *textEscapes) []byte {
	b = append(b, `{"kind":`...)
	b = appendString(b, string(st.Kind))
	b = append(b, `,"speaker":{"name":`...)
	b = appendOptString(b, st.Speaker.Name)
	b = append(b, `,"type":`...)
	if st.Speaker.Type == "" {
		b = appendString(b, string(document.Unknown))
	} else {
		b = appendString(b, string(st.Speaker.Type))
	}
	b = append(b, `},"source":`...)
	b = appendMention(b, d, st.Source, esc)
	b = append(b, `,"cue":`...)
	b = appendMention(b, d, st.Cue, esc)

	// The content's text is its spans joined by a space. Escaping works rune by rune (an
	// incomplete sequence at a span's end is one invalid byte either way), so the spans are
	// escaped one by one rather than joined first.
	b = append(b, `,"content":{"text":"`...)
	for k, sp := range st.Content {
		if k > 0 {
			b = append(b, ' ')
		}
		b = esc.appendSpan(b, sp)
	}
	b = append(b, `","spans":`...)
	if len(st.Content) == 0 {
		b = append(b, "null"...) // Convert leaves the slice nil
	} else {
		b = append(b, '[')
		for k, sp := range st.Content {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendPair(b, d.Runes(sp.Start), d.Runes(sp.End))
		}
		b = append(b, ']')
	}
	b = append(b, `},"date":`...)
	b = appendOptString(b, st.Date)

	b = append(b, `,"about":[`...)
	n := 0
	for _, e := range st.About {
		if e < 0 || e >= len(d.Entities) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, `{"name":`...)
		b = appendString(b, d.Entities[e].Name)
		b = append(b, `,"type":`...)
		b = appendString(b, string(d.Entities[e].Type))
		b = append(b, '}')
	}
	b = append(b, ']')
	if st.Continues >= 0 {
		b = append(b, `,"continues":`...)
		b = strconv.AppendInt(b, int64(st.Continues), 10)
	}
	b = append(b, `,"rule":`...)
	b = appendString(b, st.Rule)
	return append(b, '}')
}

// appendMention appends the mention under sp, or null for an empty span.
func appendMention(b []byte, d *document.Doc, sp document.Span, esc *textEscapes) []byte {
	if sp.Empty() {
		return append(b, "null"...)
	}
	b = append(b, `{"text":"`...)
	b = esc.appendSpan(b, sp)
	b = append(b, `","start":`...)
	b = strconv.AppendInt(b, int64(d.Runes(sp.Start)), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(d.Runes(sp.End)), 10)
	return append(b, '}')
}

// appendPair appends [x,y].
func appendPair(b []byte, x, y int) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(x), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(y), 10)
	return append(b, ']')
}

// appendOptString appends s as a JSON string, or null when it is empty (Convert's strPtr).
func appendOptString(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendString(b, s)
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// jsonSafe reports the ASCII bytes that encoding/json writes as they are when HTML escaping
// is off: all but the control characters, '"' and '\\'.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendEscaped appends the inside of the JSON string of s, escaped exactly as encoding/json
// escapes it with HTML escaping off: '"' and '\\' with a backslash, \b \f \n \r \t by name,
// other control characters as \u00XX, each byte of invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 as \u2028 and \u2029. '<', '>' and '&' are written as they are.
func appendEscaped(b []byte, s string) []byte { return appendEscapedNoting(b, s, nil) }

// appendEscapedNoting is appendEscaped that, when at is not nil, appends to *at the offset in
// s of every rune it does not copy as it is.
func appendEscapedNoting(b []byte, s string, at *[]int) []byte {
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			// Text is mostly runs of bytes written as they are, skipped here eight at a time;
			// a chunk with another byte is entered at that byte.
			// The high bit of each byte that is not: below 0x20, '"', '\\', 0x80 or more. A
			// byte above the lowest such may be flagged wrongly, by a borrow; the lowest never
			// is. (Written out here, as a function it would not be inlined.)
			const ones, high = 0x0101010101010101, 0x8080808080808080
			c8 := s[i : i+8]
			x := uint64(c8[0]) | uint64(c8[1])<<8 | uint64(c8[2])<<16 | uint64(c8[3])<<24 |
				uint64(c8[4])<<32 | uint64(c8[5])<<40 | uint64(c8[6])<<48 | uint64(c8[7])<<56
			q, bs := x^'"'*ones, x^'\\'*ones
			m := ((x-0x20*ones)&^x | (q-ones)&^q | (bs-ones)&^bs | x) & high
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			if at != nil {
				*at = append(*at, i)
			}
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		if at != nil {
			*at = append(*at, i)
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

// textEscapes holds where the escaped form of an article's text (appendEscaped) differs from
// the text, so that the spans of it that statements and dates quote can be written by
// copying their runs of bytes that need no escaping, most of them, instead of escaping
// every byte again.
type textEscapes struct {
	text string
	at   []int // offsets, increasing, of the runes of text that appendEscaped does not copy
}

// appendText appends appendEscaped(b, text) and notes text's escapes for appendSpan.
func (e *textEscapes) appendText(b []byte, text string) []byte {
	e.text, e.at = text, e.at[:0]
	return appendEscapedNoting(b, text, &e.at)
}

// appendSpan appends appendEscaped(b, e.text[sp.Start:sp.End]). Escaping reads the text rune
// by rune, and a rune of the whole text is one of the span when the span starts and ends
// at rune boundaries (a byte that is no UTF-8 continuation byte, or the end): then the span
// is written as its runs between the noted escapes, copied, and each escape, escaped. A span
// that cuts a rune is escaped as it is.
func (e *textEscapes) appendSpan(b []byte, sp document.Span) []byte {
	s := e.text
	a, z := sp.Start, sp.End
	w := s[a:z]
	if !runeBoundary(s, a) || !runeBoundary(s, z) {
		return appendEscaped(b, w)
	}
	lo, hi := 0, len(e.at) // the first escape at or after a
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); e.at[m] < a {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for k := lo; k < len(e.at) && e.at[k] < z; k++ {
		p := e.at[k]
		b = append(b, s[a:p]...)
		size := 1
		if s[p] >= utf8.RuneSelf {
			_, size = utf8.DecodeRuneInString(s[p:z])
		}
		b = appendEscaped(b, s[p:p+size])
		a = p + size
	}
	return append(b, s[a:z]...)
}

// runeBoundary reports whether offset i of s is the end of s or a byte that starts a rune
// (valid or not) when s is read from its start: any byte but a continuation byte, 10xxxxxx.
func runeBoundary(s string, i int) bool { return i >= len(s) || s[i]&0xC0 != 0x80 }
