// Package pipeline runs the analysis stages over a document in order.
//
// Each stage has one job and communicates only through the document.Doc it annotates, so a
// stage can be replaced (a trained attribution model for the rules, a trained entity tagger)
// without touching the others, and the readers before and the stores after never see a
// stage's internals.
package pipeline

import (
	"fmt"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/coref"
	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/entity"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
	"github.com/whosaid/whosaid/timex"
	"github.com/whosaid/whosaid/tokenize"
)

// Stage is one step of analysis: it reads and annotates a document.
type Stage interface {
	Process(d *document.Doc)
}

// StageFunc adapts a function to a Stage.
type StageFunc func(d *document.Doc)

// Process calls f(d).
func (f StageFunc) Process(d *document.Doc) { f(d) }

// Analyzer runs its stages in order. Its stages hold only read-only tables, so one Analyzer
// may serve many goroutines.
type Analyzer struct {
	stages []Stage
}

// New returns the default analyzer: tokens and sentences, their parts of speech (package
// pos, read by the entity tagger and the attribution model), named entities (package entity,
// over the embedded tagger of package ner), temporal expressions, statements (the quotation
// rules combined with the embedded attribution model), then speaker resolution, which reads
// the entities, and what each statement is about. It panics if the embedded model does not load, a build defect that the tests
// rule out.
func New() *Analyzer {
	m, err := attrib.Default()
	if err != nil {
		panic(err)
	}
	return NewWithModel(m)
}

// NewWithModel is New with the given attribution model; nil means the rules alone.
func NewWithModel(m *attrib.Model) *Analyzer {
	tok := tokenize.New()
	tx := timex.New()
	qx := quote.New()
	ptag := pos.Default()
	cr := coref.New()
	ents := entity.New(nil)
	statements := StageFunc(qx.Extract)
	if m != nil {
		statements = func(d *document.Doc) {
			qx.ExtractWith(d, func(rules []document.Statement) []document.Statement {
				return attrib.Combine(d.Text, m.Statements(d), rules)
			})
		}
	}
	return &Analyzer{stages: []Stage{
		StageFunc(tok.Tokenize),
		StageFunc(ptag.TagDoc),
		StageFunc(ents.Find),
		StageFunc(func(d *document.Doc) { d.Dates = tx.AppendTags(d.Dates[:0], d.Text, d.Published) }),
		statements,
		StageFunc(cr.Resolve),
		StageFunc(ents.About),
	}}
}

// NewWith returns an analyzer that runs the given stages.
func NewWith(stages ...Stage) *Analyzer { return &Analyzer{stages: stages} }

// Analyze runs every stage over d.
func (a *Analyzer) Analyze(d *document.Doc) {
	for _, s := range a.stages {
		s.Process(d)
	}
}

// AnalyzeBatch runs every stage over docs, stage after stage: the first stage over every
// document, then the second, and so on. The documents come out as Analyze leaves them, but
// faster: each stage's tables (the taggers' weights and word caches, megabytes each) stay in
// the processor's caches from one document to the next instead of being evicted by the other
// stages'. Over PolNeAR train on one core, batches of 256 articles ran about 20% faster than
// one article at a time (BENCHMARKS.md).
//
// A stage that panics on a document does not stop the batch: that document skips the later
// stages, and errs[i] (errs is reused when long enough, and returned) holds a *StageError
// for it; errs[i] is nil for each document analysed in full. Such a document may be left
// inconsistent and should be dropped.
func (a *Analyzer) AnalyzeBatch(docs []*document.Doc, errs []error) []error {
	if cap(errs) < len(docs) {
		errs = make([]error, len(docs))
	}
	errs = errs[:len(docs)]
	clear(errs)
	for k, s := range a.stages {
		for i, d := range docs {
			if errs[i] == nil {
				errs[i] = process(k, s, d)
			}
		}
	}
	return errs
}

// process runs stage s, the k-th, over d, and turns a panic into an error.
func process(k int, s Stage, d *document.Doc) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &StageError{Stage: k, Value: v}
		}
	}()
	s.Process(d)
	return nil
}

// StageError is a stage's panic over one document of a batch (Analyzer.AnalyzeBatch).
type StageError struct {
	Stage int // the stage's index among the analyzer's stages
	Value any // what the stage panicked with
}

func (e *StageError) Error() string { return fmt.Sprintf("stage %d: %v", e.Stage, e.Value) }

// Unwrap returns the panic's value when it is an error.
func (e *StageError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
