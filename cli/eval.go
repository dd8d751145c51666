package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/pipeline"
	"github.com/whosaid/whosaid/score"
)

// runEval scores attributions against brat gold with the score package, which gives the
// numbers of the project's yardstick score_attributions.py. Without --pred the predictions
// are whosaid's own, made by the analyzer `whosaid extract` uses and written as
// `extract --format brat` writes them, so the figures are those of the shipped extraction.
func runEval(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	goldDir := fs.String("gold", "", "gold folder `DIR` in PolNeAR's layout: DIR/text/NAME.txt, DIR/attributions/NAME_XXXX.ann")
	predDir := fs.String("pred", "", "score the predictions `DIR`/NAME.ann instead of running the extraction")
	writeDir := fs.String("write", "", "also save whosaid's predictions as `DIR`/NAME.ann")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	foldsDir := fs.String("folds", "", "score each text with the model of the fold that held it out, from `DIR` of 'whosaid train attribution --folds N --keep DIR'")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed in parallel")
	model := addModelFlag(fs)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: whosaid eval --gold DIR [--pred DIR | --write DIR | --folds DIR] [--json] [--workers N]\n\n"+
			"Scores attributions against brat gold in PolNeAR's layout, as the scorer\n"+
			"score_attributions.py does: exact, relaxed and token P/R/F1 for source, cue and\n"+
			"content, and relation P/R/F1, in percent. The predictions are whosaid's own, from the\n"+
			"analysis 'whosaid extract' runs over each gold text, unless --pred names a folder of\n"+
			"NAME.ann files; a text without one counts as predicting nothing. With --folds, each\n"+
			"text is read by the kept cross-validation model that did not see it, and the report\n"+
			"adds the folds' means. Exit status 0 when scored, 2 on unusable input.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *goldDir == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if *predDir != "" && *writeDir != "" {
		fmt.Fprintln(env.Stderr, "whosaid: --write saves whosaid's predictions; it cannot go with --pred")
		return 2
	}
	gold, err := brat.ReadGold(*goldDir)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 2
	}
	if len(gold) == 0 {
		fmt.Fprintf(env.Stderr, "whosaid: no gold texts found under %s\n", *goldDir)
		return 2
	}

	if *model.path != "" && (*predDir != "" || *foldsDir != "") {
		fmt.Fprintln(env.Stderr, "whosaid: --model runs the extraction; it cannot go with --pred or --folds")
		return 2
	}
	if *foldsDir != "" {
		if *predDir != "" || *asJSON {
			fmt.Fprintln(env.Stderr, "whosaid: --folds goes with neither --pred nor --json")
			return 2
		}
		if *writeDir != "" {
			if err := os.MkdirAll(*writeDir, 0o755); err != nil {
				fmt.Fprintf(env.Stderr, "whosaid: --write: %v\n", err)
				return 1
			}
		}
		cv, err := evalFolds(ctx, *goldDir, gold, *foldsDir, *workers, *writeDir, env.Stderr)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 2
		}
		if cv.All.WriteText(env.Stdout) != nil || cv.writeFolds(env.Stdout) != nil {
			return 1
		}
		return 0
	}

	status := 0
	var pred map[string]*brat.Ann
	if *predDir != "" {
		// A missing folder would score as predicting nothing, which is never what was meant.
		if fi, err := os.Stat(*predDir); err != nil || !fi.IsDir() {
			if err == nil {
				err = errors.New("not a folder")
			}
			fmt.Fprintf(env.Stderr, "whosaid: --pred %s: %v\n", *predDir, err)
			return 2
		}
		if pred, err = score.ReadPredictions(*predDir, gold); err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 2
		}
	} else {
		if *writeDir != "" {
			if err := os.MkdirAll(*writeDir, 0o755); err != nil {
				fmt.Fprintf(env.Stderr, "whosaid: --write: %v\n", err)
				return 1
			}
		}
		an, err := model.analyzer()
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 2
		}
		var failed bool
		pred, failed, err = predict(ctx, *goldDir, gold, an, *workers, *writeDir, env.Stderr)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 1
		}
		if failed {
			status = 1 // scored, but a text had no prediction it should have had
		}
	}

	r := score.Score(gold, pred)
	if *asJSON {
		err = r.WriteJSON(env.Stdout)
	} else {
		err = r.WriteText(env.Stdout)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	return status
}

// predict runs an over the gold texts on workers goroutines and returns each text's
// predictions as they read back from brat, as the scorer would read them from a file. It
// goes through process and analyze, as extract does, so that it analyses the same way and
// in parallel. A text whose analysis fails is reported on errw and left without a
// prediction (failed is then true); a failure to write under writeDir stops the run.
//
// Each text is analysed as the scorer reads it (universal newlines, a byte order mark kept),
// not as extract reads a file, so that the predicted offsets count the same code points as
// the gold ones.
func predict(ctx context.Context, goldDir string, gold []brat.GoldDoc, an *pipeline.Analyzer, workers int, writeDir string, errw io.Writer) (pred map[string]*brat.Ann, failed bool, err error) {
	pred = make(map[string]*brat.Ann, len(gold))
	var buf bytes.Buffer
	err = process(ctx, &goldReader{dir: goldDir, docs: gold}, an, nil, workers, func(d *document.Doc, err error) error {
		if err != nil {
			failed = true
			fmt.Fprintf(errw, "whosaid: %v\n", err)
			return nil
		}
		buf.Reset()
		if err := output.WriteBrat(&buf, d); err != nil {
			return fmt.Errorf("%s: %w", d.ID, err)
		}
		a, err := brat.Parse(bytes.NewReader(buf.Bytes()))
		if err != nil {
			return fmt.Errorf("%s: reading back its brat: %w", d.ID, err)
		}
		pred[d.Name] = a
		if writeDir != "" {
			if err := os.WriteFile(filepath.Join(writeDir, d.Name+".ann"), buf.Bytes(), 0o644); err != nil {
				return err // names the file
			}
		}
		return nil
	})
	return pred, failed, err
}

// goldReader hands the gold texts to process as articles. Name is the gold stem, which keys
// the predictions; ID and Source are the text's path, for messages.
type goldReader struct {
	dir  string
	docs []brat.GoldDoc
	next int
}

func (g *goldReader) Next() (*input.Article, error) {
	if g.next == len(g.docs) {
		return nil, io.EOF
	}
	d := g.docs[g.next]
	g.next++
	path := filepath.Join(g.dir, "text", d.Name+".txt")
	return &input.Article{ID: path, Name: d.Name, Source: path, Text: d.Text}, nil
}
