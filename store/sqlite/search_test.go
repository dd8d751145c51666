package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/store"
)

// randomArticles returns n invented articles of about eight statements each, over a small
// vocabulary (Zipf-like, so that some words are in most statements and whole statements
// recur, tied in rank), with speakers sharing first and last names, outlets written in
// varied letter case, and dates over seven years, some articles undated. Article i has the
// URL https://news.example/i: articles of another seed replace them.
func randomArticles(n int, seed uint64) []*store.Article {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := strings.Fields(`said the would people government bridge council budget minister vote plan harbour
		election market school ferry storm delay report police court trade tax health water road
		library museum strike rail energy price housing border union mayor`)
	first := []string{"Jane", "Tom", "Priya", "John", "Ana", "Leo", "Mia", "John"}
	last := []string{"Alder", "Reyes", "Nair", "Okafor", "Lima", "Grant", "Smith", "Smith-Jones"}
	outlets := []string{"Daily Courier", "daily courier", "Harbour Times", "Metro Wire", ""}
	pick := func() string { return words[min(len(words)-1, int(float64(len(words))*rng.Float64()*rng.Float64()))] }
	as := make([]*store.Article, 0, n)
	for i := range n {
		var text strings.Builder
		fmt.Fprintf(&text, "Headline %d\n\n", i)
		a := &store.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: fmt.Sprintf("Headline %d", i),
			Outlet: outlets[rng.IntN(len(outlets))], SourcePath: "random"}
		if rng.IntN(8) > 0 {
			a.Published = time.Date(2019, 1, 1, rng.IntN(24), 0, 0, 0, time.FixedZone("", 3600*(rng.IntN(5)-2))).
				AddDate(0, 0, rng.IntN(7*365))
		}
		for range 2 + rng.IntN(12) {
			var content string
			if rng.IntN(10) == 0 {
				content = "the plan would work" // recurs: tied ranks
			} else {
				ws := make([]string, 3+rng.IntN(12))
				for k := range ws {
					ws[k] = pick()
				}
				content = strings.Join(ws, " ")
			}
			start := len([]rune(text.String()))
			text.WriteString(content + "\n\n")
			st := store.Statement{Kind: "direct", Content: content, Continues: -1, Rule: "test", SpeakerType: "unknown",
				ContentSpans: []store.Span{{Start: start, End: start + len([]rune(content))}}}
			if rng.IntN(6) > 0 {
				st.SpeakerName = first[rng.IntN(len(first))] + " " + last[rng.IntN(len(last))]
				st.SpeakerType = "person"
			}
			a.Statements = append(a.Statements, st)
		}
		a.Text = text.String()
		as = append(as, a)
	}
	return as
}

// randomStore puts randomArticles(n, seed) in s, a hundred a transaction.
func randomStore(t testing.TB, s *DB, n int, seed uint64) {
	t.Helper()
	as := randomArticles(n, seed)
	for len(as) > 0 {
		b := as[:min(100, len(as))]
		as = as[len(b):]
		if _, err := s.PutBatch(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSearchPlans checks that every road Search takes — the filters as index tokens, the best
// matches kept by FTS5, newest first month by month — gives exactly what one SQL query
// with every filter in it gives (searchSQL, the reference): the same hits in the same order,
// with the same ranks and snippets.
func TestSearchPlans(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "plans.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	randomStore(t, s, 150, 1)
	// Some articles change: their statements, speakers and outlets are replaced.
	randomStore(t, s, 15, 2)

	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var qs []store.Query
	for _, text := range []string{"", "said", "would", "bridge", "mayor border", `"plan would"`, "bud*", "storm OR ferry",
		"said -the", "nowhere"} {
		for _, f := range []store.Query{
			{},
			{Speaker: "John Smith"},
			{Speaker: "smith"},
			{Speaker: "Smith-Jones"},
			{Speaker: "nobody"},
			{Outlet: "DAILY COURIER"},
			{Outlet: "Metro Wire", Speaker: "Jane Alder"},
			{From: day("2021-01-01")},
			{To: day("2020-06-15")},
			{From: day("2020-02-11"), To: day("2023-11-03")},
			{From: day("2022-03-05"), To: day("2022-03-05")},
			{From: day("2030-01-01")},
			{Outlet: "harbour times", From: day("2019-07-01"), To: day("2024-12-31"), Speaker: "Priya"},
		} {
			for _, sort := range []store.Sort{store.ByRank, store.ByDate} {
				lims := []int{1, 25}
				if sort == store.ByDate && (text == "" || text == "bridge") {
					lims = append(lims, 200) // past the dated statements, to the undated
				}
				for _, lim := range lims {
					q := f
					q.Text, q.Sort, q.Limit = text, sort, lim
					qs = append(qs, q)
				}
			}
		}
	}
	// Thresholds a small store crosses, so that every road is taken: a speaker name that fits
	// many speakers is filtered in SQL, or (the second) is a long list of tokens.
	for _, tune := range []tuning{
		{maxSpeakerTokens: 3, directMax: 40, wideMax: 400, maxWalkPhrases: 2, sparseMax: 300, maxDateTokenRows: 300},
		{maxSpeakerTokens: 100, directMax: 40, wideMax: 400, maxWalkPhrases: 2, sparseMax: 300, maxDateTokenRows: 300},
	} {
		s.tune = tune
		comparePlans(t, s, qs)
	}
}

// comparePlans runs each query by Search's plans and by the reference, searchSQL.
func comparePlans(t *testing.T, s *DB, qs []store.Query) {
	t.Helper()
	ctx := context.Background()
	for _, q := range qs {
		s.sqlSearch = false
		got, err := s.Search(ctx, q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		s.sqlSearch = true
		want, err := s.Search(ctx, q)
		if err != nil {
			t.Fatalf("searchSQL(%+v): %v", q, err)
		}
		if !slices.EqualFunc(got, want, func(a, b store.Hit) bool {
			return a.ID == b.ID && a.Rank == b.Rank && a.Snippet == b.Snippet && a.Published.Equal(b.Published)
		}) {
			t.Errorf("%+v: %d hits, the reference %d; first differing at %d", q, len(got), len(want), firstDiff(got, want))
		}
		if q.Speaker != "" || q.Outlet != "" || !q.From.IsZero() {
			continue // articles are filtered in SQL either way
		}
		s.sqlSearch = false
		gotA, err := s.SearchArticles(ctx, q)
		if err != nil {
			t.Fatalf("SearchArticles(%+v): %v", q, err)
		}
		s.sqlSearch = true
		wantA, err := s.SearchArticles(ctx, q)
		if err != nil {
			t.Fatalf("SearchArticles, SQL (%+v): %v", q, err)
		}
		if !slices.EqualFunc(gotA, wantA, func(a, b store.ArticleHit) bool {
			return a.ID == b.ID && a.Rank == b.Rank && a.Snippet == b.Snippet && a.Statements == b.Statements
		}) {
			t.Errorf("SearchArticles(%+v): %d hits, the reference %d", q, len(gotA), len(wantA))
		}
	}
	s.sqlSearch = false
}

func firstDiff(a, b []store.Hit) int {
	for i := range min(len(a), len(b)) {
		if a[i].ID != b[i].ID || a[i].Rank != b[i].Rank || a[i].Snippet != b[i].Snippet {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestDayTokens(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     string
	}{
		{"2024-01-01", "2024-12-31", "y2024"},
		{"2024-01-01", "2026-02-28", "y2024 y2025 m202601 m202602"},
		{"2024-02-01", "2024-02-29", "m202402"},
		{"2024-02-28", "2024-03-02", "d20240228 d20240229 d20240301 d20240302"},
		{"2023-12-30", "2025-01-01", "d20231230 d20231231 y2024 d20250101"},
		{"2024-03-05", "2024-03-05", "d20240305"},
		{"2024-03-06", "2024-03-05", ""},
	} {
		from, _ := time.Parse(time.DateOnly, tc.from)
		to, _ := time.Parse(time.DateOnly, tc.to)
		if got := strings.Join(dayTokens(from, to), " "); got != tc.want {
			t.Errorf("dayTokens(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
