package entity

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/tokenize"
)

// gumDoc is one GUM news article: its tokens, sentence starts and coreference chains.
type gumDoc struct {
	name      string
	toks      []string
	sentStart map[int]bool        // token indices that begin a sentence (from the NER files)
	chains    map[string]*gumMent // key type-id → chain
	order     []string
}

// gumMent is a coreference chain: its type, Wikipedia identifier and mentions (token ranges).
type gumMent struct {
	typ   string
	wiki  string
	spans [][2]int
}

// readGUMCoref reads a coref-gum file: "index<TAB>token<TAB>brackets", where brackets open
// "(type-id[-Wiki_id]" and close "type-id[-Wiki_id])".
func readGUMCoref(path string) (*gumDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := &gumDoc{name: strings.TrimSuffix(filepath.Base(path), ".conll"), chains: map[string]*gumMent{}, sentStart: map[int]bool{}}
	open := map[string][]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			continue
		}
		i := len(d.toks)
		d.toks = append(d.toks, cols[1])
		br := cols[2]
		if br == "_" {
			continue
		}
		for len(br) > 0 {
			opening := br[0] == '('
			if opening {
				br = br[1:]
			}
			j := strings.IndexAny(br, "()")
			if j < 0 {
				j = len(br)
			}
			label := br[:j]
			br = br[j:]
			closing := strings.HasPrefix(br, ")")
			if closing {
				br = br[1:]
			}
			parts := strings.SplitN(label, "-", 3)
			if len(parts) < 2 {
				continue
			}
			key := parts[0] + "-" + parts[1]
			c := d.chains[key]
			if c == nil {
				c = &gumMent{typ: parts[0]}
				d.chains[key] = c
				d.order = append(d.order, key)
			}
			if len(parts) == 3 {
				c.wiki = parts[2]
			}
			switch {
			case opening && closing:
				c.spans = append(c.spans, [2]int{i, i + 1})
			case opening:
				open[key] = append(open[key], i)
			case closing:
				if st := open[key]; len(st) > 0 {
					c.spans = append(c.spans, [2]int{st[len(st)-1], i + 1})
					open[key] = st[:len(st)-1]
				}
			}
		}
	}
	// GUM sometimes gives one Wikipedia entity two chains ("Google" and "Google 's"): one
	// entity is one chain here.
	byWiki := map[string]string{}
	order := d.order[:0]
	for _, key := range d.order {
		c := d.chains[key]
		if c.wiki == "" {
			order = append(order, key)
			continue
		}
		if k, ok := byWiki[c.wiki]; ok {
			d.chains[k].spans = append(d.chains[k].spans, c.spans...)
			delete(d.chains, key)
			continue
		}
		byWiki[c.wiki] = key
		order = append(order, key)
	}
	d.order = order
	return d, sc.Err()
}

// readGUMSentences marks the sentence starts of d from the NER file beside it (blank lines
// between sentences), aligning the two token streams by their characters.
func readGUMSentences(d *gumDoc, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var breaks []int // character offsets, in the stream of tokens without spaces
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			breaks = append(breaks, n)
			continue
		}
		n += len(strings.SplitN(line, "\t", 2)[0])
	}
	at := map[int]bool{}
	for _, o := range breaks {
		at[o] = true
	}
	n = 0
	for i, t := range d.toks {
		if at[n] {
			d.sentStart[i] = true
		}
		n += len(t)
	}
}

// text lays the tokens out as an article: a paragraph per sentence, spaces as English
// writes them. It returns the text and each token's byte span.
func (d *gumDoc) text() (string, []document.Span) {
	var sb strings.Builder
	spans := make([]document.Span, len(d.toks))
	quoteOpen := false
	noSpaceAfter := false
	for i, t := range d.toks {
		switch {
		case i == 0:
		case d.sentStart[i]:
			sb.WriteString("\n\n")
			quoteOpen = false
		case noSpaceAfter:
		case t == "-" && i+1 < len(d.toks) && !d.sentStart[i+1] && isWordTok(d.toks[i-1]) && isWordTok(d.toks[i+1]):
			// "14 - year - old" as written: "14-year-old"
		case t == `"` && quoteOpen:
		case strings.ContainsAny(t[:1], ",.;:!?)]%") && len(t) <= 3:
		case t == "'s" || t == "n't" || t == "'" || t == "'re" || t == "'ve" || t == "'ll" || t == "'m" || t == "'d":
		default:
			sb.WriteByte(' ')
		}
		noSpaceAfter = t == "(" || t == "[" || t == "$" || (t == `"` && !quoteOpen) ||
			(t == "-" && i > 0 && i+1 < len(d.toks) && !d.sentStart[i+1] && isWordTok(d.toks[i-1]) && isWordTok(d.toks[i+1]))
		if t == `"` {
			quoteOpen = !quoteOpen
		}
		spans[i] = document.Span{Start: sb.Len(), End: sb.Len() + len(t)}
		sb.WriteString(t)
	}
	return sb.String(), spans
}

func isWordTok(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

var postModifier = map[string]bool{"of": true, "from": true, "in": true, "at": true, "for": true, "with": true, "on": true, ",": true, "(": true, "who": true, "which": true, "that": true}

var gumPronouns = map[string]bool{"i": true, "he": true, "she": true, "it": true, "we": true, "they": true, "you": true, "his": true, "her": true, "its": true, "their": true, "our": true, "this": true, "that": true}

// named reports whether the chain names its entity: it is linked to Wikipedia, or one of its
// mentions is a proper name —
// after a leading "the", capitalised words, possibly joined by "of", "and", hyphens and the
// like, not a pronoun, and not a single word that only begins a sentence. Times (dates) are
// not entities here.
func (d *gumDoc) named(c *gumMent) bool {
	if c.typ == "time" {
		return false
	}
	if c.wiki != "" {
		return true
	}
	for _, sp := range c.spans {
		a, b := sp[0], sp[1]
		if strings.EqualFold(d.toks[a], "the") {
			a++
		}
		if b-1 > a && d.toks[b-1] == "'s" {
			b--
		}
		if a >= b {
			continue
		}
		ok, caps := true, 0
		for i := a; i < b && ok; i++ {
			w := d.toks[i]
			r := []rune(w)
			switch {
			case len(r) > 0 && (unicode.IsUpper(r[0]) || unicode.IsDigit(r[0])) && !gumPronouns[strings.ToLower(w)]:
				if unicode.IsUpper(r[0]) {
					caps++
				}
			case i > a && i < b-1 && (connectors[strings.ToLower(w)] || w == "-" || w == "." || w == "," || w == "at"):
			default:
				ok = false
			}
		}
		first := d.sentStart[a] || (a > 0 && strings.ContainsAny(d.toks[a-1], ".!?\"\u201c"))
		last := []rune(d.toks[b-1])
		if ok && caps > 0 && unicode.IsUpper(last[0]) && (caps > 1 || !first) {
			return true
		}
	}
	return false
}

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
		g, err := readGUMCoref(path)
		if err != nil {
			t.Fatal(err)
		}
		readGUMSentences(g, filepath.Join(dir, "..", "ner", g.name+".tsv"))
		text, spans := g.text()
		if dump := os.Getenv("GUM_DUMP"); dump != "" {
			os.WriteFile(filepath.Join(dump, g.name+".txt"), []byte(text), 0o644)
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
		for _, key := range g.order {
			if g.named(g.chains[key]) {
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
				for _, key := range g.order {
					c := g.chains[key]
					for _, sp := range c.spans {
						last := sp[1]
						if g.toks[last-1] == "'s" && last-1 > sp[0] {
							last--
						}
						head := b == last || (a >= sp[0] && b < sp[1] && postModifier[g.toks[b]])
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
			for _, key := range g.order {
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
					t.Logf("%s: extra %s %q", g.name, e.Type, e.Name)
				}
				continue
			}
			// Precision counts any chain GUM marks (it marks every entity, named or not, so
			// one it does not name is still a right answer); recall only the named ones.
			untyped.tpP++
			if gumType(g.chains[best].typ) == e.Type {
				typed.tpP++
				pt.tpP++
			}
			if !gold[best] {
				continue
			}
			found[best]++
			if found[best] == 1 {
				untyped.tp++
				if gumType(g.chains[best].typ) == e.Type {
					typed.tp++
					pt.tp++
				}
			}
		}
		for key := range gold {
			untyped.ng++
			typed.ng++
			gt := gumType(g.chains[key].typ)
			if byType[gt] == nil {
				byType[gt] = &prf{}
			}
			byType[gt].ng++
			if found[key] > 1 {
				split++
				if testing.Verbose() && os.Getenv("GUM_SHOW") != "" {
					t.Logf("%s: split %s %s", g.name, g.chains[key].typ, g.chains[key].wiki)
				}
			}
			if found[key] == 0 && testing.Verbose() && os.Getenv("GUM_SHOW") != "" {
				c := g.chains[key]
				t.Logf("%s: missed %s %s %q", g.name, c.typ, c.wiki, strings.Join(g.toks[c.spans[0][0]:c.spans[0][1]], " "))
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
