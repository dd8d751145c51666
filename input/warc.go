package input

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"strings"

	"github.com/nlnwa/gowarc/v3"
)

// warcStream reads the HTML responses of a WARC file (plain or gzip, record by record) as
// articles. Other records — requests, metadata, images, scripts, redirects, errors — are
// passed over. Each record is bounded: gowarc buffers a record in memory up to
// warcMemBytes and spills the rest to a temporary file, and of a payload only MaxBytes+1
// bytes are read, so a WARC of any size is read in constant memory. A record that cannot be
// read is one error naming its number (counting every record from 1, as "#17" in the
// article ID) and its address; reading goes on with the next record where gowarc can find
// one.
type warcStream struct {
	base  Article
	wr    *gowarc.WarcFileReader
	limit int64
	n     int  // records met
	fails int  // errors in a row
	found int  // articles yielded
	done  bool // no more records
	gz    bool // the file is gzip (record by record)
}

// warcMemBytes is how much of one record gowarc holds in memory before spilling to disk.
const warcMemBytes = 4 << 20

// warcMaxFails ends a WARC after this many unreadable records in a row: past that, it is
// no WARC or too damaged to resynchronise.
const warcMaxFails = 5

func newWARCStream(base Article, rd io.Reader, limit int64, gz bool) stream {
	s := &warcStream{base: base, limit: limit, gz: gz}
	wr, err := gowarc.NewWarcFileReaderFromStream(rd, 0,
		gowarc.WithBufferMaxMemBytes(warcMemBytes),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn),
	)
	if err != nil {
		return &failedStream{err: corrupt("WARC", err)}
	}
	s.wr = wr
	return s
}

func (s *warcStream) close() {
	if s.wr != nil {
		s.wr.Close()
		s.wr = nil
	}
}

func (s *warcStream) next() (a *Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.done = true
			a, err = nil, fmt.Errorf("record %d: internal error in the WARC reader: %v", s.n, p)
		}
	}()
	for !s.done {
		rec, err := s.wr.Next()
		if err == io.EOF {
			s.done = true
			if s.n == 0 {
				return nil, &reason{"empty WARC: no records", ErrEmpty}
			}
			break
		}
		s.n++
		if err != nil {
			rec.Close()
			s.fails++
			if s.fails >= warcMaxFails || errors.Is(err, gowarc.ErrNoRecord) ||
				errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				s.done = true
			}
			what := "WARC"
			if s.gz && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrHeader) ||
				errors.Is(err, gzip.ErrChecksum) || strings.Contains(err.Error(), "flate") || strings.Contains(err.Error(), "gzip")) {
				what = "gzip"
			}
			return nil, fmt.Errorf("record %d at byte %d: %w", s.n, rec.Offset, corrupt(what, err))
		}
		s.fails = 0
		a, err := s.record(rec)
		rec.Close()
		if a == nil && err == nil {
			continue
		}
		if a != nil {
			s.found++
		}
		return a, err
	}
	return nil, io.EOF
}

// record reads one WARC record: an article, an error, or neither for a record that is no
// web page.
func (s *warcStream) record(rec gowarc.Record) (*Article, error) {
	wr := rec.WarcRecord
	if wr == nil {
		return nil, nil
	}
	uri := strings.Trim(wr.WarcHeader().Get(gowarc.WarcTargetURI), "<> ")
	name := fmt.Sprintf("record %d (%s)", s.n, uri)
	var clErr *gowarc.ContentLengthError
	for _, v := range rec.Validation {
		if errors.As(v, &clErr) && clErr.Actual < clErr.Expected {
			return nil, fmt.Errorf("%s: %w", name, &reason{fmt.Sprintf("truncated WARC: %d of %d bytes", clErr.Actual, clErr.Expected), ErrMalformed})
		}
	}
	var (
		payload     io.Reader
		contentType string
		hdr         http.Header
	)
	switch wr.Type() {
	case gowarc.Response:
		b, ok := wr.Block().(gowarc.HttpResponseBlock)
		if !ok {
			return nil, nil // a DNS or other non-HTTP response
		}
		if c := b.HttpStatusCode(); c < 200 || c > 299 {
			return nil, nil // redirects and errors are no articles
		}
		if h := b.HttpHeader(); h != nil {
			hdr = *h
			contentType = hdr.Get("Content-Type")
		}
		p, err := b.PayloadBytes()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, corrupt("WARC", err))
		}
		payload = p
	case gowarc.Resource:
		contentType = wr.WarcHeader().Get(gowarc.ContentType)
		p, err := wr.Block().RawBytes()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, corrupt("WARC", err))
		}
		payload = p
	default:
		return nil, nil
	}
	if contentType != "" {
		mt, _, _ := mime.ParseMediaType(contentType)
		if mt != "text/html" && mt != "application/xhtml+xml" {
			return nil, nil
		}
	}
	payload, err := decodePayload(payload, hdr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	buf, err := io.ReadAll(io.LimitReader(payload, s.limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, corrupt("HTTP payload", err))
	}
	if int64(len(buf)) > s.limit {
		return nil, fmt.Errorf("%s: %w", name, tooLarge(-1, s.limit))
	}
	if contentType == "" && sniff(".html", buf[:min(len(buf), sniffLen)]) != kindHTML {
		return nil, nil
	}
	base := s.base
	base.ID = fmt.Sprintf("%s#%d", s.base.ID, s.n)
	base.Name = fmt.Sprintf("%s-%d", s.base.Name, s.n)
	date, _ := wr.Date()
	a, err := extractHTML(base, string(buf), pageHints{url: uri, contentType: contentType, date: date})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// decodePayload undoes the HTTP transfer and content encodings a crawler may have stored
// as sent: chunked, gzip, deflate.
func decodePayload(p io.Reader, hdr http.Header) (io.Reader, error) {
	if hdr == nil {
		return p, nil
	}
	if strings.Contains(strings.ToLower(hdr.Get("Transfer-Encoding")), "chunked") {
		br := bufio.NewReader(p)
		// Some crawlers store the body dechunked but keep the header: only dechunk what
		// looks chunked (a hexadecimal size line first).
		if line, err := br.Peek(min(br.Buffered()+16, 16)); err == nil || len(line) > 0 {
			if looksChunked(line) {
				p = httputil.NewChunkedReader(br)
			} else {
				p = br
			}
		} else {
			p = br
		}
	}
	switch enc := strings.ToLower(strings.TrimSpace(hdr.Get("Content-Encoding"))); enc {
	case "", "identity", "none", "utf-8", "utf8":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(p)
		if err != nil {
			return nil, corrupt("gzip (HTTP Content-Encoding)", err)
		}
		p = zr
	case "deflate":
		p = flate.NewReader(p)
	default:
		return nil, &reason{fmt.Sprintf("HTTP Content-Encoding %q is not supported", enc), ErrUnsupported}
	}
	return p, nil
}

// looksChunked reports whether b begins as a chunked body does: hexadecimal digits, then
// an optional extension, then CRLF.
func looksChunked(b []byte) bool {
	i := 0
	for i < len(b) && strings.IndexByte("0123456789abcdefABCDEF", b[i]) >= 0 {
		i++
	}
	return i > 0 && i < len(b) && (b[i] == '\r' || b[i] == ';' || b[i] == '\n' || b[i] == ' ')
}

// failedStream is a stream that could not start: it yields its error once.
type failedStream struct {
	err  error
	done bool
}

func (f *failedStream) next() (*Article, error) {
	if f.done {
		return nil, io.EOF
	}
	f.done = true
	return nil, f.err
}

func (f *failedStream) close() {}
