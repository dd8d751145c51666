package attrib

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/tokenize"
)

// TestWordFormIs checks that wordForm.is, which compares short forms by the copy of their
// bytes in the form, tells a form from every other text as comparing the strings does.
func TestWordFormIs(t *testing.T) {
	forms := []string{"A", "Alder", "Don’t", "MAYOR", "ExactlySixteen16", "SeventeenLetters1", "Internationalization", "naïvely"}
	others := []string{"", "a", "B", "Alde", "Alders", "alder", "Don't", "MAYOr", "ExactlySixteen1", "ExactlySixteen17",
		"SeventeenLetters2", "SeventeenLetters", "InternationalizatioN", "naivelyy"}
	for _, text := range forms {
		f := wordForm{text: strings.Clone(text)}
		copy(f.head[:], text)
		for _, s := range append(others, forms...) {
			if got, want := f.is(s), s == text; got != want {
				t.Errorf("form %q is %q: %v, want %v", text, s, got, want)
			}
		}
	}
}

// TestTouchCueTablesChangesNothing checks that touchCueTables, which only reads the cue
// cache's tables ahead of the role tagger, leaves the cache as it was: the same tables,
// holding the same weights, and no more, whether or not they are the cues'.
func TestTouchCueTablesChangesNothing(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	d := &document.Doc{Text: "Eastport Mayor Jane Alder said on Tuesday that the new bridge would open in May. “We have learned a lot,” Alder told reporters.\n\n“It is not,” the auditor insisted. Critics said otherwise."}
	tokenize.New().Tokenize(d)
	p := newPrep(d, m.classes, m.pos)
	m.prepare(p)
	var cues []tokRange
	for _, st := range d.Sentences {
		n := st.EndToken - st.FirstToken
		path := make([]int, n)
		m.tagCues(p, st, path, make([]cueVec, n), nil)
		cues = cueRanges(path, st.FirstToken, cues)
	}
	if len(cues) < 2 {
		t.Fatalf("%d cues, want at least 2", len(cues))
	}
	// The cache holds the tables of every cue but the last, as the role tagger made them.
	for _, c := range cues[:len(cues)-1] {
		a, b := window(p, c.start)
		m.newCueTable(p, p.roleCtx(nil, c.start, c.end, a, b), new(cueTable))
	}
	snapshot := func() string { // the tables by key, with their weights
		c := &p.cues
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(c.keys)) {
			fmt.Fprintf(&b, "key %x %v\n", k, *c.keys[k])
		}
		for _, k := range slices.Sorted(maps.Keys(c.left)) {
			fmt.Fprintf(&b, "left %x %v\n", k, *c.left[k])
		}
		for _, k := range slices.Sorted(maps.Keys(c.right)) {
			fmt.Fprintf(&b, "right %x %v\n", k, *c.right[k])
		}
		return b.String()
	}
	before := snapshot()
	m.touchCueTables(p, append(cues, tokRange{0, 1}, tokRange{len(d.Tokens) - 1, len(d.Tokens)}))
	if after := snapshot(); after != before {
		t.Errorf("the cue cache after touchCueTables:\n%s\nbefore:\n%s", after, before)
	}
}
