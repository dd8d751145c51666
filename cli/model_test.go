package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/attrib"
)

// TestModelFlag checks that --model runs a model file as the embedded model runs, and that
// a file that is no model, or none at all, is refused with its name before any article is
// read (eval's case is in TestEvalBadInput).
func TestModelFlag(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.bin")
	if err := os.WriteFile(model, attrib.Embedded(), 0o644); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join("..", "examples", "eastport-bridge.txt")
	want, stderr, code := run(t, "", "extract", "--format", "jsonl", "--date", "2024-03-14", article)
	if code != 0 {
		t.Fatalf("extract: exit %d: %s", code, stderr)
	}
	got, stderr, code := run(t, "", "extract", "--model", model, "--format", "jsonl", "--date", "2024-03-14", article)
	if code != 0 || got != want {
		t.Errorf("extract --model with the embedded model's bytes: exit %d (%s), output differs: %v", code, stderr, got != want)
	}

	bad := write(t, dir, "notes.txt", "not a model\n")
	missing := filepath.Join(dir, "missing.bin")
	for _, args := range [][]string{
		{"extract", "--model", bad, article},
		{"extract", "--model", missing, article},
		{"ingest", "--db", filepath.Join(dir, "w.db"), "--quiet", "--model", bad, article},
	} {
		file := args[slices.Index(args, "--model")+1]
		_, stderr, code := run(t, "", args...)
		if code != 2 || !strings.Contains(stderr, file) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and the file named", args, code, stderr)
		}
	}
}
