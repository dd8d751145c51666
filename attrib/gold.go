package attrib

import (
	"sort"

	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/document"
)

// tokRange is a half-open range of token indices.
type tokRange struct{ start, end int }

func (r tokRange) empty() bool { return r.end <= r.start }

// len is the number of tokens in r.
func (r tokRange) len() int { return max(r.end-r.start, 0) }

// goldRel is one gold relation in token indices.
type goldRel struct {
	cue, src tokRange
	content  []tokRange
}

// byteOffsets returns, for each code point offset 0..n of text, its byte offset.
func byteOffsets(text string) []int {
	offs := make([]int, 0, len(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	return append(offs, len(text))
}

// tokensOf maps a brat span (code point fragments) to token ranges: a token belongs to the
// span when it overlaps a fragment. Adjacent ranges are merged.
func tokensOf(d *document.Doc, offs []int, frags []brat.Frag) []tokRange {
	var out []tokRange
	sorted := append([]brat.Frag(nil), frags...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	for _, f := range sorted {
		a, b := f.Start, f.End
		if a < 0 {
			a = 0
		}
		if b > len(offs)-1 {
			b = len(offs) - 1
		}
		if a >= b {
			continue
		}
		ba, bb := offs[a], offs[b]
		i := sort.Search(len(d.Tokens), func(i int) bool { return d.Tokens[i].End > ba })
		j := i
		for j < len(d.Tokens) && d.Tokens[j].Start < bb {
			j++
		}
		if j <= i {
			continue
		}
		if n := len(out); n > 0 && out[n-1].end >= i {
			if j > out[n-1].end {
				out[n-1].end = j
			}
			continue
		}
		out = append(out, tokRange{i, j})
	}
	return out
}

// goldRelations returns the relations of a gold document in token indices, dropping those
// without a cue or without content.
func goldRelations(d *document.Doc, a *brat.Ann) []goldRel {
	offs := byteOffsets(d.Text)
	var rels []goldRel
	for _, r := range a.Relations {
		var g goldRel
		cue, ok := a.Spans[r[brat.Cue]]
		if !ok {
			continue
		}
		cr := tokensOf(d, offs, cue.Frags)
		if len(cr) == 0 {
			continue
		}
		g.cue = tokRange{cr[0].start, cr[len(cr)-1].end}
		con, ok := a.Spans[r[brat.Content]]
		if !ok {
			continue
		}
		g.content = tokensOf(d, offs, con.Frags)
		if len(g.content) == 0 {
			continue
		}
		if s, ok := a.Spans[r[brat.Source]]; ok {
			sr := tokensOf(d, offs, s.Frags)
			if len(sr) > 0 {
				g.src = tokRange{sr[0].start, sr[len(sr)-1].end}
			}
		}
		rels = append(rels, g)
	}
	sort.SliceStable(rels, func(i, j int) bool { return rels[i].cue.start < rels[j].cue.start })
	return rels
}
