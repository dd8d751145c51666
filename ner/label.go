package ner

import "fmt"

// Type is the type of a named entity. The zero value, None, labels a token outside any
// entity.
type Type uint8

// The entity types, after CoNLL-2003's PER, ORG, LOC and MISC.
const (
	None         Type = iota
	Person            // PER: people, and fictional characters
	Organization      // ORG: companies, parties, teams, institutions
	Place             // LOC: countries, cities, regions, rivers, buildings
	Other             // MISC: nationalities, events, works, other names
	numTypes     = 4
)

var typeNames = [...]string{"O", "PER", "ORG", "LOC", "MISC"}

// String returns CoNLL's name of the type: PER, ORG, LOC, MISC, or O for None.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", t)
}

// parseType reads a CoNLL type name.
func parseType(s string) (Type, bool) {
	for i, n := range typeNames[1:] {
		if n == s {
			return Type(i + 1), true
		}
	}
	return None, false
}

// Part is a token's place in its entity, as in BILOU encoding. The tagger decodes in BILOU,
// which Ratinov and Roth (2009) found better than BIO for CoNLL; Label.CoNLL gives the IOB2
// tag that the scorer reads.
type Part uint8

// The parts of an entity.
const (
	Out    Part = iota // outside any entity (Type is None)
	Begin              // first token of an entity of two or more tokens
	Inside             // neither first nor last
	Last               // last token of an entity of two or more tokens
	Unit               // the only token of a one-token entity
)

// Label is the tagger's answer for one token.
type Label struct {
	Type Type
	Part Part
}

// CoNLL returns the label as an IOB2 tag: "B-PER", "I-ORG", "O".
func (l Label) CoNLL() string {
	switch {
	case l.Type == None || l.Part == Out:
		return "O"
	case l.Part == Begin || l.Part == Unit:
		return "B-" + l.Type.String()
	}
	return "I-" + l.Type.String()
}

func (l Label) String() string { return l.CoNLL() }

// The tagger's classes: 0 is O, then four per type (B, I, L, U).
const numClasses = 1 + 4*numTypes

func classOf(l Label) int {
	if l.Type == None || l.Part == Out || l.Type > numTypes || l.Part > Unit {
		return 0
	}
	return 1 + int(l.Type-1)*4 + int(l.Part-1)
}

func labelOf(c int) Label {
	if c <= 0 || c >= numClasses {
		return Label{}
	}
	return Label{Type: Type((c-1)/4 + 1), Part: Part((c-1)%4 + 1)}
}

// Span is an entity: tokens Start to End-1 of a sentence.
type Span struct {
	Start, End int
	Type       Type
}

// Spans returns the entities of one sentence's labels. It reads them as IOB2 would, so that
// a sequence that is not well formed (which the tagger never produces) still gives spans:
// an entity starts at Begin or Unit, or at a change of type, and ends before the next start
// or Out.
func Spans(labels []Label) []Span { return AppendSpans(nil, labels) }

// AppendSpans appends the entities of one sentence's labels, as Spans returns them, to out
// and returns the extended slice, so that a caller can reuse one buffer for every sentence.
func AppendSpans(out []Span, labels []Label) []Span {
	cur := -1
	for i, l := range labels {
		if l.Type == None || l.Part == Out {
			if cur >= 0 {
				out = append(out, Span{cur, i, labels[cur].Type})
				cur = -1
			}
			continue
		}
		if cur >= 0 && (l.Part == Begin || l.Part == Unit || l.Type != labels[cur].Type) {
			out = append(out, Span{cur, i, labels[cur].Type})
			cur = -1
		}
		if cur < 0 {
			cur = i
		}
		if l.Part == Last || l.Part == Unit {
			out = append(out, Span{cur, i + 1, l.Type})
			cur = -1
		}
	}
	if cur >= 0 {
		out = append(out, Span{cur, len(labels), labels[cur].Type})
	}
	return out
}

// encode writes the BILOU classes of spans over n tokens into out.
func encode(spans []Span, out []uint8) {
	for i := range out {
		out[i] = 0
	}
	for _, s := range spans {
		if s.End-s.Start == 1 {
			out[s.Start] = uint8(classOf(Label{s.Type, Unit}))
			continue
		}
		for i := s.Start; i < s.End; i++ {
			p := Inside
			switch i {
			case s.Start:
				p = Begin
			case s.End - 1:
				p = Last
			}
			out[i] = uint8(classOf(Label{s.Type, p}))
		}
	}
}

// allowed reports whether BILOU lets class cur follow class prev (-1 for the start).
func allowed(prev, cur int) bool {
	open := prev >= 0 && prev != 0 && ((prev-1)%4 == 0 || (prev-1)%4 == 1) // B or I
	if open {
		t := (prev - 1) / 4
		return cur != 0 && (cur-1)/4 == t && ((cur-1)%4 == 1 || (cur-1)%4 == 2) // I or L of the same type
	}
	return cur == 0 || (cur-1)%4 == 0 || (cur-1)%4 == 3 // O, B or U
}

// canEnd reports whether a sentence may end on class c.
func canEnd(c int) bool { return c == 0 || (c-1)%4 == 2 || (c-1)%4 == 3 }
