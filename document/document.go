// Package document defines the article model that every stage of whosaid reads and annotates.
//
// A Doc holds the article text exactly once. Every annotation — paragraph, sentence, token,
// statement, entity mention, date — is a Span of byte offsets into that text, never a copy of a
// substring, so annotations cannot drift from the text they describe (the design of spaCy's
// Doc and Span). Byte offsets keep slicing O(1) inside the pipeline; the output stage turns them
// into Unicode code point offsets, the convention of brat and PolNeAR, with Doc.Runes.
package document

import (
	"math/bits"
	"time"
)

// Span is the half-open byte range [Start, End) of Doc.Text.
type Span struct {
	Start, End int
}

// Len is the length of the span in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Empty reports whether the span covers no text.
func (s Span) Empty() bool { return s.End <= s.Start }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return o.Start >= s.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Doc is one article with its annotations.
type Doc struct {
	ID        string    // stable identifier, unique within a run
	Name      string    // short name for per-article output files (brat NAME.ann)
	Title     string    // headline as read or as given by the source's metadata
	URL       string    // canonical address, when known
	Outlet    string    // publishing outlet, when known
	Published time.Time // publication date (and time where known); zero when unknown

	Text string // the article text as read; every Span points into it

	Paragraphs []Span     // blank-line separated blocks; the first is the headline for plain text
	Sentences  []Sentence // in text order
	Tokens     []Token    // in text order
	// POS holds the part-of-speech tag of each token, numbered as package pos numbers them
	// (pos.Tag), once a stage has tagged them (empty before): the attribution model reads
	// them, and so does the entity tagger when its model has part-of-speech templates (the
	// shipped one has them off), and tagging once serves both.
	POS []uint8

	Statements []Statement
	Entities   []Entity
	Dates      []Timex
	// Quoted holds, for each token, 1 + the index of the top-level quotation holding it, or
	// 0, while package quote's statement extraction runs its merge step (nil otherwise): a
	// merge step that reads the quotations (quote.QuoteIndex) then takes the extractor's
	// pairing instead of pairing the marks again.
	Quoted []int32

	runeIdx   []int32 // rune count at every runeStep-th byte; built lazily by Runes
	runesSame bool    // Text has no UTF-8 continuation byte: rune offsets are byte offsets
}

// Reset empties d for another article. Every field is cleared, but the arrays behind Tokens,
// Sentences and Paragraphs (and the index behind Runes) are kept, empty, for the next
// tokenization to fill: a program that recycles its documents then does not allocate and
// clear them for every article, the largest allocation per article. So are those behind POS
// and Dates, for the stages that fill them (pos.Tagger.TagDoc, timex.Tagger.AppendTags).
// Nothing of d's previous contents may be in use when it is reset.
func (d *Doc) Reset() {
	clear(d.Dates) // let the values' strings go
	*d = Doc{
		Tokens:     d.Tokens[:0],
		Sentences:  d.Sentences[:0],
		Paragraphs: d.Paragraphs[:0],
		POS:        d.POS[:0],
		Dates:      d.Dates[:0],
		runeIdx:    d.runeIdx[:0],
	}
}

// Slice returns the text under s.
func (d *Doc) Slice(s Span) string { return d.Text[s.Start:s.End] }

// runeStep is the stride of the checkpoint table used for byte→rune conversion: a lookup
// counts the bytes of at most one runeStep-byte block, two eight-byte words, and the table
// costs 4 bytes per runeStep bytes of text.
const runeStep = 16

// Runes converts a byte offset into Text to a Unicode code point offset.
func (d *Doc) Runes(byteOff int) int {
	if byteOff <= 0 {
		return 0
	}
	if byteOff > len(d.Text) {
		byteOff = len(d.Text)
	}
	if len(d.runeIdx) == 0 { // never empty once built: it has an entry for byte 0
		d.buildRuneIndex()
	}
	if d.runesSame {
		return byteOff
	}
	i := byteOff / runeStep
	from := i * runeStep
	if from+runeStep > len(d.Text) { // the text's last, partial block
		return int(d.runeIdx[i]) + runeStarts(d.Text[from:byteOff])
	}
	// Count rune starts, as the table does (a checkpoint may fall inside a rune), in the
	// block's two words with the bytes from byteOff on masked off.
	k := uint(byteOff - from)
	lo := le64(d.Text[from:]) & (1<<(8*min(k, 8)) - 1)
	hi := le64(d.Text[from+8:]) & (1<<(8*(max(k, 8)-8)) - 1)
	return int(d.runeIdx[i]) + int(k) - bits.OnesCount64(contBytes(lo)) - bits.OnesCount64(contBytes(hi))
}

func (d *Doc) buildRuneIndex() {
	idx := d.runeIdx[:0] // a Reset document keeps its array
	// Much news text is all ASCII, where the table would only repeat its byte offsets.
	t := d.Text
	first := asciiPrefix(t)
	if d.runesSame = first == len(t); d.runesSame {
		d.runeIdx = append(idx, 0) // built
		return
	}
	if n := len(t)/runeStep + 1; cap(idx) >= n {
		idx = idx[:n]
	} else {
		idx = make([]int32, n)
	}
	// The blocks before the first that holds a byte beyond ASCII hold a rune per byte.
	k0 := first / runeStep
	for k := range idx[:k0] {
		idx[k] = int32(k * runeStep)
	}
	n := k0 * runeStep
	for k := k0; k < len(idx); k++ {
		idx[k] = int32(n)
		if from := k * runeStep; from+runeStep <= len(t) {
			n += runeStep - bits.OnesCount64(contBytes(le64(t[from:]))) - bits.OnesCount64(contBytes(le64(t[from+8:])))
		} else {
			n += runeStarts(t[from:])
		}
	}
	d.runeIdx = idx
}

// asciiPrefix returns the length of the longest prefix of s that is all ASCII, reading
// sixteen bytes at a time while it lasts.
func asciiPrefix(s string) int {
	const high = 0x8080808080808080
	i := 0
	for ; i+16 <= len(s); i += 16 {
		c := s[i : i+16] // one bounds check for both words
		if (le64(c)|le64(c[8:]))&high != 0 {
			break
		}
	}
	for i < len(s) && s[i] < 0x80 {
		i++
	}
	return i
}

// le64 returns the first eight bytes of s as a little-endian integer.
func le64(s string) uint64 {
	_ = s[7] // one bounds check, and the loads below become one
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// contBytes returns the high bit of each UTF-8 continuation byte (10xxxxxx) of the eight
// bytes in x: a byte's bit 6 shifted into its bit 7, where continuation bytes have bit 7
// without it.
func contBytes(x uint64) uint64 { return x &^ (x << 1) & 0x8080808080808080 }

// runeStarts returns the number of bytes of s that start a rune: all but the UTF-8
// continuation bytes (10xxxxxx), which it counts eight at a time.
func runeStarts(s string) int {
	n := len(s)
	for len(s) >= 8 {
		n -= bits.OnesCount64(contBytes(le64(s)))
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			n--
		}
	}
	return n
}

// Sentence is a sentence span with the index range of its tokens.
type Sentence struct {
	Span
	Para       int // index into Doc.Paragraphs
	FirstToken int // index of the first token in Doc.Tokens
	EndToken   int // one past the last token
}

// TokenKind classifies a token by its surface form.
type TokenKind uint8

const (
	Word   TokenKind = iota // letters, possibly with digits, inner apostrophes, hyphens or dots
	Number                  // digits, possibly with separators
	Punct                   // any other single symbol
	Quote                   // a quotation mark, straight or typographic
)

// Token is one token of the text.
type Token struct {
	Span
	Kind  TokenKind
	Cap   bool // first rune is an upper-case letter
	Space bool // whitespace (or start of text) precedes the token
	Para  int  // index into Doc.Paragraphs
}

// Kind of statement.
type Kind string

// The three kinds of statement.
const (
	Direct   Kind = "direct"   // the words are in quotation marks
	Indirect Kind = "indirect" // reported speech
	Mixed    Kind = "mixed"    // reported speech that quotes some of the words
)

// EntityType is the coarse type of a speaker or entity.
type EntityType string

// Entity and speaker types.
const (
	Person       EntityType = "person"
	Organization EntityType = "organization"
	Place        EntityType = "place"
	Other        EntityType = "other"
	Unknown      EntityType = "unknown"
)

// Statement is one attributed statement: who (Source), through which word (Cue), what (Content).
type Statement struct {
	Kind    Kind
	Source  Span   // the words naming the speaker; empty when the text names none
	Cue     Span   // the reporting word(s); empty for a headline quote or a continued quote
	Content []Span // the words said; more than one span when the content is discontinuous

	// Speaker is the speaker resolved within the article. Name is empty when the text does
	// not support a name (an unnamed source, a pronoun with no antecedent).
	Speaker Speaker

	// Date is the TIMEX3 value of when the statement was made, where the text says
	// ("2017-03-30", "2017-03"); empty otherwise.
	Date string

	// Continues is the index (into Doc.Statements) of the statement whose speaker this one
	// inherits — a quote paragraph with no reporting word of its own — or -1.
	Continues int

	// Rule names the rule that produced the statement, for explanations and debugging.
	Rule string

	// About holds the indices (into Doc.Entities) of the entities that the content
	// mentions, in order of first mention, each once; the speaker is not among them.
	About []int
}

// Speaker is the resolved speaker of a statement.
type Speaker struct {
	Name string
	Type EntityType
}

// Entity is one entity of the article with all its mentions.
type Entity struct {
	Name     string // the fullest name the article uses
	Type     EntityType
	Mentions []Span
}

// Timex is a temporal expression with its normalised TIMEX3 value.
type Timex struct {
	Span
	Type  string // DATE, TIME, DURATION or SET
	Value string // TIMEX3 value, e.g. 2017-03-30, 2017-03, P1M, XXXX-WI
}
