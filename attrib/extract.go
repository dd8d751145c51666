package attrib

import (
	"slices"
	"strings"

	"github.com/whosaid/whosaid/document"
)

// Statements returns the statements the model finds in d, which must be tokenized. Speakers
// are left unresolved (package coref maps each source mention to a name) and so are dates.
//
// Two conventions of news writing shape the statements beyond the tagger's spans. A
// quotation in a later sentence that the tagger joined to a relation's content ("“…,” he
// said. “…”") becomes a statement of its own that continues the first, as readers take it
// (brat output folds it back, as PolNeAR annotates it). And after a quotation that precedes
// its cue, words outside quotation marks that follow the cue ("“…,” he said, without naming
// them") are the writer's, not the speaker's, and are dropped.
func (m *Model) Statements(d *document.Doc) []document.Statement {
	if len(d.Tokens) == 0 {
		return nil
	}
	p := m.preps.Get()
	if p == nil {
		p = new(prep)
	}
	p.words.ready(m, len(d.Tokens))
	p.reset(d, m.classes, m.pos)
	defer func() {
		p.release()
		m.preps.Put(p)
	}()
	if p.relAt == nil {
		p.relAt = make(map[tokRange]int)
	}
	rels := dedupe(m.predict(p), p.relAt)
	// The statements are drafted in p's scratch, their contents one after another in
	// p.spans, and copied out at the end into two arrays of the exact size.
	drafts, spans := p.drafts[:0], p.spans[:0]
	for _, r := range rels {
		if p.negated(r.cue) {
			continue
		}
		cue := span(d, r.cue)
		if d.Slice(cue) == ":" && !r.src.empty() && r.src.end <= r.cue.start {
			// "Putin: ‘…’": the colon form, whose cue readers do not see (as the rules
			// write it; brat output puts the colon back as PolNeAR annotates it).
			cue = document.Span{}
		}
		content := r.content
		runOn := p.runOn[:0]
		if len(content) > 1 && p.quoted(content[0]) && content[0].end <= r.cue.start {
			keep := content[:1]
			for _, c := range content[1:] {
				switch {
				case !p.quoted(c) && c.start >= r.cue.end:
					// the writer's words after the cue
				case p.quoted(c) && p.sentOf[c.start] > p.sentOf[r.cue.start]:
					runOn = append(runOn, c)
				default:
					keep = append(keep, c)
				}
			}
			content = keep
		}
		p.runOn = runOn
		st := stmtDraft{kind: p.kind(content), cue: cue, continues: -1}
		if !r.src.empty() {
			st.source = span(d, r.src)
		}
		for _, c := range content {
			spans = append(spans, span(d, c))
		}
		st.end = len(spans)
		parent := len(drafts)
		drafts = append(drafts, st)
		for _, c := range runOn {
			spans = append(spans, span(d, c))
			drafts = append(drafts, stmtDraft{kind: document.Direct, continues: parent, runOn: true, end: len(spans)})
		}
	}
	p.drafts, p.spans = drafts, spans
	return finish(drafts, spans)
}

// stmtDraft is a statement as Model.Statements drafts it: its content ends at end in the
// spans drafted with it, and runOn marks a quotation that runs on from the statement it
// continues (rule "model-quote-runs-on"; the others' is "model").
type stmtDraft struct {
	kind        document.Kind
	source, cue document.Span
	continues   int
	runOn       bool
	end         int
}

// finish makes the statements of drafts, their contents in an array of their own, for the
// caller to keep.
func finish(drafts []stmtDraft, spans []document.Span) []document.Statement {
	out := make([]document.Statement, len(drafts))
	spans = slices.Clone(spans)
	from := 0
	for i, dr := range drafts {
		st := &out[i]
		st.Kind, st.Source, st.Cue, st.Continues, st.Rule = dr.kind, dr.source, dr.cue, dr.continues, "model"
		if dr.runOn {
			st.Rule = "model-quote-runs-on"
		}
		st.Content = spans[from:dr.end:dr.end]
		from = dr.end
	}
	return out
}

// quoted reports whether every word of r is inside quotation marks.
func (p *prep) quoted(r tokRange) bool {
	q, n := p.quotedCount(r)
	return n > 0 && q == n
}

func (p *prep) quotedCount(r tokRange) (quoted, words int) {
	for i := r.start; i < r.end; i++ {
		if k := p.d.Tokens[i].Kind; k == document.Punct || k == document.Quote {
			continue
		}
		words++
		if p.quote[i] != 0 {
			quoted++
		}
	}
	return quoted, words
}

// kind is direct when all the content's words are quoted, mixed when some are.
func (p *prep) kind(content []tokRange) document.Kind {
	quoted, total := 0, 0
	for _, c := range content {
		q, n := p.quotedCount(c)
		quoted += q
		total += n
	}
	switch {
	case quoted == 0:
		return document.Indirect
	case quoted == total:
		return document.Direct
	}
	return document.Mixed
}

func span(d *document.Doc, r tokRange) document.Span {
	return document.Span{Start: d.Tokens[r.start].Start, End: d.Tokens[r.end-1].End}
}

// dedupe keeps one relation per content: where two cues took the same words (a quotation
// after "Critics were not convinced." that "said Tom Reyes" introduces), the cue nearer the
// content keeps them. at is scratch.
func dedupe(rels []relation, at map[tokRange]int) []relation {
	dist := func(r relation) int {
		c := r.content[0]
		if r.cue.end <= c.start {
			return c.start - r.cue.end
		}
		return r.cue.start - r.content[len(r.content)-1].end
	}
	out := rels[:0]
	clear(at)
	for _, r := range rels {
		if k, ok := at[r.content[0]]; ok {
			if dist(r) < dist(out[k]) {
				out[k] = r
			}
			continue
		}
		at[r.content[0]] = len(out)
		out = append(out, r)
	}
	return out
}

// negated reports whether a cue is negated or refused ("did not confirm", "would not say",
// "declined to comment", "never said"): PolNeAR annotates these as attributions, but a
// statement nobody made is not one whosaid should record.
func (p *prep) negated(cue tokRange) bool {
	first := int(p.d.Sentences[p.sentOf[cue.start]].FirstToken)
	for i := max(cue.start-3, first); i < cue.end; i++ {
		switch w := p.norm[i]; w {
		case "not", "never", "declined", "declines", "declining", "refused", "refuses", "refusing":
			return true
		default:
			if strings.HasSuffix(w, "n't") {
				return true
			}
		}
	}
	return false
}
