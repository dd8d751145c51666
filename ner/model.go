package ner

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
)

const modelMagic = "whosaid-ner-1\n"

// Limits on what a model may hold, so that a corrupt stream cannot make Load allocate more
// than it has to.
const (
	maxWordLen  = 256
	maxClusters = 1 << 22
	maxGazNames = 1 << 22
	maxFeatures = 1 << 25
)

// modelParts is what a model holds besides the part-of-speech tagger.
type modelParts struct {
	clusters map[string]uint64
	gaz      gazEntries
	weights  []featWeights // sorted by hash
	off      uint64        // templates not used
	scale    float32
}

// featWeights are the quantised weights of one feature.
type featWeights struct {
	f     learn.Hash
	pairs []pair
}

// writeModel writes the model as Load reads it: the magic line, the class and level counts,
// the clusters (word, ids) in the order of their slots in the table Load builds, the
// gazetteer (name, types) in sorted order, then the weights: count of features and of pairs,
// the scale, and for each feature, in the order of its slot, its hash, its number of pairs
// and each pair as a class byte and a 16-bit weight. Load reads the clusters and features in
// any order (models written before were in the order of their words and hashes), but in the
// order of their slots it fills its tables from one end to the other. The same parts always
// give the same bytes. It is stored as it is: deflated, the model was half the size (390 KB
// instead of 740 KB) but took twice as long to load.
func writeModel(m *modelParts) ([]byte, error) {
	var raw bytes.Buffer
	uv := func(x uint64) { raw.Write(binary.AppendUvarint(nil, x)) }
	str := func(s string) { uv(uint64(len(s))); raw.WriteString(s) }
	raw.WriteString(modelMagic)
	uv(numClasses)
	uv(m.off)
	uv(numLevels)
	for _, k := range clusterLevels {
		uv(uint64(k))
	}
	words := make([]string, 0, len(m.clusters))
	for w := range m.clusters {
		words = append(words, w)
	}
	// In the order of the words' home slots in the table parseModel builds (then of the
	// words), which it then fills from one end to the other, the processor fetching its
	// memory ahead; in the order of the words, each put missed the caches (perf: nearly half
	// of parseModel's own time was that one load).
	cmask := uint64(clusterTableSize(len(words)) - 1)
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(cmp.Compare(keyHash([]byte(a))&cmask, keyHash([]byte(b))&cmask), strings.Compare(a, b))
	})
	uv(uint64(len(words)))
	for _, w := range words {
		str(w)
		uv(m.clusters[w])
	}
	names := m.gaz.sorted()
	uv(uint64(len(names)))
	for _, n := range names {
		str(n)
		raw.WriteByte(m.gaz[n])
	}
	np := 0
	for _, fw := range m.weights {
		np += len(fw.pairs)
	}
	uv(uint64(len(m.weights)))
	uv(uint64(np))
	raw.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(m.scale)))
	// The features too in the order of their home slots (then of their hashes).
	ws := slices.Clone(m.weights)
	wmask := uint64(tableSize(len(ws)) - 1)
	home := func(f learn.Hash) uint64 { k, _ := mix(f); return k & wmask }
	slices.SortFunc(ws, func(a, b featWeights) int {
		return cmp.Or(cmp.Compare(home(a.f), home(b.f)), cmp.Compare(a.f, b.f))
	})
	var b [8]byte
	for _, fw := range ws {
		binary.LittleEndian.PutUint64(b[:], uint64(fw.f))
		raw.Write(b[:])
		raw.WriteByte(byte(len(fw.pairs)))
		for _, p := range fw.pairs {
			raw.WriteByte(byte(p.class))
			binary.LittleEndian.PutUint16(b[:2], uint16(p.w))
			raw.Write(b[:2])
		}
	}
	return raw.Bytes(), nil
}

// Load reads a model as Train returns it (write those bytes to a file to keep a model).
// When the model uses part-of-speech features, Load also loads pos.Default.
func Load(r io.Reader) (*Tagger, error) {
	b, err := learn.ReadModel(r, modelMagic)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	return parseModel(&modelReader{b: b})
}

// modelReader reads a model in memory, where Load parses it in place: reading it through a
// bufio.Reader a varint and a string at a time took most of the time of loading.
type modelReader struct {
	b   []byte
	off int // the bytes read: b[:off]
}

// rest returns the bytes not yet read. The reader keeps an offset rather than reslicing b,
// which wrote a pointer for every field read, through the collector's write barrier when, as
// often, it was marking while the models loaded.
func (r *modelReader) rest() []byte { return r.b[r.off:] }

// uv reads a varint of at most limit.
func (r *modelReader) uv(what string, limit uint64) (uint64, error) {
	x, n := binary.Uvarint(r.rest())
	if n <= 0 {
		err := io.ErrUnexpectedEOF
		if n < 0 {
			err = errors.New("varint overflows a 64-bit integer")
		}
		return 0, fmt.Errorf("ner: reading %s: %w", what, err)
	}
	r.off += n
	if x > limit {
		return 0, fmt.Errorf("ner: implausible %s %d", what, x)
	}
	return x, nil
}

// str reads a string of at most maxWordLen bytes, as a slice of the model. The name of its
// length is made only for an error: made for every string, it was a fifth of the time of
// loading.
func (r *modelReader) str(what string) ([]byte, error) {
	n, k := binary.Uvarint(r.rest())
	if k <= 0 || n > maxWordLen {
		_, err := r.uv(what+" length", maxWordLen)
		return nil, err
	}
	r.off += k
	return r.next(what, int(n))
}

// next reads n bytes, as a slice of the model.
func (r *modelReader) next(what string, n int) ([]byte, error) {
	if len(r.b)-r.off < n {
		return nil, fmt.Errorf("ner: reading %s: %w", what, io.ErrUnexpectedEOF)
	}
	b := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return b, nil
}

// readHeader reads the class and level counts of a model after its magic line and returns
// the templates it does not use.
func readHeader(r *modelReader) (off uint64, err error) {
	k, err := r.uv("class count", 1<<8)
	if err != nil {
		return 0, err
	}
	off, err = r.uv("template set", 1<<nTemplates-1)
	if err != nil {
		return 0, err
	}
	levels, err := r.uv("level count", 1<<8)
	if err != nil {
		return 0, err
	}
	if k != numClasses || levels != numLevels {
		return 0, fmt.Errorf("ner: model has %d classes and %d cluster levels, this version knows %d and %d", k, levels, numClasses, numLevels)
	}
	for _, k := range clusterLevels {
		n, err := r.uv("level size", 1<<16)
		if err != nil {
			return 0, err
		}
		if n != uint64(k) {
			return 0, fmt.Errorf("ner: model has a cluster level of %d classes, this version wants %d", n, k)
		}
	}
	return off, nil
}

// readClusters reads a model's clusters, after its header.
func readClusters(r *modelReader) (*clusterTable, error) {
	// Tables are sized from the counts in the stream only up to what the rest of it can
	// hold (an entry takes at least two bytes), so that a corrupt count cannot make Load
	// allocate more than the stream holds.
	nw, err := r.uv("cluster vocabulary size", min(maxClusters, uint64(len(r.rest())/2)))
	if err != nil {
		return nil, err
	}
	t := newClusterTableFor(int(nw))
	learn.Prefault(t.slots)
	for i := uint64(0); i < nw; i++ {
		w, err := r.str("clustered word")
		if err != nil {
			return nil, err
		}
		ids, err := r.uv("cluster ids", math.MaxUint64)
		if err != nil {
			return nil, err
		}
		t.put(keyHash(w), ids)
	}
	return t, nil
}

// parseModel reads a model after its magic line.
func parseModel(r *modelReader) (*Tagger, error) {
	off, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	t := &Tagger{off: off}
	if t.clusters, err = readClusters(r); err != nil {
		return nil, err
	}
	ng, err := r.uv("gazetteer size", min(maxGazNames, uint64(len(r.rest())/2)))
	if err != nil {
		return nil, err
	}
	// The names are read twice: once to check them and count their words, which size the
	// table, then to add them. Kept from the first reading as slices of the model, they took
	// an array of pointers, which the collector, often running while models load, had to
	// follow.
	gaz, words := *r, 0
	for range ng {
		n, err := r.str("gazetteer name")
		if err != nil {
			return nil, err
		}
		b, err := r.next("gazetteer", 1)
		if err != nil {
			return nil, err
		}
		if b[0] == 0 || b[0] > 0xf || len(n) == 0 {
			return nil, fmt.Errorf("ner: gazetteer: bad entry %q %d", n, b[0])
		}
		words += 1 + bytes.Count(n, []byte(" "))
	}
	gb := newGazBuilder(words)
	learn.Prefault(gb.g.keys)
	learn.Prefault(gb.g.vals)
	for range ng {
		n, _ := gaz.str("")
		b, _ := gaz.next("", 1)
		gb.add(n, b[0])
	}
	t.gaz = gb.gazetteer()
	if t.tab, err = readTable(r); err != nil {
		return nil, fmt.Errorf("ner: reading weights: %w", err)
	}
	transMatrix(t.tab.vec, &t.trans)
	t.rows = newRows(t.tab, off)
	for r := roleBefore; r < numRoles; r++ { // the tokens beyond the sentence
		var f [maxFeat]learn.Hash
		var nf int
		switch r {
		case roleBefore, roleAfter:
			nf = neighbourFeatures(&f, edgeTok(r), r == roleAfter, off)
		default:
			nf = farFeatures(&f, edgeTok(r), r == roleAfter2, off)
		}
		x := t.tab.sums(f[:nf])
		t.edge[r] = pack(&x)
	}
	if off&posTemplates != posTemplates {
		t.pos = pos.Default()
	}
	return t, nil
}

// readTable reads the weights as writeModel writes them.
func readTable(r *modelReader) (*table, error) {
	nf, err := r.uv("feature count", maxFeatures)
	if err != nil {
		return nil, err
	}
	np, err := r.uv("weight count", numClasses*nf)
	if err != nil {
		return nil, err
	}
	sc, err := r.next("scale", 4)
	if err != nil {
		return nil, err
	}
	scale := math.Float32frombits(binary.LittleEndian.Uint32(sc))
	if !(scale > 0) || math.IsInf(float64(scale), 0) {
		return nil, fmt.Errorf("bad scale %g", scale)
	}
	// A feature takes at least 12 bytes: check that the stream holds them before sizing the
	// table, so that a corrupt header cannot make us allocate more than the stream holds.
	if nf > uint64(len(r.rest())/12) {
		return nil, fmt.Errorf("%d features: %w", nf, io.ErrUnexpectedEOF)
	}
	tab := newTable(int(nf), scale)
	learn.Prefault(tab.slots)
	learn.Prefault(tab.bloom[:])
	var ps [numClasses]pair
	seen := uint64(0)
	for i := uint64(0); i < nf; i++ {
		rec, err := r.next("feature", 9)
		if err != nil {
			return nil, err
		}
		f := learn.Hash(binary.LittleEndian.Uint64(rec))
		c := rec[8]
		if c == 0 || c > numClasses {
			return nil, fmt.Errorf("feature %d: bad weight count %d", i, c)
		}
		rec, err = r.next("weights", 3*int(c))
		if err != nil {
			return nil, err
		}
		for j := range int(c) {
			if rec[3*j] >= numClasses {
				return nil, fmt.Errorf("feature %d: bad class %d", i, rec[3*j])
			}
			ps[j] = pair{class: uint16(rec[3*j]), w: int16(binary.LittleEndian.Uint16(rec[3*j+1:]))}
		}
		seen += uint64(c)
		// A repeated feature has the same key as its first occurrence.
		if tab.has(f) {
			return nil, fmt.Errorf("feature %d repeated, or two features share a table key", i)
		}
		tab.add(f, ps[:c])
	}
	if seen != np {
		return nil, fmt.Errorf("%d weights, header says %d", seen, np)
	}
	return tab, nil
}

// edgeTok is the token beyond the sentence that a token of role r (not roleSelf) is when it
// falls outside: the start for the roles before the scored token, the end for those after.
func edgeTok(r int) *tok {
	if r == roleAfter || r == roleAfter2 {
		return &endTok
	}
	return &startTok
}
