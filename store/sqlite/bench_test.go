package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/store/sqlite/internal/synth"
)

// benchArticles returns n articles to store: copies (package synth) of the articles of the
// database WHOSAID_BENCH_DB names (real articles, as 'whosaid ingest' stored them), or,
// without it, invented ones (randomArticles).
func benchArticles(b *testing.B, n int) []*store.Article {
	b.Helper()
	path := os.Getenv("WHOSAID_BENCH_DB")
	if path == "" {
		return randomArticles(n, 1)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	var ids []int64
	rows, err := raw.Query(`SELECT id FROM articles ORDER BY id LIMIT ?`, min(n, 3000))
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	db, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var base []*store.Article
	for _, id := range ids {
		a, err := db.Article(context.Background(), id)
		if err != nil {
			b.Fatal(err)
		}
		base = append(base, a)
	}
	if len(base) == 0 {
		b.Fatalf("%s: no articles", path)
	}
	g := synth.New(base, 1)
	as := make([]*store.Article, n)
	for i := range as {
		as[i] = g.Article(i)
	}
	return as
}

// BenchmarkPut measures the store's side of an ingest: articles put in batches of 500 (as
// 'whosaid ingest' does) into a new database, with their statements, entities, dates and
// full-text rows. An operation is one article.
//
//	go test ./store/sqlite -run '^$' -bench Put -benchtime 3000x
//	WHOSAID_BENCH_DB=bench.db go test ./store/sqlite -run '^$' -bench Put -benchtime 3000x
func BenchmarkPut(b *testing.B) {
	as := benchArticles(b, b.N)
	s, err := Open(filepath.Join(b.TempDir(), "put.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	stmts := 0
	b.ResetTimer()
	for i := 0; i < len(as); i += 500 {
		batch := as[i:min(i+500, len(as))]
		if _, err := s.PutBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
		for _, a := range batch {
			stmts += len(a.Statements)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(stmts)/float64(b.N), "statements/article")
}

// BenchmarkSearch measures Search over a mix of the searches people make — words, a phrase,
// a prefix, a speaker, an outlet, a date range, newest first — on the database
// WHOSAID_BENCH_DB names (read only), or, without it, on 3,000 invented articles. An
// operation is one search.
//
//	WHOSAID_BENCH_DB=big.db go test ./store/sqlite -run '^$' -bench Search
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("WHOSAID_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "search.db")
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		randomStore(b, s, 3000, 1)
		s.Close()
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	sp, err := s.Speakers(ctx, store.SpeakersQuery{Top: 5})
	if err != nil || len(sp) == 0 {
		b.Fatalf("speakers: %v, %v", sp, err)
	}
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	qs := []store.Query{
		{Text: "government"},
		{Text: "people said"},
		{Text: `"the government"`},
		{Text: "elect*"},
		{Text: "said", Speaker: sp[0].Name},
		{Speaker: sp[len(sp)-1].Name},
		{Text: "would", Sort: store.ByDate},
		{Text: "minister", From: year(2020), To: year(2022)},
	}
	if len(sp[0].Outlets) > 0 {
		qs = append(qs, store.Query{Text: "said", Outlet: sp[0].Outlets[0]})
	}
	for i := 0; b.Loop(); i++ {
		if _, err := s.Search(ctx, qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
	}
}
