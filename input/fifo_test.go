//go:build linux || darwin

package input

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestNamedPipe checks that a named pipe, as made by the shell's <(command), is read as a
// stream, and that one inside a folder is skipped rather than opened (which could block).
func TestNamedPipe(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.WriteString(good)
		f.Close()
	}()
	a, err := Open([]string{p}, Options{}).Next()
	if err != nil || a.Text != good || a.Name != "pipe" {
		t.Fatalf("Next = %+v, %v", a, err)
	}

	write(t, dir, "real.txt", good)
	arts, errs, order := drain(t, Open([]string{dir}, Options{}))
	if len(arts) != 1 || len(errs) != 0 {
		t.Fatalf("walk = %q, want only real.txt", order)
	}
}
