// Package output writes analysed documents: JSON (the schema documented in README.md),
// JSON Lines, brat standoff (PolNeAR's format) and a plain-text view for the terminal.
//
// Inside whosaid every offset is a byte offset; here, at the edge, offsets become Unicode code
// points, end exclusive, the convention of brat and PolNeAR, so that any consumer in any
// language can slice the "text" field with them.
package output

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/whosaid/whosaid/document"
)

// Article is the JSON form of an analysed document.
type Article struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Published  *string     `json:"published"`
	Outlet     *string     `json:"outlet"`
	URL        *string     `json:"url"`
	Text       string      `json:"text"`
	Statements []Statement `json:"statements"`
	Entities   []Entity    `json:"entities"`
	Dates      []Date      `json:"dates"`
}

// Statement is the JSON form of a statement.
type Statement struct {
	Kind    string   `json:"kind"`
	Speaker Speaker  `json:"speaker"`
	Source  *Mention `json:"source"`
	Cue     *Mention `json:"cue"`
	Content Content  `json:"content"`
	Date    *string  `json:"date"`
	// About lists the entities that the content mentions, in order, each once, the speaker
	// left out.
	About []EntityRef `json:"about"`
	// Continues is the index, in this article's statements, of the statement whose speaker a
	// continued quotation inherits.
	Continues *int `json:"continues,omitempty"`
	// Rule names the rule that found the statement: the explanation of why it is here.
	Rule string `json:"rule"`
}

// Speaker is the resolved speaker; Name is null when the text names none.
type Speaker struct {
	Name *string `json:"name"`
	Type string  `json:"type"`
}

// EntityRef names one of the article's entities.
type EntityRef struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Mention is a span of text with its code point offsets.
type Mention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Content is what was said: its text and its spans (more than one when discontinuous; the
// text joins them with a space).
type Content struct {
	Text  string   `json:"text"`
	Spans [][2]int `json:"spans"`
}

// Entity is a named entity with all its mentions.
type Entity struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Mentions [][2]int `json:"mentions"`
}

// Date is a temporal expression.
type Date struct {
	Text  string `json:"text"`
	Value string `json:"value"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Convert builds the JSON form of d.
func Convert(d *document.Doc) *Article {
	a := &Article{
		ID:         d.ID,
		Title:      d.Title,
		Outlet:     strPtr(d.Outlet),
		URL:        strPtr(d.URL),
		Text:       d.Text,
		Statements: make([]Statement, 0, len(d.Statements)),
		Entities:   make([]Entity, 0, len(d.Entities)),
		Dates:      make([]Date, 0, len(d.Dates)),
	}
	if !d.Published.IsZero() {
		a.Published = strPtr(d.Published.Format("2006-01-02"))
	}
	mention := func(sp document.Span) *Mention {
		if sp.Empty() {
			return nil
		}
		return &Mention{Text: d.Slice(sp), Start: d.Runes(sp.Start), End: d.Runes(sp.End)}
	}
	for _, st := range d.Statements {
		js := Statement{
			Kind:    string(st.Kind),
			Speaker: Speaker{Name: strPtr(st.Speaker.Name), Type: string(st.Speaker.Type)},
			Source:  mention(st.Source),
			Cue:     mention(st.Cue),
			Date:    strPtr(st.Date),
			About:   make([]EntityRef, 0, len(st.About)),
			Rule:    st.Rule,
		}
		for _, e := range st.About {
			if e >= 0 && e < len(d.Entities) {
				js.About = append(js.About, EntityRef{Name: d.Entities[e].Name, Type: string(d.Entities[e].Type)})
			}
		}
		if js.Speaker.Type == "" {
			js.Speaker.Type = string(document.Unknown)
		}
		if st.Continues >= 0 {
			c := st.Continues
			js.Continues = &c
		}
		parts := make([]string, 0, len(st.Content))
		for _, sp := range st.Content {
			parts = append(parts, d.Slice(sp))
			js.Content.Spans = append(js.Content.Spans, [2]int{d.Runes(sp.Start), d.Runes(sp.End)})
		}
		js.Content.Text = strings.Join(parts, " ")
		a.Statements = append(a.Statements, js)
	}
	for _, e := range d.Entities {
		je := Entity{Name: e.Name, Type: string(e.Type), Mentions: make([][2]int, 0, len(e.Mentions))}
		for _, m := range e.Mentions {
			je.Mentions = append(je.Mentions, [2]int{d.Runes(m.Start), d.Runes(m.End)})
		}
		a.Entities = append(a.Entities, je)
	}
	for _, t := range d.Dates {
		a.Dates = append(a.Dates, Date{Text: d.Slice(t.Span), Value: t.Value, Type: t.Type, Start: d.Runes(t.Start), End: d.Runes(t.End)})
	}
	return a
}

// JSONWriter writes documents as JSON: one object when the run has one document, an array
// when it has several. It holds the first document back until it knows which.
type JSONWriter struct {
	w       io.Writer
	first   *Article
	n       int
	encoder *json.Encoder
}

// NewJSONWriter returns a JSONWriter on w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return &JSONWriter{w: w, encoder: enc}
}

// Write adds a document.
func (j *JSONWriter) Write(d *document.Doc) error {
	a := Convert(d)
	j.n++
	switch j.n {
	case 1:
		j.first = a
		return nil
	case 2:
		if _, err := io.WriteString(j.w, "[\n"); err != nil {
			return err
		}
		if err := j.encoder.Encode(j.first); err != nil {
			return err
		}
		j.first = nil
	}
	if _, err := io.WriteString(j.w, ","); err != nil {
		return err
	}
	return j.encoder.Encode(a)
}

// Close finishes the output: the held-back single object, or the array's end. With no
// document at all it writes an empty array.
func (j *JSONWriter) Close() error {
	switch {
	case j.n == 0:
		_, err := io.WriteString(j.w, "[]\n")
		return err
	case j.n == 1:
		return j.encoder.Encode(j.first)
	}
	_, err := io.WriteString(j.w, "]\n")
	return err
}

// JSONLWriter writes one compact JSON object per line: the object encoding/json writes for
// Convert(d), HTML escaping off, built directly from the document (appendArticle).
type JSONLWriter struct {
	w   io.Writer
	buf []byte
	esc textEscapes // scratch of appendArticle
}

// NewJSONLWriter returns a JSONLWriter on w.
func NewJSONLWriter(w io.Writer) *JSONLWriter { return &JSONLWriter{w: w} }

// maxKeptBuf bounds the line buffer a JSONLWriter keeps between documents, so that one huge
// article does not pin its memory for the rest of the run.
const maxKeptBuf = 1 << 20

// Write adds a document, in one Write call to the underlying writer.
func (j *JSONLWriter) Write(d *document.Doc) error {
	b := append(appendArticle(j.buf[:0], d, &j.esc), '\n')
	j.esc.text = "" // let the article's text go
	_, err := j.w.Write(b)
	if cap(b) <= maxKeptBuf {
		j.buf = b
	}
	return err
}

// Close does nothing: every line is complete when written.
func (j *JSONLWriter) Close() error { return nil }
