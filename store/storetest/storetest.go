// Package storetest holds the tests of the store.Store contract, for every implementation to
// run: an implementation's test calls Run with a function returning a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/store"
)

// Run runs the contract tests, each on its own store from newStore (closed at the end).
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"NotFound", testNotFound},
		{"Idempotent", testIdempotent},
		{"Replace", testReplace},
		{"Batch", testBatch},
		{"Search", testSearch},
		{"SearchFilters", testSearchFilters},
		{"SearchArticles", testSearchArticles},
		{"Speakers", testSpeakers},
		{"SpeakersMerged", testSpeakersMerged},
		{"About", testAbout},
		{"AboutReplaced", testAboutReplaced},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			defer s.Close()
			tc.fn(t, s)
		})
	}
}

// article builds a stored article from text, marking statements by their content, which must
// occur in text once; speaker "" leaves the statement without one. Offsets are code points.
func article(url, outlet, published, text string, sts ...[3]string) *store.Article {
	a := &store.Article{URL: url, Outlet: outlet, Text: text, SourcePath: "test/" + outlet + ".txt"}
	a.Title, _, _ = strings.Cut(text, "\n")
	if published != "" {
		p, err := time.Parse(time.RFC3339, published)
		if err != nil {
			p, err = time.Parse("2006-01-02", published)
		}
		if err != nil {
			panic(err)
		}
		a.Published = p
	}
	cp := func(s string) store.Span { return at(text, s) }
	for _, st := range sts { // speaker, cue, content
		s := store.Statement{Kind: "direct", SpeakerName: st[0], SpeakerType: "person", Content: st[2], Continues: -1, Rule: "test"}
		if st[0] == "" {
			s.SpeakerType = "unknown"
		} else if strings.Contains(text, st[0]) {
			sp := cp(st[0])
			s.Source = &store.Mention{Text: st[0], Start: sp.Start, End: sp.End}
		}
		if st[1] != "" {
			sp := cp(st[1])
			s.Cue = &store.Mention{Text: st[1], Start: sp.Start, End: sp.End}
		}
		s.ContentSpans = []store.Span{cp(st[2])}
		a.Statements = append(a.Statements, s)
	}
	return a
}

// at is the span of the first s in text, in code points.
func at(text, s string) store.Span {
	i := strings.Index(text, s)
	if i < 0 {
		panic("not in text: " + s)
	}
	st := utf8.RuneCountInString(text[:i])
	return store.Span{Start: st, End: st + utf8.RuneCountInString(s)}
}

const bridgeText = "Mayor: ‘The Harbour Bridge will open in May’\n\n" +
	"Café owners on Rue Élise cheered as the last span went in, Jane Alder said.\n\n" +
	"“We have learned a lot from the bridges we built,” Jane Alder told reporters on Tuesday.\n\n" +
	"“This is the third date they have given us,” said Tom Reyes, a councillor."

func bridge() *store.Article {
	a := article("https://eastport.example/bridge", "Eastport Gazette", "2025-05-02T09:30:00+02:00", bridgeText,
		[3]string{"Jane Alder", "told", "We have learned a lot from the bridges we built"},
		[3]string{"Tom Reyes", "said", "This is the third date they have given us"},
		[3]string{"", "said", "Café owners on Rue Élise cheered as the last span went in"},
	)
	a.Statements[1].Kind = "direct"
	a.Statements[2].Kind = "indirect"
	a.Statements[2].Date = "2025-04-29"
	a.Statements[2].Continues = 0
	a.Statements[2].Rule = "rule \"quoted\" \\ back\tslash\x01 ünï ✓ 🎉" // survives any encoding on the way
	a.SourceRecord = "3"
	a.Entities = []store.Entity{
		{Name: "Jane Alder", Type: "person", Mentions: []store.Span{{Start: 125, End: 135}, {Start: 65, End: 75}}},
		{Name: "Rue Élise", Type: "place", Mentions: []store.Span{{Start: 61, End: 70}}},
	}
	a.Statements[2].About = []int{1} // the café owners are on Rue Élise
	a.Dates = []store.Date{{Text: "Tuesday", Value: "2025-04-29", Type: "DATE", Start: 155, End: 162}}
	return a
}

const libraryText = "Library to close on Sundays\n\n" +
	"“We cannot pay for the extra staff,” said Priya Nair, who has run the library since 2019.\n\n" +
	"“The bridge to the reading room stays open,” Nair added."

func library() *store.Article {
	return article("", "Northfield News", "2025-06-10", libraryText,
		[3]string{"Priya Nair", "said", "We cannot pay for the extra staff"},
		[3]string{"Nair", "added", "The bridge to the reading room stays open"},
	)
}

const harbourText = "Council backs the harbour plan\n\n" +
	"“The bridge is late and over budget,” said Jane Alder, who chairs the council.\n\n" +
	"Northgate Engineering said the storm in January caused the delays."

func harbour() *store.Article {
	a := article("https://eastport.example/harbour", "Harbour Times", "2024-11-20", harbourText,
		[3]string{"Jane Alder", "said", "The bridge is late and over budget"},
		[3]string{"Northgate Engineering", "said", "the storm in January caused the delays"},
	)
	a.Statements[0].SpeakerName = "jane  alder" // the same speaker, written otherwise
	a.Statements[1].SpeakerType = "organization"
	a.Statements[1].Kind = "indirect"
	return a
}

func put(t *testing.T, s store.Store, a *store.Article, want store.Outcome) int64 {
	t.Helper()
	r, err := s.Put(context.Background(), a)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if r.Outcome != want {
		t.Fatalf("Put %s: outcome %v, want %v", a.URL, r.Outcome, want)
	}
	if r.ID == 0 {
		t.Fatalf("Put %s: no ID", a.URL)
	}
	return r.ID
}

func counts(t *testing.T, s store.Store) store.Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return c
}

// normalise clears what the store sets, for comparison with what was put.
func normalise(a *store.Article) *store.Article {
	b := *a
	b.ID, b.IngestedAt = 0, time.Time{}
	b.Statements = slices.Clone(a.Statements)
	for i := range b.Statements {
		b.Statements[i].ID, b.Statements[i].ArticleID = 0, 0
	}
	for i := range b.Entities {
		b.Entities[i].Mentions = slices.Clone(b.Entities[i].Mentions)
		slices.SortFunc(b.Entities[i].Mentions, func(x, y store.Span) int { return x.Start - y.Start })
	}
	if b.Hash == "" {
		b.Hash = store.ContentHash(b.Text)
	}
	return &b
}

func testRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	in := bridge()
	before := time.Now().Add(-time.Second)
	id := put(t, s, in, store.New)
	for name, get := range map[string]func() (*store.Article, error){
		"Article":       func() (*store.Article, error) { return s.Article(ctx, id) },
		"ArticleByURL":  func() (*store.Article, error) { return s.ArticleByURL(ctx, in.URL) },
		"ArticleByHash": func() (*store.Article, error) { return s.ArticleByHash(ctx, store.ContentHash(in.Text)) },
	} {
		got, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.ID != id {
			t.Errorf("%s: ID %d, want %d", name, got.ID, id)
		}
		if got.IngestedAt.Before(before) || got.IngestedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("%s: IngestedAt %v, not now", name, got.IngestedAt)
		}
		if !got.Published.Equal(in.Published) {
			t.Errorf("%s: Published %v, want %v", name, got.Published, in.Published)
		}
		if _, off := got.Published.Zone(); off != 2*3600 {
			t.Errorf("%s: Published %v lost its offset", name, got.Published)
		}
		for i, st := range got.Statements {
			if st.ID == 0 || st.ArticleID != id {
				t.Errorf("%s: statement %d: ID %d, ArticleID %d", name, i, st.ID, st.ArticleID)
			}
			// Offsets are code points: slicing the text's runes gives the content back.
			sp := st.ContentSpans[0]
			if c := string([]rune(got.Text)[sp.Start:sp.End]); c != st.Content {
				t.Errorf("%s: statement %d: text at its offsets %q, content %q", name, i, c, st.Content)
			}
		}
		g, w := normalise(got), normalise(in)
		g.Published, w.Published = time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: round trip differs:\n got %+v\nwant %+v", name, g, w)
		}
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.Article(ctx, 12345); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article of a missing ID: %v, want ErrNotFound", err)
	}
	if _, err := s.ArticleByURL(ctx, "https://nowhere.example/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ArticleByURL of a missing URL: %v, want ErrNotFound", err)
	}
	if _, err := s.ArticleByHash(ctx, store.ContentHash("nothing")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ArticleByHash of a missing hash: %v, want ErrNotFound", err)
	}
	hits, err := s.Search(ctx, store.Query{Text: "bridge"})
	if err != nil || len(hits) != 0 {
		t.Errorf("Search of an empty store: %v, %v", hits, err)
	}
	sp, err := s.Speakers(ctx, store.SpeakersQuery{})
	if err != nil || len(sp) != 0 {
		t.Errorf("Speakers of an empty store: %v, %v", sp, err)
	}
}

func testIdempotent(t *testing.T, s store.Store) {
	id := put(t, s, bridge(), store.New)
	lib := put(t, s, library(), store.New)
	want := counts(t, s)
	if want.Articles != 2 || want.Statements != 5 || want.Entities != 2 || want.Mentions != 3 || want.Dates != 1 {
		t.Fatalf("counts after two articles: %+v", want)
	}
	// Jane Alder, Tom Reyes, Priya Nair, Nair: the statement without a speaker has none.
	if want.Speakers != 4 {
		t.Errorf("speakers: %d, want 4", want.Speakers)
	}
	if got := put(t, s, bridge(), store.Unchanged); got != id {
		t.Errorf("same URL and text: ID %d, want %d", got, id)
	}
	// The same text under another URL, or none, or laid out otherwise, is a duplicate.
	dup := bridge()
	dup.URL = "https://mirror.example/bridge"
	if got := put(t, s, dup, store.Duplicate); got != id {
		t.Errorf("duplicate: ID %d, want %d", got, id)
	}
	dup = bridge()
	dup.URL = ""
	dup.Text = strings.ReplaceAll(bridgeText, "\n\n", "\r\n  \r\n") + "\n"
	put(t, s, dup, store.Duplicate)
	if got := put(t, s, library(), store.Duplicate); got != lib {
		t.Errorf("article without URL again: ID %d, want %d", got, lib)
	}
	if got := counts(t, s); got != want {
		t.Errorf("counts changed by putting the same articles again: %+v, want %+v", got, want)
	}
	if _, err := s.ArticleByURL(context.Background(), "https://mirror.example/bridge"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a duplicate's URL was stored: %v", err)
	}
}

func testReplace(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := put(t, s, bridge(), store.New)
	put(t, s, library(), store.New)
	changed := article("https://eastport.example/bridge", "Eastport Gazette", "2025-05-03",
		"Bridge opening delayed again\n\n“We need one more month,” said Sam Okafor, the city engineer.",
		[3]string{"Sam Okafor", "said", "We need one more month"})
	if got := put(t, s, changed, store.Updated); got != id {
		t.Errorf("changed article: ID %d, want the old %d", got, id)
	}
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalise(a).Statements, normalise(changed).Statements) || a.Text != changed.Text ||
		len(a.Entities) != 0 || len(a.Dates) != 0 || a.Title != "Bridge opening delayed again" {
		t.Errorf("after the update the article is %+v", a)
	}
	c := counts(t, s)
	if c.Articles != 2 || c.Statements != 3 || c.Entities != 0 || c.Mentions != 0 || c.Dates != 0 {
		t.Errorf("counts after the update: %+v", c)
	}
	// Jane Alder and Tom Reyes are quoted nowhere else: they went with their statements.
	if c.Speakers != 3 {
		t.Errorf("speakers after the update: %d, want 3 (Sam Okafor, Priya Nair, Nair)", c.Speakers)
	}
	if c.About != 0 {
		t.Errorf("what the old statements were about is still stored: %d rows", c.About)
	}
	if hits, err := s.Search(ctx, store.Query{Text: "learned"}); err != nil || len(hits) != 0 {
		t.Errorf("the old statements are still found: %v, %v", hits, err)
	}
	if hits, err := s.SearchArticles(ctx, store.Query{Text: "Café"}); err != nil || len(hits) != 0 {
		t.Errorf("the old text is still found: %v, %v", hits, err)
	}
	hits, err := s.Search(ctx, store.Query{Text: "month"})
	if err != nil || len(hits) != 1 || hits[0].SpeakerName != "Sam Okafor" || hits[0].ArticleID != id {
		t.Errorf("the new statement: %+v, %v", hits, err)
	}
	// Putting the new version again changes nothing; the old one replaces it back.
	put(t, s, changed, store.Unchanged)
	put(t, s, bridge(), store.Updated)
	if c := counts(t, s); c.Statements != 5 || c.Speakers != 4 || c.Mentions != 3 || c.About != 1 {
		t.Errorf("counts after restoring: %+v", c)
	}
}

func testBatch(t *testing.T, s store.Store) {
	ctx := context.Background()
	dup := library()
	dup.Text += "\n"
	res, err := s.PutBatch(ctx, []*store.Article{bridge(), library(), dup, harbour()})
	if err != nil {
		t.Fatal(err)
	}
	var got []store.Outcome
	for _, r := range res {
		got = append(got, r.Outcome)
	}
	if want := []store.Outcome{store.New, store.New, store.Duplicate, store.New}; !slices.Equal(got, want) {
		t.Errorf("outcomes %v, want %v", got, want)
	}
	if res[2].ID != res[1].ID {
		t.Errorf("duplicate in the batch: ID %d, want %d", res[2].ID, res[1].ID)
	}
	// The same URL changed twice in one batch, after it was stored: the last text wins, and
	// neither old text is found.
	v2 := article("https://eastport.example/harbour", "Harbour Times", "2024-11-21",
		"Harbour plan delayed\n\n“Not this year,” said Ann Lee.", [3]string{"Ann Lee", "said", "Not this year"})
	v3 := article("https://eastport.example/harbour", "Harbour Times", "2024-11-22",
		"Harbour plan dropped\n\n“Never,” said Bo Chan.", [3]string{"Bo Chan", "said", "Never"})
	res, err = s.PutBatch(ctx, []*store.Article{v2, v3})
	if err != nil || res[0].Outcome != store.Updated || res[1].Outcome != store.Updated || res[0].ID != res[1].ID {
		t.Fatalf("two updates in a batch: %+v, %v", res, err)
	}
	for _, q := range []string{"budget", "year"} {
		if h := search(t, s, store.Query{Text: q}); len(h) != 0 {
			t.Errorf("%q, of a replaced text, is found: %q", q, contents(h))
		}
	}
	if h := search(t, s, store.Query{Text: "never"}); len(h) != 1 || h[0].SpeakerName != "Bo Chan" {
		t.Errorf("the last text: %+v", h)
	}
	if a, err := s.SearchArticles(ctx, store.Query{Text: "dropped"}); err != nil || len(a) != 1 {
		t.Errorf("the last text's article: %+v, %v", a, err)
	}
	if a, err := s.SearchArticles(ctx, store.Query{Text: "delayed"}); err != nil || len(a) != 0 {
		t.Errorf("a replaced title is found: %+v, %v", a, err)
	}
	// A cancelled batch stores nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	extra := article("https://x.example/1", "X", "", "Another story\n\n“Fine,” said Ann Lee.", [3]string{"Ann Lee", "said", "Fine"})
	if _, err := s.PutBatch(cctx, []*store.Article{extra}); err == nil {
		t.Error("PutBatch with a cancelled context succeeded")
	}
	if c := counts(t, s); c.Articles != 3 {
		t.Errorf("articles after the batches: %d, want 3", c.Articles)
	}
	if res, err := s.PutBatch(ctx, nil); err != nil || len(res) != 0 {
		t.Errorf("empty batch: %v, %v", res, err)
	}
}

func fill(t *testing.T, s store.Store) {
	t.Helper()
	if _, err := s.PutBatch(context.Background(), []*store.Article{bridge(), library(), harbour()}); err != nil {
		t.Fatal(err)
	}
}

func search(t *testing.T, s store.Store, q store.Query) []store.Hit {
	t.Helper()
	hits, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return hits
}

func contents(hits []store.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Content)
	}
	return out
}

func testSearch(t *testing.T, s store.Store) {
	fill(t, s)
	// "bridge" finds "bridges" too (stemming); three statements mention one.
	hits := search(t, s, store.Query{Text: "bridge"})
	if len(hits) != 3 {
		t.Fatalf("bridge: %q", contents(hits))
	}
	for _, h := range hits {
		if !strings.Contains(h.Snippet, "[") || h.Title == "" || h.ArticleID == 0 {
			t.Errorf("hit %+v: no snippet mark, title or article", h)
		}
	}
	if h := search(t, s, store.Query{Text: "bridges built"}); len(h) != 1 || h[0].SpeakerName != "Jane Alder" ||
		h[0].Outlet != "Eastport Gazette" || h[0].URL != "https://eastport.example/bridge" {
		t.Errorf("bridges built: %+v", h)
	}
	// Diacritics are ignored; phrases must be consecutive.
	if h := search(t, s, store.Query{Text: "cafe"}); len(h) != 1 {
		t.Errorf("cafe: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: `"over budget"`}); len(h) != 1 {
		t.Errorf(`"over budget": %q`, contents(h))
	}
	if h := search(t, s, store.Query{Text: `"budget over"`}); len(h) != 0 {
		t.Errorf(`"budget over": %q`, contents(h))
	}
	if h := search(t, s, store.Query{Text: "storm OR staff"}); len(h) != 2 {
		t.Errorf("storm OR staff: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "bridge -budget"}); len(h) != 2 {
		t.Errorf("bridge -budget: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "budg*"}); len(h) != 1 {
		t.Errorf("budg*: %q", contents(h))
	}
	// What a user types is never a syntax error.
	for _, q := range []string{`"`, `(`, `bridge AND (`, `NEAR(`, `*`, `-`, `—`, `it's`, `a:b`, `"unclosed phrase`, `col:bridge`, `^bridge`} {
		if _, err := s.Search(context.Background(), store.Query{Text: q}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	if h := search(t, s, store.Query{Text: "nothing-like-this"}); len(h) != 0 {
		t.Errorf("a word in no statement: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "bridge", Limit: 1}); len(h) != 1 {
		t.Errorf("limit 1: %d hits", len(h))
	}
}

func testSearchFilters(t *testing.T, s store.Store) {
	fill(t, s)
	// The speaker is matched on the normalised name, whole words.
	h := search(t, s, store.Query{Text: "bridge", Speaker: "Jane Alder"})
	if len(h) != 2 {
		t.Errorf("speaker Jane Alder: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "bridge", Speaker: "alder"}); len(h) != 2 {
		t.Errorf("speaker alder: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "bridge", Speaker: "ald"}); len(h) != 0 {
		t.Errorf("speaker ald (not a word of the name): %q", contents(h))
	}
	if h := search(t, s, store.Query{Speaker: "Nair"}); len(h) != 2 {
		t.Errorf("every statement of Nair: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "bridge", Outlet: "harbour times"}); len(h) != 1 || h[0].Outlet != "Harbour Times" {
		t.Errorf("outlet: %+v", h)
	}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	if h := search(t, s, store.Query{Text: "bridge", From: day("2025-01-01")}); len(h) != 2 {
		t.Errorf("from 2025: %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "bridge", To: day("2025-05-02")}); len(h) != 2 {
		t.Errorf("to 2025-05-02 (inclusive): %q", contents(h))
	}
	if h := search(t, s, store.Query{Text: "bridge", From: day("2025-05-02"), To: day("2025-05-02")}); len(h) != 1 {
		t.Errorf("on 2025-05-02: %q", contents(h))
	}
	// Newest first.
	h = search(t, s, store.Query{Text: "bridge", Sort: store.ByDate})
	var dates []string
	for _, x := range h {
		dates = append(dates, x.Published.Format("2006-01-02"))
	}
	if want := []string{"2025-06-10", "2025-05-02", "2024-11-20"}; !slices.Equal(dates, want) {
		t.Errorf("by date: %v, want %v", dates, want)
	}
}

func testSearchArticles(t *testing.T, s store.Store) {
	fill(t, s)
	ctx := context.Background()
	hits, err := s.SearchArticles(ctx, store.Query{Text: "cafe"})
	if err != nil || len(hits) != 1 || hits[0].Outlet != "Eastport Gazette" || hits[0].Statements != 3 {
		t.Errorf("cafe: %+v, %v", hits, err)
	}
	hits, err = s.SearchArticles(ctx, store.Query{Text: "bridge", Speaker: "Priya Nair"})
	if err != nil || len(hits) != 1 || hits[0].Title != "Library to close on Sundays" {
		t.Errorf("bridge quoting Priya Nair: %+v, %v", hits, err)
	}
	hits, err = s.SearchArticles(ctx, store.Query{Sort: store.ByDate})
	if err != nil || len(hits) != 3 || hits[0].Outlet != "Northfield News" {
		t.Errorf("every article by date: %+v, %v", hits, err)
	}
}

func testSpeakers(t *testing.T, s store.Store) {
	fill(t, s)
	ctx := context.Background()
	sp, err := s.Speakers(ctx, store.SpeakersQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sp) != 5 {
		t.Fatalf("speakers: %+v", sp)
	}
	top := sp[0]
	if top.Name != "Jane Alder" || top.Type != "person" || top.Statements != 2 || top.Articles != 2 ||
		!slices.Equal(top.Outlets, []string{"Eastport Gazette", "Harbour Times"}) ||
		top.First.Format("2006-01-02") != "2024-11-20" || top.Last.Format("2006-01-02") != "2025-05-02" {
		t.Errorf("top speaker: %+v", top)
	}
	if sp, err := s.Speakers(ctx, store.SpeakersQuery{Top: 2}); err != nil || len(sp) != 2 {
		t.Errorf("top 2: %+v, %v", sp, err)
	}
	sp, err = s.Speakers(ctx, store.SpeakersQuery{Outlet: "Harbour Times"})
	if err != nil || len(sp) != 2 || sp[0].Statements != 1 || !slices.Equal(sp[0].Outlets, []string{"Harbour Times"}) {
		t.Errorf("speakers of Harbour Times: %+v, %v", sp, err)
	}
}

const ferryText = "Ferry to stop at the new bridge\n\n" +
	"“The ferry will stop at the bridge,” Jane Alder said.\n\n" +
	"“Tickets will cost less,” Jane Alder added.\n\n" +
	"“Boats leave every hour,” Jane Alder said later.\n\n" +
	"“We object,” said Tom Reyes.\n\n" +
	"“We object again,” said Tom Reyes.\n\n" +
	"“Fine by me,” said Lou Park."

func testSpeakersMerged(t *testing.T, s store.Store) {
	fill(t, s)
	ctx := context.Background()
	// The same names with other types: Jane Alder (a person twice) unknown three times, Tom
	// Reyes (a person once) an organization twice, Lou Park only unknown.
	a := article("https://eastport.example/ferry", "Harbour Times", "2025-07-01", ferryText,
		[3]string{"Jane Alder", "said", "The ferry will stop at the bridge"},
		[3]string{"Jane Alder", "added", "Tickets will cost less"},
		[3]string{"jane alder", "said", "Boats leave every hour"},
		[3]string{"Tom Reyes", "said", "We object"},
		[3]string{"Tom Reyes", "said", "We object again"},
		[3]string{"Lou Park", "said", "Fine by me"},
	)
	for i, typ := range []string{"unknown", "unknown", "unknown", "organization", "organization", "unknown"} {
		a.Statements[i].SpeakerType = typ
	}
	put(t, s, a, store.New)
	if c := counts(t, s); c.Speakers != 8 {
		t.Errorf("speakers rows: %d, want 8 (one per name and type)", c.Speakers)
	}
	sp, err := s.Speakers(ctx, store.SpeakersQuery{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		name, typ       string
		stmts, articles int
	}
	var got []row
	for _, x := range sp {
		got = append(got, row{x.Name, x.Type, x.Statements, x.Articles})
	}
	want := []row{
		{"Jane Alder", "person", 5, 3},
		{"Tom Reyes", "organization", 3, 2},
		{"Lou Park", "unknown", 1, 1},
		{"Nair", "person", 1, 1},
		{"Northgate Engineering", "organization", 1, 1},
		{"Priya Nair", "person", 1, 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("speakers merged by name:\n got %v\nwant %v", got, want)
	}
	if top := sp[0]; !slices.Equal(top.Outlets, []string{"Eastport Gazette", "Harbour Times"}) ||
		top.First.Format("2006-01-02") != "2024-11-20" || top.Last.Format("2006-01-02") != "2025-07-01" {
		t.Errorf("top speaker: %+v", top)
	}
	// Within one outlet, the type is the one of the statements there.
	sp, err = s.Speakers(ctx, store.SpeakersQuery{Outlet: "eastport gazette"})
	got = nil
	for _, x := range sp {
		got = append(got, row{x.Name, x.Type, x.Statements, x.Articles})
	}
	if want := []row{{"Jane Alder", "person", 1, 1}, {"Tom Reyes", "person", 1, 1}}; err != nil || !slices.Equal(got, want) {
		t.Errorf("speakers of Eastport Gazette: %v, %v; want %v", got, err, want)
	}
}

const councilText = "Council votes on the Harbour Bridge\n\n" +
	"“The Harbour Bridge and Rue Élise need the money first,” said Ann Lee, who chairs the council.\n\n" +
	"“Rue Élise can wait,” said Tom Reyes."

// council has statements about entities, the first about two, listed in the order the
// content names them (not the order of the entities).
func council() *store.Article {
	a := article("https://eastport.example/council", "Eastport Gazette", "2025-05-20", councilText,
		[3]string{"Ann Lee", "said", "The Harbour Bridge and Rue Élise need the money first"},
		[3]string{"Tom Reyes", "said", "Rue Élise can wait"},
	)
	a.Entities = []store.Entity{
		{Name: "Ann Lee", Type: "person", Mentions: []store.Span{at(councilText, "Ann Lee")}},
		{Name: "Rue Élise", Type: "place", Mentions: []store.Span{at(councilText, "Rue Élise")}},
		{Name: "Harbour Bridge", Type: "other", Mentions: []store.Span{at(councilText, "Harbour Bridge")}},
	}
	a.Statements[0].About = []int{2, 1}
	a.Statements[1].About = []int{1}
	return a
}

func names(es []store.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name+"/"+e.Type)
	}
	return out
}

func testAbout(t *testing.T, s store.Store) {
	ctx := context.Background()
	fill(t, s)
	in := council()
	id := put(t, s, in, store.New)
	got, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalise(got), normalise(in)) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", normalise(got), normalise(in))
	}
	for i, want := range [][]int{{2, 1}, {1}} {
		if !slices.Equal(got.Statements[i].About, want) {
			t.Errorf("statement %d: about %v, want %v", i, got.Statements[i].About, want)
		}
	}
	if c := counts(t, s); c.About != 4 {
		t.Errorf("about rows: %d, want 4", c.About)
	}
	if a, err := s.SearchArticles(ctx, store.Query{About: "élise", Sort: store.ByDate}); err != nil || len(a) != 2 || a[0].ID != id {
		t.Errorf("articles about Rue Élise: %+v, %v", a, err)
	}
	// A hit carries what its statement is about, by index and by name.
	h := search(t, s, store.Query{Text: "money"})
	if len(h) != 1 || !slices.Equal(h[0].About, []int{2, 1}) ||
		!slices.Equal(names(h[0].AboutEntities), []string{"Harbour Bridge/other", "Rue Élise/place"}) {
		t.Errorf("money: %+v", h)
	}
	if h := search(t, s, store.Query{Text: "staff"}); len(h) != 1 || h[0].About != nil || h[0].AboutEntities != nil {
		t.Errorf("a statement about nothing: %+v", h)
	}
	// The entity is matched on its normalised name, whole words, like the speaker.
	for _, c := range []struct {
		q    store.Query
		want int
	}{
		{store.Query{About: "Rue Élise"}, 3},
		{store.Query{About: "ÉLISE"}, 3},
		{store.Query{About: "lise"}, 0},
		{store.Query{About: "rue élise", Sort: store.ByDate}, 3},
		{store.Query{About: "Rue Élise", Speaker: "Tom Reyes"}, 1},
		{store.Query{About: "Rue Élise", Outlet: "Harbour Times"}, 0},
		{store.Query{About: "harbour bridge", Text: "money"}, 1},
		{store.Query{About: "harbour bridge", Text: "wait"}, 0},
		{store.Query{About: "bridge"}, 1},
		{store.Query{About: "Ann Lee"}, 0},    // the speaker is not what the statement is about
		{store.Query{About: "Jane Alder"}, 0}, // an entity no statement is about
	} {
		h := search(t, s, c.q)
		if len(h) != c.want {
			t.Errorf("%+v: %q, want %d", c.q, contents(h), c.want)
		}
		for _, x := range h {
			if len(x.AboutEntities) == 0 || len(x.AboutEntities) != len(x.About) {
				t.Errorf("%+v: hit %q about %v %v", c.q, x.Content, x.About, x.AboutEntities)
			}
		}
	}
}

func testAboutReplaced(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := put(t, s, council(), store.New)
	put(t, s, bridge(), store.New)
	text := "Council delays the vote\n\n“The Harbour Bridge comes first,” said Ann Lee."
	changed := article("https://eastport.example/council", "Eastport Gazette", "2025-05-21", text,
		[3]string{"Ann Lee", "said", "The Harbour Bridge comes first"})
	changed.Entities = []store.Entity{
		{Name: "Harbour Bridge", Type: "other", Mentions: []store.Span{at(text, "Harbour Bridge")}},
		{Name: "Ann Lee", Type: "person", Mentions: []store.Span{at(text, "Ann Lee")}},
	}
	changed.Statements[0].About = []int{0}
	if got := put(t, s, changed, store.Updated); got != id {
		t.Fatalf("changed article: ID %d, want %d", got, id)
	}
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Statements) != 1 || !slices.Equal(a.Statements[0].About, []int{0}) {
		t.Errorf("after the update: %+v", a.Statements)
	}
	if c := counts(t, s); c.About != 2 {
		t.Errorf("about rows after the update: %d, want 2", c.About)
	}
	if h := search(t, s, store.Query{About: "Rue Élise"}); len(h) != 1 || h[0].ArticleID == id {
		t.Errorf("Rue Élise after the update: %q", contents(h))
	}
	if h := search(t, s, store.Query{About: "Harbour Bridge"}); len(h) != 1 ||
		!slices.Equal(names(h[0].AboutEntities), []string{"Harbour Bridge/other"}) {
		t.Errorf("Harbour Bridge after the update: %+v", h)
	}
	// Back again, and both versions in one batch: the last wins.
	if _, err := s.PutBatch(ctx, []*store.Article{council(), changed}); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, s); c.About != 2 {
		t.Errorf("about rows after a batch: %d, want 2", c.About)
	}
	// An index that names no entity is not stored.
	bad := *changed
	bad.Text += " More soon."
	bad.Statements = slices.Clone(changed.Statements)
	bad.Statements[0].About = []int{5, 0, -1}
	put(t, s, &bad, store.Updated)
	if a, err := s.Article(ctx, id); err != nil || !slices.Equal(a.Statements[0].About, []int{0}) {
		t.Errorf("about with bad indices: %v, %v", a.Statements[0].About, err)
	}
}
