package ner

import (
	"bytes"
	"compress/flate"
	"slices"
	"testing"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
)

// Models used to be stored deflated; such a model must still load, and tag as the plain one.
func TestLoadDeflated(t *testing.T) {
	var z bytes.Buffer
	zw, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(model)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	old, err := Load(&z)
	if err != nil {
		t.Fatalf("deflated model: %v", err)
	}
	words := []string{"The", "minister", "said", "on", "Thursday", "that", "prices", "rose", "."}
	want, got := make([]Label, len(words)), make([]Label, len(words))
	Default().Tag(words, want)
	old.Tag(words, got)
	if !slices.Equal(got, want) {
		t.Errorf("deflated model tags %v, plain model %v", got, want)
	}
	if _, err := Load(bytes.NewReader([]byte("not a model"))); err == nil {
		t.Error("Load accepted garbage")
	}
}

// TestModelTransitions checks that the embedded model's transition weights are found: their
// features' hashes must be the same on every platform as where the model was trained. Where
// int has 32 bits (GOARCH=386) learn.Trans once hashed otherwise, and the tagger decoded
// with all transitions zero.
func TestModelTransitions(t *testing.T) {
	tab := Default().tab
	for p := learn.Start; p < numClasses; p++ {
		if !tab.has(learn.Trans(p)) {
			t.Errorf("no weights for the transitions from class %d", p)
		}
	}
}

// BenchmarkLoad measures loading the embedded model, as Default does once per process (the
// part-of-speech tagger it uses is loaded once, before the loop). Loading in a loop reuses
// memory that the collector has freed, where a process's one load takes fresh pages from the
// system: see learn.Prefault for what that costs.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	pos.Default()
	for b.Loop() {
		Default()
	}
}
