package entity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/gum"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/tokenize"
)

// postModifier are the words after a name that go on with its mention ("Ann Chiang of DAB").
var postModifier = map[string]bool{"of": true, "from": true, "in": true, "at": true, "for": true, "with": true, "on": true, ",": true, "(": true, "who": true, "which": true, "that": true}

func gumType(t string) document.EntityType {
	switch t {
	case "person":
		return document.Person
	case "organization":
		return document.Organization
	case "place":
		return document.Place
	}
	return document.Other
}

// prf counts predicted entities that are right (tpP, of np) and gold entities found (tp, of
// ng).
type prf struct{ tpP, np, tp, ng int }

func (s prf) String() string {
	p := float64(s.tpP) / max(1, float64(s.np))
	r := float64(s.tp) / max(1, float64(s.ng))
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return fmt.Sprintf("P %.1f (%d/%d) R %.1f (%d/%d) F1 %.1f", 100*p, s.tpP, s.np, 100*r, s.tp, s.ng, 100*f)
}

// TestGUM scores the entities of the 24 GUM news articles (Wikinews) against GUM's
// coreference chains, at the level of entities. A gold entity is a chain that is linked to
// Wikipedia or that has a proper-name mention (see named); a predicted entity matches a
// chain when one of its mentions lies inside one of the chain's mentions and ends on the
// same word (so "Fuad Basya" matches "Major general Fuad Basya"). It matches the chain it
// hits most. Reported: entity P/R/F1 ignoring and requiring the type, and the grouping
// errors: gold entities found as two or more entities (split), and entities whose mentions
// hit two or more gold chains (merged).
func TestGUM(t *testing.T) {
	dir := sharedtest.Path(t, "data", "gum-news", "coref-gum")
	files, err := filepath.Glob(filepath.Join(dir, "*.conll"))
	if err != nil || len(files) == 0 {
		t.Skipf("no GUM files in %s", dir)
	}
	f := New(nil)
	tk := tokenize.New()
	var untyped, typed prf
	byType := map[document.EntityType]*prf{}
	split, merged, mentions, inGold := 0, 0, 0, 0
	for _, path := range files {
		g, err := gum.ReadCoref(path)
		if err != nil {
			t.Fatal(err)
		}
		gum.ReadSentences(g, filepath.Join(dir, "..", "ner", g.Name+".tsv"))
		text, spans := g.Text()
		if dump := os.Getenv("GUM_DUMP"); dump != "" {
			os.WriteFile(filepath.Join(dump, g.Name+".txt"), []byte(text), 0o644)
		}
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		f.Find(d)
		// byteTok maps a byte offset to the token starting or ending there.
		startTok, endTok := map[int]int{}, map[int]int{}
		for i, sp := range spans {
			startTok[sp.Start] = i
			endTok[sp.End] = i + 1
		}
		gold := map[string]bool{}
		for _, key := range g.Order {
			if g.Named(g.Chains[key]) {
				gold[key] = true
			}
		}
		found := map[string]int{} // gold chain → predicted entities matched to it
		for _, e := range d.Entities {
			hits := map[string]int{}
			for _, m := range e.Mentions {
				a, okA := startTok[m.Start]
				b, okB := endTok[m.End]
				mentions++
				if !okA || !okB {
					continue
				}
				// The smallest gold mention that holds it and ends on its last word or goes on
				// with a post-modifier ("Ann Chiang of DAB").
				in, size := "", 0
				for _, key := range g.Order {
					c := g.Chains[key]
					for _, sp := range c.Spans {
						last := sp[1]
						if g.Toks[last-1] == "'s" && last-1 > sp[0] {
							last--
						}
						head := b == last || (a >= sp[0] && b < sp[1] && postModifier[g.Toks[b]])
						if a >= sp[0] && b <= sp[1] && head && (in == "" || sp[1]-sp[0] < size) {
							in, size = key, sp[1]-sp[0]
						}
					}
				}
				if in != "" {
					hits[in]++
					inGold++
				}
			}
			best, bestN := "", 0
			for _, key := range g.Order {
				if hits[key] > bestN {
					best, bestN = key, hits[key]
				}
			}
			nGoldHit := 0
			for key := range hits {
				if gold[key] {
					nGoldHit++
				}
			}
			if nGoldHit > 1 {
				merged++
			}
			untyped.np++
			typed.np++
			pt := byType[e.Type]
			if pt == nil {
				pt = &prf{}
				byType[e.Type] = pt
			}
			pt.np++
			if best == "" {
				if testing.Verbose() && os.Getenv("GUM_SHOW") != "" {
					t.Logf("%s: extra %s %q", g.Name, e.Type, e.Name)
				}
				continue
			}
			// Precision counts any chain GUM marks (it marks every entity, named or not, so
			// one it does not name is still a right answer); recall only the named ones.
			untyped.tpP++
			if gumType(g.Chains[best].Type) == e.Type {
				typed.tpP++
				pt.tpP++
			}
			if !gold[best] {
				continue
			}
			found[best]++
			if found[best] == 1 {
				untyped.tp++
				if gumType(g.Chains[best].Type) == e.Type {
					typed.tp++
					pt.tp++
				}
			}
		}
		for key := range gold {
			untyped.ng++
			typed.ng++
			gt := gumType(g.Chains[key].Type)
			if byType[gt] == nil {
				byType[gt] = &prf{}
			}
			byType[gt].ng++
			if found[key] > 1 {
				split++
				if testing.Verbose() && os.Getenv("GUM_SHOW") != "" {
					t.Logf("%s: split %s %s", g.Name, g.Chains[key].Type, g.Chains[key].Wiki)
				}
			}
			if found[key] == 0 && testing.Verbose() && os.Getenv("GUM_SHOW") != "" {
				c := g.Chains[key]
				t.Logf("%s: missed %s %s %q", g.Name, c.Type, c.Wiki, strings.Join(g.Toks[c.Spans[0][0]:c.Spans[0][1]], " "))
			}
		}
	}
	t.Logf("GUM news, %d articles: entities %s; typed %s", len(files), untyped, typed)
	for _, ty := range []document.EntityType{document.Person, document.Organization, document.Place, document.Other} {
		if s := byType[ty]; s != nil {
			t.Logf("  %-12s typed %s", ty, s)
		}
	}
	t.Logf("grouping: %d gold entities split over two or more entities, %d entities merging two or more gold ones; %d of %d mentions inside a gold mention", split, merged, inGold, mentions)
	// A floor well under the figure measured when this was written, to catch a collapse.
	if r := float64(untyped.tp) / float64(max(1, untyped.ng)); r < 0.5 {
		t.Errorf("entity recall %.2f under 0.5", r)
	}
}
