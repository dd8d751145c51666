package timex

import (
	"testing"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

// BenchmarkTagPolNeAR tags the articles of PolNeAR train, one article per iteration. It
// skips without ../shared.
func BenchmarkTagPolNeAR(b *testing.B) {
	texts, size := sharedtest.Texts(b, "data", "polnear", "train", "text")
	tg := New()
	b.SetBytes(size / int64(len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tg.Tag(texts[i%len(texts)], ref)
		i++
	}
}
