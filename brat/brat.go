// Package brat reads brat standoff annotation (.ann files) of attributions, in the layout of
// PolNeAR: T-lines typed Source, Cue or Content whose offsets are Unicode code points
// ("start end" or "start end;start end" for a discontinuous span), and E-lines
// "E1<TAB>Attribution:T4 Source:T1 Cue:T2 Content:T3" linking them into relations.
//
// The reading follows ../shared/eval/score_attributions.py line for line, so that whosaid's
// own scorer and trainer see exactly what the published yardstick sees: lines that do not
// parse are skipped, a role key with a number suffix ("Content2") counts as its role, and
// where a relation names a role twice the last one wins.
package brat

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Role of a span in an attribution.
type Role string

// The three roles that are scored.
const (
	Source  Role = "Source"
	Cue     Role = "Cue"
	Content Role = "Content"
)

// Roles lists the scored roles in the scorer's order.
var Roles = [3]Role{Source, Cue, Content}

// Frag is one fragment of a span, in code points, end exclusive.
type Frag struct{ Start, End int }

// Span is a typed, possibly discontinuous text span.
type Span struct {
	Role  Role
	Frags []Frag
}

// Relation links the ids of a relation's spans by role; a missing role has no entry.
type Relation map[Role]string

// Ann is one parsed .ann file.
type Ann struct {
	Spans     map[string]Span // by T-id, only the three scored roles
	Relations []Relation
}

// Parse reads brat standoff from r.
//
// It reads the bytes as Python's open(path, encoding="utf-8", errors="replace") does:
// invalid UTF-8 becomes U+FFFD (one per maximal ill-formed subsequence, so that ids holding
// broken bytes compare as they do in the scorer), and "\r\n" and a lone "\r" end a line
// like "\n" (universal newlines).
func Parse(r io.Reader) (*Ann, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	a := &Ann{Spans: map[string]Span{}}
	for _, line := range strings.Split(universalNewlines(decodeReplace(b)), "\n") {
		switch {
		case strings.HasPrefix(line, "T"):
			parts := strings.Split(line, "\t")
			if len(parts) < 2 {
				continue
			}
			role, rest, ok := strings.Cut(parts[1], " ")
			if !ok || !isRole(Role(role)) {
				continue
			}
			frags, ok := parseFrags(rest)
			if !ok {
				continue
			}
			a.Spans[parts[0]] = Span{Role: Role(role), Frags: frags}
		case strings.HasPrefix(line, "E"):
			parts := strings.Split(line, "\t")
			if len(parts) < 2 {
				continue
			}
			rel := Relation{}
			for _, arg := range fields(parts[1]) {
				k, v, ok := strings.Cut(arg, ":")
				if !ok {
					continue
				}
				// re.sub(r"\d+$", "", k): \d is any decimal digit (category Nd).
				k = strings.TrimRightFunc(k, unicode.IsDigit)
				if isRole(Role(k)) {
					rel[Role(k)] = v
				}
			}
			a.Relations = append(a.Relations, rel)
		}
	}
	return a, nil
}

// ParseFile reads the .ann file at path.
func ParseFile(path string) (*Ann, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

func isRole(r Role) bool { return r == Source || r == Cue || r == Content }

// parseFrags parses "a b;c d". Like the Python scorer it requires exactly two fields per
// fragment, each an integer as Python's int() reads it.
func parseFrags(s string) ([]Frag, bool) {
	var out []Frag
	for _, f := range strings.Split(s, ";") {
		fs := fields(f)
		if len(fs) != 2 {
			return nil, false
		}
		a, ok1 := pyInt(fs[0])
		b, ok2 := pyInt(fs[1])
		if !ok1 || !ok2 {
			return nil, false
		}
		out = append(out, Frag{a, b})
	}
	return out, true
}

// GoldDoc is one annotated text of a gold directory.
type GoldDoc struct {
	Name string // file stem, e.g. "breitbart_2016-03-11_activists-who-lit-syria-revolt-w"
	Text string
	Ann  *Ann
}

// annStem returns STEM for an annotation file named STEM_XXXX.ann, XXXX four lower-case hex
// digits (the scorer's re.fullmatch(re.escape(stem) + r"_[0-9a-f]{4}\.ann")).
func annStem(name string) (string, bool) {
	const tail = len("_0000.ann")
	if len(name) < tail || !strings.HasSuffix(name, ".ann") || name[len(name)-tail] != '_' {
		return "", false
	}
	for _, c := range []byte(name[len(name)-tail+1 : len(name)-len(".ann")]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return "", false
		}
	}
	return name[:len(name)-tail], true
}

// GoldFiles maps each text stem under dir/text to the annotation file the scorer uses for
// it: of dir/attributions/STEM_XXXX.ann (XXXX the annotator), the first in sorted order.
// Texts without an annotation file are left out.
func GoldFiles(dir string) (map[string]string, error) {
	texts, err := os.ReadDir(filepath.Join(dir, "text"))
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", dir, err)
	}
	anns, err := os.ReadDir(filepath.Join(dir, "attributions"))
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", dir, err)
	}
	first := map[string]string{}
	names := make([]string, 0, len(anns))
	for _, a := range anns {
		names = append(names, a.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		stem, ok := annStem(n)
		if !ok {
			continue
		}
		if _, ok := first[stem]; !ok {
			first[stem] = filepath.Join(dir, "attributions", n)
		}
	}
	pick := map[string]string{}
	for _, t := range texts {
		stem, ok := strings.CutSuffix(t.Name(), ".txt")
		if !ok {
			continue
		}
		if p, ok := first[stem]; ok {
			pick[stem] = p
		}
	}
	return pick, nil
}

// ReadGold reads every annotated text of a gold directory in PolNeAR's layout, sorted by
// name. Each text is read as the scorer opens it (see ReadText), so that the offsets of the
// annotations point into GoldDoc.Text as code points.
func ReadGold(dir string) ([]GoldDoc, error) {
	pick, err := GoldFiles(dir)
	if err != nil {
		return nil, err
	}
	stems := make([]string, 0, len(pick))
	for s := range pick {
		stems = append(stems, s)
	}
	sort.Strings(stems)
	docs := make([]GoldDoc, 0, len(stems))
	for _, s := range stems {
		text, err := ReadText(filepath.Join(dir, "text", s+".txt"))
		if err != nil {
			return nil, fmt.Errorf("gold %s: %w", dir, err)
		}
		a, err := ParseFile(pick[s])
		if err != nil {
			return nil, err
		}
		docs = append(docs, GoldDoc{Name: s, Text: text, Ann: a})
	}
	return docs, nil
}

// ReadText reads a text file as the scorer does, with Python's open(path, encoding="utf-8"):
// the content must be valid UTF-8 (the scorer stops on anything else), a byte order mark is
// kept as a character, and "\r\n" and a lone "\r" become "\n" (universal newlines). Brat
// offsets count code points of the text read this way.
func ReadText(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("%s: invalid UTF-8", path)
	}
	return universalNewlines(string(b)), nil
}

// universalNewlines turns "\r\n" and a lone "\r" into "\n", as Python's text files do.
func universalNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// decodeReplace returns b decoded as Python's bytes.decode("utf-8", "replace") does: each
// maximal ill-formed subsequence (a lead byte and the continuation bytes that fit it, or one
// stray byte) becomes one U+FFFD. Go's own conversions replace byte by byte.
func decodeReplace(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			sb.Write(b[i : i+size])
			i += size
			continue
		}
		sb.WriteRune(utf8.RuneError)
		i += illFormedLen(b[i:])
	}
	return sb.String()
}

// illFormedLen returns the length of the maximal ill-formed subsequence at the start of b,
// which does not begin with a valid UTF-8 sequence (Unicode 15, §3.9, table 3-7).
func illFormedLen(b []byte) int {
	lo, hi := byte(0x80), byte(0xBF)
	var need int
	switch c := b[0]; {
	case 0xC2 <= c && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case 0xE1 <= c && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case 0xF1 <= c && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		if b[n] < lo || b[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}

// isSpace reports whether Python's str.isspace() holds for r: Go's unicode.IsSpace plus the
// information separators U+001C..U+001F.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1C <= r && r <= 0x1F
}

// fields splits s around runs of whitespace as Python's str.split() does.
func fields(s string) []string { return strings.FieldsFunc(s, isSpace) }

// maxIntDigits is the longest decimal integer Python's int() accepts by default
// (sys.int_info.default_max_str_digits); longer ones raise ValueError, which the scorer
// treats like any unparsable offset.
const maxIntDigits = 4300

// pyInt parses s as Python's int(s) does for a string without surrounding whitespace: an
// optional sign, then decimal digits of any script (category Nd), single underscores allowed
// between digits, at most maxIntDigits digits.
//
// A value beyond the range of int is saturated. The scorer cannot use such an offset either:
// its TOKEN.finditer stops with an OverflowError on any offset beyond a C ssize_t.
func pyInt(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var mag uint64
	digits, over := 0, false
	afterDigit := false // an underscore must follow a digit
	for _, r := range s {
		if r == '_' {
			if !afterDigit {
				return 0, false
			}
			afterDigit = false
			continue
		}
		d := digitValue(r)
		if d < 0 {
			return 0, false
		}
		afterDigit = true
		digits++
		if !over {
			if mag > (math.MaxUint64-uint64(d))/10 {
				over = true
			} else {
				mag = mag*10 + uint64(d)
			}
		}
	}
	if digits == 0 || !afterDigit || digits > maxIntDigits {
		return 0, false
	}
	const minMag = uint64(math.MaxInt) + 1 // the magnitude of math.MinInt
	if neg {
		if over || mag >= minMag {
			return math.MinInt, true
		}
		return -int(mag), true
	}
	if over || mag > math.MaxInt {
		return math.MaxInt, true
	}
	return int(mag), true
}

// digitValue returns the value of a decimal digit of any script, or -1. Unicode encodes each
// script's digits 0..9 as one contiguous run, and the runs of category Nd start at a zero.
func digitValue(r rune) int {
	if '0' <= r && r <= '9' {
		return int(r - '0')
	}
	if r < 0x80 || !unicode.IsDigit(r) {
		return -1
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}
