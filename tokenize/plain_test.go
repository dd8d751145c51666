package tokenize

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
)

// plainTokenize is Tokenize without its fast paths: every token is scanned by scan, as the
// tokenizer's rules are written. TestFastPathsAgree holds Tokenize to it.
func (t *Tokenizer) plainTokenize(d *document.Doc) {
	text := d.Text
	d.Tokens, d.Sentences, d.Paragraphs = nil, nil, nil
	var cands []int32
	para, paraStart, lastEnd := -1, -1, 0
	space := true
	newlines := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			if r == '\n' {
				newlines++
			}
			space = true
			i += size
			continue
		}
		if para < 0 || newlines >= 2 {
			if para >= 0 {
				d.Paragraphs = append(d.Paragraphs, document.Span{Start: paraStart, End: lastEnd})
				if n := int32(len(d.Tokens) - 1); len(cands) == 0 || cands[len(cands)-1] != n {
					cands = append(cands, n)
				}
			}
			para++
			paraStart = i
		}
		newlines = 0
		end, kind := t.scan(text, i, r, size)
		d.Tokens = append(d.Tokens, document.Token{
			Span:  document.Span{Start: i, End: end},
			Kind:  kind,
			Cap:   r < utf8.RuneSelf && classOf[r]&aUpper != 0 || r >= utf8.RuneSelf && unicode.IsUpper(r),
			Space: space,
			Para:  para,
		})
		c := text[i]
		if kind == document.Word && text[end-1] == '.' ||
			kind == document.Punct && (c == '.' || c == '!' || c == '?' || text[i:end] == "…") {
			cands = append(cands, int32(len(d.Tokens)-1))
		}
		space = false
		lastEnd = end
		i = end
	}
	if para >= 0 {
		d.Paragraphs = append(d.Paragraphs, document.Span{Start: paraStart, End: lastEnd})
		if n := int32(len(d.Tokens) - 1); len(cands) == 0 || cands[len(cands)-1] != n {
			cands = append(cands, n)
		}
	}
	t.sentences(d, cands)
}

// agree tokenizes text with Tokenize and plainTokenize and reports any difference.
func agree(t *testing.T, tk *Tokenizer, text string) {
	t.Helper()
	got, want := &document.Doc{Text: text}, &document.Doc{Text: text}
	tk.Tokenize(got)
	tk.plainTokenize(want)
	if !slices.Equal(got.Tokens, want.Tokens) || !slices.Equal(got.Sentences, want.Sentences) ||
		!slices.Equal(got.Paragraphs, want.Paragraphs) {
		t.Fatalf("Tokenize(%q) differs from the plain scan:\n got %+v\nwant %+v", text, got.Tokens, want.Tokens)
	}
}

// TestFastPathsAgree checks that Tokenize's fast paths (runs of ASCII letters, simple marks)
// give the tokens, sentences and paragraphs that scanning every token with scan gives, on
// random text over the characters the rules treat specially, and on PolNeAR when present.
func TestFastPathsAgree(t *testing.T) {
	tk := New()
	pieces := []string{"a", "b", "I", "J", "Mr", "Sen", "U", "S", "no", "No", "abcdefghi", "Zyxwvutsrq",
		"0", "1", "19", "s", ".", ",", ":", ";", "'", "`", "-", "--", "!", "?", "\"", "(", ")", "%", "$",
		" ", " ", " ", "\n", "\n\n", "\t", "\r\n", "’", "‘", "“", "”", "—", "–", "‐", "…", "é", "É", "\u00a0",
		"\u0301", "ʼ", "«", "»", "\x80", "\xff", "5th", "’90s", "'60s", "a.m.", "U.S."}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for n := 0; n < 20000; n++ {
		b.Reset()
		for k := rng.IntN(24); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		agree(t, tk, b.String())
	}
	for _, text := range sharedtest.Sample(t, -1, "data", "polnear", "train", "text") {
		agree(t, tk, text)
	}
}

// TestGeneralPunctuation checks what inGeneralPunctuation lets the scanner assume: no rune of
// the block is a letter, a digit, a combining mark or upper case.
func TestGeneralPunctuation(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !inGeneralPunctuation(r) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.IsUpper(r) {
			t.Errorf("%U is in the General Punctuation block but a letter, digit, mark or upper case", r)
		}
	}
}
