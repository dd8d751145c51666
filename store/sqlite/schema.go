package sqlite

// migrations are the schema, as ordered steps: migrations[i] takes a database from version i
// to version i+1. A step is never edited once released; a change of schema is a new step at
// the end. The version reached is recorded in schema_version, one row per step applied.
var migrations = []string{
	// 1: the first schema.
	`
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
`,
	// 2: what statements are about (document.Statement.About), and entities' normalised
	// names to find them by.
	`
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
`,
}
