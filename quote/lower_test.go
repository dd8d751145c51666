package quote

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/tokenize"
)

func TestLowerASCII(t *testing.T) {
	for _, s := range []string{"", "A", "Hello, World!", "@[`{ AZaz 09", "ÉCOLE Ünïcode ’S", "\x80\xffABC\x7f"} {
		for shift := range 17 { // every alignment of the eight- and sixteen-byte chunks
			in := strings.Repeat("X", shift) + s
			b := []byte(in)
			lowerASCII(b)
			want := []byte(in)
			for i, c := range want {
				if 'A' <= c && c <= 'Z' {
					want[i] = c + 'a' - 'A'
				}
			}
			if string(b) != string(want) {
				t.Errorf("lowerASCII(%q) = %q, want %q", in, b, want)
			}
		}
	}
}

// TestWordTable checks that every word of the table is found from the text of a token, in
// any letter case, and that a word of the table that the tokenizer keeps whole is a word
// token, which lets lowerTokens look up only word tokens.
func TestWordTable(t *testing.T) {
	x := New()
	tk := tokenize.New()
	for id, w := range x.table.words[1:] {
		for _, form := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			d := &document.Doc{Text: form}
			tk.Tokenize(d)
			if len(d.Tokens) != 1 {
				continue // the tokenizer splits it ("q&a", "'s"): no token is this word
			}
			if d.Tokens[0].Kind != document.Word {
				t.Errorf("table word %q is a token of kind %d, not a word", form, d.Tokens[0].Kind)
			}
			r := &run{Extractor: x, d: d, toks: d.Tokens}
			r.lowerTokens()
			if got := int(r.ids[0]); got != id+1 {
				t.Errorf("token %q: entry %d (%q), want %d (%q)", form, got, x.table.words[got], id+1, w)
			}
			if r.lower(0) != strings.ReplaceAll(strings.ToLower(form), "’", "'") {
				t.Errorf("lower(%q) = %q", form, r.lower(0))
			}
		}
	}
}

// TestHashASCII checks that the hash of a token computed eight bytes at a time in place is
// the hash the table files words under.
func TestHashASCII(t *testing.T) {
	for _, w := range []string{"a", "said", "according", "spokeswoman", "co-founder", "communications"} {
		low := append([]byte("xx"+w), make([]byte, pad)...)
		h, head, ok := hashASCII(low, 2, len(w))
		if !ok || h != hashWord(w) {
			t.Errorf("hashASCII(%q) = %x, %v; hashWord = %x", w, h, ok, hashWord(w))
		}
		if len(w) <= 8 && head == 0 {
			t.Errorf("hashASCII(%q): no head", w)
		}
	}
	if _, _, ok := hashASCII([]byte("caf\xc3\xa9\x00\x00\x00\x00\x00\x00\x00\x00"), 0, 5); ok {
		t.Error("hashASCII took a non-ASCII word")
	}
}

// TestCueCands checks that listCueCands lists as cue candidates exactly the word tokens at
// which cues, visiting every token, would try a statement: a reporting verb's forms and
// "according" in any letter case (the Turkish dotted capital I lowers to an ASCII i).
func TestCueCands(t *testing.T) {
	x := New()
	tk := tokenize.New()
	texts := []string{"“It is over,” he said. According to officials, ACCORDİNG to her, SAID Smith; the claims, says.",
		"according accordingly according’s Told TELLS denied, he added. “No,” she replied."}
	texts = append(texts, sharedtest.Sample(t, 100, "data", "polnear", "train", "text")...)
	for _, text := range texts {
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		r := &run{Extractor: x, d: d, toks: d.Tokens}
		r.lowerTokens()
		r.listCueCands()
		var want []int32
		for i := range d.Tokens {
			if _, ok := r.cueAtToken(i); d.Tokens[i].Kind == document.Word && (ok || r.lower(i) == "according") {
				want = append(want, int32(i))
			}
		}
		if !slices.Equal(r.cueCands, want) {
			t.Errorf("cue candidates of %.40q = %v, want %v", text, r.cueCands, want)
		}
	}
}

// TestFindQuotesIn checks that the marks and paragraph runs that markTokens notes give
// findQuotesIn the quotations that findQuotes, walking every token, finds, and that the runs
// are the paragraphs' runs of tokens that colonForms would walk.
func TestFindQuotesIn(t *testing.T) {
	x := New()
	tk := tokenize.New()
	texts := []string{"", "No quote here.", "“Open\n\n“Reopened,” he said. 'Single' and \"straight\"\n\n\"Last",
		strings.Repeat("“a” ", 70) + "\n\n‘b’ «c» \"d\""}
	texts = append(texts, sharedtest.Sample(t, 200, "data", "polnear", "train", "text")...)
	for _, text := range texts {
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		r := &run{Extractor: x, d: d, toks: d.Tokens}
		r.markTokens()
		var ends []int32
		for p := 0; p < len(d.Tokens); {
			end := p
			for end < len(d.Tokens) && d.Tokens[end].Para == d.Tokens[p].Para {
				end++
			}
			ends = append(ends, int32(end))
			p = end
		}
		if !slices.Equal(r.paraEnds, ends) {
			t.Errorf("paragraph runs of %.40q = %v, want %v", text, r.paraEnds, ends)
		}
		got, want := findQuotesIn(d, nil, r.quoteToks, r.paraEnds), findQuotes(d, nil)
		if !slices.Equal(got, want) {
			t.Errorf("findQuotesIn(%.40q) = %v, want %v", text, got, want)
		}
	}
}

// TestGeneralPunctuation checks what appendLower assumes: unicode.ToLower leaves every rune
// of Unicode's General Punctuation block (U+2000 to U+206F) as it is.
func TestGeneralPunctuation(t *testing.T) {
	for r := rune(0x2000); r <= 0x206F; r++ {
		if unicode.ToLower(r) != r {
			t.Errorf("unicode.ToLower(%U) = %U", r, unicode.ToLower(r))
		}
	}
}
