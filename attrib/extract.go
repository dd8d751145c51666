package attrib

import (
	"slices"
	"strings"
	"unicode"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/pos"
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
	p.shareSources(rels)
	// The statements are drafted in p's scratch, their contents one after another in
	// p.spans, and copied out at the end into two arrays of the exact size.
	drafts, spans := p.drafts[:0], p.spans[:0]
	for _, r := range rels {
		if p.negated(r.cue) {
			continue
		}
		var src document.Span
		if !r.src.empty() {
			src = span(d, r.src)
		}
		src, cue := p.splitClitic(r, src, span(d, r.cue))
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
		st := stmtDraft{kind: p.kind(content), source: src, cue: cue, continues: -1}
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

// shareSources gives a relation without a source the source of the nearest relation before
// it in its sentence that has one: cues in one sentence share its subject ("Sanders claimed
// momentum and argued …", "Rubio fired back: “…,” referencing …"), which the role tagger,
// reading token by token, leaves to the first. rels are in the order of their cues. PolNeAR:
// relation F1 +0.2 on dev and on train (4 and 46 more matched), exact source F1 +0.1 on dev
// (the rules' source, which Combine gives a relation without one, is seldom better).
func (p *prep) shareSources(rels []relation) {
	for k := range rels {
		r := &rels[k]
		if !r.src.empty() || p.clitic(*r) >= 0 {
			continue // a cue "’s predicted" has its own subject (splitClitic)
		}
		for j := k - 1; j >= 0; j-- {
			q := &rels[j]
			if q.cue.start >= r.cue.start || p.sentOf[q.cue.start] != p.sentOf[r.cue.start] {
				break
			}
			if !q.src.empty() {
				r.src = q.src
				break
			}
		}
	}
}

// splitClitic gives a pronoun's contracted verb to the cue, and the pronoun to the source,
// as PolNeAR annotates them: "He’s predicted" is source "He", cue "’s predicted" (PolNeAR
// train: seven times in eight after a pronoun). The tokenizer keeps "He’s" one token, which
// the model learns as the cue's first (the gold cue overlaps it), with no source; where the
// cue of relation r begins with such a token and goes on, the cue starts at its apostrophe,
// and a relation without a source takes the pronoun. (Cutting as well a source that ends with
// such a token just before the cue gained nothing on PolNeAR train.) A noun's "’s" stays:
// PolNeAR train annotates "Trump’s" + "announcement" four times as often as "Trump" + "’s
// announcement".
func (p *prep) splitClitic(r relation, src, cue document.Span) (document.Span, document.Span) {
	if at := p.clitic(r); at >= 0 {
		cue.Start = at
		if src.Empty() {
			src = document.Span{Start: p.d.Tokens[r.cue.start].Start, End: at}
		}
	}
	return src, cue
}

// clitic returns the offset in the text of the apostrophe of the contracted verb that begins
// relation r's cue (splitClitic), or -1.
func (p *prep) clitic(r relation) int {
	if r.cue.end-r.cue.start < 2 {
		return -1
	}
	t := p.d.Tokens[r.cue.start]
	if k := verbClitic(p.d.Text[t.Start:t.End]); k >= 0 {
		return t.Start + k
	}
	return -1
}

// verbClitic returns the offset in word of the apostrophe of a contracted verb that follows
// a pronoun ("he’s", "they've", "I'm", "we’ll", "she'd"), or -1: a clitic as pos.SplitClitic
// splits it but "n’t", after a host of letters, and "’s" only after a pronoun (after a noun it
// is a possessive as often as a verb).
func verbClitic(word string) int {
	host, clitic := pos.SplitClitic(word)
	if clitic == "" || clitic[0]|0x20 == 'n' {
		return -1
	}
	for _, c := range host {
		if !unicode.IsLetter(c) {
			return -1
		}
	}
	if clitic[len(clitic)-1]|0x20 == 's' { // the only clitic that ends in s
		switch strings.ToLower(host) {
		case "he", "she", "it", "that", "who", "there", "what", "here", "where":
		default:
			return -1
		}
	}
	return len(host)
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
