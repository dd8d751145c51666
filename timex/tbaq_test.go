package timex

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// tbaqDir is the TimeBank + AQUAINT training data of TempEval-3, next to the repository.
const tbaqDir = "../../shared/data/tempeval3/Training/TBAQ-cleaned"

// tbaqFloor is the value F1 below which TestTBAQ fails: a little under what the tagger
// reaches, so that a regression shows.
const tbaqFloor = 0.79

// The conversion follows eval/score_timex.py exactly: the plain text of <TEXT> with every
// tag removed, gold spans from the TIMEX3 tags in it, and the DCT's date.
var (
	reText  = regexp.MustCompile(`(?s)<TEXT>(.*)</TEXT>`)
	reTimex = regexp.MustCompile(`(?s)<TIMEX3([^>]*)>(.*?)</TIMEX3>`)
	reTag   = regexp.MustCompile(`<[^>]+>`)
	reValue = regexp.MustCompile(`value="([^"]*)"`)
	reDCT   = regexp.MustCompile(`(?s)<DCT>.*?value="(\d{4}-\d{2}-\d{2})`)
)

type goldTimex struct {
	start, end int // byte offsets into the plain text; the scorer's code points map monotonically
	value      string
}

// tmlDoc converts a TimeML file to its plain text, its gold expressions and its DCT.
func tmlDoc(raw string) (plain string, gold []goldTimex, dct time.Time) {
	section := ""
	if m := reText.FindStringSubmatch(raw); m != nil {
		section = m[1]
	}
	var b strings.Builder
	i := 0
	for _, m := range reTimex.FindAllStringSubmatchIndex(section, -1) {
		b.WriteString(reTag.ReplaceAllString(section[i:m[0]], ""))
		inner := reTag.ReplaceAllString(section[m[4]:m[5]], "")
		v := ""
		if vm := reValue.FindStringSubmatch(section[m[2]:m[3]]); vm != nil {
			v = vm[1]
		}
		gold = append(gold, goldTimex{b.Len(), b.Len() + len(inner), v})
		b.WriteString(inner)
		i = m[1]
	}
	b.WriteString(reTag.ReplaceAllString(section[i:], ""))
	if m := reDCT.FindStringSubmatch(raw); m != nil {
		dct, _ = time.Parse("2006-01-02", m[1])
	}
	return b.String(), gold, dct
}

type prf struct{ strict, relaxed, value, gold, pred int }

// score matches predictions to gold as the scorer does: each prediction, in order, takes the
// first unused gold expression it overlaps.
func (c *prf) score(pred []goldTimex, gold []goldTimex) (misses []string) {
	c.gold += len(gold)
	c.pred += len(pred)
	used := make([]bool, len(gold))
	for _, p := range pred {
		for j, g := range gold {
			if used[j] || !(p.start < g.end && g.start < p.end) {
				continue
			}
			used[j] = true
			c.relaxed++
			if p.start == g.start && p.end == g.end {
				c.strict++
			}
			if p.value == g.value {
				c.value++
			}
			break
		}
	}
	return nil
}

func f1(tp, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func TestTBAQ(t *testing.T) {
	var files []string
	for _, sub := range []string{"TimeBank", "AQUAINT"} {
		fs, _ := filepath.Glob(filepath.Join(tbaqDir, sub, "*.tml"))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Skip("TempEval-3 TBAQ data not found at " + tbaqDir)
	}
	tg := New()
	var c prf
	var dump strings.Builder
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		plain, gold, dct := tmlDoc(string(raw))
		var pred []goldTimex
		for _, x := range tg.Tag(plain, dct) {
			if !utf8.ValidString(plain[x.Start:x.End]) {
				t.Errorf("%s: span %v not on rune boundaries", f, x.Span)
			}
			pred = append(pred, goldTimex{x.Start, x.End, x.Value})
		}
		c.score(pred, gold)
		if os.Getenv("TIMEX_DUMP") != "" {
			dumpDiff(&dump, filepath.Base(f), plain, dct, pred, gold)
		}
	}
	if p := os.Getenv("TIMEX_DUMP"); p != "" {
		os.WriteFile(p, []byte(dump.String()), 0o644)
	}
	t.Logf("documents %d, gold %d, predicted %d", len(files), c.gold, c.pred)
	for _, k := range []struct {
		name string
		tp   int
	}{{"strict", c.strict}, {"relaxed", c.relaxed}, {"value", c.value}} {
		p, r, f := f1(k.tp, c.pred, c.gold)
		t.Logf("%-8s P %5.1f  R %5.1f  F1 %5.1f", k.name, 100*p, 100*r, 100*f)
	}
	if _, _, f := f1(c.value, c.pred, c.gold); f < tbaqFloor {
		t.Errorf("value F1 %.3f below floor %.3f", f, tbaqFloor)
	}
}

// dumpDiff writes, for tuning, each gold and predicted expression with what it matched.
func dumpDiff(b *strings.Builder, name, plain string, dct time.Time, pred, gold []goldTimex) {
	type row struct {
		start int
		s     string
	}
	var rows []row
	ctx := func(a, e int) string {
		lo, hi := max(0, a-40), min(len(plain), e+25)
		for lo > 0 && !utf8.RuneStart(plain[lo]) {
			lo--
		}
		for hi < len(plain) && !utf8.RuneStart(plain[hi]) {
			hi++
		}
		return strings.ReplaceAll(plain[lo:a]+"[["+plain[a:e]+"]]"+plain[e:hi], "\n", " ")
	}
	used := make([]bool, len(gold))
	for _, p := range pred {
		hit := -1
		for j, g := range gold {
			if !used[j] && p.start < g.end && g.start < p.end {
				hit = j
				used[j] = true
				break
			}
		}
		switch {
		case hit < 0:
			rows = append(rows, row{p.start, fmt.Sprintf("FP\t%s\t%q\t\t%s", p.value, plain[p.start:p.end], ctx(p.start, p.end))})
		case gold[hit].value != p.value:
			g := gold[hit]
			rows = append(rows, row{p.start, fmt.Sprintf("VAL\t%s\t%q\t%s %q\t%s", p.value, plain[p.start:p.end], g.value, plain[g.start:g.end], ctx(g.start, g.end))})
		case gold[hit].start != p.start || gold[hit].end != p.end:
			g := gold[hit]
			rows = append(rows, row{p.start, fmt.Sprintf("SPAN\t%s\t%q\t%q\t%s", p.value, plain[p.start:p.end], plain[g.start:g.end], ctx(g.start, g.end))})
		}
	}
	for j, g := range gold {
		if !used[j] {
			rows = append(rows, row{g.start, fmt.Sprintf("FN\t\t\t%s %q\t%s", g.value, plain[g.start:g.end], ctx(g.start, g.end))})
		}
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].start < rows[b].start })
	for _, r := range rows {
		fmt.Fprintf(b, "%s\t%s\t%s\n", name, dct.Format("2006-01-02"), r.s)
	}
}
