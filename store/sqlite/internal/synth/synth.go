// Package synth makes large collections of analysed articles for the store's benchmarks out
// of a small collection of real ones: article n is base article n mod len(base), its text and
// analyses unchanged, published by another outlet on another date at another URL, with some
// of its people quoted under other names.
//
// The point is a store of realistic size whose text is real news: the words, their
// frequencies, the length of statements and articles and the number of statements per article
// are those of the base articles (analysed by the real pipeline), so full-text posting lists
// grow as they would with more news of the same kind. What a real collection of that size has
// and this one lacks is new vocabulary: the rare words of a million statements are those of
// the base set, repeated. Speakers, outlets and dates are spread the way a news archive spreads
// them: a few outlets publish most articles (Zipf), most people are quoted rarely and a few very
// often, and later years have more articles than earlier ones.
//
// Everything is a function of the base articles, the seed and n: the same arguments give the
// same articles, in any order, on any machine.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/whosaid/whosaid/store"
)

// outlets are invented in the image of real ones (the domains are .example): they are the
// names an --outlet filter sees, the first publishing most, by Zipf's law.
var outlets = []string{
	"Daily Courier", "National Herald", "Metro Wire", "Evening Standard Post", "Capital Times",
	"Northern Echo Star", "Harbour Gazette", "The Ledger", "Coastal Chronicle", "Union Tribune Daily",
	"Valley Observer", "Westfield News", "Eastport Gazette", "Morning Bulletin", "City Press Review",
	"The Sentinel", "Highland Record", "River Times", "Continental Report", "Global Dispatch",
	"Southern Argus", "Lakeside Journal", "The Examiner Weekly", "Parliament Monitor", "Business Daily Line",
	"Sports Desk Today", "Culture Notes", "Tech Brief", "Frontier Post", "Island Voice",
}

// Generator makes the articles. It is safe for concurrent use: it only reads its tables.
type Generator struct {
	base     []*store.Article
	seed     uint64
	first    []string  // first names of the base's people, most frequent first
	last     []string  // their last names, likewise
	outletCW []float64 // cumulative Zipf weights of outlets
}

// New returns a generator over base, which it does not change; base must not be empty.
func New(base []*store.Article, seed uint64) *Generator {
	g := &Generator{base: base, seed: seed}
	firsts, lasts := map[string]int{}, map[string]int{}
	for _, a := range base {
		for _, st := range a.Statements {
			f := strings.Fields(st.SpeakerName)
			if st.SpeakerType != "person" || len(f) < 2 {
				continue
			}
			firsts[f[0]]++
			lasts[f[len(f)-1]]++
		}
	}
	g.first, g.last = byCount(firsts), byCount(lasts)
	var sum float64
	for i := range outlets {
		sum += 1 / float64(i+1)
		g.outletCW = append(g.outletCW, sum)
	}
	return g
}

// byCount returns the keys of m, the most counted first (ties in alphabetical order).
func byCount(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return ks
}

// Base returns the number of base articles: articles n and n+Base() share their text.
func (g *Generator) Base() int { return len(g.base) }

// Article returns article n (from 0). Its text is the base article's with one line added at
// the end (the outlet, the date and the URL, as syndicated copies carry), so that no two
// articles have the same content hash; every offset of the base stays valid.
func (g *Generator) Article(n int) *store.Article {
	b := g.base[n%len(g.base)]
	copyNo := n / len(g.base)
	rng := rand.New(rand.NewPCG(g.seed, uint64(n)))

	a := &store.Article{Title: b.Title, SourcePath: b.SourcePath, SourceRecord: b.SourceRecord}
	if u := rng.Float64() * g.outletCW[len(g.outletCW)-1]; rng.IntN(20) > 0 { // 1 in 20 without an outlet
		i, _ := slices.BinarySearch(g.outletCW, u)
		a.Outlet = outlets[min(i, len(outlets)-1)]
	}
	if rng.IntN(33) > 0 { // 1 in 33 undated
		// 2000 to 2025, the density rising linearly: later years have more articles.
		const days = 26 * 365
		d := int(math.Sqrt(rng.Float64()) * days)
		zone := time.FixedZone("", (rng.IntN(25)-12)*3600)
		a.Published = time.Date(2000, 1, 1, 6+rng.IntN(16), rng.IntN(60), 0, 0, zone).AddDate(0, 0, d)
	}
	host := "wire.example"
	if a.Outlet != "" {
		host = strings.ToLower(strings.ReplaceAll(a.Outlet, " ", "")) + ".example"
	}
	day := "undated"
	if !a.Published.IsZero() {
		day = a.Published.Format("2006/01/02")
	}
	a.URL = fmt.Sprintf("https://%s/%s/%d-%d", host, day, n, copyNo)
	footer := "Published by " + orDefault(a.Outlet, "a news agency")
	if !a.Published.IsZero() {
		footer += " on " + a.Published.Format("2 January 2006")
	}
	a.Text = b.Text + "\n\n" + footer + ": " + a.URL
	a.Hash = store.ContentHash(a.Text)

	// People quoted: in a copy, each is under another name with probability 1/2, the same
	// within the article; the new name is a first and a last name of the base, drawn with a
	// skew towards frequent ones so that some invented people are quoted often.
	rename := map[string]string{}
	a.Statements = slices.Clone(b.Statements)
	for i := range a.Statements {
		st := &a.Statements[i]
		st.ID, st.ArticleID = 0, 0
		st.About = slices.Clone(st.About)
		if copyNo == 0 || st.SpeakerType != "person" || st.SpeakerName == "" || len(g.first) == 0 {
			continue
		}
		nn, ok := rename[st.SpeakerName]
		if !ok {
			nn = st.SpeakerName
			if rng.IntN(2) == 0 {
				nn = g.first[skewed(rng, len(g.first))] + " " + g.last[skewed(rng, len(g.last))]
			}
			rename[st.SpeakerName] = nn
		}
		st.SpeakerName = nn
	}
	a.Entities = b.Entities
	a.Dates = b.Dates
	return a
}

// skewed draws an index below n, small ones much more often (density falling as 1/√i).
func skewed(rng *rand.Rand, n int) int {
	u := rng.Float64()
	return min(n-1, int(u*u*float64(n)))
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
