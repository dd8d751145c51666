// Package cli implements the whosaid command line. It parses arguments and wires the stages
// together — input readers, the analysis pipeline, output writers — and owns nothing else, so
// that cmd/whosaid stays a one-line main and every command can be tested in-process.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
)

// Version is the whosaid version, set at build time with -ldflags "-X".
var Version = "dev"

// Env is what a command may touch: its arguments' streams. Tests pass buffers.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) int
}

func commands() []command {
	return []command{
		{"extract", "print the statements of articles: who said what, with which cue, when", runExtract},
		{"eval", "score attributions against brat gold (PolNeAR layout), as score_attributions.py does", runEval},
		{"ner", "tag the named entities of a CoNLL-2003 file, for score_conll_ner.py", runNER},
		{"train", "train a model from the shared data and print its scores (attribution, ner)", runTrainModels},
		{"ingest", "analyse articles and store them with their statements in a database (SQLite)", runIngest},
		{"search", "find stored statements by their words, speaker, outlet and date", runSearch},
		{"speakers", "list the most quoted speakers of the database", runSpeakers},
		{"show", "print a stored article with its statements marked", runShow},
		{"version", "print the version", func(_ context.Context, env Env, _ []string) int {
			fmt.Fprintln(env.Stdout, "whosaid", Version)
			return 0
		}},
	}
}

// Main runs the command line args (without the program name) and returns the exit status.
func Main(ctx context.Context, env Env, args []string) int {
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "whosaid: unknown command %q (see 'whosaid help')\n", args[0])
	return 2
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("whosaid: who said what, in the news.\n\nUsage: whosaid COMMAND [options] [arguments]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'whosaid COMMAND -h' for a command's options.\n")
	io.WriteString(w, b.String())
}
