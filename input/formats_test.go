package input

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// want describes one result of reading: an article (ID set) or an error (Err set).
type want struct {
	ID, Title, URL, Outlet, Author string
	Published                      string   // RFC 3339, "" for zero
	Text                           string   // exact text when set
	Has                            []string // substrings of the text
	Not                            []string // strings the text must not hold
	Err                            string   // substring of the error message
	Kind                           error    // errors.Is target of the error
}

// check compares what a Reader yields for paths with ws, in order.
func check(t *testing.T, paths []string, opt Options, ws []want) {
	t.Helper()
	r := Open(paths, opt)
	for i, w := range ws {
		a, err := r.Next()
		switch {
		case w.Err != "":
			if err == nil || !strings.Contains(err.Error(), w.Err) {
				t.Errorf("result %d: got %v, %v; want error %q", i, a, err, w.Err)
				continue
			}
			t.Logf("%v", err)
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("result %d: error %T is not *Error", i, err)
			}
			if w.Kind != nil && !errors.Is(err, w.Kind) {
				t.Errorf("result %d: errors.Is(%v, %v) = false", i, err, w.Kind)
			}
		case err != nil:
			t.Errorf("result %d: error %v, want article %s", i, err, w.ID)
		default:
			if a.ID != w.ID || a.Title != w.Title || a.URL != w.URL || a.Outlet != w.Outlet || a.Author != w.Author {
				t.Errorf("result %d: got ID %q Title %q URL %q Outlet %q Author %q\nwant ID %q Title %q URL %q Outlet %q Author %q",
					i, a.ID, a.Title, a.URL, a.Outlet, a.Author, w.ID, w.Title, w.URL, w.Outlet, w.Author)
			}
			pub := ""
			if !a.Published.IsZero() {
				pub = a.Published.Format(time.RFC3339)
			}
			if pub != w.Published {
				t.Errorf("%s: Published %s, want %s", a.ID, pub, w.Published)
			}
			if w.Text != "" && a.Text != w.Text {
				t.Errorf("%s: Text %q\nwant %q", a.ID, a.Text, w.Text)
			}
			for _, s := range w.Has {
				if !strings.Contains(a.Text, s) {
					t.Errorf("%s: text lacks %q:\n%s", a.ID, s, a.Text)
				}
			}
			for _, s := range w.Not {
				if strings.Contains(a.Text, s) {
					t.Errorf("%s: text holds %q:\n%s", a.ID, s, a.Text)
				}
			}
			if a.Title != headline(a.Text) {
				t.Errorf("%s: Title %q is not the first paragraph %q", a.ID, a.Title, headline(a.Text))
			}
		}
	}
	if a, err := r.Next(); err == nil || err.Error() != "EOF" {
		t.Errorf("after the expected results: %v, %v; want io.EOF", a, err)
	}
}

const pageText = "Council approves harbour plan\n\n" +
	"The local council on Thursday approved a plan to rebuild the old harbour wall, ending a dispute that has lasted more than three years between residents and the port authority.\n\n" +
	"“This is a good day for the harbour and for everyone who lives beside it,” the mayor, Joseph Camilleri, told reporters after the vote. He said work would begin in the autumn and last about two years.\n\n" +
	"Residents had complained for years that storms flooded the promenade.\nSome had threatened legal action against the authority.\n\n" +
	"“We waited a long time, but it was worth it,” said Anna Vella, who runs a café on the waterfront.\n\n" +
	"The port authority said in a statement that it welcomed the decision and would publish the tender documents next month. Opposition councillors voted against the plan, saying its cost had not been explained.\n"

// pageWant is what testdata/page.html reads as, less its ID.
func pageWant(id string) want {
	return want{ID: id, Title: "Council approves harbour plan", URL: "https://ledger.example/2017/03/30/harbour-plan",
		Outlet: "The Valletta Ledger", Author: "Maria Borg", Published: "2017-03-30T14:25:00+02:00", Text: pageText}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		want  []want
	}{
		{"html", []string{"testdata/page.html"}, []want{pageWant("testdata/page.html")}},
		{"rss", []string{"testdata/rss.xml"}, []want{
			{ID: "testdata/rss.xml#1", Title: "Council approves harbour plan", URL: "https://ledger.example/2017/03/30/harbour-plan",
				Outlet: "The Valletta Ledger", Author: "Maria Borg", Published: "2017-03-30T12:25:00Z",
				Text: "Council approves harbour plan\n\nThe local council on Thursday approved a plan to rebuild the old harbour wall.\n\n“This is a good day,” the mayor said.\n"},
			{ID: "testdata/rss.xml#2", Title: "Ferry delayed by strike", URL: "https://ledger.example/2017/03/31/ferry",
				Outlet: "The Valletta Ledger", Published: "2017-03-31T09:00:00Z",
				Text: "Ferry delayed by strike\n\nThe morning ferry was cancelled.\n\n“We are sorry,” the operator said.\n"},
			{Err: `testdata/rss.xml: item 3 "Photo of the day": no article text found`, Kind: ErrNoText},
		}},
		{"atom", []string{"testdata/atom.xml"}, []want{
			{ID: "testdata/atom.xml#1", Title: "Storm closes promenade", URL: "https://watch.example/storm", Outlet: "Harbour Watch",
				Author: "Paul Grech", Published: "2017-03-29T07:10:00Z",
				Text: "Storm closes promenade\n\nThe promenade was closed on Wednesday.\n\nPolice said nobody was hurt.\n"},
		}},
		{"json feed", []string{"testdata/feed.json"}, []want{
			{ID: "testdata/feed.json#1", Title: "Minister resigns", URL: "https://daily.example/minister", Outlet: "Island Daily",
				Author: "Lisa Azzopardi", Published: "2017-03-27T10:00:00+02:00",
				Text: "Minister resigns\n\nThe minister resigned on Monday.\n\n“I am going,” she said.\n"},
			{ID: "testdata/feed.json#2", Title: "Budget passes", URL: "https://daily.example/budget", Outlet: "Island Daily",
				Published: "2017-03-28T16:45:00Z", Text: "Budget passes\n\nThe budget passed.\n\n“A good day,” the minister said.\n"},
		}},
		{"jsonl", []string{"testdata/articles.jsonl"}, []want{
			{ID: "testdata/articles.jsonl#a1", Title: "Minister resigns", URL: "https://daily.example/minister", Outlet: "Island Daily",
				Published: "2017-03-27T10:00:00+02:00", Text: "Minister resigns\n\n\"I am going,\" she said on Monday.\n"},
			{ID: "testdata/articles.jsonl#2", Title: "Budget passes", Outlet: "Island Daily", Published: "2017-03-28T00:00:00Z",
				Has: []string{"Budget passes\n\nThe budget passed on Tuesday", "\n\n“A good day for the country,” the minister said."}},
			{Err: "testdata/articles.jsonl: line 3: invalid JSON", Kind: ErrMalformed},
			{Err: `testdata/articles.jsonl: line 5: no "text" or "html" field`, Kind: ErrNoText},
			{ID: "testdata/articles.jsonl#7", Title: "Ferry delayed", Text: "Ferry delayed\n\nThe operator apologised."},
		}},
		{"broken feed", []string{"testdata/broken.xml", "testdata/page.html"}, []want{
			{Err: "testdata/broken.xml: malformed feed: XML syntax error", Kind: ErrMalformed}, pageWant("testdata/page.html")}},
		{"empty feed", []string{"testdata/empty-feed.xml", "testdata/page.html"}, []want{
			{Err: "testdata/empty-feed.xml: empty feed: no items", Kind: ErrEmpty}, pageWant("testdata/page.html")}},
		{"broken html", []string{"testdata/broken.html", "testdata/page.html"}, []want{
			{Err: "testdata/broken.html: no article text found", Kind: ErrNoText}, pageWant("testdata/page.html")}},
		{"broken jsonl", []string{"testdata/broken.jsonl", "testdata/page.html"}, []want{
			{Err: "testdata/broken.jsonl: not JSON Lines: line 1", Kind: ErrMalformed}, pageWant("testdata/page.html")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, tt.paths, Options{}, tt.want) })
	}
}

// TestOptionsDefaults checks that Options fill what a record lacks and nothing else.
func TestOptionsDefaults(t *testing.T) {
	day := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	r := Open([]string{"testdata/articles.jsonl"}, Options{Published: day, Outlet: "Default"})
	var got []string
	for {
		a, err := r.Next()
		if err != nil && err.Error() == "EOF" {
			break
		}
		if err == nil {
			got = append(got, a.Outlet+" "+a.Published.Format("2006-01-02"))
		}
	}
	if want := "Island Daily 2017-03-27|Island Daily 2017-03-28|Default 2020-01-02"; strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGzip(t *testing.T) {
	dir := t.TempDir()
	page := readFixture(t, "page.html")
	gzPage := write(t, dir, "page.html.gz", string(gzipBytes(page)))
	gzNoExt := write(t, dir, "download", string(gzipBytes(page)))
	gzText := write(t, dir, "story.txt.gz", string(gzipBytes([]byte(good))))
	gzFeed := write(t, dir, "feed.xml.gz", string(gzipBytes(readFixture(t, "atom.xml"))))
	truncated := write(t, dir, "cut.html.gz", string(gzipBytes(page)[:300]))
	corruptHeader := write(t, dir, "bad.gz", "\x1f\x8b\x09garbage")
	flipped := gzipBytes(bytes.Repeat(page, 20))
	for i := 100; i < 200; i++ {
		flipped[i] ^= 0x55
	}
	corruptBody := write(t, dir, "flipped.html.gz", string(flipped))
	bomb := write(t, dir, "bomb.txt.gz", string(gzipBytes(bytes.Repeat([]byte("word "), 1<<20))))
	next := write(t, dir, "next.txt", good)

	p := pageWant(gzPage)
	p.ID = gzPage
	q := pageWant(gzNoExt)
	check(t, []string{gzPage, gzNoExt, gzText, gzFeed, truncated, next, corruptHeader, corruptBody, next, bomb, next}, Options{MaxBytes: 1 << 20}, []want{
		p, q,
		{ID: gzText, Title: "Minister resigns", Text: good},
		{ID: gzFeed + "#1", Title: "Storm closes promenade", URL: "https://watch.example/storm", Outlet: "Harbour Watch",
			Author: "Paul Grech", Published: "2017-03-29T07:10:00Z", Has: []string{"Police said nobody was hurt."}},
		{Err: "cut.html.gz: corrupt gzip data: unexpected EOF", Kind: ErrMalformed},
		{ID: next, Title: "Minister resigns", Text: good},
		{Err: "bad.gz: corrupt gzip data", Kind: ErrMalformed},
		{Err: "flipped.html.gz: corrupt gzip data", Kind: ErrMalformed},
		{ID: next, Title: "Minister resigns", Text: good},
		{Err: "bomb.txt.gz: larger than the limit of 1048576 bytes", Kind: ErrTooLarge},
		{ID: next, Title: "Minister resigns", Text: good},
	})
	if name(gzPage) != "page" || name(gzText) != "story" || name("x.gz") != "x" {
		t.Errorf("names: %q %q %q", name(gzPage), name(gzText), name("x.gz"))
	}
}

// warcRecords is a small crawl: warcinfo, a request, the page, an image, a redirect, a page
// without a date of its own (WARC-Date is its date), and a feed (not HTML: passed over).
func warcRecords(t *testing.T) []warcRecord {
	page := string(readFixture(t, "page.html"))
	undated := "<html><head><title>Ferry delayed by strike</title></head><body><article><h1>Ferry delayed by strike</h1>" +
		"<p>The morning ferry to Gozo was cancelled on Friday after crew members walked out over a pay dispute, the operator said.</p>" +
		"<p>“We apologise to all our passengers,” a spokesman said, adding that the afternoon crossings would run as normal.</p></article></body></html>"
	return []warcRecord{
		{typ: "warcinfo", date: "2017-03-30T15:00:00Z", contentType: "application/warc-fields", block: "software: test\r\n"},
		{typ: "request", uri: "https://ledger.example/2017/03/30/harbour-plan", date: "2017-03-30T15:00:00Z",
			contentType: "application/http;msgtype=request", block: "GET /2017/03/30/harbour-plan HTTP/1.1\r\nHost: ledger.example\r\n\r\n"},
		{typ: "response", uri: "https://ledger.example/2017/03/30/harbour-plan", date: "2017-03-30T15:00:00Z",
			contentType: "application/http;msgtype=response", block: httpResponse("200 OK", "text/html; charset=utf-8", page)},
		{typ: "response", uri: "https://ledger.example/logo.png", date: "2017-03-30T15:00:01Z",
			contentType: "application/http;msgtype=response", block: httpResponse("200 OK", "image/png", "\x89PNG\r\n\x1a\n\x00\x00")},
		{typ: "response", uri: "https://ledger.example/old", date: "2017-03-30T15:00:02Z",
			contentType: "application/http;msgtype=response", block: httpResponse("301 Moved Permanently", "text/html", "<p>moved</p>")},
		{typ: "response", uri: "https://ledger.example/ferry", date: "2017-03-31T08:15:30Z",
			contentType: "application/http;msgtype=response", block: httpResponse("200 OK", "text/html", undated)},
		{typ: "response", uri: "https://ledger.example/feed", date: "2017-03-31T08:15:31Z",
			contentType: "application/http;msgtype=response", block: httpResponse("200 OK", "application/rss+xml", string(readFixture(t, "rss.xml")))},
	}
}

func warcWants(path string) []want {
	p := pageWant(path + "#3")
	return []want{p, {ID: path + "#6", Title: "Ferry delayed by strike", URL: "https://ledger.example/ferry", Outlet: "ledger.example",
		Published: "2017-03-31T08:15:30Z", Has: []string{"The morning ferry to Gozo", "\n\n“We apologise"}}}
}

func TestWARC(t *testing.T) {
	dir := t.TempDir()
	recs := warcRecords(t)
	plain := write(t, dir, "crawl.warc", string(makeWARC(false, recs...)))
	gz := write(t, dir, "crawl.warc.gz", string(makeWARC(true, recs...)))
	noExt := write(t, dir, "crawl.bin", string(makeWARC(true, recs...)))
	next := write(t, dir, "next.txt", good)
	var ws []want
	for _, p := range []string{plain, gz, noExt} {
		ws = append(ws, warcWants(p)...)
	}
	ws = append(ws, want{ID: next, Title: "Minister resigns", Text: good})
	check(t, []string{plain, gz, noExt, next}, Options{}, ws)

	// A WARC larger than MaxBytes is read: the limit bounds each record, not the file.
	small := pageWant(gz + "#3")
	check(t, []string{gz}, Options{MaxBytes: 4000}, []want{
		small, {ID: gz + "#6", Title: "Ferry delayed by strike", URL: "https://ledger.example/ferry", Outlet: "ledger.example",
			Published: "2017-03-31T08:15:30Z", Has: []string{"The morning ferry to Gozo"}}})
	// A record over the limit is one error naming it; the rest is read.
	check(t, []string{gz}, Options{MaxBytes: 1000}, []want{
		{Err: "crawl.warc.gz: record 3 (https://ledger.example/2017/03/30/harbour-plan): larger than the limit of 1000 bytes", Kind: ErrTooLarge},
		{ID: gz + "#6", Title: "Ferry delayed by strike", URL: "https://ledger.example/ferry", Outlet: "ledger.example",
			Published: "2017-03-31T08:15:30Z", Has: []string{"The morning ferry to Gozo"}},
	})
}

func TestBrokenWARC(t *testing.T) {
	dir := t.TempDir()
	recs := warcRecords(t)
	next := write(t, dir, "next.txt", good)
	nextWant := want{ID: next, Title: "Minister resigns", Text: good}

	// Truncated inside the last record.
	w := makeWARC(false, recs...)
	truncated := write(t, dir, "truncated.warc", string(w[:len(w)-200]))
	// Truncated inside the page record of a .warc.gz.
	var members [][]byte
	for _, r := range recs {
		members = append(members, makeWARC(true, r))
	}
	cutGz := write(t, dir, "cut.warc.gz", string(bytes.Join(members[:2], nil))+string(members[2][:len(members[2])/2]))
	// A corrupt gzip member in the middle: the records after it are still read.
	bad := bytes.Clone(members[2])
	for i := 40; i < 80; i++ {
		bad[i] ^= 0x5a
	}
	corrupt := write(t, dir, "corrupt.warc.gz", string(bytes.Join([][]byte{members[0], members[1], bad, members[3], members[4], members[5]}, nil)))
	empty := write(t, dir, "empty.warc", "")
	notWARC := write(t, dir, "notes.warc", "these are not the records you are looking for")
	arc := write(t, dir, "old.arc", "filedesc://IAH-2008.arc 0.0.0.0 20080430204825 text/plain 77\n1 0 Internet Archive\n")

	check(t, []string{truncated, next, cutGz, next, corrupt, next, empty, notWARC, arc, next}, Options{}, []want{
		pageWant(truncated + "#3"),
		{ID: truncated + "#6", Title: "Ferry delayed by strike", URL: "https://ledger.example/ferry", Outlet: "ledger.example", Published: "2017-03-31T08:15:30Z",
			Has: []string{"The morning ferry to Gozo"}},
		{Err: truncated + ": record 7 (https://ledger.example/feed): truncated WARC", Kind: ErrMalformed},
		nextWant,
		{Err: cutGz + ": record 3 at byte", Kind: ErrMalformed},
		nextWant,
		{Err: corrupt + ": record 3 at byte", Kind: ErrMalformed},
		{ID: corrupt + "#6", Title: "Ferry delayed by strike", URL: "https://ledger.example/ferry", Outlet: "ledger.example", Published: "2017-03-31T08:15:30Z",
			Has: []string{"The morning ferry to Gozo"}},
		nextWant,
		{Err: empty + ": empty", Kind: ErrEmpty},
		{Err: notWARC + ": record 1 at byte", Kind: ErrMalformed},
		{Err: arc + ": ARC web archive", Kind: ErrUnsupported},
		nextWant,
	})
}

func TestBadPages(t *testing.T) {
	dir := t.TempDir()
	next := write(t, dir, "next.txt", good)
	nextWant := want{ID: next, Title: "Minister resigns", Text: good}
	binaryHTML := write(t, dir, "image.html", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR<html>")
	latin1 := write(t, dir, "latin1.html", "<html><head><title>Caf\xe9 society</title></head><body><article><p>The caf\xe9 opened on Monday, its owner said, "+
		"after two years of work on the old building by the harbour, which had been empty since the war.</p></article></body></html>")
	huge := filepath.Join(dir, "huge.html")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("<!doctype html><html><body><p>")
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	emptyHTML := write(t, dir, "empty.html", "")
	check(t, []string{binaryHTML, next, latin1, huge, emptyHTML, next}, Options{}, []want{
		{Err: "image.html: binary data", Kind: ErrBinary},
		nextWant,
		{ID: latin1, Title: "Café society", Has: []string{"The café opened on Monday"}},
		{Err: "huge.html: 104857600 bytes exceeds the limit of 16777216 bytes", Kind: ErrTooLarge},
		{Err: "empty.html: empty", Kind: ErrEmpty},
		nextWant,
	})
}

func TestJSONLLimits(t *testing.T) {
	dir := t.TempDir()
	long := `{"text":"` + strings.Repeat("word ", 400) + `"}`
	p := write(t, dir, "a.jsonl", `{"text":"First\n\nok"}`+"\n"+long+"\n"+"{\"text\":\"Caf\xe9\"}\n"+`{"text":"Last\n\nok","published":"yesterday"}`+"\n"+`{"text":"End"}`)
	check(t, []string{p}, Options{MaxBytes: 1000}, []want{
		{ID: p + "#1", Title: "First", Text: "First\n\nok"},
		{Err: "a.jsonl: line 2: larger than the limit of 1000 bytes", Kind: ErrTooLarge},
		{Err: "a.jsonl: line 3: invalid UTF-8", Kind: ErrInvalidUTF8},
		{Err: `a.jsonl: line 4: published: cannot read the date "yesterday"`, Kind: ErrMalformed},
		{ID: p + "#5", Title: "End", Text: "End"},
	})
}

func TestSniff(t *testing.T) {
	tests := []struct {
		ext, head string
		want      kind
	}{
		{".txt", "Minister resigns\n\nBody", kindText},
		{"", "Minister resigns", kindText},
		{".txt", "<!DOCTYPE html><html>", kindHTML},
		{"", "\uFEFF  <html lang=en>", kindHTML},
		{"", "<!-- saved page --><html>", kindHTML},
		{".xml", "<?xml version=\"1.0\"?><!-- c --><rss version=\"2.0\">", kindFeed},
		{"", "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", kindFeed},
		{"", "<?xml version=\"1.0\"?><rdf:RDF>", kindFeed},
		{"", "<?xml version=\"1.0\"?><!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\">", kindHTML},
		{"", "<rss version=\"2.0\">", kindFeed},
		{"", "WARC/1.0\r\nWARC-Type: warcinfo", kindWARC},
		{".txt", "WARC/1.1\r\n", kindWARC},
		{"", "filedesc://x.arc", kindARC},
		{"", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, kindFeed},
		{"", "{\n  \"title\": \"x\",\n  \"version\": \"https://jsonfeed.org/version/1\"", kindFeed},
		{"", `{"text": "a"}` + "\n" + `{"text": "b"}`, kindJSONL},
		{".txt", `{braces} in a text file`, kindText},
		{".jsonl", `not json`, kindJSONL},
		{".html", `just words`, kindHTML},
		{".warc", ``, kindWARC},
	}
	for _, tt := range tests {
		if got := sniff(tt.ext, []byte(tt.head)); got != tt.want {
			t.Errorf("sniff(%q, %q) = %d, want %d", tt.ext, tt.head, got, tt.want)
		}
	}
}

// TestWalkFormats checks that a folder walk reads every format and passes over unrelated
// files.
func TestWalkFormats(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a.txt", good)
	write(t, root, "b/page.HTML", string(readFixture(t, "page.html")))
	write(t, root, "c/atom.xml", string(readFixture(t, "atom.xml")))
	write(t, root, "d/crawl.warc.gz", string(makeWARC(true, warcRecords(t)...)))
	write(t, root, "e/story.txt.gz", string(gzipBytes([]byte(good))))
	write(t, root, "f/lines.jsonl", `{"text":"Line\n\none"}`+"\n")
	for _, skip := range []string{"style.css", "logo.png", "old.arc", "old.arc.gz", "notes.md", "x.ann", "data.csv.gz", "script.js"} {
		write(t, root, "g/"+skip, "\x00")
	}
	arts, errs, order := drain(t, Open([]string{root}, Options{}))
	if len(errs) != 0 || len(arts) != 7 {
		t.Fatalf("read %q, errors %v", order, errs)
	}
}

func TestPageDate(t *testing.T) {
	tests := []struct{ head, want string }{
		{`<meta property="article:published_time" content="2019-11-15T10:09:20-05:00">`, "2019-11-15T10:09:20-05:00"},
		{`<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2020-08-16T21:05:11.000Z"}]}</script>`, "2020-08-16T21:05:11Z"},
		{`<meta itemprop="datePublished" content="2018-10-05 09:30">`, "2018-10-05T09:30:00Z"},
		{`<meta name="pubdate" content="20170330">`, "2017-03-30T00:00:00Z"},
		{`<time datetime="2017-03-30T08:00:00+01:00" pubdate>30 March</time>`, "2017-03-30T08:00:00+01:00"},
		{`<meta name="date" content="not a date">`, ""},
		{``, ""},
	}
	for _, tt := range tests {
		doc, err := parseHTML("<html><head>"+tt.head+"</head><body></body></html>", "")
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if d, ok := pageDate(doc); ok {
			got = d.Format(time.RFC3339)
		}
		if got != tt.want {
			t.Errorf("pageDate(%s) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>One  two\n three</p><p>Four</p>", "One two three|Four"},
		{"<div>Intro<p>Para</p>tail</div>", "Intro|Para|tail"},
		{"Line one<br>line two<br><br>New para", "Line one\nline two|New para"},
		{"<ul><li>a</li><li>b <b>bold</b>word</li></ul>", "a|b boldword"},
		{"<table><tr><td>x</td><td>y</td></tr></table>", "x y"},
		{"<p>soft\u00adhyphen</p><script>no()</script><style>p{}</style>", "softhyphen"},
		{"plain text\n\nsecond &amp; last", "plain text|second & last"},
	}
	for _, tt := range tests {
		if got := strings.Join(htmlParagraphs(tt.in), "|"); got != tt.want {
			t.Errorf("htmlParagraphs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
