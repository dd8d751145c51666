package input

import (
	"encoding/json"
	"fmt"
	nurl "net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// htmlPage reads content as one web page.
func htmlPage(base Article, content string, emit func(*Article, error)) {
	a, err := extractHTML(base, content, pageHints{})
	emit(a, err)
}

// pageHints is what a container knows of a page: the address it was fetched from, the HTTP
// Content-Type (for the charset) and a date to fall back on (the time it was fetched).
type pageHints struct {
	url, contentType string
	date             time.Time
}

// extractHTML extracts the article of one web page: its main text with go-trafilatura (and
// go-readability when trafilatura finds none), its title, date, author, site name and address
// from the page's metadata. A panic inside an extractor becomes an error: one strange page
// must not stop a run.
func extractHTML(base Article, content string, hint pageHints) (a *Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, fmt.Errorf("internal error in HTML extraction: %v", p)
		}
	}()
	if strings.TrimSpace(strings.TrimPrefix(content, bom)) == "" {
		return nil, ErrEmpty
	}
	if binary(content) {
		return nil, ErrBinary
	}
	doc, err := parseHTML(content, hint.contentType)
	if err != nil {
		return nil, &reason{fmt.Sprintf("malformed HTML: %v", err), ErrMalformed}
	}
	var pageURL *nurl.URL
	if hint.url != "" {
		if u, err := nurl.Parse(hint.url); err == nil && u.IsAbs() {
			pageURL = u
		}
	}

	var (
		title, author, site, url string
		date                     time.Time
		paras                    []string
	)
	// go-readability runs first: trafilatura compares its own result with it (the
	// comparison of trafilatura's fallback mode, which by itself would run the older
	// go-shiori readability and DOM Distiller, slower and no better here), and it is the
	// fallback when trafilatura finds nothing.
	ra, rerr := readability.FromDocument(doc, pageURL)
	candidate := ra.Node
	if rerr != nil || candidate == nil {
		candidate = &html.Node{Type: html.ElementNode, Data: "div"} // nothing: never chosen
	}
	res, terr := trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL:        pageURL,
		ExcludeComments:    true,             // readers' comments are not the article
		HtmlDateMode:       trafilatura.Fast, // the page's own date metadata is read below
		EnableFallback:     true,
		FallbackCandidates: &trafilatura.FallbackCandidates{Readability: candidate, Distiller: candidate},
	})
	if terr == nil && res != nil {
		m := res.Metadata
		title, author, site, url, date = m.Title, m.Author, m.Sitename, m.URL, m.Date
		paras = paragraphs(res.ContentNode)
	}
	if !hasWords(paras) {
		if rerr == nil && ra.Node != nil {
			paras = paragraphs(ra.Node)
			title = first(title, ra.Title())
			author = first(author, ra.Byline())
			site = first(site, ra.SiteName())
			if t, err := ra.PublishedTime(); err == nil && date.IsZero() {
				date = t
			}
		}
		if !hasWords(paras) {
			if terr != nil {
				return nil, &reason{fmt.Sprintf("%v (trafilatura: %v)", ErrNoText, terr), ErrNoText}
			}
			return nil, ErrNoText
		}
	}
	if t, ok := pageDate(doc); ok {
		date = t // the page's own metadata, which keeps the time of day
	}
	if date.IsZero() {
		date = hint.date
	}
	a = &base
	a.Title, a.Text = compose(clean(title), paras)
	a.Author, a.Outlet = clean(author), clean(site)
	a.URL = first(hint.url, url)
	a.Published = date
	return a, nil
}

// first returns the first of its arguments that is not blank.
func first(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// clean collapses the whitespace of a metadata value and makes it valid UTF-8.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// compose lays out an extracted article as plain-text articles are: the title as the first
// paragraph, then the paragraphs, separated by blank lines. A first paragraph that repeats
// the title is dropped. Without a title, the first paragraph serves as one. It returns the
// title as Article.Title has it (the first paragraph, whitespace collapsed) and the text.
func compose(title string, paras []string) (string, string) {
	for len(paras) > 0 && title != "" && strings.EqualFold(clean(paras[0]), title) {
		paras = paras[1:]
	}
	var sb strings.Builder
	if title != "" {
		sb.WriteString(title)
		sb.WriteString("\n\n")
	}
	for i, p := range paras {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		sb.WriteString(p)
	}
	sb.WriteByte('\n')
	text := sb.String()
	return headline(text), text
}

// hasWords reports whether any paragraph holds a letter or digit.
func hasWords(paras []string) bool {
	for _, p := range paras {
		if strings.IndexFunc(p, isWordRune) >= 0 {
			return true
		}
	}
	return false
}

// parseHTML decodes content to UTF-8 — by its byte order mark, the HTTP Content-Type, its
// <meta charset>, or else UTF-8 if it is valid UTF-8 and Windows-1252 if not — and parses it.
func parseHTML(content, contentType string) (*html.Node, error) {
	enc, name, certain := charset.DetermineEncoding([]byte(content[:min(len(content), 4096)]), contentType)
	if name == "utf-8" && !certain && !utf8.ValidString(content) {
		enc, _ = charset.Lookup("windows-1252")
		name = "windows-1252"
	}
	if name != "utf-8" && enc != nil {
		if s, err := enc.NewDecoder().String(content); err == nil {
			content = s
		}
	}
	content = strings.ToValidUTF8(content, "\uFFFD")
	return html.Parse(strings.NewReader(content))
}

// Element classes for paragraphs.
const (
	elemBlock  = iota // breaks paragraphs before and after (the default)
	elemInline        // runs on within a paragraph
	elemSkip          // holds no article text
	elemBreak         // a line break
	elemCell          // a table cell: separated from its neighbours by a space
)

var elemClass = map[string]int{}

func init() {
	for _, t := range strings.Fields(`a abbr acronym b bdi bdo big cite code data del dfn em font i
		ins kbd label mark nobr q s samp small span strike strong sub sup time tt u var wbr hi ref
		img picture source`) {
		elemClass[t] = elemInline
	}
	for _, t := range strings.Fields(`script style noscript template head title svg math iframe
		object embed canvas video audio select option textarea button input map`) {
		elemClass[t] = elemSkip
	}
	elemClass["br"], elemClass["lb"] = elemBreak, elemBreak
	elemClass["td"], elemClass["th"], elemClass["cell"] = elemCell, elemCell, elemCell
}

// paragraphs returns the text of the tree under n as paragraphs: one per block element
// (p, h1…h6, li, blockquote, tr, div…), whitespace collapsed. A single <br> is kept as a
// line break inside a paragraph; two or more in a row end the paragraph, as many sites
// separate paragraphs that way.
func paragraphs(n *html.Node) []string {
	if n == nil {
		return nil
	}
	var pb paraBuilder
	pb.walk(n)
	pb.flush()
	return pb.paras
}

type paraBuilder struct {
	paras []string
	cur   strings.Builder
	space bool // whitespace seen since the last character written
	brs   int  // line breaks seen since the last character written
}

func (pb *paraBuilder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		pb.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	class := elemBlock
	if n.Type == html.ElementNode {
		class = elemClass[strings.ToLower(n.Data)]
	}
	switch class {
	case elemSkip:
		return
	case elemBreak:
		pb.brs++
		return
	case elemCell:
		pb.space = true
	case elemBlock:
		pb.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		pb.walk(c)
	}
	switch class {
	case elemCell:
		pb.space = true
	case elemBlock:
		pb.flush()
	}
}

func (pb *paraBuilder) text(s string) {
	for _, r := range s {
		switch {
		case r == '\u00AD', r == '\u200B', r == '\uFEFF': // soft hyphen, zero-width space, BOM
			continue
		case unicode.IsSpace(r):
			pb.space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if pb.cur.Len() > 0 {
			switch {
			case pb.brs >= 2:
				pb.flush()
			case pb.brs == 1:
				pb.cur.WriteByte('\n')
			case pb.space:
				pb.cur.WriteByte(' ')
			}
		}
		pb.space, pb.brs = false, 0
		pb.cur.WriteRune(r)
	}
}

// flush ends the current paragraph.
func (pb *paraBuilder) flush() {
	if pb.cur.Len() > 0 {
		pb.paras = append(pb.paras, pb.cur.String())
		pb.cur.Reset()
	}
	pb.space, pb.brs = false, 0
}

// htmlParagraphs returns the paragraphs of an HTML fragment, such as a feed item's
// description. A fragment without markup is plain text: its blank lines separate paragraphs.
func htmlParagraphs(s string) []string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.Contains(s, "<") {
		var paras []string
		for _, p := range strings.Split(strings.ReplaceAll(html.UnescapeString(s), "\r\n", "\n"), "\n\n") {
			if p = clean(p); p != "" {
				paras = append(paras, p)
			}
		}
		return paras
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil
	}
	return paragraphs(doc)
}

// pageDate returns the publication date a page states in its metadata — Open Graph
// article:published_time, JSON-LD datePublished, microdata and the common meta names — with
// its time of day and zone when given. (trafilatura's date is only a day.)
func pageDate(doc *html.Node) (time.Time, bool) {
	metas := map[string]string{}
	var ld []string
	var timeEl string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				var key, val string
				for _, at := range n.Attr {
					switch at.Key {
					case "property", "name", "itemprop":
						if key == "" {
							key = strings.ToLower(strings.TrimSpace(at.Val))
						}
					case "content", "datetime":
						val = at.Val
					}
				}
				if key != "" && val != "" {
					if _, ok := metas[key]; !ok {
						metas[key] = val
					}
				}
			case "script":
				for _, at := range n.Attr {
					if at.Key == "type" && strings.Contains(strings.ToLower(at.Val), "ld+json") && n.FirstChild != nil {
						ld = append(ld, n.FirstChild.Data)
					}
				}
			case "time":
				var dt string
				pub := false
				for _, at := range n.Attr {
					switch {
					case at.Key == "datetime":
						dt = at.Val
					case at.Key == "pubdate", at.Key == "itemprop" && at.Val == "datePublished":
						pub = true
					}
				}
				if pub && dt != "" && timeEl == "" {
					timeEl = dt
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	try := func(s string) (time.Time, bool) { return parseTime(s) }
	if t, ok := try(metas["article:published_time"]); ok {
		return t, true
	}
	for _, s := range ld {
		if t, ok := try(ldDate(s)); ok {
			return t, true
		}
	}
	if t, ok := try(metas["datepublished"]); ok {
		return t, true
	}
	if t, ok := try(timeEl); ok {
		return t, true
	}
	for _, k := range []string{"og:article:published_time", "og:published_time", "published_time",
		"article.published", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
		"dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date",
		"sailthru.date", "parsely-pub-date", "original-publish-date"} {
		if t, ok := try(metas[k]); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// ldDate returns the first datePublished in a JSON-LD script, searching @graph and nested
// objects.
func ldDate(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return ""
	}
	var find func(v any, depth int) string
	find = func(v any, depth int) string {
		if depth > 8 {
			return ""
		}
		switch x := v.(type) {
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok && d != "" {
				return d
			}
			for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
				if d := find(x[k], depth+1); d != "" {
					return d
				}
			}
		case []any:
			for _, e := range x {
				if d := find(e, depth+1); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return find(v, 0)
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC850,
	time.ANSIC,
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
}

// parseTime parses a date as pages, feeds and JSON Lines write it, keeping its time of day
// and zone.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if y := t.Year(); y < 1800 || y > 2200 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}
