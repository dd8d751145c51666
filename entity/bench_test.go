package entity

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/tokenize"
)

// BenchmarkFindNews runs Find over PolNeAR's training articles, real news whose mix of
// names, headlines and long sentences the short BenchmarkFind text does not have, and
// reports articles per second.
func BenchmarkFindNews(b *testing.B) {
	docs, tokens := newsDocs(b)
	f := New(nil)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			f.Find(d)
		}
	}
	per := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(len(docs))/per, "articles/s")
	b.ReportMetric(per*1e9/float64(tokens), "ns/token")
}

// BenchmarkFindNewsCold is BenchmarkFindNews with the processor's caches evicted before each
// article, untimed, as a pipeline's other stages evict them between one article's entities
// and the next, and reports the time Find takes per article: much of it is waiting for the
// tables of the taggers, which BenchmarkFindNews, finding entities article after article
// with nothing between, keeps in cache.
func BenchmarkFindNewsCold(b *testing.B) {
	docs, _ := newsDocs(b)
	f := New(nil)
	sharedtest.Cold(b, len(docs), func(i int) { f.Find(docs[i]) })
}

// newsDocs returns PolNeAR's training articles tokenized, and their number of tokens.
func newsDocs(b *testing.B) ([]*document.Doc, int) {
	dir := sharedtest.Path(b, "data", "polnear", "train", "text")
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Skipf("no articles in %s", dir)
	}
	tz := tokenize.New()
	var docs []*document.Doc
	tokens := 0
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		d := &document.Doc{Text: string(text)}
		tz.Tokenize(d)
		docs = append(docs, d)
		tokens += len(d.Tokens)
	}
	return docs, tokens
}
