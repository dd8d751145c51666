package attrib

import (
	"testing"

	"github.com/whosaid/whosaid/pos"
)

// BenchmarkLoad measures loading the embedded model, as Default does (the part-of-speech
// tagger it uses is loaded once, before the loop). Loading in a loop reuses memory that the
// collector has freed, where a process's one load takes fresh pages from the system: see
// learn.Prefault for what that costs.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	pos.Default()
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
