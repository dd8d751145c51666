package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/whosaid/whosaid/input"
)

// inputFlags are the options of the commands that read articles (extract, ingest).
type inputFlags struct {
	date, outlet *string
	maxBytes     *int64
}

func addInputFlags(fs *flag.FlagSet) inputFlags {
	return inputFlags{
		date:     fs.String("date", "", "publication date `YYYY-MM-DD` of articles that carry none"),
		outlet:   fs.String("outlet", "", "outlet of articles that carry none"),
		maxBytes: fs.Int64("max-bytes", input.DefaultMaxBytes, "refuse an input larger than this many bytes"),
	}
}

// options returns the reader's options, or false after saying why --date is wrong.
func (f inputFlags) options(env Env) (input.Options, bool) {
	opt := input.Options{Stdin: env.Stdin, MaxBytes: *f.maxBytes, Outlet: *f.outlet}
	if *f.date != "" {
		t, err := time.Parse("2006-01-02", *f.date)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: --date %q: want YYYY-MM-DD\n", *f.date)
			return opt, false
		}
		opt.Published = t
	}
	return opt, true
}
