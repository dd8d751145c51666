package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := Open(filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := s.db.QueryRow(`SELECT max(version) FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("schema version %d (%v), want %d", v, err, SchemaVersion())
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
	a := &store.Article{Title: "T", Text: "T\n\nBody.", SourcePath: "x.txt"}
	if _, err := s.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Opening again applies nothing and keeps the data.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := s.Counts(ctx); err != nil || c.Articles != 1 {
		t.Errorf("after reopening: %+v, %v", c, err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM schema_version`).Scan(&n)
	if n != SchemaVersion() {
		t.Errorf("schema_version rows %d, want %d", n, SchemaVersion())
	}
	// A database from a newer whosaid is refused, not changed.
	if _, err := s.db.Exec(`INSERT INTO schema_version VALUES (?, 'later')`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("opening a newer schema: %v", err)
	}
}

func TestDumpIgnoresHistory(t *testing.T) {
	ctx := context.Background()
	mk := func(url, text, speaker string) *store.Article {
		return &store.Article{URL: url, Title: "T", Text: text, SourcePath: "p", Statements: []store.Statement{{
			Kind: "direct", SpeakerName: speaker, SpeakerType: "person", Content: "Yes", Continues: -1, Rule: "r",
			ContentSpans: []store.Span{{Start: 0, End: 3}},
		}}}
	}
	a1, a2 := mk("u1", "one", "Ann Lee"), mk("u2", "two", "Bob Roe")
	a1new := mk("u1", "one, changed", "Cy Dee")
	dump := func(steps ...[]*store.Article) string {
		s, err := Open(filepath.Join(t.TempDir(), "d.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, b := range steps {
			if _, err := s.PutBatch(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := s.Dump(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	straight := dump([]*store.Article{a1, a2, a1new})
	// The same end state by another road: a1 changed back and forth, in other batches.
	other := dump([]*store.Article{a1new, a2}, []*store.Article{a1}, []*store.Article{a2, a1new})
	if straight != other {
		t.Errorf("dumps differ:\n%s\n---\n%s", straight, other)
	}
	if !strings.Contains(straight, `"Cy Dee"`) || strings.Contains(straight, `"Ann Lee"`) {
		t.Errorf("dump:\n%s", straight)
	}
}

func TestFTSQuery(t *testing.T) {
	for q, want := range map[string]string{
		"bridge":               `"bridge"`,
		"Bridge  council":      `"Bridge" AND "council"`,
		`"harbour bridge" may`: `"harbour bridge" AND "may"`,
		"bridg*":               `"bridg"*`,
		"storm OR staff":       `("storm" OR "staff")`,
		"bridge -budget":       `"bridge" NOT "budget"`,
		`it's`:                 `"it's"`,
		`say "hi`:              `"say" AND "hi"`,
		`a"b`:                  `"a" AND "b"`,
		"-only":                ``,
		"— ! ?":                ``,
		"OR":                   ``,
	} {
		if got := FTSQuery(q); got != want {
			t.Errorf("FTSQuery(%q) = %s, want %s", q, got, want)
		}
	}
}

// TestMigrateFromVersion1 opens a database as version 1 of the schema left it — built here
// by that step alone, with rows written as whosaid then wrote them — and checks that it is
// brought up to date with its data kept, readable, searchable and replaceable.
func TestMigrateFromVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	text := "Bridge to open in May\n\n“The bridge will open in May,” said Jane Alder at the Town Hall."
	for _, q := range []string{
		`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
		migrations[0].sql,
		`INSERT INTO schema_version VALUES (1, '2025-01-01T00:00:00Z')`,
		`INSERT INTO articles(id, url, hash, title, outlet, published, source_path, source_record, text, ingested_at)
			VALUES (1, 'https://eastport.example/may', '` + store.ContentHash(text) + `', 'Bridge to open in May', 'Eastport Gazette',
			'2025-05-02T09:30:00+02:00', 'may.txt', NULL, '` + text + `', '2025-05-02T10:00:00Z')`,
		`INSERT INTO speakers(id, name, norm, type) VALUES (1, 'Jane Alder', 'jane alder', 'person')`,
		`INSERT INTO statements(id, article_id, seq, kind, speaker_id, speaker_name, speaker_type, source_text, source_start,
			source_end, cue_text, cue_start, cue_end, content, content_spans, date, continues, rule)
			VALUES (1, 1, 0, 'direct', 1, 'Jane Alder', 'person', 'Jane Alder', 59, 69, 'said', 54, 58,
			'The bridge will open in May', '[[24,51]]', NULL, NULL, 'quote')`,
		`INSERT INTO entities(article_id, seq, name, type) VALUES (1, 0, 'Jane Alder', 'person'), (1, 1, 'Town Hall', 'place')`,
		`INSERT INTO mentions(article_id, entity_seq, start, end) VALUES (1, 0, 59, 69), (1, 1, 77, 86)`,
		`INSERT INTO dates(article_id, seq, text, value, type, start, end) VALUES (1, 0, 'May', '2025-05', 'DATE', 48, 51)`,
		`INSERT INTO statements_fts(rowid, content) VALUES (1, 'The bridge will open in May')`,
		`INSERT INTO articles_fts(rowid, title, text) VALUES (1, 'Bridge to open in May', '` + text + `')`,
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
	var versions []int
	rows, err := s.db.Query(`SELECT version FROM schema_version ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		rows.Scan(&v)
		versions = append(versions, v)
	}
	rows.Close()
	if len(versions) != SchemaVersion() || versions[len(versions)-1] != SchemaVersion() || versions[0] != 1 {
		t.Errorf("versions after migrating: %v, want 1 to %d", versions, SchemaVersion())
	}
	a, err := s.Article(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://eastport.example/may" || a.Text != text || len(a.Statements) != 1 || len(a.Entities) != 2 ||
		len(a.Entities[1].Mentions) != 1 || len(a.Dates) != 1 || a.Statements[0].About != nil {
		t.Errorf("the old article: %+v", a)
	}
	if st := a.Statements[0]; st.SpeakerName != "Jane Alder" || st.Cue == nil || st.Cue.Text != "said" ||
		string([]rune(text)[st.ContentSpans[0].Start:st.ContentSpans[0].End]) != st.Content {
		t.Errorf("the old statement: %+v", st)
	}
	if h, err := s.Search(ctx, store.Query{Text: "bridge", Speaker: "alder"}); err != nil || len(h) != 1 || h[0].AboutEntities != nil {
		t.Errorf("search of the old statement: %+v, %v", h, err)
	}
	if sp, err := s.Speakers(ctx, store.SpeakersQuery{}); err != nil || len(sp) != 1 || sp[0].Name != "Jane Alder" {
		t.Errorf("speakers: %+v, %v", sp, err)
	}
	// Articles written now, and the old one replaced, carry what statements are about.
	nt := "Bridge opening delayed\n\n“The Town Hall wants more checks,” said Jane Alder."
	na := &store.Article{URL: a.URL, Title: "Bridge opening delayed", Text: nt, SourcePath: "may.txt",
		Statements: []store.Statement{{Kind: "direct", SpeakerName: "Jane Alder", SpeakerType: "person",
			Content: "The Town Hall wants more checks", ContentSpans: []store.Span{{Start: 25, End: 56}}, Continues: -1, Rule: "quote", About: []int{1}}},
		Entities: []store.Entity{{Name: "Jane Alder", Type: "person"}, {Name: "Town Hall", Type: "place"}},
	}
	if r, err := s.Put(ctx, na); err != nil || r.Outcome != store.Updated || r.ID != 1 {
		t.Fatalf("replacing the old article: %+v, %v", r, err)
	}
	if h, err := s.Search(ctx, store.Query{About: "town hall"}); err != nil || len(h) != 1 || h[0].AboutEntities[0].Name != "Town Hall" {
		t.Errorf("search by about after migrating: %+v, %v", h, err)
	}
	if c, err := s.Counts(ctx); err != nil || c.Articles != 1 || c.Statements != 1 || c.Entities != 2 || c.About != 1 {
		t.Errorf("counts: %+v, %v", c, err)
	}
	var buf bytes.Buffer
	if err := s.Dump(ctx, &buf); err != nil {
		t.Errorf("dump after migrating: %v", err)
	}
}
