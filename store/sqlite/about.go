package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/whosaid/whosaid/store"
)

// backfillAbout is migration 3. Version 2 added what statements are about (statement_about)
// and entities' normalised names (entities.norm), but left both empty for the rows already
// stored: neither can be computed in SQL. Both follow from what every database stores —
// entity names, their mentions, the statements' content spans and speakers — so this step
// computes them for the articles written before version 2 (those whose entities have no
// norm), by the rule the analysis applies (aboutOf), and a database ingested under version 1
// answers search --about and shows about like one ingested today.
func backfillAbout(ctx context.Context, tx *sql.Tx) error {
	var ids []int64
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT article_id FROM entities WHERE norm IS NULL ORDER BY article_id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	setNorm, err := tx.PrepareContext(ctx, `UPDATE entities SET norm = ? WHERE article_id = ? AND seq = ?`)
	if err != nil {
		return err
	}
	defer setNorm.Close()
	insAbout, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO statement_about(article_id, statement_seq, seq, entity_seq) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insAbout.Close()
	for _, id := range ids {
		a, err := storedForAbout(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("article %d: %w", id, err)
		}
		for i, e := range a.Entities {
			if _, err := setNorm.ExecContext(ctx, store.NormName(e.Name), id, i); err != nil {
				return err
			}
		}
		aboutOf(a)
		for i, st := range a.Statements {
			for j, e := range st.About {
				if _, err := insAbout.ExecContext(ctx, id, i, j, e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// storedForAbout reads what aboutOf needs of article id: its entities with their mentions,
// and its statements' speakers and content spans (statements numbered from 0, as stored).
func storedForAbout(ctx context.Context, tx *sql.Tx, id int64) (*store.Article, error) {
	a := &store.Article{ID: id}
	rows, err := tx.QueryContext(ctx, `SELECT e.seq, e.name, e.type, m.start, m.end FROM entities e
		LEFT JOIN mentions m ON m.article_id = e.article_id AND m.entity_seq = e.seq
		WHERE e.article_id = ? ORDER BY e.seq, m.start, m.end`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var seq int
		var name, typ string
		var start, end sql.NullInt64
		if err := rows.Scan(&seq, &name, &typ, &start, &end); err != nil {
			rows.Close()
			return nil, err
		}
		for len(a.Entities) <= seq { // seq numbers the entities from 0
			a.Entities = append(a.Entities, store.Entity{})
		}
		e := &a.Entities[seq]
		e.Name, e.Type = name, typ
		if start.Valid {
			e.Mentions = append(e.Mentions, store.Span{Start: int(start.Int64), End: int(end.Int64)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT seq, coalesce(speaker_name, ''), speaker_type, content_spans
		FROM statements WHERE article_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int
		var st store.Statement
		var spans string
		if err := rows.Scan(&seq, &st.SpeakerName, &st.SpeakerType, &spans); err != nil {
			return nil, err
		}
		var pairs [][2]int
		if err := json.Unmarshal([]byte(spans), &pairs); err != nil {
			return nil, fmt.Errorf("statement %d: content_spans: %w", seq, err)
		}
		for _, p := range pairs {
			st.ContentSpans = append(st.ContentSpans, store.Span{Start: p[0], End: p[1]})
		}
		for len(a.Statements) < seq {
			a.Statements = append(a.Statements, store.Statement{})
		}
		a.Statements = append(a.Statements, st)
	}
	return a, rows.Err()
}

// aboutOf sets the About of every statement of a as the analysis does (package entity, About):
// the entities with a mention inside the statement's content spans, in order of first mention
// (span by span), each once, leaving out the entity that is the statement's speaker (same name
// and type). It is repeated here, on the code-point spans of a stored article, for databases
// written before the store kept About; mentions that start together are taken in entity order.
func aboutOf(a *store.Article) {
	type ment struct {
		store.Span
		ent int
	}
	var ms []ment
	for e, ent := range a.Entities {
		for _, m := range ent.Mentions {
			ms = append(ms, ment{m, e})
		}
	}
	slices.SortStableFunc(ms, func(x, y ment) int { return x.Start - y.Start })
	for i := range a.Statements {
		st := &a.Statements[i]
		st.About = nil
		for _, c := range st.ContentSpans {
			k, _ := slices.BinarySearchFunc(ms, c.Start, func(m ment, start int) int { return m.Start - start })
			for ; k < len(ms) && ms[k].Start < c.End; k++ {
				m := ms[k]
				if m.Start < c.Start || m.End > c.End || slices.Contains(st.About, m.ent) {
					continue
				}
				if e := a.Entities[m.ent]; st.SpeakerName != "" && e.Name == st.SpeakerName && e.Type == st.SpeakerType {
					continue
				}
				st.About = append(st.About, m.ent)
			}
		}
	}
}
