// Package tokenize splits an article's text into paragraphs, tokens and sentences.
//
// It is written for news text rather than taken from a general library because attribution
// depends on details those tokenizers blur: quotation marks must be tokens of their own
// (straight, typographic, guillemets, and single quotes that double as apostrophes), an
// apostrophe inside a word ("Trump’s", "don’t") must not be, abbreviations and initials
// ("U.S.", "Sen.", "J.") must not end sentences, and paragraphs (blank-line separated) matter
// because quotes run across them. It makes one pass over the text, allocates only the token,
// sentence and paragraph slices, and never copies text: every result is a byte Span.
package tokenize

import (
	"github.com/whosaid/whosaid/internal/ascii"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
)

// Tokenizer splits documents. It holds only read-only tables, so one value may be shared by
// goroutines.
type Tokenizer struct {
	abbrev    map[string]bool // lower-case abbreviations that take a period ("mr", "sen")
	starters  map[string]bool // words that start a sentence after an ambiguous period
	titleAbbr map[string]bool // abbreviations that precede a name and never end a sentence

	pool sync.Pool // *[]int32: the sentence-end candidates of an article (see sentences)
}

// New returns a Tokenizer.
func New() *Tokenizer {
	t := &Tokenizer{abbrev: map[string]bool{}, starters: map[string]bool{}, titleAbbr: map[string]bool{}}
	for _, w := range strings.Fields(`mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj
		st jr sr inc corp co ltd bros dept univ assn est approx vs etc no nos vol fig rev hon pres
		jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
		ave blvd rd mt ft ste atty supt messrs mmes msgr`) {
		t.abbrev[w] = true
	}
	for _, w := range strings.Fields(`mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj
		st atty supt messrs mmes msgr hon pres rev`) {
		t.titleAbbr[w] = true
	}
	for _, w := range strings.Fields(`The A An He She It They We I You But And Or So Yet In On At
		This That These Those His Her Its Their Our My There Here What When Where Why How Who
		If As After Before While Although Though Since However Meanwhile Still Also Now Then`) {
		t.starters[w] = true
	}
	return t
}

// Tokenize fills d.Paragraphs, d.Tokens and d.Sentences from d.Text, replacing what they held.
func (t *Tokenizer) Tokenize(d *document.Doc) {
	text := d.Text
	// Room for the tokens, sentences and paragraphs of all but the densest texts (PolNeAR's
	// average 5, 127 and 237 bytes), so that the slices are allocated once, or not at all
	// when d was recycled (document.Doc.Reset) from an article as long.
	d.Tokens = reuse(d.Tokens, len(text)/5+8)
	d.Sentences = reuse(d.Sentences, len(text)/80+4)
	d.Paragraphs = reuse(d.Paragraphs, len(text)/128+4)

	// Only a terminal mark, a word ending in a period or a paragraph's last token can end a
	// sentence. The scan notes them, so that sentences visits them alone, not every token.
	// They are appended through cp, and a paragraph is appended to d.Paragraphs when it
	// opens and closed when the next one does: the loop's registers are kept for the
	// values every token needs.
	cp, _ := t.pool.Get().(*[]int32)
	if cp == nil {
		cp = new([]int32)
	}
	*cp = (*cp)[:0]

	toks := d.Tokens // kept in a local through the loop, not reloaded from d for every token
	para := -1
	space := true
	newlines := 0
	i := 0
	for i < len(text) {
		c := text[i]
		cl := classOf[c] // 0 for the bytes of multi-byte runes
		if cl&aSpace != 0 {
			if c == '\n' {
				newlines++
			}
			space = true
			i++
			continue
		}
		// A blank line (two line breaks in one run of white space) starts a paragraph.
		if para < 0 || newlines >= 2 {
			if c >= utf8.RuneSelf {
				if r, size := utf8.DecodeRuneInString(text[i:]); isSpace(r) {
					space = true
					i += size
					continue
				}
			}
			if para >= 0 {
				closeParagraph(d, toks, cp)
			}
			para++
			d.Paragraphs = append(d.Paragraphs, document.Span{Start: i})
		}
		if cl&aLetter != 0 {
			// Most tokens are a run of ASCII letters that ends before a space or a mark
			// that cannot join it to more (see scanWord): they are taken here, and can end
			// no sentence. (letterRun, written out: as a call it costs as much again.)
			j := i + 1
			for {
				if j+8 > len(text) {
					j = letterRun(text, j)
					break
				}
				if nl := ascii.NonLetters(le64(text[j:])); nl != 0 {
					j += bits.TrailingZeros64(nl) / 8
					break
				}
				j += 8
			}
			if j == len(text) || wordEnd[text[j]] {
				toks = append(toks, document.Token{
					Span:  document.Span{Start: i, End: j},
					Kind:  document.Word,
					Cap:   cl&aUpper != 0,
					Space: space,
					Para:  para,
				})
				newlines = 0
				space = false
				i = j
				if i < len(text) && text[i] == ' ' { // the usual space after a token, skipped here
					space = true
					i++
				}
				continue
			}
		}
		end, kind, upper, size := t.token(text, i, c)
		if size == 0 { // a multi-byte space
			space = true
			i = end
			continue
		}
		newlines = 0
		toks = append(toks, document.Token{
			Span:  document.Span{Start: i, End: end},
			Kind:  kind,
			Cap:   upper,
			Space: space,
			Para:  para,
		})
		if kind == document.Word && text[end-1] == '.' ||
			kind == document.Punct && (c == '.' || c == '!' || c == '?' || c == "…"[0] && text[i:end] == "…") {
			*cp = append(*cp, int32(len(toks)-1))
		}
		space = false
		i = end
		if i < len(text) && text[i] == ' ' { // the usual space after a token, skipped here
			space = true
			i++
		}
	}
	if para >= 0 {
		closeParagraph(d, toks, cp)
	}
	d.Tokens = toks
	t.sentences(d, *cp)
	if cap(*cp) <= 1<<16 { // do not keep a giant buffer alive after one huge input
		t.pool.Put(cp)
	}
}

// closeParagraph ends the last paragraph of d at the end of the last token of toks, which
// becomes a candidate sentence end in *cands.
func closeParagraph(d *document.Doc, toks []document.Token, cands *[]int32) {
	d.Paragraphs[len(d.Paragraphs)-1].End = toks[len(toks)-1].End
	if n := int32(len(toks) - 1); len(*cands) == 0 || (*cands)[len(*cands)-1] != n {
		*cands = append(*cands, n)
	}
}

// token returns the end, kind and case of the token that starts with the byte c at text[i],
// and the size of its first rune; or, for a multi-byte space, the end of the space and a
// size of 0. It takes every token but the runs of ASCII letters that Tokenize takes itself.
func (t *Tokenizer) token(text string, i int, c byte) (end int, kind document.TokenKind, upper bool, size int) {
	cl := classOf[c]
	switch {
	case cl&aLetter != 0:
		j := letterRun(text, i+1)
		if j < len(text) && text[j] == '.' && (j+1 == len(text) || classOf[text[j+1]]&(aLetter|aDigit) == 0 && text[j+1] < utf8.RuneSelf) {
			// A period that no word character follows joins no more letters: scanWord
			// would stop at it and ask withPeriod.
			return t.withPeriod(text, i, j, j-i, false), document.Word, cl&aUpper != 0, 1
		}
		end, kind = t.scanWord(text, i)
		return end, kind, cl&aUpper != 0, 1
	case cl&aDigit != 0:
		end, kind = t.scanWord(text, i) // without scan's tests
		return end, kind, false, 1
	case c < utf8.RuneSelf:
		if k := markKind[c]; k != 0 {
			return i + 1, k - 1, false, 1 // a mark that is a token of its own byte: scan's last cases
		}
		end, kind = t.scan(text, i, rune(c), 1)
		return end, kind, false, 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if isSpace(r) {
		return i + size, 0, false, 0
	}
	end, kind = t.scan(text, i, r, size)
	return end, kind, !inGeneralPunctuation(r) && unicode.IsUpper(r), size
}

// letterRun returns the end of the run of ASCII letters in text from i, reading eight bytes
// at a time.
func letterRun(text string, i int) int {
	for ; i+8 <= len(text); i += 8 {
		if nl := ascii.NonLetters(le64(text[i:])); nl != 0 {
			return i + bits.TrailingZeros64(nl)/8
		}
	}
	for i < len(text) && classOf[text[i]]&aLetter != 0 {
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

// reuse returns s emptied, or, when s has less than capacity n, an empty slice of capacity
// n and a half: a recycled document then takes a new array only for an article much longer
// than those it held before, not for every article a little longer.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n+n/2)
	}
	return s[:0]
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x2007, 0x202F, 0x3000, 0xFEFF:
		return true
	}
	return r > 0x2000 && r <= 0x200B || r == 0x1680 || r == 0x2028 || r == 0x2029
}

// IsQuoteRune reports whether r is a quotation mark (including the single quotes that also
// serve as apostrophes).
func IsQuoteRune(r rune) bool {
	switch r {
	case '"', '\'', '“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '‹', '›', '＂', '〝', '〞':
		return true
	}
	return false
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// isWordRune is small enough to be inlined for ASCII, and calls package unicode for the rest.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return classOf[r]&(aLetter|aDigit) != 0
	}
	return isWordRuneUnicode(r)
}

func isWordRuneUnicode(r rune) bool {
	if inGeneralPunctuation(r) { // typographic quotes and dashes, the commonest runes beyond ASCII
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// inGeneralPunctuation reports whether r is in Unicode's General Punctuation block, which
// holds spaces, format characters and marks but no letter, digit or combining mark
// (TestGeneralPunctuation): package unicode need not be asked about them.
func inGeneralPunctuation(r rune) bool { return r >= 0x2000 && r <= 0x206F }

// Classes of ASCII bytes in the classOf table. News text is nearly all ASCII (PolNeAR's is 99%),
// so the scanner classifies a byte with one load and calls package unicode only for the rest.
const (
	aSpace  = 1 << iota // white space: ' ', \t, \n, \v, \f, \r
	aLetter             // a-z, A-Z
	aUpper              // A-Z
	aDigit              // 0-9
)

// classOf holds the classes of each byte; those of the bytes of multi-byte runes are 0. It has
// 256 entries so that indexing it with a byte needs no bounds check. It is computed once and
// never written after.
var classOf = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\v\f\r") {
		t[c] = aSpace
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = aLetter
		t[c-'a'+'A'] = aLetter | aUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = aDigit
	}
	return t
}()

// wordEnd holds the ASCII bytes after which scanWord ends a run of letters as it is: all but
// letters, digits, the marks that can join letters to what follows (apostrophe, hyphen and
// period; a comma or colon joins only digits) and the bytes of multi-byte runes.
var wordEnd = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = classOf[c]&(aLetter|aDigit) == 0 && !strings.ContainsRune("'-.", rune(c))
	}
	return t
}()

// markKind holds, for the ASCII marks that scan makes a token of one byte whatever follows,
// 1 + the token's kind; 0 for every other byte. The others are letters, digits, white space,
// and the marks that can start a longer token: apostrophe and backquote (doubled as a
// quotation mark, or before a decade: '90s), period (...) and hyphen (--).
var markKind = func() (t [256]document.TokenKind) {
	for c := 0; c < utf8.RuneSelf; c++ {
		if classOf[c] == 0 && !strings.ContainsRune("'`.-", rune(c)) {
			t[c] = 1 + document.Punct
			if IsQuoteRune(rune(c)) {
				t[c] = 1 + document.Quote
			}
		}
	}
	return t
}()

func decode(text string, i int) (rune, int) {
	if i >= len(text) {
		return utf8.RuneError, 0
	}
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// scan returns the end of the token starting at i with first rune r, and its kind.
func (t *Tokenizer) scan(text string, i int, r rune, size int) (int, document.TokenKind) {
	switch {
	case isWordRune(r):
		return t.scanWord(text, i)
	case (r == '\'' || r == '`') && i+1 < len(text) && text[i+1] == text[i]:
		// '' and `` : typewriter double quotes, as some outlets (and the Penn Treebank) write them.
		return i + 2, document.Quote
	case IsQuoteRune(r):
		// ’90s, '60s: an apostrophe standing for the century.
		if isApostrophe(r) {
			j := i + size
			k := j
			for k < len(text) && text[k] >= '0' && text[k] <= '9' {
				k++
			}
			if k-j == 2 && k < len(text) && text[k] == 's' && (k+1 == len(text) || !isWordByte(text[k+1])) {
				return k + 1, document.Number
			}
		}
		return i + size, document.Quote
	case r == '.':
		j := i + 1
		for j < len(text) && text[j] == '.' {
			j++
		}
		return j, document.Punct
	case r == '-' || r == '–' || r == '—':
		// "--" as a dash.
		j := i + size
		for j < len(text) && text[j] == '-' && r == '-' {
			j++
		}
		return j, document.Punct
	}
	return i + size, document.Punct
}

func isASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// scanWord scans a word or number: letters and digits, joined by inner apostrophes
// ("don’t"), hyphens ("son-in-law"), digit separators ("2,000", "3.5", "10:30") and the dots
// of dotted abbreviations ("U.S.", "a.m."). A period after a known abbreviation or an initial
// is taken into the token, so that the sentence splitter sees "Sen." and "J." as words.
func (t *Tokenizer) scanWord(text string, i int) (int, document.TokenKind) {
	start := i
	digits, letters := 0, 0
	dotted := false
scan:
	for i < len(text) {
		c := text[i]
		r, size := rune(c), 1
		if c < utf8.RuneSelf {
			switch k := classOf[c]; {
			case k&aLetter != 0:
				j := i + 1
				for j < len(text) && classOf[text[j]]&aLetter != 0 {
					j++
				}
				letters += j - i
				i = j
				continue
			case k&aDigit != 0:
				digits++
				i++
				continue
			}
			if c != '\'' && c != '-' && c != ',' && c != '.' && c != ':' {
				break // only the marks tested below join a word to what follows
			}
		} else if r, size = utf8.DecodeRuneInString(text[i:]); isWordRune(r) {
			if unicode.IsDigit(r) {
				digits++
			} else {
				letters++
			}
			i += size
			continue
		}
		n, nsize := decode(text, i+size)
		if nsize == 0 || !isWordRune(n) {
			break
		}
		switch {
		case isApostrophe(r) && unicode.IsLetter(n) && letters > 0:
			i += size
		case r == '-' || r == '‐':
			i += size
		case (r == ',' || r == '.' || r == ':') && digits > 0 && letters == 0 && unicode.IsDigit(n):
			i += size
		case r == '.' && unicode.IsLetter(n) && i-start <= 3 && letters > 0 && digits == 0:
			// U.S, a.m, D.C: a dot between short letter groups; the closing dot is taken below.
			next := i + size + nsize
			if next >= len(text) || !isWordByte(text[next]) || text[next] == '.' {
				dotted = true
				i += size
				continue
			}
			break scan
		default:
			break scan
		}
	}
	if i < len(text) && text[i] == '.' { // most words are followed by no period
		i = t.withPeriod(text, start, i, letters, dotted)
	}
	return i, kindOf(digits, letters)
}

func kindOf(digits, letters int) document.TokenKind {
	if letters == 0 && digits > 0 {
		return document.Number
	}
	return document.Word
}

// withPeriod extends the word text[start:end] over a following period when the word is an
// abbreviation, an initial or a dotted acronym.
func (t *Tokenizer) withPeriod(text string, start, end, letters int, dotted bool) int {
	if end >= len(text) || text[end] != '.' || end+1 < len(text) && text[end+1] == '.' {
		return end
	}
	w := text[start:end]
	if dotted {
		return end + 1
	}
	r, size := utf8.DecodeRuneInString(w)
	if size == len(w) && unicode.IsUpper(r) {
		return end + 1 // an initial: "J."
	}
	var buf [8]byte
	lw := lowerShort(buf[:0], w) // only words of at most 5 bytes are looked up below
	if string(lw) == "no" || string(lw) == "nos" {
		// "No. 5" but "Read my lips: No."
		k := end + 1
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k >= len(text) || text[k] < '0' || text[k] > '9' {
			return end
		}
	}
	if letters > 0 && len(w) <= 5 && t.abbrev[string(lw)] {
		return end + 1
	}
	return end
}

// lowerShort appends w in lower case to b when w is short enough to be in the tables of
// abbreviations (at most 8 bytes) and returns the result, or nil when w is longer: the caller
// looks the result up in a map with string(…), which does not allocate. Non-ASCII letters are
// lowered as strings.ToLower lowers them; none of the tables holds one.
func lowerShort(b []byte, w string) []byte {
	if len(w) > 8 {
		return nil
	}
	if isASCII(w) { // nearly every word: lowered byte by byte, as unicode.ToLower lowers them
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		return b
	}
	for _, r := range w {
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	if len(b) > 8 {
		return nil
	}
	return b
}

// sentences groups tokens into sentences. A sentence ends at the end of a paragraph, or
// after '.', '!', '?' or an ellipsis (and any closing quotes or brackets) when the next token
// can start a sentence: an upper-case word, a number or an opening quote. After '?' and '!'
// a lower-case continuation ("…?” he asked) keeps the sentence going.
//
// cands holds, in increasing order, the tokens that can end a sentence: every token that
// endsSentence reports and every paragraph's last token. Other tokens are not looked at.
func (t *Tokenizer) sentences(d *document.Doc, cands []int32) {
	toks := d.Tokens
	text := d.Text
	first := 0
	for _, c := range cands {
		i := int(c)
		if i < first { // taken into the sentence before as a closing quote or bracket
			continue
		}
		end := false
		last := i
		if i+1 == len(toks) || toks[i+1].Para != toks[i].Para {
			end = true
		} else if terminal, abbrevEnd := endsSentence(text, toks[i]); terminal || abbrevEnd {
			// Take closing quotes and brackets into this sentence.
			j := i + 1
			for j < len(toks) && toks[j].Para == toks[i].Para && !toks[j].Space && isCloser(text, toks[j]) {
				j++
			}
			last = j - 1
			if j == len(toks) || toks[j].Para != toks[i].Para {
				end = true
			} else if toks[j].Space {
				end = t.canStart(text, toks, j, text[toks[i].Start:toks[i].End], abbrevEnd)
			}
		}
		if end {
			d.Sentences = append(d.Sentences, document.Sentence{
				Span:       document.Span{Start: toks[first].Start, End: toks[last].End},
				Para:       toks[first].Para,
				FirstToken: first,
				EndToken:   last + 1,
			})
			first = last + 1
		}
	}
}

// endsSentence reports whether tok is a sentence's terminal mark ("." and runs of dots, "!",
// "?", "…": the scanner makes every punctuation token that starts with '.' a run of dots, and
// "!" and "?" tokens of one byte) or a word that ends in an abbreviation's period.
func endsSentence(text string, tok document.Token) (terminal, abbrevEnd bool) {
	switch tok.Kind {
	case document.Punct:
		switch text[tok.Start] {
		case '.', '!', '?':
			return true, false
		case "…"[0]:
			return text[tok.Start:tok.End] == "…", false
		}
	case document.Word:
		return false, text[tok.End-1] == '.'
	}
	return false, false
}

func isCloser(text string, tok document.Token) bool {
	w := text[tok.Start:tok.End]
	switch w {
	case "”", "’", "\"", "'", "''", "»", "›", ")", "]":
		return true
	}
	return false
}

// canStart reports whether token j can begin a new sentence after the terminal word w.
func (t *Tokenizer) canStart(text string, toks []document.Token, j int, w string, abbrevEnd bool) bool {
	next := toks[j]
	nw := text[next.Start:next.End]
	switch next.Kind {
	case document.Quote:
		r, _ := utf8.DecodeRuneInString(nw)
		return !abbrevEnd && r != '”' && r != '’' && r != '»'
	case document.Number:
		return !abbrevEnd
	case document.Punct:
		return !abbrevEnd && (nw == "(" || nw == "[" || nw == "—" || nw == "–" || nw == "-")
	}
	if !next.Cap {
		return false
	}
	if !abbrevEnd {
		return true
	}
	// An abbreviation's period: a title or an initial precedes a name, never a sentence end;
	// a dotted acronym ("U.S.") or other abbreviation ends a sentence only before a word that
	// typically opens one.
	base := strings.TrimSuffix(w, ".")
	if utf8.RuneCountInString(base) == 1 {
		return false
	}
	var buf [8]byte
	if lb := lowerShort(buf[:0], base); lb != nil && t.titleAbbr[string(lb)] {
		return false
	}
	return t.starters[nw]
}
