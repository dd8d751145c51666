package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/whosaid/whosaid/ner"
)

// runNER tags named entities. With --format conll it reads CoNLL-2003 and writes every line
// back with the predicted tag appended, which is what score_conll_ner.py reads, so that the
// figures of the shipped tagger can be had from outside the project.
func runNER(_ context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("ner", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "conll", "input format: conll (CoNLL-2003, one token per line)")
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, "Usage: whosaid ner [--format conll] [FILE]\n\n"+
			"Tags the named entities (PER, ORG, LOC, MISC) of a CoNLL-2003 file (standard\n"+
			"input without FILE or with -) and writes each line with the predicted IOB2 tag\n"+
			"appended as its last column; blank and -DOCSTART- lines are kept as they are. The\n"+
			"output is what score_conll_ner.py scores.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *format != "conll" || fs.NArg() > 1 {
		if *format != "conll" {
			fmt.Fprintf(env.Stderr, "whosaid ner: unknown format %q (known: conll)\n", *format)
		}
		fs.Usage()
		return 2
	}
	in := env.Stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 2
		}
		defer f.Close()
		in = f
	}
	w := bufio.NewWriter(env.Stdout)
	if err := tagCoNLL(ner.Default(), in, w); err != nil {
		w.Flush()
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	return 0
}

// tagCoNLL reads CoNLL lines document by document (a document ends at -DOCSTART- or at the
// end of the input), tags each with TagDoc, and writes its lines back with the tags.
func tagCoNLL(t *ner.Tagger, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var (
		lines []string   // the document's lines, as read
		sents [][]string // its sentences' words
		cur   []string
	)
	endSent := func() {
		if len(cur) > 0 {
			sents = append(sents, cur)
			cur = nil
		}
	}
	flush := func() error {
		endSent()
		labels := t.TagDoc(sents)
		si, wi := 0, 0
		for _, line := range lines {
			fields := strings.Fields(line)
			if len(fields) == 0 || fields[0] == "-DOCSTART-" {
				if _, err := io.WriteString(w, line+"\n"); err != nil {
					return err
				}
				if wi > 0 {
					si, wi = si+1, 0
				}
				continue
			}
			if _, err := io.WriteString(w, strings.TrimRight(line, " \t\r")+" "+labels[si][wi].CoNLL()+"\n"); err != nil {
				return err
			}
			wi++
		}
		lines, sents = lines[:0], sents[:0]
		return nil
	}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0:
			endSent()
		case fields[0] == "-DOCSTART-":
			if err := flush(); err != nil {
				return err
			}
		default:
			cur = append(cur, fields[0])
		}
		lines = append(lines, line)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading line %d: %w", n+1, err)
	}
	return flush()
}

// trainCommand describes a `whosaid train NAME [--data DIR] --out FILE` command for
// trainFlags.
type trainCommand struct {
	name, data, dataFor, outFor, about string
}

// trainFlags parses the flags of a training command that reads a data folder and writes one
// file. It returns the two paths and -1, or the exit code to return at once (the usage
// printed).
func trainFlags(env Env, args []string, c trainCommand) (data, out string, code int) {
	fs := flag.NewFlagSet("train "+c.name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	d := fs.String("data", c.data, c.dataFor)
	o := fs.String("out", "", c.outFor)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: whosaid train %s [--data DIR] --out FILE\n\n%s\nOptions:\n", c.name, c.about)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", "", 0
		}
		return "", "", 2
	}
	if *o == "" || fs.NArg() > 0 {
		fs.Usage()
		return "", "", 2
	}
	return *d, *o, -1
}

// runTrainModels is the train command: it trains the named-entity tagger itself and hands
// the other models to runTrain.
func runTrainModels(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 && args[0] == "ner" {
		return trainNER(env, args[1:])
	}
	code := runTrain(ctx, env, args)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stderr, "  ner           named-entity tagger from CoNLL-2003 (train; scored on valid),\n"+
			"                with word clusters from the unlabelled text beside it\n")
	}
	return code
}

func trainNER(env Env, args []string) int {
	data, out, code := trainFlags(env, args, trainCommand{
		name:    "ner",
		data:    filepath.Join("..", "shared", "data", "conll2003"),
		dataFor: "CoNLL-2003 folder `DIR` (train.txt, valid.txt); the unlabelled text for the clusters is read from beside it",
		outFor:  "write the model to `FILE` (ner/model.bin is the one the build embeds)",
		about: "Trains the named-entity tagger deterministically (the same data gives the same\n" +
			"bytes, those of the embedded model), writes it, and prints its scores on CoNLL valid.\n",
	})
	if code >= 0 {
		return code
	}
	start := time.Now()
	m, rep, err := ner.Train(data, env.Stderr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: training: %v\n", err)
		return 1
	}
	if err := os.WriteFile(out, m, 0o644); err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	fmt.Fprintf(env.Stdout, "model %s: %d bytes, %d features, %d weights, %d epochs, trained in %s\n",
		out, len(m), rep.Features, rep.Weights, rep.Epochs, time.Since(start).Round(time.Second))
	fmt.Fprintf(env.Stdout, "\nvalid (%d tokens, %d documents):\n%v", rep.ValidTokens, rep.ValidDocs, rep.Valid)
	return 0
}
