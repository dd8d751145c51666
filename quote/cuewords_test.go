package quote

import (
	"maps"
	"testing"
)

// TestCueWordsWithout checks that the package's CueWords yields what an Extractor's does.
func TestCueWordsWithout(t *testing.T) {
	want, got := maps.Collect(New().CueWords()), maps.Collect(CueWords())
	if len(want) == 0 || !maps.Equal(got, want) {
		t.Errorf("CueWords gives %d words, Extractor.CueWords %d, or they differ", len(got), len(want))
	}
}
