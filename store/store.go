// Package store keeps analysed articles — their text, statements, speakers, entities and
// dates — in a database, and answers the questions asked of a collection: which statements
// say something (full-text search, by speaker, by what they are about, outlet and date), who
// is quoted most, what does one article say.
//
// Store is the contract; store/sqlite implements it on SQLite (modernc.org/sqlite, pure Go,
// FTS5 for search), and a PostgreSQL implementation is meant to satisfy it later. The tests of
// the contract live in store/storetest, so that every implementation runs the same ones.
//
// Offsets kept in a store are Unicode code points into Article.Text, end exclusive, as in
// whosaid's JSON output, so that a consumer in any language can slice the text with them.
//
// Putting is idempotent. An article is known by its URL, when it has one, and by the hash of
// its normalised text (ContentHash). Putting an article already stored (the same URL and text,
// or the same text under another or no URL) changes nothing; putting a changed article at a
// stored URL replaces the stored one — text, statements, entities and dates — keeping its ID.
// PutBatch puts many articles in one transaction: all of them are stored, or none.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/whosaid/whosaid/document"
)

// ErrNotFound is returned by lookups that find nothing.
var ErrNotFound = errors.New("not found")

// Store is a collection of analysed articles. Implementations are safe for concurrent use;
// they may run writes one at a time (the ingest writes from a single goroutine anyway).
type Store interface {
	// Put stores one article with everything found in it, in one transaction.
	Put(ctx context.Context, a *Article) (PutResult, error)
	// PutBatch stores articles in order in one transaction: all or none. Later articles of
	// the batch see the earlier ones (a duplicate inside the batch is a Duplicate).
	PutBatch(ctx context.Context, as []*Article) ([]PutResult, error)

	// Article returns the article with the given ID, with its statements, entities and dates.
	Article(ctx context.Context, id int64) (*Article, error)
	// ArticleByURL returns the article stored at url.
	ArticleByURL(ctx context.Context, url string) (*Article, error)
	// ArticleByHash returns the first stored article whose ContentHash is hash.
	ArticleByHash(ctx context.Context, hash string) (*Article, error)

	// Search returns statements whose content matches q.Text (all of its words; "quoted
	// phrases"; word* for a prefix; OR between alternatives), filtered by speaker, by an
	// entity they are about, outlet and publication date. With an empty q.Text it returns
	// every statement the filters keep.
	Search(ctx context.Context, q Query) ([]Hit, error)
	// SearchArticles returns articles whose title or text matches q.Text, with the same
	// filters (q.Speaker keeps articles quoting that speaker, q.About articles with a
	// statement about that entity).
	SearchArticles(ctx context.Context, q Query) ([]ArticleHit, error)
	// Speakers returns speakers by number of statements, most quoted first. Speakers are
	// counted by normalised name (NormName): one name stored with several types is one
	// speaker, of its most frequent type other than unknown.
	Speakers(ctx context.Context, q SpeakersQuery) ([]SpeakerStat, error)
	// Counts returns the number of rows of each kind.
	Counts(ctx context.Context) (Counts, error)

	Close() error
}

// Outcome is what Put did with an article.
type Outcome int

// The outcomes of Put.
const (
	New       Outcome = iota + 1 // stored as a new article
	Updated                      // replaced the article stored at the same URL, whose text differed
	Unchanged                    // the same URL was stored with the same text: nothing changed
	Duplicate                    // the same text was stored (under another URL or none): nothing changed
)

func (o Outcome) String() string {
	switch o {
	case New:
		return "new"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	case Duplicate:
		return "duplicate"
	}
	return "unknown"
}

// PutResult is the outcome of putting one article and the ID of the stored article it
// concerns (for a Duplicate, the article already stored).
type PutResult struct {
	ID      int64
	Outcome Outcome
}

// Article is one analysed article.
type Article struct {
	ID           int64     // assigned by the store; ignored by Put
	URL          string    // canonical address; "" when unknown
	Hash         string    // ContentHash(Text); Put computes it when empty
	Title        string    //
	Outlet       string    // "" when unknown
	Published    time.Time // zero when unknown
	SourcePath   string    // the input it was read from, as named on the command line
	SourceRecord string    // the record within a container (WARC record, JSON Lines line), or ""
	Text         string    // the text analysed; every offset points into it
	IngestedAt   time.Time // set by the store

	Statements []Statement
	Entities   []Entity
	Dates      []Date
}

// Span is a half-open range [Start, End) of code points of Article.Text.
type Span struct {
	Start, End int
}

// Mention is a span with its text.
type Mention struct {
	Text       string
	Start, End int
}

// Statement is one attributed statement.
type Statement struct {
	ID           int64 // assigned by the store
	ArticleID    int64 // assigned by the store
	Kind         string
	SpeakerName  string   // "" when the text names no speaker
	SpeakerType  string   // person, organization, place, other, unknown
	Source       *Mention // the words naming the speaker; nil when none
	Cue          *Mention // the reporting words; nil when none
	Content      string   // the words said, spans joined by a space
	ContentSpans []Span
	Date         string // TIMEX3 value of when it was said; "" when the text does not say
	Continues    int    // index (in the article's statements) of the statement this one continues, or -1
	Rule         string // the rule that found it
	About        []int  // indices (into Article.Entities) of the entities the content names, in order of first mention; nil when none
}

// Entity is a named entity of an article with its mentions.
type Entity struct {
	Name     string
	Type     string
	Mentions []Span
}

// Date is a temporal expression of an article.
type Date struct {
	Text       string
	Value      string
	Type       string
	Start, End int
}

// Sort orders search results.
type Sort int

// The orders of search results.
const (
	ByRank Sort = iota // best match first
	ByDate             // newest article first (undated last), then best match
)

// Query selects statements (or articles).
type Query struct {
	Text    string    // the words searched for; "" for every statement the filters keep
	Speaker string    // keep statements of speakers whose normalised name is, or contains as whole words, NormName(Speaker)
	About   string    // keep statements about an entity whose normalised name is, or contains as whole words, NormName(About)
	Outlet  string    // keep articles of this outlet (letter case ignored)
	From    time.Time // keep articles published on or after this day; zero for no bound
	To      time.Time // keep articles published on or before this day; zero for no bound
	Limit   int       // at most this many results; 0 means 20
	Sort    Sort
}

// Hit is a statement found by Search, with its article's metadata.
type Hit struct {
	Statement
	Title     string
	Outlet    string
	URL       string
	Published time.Time
	Snippet   string  // the content with the matched words in [brackets]; the content when Text is ""
	Rank      float64 // lower is better (bm25); 0 when Text is ""
	// AboutEntities are the entities of Statement.About, in its order, with their name and
	// type (no mentions): Statement.About indexes the article's entities, which a hit lacks.
	AboutEntities []Entity
}

// ArticleHit is an article found by SearchArticles.
type ArticleHit struct {
	ID         int64
	Title      string
	Outlet     string
	URL        string
	Published  time.Time
	Statements int
	Snippet    string
	Rank       float64
}

// SpeakersQuery selects speakers.
type SpeakersQuery struct {
	Top    int    // at most this many; 0 means 20
	Outlet string // count only statements in articles of this outlet
}

// SpeakerStat is a speaker with the figures of its statements: the statements of every
// speaker with its normalised name, whatever their type.
type SpeakerStat struct {
	Name        string // the name as first met, of the speaker of type Type
	Type        string // its most frequent type other than unknown; unknown when every statement says so
	Statements  int
	Articles    int
	Outlets     []string  // distinct outlets quoting the speaker, sorted
	First, Last time.Time // publication dates of the first and last dated article quoting the speaker; zero when none is dated
}

// Counts are the numbers of rows in a store.
type Counts struct {
	Articles, Statements, Speakers, Entities, Mentions, Dates int
	About                                                     int // links of statements to the entities they are about
}

// ContentHash is the hex SHA-256 of text normalised: Unicode NFC, every run of white space
// one space, no white space at either end. Two copies of an article that differ only in line
// breaks or spacing have the same hash.
func ContentHash(text string) string {
	h := sha256.Sum256([]byte(NormText(text)))
	return hex.EncodeToString(h[:])
}

// NormText is the text ContentHash hashes.
func NormText(text string) string {
	text = norm.NFC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NormName is the key under which speakers are counted: lower case, NFC, white space runs as
// one space, punctuation at either end removed ("Jane  Alder," and "jane alder" are one).
func NormName(name string) string {
	name = strings.ToLower(NormText(name))
	return strings.TrimFunc(name, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) })
}

// FromDoc converts an analysed document into an Article, its byte offsets into code points.
// sourcePath and record name where it was read from (record "" for a single-article input).
func FromDoc(d *document.Doc, sourcePath, record string) *Article {
	a := &Article{
		URL: d.URL, Title: d.Title, Outlet: d.Outlet, Published: d.Published,
		SourcePath: sourcePath, SourceRecord: record, Text: d.Text, Hash: ContentHash(d.Text),
		Statements: make([]Statement, 0, len(d.Statements)),
		Entities:   make([]Entity, 0, len(d.Entities)),
		Dates:      make([]Date, 0, len(d.Dates)),
	}
	mention := func(sp document.Span) *Mention {
		if sp.Empty() {
			return nil
		}
		return &Mention{Text: d.Slice(sp), Start: d.Runes(sp.Start), End: d.Runes(sp.End)}
	}
	for _, st := range d.Statements {
		s := Statement{
			Kind: string(st.Kind), SpeakerName: st.Speaker.Name, SpeakerType: string(st.Speaker.Type),
			Source: mention(st.Source), Cue: mention(st.Cue), Date: st.Date, Continues: st.Continues, Rule: st.Rule,
			About: slices.Clone(st.About),
		}
		if s.SpeakerType == "" {
			s.SpeakerType = string(document.Unknown)
		}
		parts := make([]string, 0, len(st.Content))
		for _, sp := range st.Content {
			parts = append(parts, d.Slice(sp))
			s.ContentSpans = append(s.ContentSpans, Span{d.Runes(sp.Start), d.Runes(sp.End)})
		}
		s.Content = strings.Join(parts, " ")
		a.Statements = append(a.Statements, s)
	}
	for _, e := range d.Entities {
		je := Entity{Name: e.Name, Type: string(e.Type), Mentions: make([]Span, 0, len(e.Mentions))}
		for _, m := range e.Mentions {
			je.Mentions = append(je.Mentions, Span{d.Runes(m.Start), d.Runes(m.End)})
		}
		a.Entities = append(a.Entities, je)
	}
	for _, t := range d.Dates {
		a.Dates = append(a.Dates, Date{Text: d.Slice(t.Span), Value: t.Value, Type: t.Type, Start: d.Runes(t.Start), End: d.Runes(t.End)})
	}
	return a
}
