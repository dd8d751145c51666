package coref

import (
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/entity"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/quote"
	"github.com/whosaid/whosaid/tokenize"
)

// BenchmarkResolvePolNeAR resolves the speakers of the articles of PolNeAR train, tokenized,
// with their entities and statements found beforehand, one article per iteration. It skips
// without ../shared.
func BenchmarkResolvePolNeAR(b *testing.B) {
	texts, _ := sharedtest.Texts(b, "data", "polnear", "train", "text")
	tk, ents, qx := tokenize.New(), entity.New(nil), quote.New()
	docs := make([]*document.Doc, 0, len(texts))
	for _, text := range texts {
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		ents.Find(d)
		qx.Extract(d)
		docs = append(docs, d)
	}
	r := New()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Resolve(docs[i%len(docs)])
		i++
	}
}
