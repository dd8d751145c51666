package ner

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkTag tags CoNLL valid document by document (TagDoc) when present, else a
// built-in sentence, and reports tokens per second.
func BenchmarkTag(b *testing.B) {
	tg := Default()
	var docs [][][]string
	if f, err := os.Open(filepath.Join("..", "..", "shared", "data", "conll2003", "valid.txt")); err == nil {
		ds, err := readCoNLL(f, "valid.txt")
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range ds {
			var ss [][]string
			for _, s := range d.sents {
				ss = append(ss, s.words)
			}
			docs = append(docs, ss)
		}
	} else {
		docs = [][][]string{{words("“ We said on numerous occasions that we are confident , ” Russian President Vladimir Putin told a conference in Moscow on Thursday , adding that the U.S. investigation wasn’t justified .")}}
	}
	n := 0
	for _, d := range docs {
		for _, s := range d {
			n += len(s)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			tg.TagDoc(d)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkDefault measures loading the embedded model.
func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Default()
	}
}
