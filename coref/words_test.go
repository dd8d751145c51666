package coref

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestStripPossessive(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Putin’s", "Putin"},
		{"Putin's", "Putin"},
		{"voters’", "voters"},
		{"voters'", "voters"},
		{"Putin", "Putin"},
		{"’s", "’s"}, // nothing would be left
		{"'s", "'s"},
		{"s", "s"},
		{"x’", "x"},
		{"’", "’"},
		{"'", "'"},
		{"Jones’s’", "Jones’s"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := stripPossessive(tt.in); got != tt.want {
			t.Errorf("stripPossessive(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTablesFitKey checks that no word of the Resolver's tables is longer than maxKey, so that
// is may leave longer words out without looking them up.
func TestTablesFitKey(t *testing.T) {
	r := New()
	for name, m := range map[string]map[string]bool{"titles": r.titles, "orgWords": r.orgWords,
		"personNouns": r.personNouns, "docNouns": r.docNouns, "places": r.places, "function": r.function} {
		for w := range m {
			if len(w) > maxKey || w != strings.ToLower(w) {
				t.Errorf("%s: %q is longer than %d bytes or not lower case", name, w, maxKey)
			}
		}
	}
}

func TestIs(t *testing.T) {
	s := &state{Resolver: New()}
	tests := []struct {
		w    string
		want bool
	}{
		{"President", true},
		{"PRESIDENT", true},
		{"president", true},
		{"Presidents", false},
		{strings.Repeat("A", maxKey+1), false},
		{"Ü.S.", false},
	}
	for _, tt := range tests {
		if got := s.is(s.titles, tt.w); got != tt.want {
			t.Errorf("is(titles, %q) = %v, want %v", tt.w, got, tt.want)
		}
		if got, want := s.lowerTitle(tt.w), strings.ToLower(tt.w); got != want {
			t.Errorf("lowerTitle(%q) = %q, want %q", tt.w, got, want)
		}
	}
}

// TestClassTable checks that the class table finds every word of the tables with its
// classes, and no other word.
func TestClassTable(t *testing.T) {
	r := New()
	want := map[string]uint8{}
	for c, m := range map[uint8]map[string]bool{wordTitle: r.titles, wordOrg: r.orgWords, wordFunction: r.function} {
		for w := range m {
			want[w] |= c
		}
	}
	for w, c := range want {
		if got := lookupClass(&r.classes, w); got != c {
			t.Errorf("lookupClass(%q) = %d, want %d", w, got, c)
		}
		if got := lookupClass(&r.classes, []byte(w)); got != c {
			t.Errorf("lookupClass([]byte(%q)) = %d, want %d", w, got, c)
		}
	}
	for _, w := range []string{"", "putin", "said", "The", "thee", "presidents"} {
		if got := lookupClass(&r.classes, w); got != want[w] {
			t.Errorf("lookupClass(%q) = %d, want %d", w, got, want[w])
		}
	}
}

// TestClassAgrees checks that class, which lower-cases and hashes an ASCII word in one pass,
// gives what the table gives for the word lowered by strings.ToLower.
func TestClassAgrees(t *testing.T) {
	r := New()
	s := &state{Resolver: r}
	words := []string{"", "The", "PRESIDENT", "president", "Putin", "Sen.", "U.S.", "Président", "ÉTAT",
		"İstanbul", "House", "hOuSe", "Of", strings.Repeat("a", maxKey), strings.Repeat("A", maxKey+1), "x\xffy"}
	for w := range r.titles {
		words = append(words, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:])
	}
	for _, w := range words {
		want := lookupClass(&r.classes, strings.ToLower(w))
		if got := s.class(w); got != want {
			t.Errorf("class(%q) = %d, want %d", w, got, want)
		}
	}
}

// TestJoinWordsASCII checks what collectNames assumes when it takes only words of two or
// three bytes for the words that join a name ("of", "for", "and", "de", "van", "von"): no
// rune beyond ASCII lowers to one of their letters, so a word that lowers to one of them is
// ASCII, and as long.
func TestJoinWordsASCII(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if l := strings.ToLower(string(r)); strings.ContainsAny(l, "ofrandev") {
			t.Errorf("%U lowers to %q", r, l)
		}
	}
}
