package entity

import (
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
// start, as sorting them with slices.SortFunc by start gives them. It sorts integer keys
// (the start, then the mention's index) rather than the mentions with a comparison
// function, which took half of About's time; when no two mentions start together, the
// order by start is the only one, which SortFunc gives too, else it sorts with SortFunc,
// for the order it gives the mentions that start together.
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
	byFunc := func() []ment {
		slices.SortFunc(ms, func(a, b ment) int { return a.Start - b.Start })
		return ms
	}
	const indexBits = 20
	if n >= 1<<indexBits {
		return byFunc()
	}
	keys := make([]uint64, n)
	for i, m := range ms {
		if m.Start < 0 || m.Start >= 1<<(64-indexBits) {
			return byFunc()
		}
		keys[i] = uint64(m.Start)<<indexBits | uint64(i)
	}
	slices.Sort(keys)
	for i := 1; i < n; i++ {
		if keys[i]>>indexBits == keys[i-1]>>indexBits { // two mentions start together
			return byFunc()
		}
	}
	out := make([]ment, n)
	for i, k := range keys {
		out[i] = ms[k&(1<<indexBits-1)]
	}
	return out
}
