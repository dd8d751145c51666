package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// write creates the file rel under dir, with any missing folders, and returns its path.
func write(t testing.TB, dir, rel, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// drain calls Next until io.EOF, failing the test on anything that is neither an article
// nor an *Error, or if the reader does not end.
func drain(t *testing.T, r Reader) (arts []*Article, errs []*Error, order []string) {
	t.Helper()
	for range 10000 {
		a, err := r.Next()
		switch {
		case err == io.EOF:
			if a != nil {
				t.Errorf("Next returned an article with io.EOF")
			}
			if _, err := r.Next(); err != io.EOF {
				t.Errorf("Next after io.EOF = %v, want io.EOF again", err)
			}
			return arts, errs, order
		case err != nil:
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Next returned %T %v, want *Error", err, err)
			}
			if a != nil {
				t.Errorf("Next returned both an article and %v", err)
			}
			errs = append(errs, e)
			order = append(order, "error "+e.Source)
		default:
			if a == nil {
				t.Fatalf("Next returned neither article nor error")
			}
			arts = append(arts, a)
			order = append(order, a.ID)
		}
	}
	t.Fatal("Next did not reach io.EOF")
	return
}

const good = "Minister resigns\n\n\"I am going,\" she said on Monday.\n"

// TestBadInput checks that each kind of bad input yields exactly one *Error naming the
// input and the reason, and that the good input after it is still read.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name    string
		file    string // content of bad.txt; ignored when setup is set
		setup   func(t *testing.T, dir string) string
		max     int64
		want    string // in the message, after "PATH: "
		wantErr error  // errors.Is target
	}{
		{name: "missing", setup: func(t *testing.T, dir string) string {
			return filepath.Join(dir, "notes", "missing.txt")
		}, want: "no such file or directory", wantErr: fs.ErrNotExist},
		{name: "empty", file: "", want: "empty", wantErr: ErrEmpty},
		{name: "whitespace", file: " \n\t\r\n  \n", want: "empty: only whitespace", wantErr: ErrEmpty},
		{name: "bom only", file: "\uFEFF", want: "empty", wantErr: ErrEmpty},
		{name: "nul", file: "Headline\n\nbody\x00text", want: "binary data, not text", wantErr: ErrBinary},
		{name: "controls", file: strings.Repeat("\x01\x02\x1bab", 200), want: "binary data, not text", wantErr: ErrBinary},
		{name: "png", file: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", want: "binary data, not text", wantErr: ErrBinary},
		{name: "latin1", file: "Caf\xe9 society\n", want: "invalid UTF-8 at byte offset 3", wantErr: ErrInvalidUTF8},
		{name: "invalid after multibyte", file: "Café \xff", want: "invalid UTF-8 at byte offset 6", wantErr: ErrInvalidUTF8},
		{name: "invalid after bom", file: "\uFEFFab\xc3", want: "invalid UTF-8 at byte offset 5", wantErr: ErrInvalidUTF8},
		{name: "utf16", file: "\xff\xfeH\x00i\x00", want: "UTF-16", wantErr: ErrInvalidUTF8},
		{name: "over limit", file: strings.Repeat("word ", 21), max: 100,
			want: "105 bytes exceeds the limit of 100 bytes", wantErr: ErrTooLarge},
		{name: "50MB one line", setup: func(t *testing.T, dir string) string {
			// A sparse file: its size is refused from stat alone, before any byte is read.
			p := filepath.Join(dir, "huge.txt")
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(50 << 20); err != nil {
				t.Fatal(err)
			}
			return p
		}, want: "52428800 bytes exceeds the limit of 16777216 bytes", wantErr: ErrTooLarge},
		{name: "punctuation", file: "\"\" ... — !!! “” ‘’ «» ?!\n\n* * *\n", want: "no words: only punctuation and symbols", wantErr: ErrNoWords},
		{name: "empty folder", setup: func(t *testing.T, dir string) string {
			d := filepath.Join(dir, "corpus")
			write(t, d, "README.md", "not an article")
			write(t, d, ".hidden.txt", good)
			write(t, d, "sub/style.css", "p { margin: 0 }")
			write(t, d, "sub/photo.arc", "filedesc://x")
			return d
		}, want: "no article files found", wantErr: ErrNoTextFiles},
		{name: "device", setup: func(t *testing.T, dir string) string {
			if _, err := os.Stat(os.DevNull); err != nil || os.DevNull != "/dev/null" {
				t.Skip("no /dev/null")
			}
			return os.DevNull
		}, want: "not a regular file or folder (character device)", wantErr: ErrNotRegular},
		{name: "not a folder", setup: func(t *testing.T, dir string) string {
			return filepath.Join(write(t, dir, "file.txt", good), "x.txt")
		}, want: "not a directory"},
		{name: "unreadable file", setup: func(t *testing.T, dir string) string {
			skipIfRoot(t)
			p := write(t, dir, "secret.txt", good)
			if err := os.Chmod(p, 0); err != nil {
				t.Fatal(err)
			}
			return p
		}, want: "permission denied", wantErr: fs.ErrPermission},
		{name: "unreadable folder", setup: func(t *testing.T, dir string) string {
			skipIfRoot(t)
			d := filepath.Join(dir, "locked")
			write(t, d, "a.txt", good)
			if err := os.Chmod(d, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(d, 0o755) })
			return d
		}, want: "permission denied", wantErr: fs.ErrPermission},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var bad string
			if tt.setup != nil {
				bad = tt.setup(t, dir)
			} else {
				bad = write(t, dir, "bad.txt", tt.file)
			}
			next := write(t, dir, "next/good.txt", good)
			_, errs, order := drain(t, Open([]string{bad, next}, Options{MaxBytes: tt.max}))
			if len(errs) != 1 || len(order) != 2 || order[1] != next {
				t.Fatalf("got %q, want one error for %s, then %s", order, bad, next)
			}
			e := errs[0]
			if e.Source != bad {
				t.Errorf("Source = %q, want %q", e.Source, bad)
			}
			if msg, want := e.Error(), bad+": "+tt.want; !strings.HasPrefix(msg, want) {
				t.Errorf("message = %q, want prefix %q", msg, want)
			}
			if strings.Count(e.Error(), bad) != 1 {
				t.Errorf("message %q names the input more than once", e.Error())
			}
			if tt.wantErr != nil && !errors.Is(e, tt.wantErr) {
				t.Errorf("errors.Is(%v, %v) = false", e, tt.wantErr)
			}
		})
	}
}

func skipIfRoot(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions are not enforced")
	}
}

// TestWalk checks recursion, lexical order, hidden-entry skipping, the .txt filter,
// symbolic links and that a bad file inside a folder does not end the walk.
func TestWalk(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "corpus")
	for _, rel := range []string{
		"b.txt", "a.txt", "Z.TXT", "sub.txt", "sub/c.txt", "sub/deeper/d.txt", "sub/deeper/e.txt",
		"empty/nothing.md", "z/last.txt",
		".hidden.txt", ".git/x.txt", "sub/.cache/y.txt",
	} {
		write(t, root, rel, good)
	}
	write(t, root, "notes.md", good)
	write(t, root, "sub/bad.txt", "")
	if err := os.Symlink("a.txt", filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(root, "loop")); err != nil { // folder link, not followed
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(root, "dirlink.txt")); err != nil { // named .txt, still a folder
		t.Fatal(err)
	}
	if err := os.Symlink("gone.txt", filepath.Join(root, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	single := write(t, dir, "single.txt", good)

	_, errs, order := drain(t, Open([]string{root, single}, Options{}))
	j := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	want := []string{
		j("Z.TXT"), j("a.txt"), j("b.txt"), "error " + j("dangling.txt"), j("link.txt"),
		"error " + j("sub/bad.txt"), j("sub/c.txt"), j("sub/deeper/d.txt"), j("sub/deeper/e.txt"),
		j("sub.txt"), j("z/last.txt"), single,
	}
	if strings.Join(order, "\n") != strings.Join(want, "\n") {
		t.Errorf("order:\n%s\nwant:\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
	}
	// The order is that of filepath.WalkDir, less what the walk skips.
	var walkOrder []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if walked(p) && (d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 && d.Name() != "dirlink.txt") {
			walkOrder = append(walkOrder, p)
		}
		return nil
	})
	if len(order) > 0 {
		var got []string
		for _, o := range order[:len(order)-1] {
			got = append(got, strings.TrimPrefix(o, "error "))
		}
		if strings.Join(got, "\n") != strings.Join(walkOrder, "\n") {
			t.Errorf("order differs from filepath.WalkDir:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(walkOrder, "\n"))
		}
	}
	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2", len(errs))
	}
	{
		if !errors.Is(errs[0], fs.ErrNotExist) || !errors.Is(errs[1], ErrEmpty) {
			t.Errorf("errors = %v, %v", errs[0], errs[1])
		}
	}
}

// TestWalkVanished checks that a folder or file that disappears between the listing of its
// parent and its visit yields one error and the walk goes on. (It stands in for an
// unreadable folder where permissions cannot be tested, as under root.)
func TestWalkVanished(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a.txt", good)
	write(t, root, "b.txt", good)
	write(t, root, "gone/x.txt", good)
	write(t, root, "z.txt", good)
	r := Open([]string{root}, Options{})
	a, err := r.Next()
	if err != nil || a.Name != "a" {
		t.Fatalf("first Next = %v, %v", a, err)
	}
	if err := os.Remove(filepath.Join(root, "b.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(root, "gone")); err != nil {
		t.Fatal(err)
	}
	_, errs, order := drain(t, r)
	want := []string{"error " + filepath.Join(root, "b.txt"), "error " + filepath.Join(root, "gone"), filepath.Join(root, "z.txt")}
	if strings.Join(order, "\n") != strings.Join(want, "\n") {
		t.Fatalf("order = %q, want %q", order, want)
	}
	for _, e := range errs {
		if !errors.Is(e, fs.ErrNotExist) || !strings.HasSuffix(e.Error(), ": no such file or directory") {
			t.Errorf("error = %v", e)
		}
	}
}

// TestLazy checks that Open reads nothing: a file written after Open is still read.
func TestLazy(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "later.txt")
	r := Open([]string{p}, Options{})
	write(t, dir, "later.txt", good)
	a, err := r.Next()
	if err != nil || a.Text != good {
		t.Fatalf("Next = %+v, %v", a, err)
	}
}

func TestNoPaths(t *testing.T) {
	if a, err := Open(nil, Options{}).Next(); a != nil || err != io.EOF {
		t.Fatalf("Next = %v, %v, want io.EOF", a, err)
	}
}

func TestStdin(t *testing.T) {
	dir := t.TempDir()
	file := write(t, dir, "after.txt", good)
	text := "\uFEFFStorm hits coast\r\n\r\nThe mayor said it was \"bad\".\r\n"
	arts, errs, order := drain(t, Open([]string{"-", file}, Options{Stdin: strings.NewReader(text)}))
	if len(errs) != 0 || len(arts) != 2 {
		t.Fatalf("got %q", order)
	}
	a := arts[0]
	want := Article{ID: "-", Name: "stdin", Source: "-", Title: "Storm hits coast", Text: text[len("\uFEFF"):]}
	if *a != want {
		t.Errorf("article = %+v\nwant %+v", *a, want)
	}
}

// endless is a stream that never ends, counting what is read of it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

// TestStdinLimit checks that a stream is refused once it passes MaxBytes, without being read
// much further.
func TestStdinLimit(t *testing.T) {
	src := &endless{}
	dir := t.TempDir()
	file := write(t, dir, "after.txt", good)
	_, errs, order := drain(t, Open([]string{"-", file}, Options{Stdin: src, MaxBytes: 1000}))
	if len(errs) != 1 || len(order) != 2 || order[1] != file {
		t.Fatalf("got %q", order)
	}
	if got, want := errs[0].Error(), "-: larger than the limit of 1000 bytes"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("error %v is not ErrTooLarge", errs[0])
	}
	if src.n > 1001 {
		t.Errorf("read %d bytes of the stream, want at most 1001", src.n)
	}
}

func TestOptionsApplied(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "a.txt", good)
	day := time.Date(2017, 3, 30, 0, 0, 0, 0, time.UTC)
	arts, _, _ := drain(t, Open([]string{p, "-"}, Options{Stdin: strings.NewReader(good), Published: day, Outlet: "The Paper"}))
	if len(arts) != 2 {
		t.Fatalf("got %d articles", len(arts))
	}
	for _, a := range arts {
		if !a.Published.Equal(day) || a.Outlet != "The Paper" {
			t.Errorf("%s: Published = %v, Outlet = %q", a.ID, a.Published, a.Outlet)
		}
	}
}

// TestArticle checks the fields of an article read from a file: Text exactly as read,
// line endings included, Title from the first paragraph, and Name from the path.
func TestArticle(t *testing.T) {
	tests := []struct {
		rel, content    string
		name, title     string
		wantTextTrimBOM bool
	}{
		{"story.txt", "Headline here\n\nBody.\n", "story", "Headline here", false},
		{"crlf.txt", "  Big\r\n  news   today\r\n\r\nBody.\r\n", "crlf", "Big news today", false},
		{"bom.txt", "\uFEFFTitle\n\nBody", "bom", "Title", true},
		{"inner\uFEFF.txt", "A\uFEFFB\n\nC", "inner\uFEFF", "A\uFEFFB", false},
		{"x.tar.txt", "T\n\nB", "x.tar", "T", false},
		{"noext", "T\n\nB", "noext", "T", false},
		{".txt", "T\n\nB", ".txt", "T", false},
		{".hidden.txt", "T\n\nB", ".hidden", "T", false},
		{"Ünïcode name.txt", "Ünïcode\n\nB", "Ünïcode name", "Ünïcode", false},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			p := write(t, t.TempDir(), tt.rel, tt.content)
			a, err := Open([]string{p}, Options{}).Next()
			if err != nil {
				t.Fatal(err)
			}
			text := tt.content
			if tt.wantTextTrimBOM {
				text = strings.TrimPrefix(text, "\uFEFF")
			}
			want := Article{ID: p, Name: tt.name, Source: p, Title: tt.title, Text: text}
			if *a != want {
				t.Errorf("article = %+v\nwant %+v", *a, want)
			}
		})
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Title\n\nBody", "Title"},
		{"Title\r\n\r\nBody", "Title"},
		{"Title\r\rBody", "Title"},
		{"Two line\nheadline\n\nBody", "Two line headline"},
		{"Two line\r\nheadline\r\n \t \r\nBody", "Two line headline"},
		{"\n\n  \n Title \n\nBody", "Title"},
		{"Title with\ttabs  and\u00a0\u00a0spaces", "Title with tabs and spaces"},
		{"No blank line\nat all\n", "No blank line at all"},
		{"Trailing blank\n   ", "Trailing blank"},
		{"x", "x"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := headline(tt.text); got != tt.want {
			t.Errorf("headline(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		in, text, err string
	}{
		{"ok", "ok", ""},
		{"\uFEFFok", "ok", ""},
		{"\uFEFF\uFEFFok", "\uFEFFok", ""}, // only one BOM is removed
		{"42", "42", ""},                   // a digit is a word
		{"«Да»", "«Да»", ""},
		{"ESC\x1b[1mbold\x1b[0m colour codes are tolerated", "ESC\x1b[1mbold\x1b[0m colour codes are tolerated", ""},
		{"\t\f\v ", "", "empty: only whitespace"},
		{"\u00a0\u3000", "", "empty: only whitespace"},
		{"—", "", "no words"},
		{"\xed\xa0\x80", "", "invalid UTF-8 at byte offset 0"}, // a surrogate half
		{"\xc0\x80", "", "invalid UTF-8 at byte offset 0"},     // an overlong NUL is no NUL byte
	}
	for _, tt := range tests {
		text, _, err := decodeText(tt.in)
		switch {
		case tt.err == "" && (err != nil || text != tt.text):
			t.Errorf("decodeText(%q) = %q, %v, want %q", tt.in, text, err, tt.text)
		case tt.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.err)):
			t.Errorf("decodeText(%q) error = %v, want %q", tt.in, err, tt.err)
		}
		if err == nil && !utf8.ValidString(text) {
			t.Errorf("decodeText(%q) text is not valid UTF-8", tt.in)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{Source: "notes/missing.txt", Err: fs.ErrNotExist}
	if got, want := e.Error(), "notes/missing.txt: file does not exist"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, fs.ErrNotExist) {
		t.Error("Unwrap does not reach the cause")
	}
	if got := (&Error{Source: "x"}).Error(); got != "x: unknown error" {
		t.Errorf("nil cause: %q", got)
	}
}

// TestHeadReuse checks that a reader, which reads the first bytes of each input into a buffer
// it reuses, gives every article the text a reader of that input alone gives: for inputs
// that fit in the buffer and longer ones, containers read record by record among them, in
// an order where each input's head overwrites the last's.
func TestHeadReuse(t *testing.T) {
	root := t.TempDir()
	long := strings.Repeat("A longer paragraph of words that runs on.\n\n", 400)
	var paths []string
	for i, content := range []string{
		"Short one.\n\nIt ends here.",
		long,
		`{"text":"First record.\n\nBody one."}` + "\n" + `{"text":"Second record."}` + "\n",
		"Tiny.",
		strings.Repeat("Medium text. ", 300),
		`{"text":"` + strings.Repeat("Long record. ", 1000) + `"}` + "\n" + `{"text":"After it."}` + "\n",
		"Last short text.\n\nWith two paragraphs.",
	} {
		ext := ".txt"
		if strings.HasPrefix(content, "{") {
			ext = ".jsonl"
		}
		paths = append(paths, write(t, root, fmt.Sprintf("%d%s", i, ext), content))
	}
	var want []string
	for _, p := range paths {
		arts, errs, _ := drain(t, Open([]string{p}, Options{}))
		if len(errs) != 0 {
			t.Fatalf("%s: %v", p, errs)
		}
		for _, a := range arts {
			want = append(want, a.Text)
		}
	}
	arts, errs, _ := drain(t, Open(paths, Options{}))
	if len(errs) != 0 || len(arts) != len(want) {
		t.Fatalf("read %d articles, errors %v; want %d", len(arts), errs, len(want))
	}
	for i, a := range arts {
		if a.Text != want[i] {
			t.Errorf("article %d: text %.40q…, want %.40q…", i, a.Text, want[i])
		}
	}
}
