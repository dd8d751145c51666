package ner

import "github.com/whosaid/whosaid/learn"

// rows holds, for the templates whose values are few (rowTemplates: the gazetteer marks of
// the token and of its neighbours, the document's history), the weights of the feature of
// every value as a row of all the classes, so that scoring a token adds a row where it would
// hash the feature and probe the table for it; for a token with no name around, as most are,
// one row holds the three of its marks. These features, common to many tokens, nearly all
// have a weight for every class. The rows, 40 KB, stay in cache; they hold the table's
// weights, so scores do not change.
type rows struct {
	on      uint64                            // the templates served: rowTemplates less those the model leaves out
	noGaz   lanes                             // gazAny[0] + gazM1[0] + gazP1[0]: no name around, as for most tokens
	zero    lanes                             // zeros, for setSums
	gazPart [numTypes][maxPart + 1]lanes      // fGaz of a type and part
	gazAny  [1 << numTypes]lanes              // fGaz of the types with a part
	gazM1   [1 << numTypes]lanes              // fGazM1 by mask
	gazP1   [1 << numTypes]lanes              // fGazP1 by mask
	hist    [maxHist + 1][1 << numTypes]lanes // fHist and fHistLower, by history and fGaz's types
}

// rowTemplates are the templates that rows can serve.
const rowTemplates uint64 = 1<<fGaz | 1<<fGazM1 | 1<<fGazP1 | 1<<fHist | 1<<fHistLower

const (
	maxPart = uint8(Unit) // the largest gazetteer part
	maxHist = 1<<5 - 1    // the largest history: a bit per type and one for O
)

// newRows fills the rows of the templates that the model uses (off has the others) from
// the weights of tab; those of the others stay zero.
func newRows(tab *table, off uint64) *rows {
	r := &rows{on: rowTemplates &^ off}
	row := func(t int, v uint64, out *lanes) {
		if r.on>>t&1 == 0 {
			return
		}
		x := tab.sums([]learn.Hash{feat(t, v)})
		p := pack(&x)
		for k := range out {
			out[k] += p[k] // lanes add as their classes do
		}
	}
	for t := range r.gazPart {
		for p := range r.gazPart[t] {
			row(fGaz, uint64(t)<<8|uint64(p), &r.gazPart[t][p])
		}
	}
	for g := range r.gazAny {
		row(fGaz, 0x10000|uint64(g), &r.gazAny[g])
		row(fGazM1, uint64(g), &r.gazM1[g])
		row(fGazP1, uint64(g), &r.gazP1[g])
	}
	row(fGaz, 0x10000, &r.noGaz)
	row(fGazM1, 0, &r.noGaz)
	row(fGazP1, 0, &r.noGaz)
	for h := 1; h <= maxHist; h++ {
		for g := range r.hist[h] {
			row(fHist, uint64(h), &r.hist[h][g])
			row(fHistLower, mix2(uint64(h), uint64(g)), &r.hist[h][g])
		}
	}
	return r
}

// add adds into out the weights of the features of token i of s whose templates rows
// serves (r.on), as features computes them. A value beyond the rows, which a corrupt
// gazetteer part or history would be, is written into f after the n features there, for
// the table; add returns the new count.
func (r *rows) add(out *acc, s []tok, i int, f *[maxFeat]learn.Hash, n int) int {
	on := func(t int) bool { return r.on>>t&1 != 0 }
	w := &s[i]
	m1, p1 := &startTok, &endTok
	if i > 0 {
		m1 = &s[i-1]
	}
	if i+1 < len(s) {
		p1 = &s[i+1]
	}
	if w.gaz == [numTypes]uint8{} && m1.gaz == [numTypes]uint8{} && p1.gaz == [numTypes]uint8{} { // no name around, as for most tokens
		addLanes(out, &r.noGaz)
		if h := w.hist; h != 0 {
			return r.addHist(out, h, 0, f, n)
		}
		return n
	}
	var g uint64
	for t, p := range w.gaz {
		if p == 0 {
			continue
		}
		g |= 1 << t
		if p <= maxPart {
			addLanes(out, &r.gazPart[t][p])
		} else if on(fGaz) {
			f[n], n = feat(fGaz, uint64(t)<<8|uint64(p)), n+1
		}
	}
	if gm1, gp1 := gazMask(m1), gazMask(p1); g|gm1|gp1 == 0 {
		addLanes(out, &r.noGaz)
	} else {
		addLanes(out, &r.gazAny[g])
		addLanes(out, &r.gazM1[gm1])
		addLanes(out, &r.gazP1[gp1])
	}
	if h := w.hist; h != 0 {
		return r.addHist(out, h, g, f, n)
	}
	return n
}

// noneAround reports whether token i of s and its neighbours have no gazetteer marks, for
// which add adds only noGaz and the history templates, and returns the token's history.
func (r *rows) noneAround(s []tok, i int) (uint8, bool) {
	w := &s[i]
	if w.gaz != [numTypes]uint8{} || i > 0 && s[i-1].gaz != [numTypes]uint8{} || i+1 < len(s) && s[i+1].gaz != [numTypes]uint8{} {
		return 0, false
	}
	return w.hist, true
}

// addHist adds into out the weights of the history templates for a token of history h
// (not 0) whose gazetteer types are g, as add does.
func (r *rows) addHist(out *acc, h uint8, g uint64, f *[maxFeat]learn.Hash, n int) int {
	if h <= maxHist {
		addLanes(out, &r.hist[h][g])
		return n
	}
	if r.on>>fHist&1 != 0 {
		f[n], n = feat(fHist, uint64(h)), n+1
	}
	if r.on>>fHistLower&1 != 0 {
		f[n], n = feat(fHistLower, mix2(uint64(h), g)), n+1
	}
	return n
}
