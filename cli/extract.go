package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/output"
)

// writer is what every output format implements.
type writer interface {
	Write(d *document.Doc) error
	Close() error
}

func runExtract(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "text", "output format: text, json, jsonl or brat")
	outDir := fs.String("out", "", "folder for --format brat: one NAME.ann (and NAME.txt) per input")
	inFlags := addInputFlags(fs)
	model := addModelFlag(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed in parallel")
	stats := fs.Bool("stats", false, "print throughput and peak memory to stderr at the end")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to `FILE` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a profile of every allocation of the run to `FILE` (for go tool pprof -sample_index=alloc_space)")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: whosaid extract [options] FILE|FOLDER|- ...\n\n"+
			"Reads articles (text, HTML, RSS/Atom/JSON feeds, WARC, JSON Lines, any gzipped; folders\n"+
			"recursively; '-' is standard input) and prints their attributed statements, entities\n"+
			"and dates. A bad input is reported with the reason; the others are still processed.\n\nOptions:\n")
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
	var w writer
	switch *format {
	case "text":
		w = funcWriter(func(d *document.Doc) error { return output.WriteText(env.Stdout, d) })
	case "json":
		w = output.NewJSONWriter(env.Stdout)
	case "jsonl":
		w = output.NewJSONLWriter(env.Stdout)
	case "brat":
		if *outDir == "" {
			fmt.Fprintln(env.Stderr, "whosaid: --format brat needs --out DIR")
			return 2
		}
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: --out: %v\n", err)
			return 1
		}
		w = &bratWriter{dir: *outDir, used: map[string]bool{}}
	default:
		fmt.Fprintf(env.Stderr, "whosaid: --format %q: want text, json, jsonl or brat\n", *format)
		return 2
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
	if *memProfile != "" {
		// Sampled every 4 KB rather than every 512 KB, so that the garbage of each stage
		// per article (a few KB) shows; set before the models load, which it also shows.
		runtime.MemProfileRate = 4096
		defer func() {
			if err := writeAllocs(*memProfile); err != nil {
				fmt.Fprintf(env.Stderr, "whosaid: --memprofile: %v\n", err)
			}
		}()
	}
	st := runStats{start: time.Now()}
	an, err := model.analyzer()
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 2
	}
	st.loaded = time.Now()
	failed := false
	// Every writer is done with a document when Write returns (JSONWriter keeps its
	// Convert, which shares only the immutable text), so documents are recycled.
	err = process(ctx, input.Open(paths, opt), an, &docPool{}, *workers, func(d *document.Doc, err error) error {
		if err != nil {
			failed = true
			st.failed++
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return nil
		}
		st.articles++
		st.bytes += int64(len(d.Text))
		st.statements += len(d.Statements)
		if werr := w.Write(d); werr != nil {
			return werr
		}
		return nil
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	if *stats {
		st.print(env.Stderr)
	}
	if failed {
		return 1
	}
	return 0
}

// writeAllocs writes the allocations profile to path. The profile holds what the last
// completed garbage collection published, and a short run may have had none since its models
// loaded, so it collects first.
func writeAllocs(path string) error {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

type funcWriter func(d *document.Doc) error

func (f funcWriter) Write(d *document.Doc) error { return f(d) }
func (f funcWriter) Close() error                { return nil }

// bratWriter writes DIR/NAME.ann and DIR/NAME.txt for each document. Two inputs with the same
// NAME (a/x.txt and b/x.txt) get x.ann and x-2.ann.
type bratWriter struct {
	dir  string
	used map[string]bool
}

func (b *bratWriter) Write(d *document.Doc) error {
	base := d.Name
	if base == "" {
		base = "article"
	}
	name := base
	for n := 2; b.used[name]; n++ {
		name = fmt.Sprintf("%s-%d", base, n)
	}
	b.used[name] = true
	path := filepath.Join(b.dir, name)
	if err := os.WriteFile(path+".txt", []byte(d.Text), 0o644); err != nil {
		return err
	}
	f, err := os.Create(path + ".ann")
	if err != nil {
		return err
	}
	if err := output.WriteBrat(f, d); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path+".ann", err)
	}
	return f.Close()
}

func (b *bratWriter) Close() error { return nil }

// docPool recycles the documents of a run whose output is done with each document once it
// is emitted (extract's writers are; ingest keeps what it stores): a document's token,
// sentence and paragraph arrays, the largest allocation per article, then serve the
// articles after it (document.Doc.Reset). A nil *docPool recycles nothing.
type docPool struct {
	pool sync.Pool // *document.Doc
}

// maxRecycledTokens bounds the documents kept for reuse, so that one huge article does not
// pin its arrays for the rest of the run.
const maxRecycledTokens = 1 << 16

// newDoc turns an article as read into a document to analyse.
func (p *docPool) newDoc(a *input.Article) *document.Doc {
	var d *document.Doc
	if p != nil {
		d, _ = p.pool.Get().(*document.Doc)
	}
	if d == nil {
		d = &document.Doc{}
	}
	d.ID, d.Name, d.Title, d.URL, d.Outlet = a.ID, a.Name, a.Title, a.URL, a.Outlet
	d.Published, d.Text = a.Published, a.Text
	return d
}

// recycle takes back d, which nothing uses any more.
func (p *docPool) recycle(d *document.Doc) {
	if p == nil || d == nil || cap(d.Tokens) > maxRecycledTokens {
		return
	}
	d.Reset()
	p.pool.Put(d)
}

// runStats are the figures --stats prints.
type runStats struct {
	start      time.Time // before the models are loaded
	loaded     time.Time // after
	articles   int
	failed     int
	bytes      int64
	statements int
}

func (s runStats) print(w io.Writer) {
	el := time.Since(s.start).Seconds()
	if el <= 0 {
		el = 1e-9
	}
	var b strings.Builder
	fmt.Fprintf(&b, "articles %d (failed %d), statements %d, %.1f MB in %.3f s: %.0f articles/s, %.2f MB/s",
		s.articles, s.failed, s.statements, float64(s.bytes)/1e6, el, float64(s.articles)/el, float64(s.bytes)/1e6/el)
	if rss := peakRSS(); rss > 0 {
		fmt.Fprintf(&b, ", peak RSS %.1f MB", float64(rss)/1e6)
	}
	// The models' loading is paid once per run, whatever its length: the rate without it is
	// what a long run approaches, and what peers that time their analysis alone report.
	if !s.loaded.IsZero() {
		load := s.loaded.Sub(s.start).Seconds()
		fmt.Fprintf(&b, "; models loaded in %.3f s, %.0f articles/s after", load, float64(s.articles)/max(el-load, 1e-9))
	}
	fmt.Fprintln(w, b.String())
}
