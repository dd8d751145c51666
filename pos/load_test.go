package pos

import (
	"bytes"
	"compress/flate"
	"slices"
	"testing"

	"github.com/whosaid/whosaid/learn"
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
	want, got := make([]Tag, len(words)), make([]Tag, len(words))
	Default().Tag(words, want)
	old.Tag(words, got)
	if !slices.Equal(got, want) {
		t.Errorf("deflated model tags %v, plain model %v", got, want)
	}
	if _, err := Load(bytes.NewReader([]byte("not a model"))); err == nil {
		t.Error("Load accepted garbage")
	}
}

// BenchmarkLoad measures loading the embedded model, as Default does once per process.
// Loading in a loop reuses memory that the collector has freed, where a process's one load
// takes fresh pages from the system: see learn.Prefault for what that costs.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m, err := learn.ModelBytes(model, modelMagic)
		if err == nil {
			_, err = parse(m)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
