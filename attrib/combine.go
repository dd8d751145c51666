package attrib

import (
	"sort"

	"github.com/whosaid/whosaid/document"
)

// Combine merges the model's statements with those of the quotation rules (package quote),
// measured on PolNeAR dev to beat either alone. The model reads cues, sources and content
// boundaries better than the rules, quotations included, so where both find a cue the
// model's statement stays. The rules add what the model misses: statements whose cue the
// model did not find, a quotation that runs on without a cue of its own (a continuation,
// kept pointing at the statement it continues, now perhaps the model's), and the headline
// form "Name: ‘…’".
func Combine(model, rules []document.Statement) []document.Statement {
	type item struct {
		st   document.Statement
		rule int // index into rules, or -1
	}
	items := make([]item, 0, len(model)+len(rules))
	// taken[j] is the index in items of the statement standing for rule statement j.
	taken := make([]int, len(rules))
	for j := range taken {
		taken[j] = -1
	}
	for _, m := range model {
		for j, r := range rules {
			if taken[j] < 0 && !r.Cue.Empty() && r.Cue.Overlaps(m.Cue) {
				taken[j] = len(items)
				break
			}
		}
		items = append(items, item{m, -1})
	}
	nmodel := len(items)
	overlapsAny := func(content []document.Span, items []item) bool {
		for _, it := range items {
			for _, a := range it.st.Content {
				for _, b := range content {
					if a.Overlaps(b) {
						return true
					}
				}
			}
		}
		return false
	}
	for j, r := range rules {
		if taken[j] >= 0 {
			continue
		}
		if r.Cue.Empty() && overlapsAny(r.Content, items[:nmodel]) {
			// A headline or colon form the model read with the colon as its cue, or a
			// quotation running on that the model joined to its statement.
			continue
		}
		taken[j] = len(items)
		items = append(items, item{r, j})
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return items[order[a]].st.Content[0].Start < items[order[b]].st.Content[0].Start
	})
	pos := make([]int, len(items))
	for newIdx, old := range order {
		pos[old] = newIdx
	}
	out := make([]document.Statement, len(items))
	for newIdx, old := range order {
		st := items[old].st
		switch c := st.Continues; {
		case c < 0:
		case items[old].rule >= 0 && c < len(rules):
			// Follow the chain past continuations that were dropped.
			for n := 0; c >= 0 && c < len(rules) && taken[c] < 0 && n < len(rules); n++ {
				c = rules[c].Continues
			}
			if c >= 0 && c < len(rules) && taken[c] >= 0 {
				st.Continues = pos[taken[c]]
			} else {
				st.Continues = -1
			}
		case items[old].rule < 0 && c < len(model):
			st.Continues = pos[c] // model statements come first in items, in order
		default:
			st.Continues = -1
		}
		out[newIdx] = st
	}
	return out
}
