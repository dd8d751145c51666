package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// shared is the data folder beside the repository. A user's clone has none: the tests that
// need it skip; CI has it, so they run there.
const shared = "../../shared"

func needShared(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{shared}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present: %v", p, err)
	}
	return p
}

func python(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is needed for the scoring scripts; .ci/run installs it")
		}
		t.Skip("python3 not installed")
	}
	return py
}

// TestSeedArticle is the golden test: the seed article, scored by the project's own yardstick.
func TestSeedArticle(t *testing.T) {
	seed := needShared(t, "seed", "putin-read-my-lips.txt")
	py := python(t)
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Stdout: &out, Stderr: &errb},
		[]string{"extract", "--format", "json", "--date", "2017-03-30", seed})
	if code != 0 {
		t.Fatalf("extract exited %d: %s", code, errb.String())
	}
	cmd := exec.Command(py, filepath.Join(shared, "eval", "check_article.py"), "--statements-only",
		filepath.Join(shared, "seed", "putin-read-my-lips.expected.json"), "-")
	cmd.Stdin = &out
	res, err := cmd.CombinedOutput()
	t.Logf("%s", res)
	if err != nil {
		t.Fatalf("check_article.py failed: %v", err)
	}
}

// TestPolNeARDevFloor scores the extraction on PolNeAR dev with score_attributions.py and fails
// when a figure falls below a floor just under the shipped model's (BENCHMARKS.md), so that a
// regression shows in CI.
func TestPolNeARDevFloor(t *testing.T) {
	dev := needShared(t, "data", "polnear", "dev")
	py := python(t)
	dir := t.TempDir()
	var errb bytes.Buffer
	if code := Main(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &errb},
		[]string{"extract", "--format", "brat", "--out", dir, filepath.Join(dev, "text")}); code != 0 {
		t.Fatalf("extract exited %d: %s", code, errb.String())
	}
	res, err := exec.Command(py, filepath.Join(shared, "eval", "score_attributions.py"), dev, dir, "--json").Output()
	if err != nil {
		t.Fatalf("score_attributions.py: %v", err)
	}
	var rep struct {
		Exact map[string]struct {
			F1 float64 `json:"f1"`
		} `json:"exact"`
		Relation struct {
			F1 float64 `json:"f1"`
		} `json:"relation"`
	}
	if err := json.Unmarshal(res, &rep); err != nil {
		t.Fatalf("scorer output: %v\n%s", err, res)
	}
	floor := map[string]float64{"source": 66, "cue": 65, "content": 49}
	for role, min := range floor {
		got := rep.Exact[role].F1
		t.Logf("exact %s F1 %.1f (floor %.0f)", role, got, min)
		if got < min {
			t.Errorf("exact %s F1 %.1f fell below %.0f", role, got, min)
		}
	}
	t.Logf("relation F1 %.1f", rep.Relation.F1)
	if rep.Relation.F1 < 57 {
		t.Errorf("relation F1 %.1f fell below 57", rep.Relation.F1)
	}
}
