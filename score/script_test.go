package score_test

// These tests run ../shared/eval/score_attributions.py and the Go scorer on the same files
// and require the same output, byte for byte. They skip where ../shared is absent (a user's
// clone); CI has it, and there python3 must be installed.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/cli"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/score"
)

// goReport scores a gold and a prediction folder as the script does.
func goReport(t *testing.T, goldDir, predDir string) (jsonOut, textOut string) {
	t.Helper()
	gold, err := brat.ReadGold(goldDir)
	if err != nil {
		t.Fatal(err)
	}
	pred, err := score.ReadPredictions(predDir, gold)
	if err != nil {
		t.Fatal(err)
	}
	r := score.Score(gold, pred)
	var j, x bytes.Buffer
	if err := r.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteText(&x); err != nil {
		t.Fatal(err)
	}
	return j.String(), x.String()
}

// TestPolNeARDev scores whosaid's own predictions for PolNeAR dev with both scorers.
func TestPolNeARDev(t *testing.T) {
	dev := sharedtest.Path(t, "data", "polnear", "dev")
	script := sharedtest.Path(t, "eval", "score_attributions.py")
	py := sharedtest.Python(t)
	pred := t.TempDir()
	var errb bytes.Buffer
	if code := cli.Main(context.Background(), cli.Env{Stdout: &bytes.Buffer{}, Stderr: &errb},
		[]string{"extract", "--format", "brat", "--out", pred, filepath.Join(dev, "text")}); code != 0 {
		t.Fatalf("extract exited %d: %s", code, errb.String())
	}
	gotJSON, gotText := goReport(t, dev, pred)
	for _, c := range []struct {
		args []string
		got  string
	}{{[]string{"--json"}, gotJSON}, {nil, gotText}} {
		out, err := exec.Command(py, append([]string{script, dev, pred}, c.args...)...).Output()
		if err != nil {
			t.Fatalf("%s: %v", script, err)
		}
		if string(out) != c.got {
			t.Errorf("Go scorer %v:\n%s\nscript:\n%s", c.args, c.got, out)
		}
	}
	t.Logf("\n%s", gotText)
}

// driver runs the script's main once per folder pair in one Python process and prints the
// outputs as JSON.
const driver = `
import contextlib, importlib.util, io, json, sys
spec = importlib.util.spec_from_file_location("score_attributions", sys.argv[1])
s = importlib.util.module_from_spec(spec)
spec.loader.exec_module(s)
res = []
for d in sys.argv[2:]:
    out = {}
    for mode, extra in (("json", ["--json"]), ("text", [])):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            s.main(["score_attributions.py", d + "/gold", d + "/pred"] + extra)
        out[mode] = buf.getvalue()
    res.append(out)
print(json.dumps(res))
`

// TestRandomMatchesScript scores random texts and annotations full of the cases where Go and
// Python differ unless care is taken: code points beyond ASCII, Python's whitespace, "\r",
// Unicode digits in offsets, invalid UTF-8 in ids, out-of-range and overlapping fragments,
// relations naming missing spans, several annotators, missing predictions.
func TestRandomMatchesScript(t *testing.T) {
	script := sharedtest.Path(t, "eval", "score_attributions.py")
	py := sharedtest.Python(t)
	n := 300
	if testing.Short() {
		n = 50
	}
	rng := rand.New(rand.NewPCG(1, 2))
	root := t.TempDir()
	var dirs []string
	for i := 0; i < n; i++ {
		d := filepath.Join(root, strconv.Itoa(i))
		writeCase(t, rng, d)
		dirs = append(dirs, d)
	}
	cmd := exec.Command(py, append([]string{"-c", driver, script}, dirs...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("script: %v\n%s", err, stderr.String())
	}
	var want []struct{ JSON, Text string }
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(dirs) {
		t.Fatalf("script scored %d folders, want %d", len(want), len(dirs))
	}
	failed := 0
	var matched [3]int // cases with an exact, a relaxed-only and a relation match
	for i, d := range dirs {
		gotJSON, gotText := goReport(t, filepath.Join(d, "gold"), filepath.Join(d, "pred"))
		var r score.Report
		if err := json.Unmarshal([]byte(gotJSON), &r); err != nil {
			t.Fatal(err)
		}
		if r.Exact.Content.TP+r.Exact.Cue.TP+r.Exact.Source.TP > 0 {
			matched[0]++
		}
		if r.Relaxed.Content.TP+r.Relaxed.Cue.TP+r.Relaxed.Source.TP > r.Exact.Content.TP+r.Exact.Cue.TP+r.Exact.Source.TP {
			matched[1]++
		}
		if r.Relation.TP > 0 {
			matched[2]++
		}
		if gotJSON != want[i].JSON || gotText != want[i].Text {
			t.Errorf("case %d differs:\nGo:\n%s\nscript:\n%s\nfiles:\n%s", i, gotJSON, want[i].JSON, dump(d))
			if failed++; failed == 3 {
				t.FailNow()
			}
		}
	}
	// The cases must exercise matching, not only disagreement.
	t.Logf("%d cases; with exact matches %d, relaxed-only matches %d, relation matches %d", n, matched[0], matched[1], matched[2])
	for _, m := range matched {
		if m == 0 {
			t.Errorf("the random cases never match: %v", matched)
		}
	}
}

// dump returns the files of a case, for a failure message.
func dump(dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			c, _ := os.ReadFile(p)
			fmt.Fprintf(&b, "== %s\n%q\n", strings.TrimPrefix(p, dir), c)
		}
		return nil
	})
	return b.String()
}

// pieces are what random texts are made of.
var pieces = []string{
	"said", "Alder", "é", "_", "7", "42", "\u0663", "²", "Ⅻ", "日本", "e\u0301", "🎉", "%",
	" ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x1c", "\x1f", "\u00a0", "\u2003", "\u2028", "\u0085",
	"“", "”", "‘", "’", "«", "»", "\"", "'", ",", ".", ";", ":", "!", "?", "—", "–", "-", "(", ")", "[", "]",
	"\uFEFF",
}

func randText(rng *rand.Rand) string {
	var b strings.Builder
	if rng.IntN(8) == 0 {
		b.WriteString("\uFEFF")
	}
	for k := rng.IntN(50); k > 0; k-- {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

var roles = []string{"Source", "Cue", "Content", "Source", "Cue", "Content", "Attribution", "cue"}

// randOffset writes an offset around [0, n], sometimes as Python's int() also reads it.
func randOffset(rng *rand.Rand, n int) string {
	v := rng.IntN(n+7) - 3
	s := strconv.Itoa(v)
	switch rng.IntN(30) {
	case 0:
		if v >= 0 {
			s = "+" + s
		}
	case 1:
		if v >= 10 {
			s = s[:1] + "_" + s[1:]
		}
	case 2:
		s = strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return '\u0660' + r - '0' // Arabic-Indic
			}
			return r
		}, s)
	case 3:
		s = "0" + s
	case 4:
		// The extremes the script can take: beyond them its finditer overflows.
		s = []string{"9223372036854775807", "-9223372036854775808", "1" + strings.Repeat("_0", 17)}[rng.IntN(3)]
	case 5:
		s = "x" + s
	case 6:
		s = s + "_"
	}
	return s
}

func randID(rng *rand.Rand, prefix string, max int) string {
	switch rng.IntN(40) {
	case 0:
		return prefix + "\xe2\x82"
	case 1:
		return prefix + "\xff"
	}
	return prefix + strconv.Itoa(1+rng.IntN(max))
}

// randAnn returns the lines of an .ann file for a text of n code points; from, when not
// nil, is a gold file's lines that it copies in part, mostly unchanged, so that predictions
// match some of the time.
func randAnn(rng *rand.Rand, n int, from []string) []string {
	var lines []string
	for _, l := range from {
		switch rng.IntN(4) {
		case 0: // drop
		case 1: // nudge the first offset
			f := strings.SplitN(l, " ", 3)
			if len(f) == 3 {
				if v, err := strconv.Atoi(f[1]); err == nil {
					f[1] = strconv.Itoa(v + rng.IntN(3) - 1)
				}
			}
			lines = append(lines, strings.Join(f, " "))
		default:
			lines = append(lines, l)
		}
	}
	nt := rng.IntN(8)
	for k := 0; k < nt; k++ {
		var fr []string
		for m := 1 + rng.IntN(3); m > 0; m-- {
			sep := " "
			if rng.IntN(15) == 0 {
				sep = []string{"\x1c", "\u00a0", "  ", " \t"}[rng.IntN(4)]
			}
			fr = append(fr, randOffset(rng, n)+sep+randOffset(rng, n))
		}
		line := randID(rng, "T", 10) + "\t" + roles[rng.IntN(len(roles))] + " " + strings.Join(fr, ";") + "\tsome text"
		if rng.IntN(30) == 0 {
			line = strings.Replace(line, "\t", " ", 1)
		}
		lines = append(lines, line)
	}
	for k := rng.IntN(5); k > 0; k-- {
		line := randID(rng, "E", 5) + "\tAttribution:T" + strconv.Itoa(1+rng.IntN(10))
		for _, r := range []string{"Source", "Cue", "Content"} {
			if rng.IntN(5) == 0 {
				continue
			}
			if rng.IntN(8) == 0 {
				r += strconv.Itoa(rng.IntN(3))
			}
			line += " " + r + ":" + randID(rng, "T", 10)
		}
		lines = append(lines, line)
	}
	rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	return lines
}

func joinLines(rng *rand.Rand, lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString([]string{"\n", "\n", "\n", "\r\n", "\r"}[rng.IntN(5)])
	}
	return b.String()
}

// writeCase writes DIR/gold (PolNeAR layout, one to three texts) and DIR/pred.
func writeCase(t *testing.T, rng *rand.Rand, dir string) {
	t.Helper()
	put := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "pred"), 0o755); err != nil {
		t.Fatal(err)
	}
	for k := 1 + rng.IntN(3); k > 0; k-- {
		name := fmt.Sprintf("doc%d", k)
		text := randText(rng)
		put("gold/text/"+name+".txt", text)
		// Offsets count the code points of the text as Python reads it.
		n := len([]rune(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")))
		gold := randAnn(rng, n, nil)
		put("gold/attributions/"+name+"_00ab.ann", joinLines(rng, gold))
		if rng.IntN(4) == 0 { // a second annotator, later in sorted order: not used
			put("gold/attributions/"+name+"_00ac.ann", joinLines(rng, randAnn(rng, n, nil)))
		}
		if rng.IntN(6) == 0 { // not an annotator file
			put("gold/attributions/"+name+"_00AA.ann", joinLines(rng, randAnn(rng, n, nil)))
		}
		if rng.IntN(6) != 0 {
			put("pred/"+name+".ann", joinLines(rng, randAnn(rng, n, gold)))
		}
	}
}

// TestRoundingMatchesScript compares the rounded figures with the script's prf() over many
// counts.
func TestRoundingMatchesScript(t *testing.T) {
	script := sharedtest.Path(t, "eval", "score_attributions.py")
	py := sharedtest.Python(t)
	const prog = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("s", sys.argv[1])
s = importlib.util.module_from_spec(spec)
spec.loader.exec_module(s)
out = []
for pred in range(0, 120):
    for gold in range(0, 120, 7):
        for tp in range(0, min(pred, gold) + 1):
            out.append(s.prf(tp, pred, gold))
print(json.dumps(out))
`
	out, err := exec.Command(py, "-c", prog, script).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []score.PRF
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if got := score.NewPRF(w.TP, w.Pred, w.Gold); got != w {
			t.Errorf("NewPRF(%d, %d, %d) = %+v, script %+v", w.TP, w.Pred, w.Gold, got, w)
		}
	}
	t.Logf("%d triples compared", len(want))
}
