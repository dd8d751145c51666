package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

// testdata/ner-fixture.conll is written for this test (its sentences are made up): two
// documents in CoNLL-2003's four columns.

func TestNERCoNLL(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "ner-fixture.conll"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ner", "--format", "conll", filepath.Join("testdata", "ner-fixture.conll")},
		{"ner", "--format", "conll", "-"},
		{"ner"},
	} {
		stdout, stderr, code := run(t, string(in), args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		inLines, outLines := lines(string(in)), lines(stdout)
		if len(outLines) != len(inLines) {
			t.Fatalf("%v: %d lines out for %d in:\n%s", args, len(outLines), len(inLines), stdout)
		}
		for i, line := range inLines {
			f := strings.Fields(line)
			if len(f) == 0 || f[0] == "-DOCSTART-" {
				if outLines[i] != line {
					t.Errorf("line %d: %q, want it kept as %q", i+1, outLines[i], line)
				}
				continue
			}
			if !strings.HasPrefix(outLines[i], line+" ") || len(strings.Fields(outLines[i])) != len(f)+1 {
				t.Errorf("line %d: %q does not append one column to %q", i+1, outLines[i], line)
			}
		}
		want := map[string]string{"Rosa": "B-PER", "Geneva": "B-LOC", "Swiss": "B-MISC", "thanked": "O", "Acme": "B-ORG", "Ferries": "I-ORG"}
		for _, l := range outLines {
			f := strings.Fields(l)
			if len(f) > 1 && want[f[0]] != "" && f[len(f)-1] != want[f[0]] {
				t.Errorf("%v: %s tagged %s, want %s", args, f[0], f[len(f)-1], want[f[0]])
			}
		}
	}
}

// TestNERScorer checks that the output is what the project's scorer reads.
func TestNERScorer(t *testing.T) {
	py := sharedtest.Python(t)
	script := sharedtest.Path(t, "eval", "score_conll_ner.py")
	stdout, stderr, code := run(t, "", "ner", filepath.Join("testdata", "ner-fixture.conll"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	file := write(t, t.TempDir(), "pred.conll", stdout)
	res, err := exec.Command(py, script, file).CombinedOutput()
	if err != nil {
		t.Fatalf("score_conll_ner.py: %v\n%s", err, res)
	}
	if !strings.Contains(string(res), "overall") || !strings.Contains(string(res), "tokens 24, sentences 3") {
		t.Errorf("scorer output:\n%s", res)
	}
}

func TestNERBadInputs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"ner", "--format", "text"}, 2},
		{[]string{"ner", "a", "b"}, 2},
		{[]string{"ner", filepath.Join(t.TempDir(), "missing.conll")}, 2},
		{[]string{"ner", "-h"}, 0},
		{[]string{"train", "ner"}, 2}, // no --out
		{[]string{"train", "ner", "-h"}, 0},
	} {
		if _, _, code := run(t, "", tc.args...); code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.args, code, tc.code)
		}
	}
}
