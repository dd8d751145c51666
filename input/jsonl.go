package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// A stream yields the articles of a container one record at a time, so that a container of
// any size is read in memory bounded by its largest record. next returns io.EOF after the
// last record, and otherwise an article or the reason one record (or the rest of the
// container) could not be read; the Reader names the input in front of that reason.
type stream interface {
	next() (*Article, error)
	close()
}

// jsonlStream reads JSON Lines: one JSON object a line with the fields text or html, title,
// published, outlet, url, author and id. Each line is bounded by MaxBytes; a bad line is one
// error naming its number, and reading goes on with the next line.
type jsonlStream struct {
	base  Article
	br    *bufio.Reader
	limit int64
	line  int  // number of the line read last
	read  int  // lines that held a record, good or bad
	done  bool // nothing more to read
	gz    bool // rd decompresses gzip
}

func newJSONLStream(base Article, rd io.Reader, limit int64, gz bool) *jsonlStream {
	return &jsonlStream{base: base, br: bufio.NewReaderSize(rd, 64<<10), limit: limit, gz: gz}
}

func (s *jsonlStream) close() { s.br = nil }

// jsonlRecord is one line of JSON Lines.
type jsonlRecord struct {
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
	Title     string          `json:"title"`
	Published string          `json:"published"`
	Outlet    string          `json:"outlet"`
	URL       string          `json:"url"`
	Author    string          `json:"author"`
	ID        json.RawMessage `json:"id"`
}

func (s *jsonlStream) next() (*Article, error) {
	for !s.done {
		line, tooLong, err := readLine(s.br, s.limit)
		if err != nil && err != io.EOF {
			s.done = true
			if s.gz {
				err = corrupt("gzip", err)
			}
			return nil, fmt.Errorf("after line %d: %w", s.line, err)
		}
		if err == io.EOF {
			s.done = true
			if len(line) == 0 && !tooLong {
				if s.read == 0 {
					return nil, &reason{"JSON Lines without a record", ErrEmpty}
				}
				break
			}
		}
		s.line++
		if tooLong {
			s.read++
			return nil, fmt.Errorf("line %d: %w", s.line, tooLarge(-1, s.limit))
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		s.read++
		a, err := s.record(line)
		if err != nil {
			if s.read == 1 {
				// A first line that is no JSON object: this is not JSON Lines at all (a
				// pretty-printed JSON file, say), and one error says so.
				s.done = true
				return nil, &reason{fmt.Sprintf("not JSON Lines: line %d: %v", s.line, err), ErrMalformed}
			}
			return nil, fmt.Errorf("line %d: %w", s.line, err)
		}
		return a, nil
	}
	return nil, io.EOF
}

// record turns one line into an article.
func (s *jsonlStream) record(line []byte) (*Article, error) {
	if !utf8.Valid(line) {
		return nil, &reason{fmt.Sprintf("%v at byte %d of the line", ErrInvalidUTF8, invalidAt(string(line))), ErrInvalidUTF8}
	}
	if line[0] != '{' {
		return nil, &reason{"not a JSON object", ErrMalformed}
	}
	var rec jsonlRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, &reason{fmt.Sprintf("invalid JSON: %v", err), ErrMalformed}
	}
	a := s.base
	a.ID = fmt.Sprintf("%s#%d", s.base.ID, s.line)
	a.Name = fmt.Sprintf("%s-%d", s.base.Name, s.line)
	if id := jsonID(rec.ID); id != "" {
		a.ID = s.base.ID + "#" + id
	}
	var published time.Time
	if strings.TrimSpace(rec.Published) != "" {
		t, ok := parseTime(rec.Published)
		if !ok {
			return nil, &reason{fmt.Sprintf("published: cannot read the date %q", rec.Published), ErrMalformed}
		}
		published = t
	}
	switch {
	case rec.Text != nil && strings.TrimSpace(*rec.Text) != "":
		text, title, err := decodeText(*rec.Text)
		if err != nil {
			return nil, fmt.Errorf("text: %w", err)
		}
		a.Text, a.Title = text, title
		if t := clean(rec.Title); t != "" && t != title {
			// The title becomes the first paragraph, as it is of every article.
			a.Text, a.Title = t+"\n\n"+text, t
		}
	case rec.HTML != nil && strings.TrimSpace(*rec.HTML) != "":
		h, err := extractHTML(a, *rec.HTML, pageHints{url: rec.URL})
		if err != nil {
			return nil, fmt.Errorf("html: %w", err)
		}
		if t := clean(rec.Title); t != "" && t != h.Title {
			h.Title, h.Text = compose(t, splitParagraphs(strings.TrimPrefix(h.Text, h.Title+"\n\n")))
		}
		a = *h
	case rec.Text != nil || rec.HTML != nil:
		return nil, ErrEmpty
	default:
		return nil, &reason{`no "text" or "html" field`, ErrNoText}
	}
	a.URL = first(rec.URL, a.URL)
	a.Outlet = first(clean(rec.Outlet), a.Outlet)
	a.Author = first(clean(rec.Author), a.Author)
	if !published.IsZero() {
		a.Published = published
	}
	return &a, nil
}

// splitParagraphs splits text laid out by compose back into its paragraphs.
func splitParagraphs(text string) []string {
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n\n")
}

// jsonID renders a record's id, string or number.
func jsonID(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return clean(s)
	}
	return clean(string(raw))
}

// readLine reads one line (without its "\n"). A line longer than limit is skipped to its end
// and reported as tooLong, so that memory stays bounded. At the end of the input it returns
// the last line, if any, with io.EOF.
func readLine(br *bufio.Reader, limit int64) (line []byte, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(frag)) > limit+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil:
			return bytes.TrimSuffix(line, []byte("\n")), tooLong, nil
		default:
			return line, tooLong, err
		}
	}
}
