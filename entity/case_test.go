package entity

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/tokenize"
)

// TestCaseOf checks caseOf against the plain definitions it stands for.
func TestCaseOf(t *testing.T) {
	minor := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor for so yet of in on at to by up as from with
		into onto over than via per off out vs`) {
		minor[w] = true
	}
	var words []string
	for w := range minor {
		words = append(words, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:], w+"s", w[1:])
	}
	words = append(words, strings.Fields(benchText)...)
	words = append(words, "he", "it", "is", "ant", "anx", "onset", "aa", "", "A", "THE", "Of", "oF", "Into", "INTO", "intoo", "x", "İN", "İn",
		"\u212a", "Über", "ÜBER", "über", "naïve", "NAÏVE", "’s", "don’t", "2024", "U.S.", "\xff", "a\xff", "ǅ", "ǆ")
	for _, w := range words {
		m, l, n := caseOf(w)
		wm, wl, wn := minor[strings.ToLower(w)], strings.ToUpper(w) != w, utf8.RuneCountInString(w)
		if m != wm || l != wl || n != wn {
			t.Errorf("caseOf(%q) = %v, %v, %d; want %v, %v, %d", w, m, l, n, wm, wl, wn)
		}
	}
}

// TestNameWords checks nameWords against its plain definition: strings.FieldsFunc on the
// separators, the possessive dropped, and the words joined by spaces for the name.
func TestNameWords(t *testing.T) {
	plain := func(s string) []string {
		f := strings.FieldsFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || r == ',' || r == '"' || r == '“' || r == '”'
		})
		for len(f) > 0 && isPossessive(f[len(f)-1]) {
			f = f[:len(f)-1]
		}
		if n := len(f); n > 0 {
			last := f[n-1]
			if k := possessiveLen(last); k > 0 {
				f[n-1] = last[:len(last)-k]
			} else if len(last) > 1 && (strings.HasSuffix(last, "'") || strings.HasSuffix(last, "’")) && strings.HasSuffix(strings.TrimRight(last, "'’"), "s") {
				f[n-1] = strings.TrimRight(last, "'’")
			}
		}
		return f
	}
	buf := []string{"before"}
	for _, s := range []string{"", " ", "Putin", "Vladimir  Putin", "Vladimir Putin", " Vladimir Putin ", "Alder’s",
		"Jane Alder's", "the Reyes’", "Reyes' ’s", "’s", "Washington, D.C.", "“Eastport” Mayor", "a\tb\nc",
		"U.S. Sen. Bob\u00a0Smith", "x\u0085y", "\xff Bob", "Bob \xff", "Mr. O'Neil's", "New  York's ’s", "A , B"} {
		want := plain(s)
		start := len(buf)
		var key string
		buf, key = nameWords(s, buf)
		got := buf[start:]
		if !slices.Equal(got, want) || key != strings.Join(want, " ") {
			t.Errorf("nameWords(%q) = %q, %q; want %q, %q", s, got, key, want, strings.Join(want, " "))
		}
	}
	if buf[0] != "before" {
		t.Errorf("nameWords changed what buf held")
	}
}

// TestSplit checks scratch.split against its plain definition: the tokens of every sentence,
// in order, a word ending in a possessive cut in two, the ending tagged POS.
func TestSplit(t *testing.T) {
	tz := tokenize.New()
	for _, text := range []string{benchText, "Trump’s aides and the PM's wife met O'Brien’s son. Ross' dogs' bones.\n\nNew: it's Jones's."} {
		d := &document.Doc{Text: text}
		tz.Tokenize(d)
		d.POS = make([]uint8, len(d.Tokens))
		for i := range d.POS {
			d.POS[i] = uint8(1 + i%20)
		}
		var words []document.Span
		var tags []pos.Tag
		first := []int{}
		for _, se := range d.Sentences {
			first = append(first, len(words))
			for k := se.FirstToken; k < se.EndToken; k++ {
				tk := d.Tokens[k]
				if n := possessiveLen(text[tk.Start:tk.End]); n > 0 && tk.Kind == document.Word {
					words = append(words, document.Span{Start: tk.Start, End: tk.End - n}, document.Span{Start: tk.End - n, End: tk.End})
					tags = append(tags, pos.Tag(d.POS[k]), pos.POS)
					continue
				}
				words = append(words, tk.Span)
				tags = append(tags, pos.Tag(d.POS[k]))
			}
		}
		first = append(first, len(words))
		var sc scratch
		gw, gt, gtags, gf, tagged := sc.split(d, true)
		if !tagged || !slices.Equal(gw, words) || !slices.Equal(gtags, tags) || !slices.Equal(gf, first) {
			t.Errorf("%q: split = %v %v %v, want %v %v %v", text, gw, gtags, gf, words, tags, first)
		}
		for j, w := range gw {
			if gt[j] != text[w.Start:w.End] {
				t.Errorf("%q: text of word %d = %q, want %q", text, j, gt[j], text[w.Start:w.End])
			}
		}
	}
}

// TestIsTitle checks isTitle, which lowers ASCII words itself, against its plain definition.
func TestIsTitle(t *testing.T) {
	var words []string
	for w := range titles {
		words = append(words, w, w+".", strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:]+".", w+"..", w[1:], w+"s")
	}
	words = append(words, "", ".", "Mr.", "MR", "Dr..", "President", "Spo\u212aesman", "spo\u212aesperson.", "Préfet", "İmam",
		"representative.", "Representatives", "x"+strings.Repeat("\u212a", 6), "Putin", "the")
	for _, w := range words {
		if got, want := isTitle(w), titles[strings.TrimSuffix(strings.ToLower(w), ".")]; got != want {
			t.Errorf("isTitle(%q) = %v, want %v", w, got, want)
		}
	}
}
