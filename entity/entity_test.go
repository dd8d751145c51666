package entity

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/bystart"
	"github.com/whosaid/whosaid/tokenize"
)

// marked builds the mentions of a text from its marked names: "[PER Jane Alder] met [ORG Acme]".
func marked(s string) (string, []Mention) {
	var sb strings.Builder
	var ms []Mention
	for {
		i := strings.Index(s, "[")
		if i < 0 {
			sb.WriteString(s)
			break
		}
		sb.WriteString(s[:i])
		j := strings.Index(s[i:], "]") + i
		typ, name, _ := strings.Cut(s[i+1:j], " ")
		weak := strings.HasSuffix(typ, "!")
		typ = strings.TrimSuffix(typ, "!")
		t := map[string]document.EntityType{"PER": document.Person, "ORG": document.Organization, "LOC": document.Place, "MISC": document.Other}[typ]
		start := sb.Len()
		sb.WriteString(name)
		ms = append(ms, Mention{Span: document.Span{Start: start, End: sb.Len()}, Type: t, Weak: weak, TitleCase: weak})
		s = s[j+1:]
	}
	return sb.String(), ms
}

type want struct {
	name string
	typ  document.EntityType
	n    int // mentions
}

func TestGroup(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"surname joins the earlier full name",
			"[PER Marta Kowalczyk] opened the plant. [PER Kowalczyk] said it would hire.",
			[]want{{"Marta Kowalczyk", document.Person, 2}}},
		{"short name before the full one",
			"[PER Kowalczyk]: no layoffs\n\n[PER Marta Kowalczyk] said so.",
			[]want{{"Marta Kowalczyk", document.Person, 2}}},
		{"possessive stripped",
			"[PER Tomas Berg’s] plan failed. [PER Berg's] aides left.",
			[]want{{"Tomas Berg", document.Person, 2}}},
		{"two people share a surname: the nearest before",
			"[PER Ann Lind] and [PER Per Lind] met. [PER Per Lind] spoke first; then [PER Lind] left.",
			[]want{{"Ann Lind", document.Person, 1}, {"Per Lind", document.Person, 3}}},
		{"a surname far from the nearer person's name is the article's first",
			"[PER Hillary Lind] spoke.\n\n[PER Bill Lind] came.\n\nThe hall filled.\n\nThe vote was close.\n\n[PER Lind] said it was over.",
			[]want{{"Hillary Lind", document.Person, 2}, {"Bill Lind", document.Person, 1}}},
		{"a surname right after a person's name is that person's",
			"[PER Hillary Lind] spoke.\n\n[PER Bill Lind] came. [PER Lind] said it was over.",
			[]want{{"Hillary Lind", document.Person, 1}, {"Bill Lind", document.Person, 2}}},
		{"a courtesy title after a quotation mark",
			"[PER Hillary Lind] and [PER Bill Lind] met. “Mrs. [PER Lind] spoke,” they said.",
			[]want{{"Hillary Lind", document.Person, 2}, {"Bill Lind", document.Person, 1}}},
		{"a courtesy title picks the person whose first name agrees",
			"[PER Hillary Lind] and [PER Bill Lind] met. Then Mrs. [PER Lind] spoke, and Mr. [PER Lind] left.",
			[]want{{"Hillary Lind", document.Person, 2}, {"Bill Lind", document.Person, 2}}},
		{"acronym in parentheses after the name",
			"The [ORG Coastal Water Authority] (CWA) met. The [ORG CWA] said no.",
			[]want{{"Coastal Water Authority", document.Organization, 3}}},
		{"name in parentheses after the acronym",
			"The [ORG NFSA] ([ORG National Food Safety Agency]) warned. [ORG NFSA] inspectors came.",
			[]want{{"National Food Safety Agency", document.Organization, 3}}},
		{"acronym whose letters do not match stays apart",
			"The [ORG Coastal Water Authority] ([ORG BBC]) met.",
			[]want{{"Coastal Water Authority", document.Organization, 1}, {"BBC", document.Organization, 1}}},
		{"a place is not a person's surname",
			"[PER Dana Carson] visited [LOC Carson] on Monday.",
			[]want{{"Dana Carson", document.Person, 1}, {"Carson", document.Place, 1}}},
		{"body typing wins over the headline's",
			"[ORG! Velmont] Wins\n\n[LOC Velmont] voted. [LOC Velmont] cheered.",
			[]want{{"Velmont", document.Place, 3}}},
		{"title case mention without support is dropped",
			"[ORG! Harbour Deal Signed]\n\nThe port reopened.",
			nil},
		{"title case mention narrowed to the body's name",
			"[PER! Kowalczyk Opens] Plant\n\n[PER Marta Kowalczyk] spoke.",
			[]want{{"Marta Kowalczyk", document.Person, 2}}},
		{"same name, same entity, first mention order",
			"[LOC Lisbon] and [ORG Orla Bank]. [LOC Lisbon] again.",
			[]want{{"Lisbon", document.Place, 2}, {"Orla Bank", document.Organization, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, ms := marked(tt.text)
			got := Group(text, ms)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d entities %+v, want %d", len(got), got, len(tt.want))
			}
			for i, e := range got {
				w := tt.want[i]
				if e.Name != w.name || e.Type != w.typ || len(e.Mentions) != w.n {
					t.Errorf("entity %d: %q %s %d mentions, want %q %s %d", i, e.Name, e.Type, len(e.Mentions), w.name, w.typ, w.n)
				}
				for k := 1; k < len(e.Mentions); k++ {
					if e.Mentions[k].Start < e.Mentions[k-1].Start {
						t.Errorf("entity %d: mentions not sorted", i)
					}
				}
			}
		})
	}
}

func find(text string) *document.Doc {
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	New(nil).Find(d)
	return d
}

// TestFind runs the tagger: texts written for the test, names made up or public figures.
func TestFind(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"titles are not the name",
			"Harbour plan delayed\n\nEastport Mayor Jane Alder said on Tuesday the bridge would open late. Alder blamed the weather.",
			[]want{{"Jane Alder", document.Person, 2}}},
		{"acronym linked",
			"Funds cut\n\nThe Federal Bureau of Investigation (FBI) lost funding, and the FBI said it would appeal.",
			[]want{{"Federal Bureau of Investigation", document.Organization, 3}}},
		{"possessive",
			"Vote today\n\nGerman Chancellor Angela Merkel’s party met in Berlin. Merkel's aides said nothing.",
			[]want{{"Angela Merkel", document.Person, 2}, {"Berlin", document.Place, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := find(tt.text)
			for _, w := range tt.want {
				ok := false
				for _, e := range d.Entities {
					if e.Name == w.name && e.Type == w.typ && len(e.Mentions) == w.n {
						ok = true
					}
				}
				if !ok {
					var got []string
					for _, e := range d.Entities {
						got = append(got, e.Name+"/"+string(e.Type))
					}
					t.Errorf("no entity %q %s with %d mentions in %q", w.name, w.typ, w.n, got)
				}
			}
		})
	}
}

func TestAbout(t *testing.T) {
	text := "Talks resume\n\nJane Alder said Northgate Engineering had let Eastport down and that Northgate would pay."
	d := find(text)
	// One statement by Alder whose content is everything after "said".
	src := strings.Index(text, "Jane Alder")
	d.Statements = []document.Statement{{
		Kind: document.Indirect, Source: document.Span{Start: src, End: src + len("Jane Alder")},
		Content:   []document.Span{{Start: strings.Index(text, "Jane"), End: len(text) - 1}},
		Speaker:   document.Speaker{Name: "Jane Alder", Type: document.Person},
		Continues: -1,
	}}
	About(d)
	// The Finder's About, which keeps its working memory, sets the same, document after
	// document.
	f := New(nil)
	for range 2 {
		o := find(text)
		o.Statements = slices.Clone(d.Statements)
		o.Statements[0].About = nil
		f.About(find("Northgate and Eastport met. Alder said so."))
		f.About(o)
		if !slices.Equal(o.Statements[0].About, d.Statements[0].About) {
			t.Errorf("Finder.About = %v, About = %v", o.Statements[0].About, d.Statements[0].About)
		}
	}
	var names []string
	for _, e := range d.Statements[0].About {
		names = append(names, d.Entities[e].Name)
	}
	for _, n := range names {
		if n == "Jane Alder" {
			t.Errorf("about %q lists the speaker", names)
		}
	}
	if len(names) == 0 || names[0] != "Northgate Engineering" {
		t.Errorf("about %q, want Northgate Engineering first", names)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("about %q repeats %q", names, n)
		}
		seen[n] = true
	}
}

func TestTitleCase(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Harbour Bridge Opening Delayed Again", true},
		{"Mayor Says Harbour Bridge Will Open in May", true},
		{"Mayor says the harbour bridge will open in May", false},
		{"NATO AND EU LEADERS MEET", false},
		{"Putin: No", false},
	} {
		d := &document.Doc{Text: tt.s}
		tokenize.New().Tokenize(d)
		if got := titleCase(d, d.Sentences[0]); got != tt.want {
			t.Errorf("titleCase(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

var benchText = strings.Repeat(`Harbour plan delayed again

Eastport Mayor Jane Alder said on Tuesday that the Harbour Bridge would open in May. The Federal Transit Agency (FTA) disagreed, and the FTA said so in a letter to Alder’s office.

“We have learned a lot,” Alder told reporters. Tom Reyes, who leads the opposition, said Northgate Engineering had let Eastport down.

`, 4)

func BenchmarkFind(b *testing.B) {
	d := &document.Doc{Text: benchText}
	tokenize.New().Tokenize(d)
	f := New(nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(d.Text)))
	for b.Loop() {
		f.Find(d)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(d.Tokens)), "ns/token")
}

func BenchmarkGroup(b *testing.B) {
	d := &document.Doc{Text: benchText}
	tokenize.New().Tokenize(d)
	ms := New(nil).Mentions(d)
	b.ReportAllocs()
	for b.Loop() {
		Group(d.Text, ms)
	}
}

// TestMentionsByStart checks mentionsByStart against sorting the mentions with
// slices.SortFunc, the way it replaces, on entities with mentions in random places: in odd
// trials some of them start together, in even ones none do.
func TestMentionsByStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var buf []ment
	var x bystart.Sorter[ment]
	for trial := range 500 {
		ents := make([]document.Entity, 1+rng.IntN(20))
		starts := rng.Perm(1000)
		for e := range ents {
			for range 1 + rng.IntN(6) {
				start := starts[0]
				if starts = starts[1:]; trial%2 == 1 {
					start = rng.IntN(50 + trial)
				}
				ents[e].Mentions = append(ents[e].Mentions, document.Span{Start: start, End: start + 1 + rng.IntN(5)})
			}
		}
		var want []ment
		for e, ent := range ents {
			for _, m := range ent.Mentions {
				want = append(want, ment{m, e})
			}
		}
		slices.SortFunc(want, func(a, b ment) int { return a.Start - b.Start })
		// The buffer and sorter are reused from trial to trial, as Finder.About reuses them.
		buf = mentionsByStart(ents, buf[:0], &x)
		if !slices.Equal(buf, want) {
			t.Fatalf("trial %d: mentionsByStart = %v, want %v", trial, buf, want)
		}
	}
}

// TestMentionNames checks that the name a mention keeps for its entity's Name is its words
// joined by spaces, for the mentions of texts with acronyms, Title Case and shorter names of
// people, after people has given some of them a fuller key.
func TestMentionNames(t *testing.T) {
	for _, text := range []string{
		benchText,
		"The Federal Bureau of Investigation (FBI) said on Monday that Vladimir Putin met Putin's aides. The FBI agreed.\n\nPort Deal Signed As Talks End In Eastport\n\nJane Alder said, “Alder is here.” Washington, D.C. and George Washington.",
	} {
		d := &document.Doc{Text: text}
		tokenize.New().Tokenize(d)
		var g grouping
		ents := g.group(d.Text, New(nil).Mentions(d))
		if len(ents) == 0 {
			t.Fatalf("%.20q: no entities", text)
		}
		for _, m := range g.ms {
			if want := strings.Join(m.words, " "); m.name != want {
				t.Errorf("%.20q: mention %v named %q, want %q", text, m.Span, m.name, want)
			}
		}
	}
}
