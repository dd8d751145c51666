package attrib

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
)

// combineRef is Combine written plainly: statements copied into a list of items, rule
// statements matched by a scan of all cues, and contents by a scan of all model contents.
func combineRef(text string, model, rules []document.Statement) []document.Statement {
	type item struct {
		st   document.Statement
		rule int
	}
	var items []item
	taken := make([]int, len(rules))
	for j := range taken {
		taken[j] = -1
	}
	for _, m := range model {
		j := -1
		for k, r := range rules {
			if taken[k] < 0 && !r.Cue.Empty() && r.Cue.Overlaps(m.Cue) {
				j = k
				break
			}
		}
		if j >= 0 {
			taken[j] = len(items)
			if m.Source.Empty() && !rules[j].Source.Empty() && !overlapsAny(rules[j].Source, m.Content) {
				m.Source = rules[j].Source
			}
		}
		items = append(items, item{m, -1})
	}
	said := func(sps []document.Span) bool {
		for _, m := range model {
			for _, c := range m.Content {
				if overlapsAny(c, sps) {
					return true
				}
			}
		}
		return false
	}
	for j, r := range rules {
		if taken[j] >= 0 || r.Rule == "cue-then-content" && !thatClause(text, r) || r.Cue.Empty() && said(r.Content) ||
			!r.Cue.Empty() && said([]document.Span{r.Cue}) {
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
			for n := 0; c >= 0 && c < len(rules) && taken[c] < 0 && n < len(rules); n++ {
				c = rules[c].Continues
			}
			if c >= 0 && c < len(rules) && taken[c] >= 0 {
				st.Continues = pos[taken[c]]
			} else {
				st.Continues = -1
			}
		case items[old].rule < 0 && c < len(model):
			st.Continues = pos[c]
		default:
			st.Continues = -1
		}
		out[newIdx] = st
	}
	return out
}

// TestCombineAgrees checks Combine against combineRef on random statements, from a few to
// more than Combine's working arrays on the stack hold.
func TestCombineAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := strings.Repeat("that said x ", 400)
	span := func(max, long int) document.Span {
		a := rng.IntN(max)
		return document.Span{Start: a, End: a + 1 + rng.IntN(long)}
	}
	statement := func(i, n int, rule string) document.Statement {
		st := document.Statement{Continues: -1, Rule: rule}
		if rng.IntN(4) > 0 {
			st.Cue = span(len(text)-20, 8)
		}
		if rng.IntN(2) == 0 {
			st.Source = span(len(text)-20, 10)
		}
		for range 1 + rng.IntN(3) {
			st.Content = append(st.Content, span(len(text)-20, 20))
		}
		switch r := rng.IntN(10); {
		case r < 3 && i > 0:
			st.Continues = rng.IntN(i)
		case r == 3:
			st.Continues = rng.IntN(n + 3) // perhaps beyond the statements
		}
		return st
	}
	rules := []string{"cue-then-content", "cue", "quote-runs-on", "headline"}
	for trial := range 300 {
		size := 1 + trial%40
		if trial%10 == 0 {
			size = 300 + trial
		}
		nm, nr := rng.IntN(size), rng.IntN(size)
		model := make([]document.Statement, nm)
		for i := range model {
			model[i] = statement(i, nm, "model")
		}
		rs := make([]document.Statement, nr)
		for j := range rs {
			rs[j] = statement(j, nr, rules[rng.IntN(len(rules))])
		}
		got, want := Combine(text, model, rs), combineRef(text, model, rs)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (%d model, %d rule statements): Combine differs from combineRef\ngot  %+v\nwant %+v", trial, nm, nr, got, want)
		}
	}
}

// TestCombineNested checks that a rule statement whose cue lies in the content of a model
// statement is left out, and one whose cue lies elsewhere is kept.
func TestCombineNested(t *testing.T) {
	const text = "Earnest said that Obama has long called for tax fairness. Smith wrote that taxes would rise."
	at := func(s string) document.Span {
		i := strings.Index(text, s)
		return document.Span{Start: i, End: i + len(s)}
	}
	model := []document.Statement{{Source: at("Earnest"), Cue: at("said"),
		Content: []document.Span{at("that Obama has long called for tax fairness")}, Continues: -1, Rule: "model"}}
	tests := []struct {
		name string
		rule document.Statement
		kept bool
	}{
		{"cue in the model's content", document.Statement{Source: at("Obama"), Cue: at("called for"),
			Content: []document.Span{at("tax fairness")}, Continues: -1, Rule: "cue-then-content"}, false},
		{"cue elsewhere", document.Statement{Source: at("Smith"), Cue: at("wrote"),
			Content: []document.Span{at("that taxes would rise")}, Continues: -1, Rule: "cue-then-content"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Combine(text, model, []document.Statement{tt.rule})
			if kept := len(got) == 2; kept != tt.kept {
				t.Errorf("rule statement kept = %v, want %v (%d statements)", kept, tt.kept, len(got))
			}
		})
	}
}
