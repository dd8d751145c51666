package sqlite

import (
	"context"
	"database/sql"
)

// A migration is one step of the schema: SQL, then, where SQL alone cannot do the work (data
// computed by the store's Go functions), a function run in the same transaction.
type migration struct {
	sql string
	fn  func(ctx context.Context, tx *sql.Tx) error
}

// migrations are the schema, as ordered steps: migrations[i] takes a database from version i
// to version i+1. A step is never edited once released; a change of schema is a new step at
// the end. The version reached is recorded in schema_version, one row per step applied.
var migrations = []migration{
	// 1: the first schema.
	{sql: `
CREATE TABLE articles (
	id            INTEGER PRIMARY KEY,
	url           TEXT UNIQUE,            -- NULL when the input carries none
	hash          TEXT NOT NULL,          -- store.ContentHash of text
	title         TEXT NOT NULL,
	outlet        TEXT,                   -- NULL when unknown
	published     TEXT,                   -- RFC 3339 with the input's offset; NULL when unknown
	source_path   TEXT NOT NULL,
	source_record TEXT,                   -- record within a container; NULL for a single-article input
	text          TEXT NOT NULL,
	ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_hash ON articles(hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);

CREATE TABLE speakers (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL,                   -- the name as first met
	norm TEXT NOT NULL,                   -- store.NormName(name)
	type TEXT NOT NULL,
	UNIQUE (norm, type)
);

-- Offsets are Unicode code points into articles.text, end exclusive.
CREATE TABLE statements (
	id            INTEGER PRIMARY KEY,
	article_id    INTEGER NOT NULL REFERENCES articles(id),
	seq           INTEGER NOT NULL,       -- order in the article, from 0
	kind          TEXT NOT NULL,
	speaker_id    INTEGER REFERENCES speakers(id),  -- NULL when the text names no speaker
	speaker_name  TEXT,
	speaker_type  TEXT NOT NULL,
	source_text   TEXT,
	source_start  INTEGER,
	source_end    INTEGER,
	cue_text      TEXT,
	cue_start     INTEGER,
	cue_end       INTEGER,
	content       TEXT NOT NULL,
	content_spans TEXT NOT NULL,          -- JSON [[start,end],...]
	date          TEXT,                   -- TIMEX3 value; NULL when the text does not say
	continues     INTEGER,                -- seq of the statement continued; NULL when none
	rule          TEXT NOT NULL,
	UNIQUE (article_id, seq)
);
CREATE INDEX statements_speaker ON statements(speaker_id);

CREATE TABLE entities (
	article_id INTEGER NOT NULL REFERENCES articles(id),
	seq        INTEGER NOT NULL,          -- order in the article, from 0
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,
	PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;

CREATE TABLE mentions (
	article_id INTEGER NOT NULL,
	entity_seq INTEGER NOT NULL,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	PRIMARY KEY (article_id, entity_seq, start, end),
	FOREIGN KEY (article_id, entity_seq) REFERENCES entities(article_id, seq)
) WITHOUT ROWID;

CREATE TABLE dates (
	article_id INTEGER NOT NULL REFERENCES articles(id),
	seq        INTEGER NOT NULL,
	text       TEXT NOT NULL,
	value      TEXT NOT NULL,
	type       TEXT NOT NULL,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;

-- Full-text indexes over the content of statements and the title and text of articles.
-- They are external-content tables, written by the store beside each insert and delete
-- (not by triggers: a trigger makes every insert a multi-table write, whose statement
-- savepoint forces FTS5 to flush its pending terms to disk row by row, several times slower).
-- Porter stemming over unicode61 without diacritics: "bridges" finds "bridge", "cafe" "Café".
CREATE VIRTUAL TABLE statements_fts USING fts5(
	content, content='statements', content_rowid='id',
	tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, text, content='articles', content_rowid='id',
	tokenize='porter unicode61 remove_diacritics 2'
);
`},
	// 2: what statements are about (document.Statement.About), and entities' normalised
	// names to find them by.
	{sql: `
-- store.NormName(name); NULL in the rows written before version 2, which no statement_about
-- row points to.
ALTER TABLE entities ADD COLUMN norm TEXT;

-- The entities a statement's content names, in order of first mention.
CREATE TABLE statement_about (
	article_id    INTEGER NOT NULL,
	statement_seq INTEGER NOT NULL,
	seq           INTEGER NOT NULL,       -- order in the statement's list, from 0
	entity_seq    INTEGER NOT NULL,
	PRIMARY KEY (article_id, statement_seq, seq),
	FOREIGN KEY (article_id, statement_seq) REFERENCES statements(article_id, seq),
	FOREIGN KEY (article_id, entity_seq) REFERENCES entities(article_id, seq)
) WITHOUT ROWID;
`},
	// 3: what the statements stored before version 2 are about, and their entities'
	// normalised names: the rows version 2 left empty (see backfillAbout).
	{fn: backfillAbout},
	// 4: search that stays fast on millions of statements (see search.go).
	{sql: `
-- Outlets by name, letter case ignored (as the --outlet filter compares them), so that an
-- outlet is one token of the full-text index.
CREATE TABLE outlets (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
INSERT OR IGNORE INTO outlets(name) SELECT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY id;

-- The rows of the statements' full-text index: the content, and the filters of a search as
-- five tokens of a second column, meta: the speaker ('s' and its ID, s0 for none), the outlet
-- ('o' and its ID, o0 for none) and the publication day at three grains — year, month, day
-- (y2025 m202505 d20250502; y0 m0 d0 when undated), the date as the article writes it, as the
-- --from and --to filters compare it. A filtered search is then one full-text query, whose
-- lists of rows FTS5 intersects, instead of a join per matching statement; a newest-first
-- search reads month by month. Every statement has exactly five meta tokens, so bm25, which
-- counts them in a row's length, is bm25 with a smaller length weight b, not a ranking that
-- favours statements by their metadata; and a search's words are confined to the content
-- column, so no word finds the meta tokens.
CREATE VIEW statements_fts_content(id, article_id, content, meta) AS
	SELECT s.id, s.article_id, s.content,
		's' || coalesce(s.speaker_id, 0) || ' o' || coalesce(o.id, 0) || ' ' ||
		CASE WHEN a.published IS NULL THEN 'y0 m0 d0'
		ELSE 'y' || substr(a.published, 1, 4) || ' m' || substr(a.published, 1, 4) || substr(a.published, 6, 2) ||
			' d' || substr(a.published, 1, 4) || substr(a.published, 6, 2) || substr(a.published, 9, 2) END
	FROM statements s JOIN articles a ON a.id = s.article_id LEFT JOIN outlets o ON o.name = a.outlet;

DROP TABLE statements_fts;
CREATE VIRTUAL TABLE statements_fts USING fts5(
	content, meta, content='statements_fts_content', content_rowid='id',
	tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');

-- What a search sorts its matches by, apart from the wide rows (an article's row holds its
-- text): looking up thousands of matches reads these small indexes (INDEXED BY), not rows
-- spread over the whole file.
CREATE INDEX statements_key ON statements(id, article_id, seq);
CREATE INDEX articles_key ON articles(id, published);

-- FTS5 writes the rows of a transaction out as a new segment when it commits, or sooner
-- once they take hashsize bytes (1 MB by default, a batch of 200 articles): segments of a
-- whole batch (ingest writes 500 articles a transaction) are fewer to merge later.
INSERT INTO statements_fts(statements_fts, rank) VALUES ('hashsize', 16000000);
INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 16000000);

-- Speakers' normalised names by word, for --speaker: a scan of every name with LIKE takes
-- tens of milliseconds once there are a hundred thousand speakers.
CREATE VIRTUAL TABLE speakers_fts USING fts5(
	norm, content='speakers', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO speakers_fts(speakers_fts) VALUES ('rebuild');
`},
	// 5: an entity's mentions in a column of the entity, as a statement's content spans are:
	// 40 rows an article fewer to write (and to check against their entity), 40% of the rows
	// of an article. Read only with their entity, they never needed rows of their own.
	{sql: `
-- JSON [[start,end],...], in order of start then end, each once.
ALTER TABLE entities ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
UPDATE entities SET mentions = coalesce((
	SELECT json_group_array(json_array(m.start, m.end)) FROM (
		SELECT start, end FROM mentions m WHERE m.article_id = entities.article_id AND m.entity_seq = entities.seq
		ORDER BY start, end) m), '[]');
DROP TABLE mentions;
`},
}
