package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/score"
)

// The gold texts below are written for these tests; they are not taken from any outlet.

const evalParks = "Council backs park plan\n\n" +
	"“We will plant two hundred trees,” said Mayor Rosa Lind on Friday.\n"

// evalFerry has a byte order mark and Windows line ends: the scorer reads it with the mark as
// a character and "\r\n" as "\n", and so must eval, for its offsets to agree.
const evalFerry = "\uFEFFFerry fares to rise\r\n\r\n" +
	"The operator said fares would rise by ten percent in April.\r\n"

// runeSpan returns "start end" of the first sub in text, in code points of the text as the
// scorer reads it.
func runeSpan(t *testing.T, text, sub string) string {
	t.Helper()
	text = strings.ReplaceAll(text, "\r\n", "\n")
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	start := len([]rune(text[:i]))
	return strconv.Itoa(start) + " " + strconv.Itoa(start+len([]rune(sub)))
}

// attribution returns .ann lines for one relation.
func attribution(t *testing.T, text, source, cue, content string) string {
	return "T1\tSource " + runeSpan(t, text, source) + "\t" + source + "\n" +
		"T2\tCue " + runeSpan(t, text, cue) + "\t" + cue + "\n" +
		"T3\tContent " + runeSpan(t, text, content) + "\t" + content + "\n" +
		"T4\tAttribution " + runeSpan(t, text, cue) + "\t" + cue + "\n" +
		"E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
}

// evalGold writes a gold folder of two texts and returns it with the texts' annotations.
func evalGold(t *testing.T) (dir string, anns map[string]string) {
	t.Helper()
	dir = t.TempDir()
	anns = map[string]string{
		"parks": attribution(t, evalParks, "Mayor Rosa Lind", "said", "We will plant two hundred trees,"),
		"ferry": attribution(t, evalFerry, "The operator", "said", "fares would rise by ten percent in April"),
	}
	write(t, dir, "text/parks.txt", evalParks)
	write(t, dir, "text/ferry.txt", evalFerry)
	write(t, dir, "attributions/parks_0a1b.ann", anns["parks"])
	write(t, dir, "attributions/ferry_0a1b.ann", anns["ferry"])
	write(t, dir, "attributions/ferry_ffff.ann", "") // a second annotator, not used
	return dir, anns
}

func TestEvalTable(t *testing.T) {
	gold, _ := evalGold(t)
	stdout, stderr, code := run(t, "", "eval", "--gold", gold)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	out := lines(stdout)
	if len(out) != 6 {
		t.Fatalf("want 6 lines, got:\n%s", stdout)
	}
	if want := "texts scored: 2 (without a prediction file: 0)"; out[0] != want {
		t.Errorf("line 1 = %q, want %q", out[0], want)
	}
	if want := "                          source                   cue               content"; out[1] != want {
		t.Errorf("line 2 = %q, want %q", out[1], want)
	}
	for i, prefix := range []string{"exact     ", "relaxed   ", "token     ", "relation  P "} {
		if !strings.HasPrefix(out[2+i], prefix) {
			t.Errorf("line %d = %q, want it to start with %q", 3+i, out[2+i], prefix)
		}
	}
	t.Logf("\n%s", stdout)
}

func TestEvalPred(t *testing.T) {
	gold, anns := evalGold(t)
	pred := t.TempDir()
	write(t, pred, "parks.ann", anns["parks"]) // right; nothing for ferry
	write(t, pred, "other.ann", anns["ferry"]) // no such gold text
	stdout, stderr, code := run(t, "", "eval", "--gold", gold, "--pred", pred, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r score.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	half := score.PRF{P: 100, R: 50, F1: 66.7, TP: 1, Pred: 1, Gold: 2}
	for name, got := range map[string]score.PRF{
		"exact source": r.Exact.Source, "exact cue": r.Exact.Cue, "exact content": r.Exact.Content,
		"relaxed content": r.Relaxed.Content, "relation": r.Relation,
	} {
		if got != half {
			t.Errorf("%s = %+v, want %+v", name, got, half)
		}
	}
	if r.Texts != 2 || r.TextsWithoutPrediction != 1 {
		t.Errorf("texts %d, without prediction %d; want 2, 1", r.Texts, r.TextsWithoutPrediction)
	}
}

// TestEvalWrite checks that --write saves what was scored, that its offsets point into the
// text as the scorer reads it, and that the number of workers changes nothing.
func TestEvalWrite(t *testing.T) {
	gold, _ := evalGold(t)
	w := filepath.Join(t.TempDir(), "pred")
	direct, stderr, code := run(t, "", "eval", "--gold", gold, "--json", "--write", w)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	again, stderr, code := run(t, "", "eval", "--gold", gold, "--json", "--pred", w)
	if code != 0 {
		t.Fatalf("--pred: exit %d: %s", code, stderr)
	}
	if again != direct {
		t.Errorf("scoring the written predictions gives\n%s\nwant\n%s", again, direct)
	}
	if one, _, _ := run(t, "", "eval", "--gold", gold, "--json", "--workers", "1"); one != direct {
		t.Errorf("--workers 1 gives\n%s\nwant\n%s", one, direct)
	}

	docs, err := brat.ReadGold(gold)
	if err != nil {
		t.Fatal(err)
	}
	spans := 0
	for _, d := range docs {
		ann, err := os.ReadFile(filepath.Join(w, d.Name+".ann"))
		if err != nil {
			t.Fatal(err)
		}
		text := []rune(d.Text)
		// Each T-line's last column is its span's text, fragments joined by a space.
		for _, l := range lines(string(ann)) {
			f := strings.Split(l, "\t")
			if !strings.HasPrefix(l, "T") || len(f) != 3 {
				continue
			}
			_, offs, _ := strings.Cut(f[1], " ")
			var parts []string
			for _, fr := range strings.Split(offs, ";") {
				var a, b int
				if _, err := fmt.Sscan(fr, &a, &b); err != nil || a < 0 || b > len(text) || a > b {
					t.Fatalf("%s: bad fragment %q in %q", d.Name, fr, l)
				}
				parts = append(parts, string(text[a:b]))
			}
			if got := strings.Join(parts, " "); got != f[2] {
				t.Errorf("%s: %q points at %q", d.Name, l, got)
			}
			spans++
		}
	}
	if spans == 0 {
		t.Error("no spans predicted; the test texts should give some")
	}
}

func TestEvalBadInput(t *testing.T) {
	gold, _ := evalGold(t)
	empty := t.TempDir()
	write(t, empty, "text/notes.md", "")
	write(t, empty, "attributions/notes_0000.ann", "")
	latin1 := t.TempDir()
	write(t, latin1, "text/caf.txt", "Caf\xe9 owners said it was fine.\n")
	write(t, latin1, "attributions/caf_0000.ann", "")
	predDirAnn := t.TempDir()
	if err := os.Mkdir(filepath.Join(predDirAnn, "parks.ann"), 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	file := write(t, t.TempDir(), "file.ann", "")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no arguments", nil, 2, "Usage: whosaid eval"},
		{"help", []string{"-h"}, 0, "Usage: whosaid eval"},
		{"positional argument", []string{"--gold", gold, "extra"}, 2, "Usage: whosaid eval"},
		{"unknown flag", []string{"--gold", gold, "--nope"}, 2, "not defined: -nope"},
		{"missing gold", []string{"--gold", missing}, 2, missing},
		{"no gold texts", []string{"--gold", empty}, 2, "no gold texts found under " + empty},
		{"gold not UTF-8", []string{"--gold", latin1}, 2, filepath.Join(latin1, "text", "caf.txt") + ": invalid UTF-8"},
		{"missing pred", []string{"--gold", gold, "--pred", missing}, 2, missing},
		{"pred is a file", []string{"--gold", gold, "--pred", file}, 2, "not a folder"},
		{"pred file is a folder", []string{"--gold", gold, "--pred", predDirAnn}, 2, filepath.Join(predDirAnn, "parks.ann")},
		{"pred and write", []string{"--gold", gold, "--pred", gold, "--write", missing}, 2, "--write"},
		{"write into a file", []string{"--gold", gold, "--write", filepath.Join(file, "x")}, 1, "--write"},
		{"model not a model", []string{"--gold", gold, "--model", file}, 2, "--model " + file},
		{"model and pred", []string{"--gold", gold, "--model", file, "--pred", gold}, 2, "--model runs the extraction"},
		{"model and folds", []string{"--gold", gold, "--model", file, "--folds", gold}, 2, "--model runs the extraction"},
		{"folds and pred", []string{"--gold", gold, "--folds", gold, "--json"}, 2, "--folds"},
		{"folds without models", []string{"--gold", gold, "--folds", missing}, 2, "fold-1.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, "", append([]string{"eval"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if tt.code != 0 && stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}

// TestEvalPolNeARDev requires eval's figures for PolNeAR dev to be the scorer's, byte for
// byte, on the predictions eval saved.
func TestEvalPolNeARDev(t *testing.T) {
	dev := sharedtest.Path(t, "data", "polnear", "dev")
	script := sharedtest.Path(t, "eval", "score_attributions.py")
	py := sharedtest.Python(t)
	w := t.TempDir()
	for _, mode := range [][]string{{"--json"}, nil} {
		got, stderr, code := run(t, "", append([]string{"eval", "--gold", dev, "--write", w}, mode...)...)
		if code != 0 {
			t.Fatalf("eval %v: exit %d: %s", mode, code, stderr)
		}
		want, err := exec.Command(py, append([]string{script, dev, w}, mode...)...).Output()
		if err != nil {
			t.Fatalf("%s: %v", script, err)
		}
		if got != string(want) {
			t.Errorf("eval %v:\n%s\nscore_attributions.py:\n%s", mode, got, want)
		}
		t.Logf("eval %v:\n%s", mode, got)
	}
}
