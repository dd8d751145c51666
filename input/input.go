// Package input reads the articles named on the command line: files, folders of files and
// standard input, in plain text, HTML, RSS/Atom/JSON feeds, WARC web archives and JSON Lines,
// any of them gzip-compressed.
//
// It is shaped by two facts about its inputs. First, there may be very many of them — a
// folder of a million articles is an ordinary corpus, a crawl is a WARC of a gigabyte — so a
// Reader yields one article at a time, walks folders lazily (holding only the listing of the
// folders on the current path, never the whole tree) and reads a file only when its article
// is asked for. Second, bad input is normal input: a corpus always holds an empty file, a
// stray binary, a file in the wrong encoding, a truncated download. Such an input (or record
// of a container) yields one *Error that names it and says what is wrong, and reading goes
// on with the next one, so one bad file never costs the rest of the run.
//
// Reading is split in two: the Reader finds inputs and reads their first bytes, and a format
// turns an input into articles. The format is chosen per input by sniff, from the content
// first (gzip magic, "WARC/1.", an HTML doctype or <html>, an XML root rss, feed or rdf:RDF,
// a JSON object with a jsonfeed.org version, other JSON objects as JSON Lines) and from the
// extension only where the content leaves it open. Single-article formats and feeds are read
// whole, bounded by Options.MaxBytes; WARC and JSON Lines are streams, read record by record
// with each record bounded by MaxBytes, so a container of any size is read in constant
// memory. gzip is seen through for every format (a .warc.gz member by member).
//
// Every format lays its article out as plain text is laid out — the title as the first
// paragraph, paragraphs separated by blank lines — so that the analysis reads all alike.
//
// The libraries, and why:
//   - github.com/markusmobius/go-trafilatura extracts the main text and metadata of web
//     pages: a line-by-line port of trafilatura, the best open-source extractor on the
//     Scrapinghub article-extraction benchmark, it is pure Go and several times faster than
//     the Python original. Its content tree, not its plain text (which runs paragraphs
//     together), gives the paragraphs. Its date is only a day, so the page's own metadata
//     (article:published_time, JSON-LD datePublished, …) is read here for the time of day.
//   - codeberg.org/readeck/go-readability/v2, the maintained port of Mozilla's Readability,
//     is trafilatura's fallback candidate (replacing the older go-shiori readability and DOM
//     Distiller it would otherwise run, slower and no better on the benchmark) and takes over
//     when trafilatura finds nothing.
//   - github.com/mmcdole/gofeed reads RSS 0.9–2.0, Atom and JSON Feed into one item type, and
//     parses what it is given without fetching anything.
//   - github.com/nlnwa/gowarc/v3 reads WARC 1.0 and 1.1 record by record, handles per-record
//     gzip and resynchronises after a damaged record, and buffers a large record on disk
//     rather than in memory.
package input

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultMaxBytes is the size limit used when Options.MaxBytes is zero. It is far above any
// news article and low enough that a stray video or database dump is refused, not loaded.
const DefaultMaxBytes = 16 << 20

// Article is one article as read, before analysis.
type Article struct {
	ID        string    // unique within a run: the path ("-" for standard input); later formats append a record number ("crawl.warc.gz#17")
	Name      string    // the file name without directory and extension ("stdin" for "-"), for per-article output files such as NAME.ann
	Source    string    // where it came from, for messages: the path as given, or "-"
	Title     string    // for plain text: the first paragraph (the headline) with whitespace runs collapsed to one space
	URL       string    // canonical address, when the format carries one
	Outlet    string    // publishing outlet, when known
	Author    string    // byline, when the format carries one
	Published time.Time // zero when unknown; keeps the time of day when the input gives one
	Text      string    // plain text: exactly as read (only a leading UTF-8 BOM is removed); other formats: the extracted text, title first, paragraphs separated by blank lines. Analysis offsets point into it
}

// Error is the failure to read one input; reading goes on with the next one.
type Error struct {
	Source string // the input, as in Article.Source
	Err    error  // the reason, without the input's name
}

// Error returns "SOURCE: reason", which reads well after the program's name.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Source + ": unknown error"
	}
	return e.Source + ": " + e.Err.Error()
}

// Unwrap returns the reason, so errors.Is(err, ErrEmpty) or errors.Is(err, fs.ErrNotExist)
// can classify the failure.
func (e *Error) Unwrap() error { return e.Err }

// Reasons an input is refused. They are wrapped in an *Error naming the input; some carry
// detail, such as the offset of the invalid byte, so compare them with errors.Is.
var (
	ErrEmpty       = errors.New("empty")
	ErrBinary      = errors.New("binary data, not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrTooLarge    = errors.New("too large")
	ErrNoWords     = errors.New("no words: only punctuation and symbols")
	ErrNoTextFiles = errors.New("no article files found (.txt, .html, .xml, .json, .jsonl, .warc, or these .gz)")
	ErrNotRegular  = errors.New("not a regular file or folder")
	ErrMalformed   = errors.New("malformed") // corrupt gzip, truncated WARC, XML or JSON that does not parse
	ErrNoText      = errors.New("no article text found")
	ErrUnsupported = errors.New("unsupported format")
)

// reason is a refusal with a message of its own that still matches its kind under errors.Is.
type reason struct {
	msg  string
	kind error
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.kind }

// tooLarge is the refusal of an input of size bytes (negative when unknown, as for a
// stream, of which only the first limit+1 bytes are read).
func tooLarge(size, limit int64) error {
	if size < 0 {
		return &reason{fmt.Sprintf("larger than the limit of %d bytes", limit), ErrTooLarge}
	}
	return &reason{fmt.Sprintf("%d bytes exceeds the limit of %d bytes", size, limit), ErrTooLarge}
}

// Reader yields articles one at a time. Next returns io.EOF when all inputs are done, and an
// *Error for an input that could not be read — after which Next may be called again for the
// rest.
type Reader interface {
	Next() (*Article, error)
}

// Options control reading.
type Options struct {
	Stdin     io.Reader // read for the argument "-"; nil means os.Stdin
	MaxBytes  int64     // an input larger than this is refused; 0 (or less) means DefaultMaxBytes
	Published time.Time // applied to every article that does not carry its own date
	Outlet    string    // likewise
}

// Open returns a Reader over the paths: files, folders (every article file below them,
// recursively, in lexical order; hidden files and folders skipped) and "-" for standard
// input. Nothing is read until Next.
//
// A file named explicitly is read whatever its name, hidden or not: the user asked for it.
// Inside folders only names with the extension of a format read here are read — .txt, .text,
// .html, .htm, .xhtml, .shtml, .xml, .rss, .atom, .json, .jsonl, .ndjson, .warc, each also
// with .gz after it, in any letter case — so that notes, images, style sheets and output
// files living beside a corpus are passed over. Symbolic links to files
// are followed; symbolic links to folders are not, so a walk cannot loop.
//
// The Reader is not safe for concurrent use.
func Open(paths []string, opt Options) Reader {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.Stdin == nil {
		opt.Stdin = os.Stdin
	}
	return &reader{opt: opt, paths: slices.Clone(paths)}
}

// reader implements Reader. Work is driven by Next: each call advances the current folder
// walk or takes the next argument until some input has produced a result.
type reader struct {
	opt   Options
	paths []string // arguments not yet started
	walk  *walk    // the folder being walked, if any

	// queue holds the results of the input read last: one for a single-article format,
	// one per item for a feed.
	queue []result
	qi    int

	// stream is the container being read record by record (WARC, JSONL), if any; it
	// holds its input open until its last record.
	stream    stream
	streamSrc string
	streamC   io.Closer // closed with the stream; nil for standard input

	buf  []byte // copy buffer, reused across inputs
	head []byte // the buffer of read's first bytes, reused across inputs (see read)
}

type result struct {
	a   *Article
	err error
}

// walk is the lazy, depth-first walk of one folder argument. Only the listings of the
// folders from the root down to the current one are held, and of those only the entries
// that will be visited.
type walk struct {
	root  string
	found int // .txt files met, readable or not
	stack []frame
}

type frame struct {
	path    string
	entries []entry // sorted by name
	next    int
}

type entryKind uint8

const (
	kindDir entryKind = iota
	kindFile
	kindLink // a symbolic link, resolved when visited
)

type entry struct {
	name string
	kind entryKind
}

// Next returns the next article, an *Error for an input that could not be read, or io.EOF.
func (r *reader) Next() (*Article, error) {
	for {
		if r.qi < len(r.queue) {
			res := r.queue[r.qi]
			r.queue[r.qi] = result{}
			r.qi++
			if r.qi == len(r.queue) {
				r.queue, r.qi = r.queue[:0], 0
			}
			return res.a, res.err
		}
		if r.stream != nil {
			a, err := r.stream.next()
			switch {
			case err == io.EOF:
				r.stream.close()
				if r.streamC != nil {
					r.streamC.Close()
				}
				r.stream, r.streamC = nil, nil
			case err != nil:
				r.fail(r.streamSrc, err)
			default:
				r.deliver(a)
			}
			continue
		}
		if r.walk != nil {
			r.step()
			continue
		}
		if len(r.paths) == 0 {
			return nil, io.EOF
		}
		p := r.paths[0]
		r.paths = r.paths[1:]
		r.start(p)
	}
}

// fail queues the failure to read src, dropping the *fs.PathError wrapper when it names src
// again, so that messages read "notes/a.txt: permission denied", not
// "notes/a.txt: open notes/a.txt: permission denied".
func (r *reader) fail(src string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == src {
		err = pe.Err
	}
	r.queue = append(r.queue, result{err: &Error{Source: src, Err: err}})
}

// start begins reading one command-line argument.
func (r *reader) start(p string) {
	if p == "-" {
		r.read("-", "stdin", r.opt.Stdin, -1, nil)
		return
	}
	fi, err := os.Stat(p)
	if err != nil {
		r.fail(p, err)
		return
	}
	switch mode := fi.Mode(); {
	case mode.IsDir():
		entries, err := list(p)
		if err != nil {
			r.fail(p, err)
			return
		}
		r.walk = &walk{root: p, stack: []frame{{path: p, entries: entries}}}
	case mode.IsRegular():
		r.readFile(p)
	case mode&fs.ModeNamedPipe != 0:
		// A pipe is a stream, as from the shell's <(command): read it up to the limit.
		f, err := os.Open(p)
		if err != nil {
			r.fail(p, err)
			return
		}
		r.read(p, name(p), f, -1, f)
	default:
		r.fail(p, &reason{fmt.Sprintf("%v (%s)", ErrNotRegular, modeName(mode)), ErrNotRegular})
	}
}

// modeName names the type of a file that is neither a regular file nor a folder.
func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeIrregular != 0:
		return "irregular file"
	}
	return "mode " + m.String()
}

// step visits the next entry of the current walk.
func (r *reader) step() {
	w := r.walk
	top := &w.stack[len(w.stack)-1]
	if top.next == len(top.entries) {
		w.stack = w.stack[:len(w.stack)-1]
		if len(w.stack) == 0 {
			r.walk = nil
			if w.found == 0 {
				r.fail(w.root, ErrNoTextFiles)
			}
		}
		return
	}
	e := top.entries[top.next]
	top.entries[top.next] = entry{} // let the name go
	top.next++
	p := filepath.Join(top.path, e.name)
	switch e.kind {
	case kindDir:
		entries, err := list(p)
		if err != nil {
			r.fail(p, err)
			return
		}
		if len(entries) > 0 {
			w.stack = append(w.stack, frame{path: p, entries: entries})
		}
	case kindLink:
		fi, err := os.Stat(p)
		switch {
		case err != nil: // a dangling link named .txt: the user will want to know
			w.found++
			r.fail(p, err)
		case fi.Mode().IsRegular():
			w.found++
			r.readFile(p)
		}
		// Links to folders are not followed, so a walk cannot loop; links to anything
		// else are not articles.
	default:
		w.found++
		r.readFile(p)
	}
}

// walked reports whether a folder walk reads the file called name: one with the extension of
// a format read here (walkedExt), also when compressed (".gz" after it), in any letter case.
func walked(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".gz" {
		ext = strings.ToLower(filepath.Ext(strings.TrimSuffix(name, filepath.Ext(name))))
	}
	return walkedExt[ext]
}

// walkedExt lists the extensions a folder walk reads. Anything else beside a corpus — notes,
// images, scripts, style sheets, ARC files, brat annotations — is passed over.
var walkedExt = map[string]bool{
	".txt": true, ".text": true,
	".html": true, ".htm": true, ".xhtml": true, ".shtml": true,
	".xml": true, ".rss": true, ".atom": true, ".json": true,
	".jsonl": true, ".ndjson": true,
	".warc": true,
}

// list returns the entries of folder dir that a walk visits, sorted by name. It reads the
// folder in batches and keeps only what it will visit, so a folder that also holds many
// other files costs little.
func list(dir string) ([]entry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []entry
	for {
		batch, err := f.ReadDir(1024)
		for _, d := range batch {
			n := d.Name()
			if strings.HasPrefix(n, ".") {
				continue
			}
			switch t := d.Type(); {
			case t.IsDir():
				entries = append(entries, entry{n, kindDir})
			case !walked(n):
			case t.IsRegular():
				entries = append(entries, entry{n, kindFile})
			case t&fs.ModeSymlink != 0:
				entries = append(entries, entry{n, kindLink})
			}
			// Pipes, sockets and devices inside a folder are skipped: opening a pipe
			// could block the run.
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: dir, Err: unwrapPath(err)}
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return entries, nil
}

// unwrapPath returns the cause inside a *fs.PathError.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// readFile reads the regular file p. It is refused from its size once its first bytes show
// it is not a container read record by record (WARC, JSONL), before the rest is read.
func (r *reader) readFile(p string) {
	f, err := openRegular(p)
	if err != nil {
		r.fail(p, err)
		return
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		r.fail(p, err)
		return
	}
	r.read(p, name(p), f, fi.Size(), f)
}

// read reads one input from rd, of size bytes (-1 if unknown), and closes c (if not nil)
// when done with it. It looks at the first bytes to choose the format (and to see through
// gzip); a container read record by record becomes the current stream, which keeps c open;
// any other input is read whole — never more than MaxBytes+1 bytes, even from a stream or a
// file that grew since its size was taken — and decoded at once.
func (r *reader) read(src, nm string, rd io.Reader, size int64, c io.Closer) {
	keep := false
	if c != nil {
		defer func() {
			if !keep {
				c.Close()
			}
		}()
	}
	limit := r.opt.MaxBytes
	want := min(sniffLen, limit+1)
	if size >= 0 && size < want {
		// A small file is read whole here: one byte more than its size, so that the read
		// sees its end and the content need not be read again.
		want = size + 1
	}
	// The head is read into a buffer kept for the next input (the article's text is a
	// copy of its own), but for a container read record by record, whose stream reads it
	// after read returns and which is then given it.
	head, err := readHead(rd, r.head, want)
	r.head = head
	defer func() {
		if keep {
			r.head = nil
		}
	}()
	if err != nil {
		r.fail(src, err)
		return
	}
	ended := int64(len(head)) < want // rd is at its end: head is the whole input
	raw := io.MultiReader(bytes.NewReader(head), rd)
	body, ext, dhead, gz := raw, strings.ToLower(filepath.Ext(src)), head, false
	if isGzip(head) {
		// The format is told from what the head decompresses to; the input itself is
		// decompressed afresh, as gowarc wants a WARC's raw bytes.
		gz = true
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err == nil {
			dhead, err = readHead(zr, nil, min(sniffLen, limit+1))
			if err == io.ErrUnexpectedEOF || len(dhead) > 0 {
				err = nil // the head ends inside the compressed data
			}
		}
		if err != nil {
			r.fail(src, corrupt("gzip", err))
			return
		}
		if ext == ".gz" {
			ext = strings.ToLower(filepath.Ext(strings.TrimSuffix(src, filepath.Ext(src))))
		}
	}
	base := Article{ID: src, Name: nm, Source: src}
	k := sniff(ext, dhead)
	switch k {
	case kindWARC:
		// gowarc reads gzip itself, member by member, so that one corrupt record does
		// not cost the ones after it.
		r.stream, r.streamSrc, r.streamC, keep = newWARCStream(base, raw, limit, gz), src, c, true
		return
	case kindARC:
		r.fail(src, &reason{"ARC web archive: only WARC is read; convert it to WARC", ErrUnsupported})
		return
	}
	if gz {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			r.fail(src, corrupt("gzip", err))
			return
		}
		body = zr
	}
	if k == kindJSONL {
		r.stream, r.streamSrc, r.streamC, keep = newJSONLStream(base, body, limit, gz), src, c, true
		return
	}
	if !gz && size > limit {
		r.fail(src, tooLarge(size, limit))
		return
	}
	var content string
	if ended && !gz {
		content = string(head)
	} else {
		content, err = r.readAll(body, size)
	}
	if err != nil {
		if gz {
			err = corrupt("gzip", err)
		}
		r.fail(src, err)
		return
	}
	if int64(len(content)) > limit {
		r.fail(src, tooLarge(-1, limit))
		return
	}
	formats[k](base, content, func(a *Article, err error) {
		if err != nil {
			r.fail(src, err)
			return
		}
		r.deliver(a)
	})
}

// readAll reads rd to its end or to MaxBytes+1 bytes, whichever comes first.
func (r *reader) readAll(rd io.Reader, size int64) (string, error) {
	var sb strings.Builder
	if size >= 0 && size <= r.opt.MaxBytes {
		sb.Grow(int(size) + 1) // room for the read that sees EOF, so the buffer never grows
	}
	if r.buf == nil {
		r.buf = make([]byte, 32<<10)
	}
	_, err := io.CopyBuffer(&sb, io.LimitReader(rd, r.opt.MaxBytes+1), r.buf)
	return sb.String(), err
}

// deliver queues an article, applying the Options defaults.
func (r *reader) deliver(a *Article) {
	if a.Published.IsZero() {
		a.Published = r.opt.Published
	}
	if a.Outlet == "" {
		a.Outlet = r.opt.Outlet
	}
	r.queue = append(r.queue, result{a: a})
}

// readHead reads up to n bytes from rd, fewer only at its end, into buf's array when it is
// large enough.
func readHead(rd io.Reader, buf []byte, n int64) ([]byte, error) {
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	k, err := io.ReadFull(rd, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return buf[:k], err
}

// corrupt is the refusal of data of the named kind that does not decode.
func corrupt(what string, err error) error {
	return &reason{fmt.Sprintf("corrupt %s data: %v", what, err), ErrMalformed}
}

// name derives Article.Name from a path: the base name without its extension (and without
// ".gz" before that: "page.html.gz" is "page"), or the whole base name when that would leave
// nothing (".txt").
func name(p string) string {
	base := filepath.Base(p)
	if strings.EqualFold(filepath.Ext(base), ".gz") {
		if n := strings.TrimSuffix(base, filepath.Ext(base)); n != "" && filepath.Ext(n) != "" {
			base = n
		}
	}
	if n := strings.TrimSuffix(base, filepath.Ext(base)); n != "" {
		return n
	}
	return base
}
