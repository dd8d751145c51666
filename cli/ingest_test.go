package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store/sqlite"
)

// The articles below are written for these tests; they are not taken from any outlet.

// summaryFigures reads the figures of ingest's summary.
type summaryFigures struct {
	read, new, updated, skipped, duplicate, unchanged, bad, statements int
	badKinds                                                           string
}

var (
	reRead    = regexp.MustCompile(`(?m)^whosaid ingest: (\d+) articles read`)
	reNew     = regexp.MustCompile(`(?m)^  new +(\d+)$`)
	reUpdated = regexp.MustCompile(`(?m)^  updated +(\d+)$`)
	reSkipped = regexp.MustCompile(`(?m)^  skipped +(\d+): duplicate (\d+), unchanged (\d+), bad input (\d+)(?: \((.*)\))?$`)
	reStmts   = regexp.MustCompile(`(?m)^  statements +(\d+) stored$`)
)

func parseSummary(t *testing.T, out string) summaryFigures {
	t.Helper()
	atoi := func(re *regexp.Regexp, i int) (int, []string) {
		m := re.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no %v in the summary:\n%s", re, out)
		}
		n, _ := strconv.Atoi(m[i])
		return n, m
	}
	var f summaryFigures
	f.read, _ = atoi(reRead, 1)
	f.new, _ = atoi(reNew, 1)
	f.updated, _ = atoi(reUpdated, 1)
	var m []string
	f.skipped, m = atoi(reSkipped, 1)
	f.duplicate, _ = strconv.Atoi(m[2])
	f.unchanged, _ = strconv.Atoi(m[3])
	f.bad, _ = strconv.Atoi(m[4])
	f.badKinds = m[5]
	f.statements, _ = atoi(reStmts, 1)
	return f
}

// dumpDB is the canonical dump of the database at path.
func dumpDB(t *testing.T, path string) string {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b bytes.Buffer
	if err := db.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestIngestSample(t *testing.T) {
	sample := filepath.Join("..", "examples", "sample")
	db := filepath.Join(t.TempDir(), "s.db")
	out, errb, code := run(t, "", "ingest", "--db", db, sample)
	if code != 0 || errb != "" {
		t.Fatalf("ingest exited %d: %s", code, errb)
	}
	f := parseSummary(t, out)
	if f.read != 6 || f.new != 6 || f.skipped != 0 || f.statements == 0 {
		t.Errorf("first run: %+v\n%s", f, out)
	}
	before := dumpDB(t, db)
	out, _, code = run(t, "", "ingest", "--db", db, "--quiet", sample)
	if code != 0 || out != "" {
		t.Errorf("--quiet: exit %d, output %q", code, out)
	}
	out, _, _ = run(t, "", "ingest", "--db", db, sample)
	f = parseSummary(t, out)
	// Five articles carry a URL and are unchanged; the text file has none and is known by its text.
	if f.read != 6 || f.new != 0 || f.unchanged != 5 || f.duplicate != 1 || f.statements != 0 {
		t.Errorf("second run: %+v\n%s", f, out)
	}
	if after := dumpDB(t, db); after != before {
		t.Error("a second ingest changed the database")
	}

	out, errb, code = run(t, "", "search", "--db", db, "bridge")
	if code != 0 || !strings.Contains(out, "[bridge]") || !strings.Contains(out, "Priya Nair (person)") {
		t.Errorf("search bridge: exit %d, %s\n%s", code, errb, out)
	}
	out, _, _ = run(t, "", "search", "bridge", "--db", db, "--speaker", "nair", "--format", "json")
	var hits []hitJSON
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("search --format json: %v\n%s", err, out)
	}
	if len(hits) != 1 || *hits[0].Speaker.Name != "Priya Nair" || !strings.Contains(hits[0].Content, "safe lane for bikes") ||
		*hits[0].Outlet != "Eastport Radio News" || *hits[0].Published != "2025-04-28" {
		t.Errorf("bridge by nair: %+v", hits)
	}
	id := hits[0].ArticleID
	out, _, _ = run(t, "", "search", "--db", db, "--sort", "date", "--format", "jsonl", "--limit", "3", "bridge")
	var prev string
	for i, l := range lines(out) {
		var h hitJSON
		if err := json.Unmarshal([]byte(l), &h); err != nil {
			t.Fatal(err)
		}
		if h.Published != nil && prev != "" && *h.Published > prev {
			t.Errorf("--sort date: line %d (%s) after %s", i, *h.Published, prev)
		}
		if h.Published != nil {
			prev = *h.Published
		}
	}
	if n := len(lines(out)); n != 3 {
		t.Errorf("--limit 3: %d lines", n)
	}
	out, _, _ = run(t, "", "search", "--db", db, "--format", "csv", "--outlet", "coastal wire", "--from", "2025-05-13", "bridge")
	if l := lines(out); len(l) != 2 || !strings.Contains(l[1], "Omar Haddad") {
		t.Errorf("csv, outlet and date: %q", l)
	}
	// What statements are about is stored, searched and listed.
	out, _, _ = run(t, "", "search", "--db", db, "--about", "harbour bridge", "--format", "json")
	hits = nil
	if err := json.Unmarshal([]byte(out), &hits); err != nil || len(hits) == 0 {
		t.Fatalf("search --about: %v\n%s", err, out)
	}
	for _, h := range hits {
		if !slices.ContainsFunc(h.About, func(e output.EntityRef) bool { return e.Name == "Harbour Bridge" }) {
			t.Errorf("search --about harbour bridge: %+v", h)
		}
	}
	aboutID := hits[0].ArticleID
	if out, _, _ = run(t, "", "search", "--db", db, "--about", "harbour bridge"); !strings.Contains(out, "\n    about: Harbour Bridge\n") {
		t.Errorf("search --about, text:\n%s", out)
	}
	out, _, _ = run(t, "", "search", "--db", db, "--format", "csv", "--about", "harbour bridge")
	if l := lines(out); len(l) < 2 || !strings.HasSuffix(l[0], ",about") || !strings.HasSuffix(l[1], ",Harbour Bridge") {
		t.Errorf("search --about, csv: %q", l)
	}
	if out, _, _ = run(t, "", "show", "--db", db, strconv.FormatInt(aboutID, 10)); !strings.Contains(out, "\n     about: Harbour Bridge\n") {
		t.Errorf("show %d: no about line\n%s", aboutID, out)
	}
	out, _, _ = run(t, "", "search", "--db", db, "--articles", "ferry")
	if !strings.Contains(out, "Ferry service to end") {
		t.Errorf("search --articles ferry:\n%s", out)
	}

	out, _, code = run(t, "", "speakers", "--db", db, "--top", "1")
	if l := lines(out); code != 0 || len(l) != 2 || !strings.Contains(l[1], "Jane Alder") {
		t.Errorf("speakers --top 1: %q", l)
	}
	out, _, _ = run(t, "", "speakers", "--db", db, "--format", "csv")
	if !strings.HasPrefix(out, "name,type,statements,articles,outlets,first,last\n") {
		t.Errorf("speakers csv:\n%s", out)
	}

	out, errb, code = run(t, "", "show", "--db", db, strconv.FormatInt(id, 10))
	if code != 0 || !strings.Contains(out, "Cyclists want a lane") || !regexp.MustCompile(`\[\d+ “A bridge without`).MatchString(out) {
		t.Errorf("show %d: exit %d %s\n%s", id, code, errb, out)
	}
	out, _, _ = run(t, "", "show", strconv.FormatInt(id, 10), "--db", db, "--format", "json")
	var a storedJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.DBID != id || a.Article == nil || len(a.Statements) == 0 {
		t.Fatalf("show --format json: %v\n%s", err, out)
	}
	// Offsets are code points into the text, as in extract's JSON; about is a list, as there.
	for _, st := range a.Statements {
		if st.About == nil {
			t.Errorf("show --format json: statement %q without an about list", st.Content.Text)
		}
		sp := st.Content.Spans[0]
		if got := string([]rune(a.Text)[sp[0]:sp[1]]); !strings.HasPrefix(st.Content.Text, got) {
			t.Errorf("content %q at its offsets: %q", st.Content.Text, got)
		}
	}

	for _, args := range [][]string{
		{"show", "--db", db, "999"},
		{"search", "--db", filepath.Join(t.TempDir(), "none.db"), "bridge"},
	} {
		if _, errb, code := run(t, "", args...); code != 1 || errb == "" {
			t.Errorf("%q: exit %d, %q", args, code, errb)
		}
	}
	for _, args := range [][]string{
		{"search", "--db", db},
		{"search", "--db", db, "--sort", "size", "x"},
		{"search", "--db", db, "--from", "May", "x"},
		{"search", "--db", db, "--format", "xml", "x"},
		{"show", "--db", db, "abc"},
		{"speakers", "--db", db, "extra"},
	} {
		if _, _, code := run(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// mixedFolder writes one good input and one broken input of every kind into a new folder and
// returns it with the number of good articles.
func mixedFolder(t *testing.T) (dir string, articles int) {
	dir = t.TempDir()
	write(t, dir, "a-story.txt", bridge)
	write(t, dir, "b-page.html", `<!DOCTYPE html><html><head><title>Library to close on Sundays</title>
<meta property="og:url" content="https://northfield.example/library">
<meta property="article:published_time" content="2025-06-02T10:00:00Z"></head>
<body><nav>Home | News</nav><article><h1>Library to close on Sundays</h1>
<p>The Northfield library will close on Sundays from June, its director said on Monday.</p>
<p>“We cannot pay for the extra staff,” said Priya Nair, who has run the library since 2019.</p>
<p>Readers were unhappy. “Sunday is the only day I can come,” said Ana Lima, a nurse.</p>
</article></body></html>`)
	write(t, dir, "c-feed.rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>Northfield News</title>
<item><title>Pool reopens</title><link>https://northfield.example/pool</link><pubDate>Mon, 02 Jun 2025 08:00:00 +0000</pubDate>
<description>The town pool reopened on Monday after repairs. “The water is warm at last,” said swimmer Leo Grant.</description></item>
<item><title>Market moves</title><link>https://northfield.example/market</link><pubDate>Tue, 03 Jun 2025 08:00:00 +0000</pubDate>
<description>The Saturday market will move to the square. “We need the space,” said trader Mia Cole.</description></item>
</channel></rss>`)
	write(t, dir, "d-feed.atom", `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Post</title><id>urn:hill</id><updated>2025-06-04T00:00:00Z</updated>
<entry><title>School gets a garden</title><id>urn:hill:1</id><link href="https://hill.example/garden"/><updated>2025-06-04T00:00:00Z</updated>
<content type="html">&lt;p&gt;Pupils planted beans on Tuesday. “They grow faster than the children,” said head teacher Ruth Bell.&lt;/p&gt;</content></entry>
<entry><title>Road closed</title><id>urn:hill:2</id><link href="https://hill.example/road"/><updated>2025-06-05T00:00:00Z</updated>
<content type="html">&lt;p&gt;The hill road will close for a week. “It is the only way to fix the drains,” said engineer Dev Rao.&lt;/p&gt;</content></entry>
</feed>`)
	page := func(title, quote, who string) string {
		return fmt.Sprintf(`<html><head><title>%s</title></head><body><article><h1>%s</h1>
<p>%s, the town heard on Wednesday.</p><p>“%s,” said %s, who spoke at the town hall meeting for nearly an hour.</p>
</article></body></html>`, title, title, title, quote, who)
	}
	resp := func(body string) string {
		return fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}
	var warc bytes.Buffer
	for i, r := range []struct{ uri, block string }{
		{"https://crawl.example/ferry", resp(page("Ferry fares to rise", "Fuel costs more than ever", "ferry captain Ola Berg"))},
		{"https://crawl.example/park", resp(page("Park gets new benches", "Everyone deserves a seat", "gardener Tim Ash"))},
	} {
		var rec bytes.Buffer
		fmt.Fprintf(&rec, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n"+
			"WARC-Date: 2025-06-06T00:00:00Z\r\nWARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\n"+
			"Content-Length: %d\r\n\r\n%s\r\n\r\n", i, r.uri, len(r.block), r.block)
		zw := gzip.NewWriter(&warc)
		zw.Write(rec.Bytes())
		zw.Close()
	}
	write(t, dir, "e-crawl.warc.gz", warc.String())
	write(t, dir, "f-wire.jsonl", `{"url":"https://wire.example/1","title":"Dam repaired","published":"2025-06-07","text":"Dam repaired\n\n“The dam is safe again,” said engineer Kim Novak."}
{"url":"https://wire.example/2","title":"Bus line extended","published":"2025-06-08","text":"Bus line extended\n\n“Buses will now reach the hospital,” said planner Raj Patel."}
{"url":"https://wire.example/3", "title": broken
`)
	// One broken input of each kind.
	write(t, dir, "g-empty.txt", "")
	write(t, dir, "g-binary.html", "\x00\x01\x02\x03<html>\x00\x00\x00")
	write(t, dir, "g-broken.rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title><item><title>Half`)
	write(t, dir, "g-broken.atom", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Half`)
	write(t, dir, "g-broken.warc.gz", string(warc.Bytes()[:len(warc.Bytes())/4]))
	write(t, dir, "g-broken.jsonl", "{\"text\": \"unterminated\n")
	return dir, 10
}

func TestIngestMixedFolder(t *testing.T) {
	dir, good := mixedFolder(t)
	db := filepath.Join(t.TempDir(), "m.db")
	out, errb, code := run(t, "", "ingest", "--db", db, "--workers", "2", dir)
	if code != 0 {
		t.Fatalf("ingest exited %d: %s", code, errb)
	}
	f := parseSummary(t, out)
	skips := lines(errb)
	t.Logf("summary:\n%s\nskipped:\n%s", out, errb)
	if f.read != good || f.new != good || f.duplicate != 0 || f.unchanged != 0 {
		t.Errorf("first run: %+v", f)
	}
	// Each broken input is one line naming it (and its record) with the reason; the JSON
	// Lines file with a bad third line is one more.
	if f.bad != 7 || len(skips) != 7 {
		t.Errorf("bad inputs: %d in the summary (%s), %d lines", f.bad, f.badKinds, len(skips))
	}
	for _, name := range []string{"g-empty.txt", "g-binary.html", "g-broken.rss", "g-broken.atom", "g-broken.warc.gz", "g-broken.jsonl", "f-wire.jsonl"} {
		if !strings.Contains(errb, filepath.Join(dir, name)+": ") && !strings.Contains(errb, filepath.Join(dir, name)+"#") {
			t.Errorf("no line names %s", name)
		}
	}
	if !strings.Contains(errb, "line 3") {
		t.Errorf("the bad record of f-wire.jsonl is not named by its line")
	}
	if !strings.Contains(f.badKinds, "empty 1") || !strings.Contains(f.badKinds, "malformed") {
		t.Errorf("bad input kinds: %q", f.badKinds)
	}
	first := dumpDB(t, db)

	out, _, code = run(t, "", "ingest", "--db", db, "--strict", dir)
	if code != 1 {
		t.Errorf("--strict with bad inputs: exit %d, want 1", code)
	}
	f = parseSummary(t, out)
	if f.new != 0 || f.updated != 0 || f.statements != 0 || f.unchanged+f.duplicate != good {
		t.Errorf("second run: %+v", f)
	}
	if dumpDB(t, db) != first {
		t.Error("a second ingest changed the database")
	}

	for _, c := range []struct{ speaker, query, want string }{
		{"Priya Nair", "staff", "We cannot pay for the extra staff"},
		{"Leo Grant", "water", "The water is warm at last"},
		{"Ruth Bell", "faster", "They grow faster than the children"},
		{"Ola Berg", "fuel", "Fuel costs more than ever"},
		{"Raj Patel", "hospital", "Buses will now reach the hospital"},
		{"Tom Reyes", "third date", "This is the third date they have given us"},
	} {
		out, errb, _ := run(t, "", "search", "--db", db, "--speaker", c.speaker, "--format", "jsonl", c.query)
		if !strings.Contains(out, c.want) {
			t.Errorf("search %q --speaker %q: no %q:\n%s%s", c.query, c.speaker, c.want, out, errb)
		}
	}

	// A changed article at a stored URL replaces the old one.
	write(t, dir, "f-wire.jsonl", `{"url":"https://wire.example/1","title":"Dam repaired","published":"2025-06-07","text":"Dam repaired\n\n“The dam is safe for another century,” said engineer Kim Novak."}`+"\n")
	out, _, _ = run(t, "", "ingest", "--db", db, filepath.Join(dir, "f-wire.jsonl"))
	if f := parseSummary(t, out); f.updated != 1 || f.new != 0 {
		t.Errorf("changed article: %+v", f)
	}
	if out, _, _ := run(t, "", "search", "--db", db, "--speaker", "novak", "safe"); !strings.Contains(out, "another century") || strings.Contains(out, "safe again") {
		t.Errorf("after the update:\n%s", out)
	}
}

// TestIngestNothing: an ingest of only bad inputs stores nothing and says so.
func TestIngestBadOnly(t *testing.T) {
	dir := t.TempDir()
	empty := write(t, dir, "empty.txt", "")
	db := filepath.Join(dir, "x.db")
	out, errb, code := run(t, "", "ingest", "--db", db, empty, filepath.Join(dir, "missing.txt"))
	if code != 0 || len(lines(errb)) != 2 {
		t.Errorf("exit %d, stderr %q", code, errb)
	}
	if f := parseSummary(t, out); f.read != 0 || f.bad != 2 || !strings.Contains(f.badKinds, "not found 1") {
		t.Errorf("%+v", f)
	}
	if _, _, code := run(t, "", "ingest", "--db", db, "--strict", empty); code != 1 {
		t.Errorf("--strict: exit %d", code)
	}
	if _, _, code := run(t, "", "ingest", "--db", db); code != 2 {
		t.Errorf("no paths: exit %d", code)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("the database was not created: %v", err)
	}
}

// TestIngestSeedSearch is issue 5's acceptance check: the seed article, ingested, is found by
// its "Read my lips" statement under the speaker Vladimir Putin.
func TestIngestSeedSearch(t *testing.T) {
	seed := sharedtest.Path(t, "seed", "putin-read-my-lips.txt")
	db := filepath.Join(t.TempDir(), "seed.db")
	if _, errb, code := run(t, "", "ingest", "--db", db, "--quiet", "--date", "2017-03-30", seed); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, errb)
	}
	out, errb, code := run(t, "", "search", "--db", db, "--speaker", "Vladimir Putin", "--format", "json", `"read my lips"`)
	if code != 0 {
		t.Fatalf("search exited %d: %s", code, errb)
	}
	var hits []hitJSON
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("search --format json: %v\n%s", err, out)
	}
	if len(hits) == 0 {
		t.Fatal(`no statement of Vladimir Putin matches "read my lips"`)
	}
	for _, h := range hits {
		if !strings.Contains(strings.ToLower(h.Content), "read my lips") || h.Speaker.Name == nil || *h.Speaker.Name != "Vladimir Putin" {
			t.Errorf("hit %+v: want Vladimir Putin saying “Read my lips”", h)
		}
	}
}
