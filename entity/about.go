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
// (the start, the entity's index and the mention's) rather than the mentions with a
// comparison function, which took half of About's time, and builds the mentions from the
// sorted keys alone, so that the one array it allocates besides the keys is the result;
// when no two mentions start together, the order by start is the only one, which SortFunc
// gives too, else it sorts with SortFunc, for the order it gives the mentions that start
// together.
func mentionsByStart(ents []document.Entity) []ment {
	n := 0
	for _, e := range ents {
		n += len(e.Mentions)
	}
	byFunc := func() []ment {
		ms := make([]ment, 0, n)
		for e, ent := range ents {
			for _, m := range ent.Mentions {
				ms = append(ms, ment{m, e})
			}
		}
		slices.SortFunc(ms, func(a, b ment) int { return a.Start - b.Start })
		return ms
	}
	const indexBits, startBits = 20, 64 - 2*20
	if len(ents) >= 1<<indexBits {
		return byFunc()
	}
	keys := make([]uint64, 0, n)
	for e, ent := range ents {
		if len(ent.Mentions) >= 1<<indexBits {
			return byFunc()
		}
		for i, m := range ent.Mentions {
			if m.Start < 0 || m.Start >= 1<<startBits {
				return byFunc()
			}
			keys = append(keys, uint64(m.Start)<<(2*indexBits)|uint64(e)<<indexBits|uint64(i))
		}
	}
	slices.Sort(keys)
	for i := 1; i < n; i++ {
		if keys[i]>>(2*indexBits) == keys[i-1]>>(2*indexBits) { // two mentions start together
			return byFunc()
		}
	}
	const mask = 1<<indexBits - 1
	out := make([]ment, n)
	for i, k := range keys {
		e := int(k >> indexBits & mask)
		out[i] = ment{ents[e].Mentions[k&mask], e}
	}
	return out
}
