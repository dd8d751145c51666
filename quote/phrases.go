package quote

import (
	"sort"
	"strings"

	"github.com/whosaid/whosaid/document"
)

// maxContentTokens bounds a content span, so that one pathological run-on sentence ("he said
// that he said that …" over megabytes) keeps analysis and output linear in the input.
const maxContentTokens = 300

// skippableBefore reports whether token k may stand between a subject and its cue: an
// auxiliary or adverb ("has also said"), or part of a time expression ("Putin on Thursday said").
func (r *run) skippableBefore(k int) bool {
	if r.is(k, aux|adverb) || r.inDate[k] {
		return true
	}
	w := r.lower(k)
	return (w == "on" || w == "in" || w == "last" || w == "earlier") && k+1 < len(r.toks) && r.inDate[k+1]
}

// subjectBefore finds the source mention that is the subject of the cue at token c.
func (r *run) subjectBefore(c int) tokRange {
	first := r.sent(c).FirstToken
	// Quotations and their attributions often straddle a sentence split ("…?” Putin asked.").
	j := c - 1
	for j >= first && r.skippableBefore(j) {
		j--
	}
	if j < first || r.inQuote[j] != 0 {
		return noRange
	}
	if r.is(j, pronoun) {
		return tokRange{j, j}
	}
	if r.text(j) == "," {
		return r.appositionSubject(j, first)
	}
	np := r.npBackward(j, first)
	if !np.ok() {
		return noRange
	}
	// "a spokesman for the Clinton campaign said": take in one prepositional phrase.
	if p := np.a - 1; p-1 >= first {
		pw := r.lower(p)
		if pw == "of" || pw == "for" || pw == "at" || pw == "with" || pw == "from" {
			if head := r.npBackward(p-1, first); head.ok() && r.isNominalHead(p-1) {
				np.a = head.a
			}
		}
	}
	return np
}

// appositionSubject handles "Scott Goodstein, its chief executive officer, said": the comma
// at token j closes an apposition that follows a name.
func (r *run) appositionSubject(j, first int) tokRange {
	for k := j - 1; k > first && k >= j-16; k-- {
		if r.inQuote[k] != 0 {
			return noRange
		}
		t := r.text(k)
		if t == ";" || r.isTerminal(k) {
			return noRange
		}
		if t != "," {
			continue
		}
		if k == j-1 {
			return noRange
		}
		head := r.npBackward(k-1, first)
		if !head.ok() || !r.toks[k-1].Cap && !r.is(k-1, pronoun) {
			return noRange
		}
		// The apposition must start like a noun phrase or a relative clause.
		a := r.lower(k + 1)
		if !(r.is(k+1, det|role) || r.toks[k+1].Cap || a == "who" || strings.HasSuffix(a, "'s")) {
			return noRange
		}
		return tokRange{head.a, j}
	}
	return noRange
}

// isNominalHead reports whether token k can end a noun phrase.
func (r *run) isNominalHead(k int) bool {
	t := r.toks[k]
	if t.Kind != document.Word && t.Kind != document.Number {
		return false
	}
	return !r.is(k, stop|prep|aux|beVerb|det)
}

// npBackward returns the noun phrase that ends at token j, scanning left no further than
// first. It accepts proper-name runs with their titles ("Russian President Vladimir Putin",
// "FBI director James Comey", "the Office of the Director of National Intelligence"), and
// common-noun phrases that open with a determiner ("the influential US daily", "a source") or
// are bare plurals of people ("officials", "sources").
func (r *run) npBackward(j, first int) tokRange {
	if j < first || !r.isNominalHead(j) || r.inQuote[j] != 0 {
		return noRange
	}
	if r.is(j, verbForm) && !r.toks[j].Cap {
		return noRange
	}
	a := j
	hasCap := r.toks[j].Cap
	hasDet := false
	loose := 0 // lower-case words taken in that are neither roles nor plurals of people
	for k := j - 1; k >= first; k-- {
		if r.inQuote[k] != 0 {
			break
		}
		w := r.lower(k)
		t := r.toks[k]
		if r.is(k, det) {
			// "the" inside a name: "Office of the Director".
			if w == "the" && hasCap && k-1 >= first && (r.lower(k-1) == "of" || r.lower(k-1) == "for") && k-2 >= first && r.toks[k-2].Cap {
				a = k
				continue
			}
			a = k
			hasDet = true
			break
		}
		if t.Kind == document.Number {
			a = k
			continue
		}
		if t.Kind != document.Word {
			break
		}
		if r.is(k, stop|aux|beVerb) {
			break
		}
		if r.is(k, prep) {
			if r.is(k, connector) && hasCap && r.toks[a].Cap && k-1 >= first && r.toks[k-1].Cap {
				a = k
				continue
			}
			break
		}
		if t.Cap {
			if k == first && r.isFunctionWord(k) {
				break
			}
			a = k
			hasCap = true
			continue
		}
		if r.is(k, role|personPlural) {
			a = k
			continue
		}
		if r.is(k, verbForm) || strings.HasSuffix(w, "ly") {
			break
		}
		if loose >= 3 {
			break
		}
		loose++
		a = k
	}
	if hasDet || hasCap && loose == 0 {
		return tokRange{a, j}
	}
	if hasCap {
		// Loose lower-case words without a determiner: keep only the capitalised tail.
		for a < j && !r.toks[a].Cap && !r.is(a, role) {
			a++
		}
		return tokRange{a, j}
	}
	if r.is(j, personPlural) || r.is(j, role) && strings.HasSuffix(r.lower(j), "s") {
		// bare plural: "officials said", "senior aides say"
		for a < j && !r.is(a, role|personPlural) && r.toks[a].Kind != document.Number {
			a++
		}
		return tokRange{a, j}
	}
	return noRange
}

// isFunctionWord reports whether a capitalised sentence-initial word is a function word
// rather than a name ("But", "In", "The").
func (r *run) isFunctionWord(k int) bool {
	if r.is(k, stop|prep|det|adverb|pronoun) {
		return true
	}
	w := r.lower(k)
	return w == "yes" || w == "no"
}

// npForward returns the noun phrase starting at token k (for "said Smith", "according to the
// report"), ending before punctuation, a verb or a clause.
func (r *run) npForward(k, end int) tokRange {
	if k >= end || r.inQuote[k] != 0 {
		return noRange
	}
	if w := r.lower(k); r.is(k, pronoun) && w != "which" && w != "who" {
		return tokRange{k, k}
	}
	b := -1
	hasCap, hasDet := false, false
	loose := 0
	for i := k; i < end && i < k+12; i++ {
		t := r.toks[i]
		w := r.lower(i)
		if r.inQuote[i] != 0 || t.Kind == document.Punct && w != "-" || t.Kind == document.Quote {
			// A possessive's apostrophe after a name: "Trump’ campaign" is rare; stop.
			break
		}
		if r.is(i, det) && (i == k || r.is(i-1, prep)) {
			hasDet = hasDet || i == k
			b = i
			continue
		}
		if r.is(i, stop|aux|beVerb) {
			break
		}
		if r.is(i, prep) {
			// "of" and "for" continue a name or a description: "the director of the FBI".
			if (w == "of" || w == "for" || w == "by" || w == "from" || w == "with" || w == "in" || w == "at") && b >= k && i+1 < end && r.toks[i+1].Kind == document.Word {
				b = i
				continue
			}
			break
		}
		if t.Cap {
			hasCap = true
			b = i
			continue
		}
		if r.is(i, verbForm) && i > k && !(hasDet && i == k+1) {
			break
		}
		if r.is(i, role|personPlural) || t.Kind == document.Number {
			b = i
			continue
		}
		// Other lower-case words: modifiers and the head of a description ("the influential US
		// daily"), never after a name has begun ("the Office … released").
		if !hasDet || hasCap || strings.HasSuffix(w, "ed") || loose >= 3 {
			break
		}
		loose++
		b = i
	}
	// Do not end on a preposition or determiner.
	for b >= k && r.is(b, prep|det) {
		b--
	}
	if b < k {
		return noRange
	}
	return tokRange{k, b}
}

// pluralSubject reports whether a subject can go with a base verb form ("officials say",
// "they say", "polls show"): a plural or a first/second person pronoun.
func (r *run) pluralSubject(src tokRange) bool {
	w := r.lower(src.b)
	switch w {
	case "they", "we", "i", "you", "who", "which":
		return true
	case "he", "she", "it":
		return false
	}
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "'s")
}

// clauseSubject returns the subject of the clause holding a participial cue: "X released a
// report accusing Russia", "X wrote on Twitter, saying …". The subject of the latest
// statement in the sentence wins; otherwise the sentence's first noun phrase.
func (r *run) clauseSubject(c int) tokRange {
	sent := r.sent(c)
	for k := len(r.d.Statements) - 1; k >= 0; k-- {
		st := &r.d.Statements[k]
		if st.Source.Empty() || st.Source.Start < sent.Start {
			break
		}
		if st.Source.End <= r.toks[c].Start {
			return r.tokensOf(st.Source)
		}
	}
	k := sent.FirstToken
	// Skip an introductory phrase closed by a comma: "In January, …", "On Thursday, …".
	for i := k; i < c && i < k+10; i++ {
		if r.text(i) == "," {
			if i+1 < c {
				k = i + 1
			}
			break
		}
	}
	if r.inQuote[k] != 0 {
		return noRange
	}
	np := r.npForward(k, c)
	if !np.ok() {
		return noRange
	}
	// The subject must be followed by its verb, not be the cue's own object.
	if np.b+1 >= c || r.isTerminal(np.b+1) {
		return noRange
	}
	return np
}

// tokensOf returns the token range covering span sp.
// It is the range of the tokens starting before sp.End: from the first that starts at or after
// sp.Start to the last that ends by sp.End, each -1 when there is none. Tokens are in text order
// and do not overlap, so both ends are found by binary search.
func (r *run) tokensOf(sp document.Span) tokRange {
	toks := r.toks
	hi := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= sp.End })
	a := sort.Search(hi, func(i int) bool { return toks[i].Start >= sp.Start })
	if a == hi {
		a = -1
	}
	b := sort.Search(hi, func(i int) bool { return toks[i].End > sp.End }) - 1
	return tokRange{a, b}
}

// skipObject skips the indirect object of "told"/"asked": a pronoun or a short noun phrase
// ("told reporters", "told The Associated Press", "asked CNN’s Jake Tapper").
func (r *run) skipObject(k, end int, required bool) int {
	if k >= end {
		return k
	}
	if r.is(k, objPronoun|personPlural) {
		return k + 1
	}
	if r.is(k, clauseStart) {
		return k
	}
	np := r.npForward(k, end)
	if np.ok() {
		return np.b + 1
	}
	return k
}

// skipAdjuncts skips prepositional phrases and time expressions between a cue and its
// content: "said in a statement on Thursday that …", "said Tuesday that …". It only skips when
// the phrase leads to "that", a comma, a colon or a quotation; otherwise it returns k.
func (r *run) skipAdjuncts(k, end int) int {
	i := k
	for i < end && i < k+16 {
		w := r.lower(i)
		switch {
		case r.inDate[i]:
			i++
			continue
		case w == "on" || w == "in" || w == "at" || w == "during" || w == "to" || w == "via" ||
			w == "after" || w == "before" || w == "from" || w == "with" || w == "through" || w == "over" || w == "while":
			i++
			// the phrase's noun phrase
			for i < end && r.inQuote[i] == 0 && !r.is(i, stop) && r.toks[i].Kind != document.Punct {
				i++
			}
			continue
		case r.is(i, adverb) && w != "not" && w != "never":
			i++
			continue
		}
		break
	}
	if i == k || i >= end {
		return k
	}
	t := r.text(i)
	if r.lower(i) == "that" || t == "," || t == ":" || r.inQuote[i] != 0 {
		return i
	}
	return k
}

// forwardContent returns the reported content after a cue: from "that" (or the clause start)
// to the sentence's end. frameEnd is the last token of the attribution.
func (r *run) forwardContent(k, frameEnd int, sent *document.Sentence, c cue) (from, to int, ok bool) {
	end := sent.EndToken
	if k >= end || r.isTerminal(k) {
		return 0, 0, false
	}
	w := r.lower(k)
	t := r.text(k)
	if t == "," || t == ";" || t == ")" || t == "—" || t == "–" {
		return 0, 0, false
	}
	if t == ":" {
		k++
		if k >= end {
			return 0, 0, false
		}
		w = r.lower(k)
	}
	switch c.frame {
	case frameClause, frameTell:
		if w != "that" && !r.canStartClause(k) {
			return 0, 0, false
		}
	case frameAsk:
		if !r.is(k, clauseStart) {
			return 0, 0, false
		}
	case frameObject:
		if r.is(k, prep) && w != "for" && w != "on" || r.is(k, stop) && w != "that" {
			return 0, 0, false
		}
	}
	to = r.contentEnd(sent)
	if to-k > maxContentTokens {
		to = k + maxContentTokens // a run-on "sentence" must not make output quadratic
	}
	if to-k < 1 {
		return 0, 0, false
	}
	return k, to, true
}

// canStartClause reports whether token k can begin a reported clause without "that": a
// subject (name, pronoun, determiner) or a quotation.
func (r *run) canStartClause(k int) bool {
	w := r.lower(k)
	t := r.toks[k]
	if r.inQuote[k] != 0 {
		return true
	}
	if r.is(k, prep) || r.is(k, stop) && w != "that" || r.is(k, objPronoun) && !r.is(k, pronoun) {
		return false
	}
	if r.is(k, pronoun) && w != "who" && w != "which" || w == "there" || r.is(k, det) {
		return true
	}
	if t.Cap || t.Kind == document.Number {
		return true
	}
	// A bare noun phrase subject: "said company leaders had paid attention". Adverbs and verb
	// forms ("said goodbye" aside) do not start one.
	return t.Kind == document.Word && !r.is(k, adverb|aux|beVerb) &&
		!strings.HasSuffix(w, "ly") && !r.is(k, verbForm)
}

// backwardContent returns the content before an attribution that follows it after a comma
// ("…, sources said.") or sits inside it ("The plan, he said, would fail.").
func (r *run) backwardContent(frameStart, frameEnd int, sent *document.Sentence) ([]document.Span, bool) {
	p := frameStart - 1
	if p < sent.FirstToken || r.text(p) != "," && r.text(p) != "—" {
		return nil, false
	}
	from := r.clauseStartBefore(p-1, sent.FirstToken)
	if from >= 0 && p-1-from > maxContentTokens {
		from = p - 1 - maxContentTokens
	}
	if from < 0 || p-1-from < 1 {
		return nil, false
	}
	// After the attribution: the end of the sentence, an adjunct, or the rest of a parenthesis.
	k := frameEnd + 1
	k = r.skipAdjunctsToEnd(k, sent.EndToken)
	if k >= sent.EndToken || r.isTerminal(k) {
		return []document.Span{r.span(from, p-1)}, true
	}
	if r.text(k) == "," || r.text(k) == "—" {
		// "…, said Smith, the mayor, in a statement.": what is left is the attribution's.
		if e := r.skipAdjunctsToEnd(k+1, sent.EndToken); e > k+1 && (e >= sent.EndToken || r.isTerminal(e)) {
			return []document.Span{r.span(from, p-1)}, true
		}
		// "…, he said, adding that …": the rest is another statement's.
		if k+1 < sent.EndToken {
			if c, ok := r.cueAtToken(k + 1); ok && c.form == formIng {
				return []document.Span{r.span(from, p-1)}, true
			}
		}
		rest := k + 1
		to := r.contentEnd(sent)
		if to-rest > maxContentTokens {
			to = rest + maxContentTokens
		}
		if to >= rest+1 {
			return []document.Span{r.span(from, p-1), r.span(rest, to)}, true
		}
	}
	return nil, false
}

// skipAdjunctsToEnd skips what may follow "he said" before the sentence ends: a time
// expression, "in a statement", "at a conference", "to reporters", "on Twitter".
func (r *run) skipAdjunctsToEnd(k, end int) int {
	i := k
	for i < end && i < k+12 {
		w := r.lower(i)
		if r.inDate[i] || r.is(i, adverb) {
			i++
			continue
		}
		if r.is(i, prep) || w == "via" {
			i++
			for i < end && r.inQuote[i] == 0 && r.toks[i].Kind != document.Punct && r.toks[i].Kind != document.Quote && !r.is(i, stop) {
				i++
			}
			continue
		}
		break
	}
	return i
}
