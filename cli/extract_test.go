package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// The articles below are written for these tests; they are not taken from any outlet.

// bridge has non-ASCII text (curly quotes, accents, an emoji) before its statements, so that
// byte offsets and code point offsets differ.
const bridge = `Mayor: ‘The bridge will open in May’

Café owners on Rue Élise cheered 🎉 as cranes lifted the last span into place.

Eastport Mayor Jane Alder said on Tuesday that the new bridge would open in May.

“We have learned a lot,” Alder told reporters. “Nobody wanted a delay.”

Critics were not convinced. “This is the third date they have given us,” said Tom Reyes, a councillor.
`

// library is a second good article.
const library = `Library to close on Sundays

The Northfield library will close on Sundays from June, its director said on Monday.

“We cannot pay for the extra staff,” said Priya Nair, who has run the library since 2019.
`

// run calls Main with buffers and returns what it wrote and its exit status.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args)
	return out.String(), errb.String(), code
}

// write creates a file under dir with the given content and returns its path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// lines splits output into its lines, without the final empty one.
func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestExtractBadInputs(t *testing.T) {
	dir := t.TempDir()
	good1 := write(t, dir, "bridge.txt", bridge)
	good2 := write(t, dir, "library.txt", library)

	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file of 50 MB on one line: it costs nothing to make, and must be refused from
	// its size without being read.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()

	bad := []struct {
		name, path, reason string
	}{
		{"empty", write(t, dir, "empty.txt", ""), "empty"},
		{"binary", write(t, dir, "binary.bin", "PK\x03\x04\x00\x00\x00\x08word\x00\x00"), "binary"},
		{"invalid UTF-8", write(t, dir, "latin1.txt", "Caf\xe9 au lait\n\nThe mayor said it was fine.\n"), "invalid UTF-8"},
		{"too large", big, "exceeds the limit"},
		{"only quote marks", write(t, dir, "quotes.txt", strings.Repeat(`“”""''‘’«»`, 200)), "no words"},
		{"does not exist", filepath.Join(dir, "missing.txt"), "no such file"},
	}

	args := []string{"extract", "--format", "jsonl", good1}
	for _, b := range bad {
		args = append(args, b.path)
	}
	args = append(args, good2)
	stdout, stderr, code := run(t, "", args...)

	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	errLines := lines(stderr)
	if len(errLines) != len(bad) {
		t.Errorf("stderr has %d lines, want %d (one per bad input):\n%s", len(errLines), len(bad), stderr)
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			var found []string
			for _, l := range errLines {
				if strings.Contains(l, b.path) {
					found = append(found, l)
				}
			}
			if len(found) != 1 {
				t.Fatalf("want exactly one stderr line naming %s, got %d:\n%s", b.path, len(found), stderr)
			}
			l := found[0]
			if !strings.HasPrefix(l, "whosaid: ") {
				t.Errorf("line %q does not start with %q", l, "whosaid: ")
			}
			if !strings.Contains(l, b.reason) {
				t.Errorf("line %q does not give the reason %q", l, b.reason)
			}
		})
	}

	// The good inputs are still processed, in order.
	out := lines(stdout)
	if len(out) != 2 {
		t.Fatalf("stdout has %d lines, want 2 (the good articles):\n%s", len(out), stdout)
	}
	for i, want := range []struct{ path, speaker string }{{good1, "Jane Alder"}, {good2, "Priya Nair"}} {
		var a jsonArticle
		if err := json.Unmarshal([]byte(out[i]), &a); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if a.ID != want.path {
			t.Errorf("article %d is %q, want %q", i+1, a.ID, want.path)
		}
		if !hasSpeaker(a, want.speaker) {
			t.Errorf("article %s: no statement by %s", a.ID, want.speaker)
		}
	}
}

// TestExtractTooLargeNotRead checks that a file over the limit is refused from its size: a
// run over a 50 MB file allocates far less than 50 MB.
func TestExtractTooLargeNotRead(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// The baseline is a run over a small file: it loads the attribution model (some MB),
	// which a refused file must not add to.
	tiny := write(t, t.TempDir(), "tiny.txt", library)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	run(t, "", "extract", tiny)
	runtime.ReadMemStats(&after)
	baseline := after.TotalAlloc - before.TotalAlloc
	runtime.ReadMemStats(&before)
	_, stderr, code := run(t, "", "extract", big)
	runtime.ReadMemStats(&after)
	if code != 1 || !strings.Contains(stderr, "too large") && !strings.Contains(stderr, "exceeds the limit") {
		t.Errorf("exit %d, stderr %q: want 1 and a size refusal", code, stderr)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > baseline+4<<20 {
		t.Errorf("refusing a 50 MB file allocated %d bytes (a small file: %d); it should not be read", alloc, baseline)
	}
	// The limit can be set.
	small := write(t, t.TempDir(), "small.txt", library)
	if _, stderr, code := run(t, "", "extract", "--max-bytes", "100", small); code != 1 || !strings.Contains(stderr, small) {
		t.Errorf("--max-bytes 100: exit %d, stderr %q; want 1 and a message naming %s", code, stderr, small)
	}
}

func TestExtractGoodInputsExitZero(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"text", "json", "jsonl"} {
		stdout, stderr, code := run(t, "", "extract", "--format", format,
			write(t, dir, "bridge.txt", bridge), write(t, dir, "library.txt", library))
		if code != 0 || stderr != "" {
			t.Errorf("--format %s: exit %d, stderr %q; want 0 and nothing", format, code, stderr)
		}
		if !strings.Contains(stdout, "Priya Nair") {
			t.Errorf("--format %s: stdout lacks the second article's speaker:\n%s", format, stdout)
		}
	}
}

// jsonArticle mirrors the documented JSON schema, to decode whosaid's output independently
// of the output package.
type jsonArticle struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Published  *string         `json:"published"`
	Outlet     *string         `json:"outlet"`
	URL        *string         `json:"url"`
	Text       string          `json:"text"`
	Statements []jsonStatement `json:"statements"`
}

type jsonStatement struct {
	Kind    string `json:"kind"`
	Speaker struct {
		Name *string `json:"name"`
		Type string  `json:"type"`
	} `json:"speaker"`
	Source  *jsonMention `json:"source"`
	Cue     *jsonMention `json:"cue"`
	Content struct {
		Text  string   `json:"text"`
		Spans [][2]int `json:"spans"`
	} `json:"content"`
	Date *string `json:"date"`
}

type jsonMention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func hasSpeaker(a jsonArticle, name string) bool {
	for _, st := range a.Statements {
		if st.Speaker.Name != nil && *st.Speaker.Name == name {
			return true
		}
	}
	return false
}

var (
	articleFields   = []string{"id", "title", "published", "outlet", "url", "text", "statements", "entities", "dates"}
	statementFields = []string{"kind", "speaker", "source", "cue", "content", "date"}
)

// checkFields checks that obj has every field of the schema.
func checkFields(t *testing.T, obj map[string]json.RawMessage) {
	t.Helper()
	requireFields(t, "article", obj, articleFields...)
	var sts []map[string]json.RawMessage
	if err := json.Unmarshal(obj["statements"], &sts); err != nil {
		t.Fatalf("statements: %v", err)
	}
	if len(sts) == 0 {
		t.Fatal("no statements")
	}
	for i, st := range sts {
		where := fmt.Sprintf("statement %d", i)
		requireFields(t, where, st, statementFields...)
		for _, sub := range []struct {
			field  string
			fields []string
		}{{"speaker", []string{"name", "type"}}, {"content", []string{"text", "spans"}}} {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(st[sub.field], &m); err != nil {
				t.Fatalf("%s %s: %v", where, sub.field, err)
			}
			requireFields(t, where+" "+sub.field, m, sub.fields...)
		}
	}
}

// requireFields reports every field missing from obj.
func requireFields(t *testing.T, where string, obj map[string]json.RawMessage, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if _, ok := obj[f]; !ok {
			t.Errorf("%s lacks field %q", where, f)
		}
	}
}

// checkOffsets checks that every offset of a is a code point offset into its text.
func checkOffsets(t *testing.T, a jsonArticle) {
	t.Helper()
	text := []rune(a.Text)
	slice := func(start, end int) (string, bool) {
		if start < 0 || start > end || end > len(text) {
			return "", false
		}
		return string(text[start:end]), true
	}
	mention := func(i int, role string, m *jsonMention) {
		if m == nil {
			return
		}
		if got, ok := slice(m.Start, m.End); !ok || got != m.Text {
			t.Errorf("statement %d %s [%d:%d] slices to %q, want %q", i, role, m.Start, m.End, got, m.Text)
		}
	}
	for i, st := range a.Statements {
		mention(i, "source", st.Source)
		mention(i, "cue", st.Cue)
		if len(st.Content.Spans) == 0 {
			t.Errorf("statement %d has no content spans", i)
		}
		var parts []string
		for _, sp := range st.Content.Spans {
			got, ok := slice(sp[0], sp[1])
			if !ok {
				t.Errorf("statement %d content span %v out of range", i, sp)
			}
			parts = append(parts, got)
		}
		if got := strings.Join(parts, " "); got != st.Content.Text {
			t.Errorf("statement %d content spans slice to %q, want %q", i, got, st.Content.Text)
		}
	}
}

func TestExtractJSON(t *testing.T) {
	dir := t.TempDir()
	p1 := write(t, dir, "bridge.txt", bridge)
	p2 := write(t, dir, "library.txt", library)
	if len(bridge) == len([]rune(bridge)) {
		t.Fatal("the sample must have non-ASCII text")
	}

	t.Run("one input is one object", func(t *testing.T) {
		stdout, stderr, code := run(t, "", "extract", "--format", "json", "--date", "2024-03-14", p1)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.HasPrefix(strings.TrimSpace(stdout), "{") {
			t.Fatalf("want one JSON object, got:\n%s", stdout)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(stdout), &obj); err != nil {
			t.Fatal(err)
		}
		checkFields(t, obj)
		var a jsonArticle
		if err := json.Unmarshal([]byte(stdout), &a); err != nil {
			t.Fatal(err)
		}
		if a.Text != bridge {
			t.Errorf("text field differs from the article")
		}
		if a.Title != "Mayor: ‘The bridge will open in May’" {
			t.Errorf("title = %q", a.Title)
		}
		if a.Published == nil || *a.Published != "2024-03-14" {
			t.Errorf("published = %v, want 2024-03-14", a.Published)
		}
		checkOffsets(t, a)
		for _, who := range []string{"Jane Alder", "Tom Reyes"} {
			if !hasSpeaker(a, who) {
				t.Errorf("no statement by %s", who)
			}
		}
		// The offsets of a statement after the non-ASCII paragraph must differ from its
		// byte offsets, or the test proves nothing.
		for _, st := range a.Statements {
			if st.Cue != nil && st.Cue.Text == "said" {
				if b := strings.Index(bridge, "said on Tuesday"); b == st.Cue.Start {
					t.Errorf("cue offset %d is a byte offset", b)
				}
			}
		}
	})

	t.Run("two inputs are an array", func(t *testing.T) {
		stdout, stderr, code := run(t, "", "extract", "--format", "json", p1, p2)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.HasPrefix(strings.TrimSpace(stdout), "[") {
			t.Fatalf("want a JSON array, got:\n%s", stdout)
		}
		var objs []map[string]json.RawMessage
		if err := json.Unmarshal([]byte(stdout), &objs); err != nil {
			t.Fatal(err)
		}
		if len(objs) != 2 {
			t.Fatalf("array of %d, want 2", len(objs))
		}
		var as []jsonArticle
		if err := json.Unmarshal([]byte(stdout), &as); err != nil {
			t.Fatal(err)
		}
		for i, obj := range objs {
			checkFields(t, obj)
			checkOffsets(t, as[i])
		}
		if as[0].ID != p1 || as[1].ID != p2 {
			t.Errorf("ids %q, %q; want %q, %q", as[0].ID, as[1].ID, p1, p2)
		}
	})
}

func TestExtractJSONL(t *testing.T) {
	dir := t.TempDir()
	paths := []string{write(t, dir, "bridge.txt", bridge), write(t, dir, "library.txt", library), write(t, dir, "bridge2.txt", bridge)}
	stdout, stderr, code := run(t, "", append([]string{"extract", "--format", "jsonl"}, paths...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ls := lines(stdout)
	if len(ls) != len(paths) {
		t.Fatalf("%d lines, want %d:\n%s", len(ls), len(paths), stdout)
	}
	for i, l := range ls {
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(l)); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if compact.String() != l {
			t.Errorf("line %d is not compact", i+1)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &obj); err != nil {
			t.Fatalf("line %d is not an object: %v", i+1, err)
		}
		checkFields(t, obj)
		var a jsonArticle
		json.Unmarshal([]byte(l), &a)
		if a.ID != paths[i] {
			t.Errorf("line %d is %q, want %q", i+1, a.ID, paths[i])
		}
		checkOffsets(t, a)
	}
}

var (
	tLine = regexp.MustCompile(`^(T\d+)\t(Source|Cue|Content|Attribution) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$`)
	eLine = regexp.MustCompile(`^E\d+\tAttribution:(T\d+)(?: Source:(T\d+))?(?: Cue:(T\d+))? Content:(T\d+)$`)
)

// checkAnn checks a brat .ann file against the text it annotates and returns the number of
// relations.
func checkAnn(t *testing.T, ann, text string) int {
	t.Helper()
	runes := []rune(text)
	flat := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ")
	types := map[string]string{}
	rels := 0
	for _, l := range lines(ann) {
		if m := tLine.FindStringSubmatch(l); m != nil {
			types[m[1]] = m[2]
			var parts []string
			for _, frag := range strings.Split(m[3], ";") {
				var s, e int
				fmt.Sscanf(frag, "%d %d", &s, &e)
				if s < 0 || s > e || e > len(runes) {
					t.Errorf("%s: offsets %d %d out of range", m[1], s, e)
					continue
				}
				parts = append(parts, flat.Replace(string(runes[s:e])))
			}
			if got := strings.Join(parts, " "); got != m[4] {
				t.Errorf("%s: offsets %s slice to %q, line says %q", m[1], m[3], got, m[4])
			}
			continue
		}
		if m := eLine.FindStringSubmatch(l); m != nil {
			rels++
			for i, role := range []string{"Attribution", "Source", "Cue", "Content"} {
				if id := m[i+1]; id != "" && types[id] != role {
					t.Errorf("%q: %s is a %q, want a %s defined before", l, id, types[id], role)
				}
			}
			continue
		}
		t.Errorf("malformed .ann line %q", l)
	}
	return rels
}

func TestExtractBrat(t *testing.T) {
	dir := t.TempDir()
	p1 := write(t, dir, "a/story.txt", bridge)
	p2 := write(t, dir, "b/story.txt", library)
	out := filepath.Join(dir, "out")
	_, stderr, code := run(t, "", "extract", "--format", "brat", "--out", out, p1, p2)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, c := range []struct{ name, text string }{{"story", bridge}, {"story-2", library}} {
		ann, err := os.ReadFile(filepath.Join(out, c.name+".ann"))
		if err != nil {
			t.Fatal(err)
		}
		if n := checkAnn(t, string(ann), c.text); n == 0 {
			t.Errorf("%s.ann has no relations:\n%s", c.name, ann)
		}
		txt, err := os.ReadFile(filepath.Join(out, c.name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if string(txt) != c.text {
			t.Errorf("%s.txt differs from its input", c.name)
		}
	}
	ann, _ := os.ReadFile(filepath.Join(out, "story.ann"))
	for _, want := range []string{"\tSource ", "\tCue ", "\tContent ", "\tAttribution ", "\tTom Reyes", "\tsaid\n"} {
		if !strings.Contains(string(ann), want) {
			t.Errorf("story.ann lacks %q:\n%s", want, ann)
		}
	}

	if _, stderr, code := run(t, "", "extract", "--format", "brat", p1); code != 2 || !strings.Contains(stderr, "--out") {
		t.Errorf("brat without --out: exit %d, stderr %q; want 2 and a message about --out", code, stderr)
	}
}

func TestExtractText(t *testing.T) {
	stdout, stderr, code := run(t, bridge, "extract", "--format", "text", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Mayor: ‘The bridge will open in May’\n",
		"Jane Alder",
		"that the new bridge would open in May",
		"“We have learned a lot,”",
		"“Nobody wanted a delay.”",
		"Tom Reyes",
		"“This is the third date they have given us,”",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.HasPrefix(stdout, "Mayor: ‘The bridge will open in May’\n") {
		t.Errorf("text output does not start with the headline:\n%s", stdout)
	}
}

func TestExtractStdinAndFlags(t *testing.T) {
	stdout, stderr, code := run(t, library, "extract", "--format", "json", "--date", "2023-11-02", "--outlet", "Northfield Gazette", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var a jsonArticle
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != "-" || a.Text != library {
		t.Errorf("id %q, text %q; want the standard input", a.ID, a.Text)
	}
	if a.Published == nil || *a.Published != "2023-11-02" {
		t.Errorf("published = %v, want 2023-11-02", a.Published)
	}
	if a.Outlet == nil || *a.Outlet != "Northfield Gazette" {
		t.Errorf("outlet = %v, want Northfield Gazette", a.Outlet)
	}
	if !hasSpeaker(a, "Priya Nair") {
		t.Errorf("no statement by Priya Nair")
	}
	// "said on Monday" resolves against --date.
	if len(a.Statements) == 0 || a.Statements[0].Date == nil || *a.Statements[0].Date != "2023-10-30" {
		t.Errorf("'its director said on Monday': want the first statement dated 2023-10-30, got %+v", a.Statements)
	}
}

func TestMainUsageAndErrors(t *testing.T) {
	good := write(t, t.TempDir(), "library.txt", library)
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string // substring expected on stdout
		stderr  string // substring expected on stderr
		noWrite bool   // nothing on stdout
	}{
		{name: "no args", args: nil, code: 2, stdout: "Usage: whosaid"},
		{name: "help", args: []string{"help"}, code: 0, stdout: "extract"},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "Usage: whosaid"},
		{name: "unknown command", args: []string{"quote"}, code: 2, stderr: `unknown command "quote"`, noWrite: true},
		{name: "bad date", args: []string{"extract", "--date", "14/03/2024", good}, code: 2, stderr: "--date", noWrite: true},
		{name: "impossible date", args: []string{"extract", "--date", "2024-02-30", good}, code: 2, stderr: "--date", noWrite: true},
		{name: "bad format", args: []string{"extract", "--format", "xml", good}, code: 2, stderr: "--format", noWrite: true},
		{name: "unknown flag", args: []string{"extract", "--colour", good}, code: 2, stderr: "colour", noWrite: true},
		{name: "extract without inputs", args: []string{"extract"}, code: 2, stderr: "Usage: whosaid extract", noWrite: true},
		{name: "extract -h", args: []string{"extract", "-h"}, code: 0, stderr: "--format"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "whosaid "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout %q lacks %q", stdout, tt.stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if tt.noWrite && stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

// generated returns the i-th of a family of made-up articles that differ in names, numbers and
// the shape of their statements.
func generated(i int) string {
	first := []string{"Ana", "Ben", "Chloé", "Dev", "Emeka", "Fatima", "Gus"}[i%7]
	last := []string{"Ortiz", "Lund", "Moreau", "Rao", "Obi", "Haddad", "Berg"}[i%5]
	town := []string{"Eastport", "Northfield", "Riverton"}[i%3]
	var b strings.Builder
	fmt.Fprintf(&b, "%s council backs plan %d\n\n", town, i)
	fmt.Fprintf(&b, "%s council member %s %s said on Wednesday that plan %d would cost %d million dollars.\n\n", town, first, last, i, 3+i%9)
	if i%2 == 0 {
		fmt.Fprintf(&b, "“It is the right plan for %s,” %s said. “We waited long enough.”\n\n", town, last)
	} else {
		fmt.Fprintf(&b, "“We were not asked,” said Kim Park, who leads a residents’ group. Park added that %d people had signed a petition.\n\n", 100+i)
	}
	if i%3 == 0 {
		b.WriteString("According to the city’s own figures, the plan is late.\n")
	}
	for j := 0; j < i%4; j++ {
		fmt.Fprintf(&b, "\nThe vote was %d to %d. Nobody spoke against it.\n", 5+j, i%5)
	}
	return b.String()
}

func TestExtractWorkersPreserveOrder(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 30; i++ {
		write(t, dir, fmt.Sprintf("sub%d/article%02d.txt", i%3, i), generated(i))
	}
	write(t, dir, "sub1/empty.txt", "") // a bad input keeps its place too
	for _, format := range []string{"jsonl", "text"} {
		out1, err1, code1 := run(t, "", "extract", "--format", format, "--workers", "1", dir)
		out4, err4, code4 := run(t, "", "extract", "--format", format, "--workers", "4", dir)
		if code1 != 1 || code4 != 1 {
			t.Errorf("--format %s: exit %d and %d, want 1 (one empty file)", format, code1, code4)
		}
		if out1 != out4 {
			t.Errorf("--format %s: --workers 1 and --workers 4 differ", format)
		}
		if err1 != err4 {
			t.Errorf("--format %s: stderr differs: %q vs %q", format, err1, err4)
		}
		if format == "jsonl" {
			ls := lines(out1)
			if len(ls) != 30 {
				t.Fatalf("%d articles, want 30", len(ls))
			}
			prev := ""
			for _, l := range ls {
				var a jsonArticle
				if err := json.Unmarshal([]byte(l), &a); err != nil {
					t.Fatal(err)
				}
				if a.ID <= prev {
					t.Errorf("%q comes after %q", a.ID, prev)
				}
				prev = a.ID
				if len(a.Statements) == 0 {
					t.Errorf("%s: no statements", a.ID)
				}
			}
		}
	}
}

func TestExtractNegatedCue(t *testing.T) {
	tests := []struct {
		sentence, who string
	}{
		{"Smith did not confirm the report.", "Smith"},
		{"Jones declined to comment on the plan.", "Jones"},
		{"Council member Ann Smith did not confirm the report.", "Smith"},
		{"Smith didn't confirm the report.", "Smith"},
		{"Jones refused to comment.", "Jones"},
		{"Smith would not say whether the plan was dead.", "Smith"},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			text := "Budget row deepens\n\n" + tt.sentence + "\n\nThe council meets again on " + strconv.Itoa(12) + " May.\n"
			stdout, stderr, code := run(t, text, "extract", "--format", "json", "-")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var a jsonArticle
			if err := json.Unmarshal([]byte(stdout), &a); err != nil {
				t.Fatal(err)
			}
			for _, st := range a.Statements {
				if st.Speaker.Name != nil && strings.Contains(*st.Speaker.Name, tt.who) ||
					st.Source != nil && strings.Contains(st.Source.Text, tt.who) {
					t.Errorf("negated cue gave a statement by %s: %+v", tt.who, st)
				}
			}
		})
	}
}

// TestStatsLine checks the figures --stats prints, in the form scripts/bench-extract.sh
// reads: the articles, the rate over the whole run and the rate after the models loaded,
// which cannot be the lower of the two.
func TestStatsLine(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", bridge)
	write(t, dir, "b.txt", library)
	_, stderr, code := run(t, "", "extract", "--stats", "--format", "jsonl", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	re := regexp.MustCompile(`(?m)^articles 2 \(failed 0\), statements [1-9][0-9]*, [0-9.]+ MB in [0-9.]+ s: ([0-9]+) articles/s, [0-9.]+ MB/s(, peak RSS [0-9.]+ MB)?; models loaded in [0-9.]+ s, ([0-9]+) articles/s after$`)
	m := re.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no --stats line of the expected form in:\n%s", stderr)
	}
	whole, after := atoi(t, m[1]), atoi(t, m[3])
	if after < whole {
		t.Errorf("%d articles/s after loading, %d over the whole run: want after >= whole", after, whole)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMemProfile checks that --memprofile writes a profile that holds the run's allocations,
// the articles' among them (the tokenizer's arrays for the first document).
func TestMemProfile(t *testing.T) {
	dir := t.TempDir()
	in := write(t, dir, "a.txt", bridge)
	prof := filepath.Join(dir, "mem.prof")
	if _, stderr, code := run(t, "", "extract", "--memprofile", prof, "--format", "jsonl", in); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 100 || data[0] != 0x1f || data[1] != 0x8b {
		t.Fatalf("profile of %d bytes, not a gzipped pprof profile", len(data))
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("reading the profile: %v", err)
	}
	// The profile's string table names the functions of its samples.
	if !bytes.Contains(raw, []byte("whosaid/tokenize.")) {
		t.Error("no allocation by package tokenize in the profile")
	}
}
