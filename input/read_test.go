package input

import (
	"strings"
	"testing"
)

// TestReadSizes reads files around the size at which a file is read whole with its head
// (sniffLen), and checks that the text is the file's, whichever way it was read.
func TestReadSizes(t *testing.T) {
	dir := t.TempDir()
	line := "The minister said on Monday that she would go.\n"
	for _, n := range []int{1, 2, sniffLen - 1, sniffLen, sniffLen + 1, 3*sniffLen + 7} {
		body := strings.Repeat(line, n/len(line)+1)[:n]
		if n == 1 {
			body = "A"
		}
		p := write(t, dir, "a.txt", body)
		arts, errs, _ := drain(t, Open([]string{p}, Options{}))
		if len(errs) != 0 || len(arts) != 1 {
			t.Fatalf("size %d: %d articles, errors %v", n, len(arts), errs)
		}
		if arts[0].Text != body {
			t.Errorf("size %d: text of %d bytes, want the file's %d", n, len(arts[0].Text), len(body))
		}
	}
}

// TestBinary checks the control-character count of binary against its definition, with the
// characters at every position of the eight-byte chunks it reads.
func TestBinary(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"plain text\nwith lines\r\n\tand tabs\f\v", false},
		{strings.Repeat("\x01", 2) + strings.Repeat("a", 18), false}, // 2 in 20: a tenth
		{strings.Repeat("\x01", 3) + strings.Repeat("a", 17), true},
		{strings.Repeat("\x7f", 3) + strings.Repeat("a", 17), true},
		{strings.Repeat("é\x1f", 8), true},
		{"no\x00nul", true},
	}
	for _, tt := range tests {
		for shift := range 8 {
			in := strings.Repeat(" ", shift) + tt.in
			want := tt.want
			if shift > 0 && !strings.Contains(tt.in, "\x00") {
				want = countCtrl(in)*10 > len(in)
			}
			if got := binary(in); got != want {
				t.Errorf("binary(%q) = %v, want %v", in, got, want)
			}
		}
	}
}

// countCtrl counts the control characters of s other than \t \n \v \f \r, and DEL, one byte
// at a time.
func countCtrl(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 || c == 0x7F) && !strings.ContainsRune("\t\n\v\f\r", rune(c)) {
			n++
		}
	}
	return n
}

// TestByteMasks checks lowBytes and ctrlBytes, which binary uses, against a test of each byte
// on its own, for every byte value at every position of a word of filler bytes.
func TestByteMasks(t *testing.T) {
	for _, fill := range []byte{' ', 'a', 0x00, '\n', 0x7F, 0x80, 0xFF} {
		for pos := range 8 {
			for c := range 256 {
				b := [8]byte{fill, fill, fill, fill, fill, fill, fill, fill}
				b[pos] = byte(c)
				var x, wantLow, wantCtrl uint64
				for k, v := range b {
					x |= uint64(v) << (8 * k)
					if v < 0x20 || v == 0x7F {
						wantLow |= 0x80 << (8 * k)
						if countCtrl(string(v)) == 1 {
							wantCtrl |= 0x80 << (8 * k)
						}
					}
				}
				if got := lowBytes(x); got != wantLow {
					t.Fatalf("lowBytes(%#x) = %#x, want %#x", x, got, wantLow)
				}
				if got := ctrlBytes(x); got != wantCtrl {
					t.Fatalf("ctrlBytes(%#x) = %#x, want %#x", x, got, wantCtrl)
				}
			}
		}
	}
}
