package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/pipeline"
	"github.com/whosaid/whosaid/score"
)

// crossValidation is the outcome of crossValidate: the scores of every fold's predictions
// taken together, and of each fold alone.
type crossValidation struct {
	All   score.Report
	Folds []score.Report
}

// crossValidate trains k models, model i on PolNeAR train less fold i (every k-th document
// in name order, starting at the i-th) plus annotator-training, and scores each through the
// whole extraction on the fold it did not see. Up to par models train at once, and never
// more than maxTrainings: a training holds about 1.3 GB. With keep set, fold f's model is
// written to keep/fold-f.bin and the names of the documents it did not see, one a line, to
// keep/fold-f.txt (f from 1), for evalFolds.
//
// Why: dev has 84 documents, and a retrain that should change nothing moves its F1 by 0.5-1.2
// points, so dev cannot tell a change to training from luck. Cross-validation scores every
// one of train's 840 documents with a model that did not see it, and averages the luck of k
// trainings; it is also the better estimate of what held-out text will score.
func crossValidate(ctx context.Context, data string, k int, s attrib.Settings, par int, keep string, errw io.Writer) (crossValidation, error) {
	var cv crossValidation
	train, err := brat.ReadGold(filepath.Join(data, "train"))
	if err != nil {
		return cv, err
	}
	extra, err := brat.ReadGold(filepath.Join(data, "annotator-training"))
	if err != nil {
		return cv, err
	}
	if k < 2 || k > len(train) {
		return cv, fmt.Errorf("cross-validation: %d folds over %d documents", k, len(train))
	}
	preds := make([]map[string]*brat.Ann, k)
	tests := make([][]brat.GoldDoc, k)
	errs := make([]error, k)
	sem := make(chan struct{}, min(max(par, 1), maxTrainings))
	var wg sync.WaitGroup
	for f := range k {
		var fit []brat.GoldDoc
		for i, d := range train {
			if i%k == f {
				tests[f] = append(tests[f], d)
			} else {
				fit = append(fit, d)
			}
		}
		fit = append(fit, extra...)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				errs[f] = ctx.Err()
				return
			}
			s := s
			s.AfterEpoch = nil
			m, err := attrib.Train(fit, s, nil)
			if err != nil {
				errs[f] = fmt.Errorf("fold %d: %w", f+1, err)
				return
			}
			if keep != "" {
				if errs[f] = keepFold(keep, f+1, m, tests[f]); errs[f] != nil {
					return
				}
			}
			preds[f], _, errs[f] = predict(ctx, filepath.Join(data, "train"), tests[f], pipeline.NewWithModel(m), 1, "", errw)
		})
	}
	wg.Wait()
	all := make(map[string]*brat.Ann, len(train))
	for f := range k {
		if errs[f] != nil {
			return cv, errs[f]
		}
		maps.Copy(all, preds[f])
		cv.Folds = append(cv.Folds, score.Score(tests[f], preds[f]))
	}
	cv.All = score.Score(train, all)
	return cv, nil
}

// maxTrainings bounds the trainings crossValidate runs at once, so that --workers on a
// machine of many cores does not ask for tens of gigabytes.
const maxTrainings = 4

// writeFolds prints, for source, cue and content exact F1 and relation F1, the mean and
// standard deviation over the folds, from each fold's counts (unrounded).
func (cv crossValidation) writeFolds(w io.Writer) error {
	figures := []struct {
		name string
		get  func(score.Report) score.PRF
	}{
		{"source", func(r score.Report) score.PRF { return r.Exact.Source }},
		{"cue", func(r score.Report) score.PRF { return r.Exact.Cue }},
		{"content", func(r score.Report) score.PRF { return r.Exact.Content }},
		{"relation", func(r score.Report) score.PRF { return r.Relation }},
	}
	if _, err := fmt.Fprintf(w, "by fold (exact F1; relation F1), mean ± sd over %d folds:", len(cv.Folds)); err != nil {
		return err
	}
	for _, fig := range figures {
		var sum, sq float64
		for _, r := range cv.Folds {
			f := f1(fig.get(r))
			sum += f
			sq += f * f
		}
		n := float64(len(cv.Folds))
		mean := sum / n
		sd := math.Sqrt(max(sq/n-mean*mean, 0) * n / max(n-1, 1))
		if _, err := fmt.Fprintf(w, "  %s %.2f ± %.2f", fig.name, mean, sd); err != nil {
			return err
		}
	}
	// Each fold's relation F1, for comparing two trainings fold by fold: the folds differ
	// far more among themselves than a change to training moves any one of them.
	if _, err := fmt.Fprint(w, "\nrelation F1 by fold:"); err != nil {
		return err
	}
	for _, r := range cv.Folds {
		if _, err := fmt.Fprintf(w, " %.2f", f1(r.Relation)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// f1 is p's F1 in percent from its counts, unrounded.
func f1(p score.PRF) float64 {
	if p.Pred+p.Gold == 0 {
		return 0
	}
	return 200 * float64(p.TP) / float64(p.Pred+p.Gold)
}

// keepFold writes fold f's model and the names of its held-out documents under dir.
func keepFold(dir string, f int, m *attrib.Model, held []brat.GoldDoc) error {
	if _, err := writeModel(filepath.Join(dir, fmt.Sprintf("fold-%d.bin", f)), m); err != nil {
		return err
	}
	var names strings.Builder
	for _, d := range held {
		names.WriteString(d.Name + "\n")
	}
	return os.WriteFile(filepath.Join(dir, fmt.Sprintf("fold-%d.txt", f)), []byte(names.String()), 0o644)
}

// evalFolds scores the gold documents as crossValidate did, each by the kept model of the
// fold that held it out (keepFold), without training again; with writeDir set, it saves the
// predictions there as NAME.ann. Changes to how a model's readings are decoded (the rules
// after the taggers, Combine, the quotation conventions) are then measured over all of
// train's documents, each read by a model that did not see it, in seconds and with none of
// a retrain's luck. (A change that training reads too, such as the quotation index the
// taggers' features see, needs crossValidate.)
func evalFolds(ctx context.Context, goldDir string, gold []brat.GoldDoc, dir string, workers int, writeDir string, errw io.Writer) (crossValidation, error) {
	var cv crossValidation
	byName := make(map[string]brat.GoldDoc, len(gold))
	for _, d := range gold {
		byName[d.Name] = d
	}
	all := make(map[string]*brat.Ann, len(gold))
	var scored []brat.GoldDoc
	for f := 1; ; f++ {
		names, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("fold-%d.txt", f)))
		if errors.Is(err, fs.ErrNotExist) && f > 1 {
			break
		}
		if err != nil {
			return cv, fmt.Errorf("fold models: %w", err)
		}
		m, err := readModel(filepath.Join(dir, fmt.Sprintf("fold-%d.bin", f)))
		if err != nil {
			return cv, fmt.Errorf("fold models: %w", err)
		}
		var held []brat.GoldDoc
		for _, name := range strings.Fields(string(names)) {
			d, ok := byName[name]
			if !ok {
				return cv, fmt.Errorf("fold models: fold %d held out %s, which %s does not have", f, name, goldDir)
			}
			held = append(held, d)
		}
		pred, _, err := predict(ctx, goldDir, held, pipeline.NewWithModel(m), workers, writeDir, errw)
		if err != nil {
			return cv, err
		}
		maps.Copy(all, pred)
		cv.Folds = append(cv.Folds, score.Score(held, pred))
		scored = append(scored, held...)
	}
	if len(scored) != len(gold) {
		return cv, fmt.Errorf("fold models: the folds hold out %d documents, %s has %d", len(scored), goldDir, len(gold))
	}
	cv.All = score.Score(gold, all)
	return cv, nil
}
