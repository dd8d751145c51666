package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// document is one CoNLL-2003 document: its sentences, with their gold entities.
type document struct {
	sents []sentence
}

type sentence struct {
	words []string
	gold  []Span
}

// readCoNLL reads CoNLL-2003 NER data: one token per line with the entity tag in the last
// column (IOB1 or IOB2, as the scorer reads both), sentences separated by blank lines,
// documents by -DOCSTART- lines. Data without -DOCSTART- is one document.
func readCoNLL(r io.Reader, name string) ([]document, error) {
	var docs []document
	var cur document
	var words, tags []string
	flushSent := func() {
		if len(words) > 0 {
			cur.sents = append(cur.sents, sentence{words: words, gold: chunks(tags)})
			words, tags = nil, nil
		}
	}
	flushDoc := func() {
		flushSent()
		if len(cur.sents) > 0 {
			docs = append(docs, cur)
			cur = document{}
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
			flushSent()
			continue
		case fields[0] == "-DOCSTART-":
			flushDoc()
			continue
		case len(fields) < 2:
			return nil, fmt.Errorf("%s:%d: want at least two columns", name, line)
		}
		tag := fields[len(fields)-1]
		if _, ok := parseTag(tag); !ok {
			return nil, fmt.Errorf("%s:%d: unknown entity tag %q", name, line, tag)
		}
		words = append(words, fields[0])
		tags = append(tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	flushDoc()
	return docs, nil
}

// parseTag reads "O", "B-PER", "I-LOC"…: the type, with begin true for B-.
func parseTag(s string) (t Type, ok bool) {
	if s == "O" {
		return None, true
	}
	b, typ, found := strings.Cut(s, "-")
	if !found || (b != "B" && b != "I") {
		return None, false
	}
	return parseType(typ)
}

// chunks returns the entities of a sentence's IOB1 or IOB2 tags, as the scorer
// score_conll_ner.py (and conlleval) reads them: an entity starts at B- or at a change of
// type and runs while I- of its type follows.
func chunks(tags []string) []Span {
	var out []Span
	start, typ := -1, None
	for i, s := range tags {
		t, _ := parseTag(s)
		if t == None {
			if start >= 0 {
				out = append(out, Span{start, i, typ})
				start = -1
			}
			continue
		}
		if start >= 0 && (strings.HasPrefix(s, "B-") || t != typ) {
			out = append(out, Span{start, i, typ})
			start = -1
		}
		if start < 0 {
			start, typ = i, t
		}
	}
	if start >= 0 {
		out = append(out, Span{start, len(tags), typ})
	}
	return out
}

// Score is precision, recall and F1 (in percent) of exactly matching entity spans, as
// score_conll_ner.py computes them.
type Score struct {
	P, R, F1   float64
	Gold, Pred int // entities in the gold data and predicted
}

func (s Score) String() string {
	return fmt.Sprintf("P %5.2f  R %5.2f  F1 %5.2f  (gold %d, predicted %d)", s.P, s.R, s.F1, s.Gold, s.Pred)
}

// Scores holds the overall score (index None) and each type's.
type Scores [numTypes + 1]Score

func (s Scores) String() string {
	var b strings.Builder
	for t := Person; t <= Other; t++ {
		fmt.Fprintf(&b, "%-7s %v\n", t.String(), s[t])
	}
	fmt.Fprintf(&b, "overall %v\n", s[None])
	return b.String()
}

// score compares predicted spans with gold ones, sentence by sentence.
func score(gold, pred [][]Span) Scores {
	var tp, ng, np [numTypes + 1]int
	for i := range gold {
		type key struct{ s, e int }
		g := map[key]Type{}
		for _, sp := range gold[i] {
			g[key{sp.Start, sp.End}] = sp.Type
			ng[sp.Type]++
			ng[None]++
		}
		for _, sp := range pred[i] {
			np[sp.Type]++
			np[None]++
			if t, ok := g[key{sp.Start, sp.End}]; ok && t == sp.Type {
				tp[sp.Type]++
				tp[None]++
			}
		}
	}
	var out Scores
	for t := range out {
		s := Score{Gold: ng[t], Pred: np[t]}
		if np[t] > 0 {
			s.P = 100 * float64(tp[t]) / float64(np[t])
		}
		if ng[t] > 0 {
			s.R = 100 * float64(tp[t]) / float64(ng[t])
		}
		if s.P+s.R > 0 {
			s.F1 = 2 * s.P * s.R / (s.P + s.R)
		}
		out[t] = s
	}
	return out
}
