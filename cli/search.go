package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/store/sqlite"
)

// openStore opens an existing database for the query commands.
func openStore(env Env, path string) (*sqlite.DB, bool) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(env.Stderr, "whosaid: no database at %s: run 'whosaid ingest' first, or give --db\n", path)
		} else {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		}
		return nil, false
	}
	db, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return nil, false
	}
	return db, true
}

// parseFlags parses args, returning the exit status to stop with (and ok false) on an error
// or -h.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// splitArgs separates the flags of fs from the other arguments, wherever they stand: flags
// may follow a query, and a query word may start with '-' ("-budget") when it is not one of
// the flags. Everything after "--" is an argument.
func splitArgs(fs *flag.FlagSet, args []string) (flags, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(rest, args[i+1:]...)
		}
		name, hasValue := strings.CutPrefix(a, "--")
		if !hasValue {
			name, hasValue = strings.CutPrefix(a, "-")
		}
		name, _, eq := strings.Cut(name, "=")
		f := fs.Lookup(name)
		if !hasValue || name == "" || (f == nil && name != "h" && name != "help") {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); f != nil && !eq && !(ok && bf.IsBoolFlag()) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, rest
}

// parseDay reads YYYY-MM-DD, YYYY-MM or YYYY: the first day of the period, or with end the
// last.
func parseDay(s string, end bool) (time.Time, error) {
	for _, l := range []struct {
		layout string
		years  int
		months int
	}{{"2006-01-02", 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if end && (l.years > 0 || l.months > 0) {
			t = t.AddDate(l.years, l.months, -1)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func validFormat(env Env, f string) bool {
	switch f {
	case "text", "json", "jsonl", "csv":
		return true
	}
	fmt.Fprintf(env.Stderr, "whosaid: --format %q: want text, json, jsonl or csv\n", f)
	return false
}

// encodeAll writes rows as a JSON array (json) or one object per line (jsonl).
func encodeAll[T any](w io.Writer, format string, rows []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if format == "jsonl" {
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	enc.SetIndent("", "  ")
	if rows == nil {
		rows = []T{}
	}
	return enc.Encode(rows)
}

func runSearch(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dbPath := fs.String("db", defaultDB, "the database `FILE`")
	speaker := fs.String("speaker", "", "only statements of this speaker (the name, or whole words of it: --speaker alder)")
	about := fs.String("about", "", "only statements about this `NAME`: an entity their content names (matched like --speaker)")
	from := fs.String("from", "", "only articles published on or after this `DATE` (YYYY-MM-DD, YYYY-MM or YYYY)")
	to := fs.String("to", "", "only articles published on or before this `DATE`")
	outlet := fs.String("outlet", "", "only articles of this outlet")
	limitN := fs.Int("limit", 20, "at most this many results")
	sortBy := fs.String("sort", "rank", "order: rank (best match first) or date (newest first)")
	format := fs.String("format", "text", "output format: text, json, jsonl or csv")
	articles := fs.Bool("articles", false, "search the articles' text and list articles, not statements")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: whosaid search [options] QUERY\n\n"+
			"Finds the stored statements whose words match QUERY: every word must occur (\"bridge council\"),\n"+
			"\"quoted words\" as a phrase, word* as a prefix, OR between alternatives, -word must not occur.\n"+
			"Words match their other forms (bridge, bridges) and ignore accents. QUERY may be left out\n"+
			"when --speaker, --about, --outlet, --from or --to say what to list. Flags may follow QUERY.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	flagArgs, words := splitArgs(fs, args)
	if code, ok := parseFlags(fs, flagArgs); !ok {
		return code
	}
	q := store.Query{Text: strings.Join(words, " "), Speaker: *speaker, About: *about, Outlet: *outlet, Limit: *limitN}
	if q.Text == "" && q.Speaker == "" && q.About == "" && q.Outlet == "" && *from == "" && *to == "" {
		fs.Usage()
		return 2
	}
	var err error
	if *from != "" {
		if q.From, err = parseDay(*from, false); err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: --from %v\n", err)
			return 2
		}
	}
	if *to != "" {
		if q.To, err = parseDay(*to, true); err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: --to %v\n", err)
			return 2
		}
	}
	switch *sortBy {
	case "rank":
	case "date":
		q.Sort = store.ByDate
	default:
		fmt.Fprintf(env.Stderr, "whosaid: --sort %q: want rank or date\n", *sortBy)
		return 2
	}
	if !validFormat(env, *format) {
		return 2
	}
	db, ok := openStore(env, *dbPath)
	if !ok {
		return 1
	}
	defer db.Close()
	if *articles {
		hits, err := db.SearchArticles(ctx, q)
		if err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 1
		}
		if err := writeArticleHits(env.Stdout, *format, hits); err != nil {
			fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
			return 1
		}
		return 0
	}
	hits, err := db.Search(ctx, q)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	if err := writeHits(env.Stdout, *format, hits); err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	return 0
}

// hitJSON is the JSON form of a statement found.
type hitJSON struct {
	ArticleID   int64              `json:"article_id"`
	StatementID int64              `json:"statement_id"`
	Published   *string            `json:"published"`
	Outlet      *string            `json:"outlet"`
	Title       string             `json:"title"`
	URL         *string            `json:"url"`
	Speaker     output.Speaker     `json:"speaker"`
	Kind        string             `json:"kind"`
	Cue         *string            `json:"cue"`
	Content     string             `json:"content"`
	Snippet     string             `json:"snippet"`
	Date        *string            `json:"date"`
	About       []output.EntityRef `json:"about"`
	Rank        float64            `json:"rank"`
}

// aboutRefs is what a statement is about, in the JSON form; never nil.
func aboutRefs(es []store.Entity) []output.EntityRef {
	refs := make([]output.EntityRef, 0, len(es))
	for _, e := range es {
		refs = append(refs, output.EntityRef{Name: e.Name, Type: e.Type})
	}
	return refs
}

// aboutNames is the names of es joined by sep.
func aboutNames(es []store.Entity, sep string) string {
	ns := make([]string, 0, len(es))
	for _, e := range es {
		ns = append(ns, e.Name)
	}
	return strings.Join(ns, sep)
}

func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func writeHits(w io.Writer, format string, hits []store.Hit) error {
	switch format {
	case "json", "jsonl":
		rows := make([]hitJSON, 0, len(hits))
		for _, h := range hits {
			r := hitJSON{ArticleID: h.ArticleID, StatementID: h.ID, Published: optStr(day(h.Published)),
				Outlet: optStr(h.Outlet), Title: h.Title, URL: optStr(h.URL),
				Speaker: output.Speaker{Name: optStr(h.SpeakerName), Type: h.SpeakerType},
				Kind:    h.Kind, Content: h.Content, Snippet: h.Snippet, Date: optStr(h.Date), About: aboutRefs(h.AboutEntities), Rank: h.Rank}
			if h.Cue != nil {
				r.Cue = &h.Cue.Text
			}
			rows = append(rows, r)
		}
		return encodeAll(w, format, rows)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"article_id", "statement_id", "published", "outlet", "speaker", "speaker_type", "kind", "cue", "content", "date", "title", "url", "about"})
		for _, h := range hits {
			cue := ""
			if h.Cue != nil {
				cue = h.Cue.Text
			}
			cw.Write([]string{strconv.FormatInt(h.ArticleID, 10), strconv.FormatInt(h.ID, 10), day(h.Published), h.Outlet,
				h.SpeakerName, h.SpeakerType, h.Kind, cue, h.Content, h.Date, h.Title, h.URL, aboutNames(h.AboutEntities, "; ")})
		}
		cw.Flush()
		return cw.Error()
	}
	var b strings.Builder
	if len(hits) == 0 {
		b.WriteString("no statement found\n")
	}
	for i, h := range hits {
		if i > 0 {
			b.WriteByte('\n')
		}
		who := h.SpeakerName
		if who == "" {
			who = "(no speaker named)"
		} else {
			who += " (" + h.SpeakerType + ")"
		}
		meta := []string{fmt.Sprintf("article %d", h.ArticleID)}
		if d := day(h.Published); d != "" {
			meta = append(meta, d)
		}
		if h.Outlet != "" {
			meta = append(meta, h.Outlet)
		}
		cue := ""
		if h.Cue != nil {
			cue = ", " + strconv.Quote(h.Cue.Text)
		}
		fmt.Fprintf(&b, "%s — %s, %s%s\n", strings.Join(meta, " · "), who, h.Kind, cue)
		fmt.Fprintf(&b, "    %s\n", oneLine(h.Snippet))
		if len(h.AboutEntities) > 0 {
			fmt.Fprintf(&b, "    about: %s\n", oneLine(aboutNames(h.AboutEntities, ", ")))
		}
		if h.Title != "" {
			fmt.Fprintf(&b, "    in: %s\n", oneLine(h.Title))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine collapses white space runs, line breaks included, to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

type articleHitJSON struct {
	ID         int64   `json:"id"`
	Published  *string `json:"published"`
	Outlet     *string `json:"outlet"`
	Title      string  `json:"title"`
	URL        *string `json:"url"`
	Statements int     `json:"statements"`
	Snippet    string  `json:"snippet"`
	Rank       float64 `json:"rank"`
}

func writeArticleHits(w io.Writer, format string, hits []store.ArticleHit) error {
	switch format {
	case "json", "jsonl":
		rows := make([]articleHitJSON, 0, len(hits))
		for _, h := range hits {
			rows = append(rows, articleHitJSON{ID: h.ID, Published: optStr(day(h.Published)), Outlet: optStr(h.Outlet),
				Title: h.Title, URL: optStr(h.URL), Statements: h.Statements, Snippet: h.Snippet, Rank: h.Rank})
		}
		return encodeAll(w, format, rows)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"id", "published", "outlet", "title", "url", "statements", "snippet"})
		for _, h := range hits {
			cw.Write([]string{strconv.FormatInt(h.ID, 10), day(h.Published), h.Outlet, h.Title, h.URL, strconv.Itoa(h.Statements), h.Snippet})
		}
		cw.Flush()
		return cw.Error()
	}
	var b strings.Builder
	if len(hits) == 0 {
		b.WriteString("no article found\n")
	}
	for _, h := range hits {
		meta := []string{fmt.Sprintf("article %d", h.ID)}
		if d := day(h.Published); d != "" {
			meta = append(meta, d)
		}
		if h.Outlet != "" {
			meta = append(meta, h.Outlet)
		}
		meta = append(meta, fmt.Sprintf("%d statements", h.Statements))
		fmt.Fprintf(&b, "%s — %s\n    %s\n", strings.Join(meta, " · "), oneLine(h.Title), oneLine(h.Snippet))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func runSpeakers(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("speakers", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dbPath := fs.String("db", defaultDB, "the database `FILE`")
	top := fs.Int("top", 20, "list this many speakers")
	outlet := fs.String("outlet", "", "count only statements in articles of this outlet")
	format := fs.String("format", "text", "output format: text, json, jsonl or csv")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: whosaid speakers [options]\n\n"+
			"Lists the most quoted speakers of the database: statements, articles, outlets, and the\n"+
			"publication dates of the first and last article quoting them.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "whosaid: speakers takes no arguments (got %q)\n", fs.Args())
		return 2
	}
	if !validFormat(env, *format) {
		return 2
	}
	db, ok := openStore(env, *dbPath)
	if !ok {
		return 1
	}
	defer db.Close()
	sp, err := db.Speakers(ctx, store.SpeakersQuery{Top: *top, Outlet: *outlet})
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	if err := writeSpeakers(env.Stdout, *format, sp); err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	return 0
}

type speakerJSON struct {
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Statements int      `json:"statements"`
	Articles   int      `json:"articles"`
	Outlets    []string `json:"outlets"`
	First      *string  `json:"first"`
	Last       *string  `json:"last"`
}

func writeSpeakers(w io.Writer, format string, sp []store.SpeakerStat) error {
	switch format {
	case "json", "jsonl":
		rows := make([]speakerJSON, 0, len(sp))
		for _, s := range sp {
			rows = append(rows, speakerJSON{Name: s.Name, Type: s.Type, Statements: s.Statements, Articles: s.Articles,
				Outlets: append([]string{}, s.Outlets...), First: optStr(day(s.First)), Last: optStr(day(s.Last))})
		}
		return encodeAll(w, format, rows)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"name", "type", "statements", "articles", "outlets", "first", "last"})
		for _, s := range sp {
			cw.Write([]string{s.Name, s.Type, strconv.Itoa(s.Statements), strconv.Itoa(s.Articles),
				strings.Join(s.Outlets, "; "), day(s.First), day(s.Last)})
		}
		cw.Flush()
		return cw.Error()
	}
	if len(sp) == 0 {
		_, err := io.WriteString(w, "no speaker found\n")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "statements  articles\tfirst\tlast\tspeaker\ttype\toutlets")
	for _, s := range sp {
		f, l := day(s.First), day(s.Last)
		if f == "" {
			f, l = "-", "-"
		}
		fmt.Fprintf(tw, "%10d  %8d\t%s\t%s\t%s\t%s\t%s\n", s.Statements, s.Articles, f, l, s.Name, s.Type, strings.Join(s.Outlets, ", "))
	}
	return tw.Flush()
}

func runShow(ctx context.Context, env Env, args []string) int {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dbPath := fs.String("db", defaultDB, "the database `FILE`")
	format := fs.String("format", "text", "output format: text (the article with its statements marked) or json")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: whosaid show [options] ID\n\n"+
			"Prints a stored article (its ID as 'whosaid search' lists it) with its statements marked:\n"+
			"in the text, [1 what was said 1] for statement 1, then the list of statements.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	flagArgs, ids := splitArgs(fs, args)
	if code, ok := parseFlags(fs, flagArgs); !ok {
		return code
	}
	if len(ids) != 1 {
		fs.Usage()
		return 2
	}
	id, err := strconv.ParseInt(ids[0], 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(env.Stderr, "whosaid: show: %q is not an article ID (a positive number)\n", ids[0])
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(env.Stderr, "whosaid: --format %q: want text or json\n", *format)
		return 2
	}
	db, ok := openStore(env, *dbPath)
	if !ok {
		return 1
	}
	defer db.Close()
	a, err := db.Article(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(env.Stderr, "whosaid: no article %d in %s\n", id, *dbPath)
		return 1
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(articleJSON(a))
	} else {
		_, err = io.WriteString(env.Stdout, showText(a))
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	return 0
}

// storedJSON is a stored article in the JSON shape of 'whosaid extract', with what the store
// adds: its ID in the database (the extract "id", the input it was read from, is "source").
type storedJSON struct {
	DBID       int64  `json:"db_id"`
	Hash       string `json:"hash"`
	IngestedAt string `json:"ingested_at"`
	*output.Article
}

func articleJSON(a *store.Article) storedJSON {
	src := a.SourcePath
	if a.SourceRecord != "" {
		src += "#" + a.SourceRecord
	}
	o := &output.Article{ID: src, Title: a.Title, Outlet: optStr(a.Outlet), URL: optStr(a.URL), Published: optStr(day(a.Published)),
		Text: a.Text, Statements: []output.Statement{}, Entities: []output.Entity{}, Dates: []output.Date{}}
	mention := func(m *store.Mention) *output.Mention {
		if m == nil {
			return nil
		}
		return &output.Mention{Text: m.Text, Start: m.Start, End: m.End}
	}
	for _, s := range a.Statements {
		js := output.Statement{Kind: s.Kind, Speaker: output.Speaker{Name: optStr(s.SpeakerName), Type: s.SpeakerType},
			Source: mention(s.Source), Cue: mention(s.Cue), Date: optStr(s.Date), Rule: s.Rule,
			Content: output.Content{Text: s.Content}, About: []output.EntityRef{}}
		for _, e := range s.About {
			if e >= 0 && e < len(a.Entities) {
				js.About = append(js.About, output.EntityRef{Name: a.Entities[e].Name, Type: a.Entities[e].Type})
			}
		}
		if s.Continues >= 0 {
			c := s.Continues
			js.Continues = &c
		}
		for _, sp := range s.ContentSpans {
			js.Content.Spans = append(js.Content.Spans, [2]int{sp.Start, sp.End})
		}
		o.Statements = append(o.Statements, js)
	}
	for _, e := range a.Entities {
		je := output.Entity{Name: e.Name, Type: e.Type, Mentions: [][2]int{}}
		for _, m := range e.Mentions {
			je.Mentions = append(je.Mentions, [2]int{m.Start, m.End})
		}
		o.Entities = append(o.Entities, je)
	}
	for _, d := range a.Dates {
		o.Dates = append(o.Dates, output.Date{Text: d.Text, Value: d.Value, Type: d.Type, Start: d.Start, End: d.End})
	}
	return storedJSON{DBID: a.ID, Hash: a.Hash, IngestedAt: a.IngestedAt.Format(time.RFC3339), Article: o}
}

// showText is the article with the content of statement n marked "[n " … " n]" in its text,
// then its statements listed.
func showText(a *store.Article) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Article %d: %s\n", a.ID, oneLine(a.Title))
	var meta []string
	if d := day(a.Published); d != "" {
		meta = append(meta, "published "+d)
	}
	if a.Outlet != "" {
		meta = append(meta, "outlet "+a.Outlet)
	}
	if a.URL != "" {
		meta = append(meta, a.URL)
	}
	src := a.SourcePath
	if a.SourceRecord != "" {
		src += "#" + a.SourceRecord
	}
	meta = append(meta, "from "+src)
	fmt.Fprintf(&b, "%s\n\n", strings.Join(meta, " · "))

	type mark struct {
		at    int // code point offset
		close bool
		n     int
	}
	var marks []mark
	for i, s := range a.Statements {
		for _, sp := range s.ContentSpans {
			marks = append(marks, mark{sp.Start, false, i + 1}, mark{sp.End, true, i + 1})
		}
	}
	// At one offset, closing marks come first (the last opened first), then opening ones.
	slices.SortStableFunc(marks, func(x, y mark) int {
		if x.at != y.at {
			return x.at - y.at
		}
		if x.close != y.close {
			if x.close {
				return -1
			}
			return 1
		}
		if x.close {
			return y.n - x.n
		}
		return x.n - y.n
	})
	cp, mi := 0, 0
	for _, r := range a.Text {
		for ; mi < len(marks) && marks[mi].at == cp; mi++ {
			if marks[mi].close {
				fmt.Fprintf(&b, " %d]", marks[mi].n)
			} else {
				fmt.Fprintf(&b, "[%d ", marks[mi].n)
			}
		}
		b.WriteRune(r)
		cp++
	}
	for ; mi < len(marks); mi++ {
		if marks[mi].close {
			fmt.Fprintf(&b, " %d]", marks[mi].n)
		}
	}
	if !strings.HasSuffix(a.Text, "\n") {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "\nStatements (%d):\n", len(a.Statements))
	for i, s := range a.Statements {
		who := s.SpeakerName
		if who == "" {
			who = "(no speaker named)"
		} else {
			who += " (" + s.SpeakerType + ")"
		}
		var det []string
		det = append(det, s.Kind)
		if s.Source != nil && s.Source.Text != s.SpeakerName {
			det = append(det, "source "+strconv.Quote(s.Source.Text))
		}
		if s.Cue != nil {
			det = append(det, "cue "+strconv.Quote(s.Cue.Text))
		}
		if s.Date != "" {
			det = append(det, "date "+s.Date)
		}
		if s.Continues >= 0 {
			det = append(det, fmt.Sprintf("continues %d", s.Continues+1))
		}
		fmt.Fprintf(&b, "%3d  %s — %s\n     %s\n", i+1, who, strings.Join(det, ", "), oneLine(s.Content))
		var about []string
		for _, e := range s.About {
			if e >= 0 && e < len(a.Entities) {
				about = append(about, a.Entities[e].Name)
			}
		}
		if len(about) > 0 {
			fmt.Fprintf(&b, "     about: %s\n", oneLine(strings.Join(about, ", ")))
		}
	}
	return b.String()
}
