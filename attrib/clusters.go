package attrib

import (
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/ner"
)

// Word clusters as features. Most cues the taggers miss are words they rarely saw as cues in
// training ("lambasting", "refuses"); the clusters that package ner induces from unlabelled
// news (ner/cluster.go) put such words with the ones they saw often ("slammed" with
// "criticized", "insisted" with "argued" and "warned"). The taggers read the embedded NER
// model's clusters (ner.DefaultClusters), so a model of this package is tied to them: a
// retrained NER model renumbers its clusters, and this package's model must be retrained
// with it.

// cluIDs are a word's cluster ids by level, finest first (ner.Clusters.Of): id + 1, 0 for a
// word without a cluster.
type cluIDs [ner.ClusterLevels]uint16

// The levels of the clusters the taggers read, as levels of ner.ClusterSize (1024, 256, 64
// and 16 classes). Measured by 5-fold cross-validation over PolNeAR train (by-fold exact
// F1 source, cue, content; relation F1), against 67.43, 65.57, 53.76; 61.05 without
// clusters: the token's own at 256 and 64 classes and the next token's at 256, in the cue
// tagger alone, 67.53, 65.59, 53.69; 60.96; with the token's own at 256 and 64 in the role
// tagger too, 68.10, 65.59, 53.84, 61.07; at all three finer levels in both, 67.92, 65.73,
// 54.08; 61.21; with the role tagger's neighbours at 256, 68.19, 65.74, 54.02; 61.37; and
// with the cue tagger's previous token at 256 and the token's own at 64 by quotation (the
// features below), 68.43, 66.14, 54.23; 61.76. The cue tagger's clusters at 64 by part of
// speech added nothing (68.45, 66.15, 54.35; 61.64). PolNeAR dev, exact F1 source 73.1 →
// 72.0, cue 69.3 → 69.1, content 58.2 → 57.6, relation 65.7 → 64.5; train 75.5 → 76.0,
// 73.3 → 73.2, 66.3 → 66.5, 70.6 → 70.7.
//
// The words two either side of the token (cluFarLevel), with the role tagger's features of
// those words themselves (rWm2, rWp2: roleStatic), against 68.43, 66.14, 54.23; 61.76 (10
// folds: 68.45, 66.23, 54.35; 61.68): at 64 classes, 68.71, 66.15, 54.24; 61.96 (10 folds:
// 68.68, 66.31, 54.53; 62.00, nine folds of ten up); at 256, 68.57, 66.15, 54.24; 61.75.
// The words alone gave 68.60, 66.19, 54.33; 61.84 (10 folds: 68.71, 66.29, 54.53; 61.95),
// their clusters at 64 alone 68.64, 66.15, 54.28; 61.84 (10 folds: 68.63, 66.31, 54.57;
// 61.99): the words two away help by either, and the two together no more. In the cue
// tagger, which reads those words already (cWm2, cWp2), their clusters cost nothing but
// gave less: at 256, 68.37, 66.01, 54.12; 61.42; at 64, 68.26, 66.06, 54.36; 61.63.
const (
	cluOwnLevels = 3 // the token's own at levels 0 to cluOwnLevels-1, in both taggers
	cluNbrLevel  = 1 // the neighbours', in both taggers
	cluQLevel    = 2 // the token's by quotation, in the cue tagger
	cluFarLevel  = 2 // the words' two either side of the token, in the role tagger
)

// wordClusters returns the clusters of normalised word w. The clusters keep case and w is
// lower-cased: a word without a cluster of its own takes those of its capitalised form, then
// of its form in capitals ("obama" as "Obama", "fbi" as "FBI": ner.Clusters.OfLower), so
// that names keep theirs (by cross-validation as below, without: 68.22, 66.08, 54.35;
// 61.47). The result depends on w alone, so that the word cache finds a word's row with it
// once (wordCache.derive).
func wordClusters(cl ner.Clusters, w string) cluIDs { return cl.OfLower(w) }

// Cluster feature templates, numbered after the cue and role ones.
const (
	cClu = iota + 50
	cCluNext
	cCluPrev
	cCluQuote
	rClu = iota + 200
	rCluNbr
)

// Cluster templates of the words two either side of the token.
const (
	rCluFar = iota + 220
)

func fCueClu(level int, id uint16) learn.Hash    { return learn.Seed(cClu).Int(level).Int(int(id)) }
func fCueCluNext(id uint16) learn.Hash           { return learn.Seed(cCluNext).Int(int(id)) }
func fCueCluPrev(id uint16) learn.Hash           { return learn.Seed(cCluPrev).Int(int(id)) }
func fCueCluQuote(id uint16, inQ int) learn.Hash { return learn.Seed(cCluQuote).Int(int(id)).Int(inQ) }
func fRoleClu(dir, level int, id uint16) learn.Hash {
	return learn.Seed(rClu).Int(dir).Int(level).Int(int(id))
}
func fRoleCluFar(dir, side int, id uint16) learn.Hash {
	return learn.Seed(rCluFar).Int(dir).Int(side).Int(int(id))
}
func fRoleCluNbr(dir, side int, id uint16) learn.Hash {
	return learn.Seed(rCluNbr).Int(dir).Int(side).Int(int(id))
}

// cluAt is token i's cluster id at level l, 0 outside the document.
func (p *prep) cluAt(i, l int) uint16 {
	if i < 0 || i >= len(p.clu) {
		return 0
	}
	return p.clu[i][l]
}

// cueCluFeats appends the cluster features of token i for the cue tagger.
func (p *prep) cueCluFeats(f []learn.Hash, i int) []learn.Hash {
	for l := range cluOwnLevels {
		f = append(f, fCueClu(l, p.clu[i][l]))
	}
	return append(f, fCueCluNext(p.cluAt(i+1, cluNbrLevel)), fCueCluPrev(p.cluAt(i-1, cluNbrLevel)),
		fCueCluQuote(p.clu[i][cluQLevel], p.inQuote(i)))
}

// roleCluFeats appends the cluster features of token i on side dir for the role tagger
// (roleStatic).
func (p *prep) roleCluFeats(f []learn.Hash, i, dir int) []learn.Hash {
	for l := range cluOwnLevels {
		f = append(f, fRoleClu(dir, l, p.clu[i][l]))
	}
	f = append(f, fRoleCluNbr(dir, 0, p.cluAt(i-1, cluNbrLevel)), fRoleCluNbr(dir, 1, p.cluAt(i+1, cluNbrLevel)))
	return append(f, fRoleCluFar(dir, 0, p.cluAt(i-2, cluFarLevel)), fRoleCluFar(dir, 1, p.cluAt(i+2, cluFarLevel)))
}

// The cluster features are features of one word, as the word features are, and the word
// table holds them (words.go): a word's row holds the weights of its clusters' features
// added to its own in the places they are read from (cluSlotFeats), and a word without a row
// of its own has the row of its finest cluster, which holds its clusters' features alone
// (clusters nest, so the finest tells the others: ner.Clusters.Classes). The taggers thus
// read the cluster features at no cost; only a word's row is found with its clusters.

// cluKey is the word-table key of the row of the clusters of finest id id.
func cluKey(id uint16) uint64 { return uint64(learn.Seed(cluRowSeed).Int(int(id))) }

const cluRowSeed = 300

// cluSlotFeats sets slots[j] to the cluster features whose weights a row of a word with
// clusters ids holds in the place of word feature j (wordFeats' order): the token's own in
// cW's place, by quotation in cWQuote's, the previous token's in cWm1's (the word is then
// the token before the one scored), the next token's in cWp1's, and the same for the role
// tagger by side, with the clusters of the words two either side in rWm2's and rWp2's.
func cluSlotFeats(ids cluIDs, slots *[nRowFeats][]learn.Hash) {
	for j := range slots {
		slots[j] = slots[j][:0]
	}
	for l := range cluOwnLevels {
		slots[0] = append(slots[0], fCueClu(l, ids[l]))
	}
	slots[1] = append(slots[1], fCueCluQuote(ids[cluQLevel], 0))
	slots[2] = append(slots[2], fCueCluQuote(ids[cluQLevel], 1))
	slots[3] = append(slots[3], fCueCluPrev(ids[cluNbrLevel]))
	slots[4] = append(slots[4], fCueCluNext(ids[cluNbrLevel]))
	for dir := range nDir {
		for l := range cluOwnLevels {
			slots[7+dir] = append(slots[7+dir], fRoleClu(dir, l, ids[l]))
		}
		slots[9+dir] = append(slots[9+dir], fRoleCluNbr(dir, 0, ids[cluNbrLevel]))
		slots[11+dir] = append(slots[11+dir], fRoleCluNbr(dir, 1, ids[cluNbrLevel]))
		slots[13+dir] = append(slots[13+dir], fRoleCluFar(dir, 0, ids[cluFarLevel]))
		slots[15+dir] = append(slots[15+dir], fRoleCluFar(dir, 1, ids[cluFarLevel]))
	}
}

// newCluRows returns the rows of the clusters in words by finest id, 0 for none.
func newCluRows(words *wordTable) []int32 {
	rows := make([]int32, ner.ClusterSize(0)+1)
	for id := range rows {
		rows[id] = words.row(cluKey(uint16(id)))
	}
	return rows
}

// wordRow returns the row of word w of clusters ids: its own or its clusters'.
func (m *Model) wordRow(w uint64, ids cluIDs) int32 {
	if r := m.words.row(w); r != 0 {
		return r
	}
	return m.cluRow[ids[0]]
}
