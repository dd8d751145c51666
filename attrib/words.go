package attrib

import (
	"encoding/binary"
	"fmt"
	"github.com/whosaid/whosaid/internal/hugepage"
	"io"

	"github.com/whosaid/whosaid/learn"
)

// The word table. Seventeen of the taggers' features are features of one word: the token's
// own and its neighbours' up to two either side (cue tagger), and the same per side of the
// cue (role tagger). Looked up one by one in the hashed weights they would cost seventeen
// cache misses per token; a trained model therefore keeps, per word of its training
// vocabulary, one row holding the weights of all seventeen (stored as its cue tagger's part
// and its role tagger's part, each in a table of its own), and a token's features read the
// rows of itself and its neighbours, which the document looks up once per token. The
// weights are the same as the hashed ones (the hashed tables no longer hold them), so
// training, which sees only hashed features, and prediction agree. The rows hold the
// cluster features too (clusters.go), and the clusters have rows of their own, for the
// words without one.

// Offsets in a row: the weights of each word feature, in the order of wordFeats.
const (
	wCue     = 0                 // cW
	wCueQ    = wCue + nCue       // cWQuote, unquoted then quoted
	wCueM1   = wCueQ + 2*nCue    // cWm1: the word before the token
	wCueP1   = wCueM1 + nCue     // cWp1
	wCueM2   = wCueP1 + nCue     // cWm2
	wCueP2   = wCueM2 + nCue     // cWp2
	wRole    = wCueP2 + nCue     // rW, before then after the cue
	wRoleM1  = wRole + 2*nRole   // rWm1
	wRoleP1  = wRoleM1 + 2*nRole // rWp1
	wRoleM2  = wRoleP1 + 2*nRole // rWm2: the word two before the token
	wRoleP2  = wRoleM2 + 2*nRole // rWp2
	rowLen   = wRoleP2 + 2*nRole // 71 weights
	cueWords = 7                 // the first cueWords features of a row are the cue tagger's
)

// nRowFeats is the number of the features of a row (wordFeats).
const nRowFeats = 17

// wordFeats appends the features of word w in row order.
func wordFeats(f []learn.Hash, w uint64) []learn.Hash {
	f = append(f,
		fWordCue(cW, w),
		fWordCue(cWQuote, w, 0),
		fWordCue(cWQuote, w, 1),
		fWordCue(cWm1, w),
		fWordCue(cWp1, w),
		fWordCue(cWm2, w),
		fWordCue(cWp2, w),
	)
	for _, t := range roleWordTemplates {
		f = append(f, fWordRole(t, 0, w), fWordRole(t, 1, w))
	}
	return f
}

// roleWordTemplates are the role tagger's templates of one word, in row order (roleStatic's
// words: the token's and those up to two either side).
var roleWordTemplates = [...]uint32{rW, rWm1, rWp1, rWm2, rWp2}

// roleSideOf is the offset in a side of a roleRow of each of roleWordTemplates.
var roleSideOf = [len(roleWordTemplates)]int{rsW, rsWm1, rsWp1, rsWm2, rsWp2}

// wordTable maps a word hash to its row. Row 0 is all zeros and stands for words the model
// has no weights for, so that reading a row never branches. A row is kept as its cue part and
// its role part, in tables of their own (cue, role); rowOf puts them together again.
type wordTable struct {
	mask uint64
	keys []uint64  // open addressing; 0 = empty (a word hash of 0 is not stored)
	idx  []int32   // row of keys[i]
	role []roleRow // the role weights of the rows
	cue  []cueRow  // the cue weights of the rows, by the same index
	mem  *hugepage.Arena
}

// cueRow is the cue tagger's part of a word's row (Model.tagCues), at the offsets it has
// in a wordRow, padded to 96 bytes: it spans two cache lines, where in a wordRow it
// crosses a third for a third of the words.
type cueRow [24]float32

// roleRow is the role tagger's part of a word's row, laid out per side of the cue so that
// the weights one side reads (Model.fillStatic) share two cache lines, the token's and its
// next neighbours' one, the words two away the other: in a wordRow they cross up to six.
type roleRow [nDir][roleSideLen]float32

// Offsets in a side of a roleRow, which is padded to 128 bytes (a large allocation starts on
// a page, so every side then starts on a cache line).
const (
	rsW         = 0           // rW
	rsWm1       = rsW + nRole // rWm1
	rsWp1       = rsWm1 + nRole
	rsWm2       = 16 // rWm2, on the side's second cache line with rWp2
	rsWp2       = rsWm2 + nRole
	roleSideLen = 32
)

// vec returns the role weights at offset o of side dir of r.
func (r *roleRow) vec(dir, o int) *vec { return (*vec)(r[dir][o : o+nRole]) }

// wordRow is the weights of one word's features, in the order of a model stream. Rows are
// arrays so that the taggers, which read their parts (cueRow, roleRow) at constant offsets,
// check the bounds once per row rather than once per weight.
type wordRow [rowLen]float32

// newWordTable builds a table from keys and their rows (len(keys)*rowLen weights).
func newWordTable(keys []uint64, rows []float32) *wordTable {
	t := newEmptyWordTable(len(keys))
	for i, k := range keys {
		if r := t.add(k); r > 0 {
			t.setRow(r, (*wordRow)(rows[i*rowLen:(i+1)*rowLen]))
		}
	}
	return t
}

// wordTableSize is the number of slots of a table of n words.
func wordTableSize(n int) int {
	size := 16
	for size < n*2 {
		size <<= 1
	}
	return size
}

// newEmptyWordTable returns a table with room for n words and the zero row alone.
func newEmptyWordTable(n int) *wordTable {
	size := wordTableSize(n)
	t := &wordTable{mask: uint64(size - 1), mem: hugepage.NewArena()}
	t.keys, t.idx = hugepage.Alloc[uint64](t.mem, size), hugepage.Alloc[int32](t.mem, size)
	t.role, t.cue = hugepage.Alloc[roleRow](t.mem, n+1)[:1], hugepage.Alloc[cueRow](t.mem, n+1)[:1]
	return t
}

// add adds word k with a zero row and returns the row's index; it returns 0 for k 0 and for a
// word already present (a duplicate in a corrupt stream: the first is kept).
func (t *wordTable) add(k uint64) int32 {
	if k == 0 {
		return 0
	}
	j := mixKey(k) & t.mask
	for t.keys[j] != 0 && t.keys[j] != k {
		j = (j + 1) & t.mask
	}
	if t.keys[j] == k {
		return 0
	}
	t.keys[j] = k
	t.idx[j] = int32(len(t.cue))
	t.cue = append(t.cue, cueRow{})
	t.role = append(t.role, roleRow{})
	return t.idx[j]
}

// setRow stores r, in wordRow order, as row i.
func (t *wordTable) setRow(i int32, r *wordRow) {
	rr := &t.role[i]
	copy(t.cue[i][:], r[:wRole])
	for dir := range nDir {
		for k, o := range roleSideOf {
			copy(rr[dir][o:], r[wRole+(2*k+dir)*nRole:][:nRole])
		}
	}
}

// rowOf returns row i in wordRow order, as setRow was given it.
func (t *wordTable) rowOf(i int32) wordRow {
	var r wordRow
	rr := &t.role[i]
	copy(r[:wRole], t.cue[i][:])
	for dir := range nDir {
		for k, o := range roleSideOf {
			copy(r[wRole+(2*k+dir)*nRole:][:nRole], rr[dir][o:])
		}
	}
	return r
}

func mixKey(k uint64) uint64 {
	k ^= k >> 29
	k *= 0xbf58476d1ce4e5b9
	return k ^ k>>32
}

// row returns the index of word w's row (0, the zero row, if w has none).
func (t *wordTable) row(w uint64) int32 {
	j := mixKey(w) & t.mask
	for {
		switch t.keys[j] {
		case w:
			return t.idx[j]
		case 0:
			return 0
		}
		j = (j + 1) & t.mask
	}
}

// len is the number of words with rows.
func (t *wordTable) len() int { return len(t.cue) - 1 }

// splitWords moves the word features of the vocabulary (words, with their clusters
// vocabClu) and the cluster features (clusters.go) out of the hashed cue and role weights
// into a word table: a row for each word with weights of its own, holding its clusters' and
// its stem's (vocabStem: stems.go) weights too, and a row for each of classes, the clusters
// (with the zero ids of a word without clusters).
func splitWords(cue, role *learn.Weights, vocab []uint64, vocabClu []cluIDs, vocabStem []uint64, classes []cluIDs) (*learn.Weights, *learn.Weights, *wordTable) {
	var keys []uint64
	var rows []float32
	var moved, f []learn.Hash
	var slots [nRowFeats][]learn.Hash
	row := make([]float32, rowLen)
	// addShared adds to row the weights of the cluster features of ids and of the stem
	// features of stems (a word's one, none for a class).
	addShared := func(ids cluIDs, stems ...uint64) {
		cluSlotFeats(ids, &slots)
		for _, st := range stems {
			stemSlotFeats(st, &slots)
		}
		o := 0
		for j, fs := range slots {
			wt, k := cue, nCue
			if j >= cueWords {
				wt, k = role, nRole
			}
			for _, h := range fs {
				if v := wt.Vec(h); v != nil {
					for c := range k {
						row[o+c] += v[c]
					}
				}
			}
			o += k
		}
	}
	for i, w := range vocab {
		f = wordFeats(f[:0], w)
		clear(row)
		o, any := 0, false
		for j, h := range f {
			wt, k := cue, nCue
			if j >= cueWords {
				wt, k = role, nRole
			}
			if v := wt.Vec(h); v != nil {
				copy(row[o:o+k], v)
				any = true
				moved = append(moved, h)
			}
			o += k
		}
		if any && w != 0 {
			addShared(vocabClu[i], vocabStem[i])
			keys = append(keys, w)
			rows = append(rows, row...)
		}
	}
	for _, ids := range append([]cluIDs{{}}, classes...) {
		clear(row)
		addShared(ids)
		keys = append(keys, cluKey(ids[0]))
		rows = append(rows, row...)
		for _, fs := range slots {
			moved = append(moved, fs...)
		}
	}
	// Every stem's features leave the hashed weights, those of the words without a row too
	// (whose own features were all pruned), as the word features do.
	for _, st := range vocabStem {
		for j := range slots {
			slots[j] = slots[j][:0]
		}
		stemSlotFeats(st, &slots)
		for _, fs := range slots {
			moved = append(moved, fs...)
		}
	}
	return cue.Without(moved), role.Without(moved), newWordTable(keys, rows)
}

// writeTo writes the table as a learn vector stream, canonical: words in the order of their
// home slots in the table decodeWordTable builds, then of their hashes. Decoding then fills
// the table from one end to the other, the processor fetching its memory ahead; in the order
// of the words' hashes, as models were written before, each word's slot was a cache miss
// (perf over fresh processes: adding the words took 5% of pipeline.New, under 1% after).
func (t *wordTable) writeTo(w io.Writer) error {
	var keys []uint64
	var rows []float32
	for j, k := range t.keys {
		if k != 0 {
			keys = append(keys, k)
			r := t.rowOf(t.idx[j])
			rows = append(rows, r[:]...)
		}
	}
	mask := uint64(wordTableSize(len(keys)) - 1)
	home := func(k uint64) uint64 { return mixKey(k) & mask }
	return learn.WriteVectorsOrder(w, rowLen, keys, rows, learn.SlotOrder(keys, home))
}

// decodeWordTable reads a table written by writeTo from the start of b, decoding the rows in
// place; it also returns the bytes after it.
func decodeWordTable(b []byte) (*wordTable, []byte, error) {
	k, scale, recs, rest, err := learn.RecordsOf(b)
	if err != nil {
		return nil, nil, err
	}
	if k != rowLen {
		return nil, nil, fmt.Errorf("word rows of %d weights, want %d", k, rowLen)
	}
	const rec = 8 + 2*rowLen
	t := newEmptyWordTable(len(recs) / rec)
	learn.Prefault(t.keys)
	learn.Prefault(t.idx)
	learn.Prefault(t.cue[:cap(t.cue)])
	learn.Prefault(t.role[:cap(t.role)])
	var r wordRow
	for ; len(recs) > 0; recs = recs[rec:] {
		if i := t.add(binary.LittleEndian.Uint64(recs)); i > 0 {
			learn.DecodeRecord(r[:], recs, scale)
			t.setRow(i, &r)
		}
	}
	return t, rest, nil
}
