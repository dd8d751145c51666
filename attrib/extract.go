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
// Three conventions of news writing shape the statements beyond the tagger's spans. A
// quotation in a later sentence that the tagger joined to a relation's content ("“…,” he
// said. “…”") becomes a statement of its own that continues the first, as readers take it
// (brat output folds it back, as PolNeAR annotates it). The words that open a sentence
// before an attribution set off by commas are the content's ("Climate change, he says,
// is …"; prep.fronted). And after a quotation that precedes its cue, words outside
// quotation marks that follow the cue ("“…,” he said, without naming them") are the
// writer's, not the speaker's, and are dropped. The rules of contents.go mend the
// fragments further: passiveSubject (from tidySources), dropFrame, afterSource and
// quoteGoesOn. An attribution nested in another's content is left out (nested), and a
// content ends before a cue coordinated with its own (coordinatedCue).
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
	p.participleSources(rels)
	p.tidySources(rels)
	// The statements are drafted in p's scratch, their contents one after another in
	// p.spans, and copied out at the end into two arrays of the exact size.
	drafts, spans := p.drafts[:0], p.spans[:0]
	for k, r := range rels {
		if p.negated(r.cue) || p.nested(rels, k) {
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
		if pre, ok := p.fronted(r); ok {
			content = append(append(p.front[:0], pre), content...)
			p.front = content
		}
		content = p.dropFrame(r, content)
		content = p.afterSource(r, content)
		if q, ok := p.quoteGoesOn(rels, k, content); ok {
			content = append(append(p.goesOn[:0], content...), q)
			p.goesOn = content
		}
		if at := p.coordinatedCue(rels, k, content); at >= 0 {
			content = p.cutAt(content, at)
		}
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
// "declined to comment", "never said", "without naming"): PolNeAR annotates these as
// attributions, but a statement nobody made is not one whosaid should record. ("without",
// as the rules read it too: PolNeAR dev relation F1 64.8 -> 64.9, train unchanged.)
func (p *prep) negated(cue tokRange) bool {
	first := int(p.d.Sentences[p.sentOf[cue.start]].FirstToken)
	for i := max(cue.start-3, first); i < cue.end; i++ {
		switch w := p.norm[i]; w {
		case "not", "never", "without", "declined", "declines", "declining", "refused", "refuses", "refusing":
			return true
		default:
			if strings.HasSuffix(w, "n't") {
				return true
			}
		}
	}
	return false
}

// fronted returns the words that open the sentence before an attribution set off by commas
// ("Climate change, Mr. Obama often says, is …"; "In law school, she said, professors …";
// "The difference now, he told me, is …"), when the content the tagger found starts right
// after the closing comma and is not a quotation: PolNeAR takes those words for the first
// fragment of the content (in PolNeAR train's gold, 170 times of 215 whole, 25 in part),
// where the tagger, reading token by token from the cue, leaves them out. A conjunction
// that opens them is left out ("But in recent days, …"), and so is what goes before a dash
// or before a comma and a conjunction ("…, but the air pollution …, he noted, …"). PolNeAR:
// content exact F1 dev +0.4, train +0.1; relation F1 dev +0.1, train unchanged.
func (p *prep) fronted(r relation) (tokRange, bool) {
	c := r.content
	if len(c) == 0 || c[0].start < r.cue.end {
		return tokRange{}, false
	}
	lo, hi := r.cue.start, r.cue.end
	if !r.src.empty() {
		lo, hi = min(lo, r.src.start), max(hi, r.src.end)
		if r.src.end != r.cue.start && r.cue.end != r.src.start {
			return tokRange{}, false
		}
	}
	if lo > 0 && p.norm[lo-1] == "as" {
		lo--
	}
	if lo < 1 || p.norm[lo-1] != "," {
		return tokRange{}, false
	}
	// the comma that closes the attribution, a few words after it at most
	k := hi
	for k < len(p.norm) && k-hi < maxAfterCue && p.norm[k] != "," && !p.isCue[k] && p.quote[k] == 0 {
		k++
	}
	if k >= len(p.norm) || p.norm[k] != "," || c[0].start != k+1 {
		return tokRange{}, false
	}
	if p.d.Tokens[c[0].start].Kind == document.Quote {
		return tokRange{}, false
	}
	first := int(p.d.Sentences[p.sentOf[lo]].FirstToken)
	for t := first; t < lo-1; t++ {
		if p.isCue[t] || p.quote[t] != 0 {
			return tokRange{}, false
		}
		switch w := p.norm[t]; {
		case isDash(w):
			first = t + 1
		case conjunction(w) && (t == first || p.norm[t-1] == ","):
			first = t + 1
		}
	}
	if lo-1-first == 1 && subordinator(p.norm[first]) {
		return tokRange{}, false
	}
	for t := first; t < lo-1; t++ {
		if k := p.d.Tokens[t].Kind; k == document.Word || k == document.Number {
			return tokRange{first, lo - 1}, true
		}
	}
	return tokRange{}, false
}

// maxAfterCue bounds the words between a cue set off by commas and its closing comma ("he
// told me on Friday,").
const maxAfterCue = 6

// isDash reports whether w is a dash, which opens an aside or a new clause ("… - a
// provision, Corker said, that …").
func isDash(w string) bool { return w == "-" || w == "--" || w == "—" || w == "–" }

// subordinator reports whether w opens a subordinate clause, which a fronted word alone
// does not make ("If, as Trump has said, he …": the clause is all content).
func subordinator(w string) bool {
	switch w {
	case "if", "when", "because", "while", "although", "though", "as", "since", "unless", "whether":
		return true
	}
	return false
}

// conjunction reports whether w is a coordinating conjunction, which PolNeAR leaves out of a
// content it opens.
func conjunction(w string) bool {
	switch w {
	case "and", "but", "or", "so", "yet":
		return true
	}
	return false
}

// participleSources gives a relation without a source whose cue is a participle after a
// comma, a preposition or an adverb ("Trump did X, saying …"; "… before asking …"), or a
// verb after a conjunction ("Anderson agreed with them and said …"), the subject of its
// sentence's main clause (prep.subject), which PolNeAR takes for the source: the tagger,
// reading the words about the cue, seldom reaches it, nor does shareSources where the verb
// before is no cue. PolNeAR: source exact F1 dev +0.2, train +0.0 (25 more right, 49 more
// given); relation F1 dev +0.3, train +0.1.
//
// A participle that opens its sentence ("Citing …, the spokeswoman said"; "Continuing to
// explain his perspective, Carson rejected …") takes the subject after the phrase it opens:
// relation F1 dev 62.98 → 63.03, train 68.44 → 68.48 (exact source F1 dev unchanged, train
// 74.16 → 74.17: the subject is most often a source of the sentence already).
//
// So does a participle that opens a phrase introduced by a preposition, adverb or conjunction
// at the head of its sentence ("After saying …, he"; "But since announcing …, Johnson"),
// and the verb of a cue that opens with an adverb is read past it ("His ex-wife agreed, but
// also contended …"; "and then said …"), as is an adverb between a comma or conjunction and
// the cue ("…, and also said"). Together: PolNeAR exact source F1 dev 72.10 → 72.17, train
// 74.86 → 74.88; relation F1 dev 64.67 → 64.72 (1 more right), train 70.03 → 70.11 (14 more
// right); cue and content unchanged; decoding only.
func (p *prep) participleSources(rels []relation) {
	for k := range rels {
		r := &rels[k]
		c := r.cue.start
		if !r.src.empty() || c < 1 {
			continue
		}
		first, end := c, c // the words subject reads
		prev := pos.Tag(p.posAt(c - 1))
		tg := pos.Tag(p.posAt(c))
		if tg.IsAdverb() && c+1 < r.cue.end {
			tg = pos.Tag(p.posAt(c + 1)) // "also contended", "then said"
		}
		st := p.d.Sentences[p.sentOf[c]]
		switch {
		case tg == pos.VBG && p.opensSentence(c):
			end = int(st.EndToken)
		case tg == pos.VBG && p.opensPhrase(c):
			first, end = int(st.FirstToken), int(st.EndToken)
		case tg == pos.VBG && (prev == pos.Comma || prev == pos.IN || prev == pos.RB):
			first = int(st.FirstToken)
		case (tg == pos.VBD || tg == pos.VBZ) && prev == pos.CC:
			first = int(st.FirstToken)
		case (tg == pos.VBD || tg == pos.VBZ || tg == pos.VBG) && prev.IsAdverb() && c >= 2 &&
			(pos.Tag(p.posAt(c-2)) == pos.CC || pos.Tag(p.posAt(c-2)) == pos.Comma):
			first = int(st.FirstToken) // "…, and also said"
		default:
			continue
		}
		if sub, ok := p.subject(first, end); ok && !overlapsRanges(sub, r.content) {
			r.src = sub
		}
	}
}

// opensPhrase reports whether token t opens a phrase that opens its sentence after words
// that are all prepositions, adverbs or conjunctions (and punctuation): "After saying …",
// "But since announcing …".
func (p *prep) opensPhrase(t int) bool {
	for i := int(p.d.Sentences[p.sentOf[t]].FirstToken); i < t; i++ {
		if k := p.d.Tokens[i].Kind; k == document.Punct || k == document.Quote {
			continue
		}
		if tg := pos.Tag(p.posAt(i)); tg != pos.IN && tg != pos.RB && tg != pos.CC {
			return false
		}
	}
	return true
}

// opensSentence reports whether token t opens its sentence, but for punctuation and
// quotation marks before it.
func (p *prep) opensSentence(t int) bool {
	for i := int(p.d.Sentences[p.sentOf[t]].FirstToken); i < t; i++ {
		if k := p.d.Tokens[i].Kind; k != document.Punct && k != document.Quote {
			return false
		}
	}
	return true
}

// subject returns the subject of the main clause among the words [first, t) of a sentence:
// the noun phrase of at most maxSubject words that opens them (after a conjunction, or after
// an opening phrase set off by a comma, such as a participle's at first) when a verb follows
// it, but an expletive ("It was there that …").
func (p *prep) subject(first, t int) (tokRange, bool) {
	s := first
	if tg := pos.Tag(p.posAt(s)); tg == pos.IN || tg == pos.WRB || tg == pos.VBG || tg == pos.VBN || tg == pos.RB || tg == pos.CC {
		if tg == pos.CC && s+1 < t && pos.Tag(p.posAt(s+1)) != pos.IN && pos.Tag(p.posAt(s+1)) != pos.RB {
			s++
		} else {
			k := s
			for k < t && p.norm[k] != "," {
				k++
			}
			if k >= t {
				return tokRange{}, false
			}
			s = k + 1
		}
	}
	e := s // the noun phrase [s, e)
	for e < t && !p.isCue[e] && p.quote[e] == 0 && nominal(pos.Tag(p.posAt(e))) {
		e++
	}
	v := e // its verb, after adverbs ("Anderson largely agreed")
	for v < t && pos.Tag(p.posAt(v)).IsAdverb() {
		v++
	}
	if e == s || e-s > maxSubject || v >= t || !pos.Tag(p.posAt(v)).IsPredicate() {
		return tokRange{}, false
	}
	if w := p.norm[s]; e == s+1 && (w == "it" || w == "there") && isBe(p.norm[v]) {
		return tokRange{}, false // "It was there that Smith …", "There is …"
	}
	return tokRange{s, e}, true
}

// nominal reports whether a word of part of speech tg may be part of a noun phrase.
func nominal(tg pos.Tag) bool {
	return tg.IsNoun() || tg.IsPronoun() || tg.IsDeterminer() || tg.IsAdjective() || tg.IsPossessive() ||
		tg.IsNumber() || tg == pos.POS
}

// isBe reports whether w is a form of "be" that may follow an expletive subject.
func isBe(w string) bool {
	switch w {
	case "is", "was", "are", "were", "'s", "be":
		return true
	}
	return false
}

// maxSubject bounds the words of a subject that participleSources takes.
const maxSubject = 6

// overlapsRanges reports whether r shares a token with one of rs.
func overlapsRanges(r tokRange, rs []tokRange) bool {
	for _, x := range rs {
		if r.start < x.end && x.start < r.end {
			return true
		}
	}
	return false
}

// nested reports whether the cue of relation rels[k] lies in the content of another relation
// whose content shares words with its own: "Earnest said that [President Obama has long
// called for tax fairness]". The inner attribution is the outer speaker's report, already in
// the content of his statement, and PolNeAR's annotators seldom annotate it: of such inner
// relations 17% matched a gold relation on dev, 18% on train. A cue right after a
// coordinating conjunction ("… promised to keep supporting her and said she would …") is
// kept: there the outer content mostly ran on past its end, and the inner relation is right
// as often as not. Leaving the inner relations out, PolNeAR exact F1 dev source 71.27 ->
// 71.94, cue 67.95 -> 68.62, content 56.81 -> 57.29, relation 63.79 -> 64.43 (82 relations
// fewer, 14 of them matched); train 74.23 -> 74.68, 72.02 -> 72.45, 65.45 -> 65.74, 69.35 ->
// 69.80 (525 fewer, 104 matched). Leaving out the coordinated ones too: dev relation 64.34,
// train 69.76; keeping as well a cue two words after the conjunction ("and also said"): dev
// relation -0.03, train -0.01.
//
// rels are in the order of their cues, and a content lies in its cue's window (window), so
// only the relations whose cues are that near are read.
func (p *prep) nested(rels []relation, k int) bool {
	r := rels[k]
	c := r.cue.start
	if c > 0 && p.sentOf[c-1] == p.sentOf[c] {
		switch p.norm[c-1] {
		case "and", "but", "or":
			return false
		}
	}
	holds := func(q relation) bool {
		return overlapsRanges(r.cue, q.content) && overlapsRangesAny(r.content, q.content) && !p.negated(q.cue)
	}
	for j := k - 1; j >= 0 && rels[j].cue.start > c-windowAfter; j-- {
		if holds(rels[j]) {
			return true
		}
	}
	for j := k + 1; j < len(rels) && rels[j].cue.start <= c+windowBefore; j++ {
		if holds(rels[j]) {
			return true
		}
	}
	return false
}

// overlapsRangesAny reports whether a range of as shares a token with one of bs.
func overlapsRangesAny(as, bs []tokRange) bool {
	for _, a := range as {
		if overlapsRanges(a, bs) {
			return true
		}
	}
	return false
}

// coordinatedCue returns where the content of relation rels[k] should end because another
// relation's cue, coordinated with a conjunction, lies in it after rels[k]'s cue ("Merrill
// says Machado promised to keep supporting Clinton [and said] she would …"), or -1: the
// token of the conjunction, or of a comma before it. The other relation, which nested keeps,
// has those words. PolNeAR exact F1 dev content 57.29 -> 57.34, relation 64.43 -> 64.48
// (train 65.74 -> 65.86, 69.80 -> 69.88); source and cue unchanged.
func (p *prep) coordinatedCue(rels []relation, k int, content []tokRange) int {
	r := rels[k]
	for j := k + 1; j < len(rels) && rels[j].cue.start <= r.cue.start+windowAfter; j++ {
		c := rels[j].cue.start
		if c < 2 || p.sentOf[c-1] != p.sentOf[c] || !overlapsRanges(tokRange{c, c + 1}, content) || p.negated(rels[j].cue) {
			continue
		}
		switch p.norm[c-1] {
		case "and", "but", "or":
		default:
			continue
		}
		if c-1 <= r.cue.end {
			continue
		}
		if p.norm[c-2] == "," {
			return c - 2
		}
		return c - 1
	}
	return -1
}

// cutAt returns content ended before token at, in p's scratch; content itself when no word
// of it comes before at.
func (p *prep) cutAt(content []tokRange, at int) []tokRange {
	out := p.cut[:0]
	for _, c := range content {
		if c.start >= at {
			continue
		}
		c.end = min(c.end, at)
		out = append(out, c)
	}
	p.cut = out
	if len(out) == 0 {
		return content
	}
	return out
}
