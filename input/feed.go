package input

import (
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
)

// feed reads content as an RSS, Atom, RDF or JSON feed: each item is an article. Its text
// comes from the item's full content (content:encoded, Atom content, JSON content_html or
// content_text) or else its description or summary; it is HTML, turned into paragraphs. The
// feed is parsed as it stands: nothing is fetched, neither the items' links nor the feed's.
func feed(base Article, content string, emit func(*Article, error)) {
	content = strings.TrimPrefix(content, bom)
	if strings.TrimSpace(content) == "" {
		emit(nil, ErrEmpty)
		return
	}
	if binary(content) {
		emit(nil, ErrBinary)
		return
	}
	f, err := parseFeed(content)
	if err != nil {
		emit(nil, &reason{fmt.Sprintf("malformed feed: %v", err), ErrMalformed})
		return
	}
	if len(f.Items) == 0 {
		emit(nil, &reason{"empty feed: no items", ErrEmpty})
		return
	}
	outlet := clean(f.Title)
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		a := base
		a.ID = fmt.Sprintf("%s#%d", base.ID, i+1)
		a.Name = fmt.Sprintf("%s-%d", base.Name, i+1)
		title := clean(strings.Join(htmlParagraphs(it.Title), " "))
		paras := htmlParagraphs(it.Content)
		if !hasWords(paras) {
			paras = htmlParagraphs(it.Description)
		}
		if !hasWords(paras) {
			emit(nil, fmt.Errorf("item %d %q: %w", i+1, title, ErrNoText))
			continue
		}
		a.Title, a.Text = compose(title, paras)
		a.URL = strings.TrimSpace(it.Link)
		a.Outlet = outlet
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			a.Author = clean(it.Authors[0].Name)
		}
		switch {
		case it.PublishedParsed != nil:
			a.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			a.Published = *it.UpdatedParsed
		}
		emit(&a, nil)
	}
}

// parseFeed parses a feed, turning a panic inside the parser into an error.
func parseFeed(content string) (f *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fmt.Errorf("internal error in the feed parser: %v", p)
		}
	}()
	return gofeed.NewParser().ParseString(content)
}
