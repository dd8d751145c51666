package attrib

import (
	"math"
	"testing"
	"unsafe"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/tokenize"
)

// TestScanToken checks the one-pass scan against the functions it stands for.
func TestScanToken(t *testing.T) {
	for _, s := range []string{"", "said", "Said", "McCain", "2016", "U.S.", "don't", "Don’t", "“", "a\x00b",
		"e-mail", "Ünïcode", "naïve", "aB1.aB1.aB1.aB1.aB1.aB1.aB1.", "abcdefghijklmnopqrstuvwxyz0123456789", "$1,000.50",
		"a.a.a.a.a.a.a.a.a.a.B", "a.a.a.a.a.a.a.a.a.a.b"} {
		shape, word, plain := scanToken(s)
		if want := shapeHash(s); shape != want {
			t.Errorf("%q: shape %x, want %x", s, shape, want)
		}
		if want := plainWord(s); plain != want {
			t.Errorf("%q: plain %v, want %v", s, plain, want)
		}
		if plain && word != learn.StrHash(s) {
			t.Errorf("%q: word hash %x, want %x", s, word, learn.StrHash(s))
		}
	}
}

// TestScanForm checks scanForm against the functions it stands for.
func TestScanForm(t *testing.T) {
	for _, s := range []string{"", "said", "Said", "2016", "don't", "Don’t", "“", "e-mail", "naïve", "$1,000.50", "saiD", "@[`{"} {
		h, plain := scanForm(s)
		if want := plainWord(s); plain != want {
			t.Errorf("%q: plain %v, want %v", s, plain, want)
		}
		if want := learn.StrHash(s); h != want {
			t.Errorf("%q: hash %x, want %x", s, h, want)
		}
	}
}

// TestWordCacheAgrees checks that a prep of the model's pool, which takes the facts of words
// from its word cache (wordCache) across documents, gives the taggers the emissions a fresh
// prep gives, bit for bit, and the same prep views.
func TestWordCacheAgrees(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Eastport Mayor Jane Alder said on Tuesday that the new bridge would open in May. “We have learned a lot,” Alder told reporters.",
		"According to the auditor, the project is over budget. “It is not,” the MAYOR insisted, naïvely. Critics said otherwise of Internationalization.",
		"“We will,” she said. The mayor said the bridge would open. ALDER: “Sure.” The council told the press it disagreed.",
	}
	cached := new(prep)
	for k := range 2 * len(texts) {
		d := &document.Doc{Text: texts[k%len(texts)] + "\n\n" + texts[(k+1)%len(texts)]}
		tokenize.New().Tokenize(d)
		fresh := newPrep(d, m.classes, m.pos)
		cached.words.ready(m, len(d.Tokens))
		cached.reset(d, m.classes, m.pos)
		if !cached.cached {
			t.Fatal("the word cache was not used")
		}
		m.prepare(fresh)
		m.prepare(cached)
		// The cached prep has the numbers of shapes and suffixes in the cache for their hashes.
		c := &cached.words
		for i := range d.Tokens {
			if cached.wordH[i] != fresh.wordH[i] || cached.lex[i] != fresh.lex[i] || cached.norm[i] != fresh.norm[i] ||
				cached.isSep[i] != fresh.isSep[i] || cached.rowOff[i+2] != fresh.rowOff[i+2] ||
				c.shapeKeys[cached.shapeNum[i]] != fresh.shapeH[i] || c.sufKeys[cached.tabs.sufID[i]] != fresh.sufH[i] {
				t.Fatalf("doc %d token %d: views differ", k, i)
			}
		}
		var cues []tokRange
		for _, st := range d.Sentences {
			n := st.EndToken - st.FirstToken
			path, want, got := make([]int, n), make([]cueVec, n), make([]cueVec, n)
			m.tagCues(fresh, st, path, want, nil)
			m.tagCues(cached, st, path, got, nil)
			for i := range n {
				if !sameBits(got[i][:], want[i][:]) {
					t.Fatalf("doc %d token %d: cue emissions %v, want %v", k, st.FirstToken+i, got[i], want[i])
				}
			}
			cues = cueRanges(path, st.FirstToken, cues)
		}
		if len(cues) == 0 {
			t.Fatalf("doc %d: no cues", k)
		}
		for _, c := range cues {
			for i := c.start; i < c.end; i++ {
				fresh.isCue[i], cached.isCue[i] = true, true
			}
		}
		rf, rcached := roleRun{m: m, p: fresh, ct: new(cueTable)}, roleRun{m: m, p: cached, ct: new(cueTable)}
		for _, c := range cues {
			rf.tag(c)
			rcached.tag(c)
			a, b := window(fresh, c.start)
			for i := range b - a {
				if !sameBits(rcached.emit[i][:], rf.emit[i][:]) {
					t.Fatalf("doc %d token %d: role emissions %v, want %v", k, a+i, rcached.emit[i], rf.emit[i])
				}
			}
		}
	}
}

// TestIntern checks that intern numbers keys in order of first appearance, zero included.
func TestIntern(t *testing.T) {
	var in intern
	in.reset(3)
	for i, k := range []uint64{7, 0, 7, 1 << 63, 0, 9, 9} {
		id, fresh := in.id(k)
		want := map[uint64]int32{7: 0, 0: 1, 1 << 63: 2, 9: 3}[k]
		if id != want || fresh != (i == 0 || i == 1 || i == 3 || i == 5) {
			t.Errorf("key %d (#%d): id %d fresh %v, want %d", k, i, id, fresh, want)
		}
	}
}

// sameBits reports whether a and b hold the same float32 bit patterns.
func sameBits(a, b []float32) bool {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// TestDenseAgrees checks that the model's tables (roleDense, cueTable, docTables, the word
// table) give the taggers' emissions the hashed features of training give (cueFeats,
// roleFeats): the same weights, summed in another order, so equal within rounding.
func TestDenseAgrees(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Council approves bridge\n\n"
	for range 3 {
		text += "Eastport Mayor Jane Alder said on Tuesday that the new bridge would open in May. “We have learned a lot,” Alder told reporters. According to the auditor, the project is over budget.\n\n"
	}
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	p := newPrep(d, m.classes, m.pos)
	m.prepare(p)
	// rows reads weight o of the word rows in a row after row order; at(i) is the offset of
	// token i's row (its word's own or its clusters': Model.wordRow), i from -2 to n+1.
	rows := func(o int32) float32 { r := m.words.rowOf(o / rowLen); return r[o%rowLen] }
	at := func(i int) int32 { return p.rowOff[i+2] * rowLen }
	near := func(what string, i int, got, want []float32) {
		t.Helper()
		for c := range got {
			if math.Abs(float64(got[c]-want[c])) > 1e-4*max(1, math.Abs(float64(want[c]))) {
				t.Fatalf("%s, token %d: emissions %v, want %v", what, i, got, want)
			}
		}
	}

	var cues []tokRange
	for _, st := range d.Sentences {
		n := st.EndToken - st.FirstToken
		path, emit := make([]int, n), make([]cueVec, n)
		m.tagCues(p, st, path, emit, nil)
		for i := st.FirstToken; i < st.EndToken; i++ {
			want := make([]float32, nCue)
			m.cue.Score(p.cueFeats(i), want)
			inQ := int32(p.inQuote(i))
			for _, o := range []int32{
				at(i) + wCue, at(i) + wCueQ + inQ*nCue,
				at(i-1) + wCueM1, at(i+1) + wCueP1,
				at(i-2) + wCueM2, at(i+2) + wCueP2,
			} {
				for c := range nCue {
					want[c] += rows(o + int32(c))
				}
			}
			near("cue tagger", i, emit[i-st.FirstToken][:], want)
		}
		cues = cueRanges(path, st.FirstToken, cues)
	}
	if len(cues) == 0 {
		t.Fatal("no cues")
	}
	eachRoleToken(m, p, cues, func(r *roleRun, rc *roleCtx, c tokRange, i, a int) {
		want := make([]float32, nRole)
		m.role.Score(p.roleFeats(i, rc), want)
		side := int32(roleSide(i, rc) * nRole)
		for _, o := range []int32{
			at(i) + wRole + side, at(i-1) + wRoleM1 + side,
			at(i+1) + wRoleP1 + side, at(i-2) + wRoleM2 + side,
			at(i+2) + wRoleP2 + side,
		} {
			for k := range nRole {
				want[k] += rows(o + int32(k))
			}
		}
		near("role tagger", i, r.emit[i-a][:], want)
	})
}

// eachRoleToken marks the cues of p's document as cues, tags the roles of each in turn and
// calls f for every token of its window outside it, with the run that tagged it, the cue's
// context and a, the window's first token (r.emit[i-a] is token i's emission).
func eachRoleToken(m *Model, p *prep, cues []tokRange, f func(r *roleRun, rc *roleCtx, c tokRange, i, a int)) {
	for _, c := range cues {
		for i := c.start; i < c.end; i++ {
			p.isCue[i] = true
		}
	}
	r := roleRun{m: m, p: p, ct: new(cueTable)}
	for _, c := range cues {
		r.tag(c)
		a, b := window(p, c.start)
		rc := p.roleCtx(nil, c.start, c.end, a, b)
		for i := a; i < b; i++ {
			if i < c.start || i >= c.end {
				f(&r, rc, c, i, a)
			}
		}
	}
}

// TestDistBucket checks distBucket and the tables scoreSide reads against the buckets'
// definition.
func TestDistBucket(t *testing.T) {
	want := func(d int) int {
		switch {
		case d <= 4:
			return d
		case d <= 6:
			return 5
		case d <= 10:
			return 6
		case d <= 20:
			return 7
		}
		return 8
	}
	for d := -3; d <= 40; d++ {
		db := distBucket(d)
		if db != want(d) {
			t.Errorf("distBucket(%d) = %d, want %d", d, db, want(d))
		}
		if d >= 0 && (d < bucketFirst[db] || d > bucketLast[db]) {
			t.Errorf("distance %d outside its bucket %d's [%d, %d]", d, db, bucketFirst[db], bucketLast[db])
		}
	}
}

// TestScoreSideExact checks on PolNeAR dev that scoreSide, which sums a run of tokens'
// shared tables once, gives every token the bits of the token-by-token sum of the same
// tables in the same order (roleVals' indices), for every cue the taggers find.
func TestScoreSideExact(t *testing.T) {
	m, docs, _ := news(t, "dev")
	checked := 0
	for _, d := range docs {
		p := newPrep(d, m.classes, m.pos)
		m.prepare(p)
		var cues []tokRange
		for _, st := range d.Sentences {
			n := st.EndToken - st.FirstToken
			path, emit := make([]int, n), make([]cueVec, n)
			m.tagCues(p, st, path, emit, nil)
			cues = cueRanges(path, st.FirstToken, cues)
		}
		eachRoleToken(m, p, cues, func(r *roleRun, rc *roleCtx, c tokRange, i, a int) {
			if want := scoreRef(m, p, rc, r.ct, i); !sameBits(r.emit[i-a][:], want[:]) {
				t.Fatalf("cue %v, token %d: emissions %v, want %v", c, i, r.emit[i-a], want)
			}
			checked++
		})
	}
	t.Logf("%d emissions checked", checked)
}

// scoreRef is the role emission of token i outside the cue of rc, summed token by token in
// scoreSide's order from the tables roleVals indexes.
func scoreRef(m *Model, p *prep, rc *roleCtx, ct *cueTable, i int) vec {
	v, d := p.roleVals(i, rc), m.dense
	dir, s := v.dir, v.sent+2
	var e vec
	for _, x := range []*vec{
		&ct.dist[dir][v.db], &ct.sent[dir][s], &ct.quote[dir][v.q], &d.commas[dir][v.commas][s],
		&d.edge[dir][v.edge][v.q], &d.between[dir][v.between][v.other], &d.sentQuote[dir][s][v.q],
		&d.distPOS[dir][v.db][p.posAt(i)],
	} {
		e.add(x)
	}
	if v.db <= distWMax {
		if x := m.role.Vec(fDistW(dir, v.db, p.wordH[i])); x != nil {
			e.add((*vec)(x))
		}
	}
	if v.db <= cueWMax {
		if x := m.role.Vec(fCueW(dir, rc.key, p.wordH[i])); x != nil {
			e.add((*vec)(x))
		}
	}
	e.add(&p.static[dir][i])
	return e
}

// TestWordCacheKeepsTables checks that a word cache makes its tables once: emptied (for
// another model, or when full) it keeps them, so that the memory mapped for them outside the
// heap (package hugepage) stays what one cache needs however long the run; a document longer
// than the cache holds grows the slots on the heap.
func TestWordCacheKeepsTables(t *testing.T) {
	var c wordCache
	m1, m2 := new(Model), new(Model)
	c.ready(m1, 100)
	slots, infos := &c.slots[0], unsafe.SliceData(c.infos)
	if len(c.slots) != cacheSlots {
		t.Fatalf("slots: %d, want %d", len(c.slots), cacheSlots)
	}
	c.slots[5] = wordSlot{word: 9, idx: 1}
	for _, r := range []struct {
		m *Model
		n int
	}{{m2, 100}, {m2, maxCachedWords}, {m1, 10}} {
		c.ready(r.m, r.n)
		if &c.slots[0] != slots || unsafe.SliceData(c.infos) != infos || len(c.slots) != cacheSlots {
			t.Fatalf("ready(%d tokens) made new tables", r.n)
		}
		if c.slots[5] != (wordSlot{}) {
			t.Fatalf("ready(%d tokens) after a reset left a slot filled", r.n)
		}
	}
	c.ready(m2, 3*maxCachedWords)
	if len(c.slots) < 6*maxCachedWords || int(c.mask) != len(c.slots)-1 {
		t.Errorf("a document of %d tokens: %d slots, mask %d", 3*maxCachedWords, len(c.slots), c.mask)
	}
}
