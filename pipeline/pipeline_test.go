package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/document"
)

// sample is an article written for the tests (not taken from any outlet).
const sample = `Mayor: ‘The bridge will open in May’

Eastport Mayor Jane Alder said on Tuesday that the new bridge would open in May, two months late.

“We have learned a lot from this project,” Alder told reporters at city hall. “Nobody wanted a delay.”

Critics were not convinced. “This is the third date they have given us,” said Tom Reyes, a councillor.

According to a report by the city auditor, the project is 20 percent over budget. Alder did not confirm the figure.
`

func TestAnalyzeSample(t *testing.T) {
	d := &document.Doc{Text: sample, Published: time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)}
	New().Analyze(d)
	type want struct{ speaker, kind, cue, content string }
	wants := []want{
		{"Jane Alder", "direct", "", "‘The bridge will open in May’"},
		{"Jane Alder", "indirect", "said", "that the new bridge would open in May, two months late"},
		{"Jane Alder", "direct", "told", "“We have learned a lot from this project,”"},
		{"Jane Alder", "direct", "", "“Nobody wanted a delay.”"},
		{"Tom Reyes", "direct", "said", "“This is the third date they have given us,”"},
		{"", "indirect", "According to", "the project is 20 percent over budget"},
	}
	if len(d.Statements) != len(wants) {
		for _, st := range d.Statements {
			t.Logf("%s %s %q %q", st.Speaker.Name, st.Kind, d.Slice(st.Cue), d.Slice(st.Content[0]))
		}
		t.Fatalf("got %d statements, want %d", len(d.Statements), len(wants))
	}
	for i, w := range wants {
		st := d.Statements[i]
		var content []string
		for _, sp := range st.Content {
			content = append(content, d.Slice(sp))
		}
		got := want{st.Speaker.Name, string(st.Kind), d.Slice(st.Cue), strings.Join(content, " ")}
		if got != w {
			t.Errorf("statement %d = %+v, want %+v", i, got, w)
		}
	}
	if d.Statements[1].Date != "2024-03-12" {
		t.Errorf("date of 'said on Tuesday' = %q, want 2024-03-12", d.Statements[1].Date)
	}
}

// TestAnalyzeBatch checks that analysing documents stage after stage leaves each as
// analysing it alone does: no stage may carry state from one document into the next.
func TestAnalyzeBatch(t *testing.T) {
	texts := []string{
		sample,
		"",
		"“”“”‘’\"\"",
		"Nothing is quoted here. The council met on Monday.",
		strings.Replace(sample, "Jane Alder", "Priya Nair", -1),
		sample,
	}
	texts = append(texts, polnear(40)...)
	pub := time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)
	a := New()
	one := make([]*document.Doc, len(texts))
	batch := make([]*document.Doc, len(texts))
	for i, text := range texts {
		one[i] = &document.Doc{Text: text, Published: pub}
		a.Analyze(one[i])
		batch[i] = &document.Doc{Text: text, Published: pub}
	}
	errs := a.AnalyzeBatch(batch, nil)
	for i := range texts {
		if errs[i] != nil {
			t.Errorf("document %d: %v", i, errs[i])
		}
		if !reflect.DeepEqual(one[i], batch[i]) {
			t.Errorf("document %d (%.40q…) differs when analysed in a batch", i, texts[i])
		}
	}
}

// TestAnalyzeBatchPanic checks that a stage's panic on one document stops only that
// document's analysis.
func TestAnalyzeBatchPanic(t *testing.T) {
	var second []string
	a := NewWith(
		StageFunc(func(d *document.Doc) {
			if d.Text == "bad" {
				panic(errors.New("no good"))
			}
		}),
		StageFunc(func(d *document.Doc) { second = append(second, d.Text) }),
	)
	docs := []*document.Doc{{Text: "a"}, {Text: "bad"}, {Text: "b"}}
	errs := a.AnalyzeBatch(docs, make([]error, 1))
	if len(errs) != 3 || errs[0] != nil || errs[2] != nil {
		t.Fatalf("errs = %v, want an error for the second document only", errs)
	}
	var se *StageError
	if !errors.As(errs[1], &se) || se.Stage != 0 || errs[1].Error() != "stage 0: no good" {
		t.Errorf("errs[1] = %v, want the first stage's panic", errs[1])
	}
	if errs[1] == nil || errors.Unwrap(errs[1]) == nil || errors.Unwrap(errs[1]).Error() != "no good" {
		t.Errorf("errs[1] does not unwrap to the panic's error")
	}
	if want := []string{"a", "b"}; !reflect.DeepEqual(second, want) {
		t.Errorf("second stage saw %q, want %q", second, want)
	}
	// The error slice is reused and cleared.
	errs = a.AnalyzeBatch(docs[:1], errs)
	if len(errs) != 1 || errs[0] != nil {
		t.Errorf("second batch: errs = %v", errs)
	}
}

// polnear returns up to n PolNeAR train texts, or none without ../shared.
func polnear(n int) []string {
	files, _ := filepath.Glob("../../shared/data/polnear/train/text/*.txt")
	var texts []string
	for _, f := range files {
		if len(texts) == n && n >= 0 {
			break
		}
		if data, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(data))
		}
	}
	return texts
}

// BenchmarkAnalyze measures the whole pipeline per article. With ../shared present it runs
// over PolNeAR train; otherwise over the sample above.
func BenchmarkAnalyze(b *testing.B) { benchAnalyze(b, 1) }

// BenchmarkAnalyzeBatch is BenchmarkAnalyze with the articles analysed 256 at a time
// (Analyzer.AnalyzeBatch), as extract does.
func BenchmarkAnalyzeBatch(b *testing.B) { benchAnalyze(b, 256) }

// benchAnalyze analyses the benchmark's articles batch at a time (one at a time with
// Analyze when batch is 1).
func benchAnalyze(b *testing.B, batch int) {
	texts := benchTexts()
	var size int64
	for _, t := range texts {
		size += int64(len(t))
	}
	a := New()
	b.ReportAllocs()
	b.SetBytes(size / int64(len(texts)))
	docs := make([]*document.Doc, batch)
	var errs []error
	i := 0
	for b.Loop() {
		switch {
		case batch == 1:
			a.Analyze(&document.Doc{Text: texts[i%len(texts)]})
		case i%batch == 0:
			for j := range docs {
				docs[j] = &document.Doc{Text: texts[(i+j)%len(texts)]}
			}
			errs = a.AnalyzeBatch(docs, errs)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// benchTexts returns PolNeAR train's texts, or the sample without ../shared.
func benchTexts() []string {
	if texts := polnear(-1); len(texts) > 0 {
		return texts
	}
	return []string{sample}
}

// TestAnalyzersDropped makes analyzers one after another and drops each, with the collector
// running all the while: the models' tables lie outside the Go heap and are unmapped once
// their analyzer is unreachable (package hugepage), so a table read after that would crash
// the test, and one read while another analyzer's tables take its place would change the
// statements.
func TestAnalyzersDropped(t *testing.T) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}()
	defer func() { close(stop); <-done }()
	var want []document.Statement
	for i := range 8 {
		d := &document.Doc{Text: sample, Published: time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)}
		New().Analyze(d)
		if i == 0 {
			want = d.Statements
			if len(want) == 0 {
				t.Fatal("no statements in the sample")
			}
			continue
		}
		if !reflect.DeepEqual(d.Statements, want) {
			t.Fatalf("analyzer %d found other statements than the first", i)
		}
	}
}
