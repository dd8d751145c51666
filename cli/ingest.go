package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/store/sqlite"
)

// defaultDB is the database the store commands use without --db.
const defaultDB = "whosaid.db"

func runIngest(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dbPath := fs.String("db", defaultDB, "the database `FILE` (created if missing)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed in parallel")
	// A transaction is a full-text segment: 500 articles make one of a few MB; smaller
	// batches make more segments, which FTS5 merges again and again as the index grows
	// (1,000 saves a little more CPU and costs 20 MB more memory).
	batch := fs.Int("batch", 500, "articles written per transaction")
	quiet := fs.Bool("quiet", false, "print no progress and no summary: only the inputs skipped as bad")
	verbose := fs.Bool("verbose", false, "also print a line for each article skipped as a duplicate or unchanged, and each one updated")
	strict := fs.Bool("strict", false, "exit with status 1 when any input was bad")
	inFlags := addInputFlags(fs)
	model := addModelFlag(fs)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to `FILE` (for go tool pprof)")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: whosaid ingest [options] FILE|FOLDER|- ...\n\n"+
			"Analyses articles (text, HTML, RSS/Atom/JSON feeds, WARC, JSON Lines, any gzipped; folders\n"+
			"recursively) and stores them with their statements, speakers, entities and dates in a\n"+
			"SQLite database, for 'whosaid search', 'speakers' and 'show'. Running it again is safe: an\n"+
			"article already stored (same URL and text, or same text) is skipped, a changed article at a\n"+
			"stored URL replaces the old one, and a run that was killed resumes where it stopped.\n"+
			"A bad input is skipped with one line saying why; the run goes on.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	paths := fs.Args()
	if len(paths) == 0 {
		fs.Usage()
		return 2
	}
	opt, ok := inFlags.options(env)
	if !ok {
		return 2
	}
	if *batch < 1 {
		*batch = 1
	}
	an, err := model.analyzer()
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 2
	}
	db, err := sqlite.OpenWith(*dbPath, sqlite.Options{CacheKiB: sqlite.IngestCacheKiB})
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	defer db.Close()
	if _, set := os.LookupEnv("GOGC"); !set {
		defer debug.SetGCPercent(debug.SetGCPercent(ingestGCPercent))
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: --cpuprofile: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: --cpuprofile: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}

	var prog progress = quietProgress{env.Stderr}
	if !*quiet {
		if f, ok := env.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			prog = newBarProgress(f, paths)
		} else {
			prog = &plainProgress{w: env.Stderr, start: time.Now(), last: time.Now(), every: 10 * time.Second}
		}
	}

	in := &sourceReader{r: input.Open(paths, opt), src: map[string]string{}}
	ing := &ingester{db: db, prog: prog, verbose: *verbose, bad: map[string]int{}, start: time.Now()}
	batches := make(chan []*store.Article, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ing.write(context.WithoutCancel(ctx), batches)
	}()
	var cur []*store.Article
	perr := process(ctx, in, an, nil, *workers, func(d *document.Doc, err error) error {
		if werr := ing.writeErr(); werr != nil {
			return werr
		}
		if err != nil {
			ing.badInput(err)
			return nil
		}
		ing.read++
		srcPath, record := in.source(d.ID)
		cur = append(cur, store.FromDoc(d, srcPath, record))
		prog.article()
		if len(cur) >= *batch {
			batches <- cur
			cur = nil
		}
		return nil
	})
	if len(cur) > 0 && ing.writeErr() == nil {
		batches <- cur
	}
	close(batches)
	wg.Wait()
	prog.done()
	if werr := ing.writeErr(); werr != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %s: %v\n", *dbPath, werr)
		return 1
	}
	if !*quiet {
		ing.summary(ctx, env.Stdout, *dbPath)
	}
	switch {
	case perr != nil && ctx.Err() != nil:
		fmt.Fprintln(env.Stderr, "whosaid: interrupted; what was analysed is stored, and running the same ingest again resumes")
		return 1
	case perr != nil:
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", perr)
		return 1
	case *strict && ing.badTotal() > 0:
		return 1
	}
	return 0
}

// ingestGCPercent is the collector's GOGC while ingest runs, unless the environment sets
// one. The heap that survives a collection during an ingest is mostly go-dateparser's tables
// and the documents being analysed (the models and word caches lie outside the heap:
// package hugepage), so collecting more often costs little: over scripts/bench-ingest.sh's
// 3,000 articles, 34 collections at 50 rather than 17 at 100, the collector's share of the
// CPU 5% rather than 3-4%, and the peak resident memory 25-35 MB lower (about 300 MB rather
// than 330 MB with two workers).
const ingestGCPercent = 50

// sourceReader remembers, for every article it yields, the input it came from, so that the
// analysed document (which keeps only the article's ID) can be stored with its source path
// and record.
type sourceReader struct {
	r   input.Reader
	mu  sync.Mutex
	src map[string]string // article ID → source, until taken
}

func (s *sourceReader) Next() (*input.Article, error) {
	a, err := s.r.Next()
	if a != nil {
		s.mu.Lock()
		s.src[a.ID] = a.Source
		s.mu.Unlock()
	}
	return a, err
}

// source returns the source path and the record within it of the article id.
func (s *sourceReader) source(id string) (path, record string) {
	s.mu.Lock()
	src, ok := s.src[id]
	delete(s.src, id)
	s.mu.Unlock()
	if !ok {
		return id, ""
	}
	if rec, ok := strings.CutPrefix(id, src+"#"); ok {
		return src, rec
	}
	return src, ""
}

// ingester writes batches and keeps the figures of the summary.
type ingester struct {
	db      store.Store
	prog    progress
	verbose bool
	start   time.Time

	// Set by the reading side (process's emit).
	read int
	bad  map[string]int // bad inputs by kind

	// Set by the writing goroutine; read after it ends.
	mu         sync.Mutex
	err        error
	outcomes   [5]int // by store.Outcome
	statements int
}

// badKinds classifies refused inputs for the summary, first match wins.
var badKinds = []struct {
	err  error
	name string
}{
	{input.ErrEmpty, "empty"},
	{input.ErrBinary, "binary"},
	{input.ErrInvalidUTF8, "invalid UTF-8"},
	{input.ErrTooLarge, "too large"},
	{input.ErrNoWords, "no words"},
	{input.ErrNoText, "no text"},
	{input.ErrMalformed, "malformed"},
	{input.ErrUnsupported, "unsupported"},
	{input.ErrNoTextFiles, "no article files"},
	{input.ErrNotRegular, "not a file"},
	{fs.ErrNotExist, "not found"},
	{fs.ErrPermission, "permission denied"},
}

func badKind(err error) string {
	var ie *input.Error
	if !errors.As(err, &ie) {
		return "analysis failed"
	}
	for _, k := range badKinds {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return "unreadable"
}

func (g *ingester) badInput(err error) {
	g.bad[badKind(err)]++
	g.prog.article()
	g.prog.line(fmt.Sprintf("whosaid: skipped %v", err))
}

func (g *ingester) badTotal() int {
	n := 0
	for _, v := range g.bad {
		n += v
	}
	return n
}

func (g *ingester) writeErr() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// write puts each batch in one transaction. After a failure it drains the channel: the run
// stops at the reading side's next article.
func (g *ingester) write(ctx context.Context, batches <-chan []*store.Article) {
	for b := range batches {
		if g.writeErr() != nil {
			continue
		}
		res, err := g.db.PutBatch(ctx, b)
		g.mu.Lock()
		if err != nil {
			g.err = err
			g.mu.Unlock()
			continue
		}
		for i, r := range res {
			g.outcomes[r.Outcome]++
			if r.Outcome == store.New || r.Outcome == store.Updated {
				g.statements += len(b[i].Statements)
			}
		}
		g.mu.Unlock()
		if g.verbose {
			for i, r := range res {
				name := b[i].SourcePath
				if b[i].SourceRecord != "" {
					name += "#" + b[i].SourceRecord
				}
				switch r.Outcome {
				case store.Duplicate:
					g.prog.line(fmt.Sprintf("whosaid: skipped %s: duplicate: the same text is article %d", name, r.ID))
				case store.Unchanged:
					g.prog.line(fmt.Sprintf("whosaid: skipped %s: unchanged: article %d", name, r.ID))
				case store.Updated:
					g.prog.line(fmt.Sprintf("whosaid: updated article %d from %s: its text at %s changed", r.ID, name, b[i].URL))
				}
			}
		}
	}
}

func (g *ingester) summary(ctx context.Context, w io.Writer, dbPath string) {
	el := time.Since(g.start).Seconds()
	if el <= 0 {
		el = 1e-9
	}
	var b strings.Builder
	fmt.Fprintf(&b, "whosaid ingest: %d articles read in %.2f s (%.0f articles/s", g.read, el, float64(g.read)/el)
	if rss := peakRSS(); rss > 0 {
		fmt.Fprintf(&b, ", peak RSS %.0f MB", float64(rss)/1e6)
	}
	b.WriteString(")\n")
	o := g.outcomes
	bad := g.badTotal()
	fmt.Fprintf(&b, "  new         %d\n  updated     %d\n", o[store.New], o[store.Updated])
	fmt.Fprintf(&b, "  skipped     %d: duplicate %d, unchanged %d, bad input %d", o[store.Duplicate]+o[store.Unchanged]+bad,
		o[store.Duplicate], o[store.Unchanged], bad)
	if bad > 0 {
		kinds := make([]string, 0, len(g.bad))
		for k := range g.bad {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for i, k := range kinds {
			kinds[i] = fmt.Sprintf("%s %d", k, g.bad[k])
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(kinds, ", "))
	}
	fmt.Fprintf(&b, "\n  statements  %d stored\n", g.statements)
	if c, err := g.db.Counts(ctx); err == nil {
		fmt.Fprintf(&b, "  database    %s: %d articles, %d statements, %d speakers\n", dbPath, c.Articles, c.Statements, c.Speakers)
	}
	io.WriteString(w, b.String())
}

// progress reports an ingest as it goes. article is called once per input done (stored or
// skipped), line prints a message without garbling the progress display; both only from the
// goroutines of the ingest, line from two of them.
type progress interface {
	article()
	line(s string)
	done()
}

// quietProgress prints the lines and no progress.
type quietProgress struct{ w io.Writer }

func (q quietProgress) article() {}
func (q quietProgress) done()    {}
func (q quietProgress) line(s string) {
	fmt.Fprintln(q.w, s)
}

// plainProgress prints a line every so often, for logs: stderr is not a terminal.
type plainProgress struct {
	mu    sync.Mutex
	w     io.Writer
	n     int
	start time.Time
	last  time.Time
	every time.Duration
}

func (p *plainProgress) article() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		fmt.Fprintf(p.w, "whosaid ingest: %d articles done, %.0f articles/s\n", p.n, float64(p.n)/now.Sub(p.start).Seconds())
	}
}

func (p *plainProgress) line(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, s)
}

func (p *plainProgress) done() {}

// barProgress is a progress bar on the terminal: a count and rate, and a bar with the time
// left once the number of articles is known (every input a single-article file).
type barProgress struct {
	bar *progressbar.ProgressBar
	w   io.Writer
}

func newBarProgress(w io.Writer, paths []string) *barProgress {
	bar := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("ingest"),
		progressbar.OptionSetItsString("articles"),
		progressbar.OptionShowIts(),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionFullWidth(),
		progressbar.OptionClearOnFinish(),
	)
	p := &barProgress{bar: bar, w: w}
	go func() {
		if n, ok := countArticles(paths, 1_000_000); ok && n > 0 {
			bar.ChangeMax64(int64(n))
		}
	}()
	return p
}

func (p *barProgress) article() { p.bar.Add(1) }
func (p *barProgress) line(s string) {
	p.bar.Clear()
	progressbar.Bprintln(p.bar, s)
}
func (p *barProgress) done() {
	p.bar.Finish()
	p.bar.Clear()
}

// countArticles counts the articles under paths when every input holds one article (text
// and HTML files); ok is false when some input may hold many (feeds, JSON, WARC, gzip,
// standard input) or when there are more than limit files.
func countArticles(paths []string, limit int) (n int, ok bool) {
	single := map[string]bool{".txt": true, ".text": true, ".html": true, ".htm": true, ".xhtml": true, ".shtml": true}
	many := map[string]bool{".xml": true, ".rss": true, ".atom": true, ".json": true, ".jsonl": true, ".ndjson": true, ".warc": true, ".gz": true}
	for _, p := range paths {
		if p == "-" {
			return 0, false
		}
		fi, err := os.Stat(p)
		if err != nil {
			n++ // it will be one line: not found
			continue
		}
		if !fi.IsDir() {
			n++
			if many[strings.ToLower(filepath.Ext(p))] {
				return 0, false
			}
			continue
		}
		multi := false
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			ext := strings.ToLower(filepath.Ext(q))
			switch {
			case many[ext]:
				multi = true
				return filepath.SkipAll
			case single[ext]:
				n++
				if n > limit {
					return filepath.SkipAll
				}
			}
			return nil
		})
		if err != nil || multi || n > limit {
			return 0, false
		}
	}
	return n, true
}
