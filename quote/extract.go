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
	"slices"
	"sort"
	"sync"

	"github.com/whosaid/whosaid/document"
)

// Extractor finds statements. It holds only read-only tables and a pool of scratch space;
// one value may be shared by goroutines.
type Extractor struct {
	table    *wordTable
	cueClass map[string]uint8 // for CueClass
	pool     sync.Pool        // *run, so that a busy pipeline does not allocate per-token slices per article
}

// New returns an Extractor.
func New() *Extractor {
	lex := newLexicon()
	return &Extractor{table: newWordTable(lex), cueClass: cueClasses(lex)}
}

// run holds the per-document state of one extraction.
type run struct {
	*Extractor
	d                *document.Doc
	toks             []document.Token
	quotes           []qspan
	inQuote          []int32  // per token: 1 + index into quotes of the top-level quote holding it, or 0
	sentOf           []int32  // per token: its sentence index
	inDate           []bool   // per token: part of a temporal expression
	ids              []uint16 // per token: the wordTable entry id of its lower-case form
	cueCands         []int32  // the words, in order, that are a cue's forms or "according" (see listCueCands)
	quoteToks        []int32  // the quotation marks (tokens of kind Quote), in order (see markTokens)
	paraEnds         []int32  // the end (exclusive) of each run of tokens of one paragraph, in order
	lowText          string   // the lower-case forms of the tokens (see lowerTokens)
	lowStart, lowEnd []int32  // per token: where its lower-case form lies in lowText
	buf              []byte
	order, pos       []int32              // scratch of sortStatements
	sorted           []document.Statement // the sorted statements given to ExtractWith's merge step
	stmts            []document.Statement // the statements as the rules find them, before sortStatements
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
	r, _ := e.pool.Get().(*run)
	if r == nil {
		r = &run{Extractor: e}
	}
	r.d, r.toks = d, d.Tokens
	// The rules append to a slice of r's until sortStatements gives the document its own.
	d.Statements = append(r.stmts[:0], d.Statements...)
	r.prepare()
	r.cues()
	r.headlineForms()
	r.dashForms()
	r.colonForms()
	r.continuations()
	if merge == nil {
		r.stmts = r.sortStatements(nil)
	} else {
		// The merge step returns statements of its own, mostly: the rules' sorted ones
		// are then scratch too, and the document keeps them only if merge returns them.
		r.stmts = r.sortStatements(grow(r.sorted, len(d.Statements)))
		r.sorted = d.Statements
		d.Quoted = r.inQuote
		d.Statements = merge(d.Statements)
		d.Quoted = nil
		if sameArray(d.Statements, r.sorted) {
			d.Statements = slices.Clone(d.Statements)
		}
		clear(r.sorted)
	}
	r.attachDates()
	clear(r.stmts) // let the article's statements go
	r.d, r.toks, r.lowText, r.stmts = nil, nil, "", r.stmts[:0]
	if len(r.ids) <= 1<<16 { // do not keep giant buffers alive after one huge input
		e.pool.Put(r)
	}
}

// sameArray reports whether a and b are slices of one array: whether their arrays end at
// the same element.
func sameArray[T any](a, b []T) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// grow returns s with length n, reusing its array when it is large enough. The caller sets
// every element.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func (r *run) prepare() {
	n := len(r.toks)
	r.lowerTokens()
	r.listCueCands()
	r.markTokens()
	r.quotes = findQuotesIn(r.d, r.quotes[:0], r.quoteToks, r.paraEnds)
	r.inQuote = quoteIndexInto(r.d, r.quotes, grow(r.inQuote, n))
	r.sentOf = grow(r.sentOf, n)
	clear(r.sentOf) // tokens outside every sentence (a document tokenized by hand) count as the first's
	for s, sent := range r.d.Sentences {
		for i := sent.FirstToken; i < sent.EndToken; i++ {
			r.sentOf[i] = int32(s)
		}
	}
	r.inDate = grow(r.inDate, n)
	clear(r.inDate)
	// A token is in a date when it lies inside one. Dates are few, in text order and do not
	// overlap: each one's first token is found by binary search from the last one's.
	from := 0
	for _, dt := range r.d.Dates {
		from += sort.Search(n-from, func(k int) bool { return r.toks[from+k].Start >= dt.Start })
		for from < n && r.toks[from].End <= dt.End {
			r.inDate[from] = true
			from++
		}
	}
}

// is reports whether token i is a word of one of the classes c; it is false for an i out of
// range.
func (r *run) is(i int, c class) bool {
	return i >= 0 && i < len(r.ids) && r.table.cls[r.ids[i]]&c != 0
}

// cueAtToken returns the cue of token i and whether it is a form of a reporting verb; the
// cue is zero when it is not. The class is read first, from the small table that the rules'
// other tests keep in the caches, and the entry only for reporting verbs.
func (r *run) cueAtToken(i int) (cue, bool) {
	id := r.ids[i]
	if r.table.cls[id]&cueWord == 0 {
		return cue{}, false
	}
	return r.table.ents[id].cue, true
}

func (r *run) word(i int) string {
	if i < 0 || i >= len(r.toks) {
		return ""
	}
	return r.lower(i)
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
