package tokenize

import (
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
)

// BenchmarkTokenizePolNeAR tokenizes the articles of PolNeAR train, one article per
// iteration, so that ns/op is the cost of an article of real news rather than of the
// repeated sentences of BenchmarkTokenize. It skips without ../shared.
func BenchmarkTokenizePolNeAR(b *testing.B) {
	texts, size := sharedtest.Texts(b, "data", "polnear", "train", "text")
	tk := New()
	b.SetBytes(size / int64(len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d := &document.Doc{Text: texts[i%len(texts)]}
		tk.Tokenize(d)
		i++
	}
}
