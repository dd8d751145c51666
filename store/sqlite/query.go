package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/whosaid/whosaid/store"
)

const articleCols = `id, coalesce(url, ''), hash, title, coalesce(outlet, ''), published, source_path,
	coalesce(source_record, ''), text, ingested_at`

// Article returns the article id with its statements, entities and dates.
func (s *DB) Article(ctx context.Context, id int64) (*store.Article, error) {
	return s.article(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id)
}

// ArticleByURL returns the article stored at url.
func (s *DB) ArticleByURL(ctx context.Context, url string) (*store.Article, error) {
	return s.article(ctx, `SELECT `+articleCols+` FROM articles WHERE url = ?`, url)
}

// ArticleByHash returns the first article stored with the content hash.
func (s *DB) ArticleByHash(ctx context.Context, hash string) (*store.Article, error) {
	return s.article(ctx, `SELECT `+articleCols+` FROM articles WHERE hash = ? ORDER BY id LIMIT 1`, hash)
}

func (s *DB) article(ctx context.Context, q string, arg any) (*store.Article, error) {
	a := &store.Article{}
	var pub sql.NullString
	var ing string
	err := s.db.QueryRowContext(ctx, q, arg).Scan(&a.ID, &a.URL, &a.Hash, &a.Title, &a.Outlet, &pub,
		&a.SourcePath, &a.SourceRecord, &a.Text, &ing)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	a.Published = parseTime(pub)
	a.IngestedAt, _ = time.Parse(time.RFC3339, ing)
	if a.Statements, err = s.statements(ctx, `WHERE s.article_id = ? ORDER BY s.seq`, a.ID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT statement_seq, entity_seq FROM statement_about WHERE article_id = ?
		ORDER BY statement_seq, seq`, a.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var st, e int
		if err := rows.Scan(&st, &e); err != nil {
			rows.Close()
			return nil, err
		}
		if st >= 0 && st < len(a.Statements) { // seq is the index: statements are numbered from 0
			a.Statements[st].About = append(a.Statements[st].About, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT name, type, mentions FROM entities WHERE article_id = ? ORDER BY seq`, a.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var e store.Entity
		var ms string
		if err := rows.Scan(&e.Name, &e.Type, &ms); err != nil {
			rows.Close()
			return nil, err
		}
		if e.Mentions, err = parseSpans(ms); err != nil {
			rows.Close()
			return nil, fmt.Errorf("article %d: entity %q: mentions: %w", a.ID, e.Name, err)
		}
		a.Entities = append(a.Entities, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT text, value, type, start, end FROM dates WHERE article_id = ? ORDER BY seq`, a.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d store.Date
		if err := rows.Scan(&d.Text, &d.Value, &d.Type, &d.Start, &d.End); err != nil {
			return nil, err
		}
		a.Dates = append(a.Dates, d)
	}
	return a, rows.Err()
}

const statementCols = `s.id, s.article_id, s.kind, coalesce(s.speaker_name, ''), s.speaker_type,
	s.source_text, s.source_start, s.source_end, s.cue_text, s.cue_start, s.cue_end,
	s.content, s.content_spans, coalesce(s.date, ''), s.continues, s.rule`

// scanStatement scans statementCols followed by extra destinations.
func scanStatement(rows *sql.Rows, st *store.Statement, extra ...any) error {
	var srcT, cueT sql.NullString
	var srcS, srcE, cueS, cueE, cont sql.NullInt64
	var spans string
	dst := append([]any{&st.ID, &st.ArticleID, &st.Kind, &st.SpeakerName, &st.SpeakerType,
		&srcT, &srcS, &srcE, &cueT, &cueS, &cueE, &st.Content, &spans, &st.Date, &cont, &st.Rule}, extra...)
	if err := rows.Scan(dst...); err != nil {
		return err
	}
	if srcT.Valid {
		st.Source = &store.Mention{Text: srcT.String, Start: int(srcS.Int64), End: int(srcE.Int64)}
	}
	if cueT.Valid {
		st.Cue = &store.Mention{Text: cueT.String, Start: int(cueS.Int64), End: int(cueE.Int64)}
	}
	st.Continues = -1
	if cont.Valid {
		st.Continues = int(cont.Int64)
	}
	var err error
	if st.ContentSpans, err = parseSpans(spans); err != nil {
		return fmt.Errorf("statement %d: content_spans: %w", st.ID, err)
	}
	return nil
}

// parseSpans reads the JSON of spans, [[start,end],...]; nil for none.
func parseSpans(s string) ([]store.Span, error) {
	var pairs [][2]int
	if err := json.Unmarshal([]byte(s), &pairs); err != nil {
		return nil, err
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	spans := make([]store.Span, len(pairs))
	for i, p := range pairs {
		spans[i] = store.Span{Start: p[0], End: p[1]}
	}
	return spans, nil
}

func (s *DB) statements(ctx context.Context, where string, args ...any) ([]store.Statement, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+statementCols+` FROM statements s `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Statement
	for rows.Next() {
		var st store.Statement
		if err := scanStatement(rows, &st); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// filters adds the article and speaker filters of q to a WHERE clause over articles a and
// statements s (when withSpeaker; articles only otherwise).
func filters(q store.Query, conds []string, args []any) ([]string, []any) {
	if q.Outlet != "" {
		conds = append(conds, `a.outlet = ? COLLATE NOCASE`)
		args = append(args, strings.TrimSpace(q.Outlet))
	}
	if !q.From.IsZero() {
		conds = append(conds, `substr(a.published, 1, 10) >= ?`)
		args = append(args, q.From.Format("2006-01-02"))
	}
	if !q.To.IsZero() {
		conds = append(conds, `substr(a.published, 1, 10) <= ?`)
		args = append(args, q.To.Format("2006-01-02"))
	}
	return conds, args
}

// nameCond is the condition that the normalised name in column col is NormName(name) or
// has it as whole words.
func nameCond(col, name string) (string, any) {
	n := store.NormName(name)
	return `(' ' || ` + col + ` || ' ') LIKE ? ESCAPE '\'`, "% " + likeEscape(n) + " %"
}

// speakerCond is the condition that speaker sp (a speakers row) matches name.
func speakerCond(name string) (string, any) { return nameCond("sp.norm", name) }

// aboutCond is the condition that statement s is about an entity matching name.
func aboutCond(name string) (string, any) {
	c, arg := nameCond("e.norm", name)
	return `EXISTS (SELECT 1 FROM statement_about ab JOIN entities e ON e.article_id = ab.article_id AND e.seq = ab.entity_seq
		WHERE ab.article_id = s.article_id AND ab.statement_seq = s.seq AND ` + c + `)`, arg
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func limit(n int) int {
	if n <= 0 {
		return 20
	}
	return n
}

// hitsAbout fills in what the statements of hits are about.
func (s *DB) hitsAbout(ctx context.Context, hits []store.Hit) error {
	if len(hits) == 0 {
		return nil
	}
	st, err := s.db.PrepareContext(ctx, `SELECT ab.entity_seq, e.name, e.type FROM statements s
		JOIN statement_about ab ON ab.article_id = s.article_id AND ab.statement_seq = s.seq
		JOIN entities e ON e.article_id = ab.article_id AND e.seq = ab.entity_seq
		WHERE s.id = ? ORDER BY ab.seq`)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := range hits {
		h := &hits[i]
		rows, err := st.QueryContext(ctx, h.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var seq int
			var e store.Entity
			if err := rows.Scan(&seq, &e.Name, &e.Type); err != nil {
				rows.Close()
				return err
			}
			h.About = append(h.About, seq)
			h.AboutEntities = append(h.AboutEntities, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// SearchArticles finds articles.
func (s *DB) SearchArticles(ctx context.Context, q store.Query) ([]store.ArticleHit, error) {
	match := FTSQuery(q.Text)
	if strings.TrimSpace(q.Text) != "" && match == "" {
		return nil, nil
	}
	lim := limit(q.Limit)
	byDate := q.Sort == store.ByDate || match == ""
	var cs []cand
	var err error
	if !byDate && q.Speaker == "" && q.About == "" && q.Outlet == "" && q.From.IsZero() && q.To.IsZero() && !s.sqlSearch {
		// Best match first, unfiltered: FTS5 keeps the best few (and their ties), and only
		// they are read.
		for k := lim + 32; ; k *= 4 {
			cs, err = s.query(ctx, `SELECT rowid, bm25(articles_fts, 2.0, 1.0) AS r FROM articles_fts
				WHERE articles_fts MATCH ? ORDER BY r LIMIT ?`, match, k)
			if err != nil || len(cs) < k || cs[k-1].rank != cs[lim-1].rank {
				break
			}
		}
	} else {
		cs, err = s.articlesSQL(ctx, q, match, lim)
	}
	if err != nil {
		return nil, queryErr(err)
	}
	if len(cs) == 0 {
		return nil, nil
	}
	// The order of a search: by rank, newest first, by ID; or newest first (undated last),
	// by rank, by ID — here, with the dates from the small articles_key index.
	ids := make([]int64, len(cs))
	rank := make(map[int64]float64, len(cs))
	for i, c := range cs {
		ids[i] = c.id
		rank[c.id] = c.rank
	}
	b, _ := json.Marshal(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.published FROM articles a INDEXED BY articles_key
		WHERE a.id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return nil, err
	}
	keys := make([]key, 0, len(cs))
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.published); err != nil {
			rows.Close()
			return nil, err
		}
		k.rank, k.article = rank[k.id], k.id
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortKeys(keys, byDate)
	keys = keys[:min(lim, len(keys))]

	ids = ids[:0]
	for _, k := range keys {
		ids = append(ids, k.id)
	}
	b, _ = json.Marshal(ids)
	rows, err = s.db.QueryContext(ctx, `SELECT a.id, a.title, coalesce(a.outlet, ''), coalesce(a.url, ''), a.published,
		(SELECT count(*) FROM statements s WHERE s.article_id = a.id), a.text, substr(a.text, 1, 160)
		FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]store.ArticleHit, len(keys))
	var texts [][]any // ID, title, text: for the snippets
	for rows.Next() {
		var h store.ArticleHit
		var pub sql.NullString
		var text string
		if err := rows.Scan(&h.ID, &h.Title, &h.Outlet, &h.URL, &pub, &h.Statements, &text, &h.Snippet); err != nil {
			rows.Close()
			return nil, err
		}
		h.Published = parseTime(pub)
		h.Rank = rank[h.ID]
		byID[h.ID] = h
		texts = append(texts, []any{h.ID, h.Title, text})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var sn map[int64]string
	if match != "" {
		if sn, err = s.snippetsOf(ctx, articleSnippets, texts, match); err != nil {
			return nil, err
		}
	}
	hits := make([]store.ArticleHit, 0, len(keys))
	for _, k := range keys {
		h, ok := byID[k.id]
		if !ok {
			continue
		}
		if x, ok := sn[h.ID]; ok {
			h.Snippet = x
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// articlesSQL returns the first lim articles matching q in one SQL query with every filter in
// it.
func (s *DB) articlesSQL(ctx context.Context, q store.Query, match string, lim int) ([]cand, error) {
	var conds []string
	var args []any
	from := `articles a`
	rank := `0.0`
	if match != "" {
		from = `articles_fts f JOIN articles a ON a.id = f.rowid`
		conds = append(conds, `articles_fts MATCH ?`)
		args = append(args, match)
		rank = `bm25(articles_fts, 2.0, 1.0)`
	}
	if q.Speaker != "" {
		ids, err := s.speakerIDs(ctx, q.Speaker)
		if err != nil || len(ids) == 0 {
			return nil, err
		}
		b, _ := json.Marshal(ids)
		conds = append(conds, `EXISTS (SELECT 1 FROM statements s WHERE s.article_id = a.id
			AND s.speaker_id IN (SELECT value FROM json_each(?)))`)
		args = append(args, string(b))
	}
	if q.About != "" {
		c, arg := aboutCond(q.About)
		conds = append(conds, `EXISTS (SELECT 1 FROM statements s WHERE s.article_id = a.id AND `+c+`)`)
		args = append(args, arg)
	}
	conds, args = filters(q, conds, args)
	order := `rank, a.published DESC, a.id`
	if q.Sort == store.ByDate || match == "" {
		order = `a.published IS NULL, a.published DESC, rank, a.id`
	}
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return s.query(ctx, `SELECT a.id, `+rank+` AS rank FROM `+from+where+` ORDER BY `+order+` LIMIT ?`, append(args, lim)...)
}

func queryErr(err error) error {
	if err != nil && strings.Contains(err.Error(), "fts5") {
		return fmt.Errorf("search query: %w", err)
	}
	return err
}

// Speakers returns the most quoted speakers, counted by normalised name: the speakers rows
// of one name with several types (a person, and the same name left unknown) are one speaker,
// named and typed by its row of most statements among those not unknown.
func (s *DB) Speakers(ctx context.Context, q store.SpeakersQuery) ([]store.SpeakerStat, error) {
	const from = ` FROM statements s JOIN speakers sp ON sp.id = s.speaker_id JOIN articles a ON a.id = s.article_id`
	where, and, outlet := "", "", []any{}
	if q.Outlet != "" {
		where, and = ` WHERE a.outlet = ? COLLATE NOCASE`, ` AND a.outlet = ? COLLATE NOCASE`
		outlet = append(outlet, strings.TrimSpace(q.Outlet))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT sp.norm, count(*), count(DISTINCT s.article_id),
		min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10))`+from+where+`
		GROUP BY sp.norm ORDER BY count(*) DESC, count(DISTINCT s.article_id) DESC, sp.norm LIMIT ?`,
		append(slices.Clip(outlet), limit(q.Top))...)
	if err != nil {
		return nil, err
	}
	var out []store.SpeakerStat
	var norms []string
	for rows.Next() {
		var st store.SpeakerStat
		var norm string
		var first, last sql.NullString
		if err := rows.Scan(&norm, &st.Statements, &st.Articles, &first, &last); err != nil {
			rows.Close()
			return nil, err
		}
		if first.Valid {
			st.First, _ = time.Parse("2006-01-02", first.String)
			st.Last, _ = time.Parse("2006-01-02", last.String)
		}
		out = append(out, st)
		norms = append(norms, norm)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, norm := range norms {
		args := append([]any{norm}, outlet...)
		// Ties between types go to the first in alphabetical order, for a stable answer.
		if err := s.db.QueryRowContext(ctx, `SELECT sp.name, sp.type`+from+` WHERE sp.norm = ?`+and+`
			GROUP BY sp.id ORDER BY sp.type = 'unknown', count(*) DESC, sp.type LIMIT 1`, args...).Scan(&out[i].Name, &out[i].Type); err != nil {
			return nil, err
		}
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT a.outlet`+from+`
			WHERE sp.norm = ? AND a.outlet IS NOT NULL`+and+` ORDER BY a.outlet`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var o string
			if err := rows.Scan(&o); err != nil {
				rows.Close()
				return nil, err
			}
			out[i].Outlets = append(out[i].Outlets, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Counts returns the number of rows of each table.
func (s *DB) Counts(ctx context.Context) (store.Counts, error) {
	var c store.Counts
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements),
		(SELECT count(*) FROM speakers), (SELECT count(*) FROM entities),
		(SELECT coalesce(sum(json_array_length(mentions)), 0) FROM entities),
		(SELECT count(*) FROM dates), (SELECT count(*) FROM statement_about)`).Scan(&c.Articles, &c.Statements, &c.Speakers,
		&c.Entities, &c.Mentions, &c.Dates, &c.About)
	return c, err
}

// FTSQuery translates a search as a user types it into an FTS5 query that cannot be a syntax
// error: every word must occur ("bridge council"), "quoted words" must occur as a phrase, a
// word ending in * matches as a prefix (bridg*), and OR between two terms accepts either. A
// leading - excludes a word (bridge -council). Punctuation inside words is kept within the
// quoted term and left to the tokenizer. It returns "" when the search has no word at all.
func FTSQuery(q string) string {
	type term struct {
		text    string
		prefix  bool
		not, or bool
	}
	var terms []term
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
			continue
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			terms = append(terms, term{text: string(rs[i+1 : min(j, len(rs))])})
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
			j++
		}
		w := string(rs[i:j])
		i = j
		if w == "OR" {
			if len(terms) > 0 {
				terms[len(terms)-1].or = true
			}
			continue
		}
		t := term{}
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			t.not, w = true, w[1:]
		}
		if strings.HasSuffix(w, "*") {
			t.prefix, w = true, strings.TrimRight(w, "*")
		}
		t.text = w
		terms = append(terms, t)
	}
	var b strings.Builder
	var pos, neg []string
	pendingOr := false
	for _, t := range terms {
		if !strings.ContainsFunc(t.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			if !t.or {
				pendingOr = false
			}
			continue
		}
		s := `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
		if t.prefix {
			s += "*"
		}
		switch {
		case t.not:
			neg = append(neg, s)
		case pendingOr && len(pos) > 0:
			pos[len(pos)-1] += " OR " + s
		default:
			pos = append(pos, s)
		}
		pendingOr = t.or && !t.not
	}
	if len(pos) == 0 {
		return "" // FTS5 cannot search for exclusions alone
	}
	for i, p := range pos {
		if i > 0 {
			b.WriteString(" AND ")
		}
		if strings.Contains(p, " OR ") {
			b.WriteString("(" + p + ")")
		} else {
			b.WriteString(p)
		}
	}
	for _, n := range neg {
		b.WriteString(" NOT " + n)
	}
	return b.String()
}
