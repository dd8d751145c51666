package quote

import (
	"testing"
	"time"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/timex"
	"github.com/whosaid/whosaid/tokenize"
)

// BenchmarkExtractPolNeAR runs the rules over the articles of PolNeAR train, tokenized and
// with their dates tagged beforehand, one article per iteration. It skips without ../shared.
func BenchmarkExtractPolNeAR(b *testing.B) {
	texts, size := sharedtest.Texts(b, "data", "polnear", "train", "text")
	tk, tx := tokenize.New(), timex.New()
	ref := time.Date(2016, 11, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]*document.Doc, 0, len(texts))
	for _, text := range texts {
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		d.Dates = tx.Tag(d.Text, ref)
		docs = append(docs, d)
	}
	x := New()
	b.SetBytes(size / int64(len(docs)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d := docs[i%len(docs)]
		d.Statements = nil
		x.Extract(d)
		i++
	}
}
