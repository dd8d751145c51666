package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/score"
)

// TestSeedArticle is the golden test: the seed article, scored by the project's own yardstick.
func TestSeedArticle(t *testing.T) {
	seed := sharedtest.Path(t, "seed", "putin-read-my-lips.txt")
	py := sharedtest.Python(t)
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Stdout: &out, Stderr: &errb},
		[]string{"extract", "--format", "json", "--date", "2017-03-30", seed})
	if code != 0 {
		t.Fatalf("extract exited %d: %s", code, errb.String())
	}
	cmd := exec.Command(py, filepath.Join(sharedtest.Root, "eval", "check_article.py"), "--statements-only",
		filepath.Join(sharedtest.Root, "seed", "putin-read-my-lips.expected.json"), "-")
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
	dev := sharedtest.Path(t, "data", "polnear", "dev")
	py := sharedtest.Python(t)
	dir := t.TempDir()
	var errb bytes.Buffer
	if code := Main(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &errb},
		[]string{"extract", "--format", "brat", "--out", dir, filepath.Join(dev, "text")}); code != 0 {
		t.Fatalf("extract exited %d: %s", code, errb.String())
	}
	res, err := exec.Command(py, filepath.Join(sharedtest.Root, "eval", "score_attributions.py"), dev, dir, "--json").Output()
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
	floor := map[string]float64{"source": 73.1, "cue": 69.7, "content": 57.7}
	for role, min := range floor {
		got := rep.Exact[role].F1
		t.Logf("exact %s F1 %.1f (floor %.1f)", role, got, min)
		if got < min {
			t.Errorf("exact %s F1 %.1f fell below %.1f", role, got, min)
		}
	}
	t.Logf("relation F1 %.1f", rep.Relation.F1)
	if rep.Relation.F1 < 65.1 {
		t.Errorf("relation F1 %.1f fell below 65.1", rep.Relation.F1)
	}
}

// TestCrossValidationFloor retrains the attribution model five times, each without a fifth
// of PolNeAR train, and fails when the pooled scores on the unseen fifths fall below floors
// just under the shipped code's (BENCHMARKS.md). Dev's 84 documents move by up to a point
// from a retrain's luck; this moves by about 0.15, so it guards changes to training.
func TestCrossValidationFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("trains five models")
	}
	if strconv.IntSize == 32 {
		// Two trainings at once, each holding a gigabyte, do not fit the address space of a
		// 32-bit process; attrib's TestRetrainReproduces trains there.
		t.Skip("needs a 64-bit address space")
	}
	data := sharedtest.Path(t, "data", "polnear")
	// Three bags rather than the shipped seven: the same code, at half the time (pooled
	// 69.3 / 66.8 / 54.9 / 62.4 against 69.3 / 67.0 / 55.3 / 62.7, BENCHMARKS.md).
	s := attrib.Defaults()
	s.Bags = 3
	cv, err := crossValidate(context.Background(), data, 5, s, runtime.GOMAXPROCS(0), "", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		got   score.PRF
		floor float64
	}{
		{"exact source", cv.All.Exact.Source, 69.1},
		{"exact cue", cv.All.Exact.Cue, 66.6},
		{"exact content", cv.All.Exact.Content, 54.7},
		{"relation", cv.All.Relation, 62.2},
	} {
		t.Logf("%s F1 %.1f (floor %.1f)", c.name, c.got.F1, c.floor)
		if c.got.F1 < c.floor {
			t.Errorf("cross-validated %s F1 %.1f fell below %.1f", c.name, c.got.F1, c.floor)
		}
	}
}
