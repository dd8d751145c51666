package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/gum"
	"github.com/whosaid/whosaid/internal/sharedtest"
)

// speakerScore counts statements by how their speaker compares with GUM's coreference.
type speakerScore struct {
	right, wrong, none  int // the gold chain names its entity: our name is right, wrong, missing
	unnamedOK, invented int // the gold chain names none: we give none, we give one
	unaligned           int // the source is no gold mention and holds none
}

func (s speakerScore) aligned() int { return s.right + s.wrong + s.none + s.unnamedOK + s.invented }

func (s speakerScore) String() string {
	named := s.right + s.wrong + s.none
	return fmt.Sprintf("%d statements with a source aligned to a gold mention (%d not): accuracy %.1f%%; "+
		"of %d whose speaker GUM names: right %d (%.1f%%), wrong %d, unresolved %d; "+
		"of %d it does not name: left unnamed %d, given a name %d",
		s.aligned(), s.unaligned, 100*float64(s.right+s.unnamedOK)/max(1, float64(s.aligned())),
		named, s.right, 100*float64(s.right)/max(1, float64(named)), s.wrong, s.none,
		s.unnamedOK+s.invented, s.unnamedOK, s.invented)
}

// TestGUMSpeakers scores speaker resolution on the 24 GUM news articles (Wikinews): each
// statement that whosaid finds, with a source of its own, is aligned to GUM's coreference
// chain of its source mention (the outermost gold mention inside the source, or else the
// smallest one holding it), and its speaker's name is compared with the names that chain
// gives its entity (its Wikipedia identifier and its proper-name mentions). A name is right
// when it equals one of them or shares its last word ("Putin", "Vladimir Putin"; "Post",
// "New York Post"), ignoring case, dots and a leading "the". A chain without a name ("a
// group of protesters") wants no name. Statements whose source is no gold mention are left
// out. The floors keep speaker resolution from losing ground; GUM_SHOW=1 with -v lists the
// wrong and unresolved speakers.
func TestGUMSpeakers(t *testing.T) {
	dir := sharedtest.Path(t, "data", "gum-news", "coref-gum")
	files, err := filepath.Glob(filepath.Join(dir, "*.conll"))
	if err != nil || len(files) == 0 {
		t.Skipf("no GUM files in %s", dir)
	}
	a := New()
	var s speakerScore
	show := testing.Verbose() && os.Getenv("GUM_SHOW") != ""
	for _, path := range files {
		g, err := gum.ReadCoref(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		gum.ReadSentences(g, filepath.Join(dir, "..", "ner", g.Name+".tsv"))
		text, spans := g.Text()
		d := &document.Doc{Text: text}
		a.Analyze(d)
		for _, st := range d.Statements {
			if st.Continues >= 0 || st.Source.Empty() {
				continue
			}
			c := goldChain(g, spans, st.Source)
			if c == nil {
				s.unaligned++
				continue
			}
			names := goldNames(g, c)
			got := st.Speaker.Name
			verdict := ""
			switch {
			case len(names) == 0 && got == "":
				s.unnamedOK++
			case len(names) == 0:
				s.invented++
				verdict = "invented"
			case got == "":
				s.none++
				verdict = "unresolved"
			case sameSpeaker(got, names):
				s.right++
			default:
				s.wrong++
				verdict = "wrong"
			}
			if show && verdict != "" {
				t.Logf("%s: %s: source %q speaker %q, gold %q", g.Name, verdict, d.Slice(st.Source), got, names)
			}
		}
	}
	t.Logf("GUM news, %d articles: %v", len(files), s)
	if s.aligned() < 150 {
		t.Fatalf("only %d statements aligned: the GUM layout or the extraction broke", s.aligned())
	}
	// Floors a little under the figures measured when the test was written (BENCHMARKS.md).
	if acc := float64(s.right+s.unnamedOK) / float64(s.aligned()); acc < 0.84 {
		t.Errorf("speaker accuracy %.3f under its floor 0.84", acc)
	}
}

// goldChain returns the chain of the gold mention that the source span src (bytes into the
// text whose tokens have spans) is: the outermost gold mention inside it, or else the
// smallest that holds it; nil when there is none.
func goldChain(g *gum.Doc, spans []document.Span, src document.Span) *gum.Chain {
	ta, tb := -1, -1
	for i, sp := range spans {
		if sp.Start >= src.Start && sp.End <= src.End {
			if ta < 0 {
				ta = i
			}
			tb = i + 1
		}
	}
	if ta < 0 {
		return nil
	}
	var inside, holding *gum.Chain
	inSize, holdSize := 0, 0
	for _, key := range g.Order {
		c := g.Chains[key]
		for _, m := range c.Spans {
			n := m[1] - m[0]
			if m[0] >= ta && m[1] <= tb && n > inSize {
				inside, inSize = c, n
			}
			if m[0] <= ta && m[1] >= tb && (holding == nil || n < holdSize) {
				holding, holdSize = c, n
			}
		}
	}
	if inside != nil {
		return inside
	}
	return holding
}

// goldNames returns the names that GUM's chain c gives its entity: its Wikipedia identifier,
// its proper-name mentions (gum.Doc.ProperNames), and the names inside its longer mentions —
// two or more capitalised words that end one after a title ("team member Rodaba Noori",
// "spokeswoman Sujata Raisinghani"), or that begin one before a comma ("Valeska Paris, an
// Australian woman").
func goldNames(g *gum.Doc, c *gum.Chain) []string {
	names := g.ProperNames(c)
	if c.Wiki != "" {
		names = append(names, wikiName(c.Wiki))
	}
	// inName reports whether token i may be part of a name: a capitalised word, a hyphen, or
	// a word joined by a hyphen to the next ("al - Amr").
	inName := func(i, end int) bool {
		r := []rune(g.Toks[i])
		return len(r) > 0 && unicode.IsUpper(r[0]) || g.Toks[i] == "-" || i+1 < end && g.Toks[i+1] == "-"
	}
	for _, m := range c.Spans {
		i := m[1]
		for i > m[0] && inName(i-1, m[1]) {
			i--
		}
		before := ""
		if i > m[0] {
			before = g.Toks[i-1]
		}
		if m[1]-i >= 2 && i > m[0] && isLowerWord(before) && !postModifier[before] && before != "the" && before != "and" &&
			!slices.Contains(g.Toks[m[0]:i], ",") {
			names = append(names, strings.Join(g.Toks[i:m[1]], " "))
		}
		j := m[0]
		if strings.EqualFold(g.Toks[j], "the") {
			j++
		}
		k := j
		for k < m[1] && inName(k, m[1]) {
			k++
		}
		if k > j && k < m[1] && g.Toks[k] == "," {
			names = append(names, strings.Join(g.Toks[j:k], " "))
		}
	}
	return names
}

// postModifier are words that go on with a noun phrase ("Matthew Ingram of The Globe and
// Mail"): a capitalised run after one is another entity's name.
var postModifier = map[string]bool{"of": true, "from": true, "in": true, "at": true, "for": true, "with": true, "on": true, "to": true, "by": true}

// isLowerWord reports whether w is a word of lower-case letters.
func isLowerWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLower(r) }) < 0
}

// wikiName turns a Wikipedia identifier into a name: "Ban_Ki-moon" → "Ban Ki-moon",
// "John_Smith_(politician)" → "John Smith".
func wikiName(id string) string {
	if i := strings.Index(id, "_("); i > 0 {
		id = id[:i]
	}
	return strings.ReplaceAll(id, "_", " ")
}

// sameSpeaker reports whether name is one of names or shares its last word, ignoring case,
// dots, a leading "the" and a trailing "'s".
func sameSpeaker(name string, names []string) bool {
	norm := func(s string) []string {
		s = strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), " - ", "-"))
		s = strings.TrimSuffix(strings.TrimSuffix(s, " 's"), "'s")
		w := strings.Fields(s)
		if len(w) > 1 && w[0] == "the" {
			w = w[1:]
		}
		return w
	}
	a := norm(name)
	if len(a) == 0 {
		return false
	}
	for _, n := range names {
		b := norm(n)
		if len(b) > 0 && (strings.Join(a, " ") == strings.Join(b, " ") || a[len(a)-1] == b[len(b)-1]) {
			return true
		}
	}
	return false
}
