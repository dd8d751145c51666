package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
)

// Dump writes a canonical text dump of the database: every row of every table, in a fixed
// order, one line per row, without what depends on when or in which steps the data was written
// — ingestion times, the surrogate IDs of statements and speakers (they are written
// as the natural keys they point to) — and with the full-text indexes checked rather than
// dumped. Two databases holding the same articles with the same analyses dump the same,
// however their ingests ran (at one go, or killed and run again).
func (s *DB) Dump(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriter(w)
	// The indexes must agree with their tables; 'integrity-check' fails when they do not.
	for _, t := range []string{"statements_fts", "articles_fts", "speakers_fts"} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO `+t+`(`+t+`) VALUES ('integrity-check')`); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	queries := []struct{ name, sql string }{
		{"schema_version", `SELECT version FROM schema_version ORDER BY version`},
		{"articles", `SELECT id, url, hash, title, outlet, published, source_path, source_record, text FROM articles ORDER BY id`},
		{"speakers", `SELECT name, norm, type FROM speakers ORDER BY norm, type`},
		{"statements", `SELECT s.article_id, s.seq, s.kind, sp.norm, sp.type, s.speaker_name, s.speaker_type,
			s.source_text, s.source_start, s.source_end, s.cue_text, s.cue_start, s.cue_end, s.content, s.content_spans,
			s.date, s.continues, s.rule
			FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id ORDER BY s.article_id, s.seq`},
		{"entities", `SELECT article_id, seq, name, type, norm FROM entities ORDER BY article_id, seq`},
		{"mentions", `SELECT e.article_id, e.seq, m.value ->> 0 AS start, m.value ->> 1 AS end FROM entities e, json_each(e.mentions) m
			ORDER BY e.article_id, e.seq, start, end`},
		{"statement_about", `SELECT article_id, statement_seq, seq, entity_seq FROM statement_about
			ORDER BY article_id, statement_seq, seq`},
		{"dates", `SELECT article_id, seq, text, value, type, start, end FROM dates ORDER BY article_id, seq`},
		{"statements_fts", `SELECT count(*) FROM statements_fts`},
		{"articles_fts", `SELECT count(*) FROM articles_fts`},
	}
	for _, q := range queries {
		if err := dumpRows(ctx, s.db, bw, q.name, q.sql); err != nil {
			return fmt.Errorf("dump %s: %w", q.name, err)
		}
	}
	return bw.Flush()
}

func dumpRows(ctx context.Context, db *sql.DB, w *bufio.Writer, name, q string) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		w.WriteString(name)
		for _, v := range vals {
			w.WriteByte('\t')
			switch v := v.(type) {
			case nil:
				w.WriteString("NULL")
			case []byte:
				w.WriteString(strconv.Quote(string(v)))
			case string:
				w.WriteString(strconv.Quote(v))
			default:
				fmt.Fprint(w, v)
			}
		}
		w.WriteByte('\n')
	}
	return rows.Err()
}
