package quote

import (
	"slices"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
)

// qspan is one top-level quotation: its opening and closing mark tokens. close is -1 when the
// quotation runs to the end of its paragraph without closing (a quote over several paragraphs).
type qspan struct {
	open, close int // token indexes
	para        int
	claimed     int // index of the statement that took it, or -1
	next        int // the quote that continues it in the following paragraph, or -1
}

// lastTok returns the last token of the quotation.
func (q *qspan) lastTok(d *document.Doc) int {
	if q.close >= 0 {
		return q.close
	}
	return paraLastTok(d, q.open)
}

func paraLastTok(d *document.Doc, i int) int {
	p := d.Tokens[i].Para
	for i+1 < len(d.Tokens) && d.Tokens[i+1].Para == p {
		i++
	}
	return i
}

// markClass is how a quotation mark can act.
type markClass uint8

const (
	markNone markClass = iota
	markOpen
	markClose
	markEither // straight " : decided by context
)

func classify(r rune) (mc markClass, single bool) {
	switch r {
	case '“', '„', '«', '‟', '〝':
		return markOpen, false
	case '”', '»', '〞':
		return markClose, false
	case '"', '＂':
		return markEither, false
	case '‘', '‛', '‹', '‚':
		return markOpen, true
	case '’', '›':
		return markClose, true
	case '\'':
		return markEither, true
	}
	return markNone, false
}

// findQuotes pairs quotation marks paragraph by paragraph. Double quotes (typographic,
// straight, guillemets) are the primary marks. Single quotes are taken as top-level quotations
// only outside double quotes and only where both marks stand at word edges, because ’ is far
// more often an apostrophe (a plural possessive "voters’" included) than a quotation mark; in
// British headlines and standfirsts they are the primary marks.
func findQuotes(d *document.Doc, out []qspan) []qspan {
	toks := d.Tokens
	text := d.Text
	start := len(out)
	// Only paragraphs with a quotation mark can hold a quotation; each is paired from its
	// first mark on, since quotesInPara looks at nothing before it, and it is handed the
	// paragraph's marks, the only tokens it examines.
	var buf [64]int32
	for i := 0; i < len(toks); i++ {
		if toks[i].Kind != document.Quote {
			continue
		}
		p := toks[i].Para
		marks := append(buf[:0], int32(i))
		end := i + 1
		for end < len(toks) && toks[end].Para == p {
			if toks[end].Kind == document.Quote {
				marks = append(marks, int32(end))
			}
			end++
		}
		out = quotesInPara(text, toks, marks, end, p, out)
		i = end - 1
	}
	return linkQuotes(toks, out, start)
}

// findQuotesIn is findQuotes given the document's quotation marks (the tokens of kind
// Quote, in order) and the ends of its paragraphs' runs of tokens, which the extractor
// notes as it lower-cases the tokens: it visits the marks alone.
func findQuotesIn(d *document.Doc, out []qspan, marks, paraEnds []int32) []qspan {
	toks := d.Tokens
	start := len(out)
	var buf [64]int32
	run := 0 // the paragraph run of marks[k]
	for k := 0; k < len(marks); {
		i := marks[k]
		for paraEnds[run] <= i {
			run++
		}
		end := paraEnds[run]
		para := buf[:0]
		for ; k < len(marks) && marks[k] < end; k++ {
			para = append(para, marks[k])
		}
		out = quotesInPara(d.Text, toks, para, int(end), toks[i].Para, out)
	}
	return linkQuotes(toks, out, start)
}

// linkQuotes links, in the quotations found from out[start] on, a quote left open at a
// paragraph's end to one that opens the next paragraph, and returns out.
func linkQuotes(toks []document.Token, out []qspan, start int) []qspan {
	for k := start; k < len(out); k++ {
		q := &out[k]
		if q.close >= 0 || k+1 >= len(out) {
			continue
		}
		n := &out[k+1]
		if n.para == q.para+1 && isParaStart(toks, n.open) {
			q.next = k + 1
		}
	}
	return out
}

func isParaStart(toks []document.Token, i int) bool {
	return i == 0 || toks[i-1].Para != toks[i].Para
}

func runeAt(text string, t document.Token) rune {
	r, _ := utf8.DecodeRuneInString(text[t.Start:t.End])
	return r
}

// opensHere reports whether a mark at token i sits where a quotation can open: after space,
// the start of a paragraph or an opening bracket or dash, and before a word.
func opensHere(text string, toks []document.Token, i, end int) bool {
	if i+1 >= end || toks[i+1].Space {
		return false
	}
	if toks[i].Space || isParaStart(toks, i) {
		return true
	}
	switch text[toks[i-1].Start:toks[i-1].End] {
	case "(", "[", "—", "–", ":", "-":
		return true
	}
	return false
}

// closesHere reports whether a mark at token i sits where a quotation can close: after a
// non-space and before space, punctuation or the paragraph's end.
func closesHere(text string, toks []document.Token, i, end int) bool {
	if toks[i].Space {
		return false
	}
	if i+1 >= end || toks[i+1].Space {
		return true
	}
	return toks[i+1].Kind == document.Punct || toks[i+1].Kind == document.Quote
}

// quotesInPara pairs the quotation marks of one paragraph, whose last token is end-1: marks
// holds the indexes of its Quote tokens, in order, from its first.
func quotesInPara(text string, toks []document.Token, marks []int32, end, para int, out []qspan) []qspan {
	open := -1 // token index of the open double quote
	var openRune rune
	inner := false // a straight quotation is open inside the typographic one
	for _, m := range marks {
		i := int(m)
		r := runeAt(text, toks[i])
		mc, single := classify(r)
		if toks[i].Len() == 2 && (r == '\'' || r == '`') {
			// '' and ``: a double quote in typewriter style.
			mc, single, r = markEither, false, '"'
			if text[toks[i].Start] == '`' {
				mc = markOpen
			}
		}
		if single {
			continue
		}
		switch {
		case open < 0 && (mc == markOpen || mc == markEither && opensHere(text, toks, i, end)):
			open, openRune, inner = i, r, false
		case open >= 0 && mc == markEither && openRune != '"' && openRune != '＂':
			// Straight marks inside a typographic quotation: a quotation nested in it, or the
			// mark that closes it ("“Immunity deals …," he said): text put together from two
			// sources, or typed by hand after a pasted quotation.
			switch {
			case inner:
				inner = !closesHere(text, toks, i, end)
			case opensHere(text, toks, i, end):
				inner = true
			case closesHere(text, toks, i, end):
				out = append(out, qspan{open: open, close: i, para: para, claimed: -1, next: -1})
				open = -1
			}
		case open >= 0 && (mc == markClose || mc == markEither && (openRune == '"' || openRune == '＂')):
			if mc == markEither && !closesHere(text, toks, i, end) && opensHere(text, toks, i, end) {
				// An unbalanced straight quote: the previous one was stray; reopen here.
				open = i
				continue
			}
			out = append(out, qspan{open: open, close: i, para: para, claimed: -1, next: -1})
			open = -1
		case open >= 0 && mc == markOpen:
			// A nested opening mark of the same kind (rare) or a missed close: keep the outer.
		}
	}
	if open >= 0 {
		out = append(out, qspan{open: open, close: -1, para: para, claimed: -1, next: -1})
	}
	// Single quotes outside double quotes.
	for k := 0; k < len(marks); k++ {
		i := int(marks[k])
		mc, single := classify(runeAt(text, toks[i]))
		if !single || toks[i].Len() == 2 || mc == markClose || !opensHere(text, toks, i, end) || insideAny(out, i) {
			continue
		}
		for k2 := k + 1; k2 < len(marks); k2++ {
			j := int(marks[k2])
			if j < i+2 {
				continue
			}
			if j >= end || j >= i+maxContentTokens {
				break
			}
			mc2, single2 := classify(runeAt(text, toks[j]))
			if !single2 || toks[j].Len() == 2 || mc2 == markOpen || !closesHere(text, toks, j, end) {
				continue
			}
			// A plural possessive ("voters’ choice") is not a closing mark.
			if j+1 < end && toks[j+1].Space && toks[j+1].Kind == document.Word && !toks[j+1].Cap &&
				endsWithS(text, toks[j-1]) && j+1 < end-1 {
				continue
			}
			out = appendSorted(out, qspan{open: i, close: j, para: para, claimed: -1, next: -1})
			k = k2 // go on after the closing mark
			break
		}
	}
	return out
}

func endsWithS(text string, t document.Token) bool {
	return t.End > t.Start && (text[t.End-1] == 's' || text[t.End-1] == 'S')
}

func insideAny(qs []qspan, i int) bool {
	for k := len(qs) - 1; k >= 0; k-- {
		q := qs[k]
		if i >= q.open && (q.close < 0 || i <= q.close) {
			return true
		}
		if q.close >= 0 && q.close < i {
			break
		}
	}
	return false
}

// appendSorted inserts q keeping out ordered by opening token.
func appendSorted(out []qspan, q qspan) []qspan {
	out = append(out, q)
	for k := len(out) - 1; k > 0 && out[k-1].open > out[k].open; k-- {
		out[k-1], out[k] = out[k], out[k-1]
	}
	return out
}

// QuoteIndex returns, for each token of d, 1 + the index of the top-level quotation holding
// it (its marks included), or 0 outside quotations. Quotations pair as the extractor pairs
// them: curly and straight marks, nesting, and a quotation left open at a paragraph's end that
// a new paragraph reopens. Other stages use it to read what is quoted. Inside the merge step
// of Extractor.ExtractWith it copies the extractor's own index (document.Doc.Quoted).
func QuoteIndex(d *document.Doc) []int32 {
	if d.Quoted != nil && len(d.Quoted) == len(d.Tokens) {
		return slices.Clone(d.Quoted)
	}
	return quoteIndexInto(d, findQuotes(d, nil), make([]int32, len(d.Tokens)))
}

// quoteIndexInto fills out, of one element per token, as QuoteIndex returns it.
func quoteIndexInto(d *document.Doc, quotes []qspan, out []int32) []int32 {
	clear(out)
	for k, q := range quotes {
		last := q.lastTok(d)
		for i := q.open; i <= last; i++ {
			out[i] = int32(k + 1)
		}
	}
	return out
}
