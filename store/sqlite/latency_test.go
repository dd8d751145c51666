package sqlite

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/store"
)

// TestSearchLatency measures search on a real database: WHOSAID_BENCH_DB=PATH names one made
// by 'whosaid ingest' (scripts/bench-ingest.sh makes one and runs this) or by genstore
// (scripts/bench-search.sh, a million statements). Without it the test is skipped. It runs
// about two thousand queries of the kinds people type — one word, two words, a phrase, a
// prefix, a speaker filter, newest first, an outlet and date range, article search — built
// from the words and speakers of the database itself, and prints the latency percentiles,
// overall and by kind. WHOSAID_BENCH_P95_MS sets a limit the overall p95 must stay under.
func TestSearchLatency(t *testing.T) {
	path := os.Getenv("WHOSAID_BENCH_DB")
	if path == "" {
		t.Skip("set WHOSAID_BENCH_DB to a database made by whosaid ingest")
	}
	ctx := context.Background()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Words: every 97th statement gives its longest word, the statements' own vocabulary,
	// frequent and rare alike.
	rows, err := db.db.Query(`SELECT content FROM statements WHERE id % 97 = 0 ORDER BY id LIMIT 400`)
	if err != nil {
		t.Fatal(err)
	}
	word := regexp.MustCompile(`\pL{4,}`)
	var words []string
	var phrases []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		ws := word.FindAllString(c, -1)
		if len(ws) == 0 {
			continue
		}
		long := slices.MaxFunc(ws, func(a, b string) int { return len(a) - len(b) })
		words = append(words, long)
		if len(ws) >= 3 {
			phrases = append(phrases, `"`+ws[1]+" "+ws[2]+`"`)
		}
	}
	rows.Close()
	sp, err := db.Speakers(ctx, store.SpeakersQuery{Top: 50})
	if err != nil || len(words) < 50 || len(sp) < 10 {
		t.Fatalf("the database is too small for this: %d words, %d speakers (%v)", len(words), len(sp), err)
	}
	common := []string{"said", "government", "people", "year", "would", "election", "market", "music", "game", "president"}
	var qs []kq
	add := func(kind string, q store.Query) { qs = append(qs, kq{kind, q}) }
	for i, w := range words {
		c, s := common[i%len(common)], sp[i%len(sp)]
		add("word", store.Query{Text: w})
		add("two words", store.Query{Text: w + " " + c})
		if i%2 == 0 {
			add("--speaker", store.Query{Text: c, Speaker: s.Name})
		}
		if i%3 == 0 {
			add("--sort date", store.Query{Text: c, Sort: store.ByDate})
			add("prefix", store.Query{Text: w[:4] + "*"})
		}
		if i%5 == 0 && len(s.Outlets) > 0 {
			add("--outlet --from --to", store.Query{Text: c, Outlet: s.Outlets[0],
				From: time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2016, 12, 31, 0, 0, 0, 0, time.UTC)})
		}
		if i%5 == 1 {
			add("--from --to --sort date", store.Query{Text: w, From: time.Date(2010+i%10, 1, 1, 0, 0, 0, 0, time.UTC),
				To: time.Date(2012+i%10, 6, 30, 0, 0, 0, 0, time.UTC), Sort: store.ByDate})
		}
		if i%5 == 2 {
			add("--speaker only", store.Query{Speaker: s.Name})
		}
		if i%5 == 3 {
			add("--speaker --sort date", store.Query{Text: w, Speaker: s.Name, Sort: store.ByDate})
		}
	}
	for _, p := range phrases {
		add("phrase", store.Query{Text: p})
	}
	for _, c := range common {
		add("common word", store.Query{Text: c})
		add("--sort date", store.Query{Text: c, Sort: store.ByDate})
	}
	// Warm the page cache as a running system would be.
	for _, q := range qs[:min(50, len(qs))] {
		db.Search(ctx, q.q)
	}
	var all, art []m
	for _, q := range qs {
		start := time.Now()
		hits, err := db.Search(ctx, q.q)
		d := time.Since(start)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q.q, err)
		}
		all = append(all, m{d, q.kind, queryString(q.q), len(hits)})
	}
	for _, w := range words {
		q := store.Query{Text: w}
		start := time.Now()
		hits, err := db.SearchArticles(ctx, q)
		if err != nil {
			t.Fatalf("SearchArticles(%q): %v", w, err)
		}
		art = append(art, m{time.Since(start), "articles", w, len(hits)})
	}
	c, _ := db.Counts(ctx)
	fmt.Printf("database %s: %d articles, %d statements, %d speakers\n", path, c.Articles, c.Statements, c.Speakers)
	p95 := report("search (statements)", all)
	report("search --articles", art)
	var kinds []string
	for _, x := range all {
		if !slices.Contains(kinds, x.kind) {
			kinds = append(kinds, x.kind)
		}
	}
	for _, k := range kinds {
		report("  "+k, slices.DeleteFunc(slices.Clone(all), func(x m) bool { return x.kind != k }))
	}
	if lim := os.Getenv("WHOSAID_BENCH_P95_MS"); lim != "" {
		var ms float64
		fmt.Sscan(lim, &ms)
		if ms2(p95) > ms {
			t.Errorf("p95 %.2f ms over the limit of %s ms", ms2(p95), lim)
		}
	}
}

// queryString is q as the command line would say it.
func queryString(q store.Query) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q", q.Text)
	for _, f := range []struct{ name, v string }{{"speaker", q.Speaker}, {"outlet", q.Outlet}, {"about", q.About}} {
		if f.v != "" {
			fmt.Fprintf(&b, " --%s %q", f.name, f.v)
		}
	}
	if !q.From.IsZero() {
		b.WriteString(" --from " + q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		b.WriteString(" --to " + q.To.Format(time.DateOnly))
	}
	if q.Sort == store.ByDate {
		b.WriteString(" --sort date")
	}
	return b.String()
}

// kq is a query of the latency probe with its kind, for the figures by kind.
type kq struct {
	kind string
	q    store.Query
}

// m is one query's measurement.
type m struct {
	d    time.Duration
	kind string
	q    string
	hits int
}

// report prints the percentiles of ms (which it sorts) and returns the p95.
func report(name string, ms []m) time.Duration {
	slices.SortFunc(ms, func(a, b m) int { return int(a.d - b.d) })
	p := func(f float64) time.Duration { return ms[min(len(ms)-1, int(f*float64(len(ms))))].d }
	empty := 0
	for _, x := range ms {
		if x.hits == 0 {
			empty++
		}
	}
	fmt.Printf("%s: %d queries (%d without hits): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (%s)\n",
		name, len(ms), empty, ms2(p(0.5)), ms2(p(0.95)), ms2(p(0.99)), ms2(ms[len(ms)-1].d), strings.TrimSpace(ms[len(ms)-1].q))
	return p(0.95)
}

func ms2(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
