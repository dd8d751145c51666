package input

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText checks that decodeText never panics and that whatever it accepts is valid UTF-8
// with a word in it: the guarantee the analysis stages rely on.
func FuzzText(f *testing.F) {
	for _, s := range []string{
		good,
		"",
		" \r\n\t",
		"\uFEFF",
		"\uFEFFHeadline\r\n\r\nBody",
		"Title\r\rBody",
		"Caf\xe9",
		"\xff\xfeH\x00i\x00",
		"abc\x00def",
		strings.Repeat("\x01", 100) + "text",
		"“” — ...",
		"\xed\xa0\x80",
		"Да, сказал он.\n\n«Нет».",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, title, err := decodeText(string(data))
		if err != nil {
			if text != "" || title != "" {
				t.Errorf("error %v with text %q, title %q", err, text, title)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Errorf("text %q is not valid UTF-8", text)
		}
		if strings.IndexFunc(text, isWordRune) < 0 {
			t.Errorf("text %q has no word", text)
		}
		if want := strings.TrimPrefix(string(data), bom); text != want {
			t.Errorf("text = %q, want the input less its BOM %q", text, want)
		}
		if strings.TrimSpace(title) != title || strings.Contains(title, "  ") {
			t.Errorf("title %q is not collapsed", title)
		}
		if !strings.HasPrefix(strings.Join(strings.Fields(text), " "), title) {
			t.Errorf("title %q does not begin text %q", title, text)
		}
	})
}
