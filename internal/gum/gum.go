// Package gum reads the coreference files of GUM's news articles (Wikinews, in
// ../shared/data/gum-news) for the tests that score whosaid's entities and speakers against
// them. GUM gives tokens, not text: Doc.Text lays them out as an article, with each token's
// span, so that whosaid's output can be aligned with the gold chains.
package gum

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/document"
)

// Doc is one GUM news article: its tokens, sentence starts and coreference chains.
type Doc struct {
	Name      string
	Toks      []string
	SentStart map[int]bool      // token indices that begin a sentence (from the NER files)
	Chains    map[string]*Chain // key type-id → chain
	Order     []string          // the chains' keys in order of first mention
}

// Chain is a coreference chain: its type, Wikipedia identifier and mentions (token ranges).
type Chain struct {
	Type  string   // GUM's entity type: person, organization, place, time, abstract, …
	Wiki  string   // the Wikipedia identifier, underscores for spaces, or ""
	Spans [][2]int // the mentions, as token ranges [start, end)
}

// ReadCoref reads a coref-gum file: "index<TAB>token<TAB>brackets", where brackets open
// "(type-id[-Wiki_id]" and close "type-id[-Wiki_id])".
func ReadCoref(path string) (*Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := &Doc{Name: strings.TrimSuffix(filepath.Base(path), ".conll"), Chains: map[string]*Chain{}, SentStart: map[int]bool{}}
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
		i := len(d.Toks)
		d.Toks = append(d.Toks, cols[1])
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
			c := d.Chains[key]
			if c == nil {
				c = &Chain{Type: parts[0]}
				d.Chains[key] = c
				d.Order = append(d.Order, key)
			}
			if len(parts) == 3 {
				c.Wiki = parts[2]
			}
			switch {
			case opening && closing:
				c.Spans = append(c.Spans, [2]int{i, i + 1})
			case opening:
				open[key] = append(open[key], i)
			case closing:
				if st := open[key]; len(st) > 0 {
					c.Spans = append(c.Spans, [2]int{st[len(st)-1], i + 1})
					open[key] = st[:len(st)-1]
				}
			}
		}
	}
	// GUM sometimes gives one Wikipedia entity two chains ("Google" and "Google 's"): one
	// entity is one chain here.
	byWiki := map[string]string{}
	order := d.Order[:0]
	for _, key := range d.Order {
		c := d.Chains[key]
		if c.Wiki == "" {
			order = append(order, key)
			continue
		}
		if k, ok := byWiki[c.Wiki]; ok {
			d.Chains[k].Spans = append(d.Chains[k].Spans, c.Spans...)
			delete(d.Chains, key)
			continue
		}
		byWiki[c.Wiki] = key
		order = append(order, key)
	}
	d.Order = order
	return d, sc.Err()
}

// ReadSentences marks the sentence starts of d from the NER file beside it (blank lines
// between sentences), aligning the two token streams by their characters.
func ReadSentences(d *Doc, path string) {
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
	for i, t := range d.Toks {
		if at[n] {
			d.SentStart[i] = true
		}
		n += len(t)
	}
}

// Text lays the tokens out as an article: a paragraph per sentence, spaces as English
// writes them. It returns the text and each token's byte span.
func (d *Doc) Text() (string, []document.Span) {
	var sb strings.Builder
	spans := make([]document.Span, len(d.Toks))
	quoteOpen := false
	noSpaceAfter := false
	for i, t := range d.Toks {
		switch {
		case i == 0:
		case d.SentStart[i]:
			sb.WriteString("\n\n")
			quoteOpen = false
		case noSpaceAfter:
		case t == "-" && i+1 < len(d.Toks) && !d.SentStart[i+1] && isWordTok(d.Toks[i-1]) && isWordTok(d.Toks[i+1]):
			// "14 - year - old" as written: "14-year-old"
		case t == `"` && quoteOpen:
		case strings.ContainsAny(t[:1], ",.;:!?)]%") && len(t) <= 3:
		case t == "'s" || t == "n't" || t == "'" || t == "'re" || t == "'ve" || t == "'ll" || t == "'m" || t == "'d":
		default:
			sb.WriteByte(' ')
		}
		noSpaceAfter = t == "(" || t == "[" || t == "$" || (t == `"` && !quoteOpen) ||
			(t == "-" && i > 0 && i+1 < len(d.Toks) && !d.SentStart[i+1] && isWordTok(d.Toks[i-1]) && isWordTok(d.Toks[i+1]))
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

var pronouns = map[string]bool{"i": true, "he": true, "she": true, "it": true, "we": true, "they": true, "you": true, "his": true, "her": true, "its": true, "their": true, "our": true, "this": true, "that": true}

// Named reports whether the chain names its entity: it is linked to Wikipedia, or one of its
// mentions is a proper name (ProperName). Times (dates) are not entities here.
func (d *Doc) Named(c *Chain) bool {
	if c.Type == "time" {
		return false
	}
	_, ok := d.ProperName(c)
	return c.Wiki != "" || ok
}

// ProperName returns the longest of the chain's proper-name mentions (ProperNames).
func (d *Doc) ProperName(c *Chain) (string, bool) {
	best := ""
	for _, n := range d.ProperNames(c) {
		if len(n) > len(best) {
			best = n
		}
	}
	return best, best != ""
}

// ProperNames returns the chain's mentions that are proper names, without a leading "the"
// or a trailing "'s", their words joined by single spaces: capitalised words, possibly
// joined by "of", "and", hyphens and the like, not a pronoun, and not a single word that
// only begins a sentence.
func (d *Doc) ProperNames(c *Chain) []string {
	var names []string
	for _, sp := range c.Spans {
		a, b := sp[0], sp[1]
		if strings.EqualFold(d.Toks[a], "the") {
			a++
		}
		if b-1 > a && d.Toks[b-1] == "'s" {
			b--
		}
		if a >= b {
			continue
		}
		ok, caps := true, 0
		for i := a; i < b && ok; i++ {
			w := d.Toks[i]
			r := []rune(w)
			switch {
			case len(r) > 0 && (unicode.IsUpper(r[0]) || unicode.IsDigit(r[0])) && !pronouns[strings.ToLower(w)]:
				if unicode.IsUpper(r[0]) {
					caps++
				}
			case i > a && i < b-1 && (connectors[strings.ToLower(w)] || w == "-" || w == "." || w == "," || w == "at"):
			default:
				ok = false
			}
		}
		first := d.SentStart[a] || (a > 0 && strings.ContainsAny(d.Toks[a-1], ".!?\"\u201c"))
		last := []rune(d.Toks[b-1])
		if ok && caps > 0 && unicode.IsUpper(last[0]) && (caps > 1 || !first) {
			names = append(names, strings.Join(d.Toks[a:b], " "))
		}
	}
	return names
}

// connectors are the words that may join the capitalised words of a name.
var connectors = map[string]bool{"of": true, "the": true, "and": true, "for": true, "&": true, "on": true, "in": true, "de": true, "du": true, "la": true, "des": true}
