package document

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRunes(t *testing.T) {
	texts := []string{"", "plain ascii", "“Read my lips: No.” — Putin 🙂 é", strings.Repeat("ü“x”", 100)}
	for _, text := range texts {
		d := &Doc{Text: text}
		for b := 0; b <= len(text); b++ {
			if b < len(text) && !utf8.RuneStart(text[b]) {
				continue
			}
			if got, want := d.Runes(b), utf8.RuneCountInString(text[:b]); got != want {
				t.Fatalf("Runes(%d) over %q = %d, want %d", b, text, got, want)
			}
		}
		if got := d.Runes(len(text) + 10); got != utf8.RuneCountInString(text) {
			t.Errorf("Runes past the end = %d", got)
		}
	}
}

// TestRunesAfterASCII checks Runes at every byte offset of texts whose first byte beyond
// ASCII comes at every offset around the index's blocks, which the index fills without
// counting.
func TestRunesAfterASCII(t *testing.T) {
	for n := 0; n <= 3*runeStep+1; n++ {
		for _, tail := range []string{"é", "“x” ü", "\x80\xffab", strings.Repeat("—a", 20)} {
			checkRunes(t, strings.Repeat("a", n)+tail)
		}
	}
}

func TestSpan(t *testing.T) {
	a, b := Span{2, 5}, Span{4, 8}
	if !a.Overlaps(b) || a.Contains(b) || !(Span{0, 9}).Contains(a) || a.Len() != 3 || (Span{3, 3}).Empty() == false {
		t.Error("span predicates wrong")
	}
}

func ExampleDoc_Runes() {
	d := &Doc{Text: "“Read my lips: No.”"}
	// The closing mark starts at byte 20 but at code point 18: offsets in output are code points.
	fmt.Println(d.Runes(20))
	// Output: 18
}

// FuzzRunes checks Runes at every byte offset, inside runes and in invalid UTF-8 too, against
// its definition: the number of bytes before the offset that start a rune (are not UTF-8
// continuation bytes).
func FuzzRunes(f *testing.F) {
	f.Add("“Read my lips: No.” — Putin 🙂 é")
	f.Add(strings.Repeat("ü“x”\xff\x80", 40))
	f.Fuzz(checkRunes)
}

// checkRunes checks Runes over text at every byte offset against its definition: the number
// of bytes before the offset that start a rune (are not UTF-8 continuation bytes).
func checkRunes(t *testing.T, text string) {
	t.Helper()
	d := &Doc{Text: text}
	want := 0
	for b := 0; b <= len(text); b++ {
		if got := d.Runes(b); got != want {
			t.Fatalf("Runes(%d) over %q = %d, want %d", b, text, got, want)
		}
		if b < len(text) && text[b]&0xC0 != 0x80 {
			want++
		}
	}
}

// TestReset checks that a reset document keeps no annotation of its previous article and
// that Runes counts over the new text, not with the index of the old one.
func TestReset(t *testing.T) {
	d := &Doc{Text: strings.Repeat("“Read my lips: No.” ", 20), Tokens: make([]Token, 3, 50)}
	d.Statements = []Statement{{Kind: Direct}}
	d.POS = make([]uint8, 3, 40)
	d.Dates = make([]Timex, 1, 4)
	d.Dates[0].Value = "2017-03-30"
	if got := d.Runes(len(d.Text)); got != 20*20 {
		t.Fatalf("Runes(end) = %d, want %d", got, 20*20)
	}
	d.Reset()
	if len(d.Tokens) != 0 || cap(d.Tokens) != 50 || d.Statements != nil || d.Text != "" {
		t.Fatalf("after Reset: %d tokens (cap %d), statements %v, text %q", len(d.Tokens), cap(d.Tokens), d.Statements, d.Text)
	}
	if len(d.POS) != 0 || cap(d.POS) != 40 || len(d.Dates) != 0 || cap(d.Dates) != 4 {
		t.Fatalf("after Reset: POS %d (cap %d), dates %d (cap %d), want 0 (40) and 0 (4)", len(d.POS), cap(d.POS), len(d.Dates), cap(d.Dates))
	}
	if v := d.Dates[:1][0].Value; v != "" {
		t.Errorf("after Reset the kept date array still holds %q", v)
	}
	// An ASCII text, whose offsets Runes returns as they are, then one that is not.
	for _, text := range []string{strings.Repeat("ab", 30), strings.Repeat("é", 30)} {
		d.Reset()
		d.Text = text
		for b := 0; b <= len(d.Text); b++ {
			want := b
			if text[0] != 'a' {
				want = (b + 1) / 2
			}
			if got := d.Runes(b); got != want {
				t.Fatalf("Runes(%d) over %.10q after Reset = %d, want %d", b, text, got, want)
			}
		}
	}
}
