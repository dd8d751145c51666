package input

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkArticle checks what every format promises the analysis stages: valid UTF-8 text with
// a word in it, whose first paragraph is the title.
func checkArticle(t *testing.T, a *Article) {
	t.Helper()
	if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
		t.Errorf("%s: invalid UTF-8", a.ID)
	}
	if strings.IndexFunc(a.Text, isWordRune) < 0 {
		t.Errorf("%s: text %q has no word", a.ID, a.Text)
	}
	if a.Title != headline(a.Text) {
		t.Errorf("%s: title %q is not the first paragraph of %q", a.ID, a.Title, a.Text)
	}
}

// checkErr fails on an error that hides a panic.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "internal error") {
		t.Errorf("panic: %v", err)
	}
}

func seed(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzHTML(f *testing.F) {
	seed(f, "page.html", "broken.html")
	for _, s := range []string{"", "<html>", "<p>a<br><br>b</p>", "<table><td>x", "\xff\xfe<\x00h\x00", "<meta charset=shift_jis><p>\x82\xa0</p>",
		`<script type="application/ld+json">{"datePublished":"2020-01-01T10:00:00Z"}</script><article><p>Text here.</p></article>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := extractHTML(Article{ID: "x"}, string(data), pageHints{})
		checkErr(t, err)
		if err == nil {
			checkArticle(t, a)
		}
	})
}

func FuzzFeed(f *testing.F) {
	seed(f, "rss.xml", "atom.xml", "feed.json", "broken.xml", "empty-feed.xml")
	f.Add([]byte(`<rss><channel><item><description>a &amp; b</description></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"content_text":"x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feed(Article{ID: "x"}, string(data), func(a *Article, err error) {
			checkErr(t, err)
			if err == nil {
				checkArticle(t, a)
			}
		})
	})
}

// drainStream reads a stream to its end, which it must reach.
func drainStream(t *testing.T, s stream) {
	defer s.close()
	for range 100000 {
		a, err := s.next()
		if err == io.EOF {
			return
		}
		checkErr(t, err)
		if err == nil {
			checkArticle(t, a)
		}
	}
	t.Fatal("stream did not end")
}

func FuzzWARC(f *testing.F) {
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		f.Fatal(err)
	}
	rec := warcRecord{typ: "response", uri: "https://x.example/", date: "2017-03-30T15:00:00Z",
		contentType: "application/http;msgtype=response", block: httpResponse("200 OK", "text/html", string(page))}
	small := warcRecord{typ: "response", uri: "https://x.example/s", date: "2017-03-30T15:00:00Z",
		contentType: "application/http;msgtype=response", block: httpResponse("200 OK", "text/html", "<p>Hello there, world.</p>")}
	f.Add(makeWARC(false, rec, small))
	f.Add(makeWARC(true, small))
	f.Add(makeWARC(false, small)[:100])
	f.Add([]byte("WARC/1.0\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		drainStream(t, newWARCStream(Article{ID: "x"}, bytes.NewReader(data), 1<<16, isGzip(data)))
	})
}

func FuzzJSONL(f *testing.F) {
	seed(f, "articles.jsonl", "broken.jsonl")
	f.Add([]byte("{\"text\":\"a\"}\n\n{\"html\":\"<p>b</p>\",\"published\":\"2020-01-01\"}\r\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		drainStream(t, newJSONLStream(Article{ID: "x"}, bytes.NewReader(data), 1<<12, false))
	})
}

// FuzzRead runs detection and every format over one input as a file would be read.
func FuzzRead(f *testing.F) {
	seed(f, "page.html", "rss.xml", "atom.xml", "feed.json", "articles.jsonl", "broken.xml")
	f.Add(gzipBytes([]byte(good)))
	f.Add([]byte(good))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4<<10 {
			// Each JSON Lines record of HTML costs a page extraction: keep inputs small
			// enough for the fuzzer to run many.
			t.Skip()
		}
		r := Open([]string{"-"}, Options{Stdin: bytes.NewReader(data), MaxBytes: 1 << 16})
		for range 100000 {
			a, err := r.Next()
			if err == io.EOF {
				return
			}
			checkErr(t, err)
			if err == nil && a.Text != "" && !strings.HasPrefix(string(data), "{") {
				if !utf8.ValidString(a.Text) {
					t.Errorf("invalid UTF-8 text")
				}
			}
		}
		t.Fatal("reader did not end")
	})
}
