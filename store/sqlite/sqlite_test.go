package sqlite

import (
	"bytes"
	"context"
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
