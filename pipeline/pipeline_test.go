package pipeline

import (
	"os"
	"path/filepath"
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

// BenchmarkAnalyze measures the whole pipeline per article. With ../shared present it runs
// over PolNeAR train; otherwise over the sample above.
func BenchmarkAnalyze(b *testing.B) {
	texts := []string{sample}
	if files, _ := filepath.Glob("../../shared/data/polnear/train/text/*.txt"); len(files) > 0 {
		texts = texts[:0]
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				texts = append(texts, string(data))
			}
		}
	}
	var size int64
	for _, t := range texts {
		size += int64(len(t))
	}
	a := New()
	b.ReportAllocs()
	b.SetBytes(size / int64(len(texts)))
	i := 0
	for b.Loop() {
		d := &document.Doc{Text: texts[i%len(texts)]}
		a.Analyze(d)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
