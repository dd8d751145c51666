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
func About(d *document.Doc) { about(d, nil, new(bystart.Sorter[ment])) }

// About is the function About with f's working memory, which keeps the arrays of mentions
// and of sort keys from one document to the next (together 4 MB of garbage a pass over
// PolNeAR train otherwise).
func (f *Finder) About(d *document.Doc) {
	sc := f.getScratch()
	sc.ments = about(d, sc.ments, &sc.sorter)
	f.pool.Put(sc)
}

// about sets the About of d's statements, with buf's array for the mentions and x to sort
// them, and returns buf for the next document.
func about(d *document.Doc, buf []ment, x *bystart.Sorter[ment]) []ment {
	if len(d.Statements) == 0 {
		return buf
	}
	ms := mentionsByStart(d.Entities, buf[:0], x)
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
	return ms
}

// ment is a mention of entity ent.
type ment struct {
	document.Span
	ent int
}

// mentionsByStart returns the mentions of ents, with the index of their entity, in order of
// start, as sorting them with slices.SortFunc by start gives them (package bystart, which
// sorts integer keys instead: the comparison function took half of About's time).
// It appends them to ms, sorted with x.
func mentionsByStart(ents []document.Entity, ms []ment, x *bystart.Sorter[ment]) []ment {
	n := 0
	for _, e := range ents {
		n += len(e.Mentions)
	}
	ms = slices.Grow(ms, n)
	for e, ent := range ents {
		for _, m := range ent.Mentions {
			ms = append(ms, ment{m, e})
		}
	}
	x.Sort(ms, func(m *ment) int { return m.Start })
	return ms
}
