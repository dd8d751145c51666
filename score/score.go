// Package score scores predicted attributions against brat gold exactly as the project's
// yardstick, ../shared/eval/score_attributions.py, does: the same spans, tokens and relation
// matches, and the same rounded figures, so that a number printed by `whosaid eval` or by a
// training run can be compared with a number printed by the script.
//
// The script's rules, restated:
//
//   - exact: a predicted span counts only if its normalised fragments equal a gold span's.
//     Normalising clamps each fragment to the text, trims whitespace at its ends, drops it if
//     nothing is left, and merges it into the previous one when the gap between them is
//     whitespace only. Spans are compared as sets per role and text, so duplicates count once.
//   - relaxed: the same after trimming quotation marks and punctuation (the TRIM set) at both
//     ends of the whole span.
//   - token: the tokens (runs of word characters, or single other non-space characters) that
//     start inside the raw fragments, identified by their start offset; P is the share of
//     predicted tokens that gold covers.
//   - relation: a predicted relation matches the first unused gold one (greedy, one to one, in
//     prediction order) whose cue tokens overlap its own (or both have none), whose content
//     tokens have a Jaccard index of at least 0.5, and whose source tokens overlap (or both
//     have none). Relations with neither cue nor content tokens are ignored.
//
// Offsets are Unicode code points, and every character class is Python's: str.isspace()
// whitespace (which, unlike Go's unicode.IsSpace, includes U+001C..U+001F) and the Unicode
// \w of Python's re module (letters, numbers of every kind, and the underscore).
package score

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/whosaid/whosaid/brat"
)

// PRF is precision, recall and F1 in percent, rounded to one decimal as the script's
// round(100*x, 1) does, with the counts they come from.
type PRF struct {
	P    float64 `json:"p"`
	R    float64 `json:"r"`
	F1   float64 `json:"f1"`
	TP   int     `json:"tp"`
	Pred int     `json:"pred"`
	Gold int     `json:"gold"`
}

// NewPRF computes the figures for tp true positives among pred predictions and gold gold
// items; a ratio with a zero denominator is 0.
func NewPRF(tp, pred, gold int) PRF {
	var p, r, f float64
	if pred != 0 {
		p = float64(tp) / float64(pred)
	}
	if gold != 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r != 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{
		P: round1(100 * p), R: round1(100 * r), F1: round1(100 * f),
		TP: tp, Pred: pred, Gold: gold,
	}
}

// round1 rounds x to one decimal as Python's round(x, 1) does: to the double nearest the
// correctly rounded decimal (ties to even on the exact binary value). strconv's fixed
// formatting rounds the exact value the same way.
func round1(x float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 1, 64), 64)
	if err != nil { // only for NaN or ±Inf, which ratios of counts never are
		return x
	}
	return v
}

// Roles holds one PRF per role.
type Roles struct {
	Source  PRF `json:"source"`
	Cue     PRF `json:"cue"`
	Content PRF `json:"content"`
}

// Get returns the figures for role; zero for a role that is not scored.
func (r Roles) Get(role brat.Role) PRF {
	if p := r.ptr(role); p != nil {
		return *p
	}
	return PRF{}
}

func (r *Roles) ptr(role brat.Role) *PRF {
	switch role {
	case brat.Source:
		return &r.Source
	case brat.Cue:
		return &r.Cue
	case brat.Content:
		return &r.Content
	}
	return nil
}

// Report is the script's report. Its JSON field names are the script's; WriteJSON writes it
// byte for byte as the script's --json does.
type Report struct {
	Exact                  Roles `json:"exact"`
	Relaxed                Roles `json:"relaxed"`
	Token                  Roles `json:"token"`
	Relation               PRF   `json:"relation"`
	Texts                  int   `json:"texts"`
	TextsWithoutPrediction int   `json:"texts_without_prediction"`
}

// counts are true positives, predictions and gold items.
type counts struct{ tp, pred, gold int }

func (c *counts) add(tp, pred, gold int) { c.tp += tp; c.pred += pred; c.gold += gold }

func (c counts) prf() PRF { return NewPRF(c.tp, c.pred, c.gold) }

// Score scores pred (by document name) against gold. A gold document whose name has no
// entry in pred (or a nil one) predicts nothing, as a missing file does for the script.
//
// Each gold Text must be the text as the script reads it, which brat.ReadGold returns; for
// safety "\r\n" and "\r" are turned into "\n" here too, as Python's universal newlines do.
func Score(gold []brat.GoldDoc, pred map[string]*brat.Ann) Report {
	var exact, relaxed, token [len(brat.Roles)]counts
	var rel counts
	missing := 0
	empty := &brat.Ann{}
	for _, g := range gold {
		text := []rune(universalNewlines(g.Text))
		ga := g.Ann
		if ga == nil {
			ga = empty
		}
		pa := pred[g.Name]
		if pa == nil {
			pa = empty
			missing++
		}
		for i, role := range brat.Roles {
			gs, ps := spansOf(ga, role), spansOf(pa, role)
			tp, np, ng := setMatch(gs, ps, text, false)
			exact[i].add(tp, np, ng)
			tp, np, ng = setMatch(gs, ps, text, true)
			relaxed[i].add(tp, np, ng)
			gt, pt := tokenSet(gs, text), tokenSet(ps, text)
			token[i].add(intersect(gt, pt), len(pt), len(gt))
		}
		gv, pv := relView(ga, text), relView(pa, text)
		rel.add(matchRelations(gv, pv), len(pv), len(gv))
	}
	r := Report{Relation: rel.prf(), Texts: len(gold), TextsWithoutPrediction: missing}
	for i, role := range brat.Roles {
		*r.Exact.ptr(role) = exact[i].prf()
		*r.Relaxed.ptr(role) = relaxed[i].prf()
		*r.Token.ptr(role) = token[i].prf()
	}
	return r
}

// ReadPredictions reads the prediction DIR/NAME.ann of each gold document, as the script
// does: a name whose file does not exist (or cannot be looked at) is left out of the map,
// and so predicts nothing.
func ReadPredictions(dir string, gold []brat.GoldDoc) (map[string]*brat.Ann, error) {
	pred := make(map[string]*brat.Ann, len(gold))
	for _, g := range gold {
		p := filepath.Join(dir, g.Name+".ann")
		if _, err := os.Stat(p); err != nil {
			continue // os.path.exists is false
		}
		a, err := brat.ParseFile(p)
		if err != nil {
			return nil, err // names the file
		}
		pred[g.Name] = a
	}
	return pred, nil
}

// universalNewlines turns "\r\n" and a lone "\r" into "\n".
func universalNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// spansOf returns the fragments of every span of the role. The order does not matter: the
// script only ever builds sets from them.
func spansOf(a *brat.Ann, role brat.Role) [][]brat.Frag {
	var out [][]brat.Frag
	for _, sp := range a.Spans {
		if sp.Role == role {
			out = append(out, sp.Frags)
		}
	}
	return out
}

// setMatch compares the sets of normalised gold and predicted spans, the empty span left
// out, and returns the size of their intersection and their sizes.
func setMatch(gold, pred [][]brat.Frag, text []rune, relaxed bool) (tp, npred, ngold int) {
	set := func(spans [][]brat.Frag) map[string]bool {
		m := make(map[string]bool, len(spans))
		for _, fr := range spans {
			if k := key(norm(fr, text, relaxed)); k != "" {
				m[k] = true
			}
		}
		return m
	}
	gs, ps := set(gold), set(pred)
	for k := range ps {
		if gs[k] {
			tp++
		}
	}
	return tp, len(ps), len(gs)
}

// key encodes normalised fragments as a comparable string; no fragments give "".
func key(frags []brat.Frag) string {
	var b []byte
	for _, f := range frags {
		b = strconv.AppendInt(b, int64(f.Start), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(f.End), 10)
		b = append(b, ';')
	}
	return string(b)
}

// trim is the script's TRIM set: what relaxed matching strips from both ends of a span.
const trim = " \t\r\n\"'“”‘’«»,.;:!?—–-()[]"

// norm is the script's norm(): fragments sorted, clamped to the text, trimmed of
// whitespace, dropped when empty and merged across whitespace-only gaps; with relaxed, the
// whole span is then trimmed of the trim set at both ends.
//
// The merge copies the script exactly, including its quirk that a fragment starting inside
// the previous one replaces the previous end rather than extending it.
func norm(frags []brat.Frag, text []rune, relaxed bool) []brat.Frag {
	sorted := slices.Clone(frags)
	slices.SortFunc(sorted, func(x, y brat.Frag) int {
		if x.Start != y.Start {
			return cmpInt(x.Start, y.Start)
		}
		return cmpInt(x.End, y.End)
	})
	var out []brat.Frag
	for _, f := range sorted {
		a, b := max(0, f.Start), min(len(text), f.End)
		for a < b && isSpace(text[a]) {
			a++
		}
		for b > a && isSpace(text[b-1]) {
			b--
		}
		if a >= b {
			continue
		}
		if n := len(out); n > 0 && allSpace(text, out[n-1].End, a) {
			out[n-1].End = b
		} else {
			out = append(out, brat.Frag{Start: a, End: b})
		}
	}
	if !relaxed || len(out) == 0 {
		return out
	}
	a, b := out[0].Start, out[len(out)-1].End
	for a < b && strings.ContainsRune(trim, text[a]) {
		a++
	}
	for b > a && strings.ContainsRune(trim, text[b-1]) {
		b--
	}
	kept := out[:0]
	for _, f := range out {
		f.Start, f.End = max(f.Start, a), min(f.End, b)
		if f.Start < f.End {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

func cmpInt(x, y int) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// allSpace reports whether text[from:to] is empty or whitespace only (Python's
// text[from:to].strip() == "", where a slice with to <= from is empty).
func allSpace(text []rune, from, to int) bool {
	for i := from; i < to; i++ {
		if !isSpace(text[i]) {
			return false
		}
	}
	return true
}

// isSpace is Python's str.isspace() for one character, which is also what \s matches in a
// str pattern: Go's unicode.IsSpace plus the information separators U+001C..U+001F.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1C <= r && r <= 0x1F
}

// isWord is \w of a Python str pattern: str.isalnum() (letters Lu Ll Lt Lm Lo, and numbers
// Nd Nl No) or the underscore.
func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// tokens appends the start offsets of the matches of \w+|[^\w\s] within [a, b), as
// TOKEN.finditer(text, a, b) finds them: the bounds are clamped to the text, and matching
// stops at b, so a word cut by b ends there and a fragment starting mid-word yields a token
// at its start.
func tokens(dst []int, text []rune, a, b int) []int {
	a, b = min(max(a, 0), len(text)), min(max(b, 0), len(text))
	for i := a; i < b; {
		switch r := text[i]; {
		case isWord(r):
			dst = append(dst, i)
			for i < b && isWord(text[i]) {
				i++
			}
		case isSpace(r):
			i++
		default:
			dst = append(dst, i)
			i++
		}
	}
	return dst
}

// tokenSet returns the sorted, distinct token starts of the raw fragments of all spans.
func tokenSet(spans [][]brat.Frag, text []rune) []int {
	var out []int
	for _, frags := range spans {
		for _, f := range frags {
			out = tokens(out, text, f.Start, f.End)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intersect returns the size of the intersection of two sorted sets.
func intersect(x, y []int) int {
	n := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// relTokens are the token sets of one relation's roles.
type relTokens struct{ source, cue, content []int }

// relView is the script's rel_view: each relation's token sets, where a role that is absent
// or names no known span has none, without the relations that have neither cue nor content
// tokens.
func relView(a *brat.Ann, text []rune) []relTokens {
	of := func(r brat.Relation, role brat.Role) []int {
		id, ok := r[role]
		if !ok {
			return nil
		}
		sp, ok := a.Spans[id]
		if !ok {
			return nil
		}
		return tokenSet([][]brat.Frag{sp.Frags}, text)
	}
	var out []relTokens
	for _, r := range a.Relations {
		v := relTokens{of(r, brat.Source), of(r, brat.Cue), of(r, brat.Content)}
		if len(v.cue) > 0 || len(v.content) > 0 {
			out = append(out, v)
		}
	}
	return out
}

// matchRelations counts the predicted relations that match a gold one, greedily and one to
// one in prediction order.
func matchRelations(gold, pred []relTokens) int {
	used := make([]bool, len(gold))
	tp := 0
	for _, p := range pred {
		for i, g := range gold {
			if used[i] || !relMatch(p, g) {
				continue
			}
			used[i] = true
			tp++
			break
		}
	}
	return tp
}

// relMatch is the script's test for one pair. The Jaccard test |p∩g|/|p∪g| >= 0.5 is done
// in integers; it agrees with the script's float division for any count below 2^52.
func relMatch(p, g relTokens) bool {
	if intersect(p.cue, g.cue) == 0 && (len(p.cue) > 0 || len(g.cue) > 0) {
		return false
	}
	in := intersect(p.content, g.content)
	union := len(p.content) + len(g.content) - in
	if union == 0 || 2*in < union {
		return false
	}
	if (len(p.source) > 0 || len(g.source) > 0) && intersect(p.source, g.source) == 0 {
		return false
	}
	return true
}

// WriteText writes the script's text table.
func (r Report) WriteText(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "texts scored: %d (without a prediction file: %d)\n", r.Texts, r.TextsWithoutPrediction)
	fmt.Fprintf(&b, "%10s%22s%22s%22s\n", "", "source", "cue", "content")
	for _, m := range []struct {
		name  string
		roles Roles
	}{{"exact", r.Exact}, {"relaxed", r.Relaxed}, {"token", r.Token}} {
		fmt.Fprintf(&b, "%-10s", m.name)
		for _, p := range []PRF{m.roles.Source, m.roles.Cue, m.roles.Content} {
			fmt.Fprintf(&b, "%22s", fmt.Sprintf("%5.1f/%5.1f/%5.1f", p.P, p.R, p.F1))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "relation  P %.1f  R %.1f  F1 %.1f  (P/R/F1 above, in %%)\n", r.Relation.P, r.Relation.R, r.Relation.F1)
	_, err := w.Write(b.Bytes())
	return err
}

// WriteJSON writes the report as the script's --json does (json.dumps(report, indent=1)
// and a newline), so that the two outputs can be compared byte for byte.
func (r Report) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	prf := func(name string, p PRF, indent string, last bool) {
		in := indent + " "
		fmt.Fprintf(&b, "%s%q: {\n", indent, name)
		fmt.Fprintf(&b, "%s\"p\": %s,\n%s\"r\": %s,\n%s\"f1\": %s,\n", in, pyFloat(p.P), in, pyFloat(p.R), in, pyFloat(p.F1))
		fmt.Fprintf(&b, "%s\"tp\": %d,\n%s\"pred\": %d,\n%s\"gold\": %d\n", in, p.TP, in, p.Pred, in, p.Gold)
		b.WriteString(indent + "}")
		if !last {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("{\n")
	for _, m := range []struct {
		name  string
		roles Roles
	}{{"exact", r.Exact}, {"relaxed", r.Relaxed}, {"token", r.Token}} {
		fmt.Fprintf(&b, " %q: {\n", m.name)
		prf("source", m.roles.Source, "  ", false)
		prf("cue", m.roles.Cue, "  ", false)
		prf("content", m.roles.Content, "  ", true)
		b.WriteString(" },\n")
	}
	prf("relation", r.Relation, " ", false)
	fmt.Fprintf(&b, " \"texts\": %d,\n \"texts_without_prediction\": %d\n}\n", r.Texts, r.TextsWithoutPrediction)
	_, err := w.Write(b.Bytes())
	return err
}

// pyFloat formats x as Python's repr(float) does for the values a report holds: the
// shortest representation that reads back as x, with ".0" on whole numbers.
func pyFloat(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}
