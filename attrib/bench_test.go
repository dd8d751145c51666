package attrib

import (
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/tokenize"
)

// BenchmarkStatementsCold runs the model over PolNeAR's training articles, tokenized and
// tagged with parts of speech beforehand, with the processor's caches evicted before each
// article, untimed, as a pipeline's other stages evict them between one article's statements
// and the next. It reports the time Statements takes per article: much of it is waiting for
// the model's tables and the word cache, which BenchmarkStatementsPolNeAR, running article
// after article with nothing between, keeps in cache.
func BenchmarkStatementsCold(b *testing.B) {
	m, docs, _ := taggedNews(b, "train")
	sharedtest.Cold(b, len(docs), func(i int) { m.Statements(docs[i]) })
}

// taggedNews returns the embedded model and PolNeAR's articles of split ("train", "dev"),
// tokenized and tagged with parts of speech as the pipeline does before the model runs, with
// their size in bytes.
func taggedNews(b *testing.B, split string) (*Model, []*document.Doc, int64) {
	m, docs, size := news(b, split)
	for _, d := range docs {
		m.pos.TagDoc(d)
	}
	return m, docs, size
}

// news returns the embedded model and PolNeAR's articles of split ("train", "dev"),
// tokenized, with their size in bytes; it skips tb without ../shared.
func news(tb testing.TB, split string) (*Model, []*document.Doc, int64) {
	texts, size := sharedtest.Texts(tb, "data", "polnear", split, "text")
	m, err := Default()
	if err != nil {
		tb.Fatal(err)
	}
	tk := tokenize.New()
	docs := make([]*document.Doc, 0, len(texts))
	for _, text := range texts {
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		docs = append(docs, d)
	}
	return m, docs, size
}
