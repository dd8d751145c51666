package quote

import (
	"sort"
	"strings"

	"github.com/whosaid/whosaid/document"
)

// tokRange is an inclusive token range; a < 0 means none.
type tokRange struct{ a, b int }

var noRange = tokRange{-1, -1}

func (t tokRange) ok() bool { return t.a >= 0 && t.b >= t.a }

// cues walks the tokens outside quotations and builds a statement around every reporting word
// that has a source and a content. Only the words that listCueCands listed in cueCands can
// be one, or start "according to", and only they are visited.
func (r *run) cues() {
	from := 0 // tokens before from were taken by "according to"
	for _, c := range r.cueCands {
		i := int(c)
		if i < from || r.inQuote[i] != 0 {
			continue
		}
		w := r.lower(i)
		if w == "according" && r.word(i+1) == "to" {
			if next := r.accordingTo(i); next > i {
				from = next + 1
			}
			continue
		}
		c, ok := r.cueAtToken(i)
		if !ok || r.toks[i].Cap && i != r.sent(i).FirstToken || r.isNounUse(i) || r.negatedOrHypothetical(i, c) {
			continue // a capitalised cue word inside a sentence is a name: "United States"
		}
		if c.lemma == "call" && !r.callReports(i) {
			continue
		}
		r.cueAt(i, c)
	}
}

// isNounUse reports whether a cue word that can be a noun is one here ("the claims").
func (r *run) isNounUse(i int) bool {
	if !r.is(i, nounLike) {
		return false
	}
	p := r.word(i - 1)
	return r.is(i-1, det|prep) || strings.HasSuffix(p, "'s") || p == "s'"
}

// negatedOrHypothetical reports whether the verb group before a cue negates it or makes it
// hypothetical: "did not confirm", "would not say", "declined to comment", "wants to say",
// "could argue". A passive ("was told", "is said to") is not the subject's statement either.
func (r *run) negatedOrHypothetical(i int, c cue) bool {
	sentStart := r.sent(i).FirstToken
	for k := i - 1; k >= sentStart && k >= i-4; k-- {
		w := r.lower(k)
		switch {
		case r.is(k, negation) || strings.HasSuffix(w, "n't"):
			return true
		case r.is(k, modal):
			return true
		case r.is(k, beVerb):
			// progressive "is saying" is fine; passive "was told", "is said" is not
			return c.form != formIng
		case w == "did" || w == "does" || w == "do":
			// "did he say", "does not": questions and emphatics are not reports
			return true
		case r.is(k, aux|adverb) || r.inDate[k]:
			continue
		}
		break
	}
	if c.form == formIng {
		// "without saying", "before adding": a gerund after a preposition reports nothing
		// when the preposition negates or precedes it.
		p := r.word(i - 1)
		if p == "without" || p == "before" || p == "instead" || p == "for" || p == "by" || p == "of" {
			return true
		}
	}
	return false
}

// cueAt tries to build a statement around the cue at token i.
func (r *run) cueAt(i int, c cue) {
	sent := r.sent(i)
	src := r.subjectBefore(i)
	inverted := false
	if c.form == formIng && src.ok() && src.b == i-1 && r.is(src.b, docNoun) {
		// "X released a report accusing Y": the report is X's.
		if subj := r.clauseSubject(i); subj.ok() && subj.b < src.a {
			src = subj
		}
	}
	if !src.ok() {
		if c.form == formIng {
			src = r.clauseSubject(i)
		} else if c.form == formFinite {
			// "…,” said Smith. / …, said the senator.
			if p := r.prevNonAdverb(i, sent.FirstToken); p >= 0 && (r.text(p) == "," || r.isQuoteClose(p)) {
				src = r.npForward(i+1, sent.EndToken)
				inverted = src.ok()
			}
		}
	}
	if !src.ok() {
		return
	}
	if c.form == formBase && !r.pluralSubject(src) {
		return
	}
	frameStart, frameEnd := src.a, i
	if inverted {
		frameStart, frameEnd = i, src.b
		// The source's apposition is the source's (as PolNeAR annotates it), not the
		// content's second part: "…, said Wilcox, an Orlando Republican who …".
		if e := r.appositionEnd(src.b, sent); e > src.b {
			src.b, frameEnd = e, e
		}
	}
	cueSpan := r.span(i, i)
	// "called for", "called on": the particle belongs to the cue.
	if c.lemma == "call" && (r.word(i+1) == "for" || r.word(i+1) == "on") {
		cueSpan = r.span(i, i+1)
		if !inverted {
			frameEnd = i + 1
		}
	}
	if !inverted && src.b < i-1 && c.lemma != "call" {
		// PolNeAR's cue takes in the auxiliaries and adverbs of the verb group: "has said",
		// "also said", "have long argued".
		k := i
		for k-1 > src.b && r.is(k-1, aux|adverb) && !r.inDate[k-1] {
			k--
		}
		if k == src.b+1 {
			cueSpan.Start = r.toks[k].Start
		}
	}
	st := document.Statement{Source: r.spanOf(src), Cue: cueSpan}

	// A quotation right before the attribution: "“…,” he said."
	if q := r.quoteBefore(frameStart); q >= 0 && r.quotes[q].claimed < 0 {
		qs := &r.quotes[q]
		if r.quoteStartsClause(qs.open) {
			st.Kind = document.Direct
			st.Content = []document.Span{r.quoteSpan(q)}
			st.Rule = "quote-then-cue"
			r.claim(q, r.add(st))
			return
		}
		// "The plan is “a disaster,” he said.": the clause is reported, the quote part of it.
		from := r.clauseStartBefore(qs.open, sent.FirstToken)
		if from >= 0 {
			st.Kind = document.Mixed
			st.Content = []document.Span{r.span(from, qs.close)}
			st.Rule = "clause-quote-then-cue"
			r.claimWithin(st.Content[0], r.add(st))
			return
		}
	}
	after := frameEnd + 1
	if c.frame == frameTell || c.frame == frameAsk {
		after = r.skipObject(after, sent.EndToken, c.frame == frameTell)
	}
	after = r.skipAdjuncts(after, sent.EndToken)
	if after > frameEnd+1 && after < len(r.toks) && r.text(after) == "," {
		after++
	}
	// A quotation right after: "Putin said: “…”", "Gingrich said, “…”".
	if q := r.quoteAfter(after); q >= 0 && r.quotes[q].claimed < 0 {
		if after == frameEnd+1 && r.text(after) == ":" && !inverted {
			st.Cue.End = r.toks[after].End // "said:" — the colon introduces the quotation
		}
		st.Kind = document.Direct
		st.Content = []document.Span{r.quoteSpan(q)}
		st.Rule = "cue-then-quote"
		r.claim(q, r.add(st))
		return
	}
	// Reported speech after the cue.
	if from, to, ok := r.forwardContent(after, frameEnd, sent, c); ok {
		st.Content = []document.Span{r.span(from, to)}
		st.Kind = document.Indirect
		st.Rule = "cue-then-content"
		if r.hasQuoteWithin(from, to) {
			st.Kind = document.Mixed
		}
		r.claimWithin(st.Content[0], r.add(st))
		return
	}
	// Reported speech before the cue: "…, sources said." or parenthetical "…, he said, …".
	if c.frame == frameClause || c.frame == frameTell {
		if content, ok := r.backwardContent(frameStart, frameEnd, sent); ok {
			st.Content = content
			st.Kind = document.Indirect
			st.Rule = "content-then-cue"
			for _, sp := range content {
				if r.inQuotation(sp) {
					st.Kind = document.Mixed
				}
			}
			k := r.add(st)
			for _, sp := range content {
				r.claimWithin(sp, k)
			}
		}
	}
}

// callReports reports whether "called" reports speech ("called for", "called on", "called it a
// disgrace") rather than naming ("a group called Forward") or telephoning.
func (r *run) callReports(i int) bool {
	switch r.word(i + 1) {
	case "for", "on", "it", "him", "her", "them", "this", "that", "trump", "clinton":
		return true
	}
	if i+1 >= len(r.toks) {
		return false // "call" ends the text
	}
	return r.toks[i+1].Cap && r.toks[i+1].Kind == document.Word && r.word(i-1) != "group" && r.word(i-1) != "so"
}

// accordingTo handles "according to SOURCE" before or after its content. It returns the last
// token it consumed.
func (r *run) accordingTo(i int) int {
	sent := r.sent(i)
	src := r.npForward(i+2, sent.EndToken)
	if !src.ok() {
		return i
	}
	// The source runs to the next comma or the sentence's end ("a report by the FBI").
	end := src.b
	for k := src.b + 1; k < sent.EndToken; k++ {
		t := r.text(k)
		if t == "," || r.isTerminal(k) || r.inQuote[k] != 0 || t == ";" || t == "—" || t == "–" {
			break
		}
		end = k
	}
	src.b = end
	st := document.Statement{Source: r.spanOf(src), Cue: r.span(i, i+1), Rule: "according-to"}
	var from, to int
	if i == sent.FirstToken || r.isIntroStart(i, sent.FirstToken) {
		// "According to X, CLAUSE."
		if end+1 >= sent.EndToken || r.text(end+1) != "," {
			return end
		}
		from, to = end+2, r.contentEnd(sent)
	} else {
		// "CLAUSE, according to X."
		p := i - 1
		if r.text(p) == "," || r.text(p) == "—" || r.text(p) == "(" {
			p--
		}
		from, to = r.clauseStartBefore(p, sent.FirstToken), p
	}
	if from < 0 || to-from < 1 {
		return end
	}
	st.Content = []document.Span{r.span(from, to)}
	st.Kind = document.Indirect
	if r.isWholeQuote(from, to) {
		st.Kind = document.Direct
	} else if r.hasQuoteWithin(from, to) {
		st.Kind = document.Mixed
	}
	r.claimWithin(st.Content[0], r.add(st))
	return end
}

// isIntroStart reports whether the tokens before i in the sentence are only an introductory
// conjunction or adverb ("But according to…", "And, according to…").
func (r *run) isIntroStart(i, first int) bool {
	for k := first; k < i; k++ {
		w := r.lower(k)
		if w != "but" && w != "and" && w != "," && w != "so" && w != "yet" && w != "however" && w != "still" && w != "also" {
			return false
		}
	}
	return true
}

func (r *run) isTerminal(k int) bool {
	switch r.text(k) {
	case ".", "!", "?", "…":
		return true
	}
	return strings.HasPrefix(r.text(k), "..")
}

func (r *run) isQuoteClose(k int) bool {
	q := r.inQuote[k]
	return q != 0 && r.quotes[q-1].close == k
}

func (r *run) prevNonAdverb(i, first int) int {
	for k := i - 1; k >= first; k-- {
		if r.is(k, adverb) || r.inDate[k] {
			continue
		}
		return k
	}
	return -1
}

// spanOf turns a token range into a byte span.
func (r *run) spanOf(t tokRange) document.Span { return r.span(t.a, t.b) }

func (r *run) quoteSpan(q int) document.Span {
	qs := &r.quotes[q]
	return r.span(qs.open, qs.lastTok(r.d))
}

func (r *run) claim(q, st int) {
	r.quotes[q].claimed = st
}

// claimWithin marks every quotation inside span as taken by statement st.
func (r *run) claimWithin(sp document.Span, st int) {
	qs := r.quotes
	k := sort.Search(len(qs), func(i int) bool { return r.toks[qs[i].open].Start >= sp.Start })
	for ; k < len(qs) && r.toks[qs[k].open].Start < sp.End; k++ {
		if qs[k].claimed < 0 && sp.Contains(r.quoteSpan(k)) {
			qs[k].claimed = st
		}
	}
}

func (r *run) hasQuoteWithin(from, to int) bool {
	for k := from; k <= to; k++ {
		if r.inQuote[k] != 0 {
			return true
		}
	}
	return false
}

// isWholeQuote reports whether tokens from..to are exactly one quotation.
func (r *run) isWholeQuote(from, to int) bool {
	q := r.inQuote[from]
	return q != 0 && r.quotes[q-1].open == from && r.quotes[q-1].lastTok(r.d) == to
}

// quoteBefore returns the quotation that closes right before token a ("“…,” he said",
// "“…”, he said"), or -1.
func (r *run) quoteBefore(a int) int {
	k := a - 1
	if k >= 0 && r.text(k) == "," {
		k--
	}
	if k >= 0 && r.isQuoteClose(k) && r.toks[k].Para == r.toks[a].Para {
		return int(r.inQuote[k] - 1)
	}
	return -1
}

// quoteAfter returns the quotation that opens at token k, after an optional ':' or ',', or -1.
func (r *run) quoteAfter(k int) int {
	if k < len(r.toks) && (r.text(k) == ":" || r.text(k) == ",") {
		k++
	}
	if k < len(r.toks) && r.inQuote[k] != 0 && r.quotes[r.inQuote[k]-1].open == k {
		return int(r.inQuote[k] - 1)
	}
	return -1
}

// quoteStartsClause reports whether a quotation opening at token open begins its sentence or
// clause, so that the quotation is the whole content.
func (r *run) quoteStartsClause(open int) bool {
	if isParaStart(r.toks, open) {
		return true
	}
	p := open - 1
	if r.inQuote[p] != 0 || r.isTerminal(p) {
		return true
	}
	switch r.text(p) {
	case ":", ";", "—", "–", "(":
		return true
	}
	return r.sentOf[p] != r.sentOf[open]
}

// clauseStartBefore returns the first token of the clause that ends at token end: the
// sentence start, after an opening attribution of another statement, or -1 when there is no
// content.
func (r *run) clauseStartBefore(end, first int) int {
	if end < first {
		return -1
	}
	from := first
	// Skip an initial conjunction: "But …, he said."
	for from < end && (r.lower(from) == "but" || r.lower(from) == "and" || r.lower(from) == "so") {
		from++
	}
	if from > end {
		return -1
	}
	return from
}

// contentEnd returns the last token of a sentence's content: the sentence without its final
// period, unless the period sits inside a closing quotation.
func (r *run) contentEnd(sent *document.Sentence) int {
	k := sent.EndToken - 1
	for k > sent.FirstToken && (r.isTerminal(k) || r.text(k) == ":" || r.text(k) == ";" || r.text(k) == ",") {
		k--
	}
	return k
}

// appositionEnd returns the last token of an apposition after an inverted source that
// ends at token b ("…, said Wilcox, an Orlando Republican who …", "…, said DeSantis, who
// was elected …"), or -1: it opens after a comma with an article, a possessive or "who",
// and runs to the next comma, dash, semicolon or quotation, or the sentence's end ("…,
// said Smith, who leads the group, adding that …" leaves the participle its own).
func (r *run) appositionEnd(b int, sent *document.Sentence) int {
	k := b + 1
	if k+1 >= sent.EndToken || r.text(k) != "," || r.inQuote[k+1] != 0 {
		return -1
	}
	switch r.lower(k + 1) {
	case "a", "an", "the", "his", "her", "their", "its", "who", "whose":
	default:
		return -1
	}
	end := r.contentEnd(sent)
	for t := k + 2; t <= end; t++ {
		if r.inQuote[t] != 0 || r.text(t) == "," || r.text(t) == ";" || r.text(t) == "—" {
			return t - 1
		}
	}
	return end
}
