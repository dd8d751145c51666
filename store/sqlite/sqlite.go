// Package sqlite implements store.Store on SQLite, through modernc.org/sqlite (SQLite
// compiled to pure Go: no cgo, one static binary), with FTS5 full-text indexes over statement
// content and article text.
//
// The database is opened in WAL mode with synchronous=NORMAL: a committed transaction
// survives the process being killed at any moment (only a power cut can lose the last
// commits), readers do not block the writer, and a batch of articles costs one fsync at most.
// A database has one writer at a time; a second writer waits up to the busy timeout.
package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/whosaid/whosaid/store"
)

// DB is a store.Store on one SQLite database file.
type DB struct {
	db   *sql.DB
	path string
	now  func() time.Time

	mu       sync.Mutex    // one PutBatch at a time: it owns speakers
	speakers *speakerCache // as committed

	tune      tuning // the thresholds of the search plans
	sqlSearch bool   // Search runs every search as one SQL query (searchSQL): the reference the tests compare with
}

var _ store.Store = (*DB)(nil)

// Options tune how Open's connection uses memory.
type Options struct {
	// CacheKiB is SQLite's page cache, in KiB; 0 means DefaultCacheKiB.
	CacheKiB int
}

// SQLite's page cache for searches (DefaultCacheKiB) and for an ingest (IngestCacheKiB).
// The operating system caches the file as well, so a larger cache mostly holds pages twice.
// Over the 3,000 articles of scripts/bench-ingest.sh, 8 MB rather than 32 MB took 24-38 MB
// off ingest's peak memory at the same speed. Searches want the larger one: on the store of
// a million statements of scripts/bench-search.sh, p95 over its 1,978 queries was 57.8-58.4
// ms with 8 MB against 50.5-53.2 ms with 32 MB, in turns (on 40,000 statements they were
// the same).
const (
	DefaultCacheKiB = 32000
	IngestCacheKiB  = 8000
)

// Open opens (creating it if need be) the database at path and brings its schema up to date.
// A database written by a newer whosaid, with a schema version this one does not know, is
// refused rather than changed.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with the given options.
func OpenWith(path string, o Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("sqlite: %q: a database path may not contain '?'", path)
	}
	cache := o.CacheKiB
	if cache <= 0 {
		cache = DefaultCacheKiB
	}
	dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(ON)&_pragma=cache_size(-" + strconv.Itoa(cache) + ")&_pragma=temp_store(MEMORY)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One connection: SQLite has one writer anyway, and every statement of the store runs
	// on it in turn (an in-memory database would otherwise be one per connection).
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	s := &DB{db: db, path: path, now: time.Now, speakers: &speakerCache{ids: map[string]int64{}}, tune: defaultTuning}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// SchemaVersion is the schema version this package writes.
func SchemaVersion() int { return len(migrations) }

// migrate applies the migrations the database has not had, each in its own transaction.
// The version is read inside the (immediate, so exclusive) transaction: two processes
// opening a new database at once do not both apply a step.
func (s *DB) migrate(ctx context.Context) error {
	// A database that is up to date is only read: opening it for a query takes no write
	// lock, and does not wait for an ingest writing at the same time.
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v)
	if err == nil && v == len(migrations) {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return err
	}
	for {
		done, err := s.migrateStep(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next migration, if any; done reports that there was none.
func (s *DB) migrateStep(ctx context.Context) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v); err != nil {
		return false, err
	}
	if v > len(migrations) {
		return false, fmt.Errorf("database schema version %d is newer than this whosaid knows (%d): use a newer whosaid", v, len(migrations))
	}
	if v == len(migrations) {
		return true, nil
	}
	m := migrations[v]
	if m.sql != "" {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return false, fmt.Errorf("migration to version %d: %w", v+1, err)
		}
	}
	if m.fn != nil {
		if err := m.fn(ctx, tx); err != nil {
			return false, fmt.Errorf("migration to version %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version(version, applied_at) VALUES (?, ?)`,
		v+1, s.now().UTC().Format(time.RFC3339)); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration to version %d: %w", v+1, err)
	}
	return false, nil
}

// Put stores one article in its own transaction.
func (s *DB) Put(ctx context.Context, a *store.Article) (store.PutResult, error) {
	res, err := s.PutBatch(ctx, []*store.Article{a})
	if err != nil {
		return store.PutResult{}, err
	}
	return res[0], nil
}

// PutBatch stores the articles in order, in one transaction.
func (s *DB) PutBatch(ctx context.Context, as []*store.Article) ([]store.PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	// The batch adds to the cache of speaker IDs as it goes; if it does not commit, the
	// cache is dropped whole, as it may name rows that were rolled back.
	fail := func(err error) ([]store.PutResult, error) {
		tx.Rollback()
		s.speakers.reset()
		return nil, err
	}
	if err := s.speakers.load(ctx, tx); err != nil {
		return fail(err)
	}
	w, err := newWriter(ctx, tx, s.speakers)
	if err != nil {
		return fail(err)
	}
	defer w.close()
	now := s.now().UTC().Format(time.RFC3339)
	res := make([]store.PutResult, len(as))
	for i, a := range as {
		if res[i], err = w.put(a, now); err != nil {
			return fail(fmt.Errorf("%s: %w", describe(a), err))
		}
	}
	if err := w.flushFTS(); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		s.speakers.reset()
		return nil, err
	}
	return res, nil
}

// maxSpeakerCache bounds the speaker IDs kept between batches.
const maxSpeakerCache = 200_000

// speakerCache holds speaker IDs for the writer, which finds one for each statement.
type speakerCache struct {
	ids map[string]int64 // by norm + "\x00" + type
	// all is set when ids holds every speaker of the database: one not there is new, and
	// is added without being looked for first.
	all bool
}

// reset empties the cache, which may name rows that were not committed.
func (c *speakerCache) reset() {
	clear(c.ids)
	c.all = false
}

// load fills the cache with every speaker of the database, unless it is full already or
// there are too many speakers to keep.
func (c *speakerCache) load(ctx context.Context, tx *sql.Tx) error {
	if len(c.ids) > maxSpeakerCache {
		c.reset()
	}
	if c.all {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM speakers`).Scan(&n); err != nil || n > maxSpeakerCache {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, norm, type FROM speakers`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var norm, typ string
		if err := rows.Scan(&id, &norm, &typ); err != nil {
			return err
		}
		c.ids[norm+"\x00"+typ] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	c.all = true
	return nil
}

func describe(a *store.Article) string {
	switch {
	case a.SourceRecord != "":
		return a.SourcePath + "#" + a.SourceRecord
	case a.SourcePath != "":
		return a.SourcePath
	case a.URL != "":
		return a.URL
	}
	return "article"
}

// writer holds the statements of one transaction, prepared once for its whole batch.
type writer struct {
	ctx      context.Context
	tx       *sql.Tx
	stmts    []*sql.Stmt
	byURL    *sql.Stmt
	byHash   *sql.Stmt
	insArt   *sql.Stmt
	updArt   *sql.Stmt
	insStmts *multiInsert
	insEnts  *multiInsert
	insAbout *multiInsert
	insDates *multiInsert
	ftsStmts *sql.Stmt
	ftsArt   *sql.Stmt
	getSpk   *sql.Stmt
	insSpk   *sql.Stmt
	ftsSpk   *sql.Stmt
	insOut   *sql.Stmt
	speakers *speakerCache   // the DB's
	outlets  map[string]bool // outlets known to be in the outlets table, in this transaction
	nextStmt int64           // the ID of the next statement; 0 until looked up
	buf      []byte          // JSON of spans, reused
	spans    []store.Span    // an entity's mentions, reused
	args     []any           // values of rows, reused

	// The full-text rows of the batch, written last (flushFTS): FTS5 keeps its pending
	// terms in memory until a statement of the transaction opens a statement savepoint —
	// any INSERT of several rows does — which makes it write them out as a new segment.
	// Writing the full-text rows after every other row of the batch makes one segment per
	// batch instead of one per article.
	ftsArts []ftsRow
	ftsSpks []ftsRow // the speakers added: their normalised names, in text
	// The statements of the batch are those with an ID from firstStmt on (0: none): their
	// full-text rows are read from the view that makes their meta tokens, in one INSERT.
	firstStmt int64
}

type ftsRow struct {
	id          int64 // the rowid: the article's ID, or the speaker's
	title, text string
}

// flushFTS writes the batch's full-text rows.
func (w *writer) flushFTS() error {
	for _, r := range w.ftsArts {
		if _, err := w.ftsArt.ExecContext(w.ctx, r.id, r.title, r.text); err != nil {
			return err
		}
	}
	if w.firstStmt > 0 {
		if _, err := w.ftsStmts.ExecContext(w.ctx, w.firstStmt); err != nil {
			return err
		}
	}
	w.ftsArts, w.firstStmt = w.ftsArts[:0], 0
	return w.flushSpeakers()
}

// flushSpeakers writes the full-text rows of the speakers added.
func (w *writer) flushSpeakers() error {
	for _, r := range w.ftsSpks {
		if _, err := w.ftsSpk.ExecContext(w.ctx, r.id, r.text); err != nil {
			return err
		}
	}
	w.ftsSpks = w.ftsSpks[:0]
	return nil
}

func newWriter(ctx context.Context, tx *sql.Tx, speakers *speakerCache) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx, speakers: speakers, outlets: map[string]bool{}}
	w.insStmts = &multiInsert{head: `INSERT INTO statements(id, article_id, seq, kind, speaker_id, speaker_name, speaker_type,
		source_text, source_start, source_end, cue_text, cue_start, cue_end, content, content_spans, date, continues, rule)`, cols: 18}
	w.insEnts = &multiInsert{head: `INSERT INTO entities(article_id, seq, name, type, norm, mentions)`, cols: 6}
	w.insAbout = &multiInsert{head: `INSERT INTO statement_about(article_id, statement_seq, seq, entity_seq)`, cols: 4}
	w.insDates = &multiInsert{head: `INSERT INTO dates(article_id, seq, text, value, type, start, end)`, cols: 7}
	for _, m := range []*multiInsert{w.insStmts, w.insEnts, w.insAbout, w.insDates} {
		m.stmts = map[int]*sql.Stmt{}
	}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.byURL, `SELECT id, hash FROM articles WHERE url = ?`},
		{&w.byHash, `SELECT id FROM articles WHERE hash = ? ORDER BY id LIMIT 1`},
		{&w.insArt, `INSERT INTO articles(url, hash, title, outlet, published, source_path, source_record, text, ingested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.updArt, `UPDATE articles SET hash = ?, title = ?, outlet = ?, published = ?, source_path = ?, source_record = ?,
			text = ?, ingested_at = ? WHERE id = ?`},
		// In order of ID: FTS5 writes out its pending terms whenever a rowid is not above
		// the last one.
		{&w.ftsStmts, `INSERT INTO statements_fts(rowid, content, meta)
			SELECT id, content, meta FROM statements_fts_content WHERE id >= ? ORDER BY id`},
		{&w.ftsArt, `INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)`},
		{&w.getSpk, `SELECT id FROM speakers WHERE norm = ? AND type = ?`},
		// Another process may have added the speaker since the cache was filled.
		{&w.insSpk, `INSERT INTO speakers(name, norm, type) VALUES (?, ?, ?) ON CONFLICT (norm, type) DO NOTHING`},
		{&w.ftsSpk, `INSERT INTO speakers_fts(rowid, norm) VALUES (?, ?)`},
		{&w.insOut, `INSERT INTO outlets(name) VALUES (?) ON CONFLICT DO NOTHING`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.dst = st
		w.stmts = append(w.stmts, st)
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *writer) put(a *store.Article, now string) (store.PutResult, error) {
	hash := a.Hash
	if hash == "" {
		hash = store.ContentHash(a.Text)
	}
	if a.URL != "" {
		var id int64
		var old string
		err := w.byURL.QueryRowContext(w.ctx, a.URL).Scan(&id, &old)
		switch {
		case err == nil && old == hash:
			return store.PutResult{ID: id, Outcome: store.Unchanged}, nil
		case err == nil:
			if err := w.replace(id, a, hash, now); err != nil {
				return store.PutResult{}, err
			}
			return store.PutResult{ID: id, Outcome: store.Updated}, nil
		case !errors.Is(err, sql.ErrNoRows):
			return store.PutResult{}, err
		}
	}
	var id int64
	err := w.byHash.QueryRowContext(w.ctx, hash).Scan(&id)
	if err == nil {
		return store.PutResult{ID: id, Outcome: store.Duplicate}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return store.PutResult{}, err
	}
	r, err := w.insArt.ExecContext(w.ctx, nullStr(a.URL), hash, a.Title, nullStr(a.Outlet), timeStr(a.Published),
		a.SourcePath, nullStr(a.SourceRecord), a.Text, now)
	if err != nil {
		return store.PutResult{}, err
	}
	if id, err = r.LastInsertId(); err != nil {
		return store.PutResult{}, err
	}
	if err := w.outlet(a.Outlet); err != nil {
		return store.PutResult{}, err
	}
	w.ftsArts = append(w.ftsArts, ftsRow{id: id, title: a.Title, text: a.Text})
	if err := w.children(id, a); err != nil {
		return store.PutResult{}, err
	}
	return store.PutResult{ID: id, Outcome: store.New}, nil
}

// replace puts a in place of the article id: its row is updated (the ID stays), its
// statements (with what they are about), entities and dates are replaced, and speakers left
// without statements go.
func (w *writer) replace(id int64, a *store.Article, hash, now string) error {
	// The old version leaves the full-text indexes: by FTS5 'delete' commands when it is
	// indexed, by leaving the queue when it was written earlier in this batch (an FTS5
	// 'delete' of a row never indexed would corrupt the index). The 'delete' must give the
	// values indexed, meta tokens included: it runs before the article's row changes.
	queued := false
	arts := w.ftsArts[:0]
	for _, r := range w.ftsArts {
		if r.id == id {
			queued = true
			continue
		}
		arts = append(arts, r)
	}
	w.ftsArts = arts
	if !queued {
		for _, q := range []string{
			`INSERT INTO statements_fts(statements_fts, rowid, content, meta)
				SELECT 'delete', id, content, meta FROM statements_fts_content WHERE article_id = ?1`,
			`INSERT INTO articles_fts(articles_fts, rowid, title, text) SELECT 'delete', id, title, text FROM articles WHERE id = ?1`,
		} {
			if _, err := w.tx.ExecContext(w.ctx, q, id); err != nil {
				return err
			}
		}
	}
	// Statements of this batch (queued) are deleted below with their rows; flushFTS indexes
	// the statements that are left.
	for _, q := range []string{
		`CREATE TEMP TABLE IF NOT EXISTS old_speakers(id INTEGER PRIMARY KEY)`,
		`DELETE FROM temp.old_speakers`,
		`INSERT OR IGNORE INTO temp.old_speakers SELECT speaker_id FROM statements WHERE article_id = ?1 AND speaker_id IS NOT NULL`,
		`DELETE FROM statement_about WHERE article_id = ?1`,
		`DELETE FROM statements WHERE article_id = ?1`,
		`DELETE FROM entities WHERE article_id = ?1`,
		`DELETE FROM dates WHERE article_id = ?1`,
	} {
		if _, err := w.tx.ExecContext(w.ctx, q, id); err != nil {
			return err
		}
	}
	if _, err := w.updArt.ExecContext(w.ctx, hash, a.Title, nullStr(a.Outlet), timeStr(a.Published),
		a.SourcePath, nullStr(a.SourceRecord), a.Text, now, id); err != nil {
		return err
	}
	if err := w.outlet(a.Outlet); err != nil {
		return err
	}
	w.ftsArts = append(w.ftsArts, ftsRow{id: id, title: a.Title, text: a.Text})
	if err := w.children(id, a); err != nil {
		return err
	}
	// Speakers left without statements go, from the cache and their full-text index first
	// (where the speakers added in this batch must be, then).
	if err := w.flushSpeakers(); err != nil {
		return err
	}
	for _, q := range []string{
		`CREATE TEMP TABLE IF NOT EXISTS gone_speakers(id INTEGER PRIMARY KEY)`,
		`DELETE FROM temp.gone_speakers`,
		`INSERT INTO temp.gone_speakers SELECT id FROM temp.old_speakers o
			WHERE NOT EXISTS (SELECT 1 FROM statements WHERE speaker_id = o.id)`,
	} {
		if _, err := w.tx.ExecContext(w.ctx, q); err != nil {
			return err
		}
	}
	rows, err := w.tx.QueryContext(w.ctx, `SELECT norm, type FROM speakers WHERE id IN (SELECT id FROM temp.gone_speakers)`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var norm, typ string
		if err := rows.Scan(&norm, &typ); err != nil {
			rows.Close()
			return err
		}
		delete(w.speakers.ids, norm+"\x00"+typ)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range []string{
		`INSERT INTO speakers_fts(speakers_fts, rowid, norm)
			SELECT 'delete', id, norm FROM speakers WHERE id IN (SELECT id FROM temp.gone_speakers)`,
		`DELETE FROM speakers WHERE id IN (SELECT id FROM temp.gone_speakers)`,
	} {
		if _, err := w.tx.ExecContext(w.ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// outlet adds the outlet name to the outlets table, whose IDs the statements' meta tokens
// name.
func (w *writer) outlet(name string) error {
	if name == "" || w.outlets[name] {
		return nil
	}
	if _, err := w.insOut.ExecContext(w.ctx, name); err != nil {
		return err
	}
	w.outlets[name] = true
	return nil
}

// children inserts the statements, entities, what the statements are about and the dates
// of article id: a few INSERTs of many rows each per table (multiInsert), far cheaper than a
// statement per row. The full-text rows are queued for flushFTS.
func (w *writer) children(id int64, a *store.Article) error {
	if len(a.Statements) > 0 {
		if w.nextStmt == 0 {
			if err := w.tx.QueryRowContext(w.ctx, `SELECT coalesce(max(id), 0) + 1 FROM statements`).Scan(&w.nextStmt); err != nil {
				return err
			}
		}
		if w.firstStmt == 0 {
			w.firstStmt = w.nextStmt
		}
		args := w.args[:0]
		for i, st := range a.Statements {
			var spk any
			if st.SpeakerName != "" {
				sid, err := w.speakerID(st.SpeakerName, st.SpeakerType)
				if err != nil {
					return err
				}
				if sid != 0 {
					spk = sid
				}
			}
			w.buf = appendSpans(w.buf[:0], st.ContentSpans)
			var cont any
			if st.Continues >= 0 {
				cont = st.Continues
			}
			sid := w.nextStmt + int64(i)
			args = append(args, sid, id, i, st.Kind, spk, nullStr(st.SpeakerName), orUnknown(st.SpeakerType))
			for _, m := range []*store.Mention{st.Source, st.Cue} {
				if m == nil {
					args = append(args, nil, nil, nil)
				} else {
					args = append(args, m.Text, m.Start, m.End)
				}
			}
			args = append(args, st.Content, string(w.buf), nullStr(st.Date), cont, st.Rule)
		}
		w.args = args
		if err := w.insStmts.exec(w, args); err != nil {
			return err
		}
		w.nextStmt += int64(len(a.Statements))
	}
	if len(a.Entities) > 0 {
		args := w.args[:0]
		for i, e := range a.Entities {
			// The mentions in order, each once (as a set, they are the entity's).
			ms := w.spans[:0]
			ms = append(ms, e.Mentions...)
			slices.SortFunc(ms, func(x, y store.Span) int { return cmp.Or(x.Start-y.Start, x.End-y.End) })
			w.spans = slices.Compact(ms)
			w.buf = appendSpans(w.buf[:0], w.spans)
			args = append(args, id, i, e.Name, orUnknown(e.Type), store.NormName(e.Name), string(w.buf))
		}
		if err := w.insEnts.exec(w, args); err != nil {
			return err
		}
		// What each statement is about; an index that names no entity is left out.
		args = args[:0]
		for i, st := range a.Statements {
			for j, e := range st.About {
				if e >= 0 && e < len(a.Entities) {
					args = append(args, id, i, j, e)
				}
			}
		}
		if len(args) > 0 {
			if err := w.insAbout.exec(w, args); err != nil {
				return err
			}
		}
		w.args = args
	}
	if len(a.Dates) > 0 {
		args := w.args[:0]
		for i, d := range a.Dates {
			args = append(args, id, i, d.Text, d.Value, d.Type, d.Start, d.End)
		}
		w.args = args
		if err := w.insDates.exec(w, args); err != nil {
			return err
		}
	}
	clear(w.args) // let the values go
	return nil
}

// multiInsert inserts rows of cols values with statements of 1, 2, 4, … maxRows rows, a
// row count being written as a sum of those: few statements to prepare, few to execute.
type multiInsert struct {
	head  string // "INSERT INTO t(a, b, c)"
	tail  string // e.g. " ON CONFLICT DO NOTHING"; "" for none
	cols  int
	stmts map[int]*sql.Stmt // by row count, prepared in the writer's transaction
}

const maxRows = 32

func (m *multiInsert) exec(w *writer, args []any) error {
	rows := len(args) / m.cols
	for rows > 0 {
		n := maxRows
		for n > rows {
			n /= 2
		}
		st, ok := m.stmts[n]
		if !ok {
			var b strings.Builder
			b.WriteString(m.head)
			b.WriteString(" VALUES ")
			row := "(" + strings.Repeat("?, ", m.cols-1) + "?)"
			for i := 0; i < n; i++ {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(row)
			}
			b.WriteString(m.tail)
			var err error
			if st, err = w.tx.PrepareContext(w.ctx, b.String()); err != nil {
				return err
			}
			m.stmts[n] = st
			w.stmts = append(w.stmts, st)
		}
		if _, err := st.ExecContext(w.ctx, args[:n*m.cols]...); err != nil {
			return err
		}
		args = args[n*m.cols:]
		rows -= n
	}
	return nil
}

// speakerID returns the ID of the speaker (name, typ), adding it when new; 0 when the name
// normalises to nothing.
func (w *writer) speakerID(name, typ string) (int64, error) {
	n := store.NormName(name)
	if n == "" {
		return 0, nil
	}
	typ = orUnknown(typ)
	key := n + "\x00" + typ
	if id, ok := w.speakers.ids[key]; ok {
		return id, nil
	}
	var id int64
	err := sql.ErrNoRows
	if !w.speakers.all {
		err = w.getSpk.QueryRowContext(w.ctx, n, typ).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		var r sql.Result
		var added int64
		if r, err = w.insSpk.ExecContext(w.ctx, strings.TrimSpace(name), n, typ); err == nil {
			added, err = r.RowsAffected()
		}
		switch {
		case err != nil:
		case added == 1:
			if id, err = r.LastInsertId(); err == nil {
				w.ftsSpks = append(w.ftsSpks, ftsRow{id: id, text: n})
			}
		default: // added by another process
			err = w.getSpk.QueryRowContext(w.ctx, n, typ).Scan(&id)
		}
	}
	if err != nil {
		return 0, err
	}
	w.speakers.ids[key] = id
	return id, nil
}

// appendSpans appends the JSON of spans to b: [[start,end],...].
func appendSpans(b []byte, spans []store.Span) []byte {
	b = append(b, '[')
	for j, sp := range spans {
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(sp.Start), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(sp.End), 10)
		b = append(b, ']')
	}
	return append(b, ']')
}

func orUnknown(t string) string {
	if t == "" {
		return "unknown"
	}
	return t
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func timeStr(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.RFC3339Nano)
}

func parseTime(ns sql.NullString) time.Time {
	if !ns.Valid {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, ns.String)
	if err != nil {
		return time.Time{}
	}
	return t
}
