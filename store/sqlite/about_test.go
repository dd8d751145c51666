package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/whosaid/whosaid/store"
)

func TestAboutOf(t *testing.T) {
	sp := func(s, e int) store.Span { return store.Span{Start: s, End: e} }
	ents := []store.Entity{
		{Name: "Vladimir Putin", Type: "person", Mentions: []store.Span{sp(1, 6), sp(34, 48)}},
		{Name: "West", Type: "place", Mentions: []store.Span{sp(26, 30)}},
		{Name: "Moscow", Type: "place", Mentions: []store.Span{sp(57, 63), sp(10, 16)}},
		{Name: "NATO", Type: "organization", Mentions: []store.Span{sp(20, 24), sp(80, 84)}},
	}
	for _, tc := range []struct {
		name    string
		speaker string
		typ     string
		spans   []store.Span
		want    []int
	}{
		{"in order of first mention, the speaker left out", "Vladimir Putin", "person", []store.Span{sp(0, 31)}, []int{2, 3, 1}},
		{"a speaker of another type is not left out", "Vladimir Putin", "organization", []store.Span{sp(0, 31)}, []int{0, 2, 3, 1}},
		{"no speaker", "", "unknown", []store.Span{sp(0, 8)}, []int{0}},
		{"span by span, each entity once", "", "unknown", []store.Span{sp(50, 90), sp(0, 25)}, []int{2, 3, 0}},
		{"a mention across the span's end is out", "", "unknown", []store.Span{sp(22, 28)}, nil},
		{"nothing inside", "", "unknown", []store.Span{sp(64, 79)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &store.Article{Entities: ents, Statements: []store.Statement{{
				SpeakerName: tc.speaker, SpeakerType: tc.typ, ContentSpans: tc.spans}}}
			aboutOf(a)
			if got := a.Statements[0].About; !slices.Equal(got, tc.want) {
				t.Errorf("About = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMigrateBackfillsAbout opens a database written by schema version 1, before the store
// kept what statements are about, and checks that migration 3 computes it from the stored
// entities and statements, with the entities' normalised names, so that --about finds them.
func TestMigrateBackfillsAbout(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	text := "Putin: West\n\n“Putin will not bow to the West,” Vladimir Putin said in Moscow."
	for _, q := range []string{
		`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
		migrations[0].sql,
		`INSERT INTO schema_version VALUES (1, '2025-01-01T00:00:00Z')`,
		`INSERT INTO articles(id, hash, title, source_path, text, ingested_at)
			VALUES (1, '` + store.ContentHash(text) + `', 'Putin: West', 'p.txt', '` + text + `', '2025-01-01T00:00:00Z')`,
		`INSERT INTO speakers(id, name, norm, type) VALUES (1, 'Vladimir Putin', 'vladimir putin', 'person')`,
		`INSERT INTO statements(id, article_id, seq, kind, speaker_id, speaker_name, speaker_type, content, content_spans, rule)
			VALUES (1, 1, 0, 'direct', 1, 'Vladimir Putin', 'person', 'Putin will not bow to the West', '[[14,44]]', 'quote'),
			(2, 1, 1, 'direct', NULL, NULL, 'unknown', 'Putin', '[[0,5]]', 'name-colon')`,
		`INSERT INTO entities(article_id, seq, name, type) VALUES (1, 0, 'Vladimir Putin', 'person'),
			(1, 1, 'West', 'place'), (1, 2, 'Moscow', 'place')`,
		`INSERT INTO mentions(article_id, entity_seq, start, end) VALUES (1, 0, 0, 5), (1, 0, 14, 19), (1, 0, 47, 61),
			(1, 1, 7, 11), (1, 1, 40, 44), (1, 2, 70, 76)`,
		`INSERT INTO statements_fts(rowid, content) VALUES (1, 'Putin will not bow to the West'), (2, 'Putin')`,
		`INSERT INTO articles_fts(rowid, title, text) VALUES (1, 'Putin: West', '` + text + `')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Article(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := [][]int{a.Statements[0].About, a.Statements[1].About}; !slices.Equal(got[0], []int{1}) || !slices.Equal(got[1], []int{0}) {
		t.Errorf("About after migrating: %v, want [[1] [0]] (the West; Putin, not the quotation's own speaker)", got)
	}
	if h, err := s.Search(ctx, store.Query{About: "west"}); err != nil || len(h) != 1 || h[0].ID != 1 ||
		len(h[0].AboutEntities) != 1 || h[0].AboutEntities[0].Name != "West" {
		t.Errorf("search --about west: %+v, %v", h, err)
	}
	var nulls int
	if err := s.db.QueryRow(`SELECT count(*) FROM entities WHERE norm IS NULL`).Scan(&nulls); err != nil || nulls != 0 {
		t.Errorf("%d entities without a normalised name (%v)", nulls, err)
	}
	if h, err := s.Search(ctx, store.Query{Text: "bow", Speaker: "putin"}); err != nil || len(h) != 1 {
		t.Errorf("search bow --speaker putin: %+v, %v", h, err)
	}
}
