// Package quote finds attributed statements: direct quotations, reported speech and mixed
// forms, each with its source mention, its cue (the reporting word) and its content.
//
// It reads a tokenized document (package tokenize) and appends document.Statements whose
// Speaker is still unresolved; package coref maps each source mention to a name. The rules
// encode the conventions of English news writing — "“…,” he said", "X said that …",
// "…, according to X", "X: ‘…’" in headlines, quotations running over paragraphs — and were
// written against hand-checked articles and PolNeAR's annotation guidelines: content spans
// include their quotation marks and a leading "that", but not a sentence's final period.
// A negated or hypothetical cue ("did not confirm", "would not say", "declined to comment")
// yields no statement. Attributions inside a quotation ("I think …") are left to the quote.
package quote

import (
	"github.com/whosaid/whosaid/document"
)

// Extractor finds statements. It holds only read-only tables; one value may be shared by
// goroutines.
type Extractor struct {
	lex *lexicon
	ws  *wordSets
}

// New returns an Extractor.
func New() *Extractor {
	return &Extractor{lex: newLexicon(), ws: newWordSets()}
}

// run holds the per-document state of one extraction.
type run struct {
	*Extractor
	d       *document.Doc
	toks    []document.Token
	quotes  []qspan
	inQuote []int32 // per token: 1 + index into quotes of the top-level quote holding it, or 0
	sentOf  []int32 // per token: its sentence index
	inDate  []bool  // per token: part of a temporal expression
	lower   []string
	buf     []byte
}

// Extract appends the statements of d to d.Statements. d must be tokenized; when d.Dates is
// filled, temporal expressions are skipped when looking for a cue's subject and content, and
// each statement's date is set from the expression attached to its cue.
func (e *Extractor) Extract(d *document.Doc) { e.ExtractWith(d, nil) }

// ExtractWith is Extract with a merge step: after the rules have found their statements, and
// before dates are attached, merge receives them and returns the statements to keep (for
// instance the rules' combined with a trained model's, see package attrib). Statements it
// returns must have content and valid Continues indexes.
func (e *Extractor) ExtractWith(d *document.Doc, merge func(rules []document.Statement) []document.Statement) {
	if len(d.Tokens) == 0 {
		return
	}
	r := &run{Extractor: e, d: d, toks: d.Tokens}
	r.prepare()
	r.cues()
	r.headlineForms()
	r.colonForms()
	r.continuations()
	sortStatements(d)
	if merge != nil {
		d.Statements = merge(d.Statements)
	}
	r.attachDates()
}

func (r *run) prepare() {
	n := len(r.toks)
	r.quotes = findQuotes(r.d, make([]qspan, 0, 16))
	r.inQuote = quoteIndex(r.d, r.quotes)
	r.sentOf = make([]int32, n)
	for s, sent := range r.d.Sentences {
		for i := sent.FirstToken; i < sent.EndToken; i++ {
			r.sentOf[i] = int32(s)
		}
	}
	r.inDate = make([]bool, n)
	if len(r.d.Dates) > 0 {
		k := 0
		for i, t := range r.toks {
			for k < len(r.d.Dates) && r.d.Dates[k].End <= t.Start {
				k++
			}
			if k < len(r.d.Dates) && r.d.Dates[k].Start <= t.Start && t.End <= r.d.Dates[k].End {
				r.inDate[i] = true
			}
		}
	}
	r.lower = make([]string, n)
	for i, t := range r.toks {
		r.lower[i] = r.lowerOf(r.d.Text[t.Start:t.End])
	}
}

// lowerOf returns w in lower case, without allocating when w is already lower case ASCII.
// Typographic apostrophes are folded to ASCII so that "didn’t" and "didn't" look alike.
func (r *run) lowerOf(w string) string {
	plain := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		return w
	}
	b := r.buf[:0]
	for i := 0; i < len(w); {
		c := w[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
			i++
		case c < 0x80:
			b = append(b, c)
			i++
		default:
			rr, size := utf8DecodeString(w[i:])
			if rr == '’' {
				b = append(b, '\'')
			} else {
				b = appendLowerRune(b, rr)
			}
			i += size
		}
	}
	r.buf = b
	return string(b)
}

func (r *run) word(i int) string {
	if i < 0 || i >= len(r.toks) {
		return ""
	}
	return r.lower[i]
}

func (r *run) text(i int) string { return r.d.Text[r.toks[i].Start:r.toks[i].End] }

func (r *run) sent(i int) *document.Sentence { return &r.d.Sentences[r.sentOf[i]] }

func (r *run) span(from, to int) document.Span {
	return document.Span{Start: r.toks[from].Start, End: r.toks[to].End}
}

func (r *run) add(st document.Statement) int {
	st.Continues = -1
	r.d.Statements = append(r.d.Statements, st)
	return len(r.d.Statements) - 1
}
