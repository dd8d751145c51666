package ner_test

import (
	"fmt"
	"strings"

	"github.com/whosaid/whosaid/ner"
)

func Example() {
	tagger := ner.Default() // load once and keep: safe for concurrent use
	doc := [][]string{
		strings.Fields("Rosa Lind , the mayor of Springfield , said on Friday that Acme Corp will build the bridge ."),
		strings.Fields("Lind did not say what it would cost ."),
	}
	for i, labels := range tagger.TagDoc(doc) {
		for _, s := range ner.Spans(labels) {
			fmt.Println(s.Type, strings.Join(doc[i][s.Start:s.End], " "))
		}
	}
	// Output:
	// PER Rosa Lind
	// LOC Springfield
	// ORG Acme Corp
	// PER Lind
}
