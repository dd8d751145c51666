package quote

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/tokenize"
)

func TestLowerASCII(t *testing.T) {
	for _, s := range []string{"", "A", "Hello, World!", "@[`{ AZaz 09", "ÉCOLE Ünïcode ’S", "\x80\xffABC\x7f"} {
		for shift := range 9 { // every alignment of the eight-byte chunks
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
