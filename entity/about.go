package entity

import (
	"github.com/whosaid/whosaid/internal/bystart"
	"slices"

	"github.com/whosaid/whosaid/document"
)

// About sets the About of every statement of d: the entities whose mentions lie inside the
// statement's content, in order of first mention, each once. The speaker is left out — the
// statement is by them, and a quotation naming its own speaker ("Putin will not bow," Putin
// said) is rarely about them — so About lists who and what else the words concern. It reads
// Doc.Entities and the resolved speakers, so it runs after speaker resolution.
func About(d *document.Doc) {
	if len(d.Statements) == 0 {
		return
	}
	ms := mentionsByStart(d.Entities)
	for i := range d.Statements {
		st := &d.Statements[i]
		st.About = st.About[:0:0]
		for _, c := range st.Content {
			// The first mention that may lie inside c.
			k, _ := slices.BinarySearchFunc(ms, c.Start, func(m ment, start int) int { return m.Start - start })
			for ; k < len(ms) && ms[k].Start < c.End; k++ {
				m := ms[k]
				if !c.Contains(m.Span) || slices.Contains(st.About, m.ent) {
					continue
				}
				if e := d.Entities[m.ent]; st.Speaker.Name != "" && e.Name == st.Speaker.Name && e.Type == st.Speaker.Type {
					continue
				}
				st.About = append(st.About, m.ent)
			}
		}
		if len(st.About) == 0 {
			st.About = nil
		}
	}
}

// ment is a mention of entity ent.
type ment struct {
	document.Span
	ent int
}

// mentionsByStart returns the mentions of ents, with the index of their entity, in order of
// start, as sorting them with slices.SortFunc by start gives them (package bystart, which
// sorts integer keys instead: the comparison function took half of About's time).
func mentionsByStart(ents []document.Entity) []ment {
	n := 0
	for _, e := range ents {
		n += len(e.Mentions)
	}
	ms := make([]ment, 0, n)
	for e, ent := range ents {
		for _, m := range ent.Mentions {
			ms = append(ms, ment{m, e})
		}
	}
	var x bystart.Sorter[ment]
	x.Sort(ms, func(m *ment) int { return m.Start })
	return ms
}
