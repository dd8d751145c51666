package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/internal/sharedtest"
)

// smallPolNeAR makes a PolNeAR layout under a temporary folder with the first train
// documents and annotator-training documents of ../shared's, linked.
func smallPolNeAR(t *testing.T, train, extra int) string {
	t.Helper()
	src := sharedtest.Path(t, "data", "polnear")
	root := t.TempDir()
	for sub, n := range map[string]int{"train": train, "annotator-training": extra} {
		texts, err := filepath.Glob(filepath.Join(src, sub, "text", "*.txt"))
		if err != nil || len(texts) < n {
			t.Fatalf("%s: %d texts (%v)", sub, len(texts), err)
		}
		for _, dir := range []string{"text", "attributions"} {
			if err := os.MkdirAll(filepath.Join(root, sub, dir), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for _, txt := range texts[:n] {
			stem := strings.TrimSuffix(filepath.Base(txt), ".txt")
			anns, _ := filepath.Glob(filepath.Join(src, sub, "attributions", stem+"_*.ann"))
			for _, p := range append(anns, txt) {
				dir := "attributions"
				if p == txt {
					dir = "text"
				}
				abs, _ := filepath.Abs(p)
				if err := os.Symlink(abs, filepath.Join(root, sub, dir, filepath.Base(p))); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return root
}

// TestCrossValidate checks that cross-validation scores every train document once, by a
// model that did not see it, that the folds add up to the whole, and that it is
// deterministic whatever the number of trainings at once.
func TestCrossValidate(t *testing.T) {
	data := smallPolNeAR(t, 6, 2)
	s := attrib.Defaults()
	s.Epochs = 2
	cv, err := crossValidate(context.Background(), data, 3, s, 2, "", os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if len(cv.Folds) != 3 || cv.All.Texts != 6 {
		t.Fatalf("%d folds, %d texts scored; want 3 and 6", len(cv.Folds), cv.All.Texts)
	}
	var texts, tp, pred, gold int
	for _, f := range cv.Folds {
		texts += f.Texts
		tp += f.Relation.TP
		pred += f.Relation.Pred
		gold += f.Relation.Gold
	}
	if texts != 6 || tp != cv.All.Relation.TP || pred != cv.All.Relation.Pred || gold != cv.All.Relation.Gold {
		t.Errorf("folds add up to %d texts, relations %d/%d/%d; all %+v", texts, tp, pred, gold, cv.All.Relation)
	}
	if cv.All.Relation.Gold == 0 || cv.All.Relation.Pred == 0 {
		t.Errorf("nothing scored: %+v", cv.All.Relation)
	}
	keep := t.TempDir()
	again, err := crossValidate(context.Background(), data, 3, s, 1, keep, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cv, again) {
		t.Errorf("one training at a time scored %+v, three at once %+v", again.All, cv.All)
	}

	// The kept fold models score the same again without training.
	docs, err := brat.ReadGold(filepath.Join(data, "train"))
	if err != nil {
		t.Fatal(err)
	}
	kept, err := evalFolds(context.Background(), filepath.Join(data, "train"), docs, keep, 2, "", os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(kept, cv) {
		t.Errorf("the kept folds scored %+v, cross-validation %+v", kept.All, cv.All)
	}
	if _, err := evalFolds(context.Background(), filepath.Join(data, "train"), docs[1:], keep, 2, "", os.Stderr); err == nil {
		t.Error("evalFolds over fewer documents than the folds held out: no error")
	}
	if _, err := evalFolds(context.Background(), filepath.Join(data, "train"), docs, t.TempDir(), 2, "", os.Stderr); err == nil {
		t.Error("evalFolds over an empty folder: no error")
	}
	var out bytes.Buffer
	if err := cv.writeFolds(&out); err != nil || !strings.Contains(out.String(), "relation") {
		t.Errorf("writeFolds: %v %q", err, out.String())
	}
}

func TestTrainFoldsFlag(t *testing.T) {
	for _, args := range [][]string{
		{"train", "attribution"},
		{"train", "attribution", "--folds", "1"},
		{"train", "attribution", "--folds", "-2"},
	} {
		var errb bytes.Buffer
		if code := Main(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &errb}, args); code != 2 {
			t.Errorf("%q exited %d, want 2", args, code)
		}
	}
	data := t.TempDir()
	var errb bytes.Buffer
	if code := Main(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &errb},
		[]string{"train", "attribution", "--data", data, "--folds", "3"}); code == 0 || !strings.Contains(errb.String(), data) {
		t.Errorf("--folds over an empty folder exited %d: %q", code, errb.String())
	}
}
