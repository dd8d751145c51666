package input

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

// BenchmarkReadFolder reads a folder of 200 articles of about 6 KB each, spread over
// subfolders, and reports the throughput of reading, validation and title extraction.
func BenchmarkReadFolder(b *testing.B) {
	dir := b.TempDir()
	para := "“We will not stand for it,” the minister said on Tuesday, adding that the " +
		"government would review the decision. Critics said the plan was flawed.\n\n"
	body := "Minister rejects plan\n\n" + strings.Repeat(para, 6<<10/len(para))
	var total int64
	for i := range 200 {
		write(b, dir, fmt.Sprintf("%02d/article-%03d.txt", i%10, i), body)
		total += int64(len(body))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		r := Open([]string{dir}, Options{})
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 200 {
			b.Fatalf("read %d articles, want 200", n)
		}
	}
}

// benchPages returns the pages BenchmarkHTML extracts: the Scrapinghub benchmark's 181 news
// pages when ../shared is there, else the fixture page.
func benchPages(b *testing.B) []string {
	dir := filepath.Join(sharedtest.Root, "data", "scrapinghub-aeb", "html")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	var pages []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, string(page))
	}
	if len(pages) == 0 {
		page, err := os.ReadFile("testdata/page.html")
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, string(page))
	}
	return pages
}

// BenchmarkHTML extracts the article of each page (parse, trafilatura with go-readability as
// its fallback candidate, metadata and date), one after the other; it reports pages/s.
func BenchmarkHTML(b *testing.B) {
	pages := benchPages(b)
	var total int64
	for _, p := range pages {
		total += int64(len(p))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := extractHTML(Article{ID: "x"}, p, pageHints{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkWARC reads a gzip WARC of 2,000 records (1,000 HTML responses, each beside its
// request record; about 5 MB uncompressed per 200 pages) through the Reader, and reports the
// throughput in uncompressed MB/s and the peak of the Go heap in use, sampled at every record.
func BenchmarkWARC(b *testing.B) {
	pages := benchPages(b)
	var recs []warcRecord
	var size int64
	for i := range 1000 {
		p := pages[i%len(pages)]
		uri := fmt.Sprintf("https://example.com/%d", i)
		recs = append(recs,
			warcRecord{typ: "request", uri: uri, date: "2020-01-01T00:00:00Z", contentType: "application/http;msgtype=request",
				block: "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"},
			warcRecord{typ: "response", uri: uri, date: "2020-01-01T00:00:00Z", contentType: "application/http;msgtype=response",
				block: httpResponse("200 OK", "text/html; charset=utf-8", p)})
		size += int64(len(p))
	}
	path := filepath.Join(b.TempDir(), "crawl.warc.gz")
	if err := os.WriteFile(path, makeWARC(true, recs...), 0o644); err != nil {
		b.Fatal(err)
	}
	recs = nil
	runtime.GC()
	b.SetBytes(size)
	b.ReportAllocs()
	var peak uint64
	var ms runtime.MemStats
	for b.Loop() {
		r := Open([]string{path}, Options{})
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
			if n%10 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		if n != 1000 {
			b.Fatalf("read %d articles, want 1000", n)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkReadPolNeAR reads the 840 articles of PolNeAR train (skipped without ../shared),
// one article per iteration, as whosaid extract reads a folder: file system calls,
// validation and title extraction.
func BenchmarkReadPolNeAR(b *testing.B) {
	dir := filepath.Join(sharedtest.Root, "data", "polnear", "train", "text")
	if _, err := os.Stat(dir); err != nil {
		b.Skip("PolNeAR train not present")
	}
	b.ReportAllocs()
	r := Open([]string{dir}, Options{})
	for b.Loop() {
		_, err := r.Next()
		if err == io.EOF {
			r = Open([]string{dir}, Options{})
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
