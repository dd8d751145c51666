package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/whosaid/whosaid/store"
)

// How a statement search runs. A search of a million statements must not read each
// statement it matches: reading a statement's row, or its article's, costs microseconds (the
// rows lie anywhere in a file of a gigabyte), and common words match tens of thousands of
// statements. What FTS5 does with its own lists of rows is cheaper — about 0.15 µs a row
// to intersect them — except ranking: bm25 costs about 1.4 µs a row ranked (it looks up the
// row's length), plus a pass over the whole row list of every phrase of the query, to count
// the rows it is in. So:
//
//   - The filters are tokens of the full-text index (the meta column, see migration 4): a
//     speaker is s<ID>, an outlet o<ID>, a day d<YYYYMMDD>, with m<YYYYMM> and y<YYYY> for
//     whole months and years. A search and its filters are one FTS5 query: FTS5 intersects
//     the lists and ranks only the statements that pass every filter.
//   - A date range goes into that query only when it is short (estimated, from the articles
//     it holds); the tokens of a long range are long lists, which bm25 would count through.
//     A long range is a condition on the article of each statement ranked.
//   - Best match first: FTS5 keeps the best few matches (ORDER BY bm25 LIMIT), which alone
//     are read, sorted with their ties as the order of a search says, and given snippets.
//   - Newest first: a search with few matches reads them all; one with many reads the
//     matches of the newest month, then of the month before, until it has enough, and
//     ranks only those of the days it shows (rank orders statements published at once).
//
// A filter that is no token (--about, a speaker name that fits thousands of speakers) makes
// the search one SQL query (searchSQL), exact and slow on a large store. What stays slow:
// ranking itself, for a search whose words are in tens of thousands of statements ("year",
// a short prefix such as "cons*"): 50 to 150 ms on a million statements.

// cand is a statement matched, with its bm25 rank (0 without words).
type cand struct {
	id   int64
	rank float64
}

// plan is a statement search as full-text conditions.
type plan struct {
	text   string   // the search's words as an FTS5 query; "" for none
	groups []string // FTS5 conditions on the meta column, every one to hold (speaker, outlet)
	spk    []int64  // the speakers of a --speaker filter, whose condition is groups[0]
	from   string   // the first day, YYYY-MM-DD; "" for no bound
	to     string   // the last day; "" for no bound
	sqlish bool     // some filter is no token: the search is searchSQL's
}

// dated reports whether the search has a date bound, which leaves undated statements out.
func (p *plan) dated() bool { return p.from != "" || p.to != "" }

// expr returns the FTS5 query of the plan and the meta condition more ("" for none).
func (p *plan) expr(more string) string {
	var parts []string
	if p.text != "" {
		parts = append(parts, "content : ("+p.text+")")
	}
	for _, g := range p.groups {
		parts = append(parts, "meta : ("+g+")")
	}
	if more != "" {
		parts = append(parts, "meta : ("+more+")")
	}
	return strings.Join(parts, " AND ")
}

// tuning holds the thresholds of the plans, in statements: constants but for tests, which
// lower them to take every road on a small store.
type tuning struct {
	// maxSpeakerTokens is the most speakers a --speaker filter is a token condition for; a
	// name that fits more is filtered in SQL.
	maxSpeakerTokens int
	// directMax is the number of matches up to which a newest-first search reads every match
	// at once rather than month by month.
	directMax int
	// wideMax is the number of matches up to which a newest-first search whose filter has
	// more than maxWalkPhrases phrases (a speaker name that fits many speakers) reads every
	// match at once: each query of a month would set up the many lists again.
	wideMax        int
	maxWalkPhrases int
	// sparseMax is the number of matches under which a month-by-month search counts a year's
	// first, to pass over the years without any.
	sparseMax int
	// maxDateTokenRows is the most statements a date range may hold (estimated) to be tokens
	// of a ranked query: bm25 goes through the lists of the query's tokens, at about 0.1 µs a
	// row.
	maxDateTokenRows int
}

// defaultTuning is the tuning of a database Open returns.
var defaultTuning = tuning{
	maxSpeakerTokens: 2000,
	directMax:        2000,
	wideMax:          20_000,
	maxWalkPhrases:   24,
	sparseMax:        50_000,
	maxDateTokenRows: 40_000,
}

// newPlan makes the plan of q, whose words are the FTS5 query match; nil when a filter
// matches nothing.
func (s *DB) newPlan(ctx context.Context, q store.Query, match string) (*plan, error) {
	p := &plan{text: match, sqlish: q.About != "" || s.sqlSearch}
	if !q.From.IsZero() {
		p.from = q.From.Format(time.DateOnly)
	}
	if !q.To.IsZero() {
		p.to = q.To.Format(time.DateOnly)
	}
	if p.sqlish {
		return p, nil
	}
	if q.Speaker != "" {
		ids, err := s.speakerIDs(ctx, q.Speaker)
		switch {
		case err != nil:
			return nil, err
		case len(ids) == 0:
			return nil, nil
		case len(ids) > s.tune.maxSpeakerTokens:
			p.sqlish = true
			return p, nil
		}
		toks := make([]string, len(ids))
		for i, id := range ids {
			toks[i] = "s" + strconv.FormatInt(id, 10)
		}
		p.groups = append(p.groups, strings.Join(toks, " OR "))
		p.spk = ids
	}
	if q.Outlet != "" {
		var id int64
		err := s.db.QueryRowContext(ctx, `SELECT id FROM outlets WHERE name = ?`, strings.TrimSpace(q.Outlet)).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return nil, nil
		case err != nil:
			return nil, err
		}
		p.groups = append(p.groups, "o"+strconv.FormatInt(id, 10))
	}
	return p, nil
}

// speakerIDs returns the IDs of the speakers whose normalised name is, or has as whole words,
// NormName(name) — as speakerCond says — found by their words in speakers_fts, then checked.
func (s *DB) speakerIDs(ctx context.Context, name string) ([]int64, error) {
	c, arg := speakerCond(name)
	q := `SELECT sp.id FROM speakers sp WHERE ` + c + ` ORDER BY sp.id`
	args := []any{arg}
	n := store.NormName(name)
	if strings.ContainsFunc(n, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
		// The name's words as a phrase: every name with the words in a row, a few more than
		// the whole-word condition keeps (punctuation and accents are not words to FTS5).
		q = `SELECT sp.id FROM speakers_fts f JOIN speakers sp ON sp.id = f.rowid
			WHERE speakers_fts MATCH ? AND ` + c + ` ORDER BY sp.id`
		args = []any{`"` + strings.ReplaceAll(n, `"`, `""`) + `"`, arg}
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Search finds statements.
func (s *DB) Search(ctx context.Context, q store.Query) ([]store.Hit, error) {
	match := FTSQuery(q.Text)
	if strings.TrimSpace(q.Text) != "" && match == "" {
		return nil, nil // nothing searchable in the query: no word matches
	}
	p, err := s.newPlan(ctx, q, match)
	if err != nil || p == nil {
		return nil, err
	}
	lim := limit(q.Limit)
	byDate := q.Sort == store.ByDate || match == ""
	var keys []key
	switch {
	case byDate && !p.sqlish:
		keys, err = s.newestFirst(ctx, p, lim)
	default:
		var cs []cand
		if p.sqlish {
			cs, err = s.searchSQL(ctx, q, match, lim)
		} else {
			cs, err = s.bestFirst(ctx, p, lim)
		}
		if err == nil {
			keys, err = s.keys(ctx, cs, p.from, p.to)
		}
	}
	if err != nil {
		return nil, queryErr(err)
	}
	sortKeys(keys, byDate)
	return s.hits(ctx, keys[:min(lim, len(keys))], match)
}

// rankExpr is the rank of a statement: bm25 over the content column only (the meta
// column's weight is 0).
const rankExpr = `bm25(statements_fts, 1.0, 0.0)`

// bestFirst returns the matches of p with the best lim ranks and every match tied with the
// last of them: FTS5 ranks the matches, but only these leave it.
func (s *DB) bestFirst(ctx context.Context, p *plan, lim int) ([]cand, error) {
	q := `SELECT rowid, ` + rankExpr + ` AS r FROM statements_fts WHERE statements_fts MATCH ?`
	args := []any{""}
	var dates string
	if p.dated() {
		from, to, ok, err := s.bounds(ctx, p)
		if err != nil || !ok {
			return nil, err
		}
		rows, err := s.statementsDated(ctx, from, to)
		if err != nil {
			return nil, err
		}
		if rows <= s.tune.maxDateTokenRows {
			dates = strings.Join(dayTokens(from, to), " OR ")
		} else {
			q = `SELECT f.rowid, ` + rankExpr + ` AS r FROM statements_fts f
				JOIN statements s INDEXED BY statements_key ON s.id = f.rowid
				JOIN articles a INDEXED BY articles_key ON a.id = s.article_id WHERE statements_fts MATCH ? AND ` + dayCond
			args = append(args, day(from), day(to.AddDate(0, 0, 1)))
		}
	}
	args[0] = p.expr(dates)
	for k := lim + 32; ; k *= 4 {
		cs, err := s.query(ctx, q+` ORDER BY r LIMIT ?`, append(args, k)...)
		if err != nil || len(cs) < k || cs[k-1].rank != cs[lim-1].rank {
			return cs, err
		}
	}
}

// dayCond is the condition that article a was published from day ?, inclusive, to day ?,
// exclusive: the date as written, compared as text, as the articles_published index can.
const dayCond = `a.published >= ? AND a.published < ?`

func day(t time.Time) string { return t.Format(time.DateOnly) }

// statementsDated estimates the number of statements of the articles published from to to:
// the articles counted, times the statements an article has on average.
func (s *DB) statementsDated(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	var per float64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles a WHERE `+dayCond+`),
		(SELECT coalesce(max(id), 0) FROM statements) * 1.0 / (SELECT max(1, coalesce(max(id), 0)) FROM articles)`,
		day(from), day(to.AddDate(0, 0, 1))).Scan(&n, &per)
	return int(float64(n) * per), err
}

// fetch returns every match of expr, ranked when ranked.
func (s *DB) fetch(ctx context.Context, expr string, ranked bool) ([]cand, error) {
	rank := "0.0"
	if ranked {
		rank = rankExpr
	}
	return s.query(ctx, `SELECT rowid, `+rank+` FROM statements_fts WHERE statements_fts MATCH ?`, expr)
}

// count returns the number of matches of expr.
func (s *DB) count(ctx context.Context, expr string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM statements_fts WHERE statements_fts MATCH ?`, expr).Scan(&n)
	return n, err
}

func (s *DB) query(ctx context.Context, q string, args ...any) ([]cand, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.id, &c.rank); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}

// bounds returns the days of the plan's date range, an open bound closed at the store's first
// or last day; ok is false when the range holds no dated article.
func (s *DB) bounds(ctx context.Context, p *plan) (from, to time.Time, ok bool, err error) {
	var lo, hi sql.NullString
	// Two subqueries: each is then one step in the articles_published index.
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT min(published) FROM articles),
		(SELECT max(published) FROM articles)`).Scan(&lo, &hi); err != nil {
		return from, to, false, err
	}
	if !lo.Valid || len(lo.String) < 10 || len(hi.String) < 10 {
		return from, to, false, nil
	}
	first, last := max(p.from, lo.String[:10]), hi.String[:10]
	if p.to != "" {
		last = min(p.to, last)
	}
	// A day the tokens cannot say (a year beyond 9999) fails to parse: nothing matches it.
	if from, err = time.Parse(time.DateOnly, first); err != nil {
		return from, to, false, nil
	}
	if to, err = time.Parse(time.DateOnly, last); err != nil {
		return from, to, false, nil
	}
	return from, to, !from.After(to), nil
}

// dayTokens returns the fewest meta tokens that cover the days from to to: whole years as
// y<YYYY>, whole months as m<YYYYMM>, the other days as d<YYYYMMDD>.
func dayTokens(from, to time.Time) []string {
	var toks []string
	for d := from; !d.After(to); {
		y, m, day := d.Date()
		switch {
		case m == time.January && day == 1 && !d.AddDate(1, 0, -1).After(to):
			toks = append(toks, fmt.Sprintf("y%04d", y))
			d = d.AddDate(1, 0, 0)
		case day == 1 && !d.AddDate(0, 1, -1).After(to):
			toks = append(toks, fmt.Sprintf("m%04d%02d", y, m))
			d = d.AddDate(0, 1, 0)
		default:
			toks = append(toks, fmt.Sprintf("d%04d%02d%02d", y, m, day))
			d = d.AddDate(0, 0, 1)
		}
	}
	return toks
}

// newestFirst returns the matches of the plan that a newest-first search of lim hits needs,
// with what they sort by: all of them when they are few; otherwise those of the newest
// months of the range, month by month, until there are lim (undated statements last). They
// are ranked when the search has words.
func (s *DB) newestFirst(ctx context.Context, p *plan, lim int) ([]key, error) {
	ranked := p.text != ""
	from, to, ok, err := s.bounds(ctx, p)
	if err != nil || (!ok && p.dated()) {
		return nil, err
	}
	base := p.expr("")
	if p.text == "" && len(p.groups) == 1 && p.phrases() > s.tune.maxWalkPhrases && p.spk != nil {
		// Only a speaker name that fits many speakers: their statements are in the
		// statements_speaker index, and an FTS5 query of the many speakers would set up a
		// list for each.
		b, _ := json.Marshal(p.spk)
		cs, err := s.query(ctx, `SELECT id, 0.0 FROM statements WHERE speaker_id IN (SELECT value FROM json_each(?))`, string(b))
		if err != nil {
			return nil, err
		}
		return s.keys(ctx, cs, p.from, p.to)
	}
	n := math.MaxInt // a search without any condition matches every statement
	if base != "" {
		if n, err = s.count(ctx, base); err != nil || n == 0 {
			return nil, err
		}
	}
	var cs []cand
	switch {
	case n <= s.tune.directMax:
		cs, err = s.fetch(ctx, base, ranked)
		if err != nil {
			return nil, err
		}
		return s.keys(ctx, cs, p.from, p.to)
	case !ok: // no article is dated
		cs, err = s.fetch(ctx, p.expr("y0"), false)
	case n <= s.tune.wideMax && p.phrases() > s.tune.maxWalkPhrases:
		// Each query of a month would start the many lists of the filter again: read all.
		cs, err = s.fetch(ctx, base, false)
	default:
		cs, err = s.walk(ctx, p, from, to, n, lim)
	}
	if err != nil {
		return nil, err
	}
	keys, err := s.keys(ctx, cs, p.from, p.to)
	if err != nil || !ranked || len(keys) == 0 {
		return keys, err
	}
	// Rank what may be shown: the statements of the days of the newest lim (on the last of
	// them, rank orders the statements published at the same time). The other statements
	// read are older: they are cut, unranked. Day tokens have short lists, which bm25 counts
	// through quickly.
	sortKeys(keys, true)
	var days []string
	for _, k := range keys[:min(lim, len(keys))] {
		d := "y0"
		if k.published.Valid {
			d = "d" + strings.ReplaceAll(k.published.String[:min(10, len(k.published.String))], "-", "")
		}
		if !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	ranks, err := s.fetch(ctx, p.expr(strings.Join(days, " OR ")), true)
	if err != nil {
		return nil, err
	}
	rank := make(map[int64]float64, len(ranks))
	for _, c := range ranks {
		rank[c.id] = c.rank
	}
	for i := range keys {
		keys[i].rank = rank[keys[i].id]
	}
	return keys, nil
}

// phrases returns the number of phrases in the plan's filters.
func (p *plan) phrases() int {
	n := 0
	for _, g := range p.groups {
		n += strings.Count(g, " OR ") + 1
	}
	return n
}

// walk reads the n matches of the plan month by month, from the newest month of the days
// from to to, until it has lim, then the undated ones if need be. When matches are sparse, a
// year is first counted, and passed over when it has none, or read at once when it has few.
func (s *DB) walk(ctx context.Context, p *plan, from, to time.Time, n, lim int) ([]cand, error) {
	var cs []cand
	sparse := n < s.tune.sparseMax
	for y := to.Year(); y >= from.Year() && len(cs) < lim; y-- {
		ylo := later(from, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		yhi := earlier(to, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
		if sparse {
			toks := strings.Join(dayTokens(ylo, yhi), " OR ")
			k, err := s.count(ctx, p.expr(toks))
			if err != nil {
				return nil, err
			}
			if k == 0 {
				continue
			}
			if k <= s.tune.directMax {
				more, err := s.fetch(ctx, p.expr(toks), false)
				if err != nil {
					return nil, err
				}
				cs = append(cs, more...)
				continue
			}
		}
		for m := yhi.Month(); m >= ylo.Month() && len(cs) < lim; m-- {
			mlo := later(ylo, time.Date(y, m, 1, 0, 0, 0, 0, time.UTC))
			mhi := earlier(yhi, time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC))
			more, err := s.fetch(ctx, p.expr(strings.Join(dayTokens(mlo, mhi), " OR ")), false)
			if err != nil {
				return nil, err
			}
			cs = append(cs, more...)
		}
	}
	if len(cs) < lim && !p.dated() {
		more, err := s.fetch(ctx, p.expr("y0"), false)
		if err != nil {
			return nil, err
		}
		cs = append(cs, more...)
	}
	return cs, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// searchSQL returns the first lim matches of q in one SQL query with every filter in it, as
// whosaid searched before the meta tokens: exact, and slow on a large store, where it reads
// the rows of every statement matched. It is the road of the filters that are no token, and
// the reference the plans are tested against.
func (s *DB) searchSQL(ctx context.Context, q store.Query, match string, lim int) ([]cand, error) {
	var conds []string
	var args []any
	from := `statements s JOIN articles a ON a.id = s.article_id`
	rank := `0.0`
	if match != "" {
		from = `statements_fts JOIN statements s ON s.id = statements_fts.rowid JOIN articles a ON a.id = s.article_id`
		conds = append(conds, `statements_fts MATCH ?`)
		args = append(args, "content : ("+match+")")
		rank = rankExpr
	}
	if q.Speaker != "" {
		from += ` JOIN speakers sp ON sp.id = s.speaker_id`
		c, arg := speakerCond(q.Speaker)
		conds = append(conds, c)
		args = append(args, arg)
	}
	if q.About != "" {
		c, arg := aboutCond(q.About)
		conds = append(conds, c)
		args = append(args, arg)
	}
	conds, args = filters(q, conds, args)
	order := `rank, a.published DESC, s.id`
	if q.Sort == store.ByDate || match == "" {
		order = `a.published IS NULL, a.published DESC, rank, s.article_id, s.seq`
	}
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return s.query(ctx, `SELECT s.id, `+rank+` AS rank FROM `+from+where+` ORDER BY `+order+` LIMIT ?`, append(args, lim)...)
}

// key is a statement matched with what a search sorts it by.
type key struct {
	cand
	article   int64
	seq       int
	published sql.NullString
}

// keys returns the candidates with what they sort by, leaving out those published outside
// the days from to to (YYYY-MM-DD, "" for no bound): a newest-first search with few matches
// reads them whatever their date. The small indexes statements_key and articles_key hold all
// it reads.
func (s *DB) keys(ctx context.Context, cs []cand, from, to string) ([]key, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	ranks := make(map[int64]float64, len(cs))
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		if _, dup := ranks[c.id]; !dup {
			ids = append(ids, c.id)
		}
		ranks[c.id] = c.rank
	}
	b, _ := json.Marshal(ids)
	q := `SELECT s.id, s.article_id, s.seq, a.published FROM statements s INDEXED BY statements_key
		JOIN articles a INDEXED BY articles_key ON a.id = s.article_id WHERE s.id IN (SELECT value FROM json_each(?))`
	args := []any{string(b)}
	if from != "" {
		q += ` AND substr(a.published, 1, 10) >= ?`
		args = append(args, from)
	}
	if to != "" {
		q += ` AND substr(a.published, 1, 10) <= ?`
		args = append(args, to)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := make([]key, 0, len(ids))
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.article, &k.seq, &k.published); err != nil {
			return nil, err
		}
		k.rank = ranks[k.id]
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// sortKeys sorts keys in the order of a search: best match first, then newest, then by ID;
// or, byDate, newest first (undated last), then best match, then in article order. Dates
// compare as SQLite compares them, as text, NULL below any.
func sortKeys(keys []key, byDate bool) {
	newer := func(a, b sql.NullString) int {
		if a.Valid != b.Valid {
			if a.Valid {
				return -1
			}
			return 1
		}
		return -strings.Compare(a.String, b.String)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if byDate {
			return cmp.Or(newer(a.published, b.published), cmp.Compare(a.rank, b.rank),
				cmp.Compare(a.article, b.article), cmp.Compare(a.seq, b.seq))
		}
		return cmp.Or(cmp.Compare(a.rank, b.rank), newer(a.published, b.published), cmp.Compare(a.id, b.id))
	})
}

// hits returns the statements of keys, in their order, with their articles, snippets (the
// words matching the FTS5 query match marked) and what they are about.
func (s *DB) hits(ctx context.Context, keys []key, match string) ([]store.Hit, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	b, _ := json.Marshal(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT `+statementCols+`, a.title, coalesce(a.outlet, ''), coalesce(a.url, ''),
		a.published FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.id IN (SELECT value FROM json_each(?))`,
		string(b))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]store.Hit, len(keys))
	for rows.Next() {
		var h store.Hit
		var pub sql.NullString
		if err := scanStatement(rows, &h.Statement, &h.Title, &h.Outlet, &h.URL, &pub); err != nil {
			rows.Close()
			return nil, err
		}
		h.Published = parseTime(pub)
		h.Snippet = h.Content
		byID[h.ID] = h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hits := make([]store.Hit, 0, len(keys))
	for _, k := range keys {
		if h, ok := byID[k.id]; ok {
			h.Rank = k.rank
			hits = append(hits, h)
		}
	}
	if match != "" {
		if err := s.snippets(ctx, hits, match); err != nil {
			return nil, err
		}
	}
	if err := s.hitsAbout(ctx, hits); err != nil {
		return nil, err
	}
	return hits, nil
}

// snippets sets the snippet of each hit: its content with the words matching the FTS5
// query match in [brackets].
func (s *DB) snippets(ctx context.Context, hits []store.Hit, match string) error {
	rows := make([][]any, len(hits))
	for i, h := range hits {
		rows[i] = []any{h.ID, h.Content}
	}
	sn, err := s.snippetsOf(ctx, statementSnippets, rows, match)
	for i := range hits {
		if x, ok := sn[hits[i].ID]; ok {
			hits[i].Snippet = x
		}
	}
	return err
}

// snippetTable is a temporary full-text table that makes snippets.
type snippetTable struct {
	name   string // of the full-text table; its rows are in name_rows
	cols   string // its columns, as in CREATE VIRTUAL TABLE
	column int    // the column snippets are made of
}

var (
	statementSnippets = snippetTable{"snip_statements", "content", 0}
	articleSnippets   = snippetTable{"snip_articles", "title, text", 1}
)

// snippetsOf returns the snippets of rows (an ID, then the value of each column of t) for the
// FTS5 query match, by ID; a row that does not match has none.
//
// FTS5 makes a snippet only of a row its query is on, and finding a given row of a common word
// in a large index costs up to a millisecond (every segment of the index is sought), while a
// snippet depends only on the row and the query. So the rows are put in a temporary full-text
// table with the same tokenizer, and the query run there. The table is in the connection's
// temporary database, in memory (temp_store), written while the main database is only read;
// the connection is held throughout, so that searches running at once do not mix their rows.
func (s *DB) snippetsOf(ctx context.Context, t snippetTable, rows [][]any, match string) (map[int64]string, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ncols := strings.Count(t.cols, ",") + 1
	vals := make([]string, ncols)
	for i := range vals {
		vals[i] = fmt.Sprintf("value ->> %d", i+1)
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return nil, err
	}
	fill := []string{
		// An external-content table empties at once ('delete-all'); a plain one would
		// tokenize its old rows again to delete them.
		`INSERT INTO temp.` + t.name + `(` + t.name + `) VALUES ('delete-all')`,
		`DELETE FROM temp.` + t.name + `_rows`,
		`INSERT INTO temp.` + t.name + `_rows SELECT value ->> 0, ` + strings.Join(vals, ", ") + ` FROM json_each(?)`,
		`INSERT INTO temp.` + t.name + `(rowid, ` + t.cols + `) SELECT * FROM temp.` + t.name + `_rows`,
	}
	for i, q := range fill {
		var args []any
		if strings.Contains(q, "?") {
			args = []any{string(b)}
		}
		_, err := conn.ExecContext(ctx, q, args...)
		if err != nil && i == 0 && strings.Contains(err.Error(), "no such table") {
			// The connection's first snippets: make the tables, in its temporary database.
			for _, c := range []string{
				`CREATE TABLE temp.` + t.name + `_rows(id INTEGER PRIMARY KEY, ` + t.cols + `)`,
				`CREATE VIRTUAL TABLE temp.` + t.name + ` USING fts5(` + t.cols + `, content='` + t.name + `_rows',
					content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')`,
			} {
				if _, err := conn.ExecContext(ctx, c); err != nil {
					return nil, err
				}
			}
			err = nil
		}
		if err != nil {
			return nil, err
		}
	}
	res, err := conn.QueryContext(ctx, `SELECT rowid, snippet(`+t.name+`, `+strconv.Itoa(t.column)+`, '[', ']', '…', 24)
		FROM temp.`+t.name+` WHERE `+t.name+` MATCH ?`, match)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	out := make(map[int64]string, len(rows))
	for res.Next() {
		var id int64
		var sn string
		if err := res.Scan(&id, &sn); err != nil {
			return nil, err
		}
		out[id] = sn
	}
	return out, res.Err()
}
