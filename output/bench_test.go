package output

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/pipeline"
)

// benchDocs returns analysed documents to write: the articles of PolNeAR train when
// ../shared is present (at most n), else the test article.
func benchDocs(b *testing.B, n int) []*document.Doc {
	files, _ := filepath.Glob(filepath.Join(sharedtest.Root, "data/polnear/train/text/*.txt"))
	texts := []string{testArticle}
	if len(files) > 0 {
		texts = texts[:0]
		for _, f := range files[:min(n, len(files))] {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			texts = append(texts, string(data))
		}
	}
	an := pipeline.New()
	docs := make([]*document.Doc, len(texts))
	for i, t := range texts {
		docs[i] = &document.Doc{ID: files0(files, i), Text: t}
		an.Analyze(docs[i])
	}
	return docs
}

func files0(files []string, i int) string {
	if i < len(files) {
		return files[i]
	}
	return "test"
}

// BenchmarkJSONL writes analysed articles as JSON Lines, one article per iteration.
func BenchmarkJSONL(b *testing.B) {
	docs := benchDocs(b, 200)
	w := NewJSONLWriter(io.Discard)
	var size int64
	for _, d := range docs {
		size += int64(len(d.Text))
	}
	b.SetBytes(size / int64(len(docs)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := w.Write(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
