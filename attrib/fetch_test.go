package attrib

import (
	"fmt"
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
		for _, k := range c.keys.keys() {
			fmt.Fprintf(&b, "key %x %v\n", k, *c.keys.get(k))
		}
		for _, k := range c.left.keys() {
			fmt.Fprintf(&b, "left %x %v\n", k, *c.left.get(k))
		}
		for _, k := range c.right.keys() {
			fmt.Fprintf(&b, "right %x %v\n", k, *c.right.get(k))
		}
		return b.String()
	}
	before := snapshot()
	m.touchCueTables(p, append(cues, tokRange{0, 1}, tokRange{len(d.Tokens) - 1, len(d.Tokens)}))
	if after := snapshot(); after != before {
		t.Errorf("the cue cache after touchCueTables:\n%s\nbefore:\n%s", after, before)
	}
}

// keys returns the keys t holds, in increasing order.
func (t *wordTables[T]) keys() []uint64 {
	var keys []uint64
	for _, at := range t.slots {
		if at != 0 {
			keys = append(keys, t.tabs[at-1].key)
		}
	}
	slices.Sort(keys)
	return keys
}

// TestWordTables checks wordTables against a map: keys that share a home slot, the key 0,
// a key whose probe wraps, tables that grow their slots to maxCached+1 tables, emptied and
// filled again.
func TestWordTables(t *testing.T) {
	var wt wordTables[[2]uint64]
	wt.reset()
	want := map[uint64][2]uint64{}
	add := func(k uint64) {
		if wt.get(k) != nil {
			t.Fatalf("get(%x) before add: not nil", k)
		}
		*wt.add(k) = [2]uint64{k, ^k}
		want[k] = [2]uint64{k, ^k}
	}
	// inv*i multiplies to i: the first 300 such keys all start at slot 0, in a probe of 300
	// slots.
	inv := uint64(0x9e3779b97f4a7c15)
	for range 6 {
		inv *= 2 - 0x9e3779b97f4a7c15*inv
	}
	add(0)
	for i := uint64(1); i <= 300; i++ {
		if h := wt.home(inv * i); h != 0 {
			t.Fatalf("home(%x) = %d, want 0", inv*i, h)
		}
		add(inv * i)
	}
	add(inv * ^uint64(0)) // home: the last slot, whatever their number
	for i := uint64(1); len(want) <= maxCached; i++ {
		add(i * 0x1234567)
	}
	for k, v := range want {
		if got := wt.get(k); got == nil || *got != v {
			t.Fatalf("get(%x) = %v, want %v", k, got, v)
		}
	}
	for _, k := range []uint64{1, 2, 1 << 63, 0x1234567 * 1e6, inv * 301} {
		if _, ok := want[k]; !ok && wt.get(k) != nil {
			t.Errorf("get(%x) = %v, want nil", k, *wt.get(k))
		}
	}
	if len(wt.keys()) != len(want) {
		t.Errorf("%d keys, want %d", len(wt.keys()), len(want))
	}
	wt.reset()
	if wt.get(0) != nil || len(wt.keys()) != 0 {
		t.Errorf("after reset: get(0) = %v, %d keys", wt.get(0), len(wt.keys()))
	}
	*wt.add(inv) = [2]uint64{1, 2}
	if got := wt.get(inv); got == nil || *got != [2]uint64{1, 2} || wt.get(0) != nil {
		t.Errorf("after reset and add: get(%x) = %v, get(0) = %v", inv, got, wt.get(0))
	}
}
