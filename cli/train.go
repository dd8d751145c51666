package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/pipeline"
	"github.com/whosaid/whosaid/score"
)

// runTrain trains one of whosaid's models from the shared data and writes it where the
// build embeds it, so that `whosaid train … --out` followed by `go build` reproduces the
// shipped binary.
func runTrain(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stderr, "Usage: whosaid train attribution [options]\n\n"+
			"Trains a model from annotated data and prints its scores. Models:\n"+
			"  attribution   cue, source and content tagger from PolNeAR (train and\n"+
			"                annotator-training; scored on dev)\n"+
			"  names         first names and their gender, for pronouns (GAP development and\n"+
			"                validation, PolNeAR train and BBC news)\n")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "attribution":
		return trainAttribution(ctx, env, args[1:])
	case "names":
		return trainNames(env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "whosaid train: unknown model %q (known: attribution, names, ner)\n", args[0])
	return 2
}

func trainAttribution(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("train attribution", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	data := fs.String("data", filepath.Join("..", "shared", "data", "polnear"), "PolNeAR folder `DIR` (with train/, annotator-training/ and dev/)")
	out := fs.String("out", "", "write the model to `FILE` (attrib/model.bin is the one the build embeds)")
	def := attrib.Defaults()
	epochs := fs.Int("epochs", def.Epochs, "passes over the training data")
	prune := fs.Float64("prune", float64(def.Prune), "drop averaged weights smaller than this")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed in parallel when scoring; models trained at once with --folds (at most 4, each holding about 1.3 GB)")
	bags := fs.Int("bags", def.Bags, "train the taggers `N` times over shuffled orders and average them")
	folds := fs.Int("folds", 0, "also score `N`-fold cross-validation over PolNeAR train (without --out, only that)")
	keep := fs.String("keep", "", "with --folds, also write each fold's model and held-out names into `DIR`, for 'whosaid eval --folds DIR'")
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, "Usage: whosaid train attribution [--data DIR] (--out FILE | --folds N [--keep DIR]) [--epochs N] [--prune X]\n\n"+
			"Trains the attribution model (an averaged-perceptron cue tagger and role tagger)\n"+
			"deterministically from PolNeAR train and annotator-training, writes it, and prints\n"+
			"its exact, relaxed and token scores on dev and on train through the whole extraction.\n"+
			"With --folds N it also trains N models, each without one N-th of train, and scores\n"+
			"each on the part it did not see: a yardstick for changes to training that dev's 84\n"+
			"documents are too few to judge (a retrain moves dev F1 by up to a point). With --keep\n"+
			"DIR it keeps those models, and 'whosaid eval --gold DIR/train --folds DIR' scores\n"+
			"the same way again without training, for changes to decoding.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if (*out == "" && *folds == 0) || fs.NArg() > 0 || *folds == 1 || *folds < 0 || *keep != "" && *folds == 0 {
		fs.Usage()
		return 2
	}
	s := def
	s.Epochs, s.Prune, s.Bags = *epochs, float32(*prune), *bags
	if *folds > 1 {
		start := time.Now()
		if *keep != "" {
			if err := os.MkdirAll(*keep, 0o755); err != nil {
				fmt.Fprintf(env.Stderr, "whosaid: --keep: %v\n", err)
				return 1
			}
		}
		cv, err := crossValidate(ctx, *data, *folds, s, *workers, *keep, env.Stderr)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 1
		}
		fmt.Fprintf(env.Stdout, "cross-validation, %d folds over %s (in %s):\n", *folds, filepath.Join(*data, "train"), time.Since(start).Round(time.Second))
		if err := cv.All.WriteText(env.Stdout); err != nil {
			return 1
		}
		if err := cv.writeFolds(env.Stdout); err != nil {
			return 1
		}
		if *out == "" {
			return 0
		}
		fmt.Fprintln(env.Stdout)
	}
	start := time.Now()
	docs, err := attrib.ReadTraining(*data)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 2
	}
	fmt.Fprintf(env.Stderr, "training on %d documents from %s\n", len(docs), *data)
	m, err := attrib.Train(docs, s, env.Stderr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: training: %v\n", err)
		return 1
	}
	size, err := writeModel(*out, m)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	took := time.Since(start)
	fmt.Fprintf(env.Stdout, "model %s: %d bytes, %d cue and %d role features, %d epochs, trained in %s\n",
		*out, size, m.Meta.CueFeats, m.Meta.RoleFeats, m.Meta.Epochs, took.Round(time.Second))
	an := pipeline.NewWithModel(m)
	for _, split := range []string{"dev", "train"} {
		dir := filepath.Join(*data, split)
		gold, err := brat.ReadGold(dir)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 1
		}
		pred, _, err := predict(ctx, dir, gold, an, *workers, "", env.Stderr)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 1
		}
		fmt.Fprintf(env.Stdout, "\n%s (%s):\n", split, dir)
		if err := score.Score(gold, pred).WriteText(env.Stdout); err != nil {
			return 1
		}
	}
	return 0
}
