package ner

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

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
// the clusters (word, ids) and the gazetteer (name, types) in sorted order, then the
// weights: count of features and of pairs, the scale, and for each feature its hash, its
// number of pairs and each pair as a class byte and a 16-bit weight. The same parts always
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
	slices.Sort(words)
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
	var b [8]byte
	for _, fw := range m.weights {
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
	br := bufio.NewReaderSize(r, 64<<10)
	if head, err := br.Peek(len(modelMagic)); err != nil || string(head) != modelMagic {
		// Models used to be stored deflated; such a file still loads.
		zr := flate.NewReader(br)
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	head := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("ner: reading model header: %w", err)
	}
	if string(head) != modelMagic {
		return nil, errors.New("ner: not a whosaid named-entity model")
	}
	uv := func(what string, limit uint64) (uint64, error) {
		x, err := binary.ReadUvarint(br)
		if err != nil {
			return 0, fmt.Errorf("ner: reading %s: %w", what, err)
		}
		if x > limit {
			return 0, fmt.Errorf("ner: implausible %s %d", what, x)
		}
		return x, nil
	}
	k, err := uv("class count", 1<<8)
	if err != nil {
		return nil, err
	}
	off, err := uv("template set", 1<<nTemplates-1)
	if err != nil {
		return nil, err
	}
	levels, err := uv("level count", 1<<8)
	if err != nil {
		return nil, err
	}
	if k != numClasses || levels != numLevels {
		return nil, fmt.Errorf("ner: model has %d classes and %d cluster levels, this version knows %d and %d", k, levels, numClasses, numLevels)
	}
	for _, k := range clusterLevels {
		n, err := uv("level size", 1<<16)
		if err != nil {
			return nil, err
		}
		if n != uint64(k) {
			return nil, fmt.Errorf("ner: model has a cluster level of %d classes, this version wants %d", n, k)
		}
	}
	buf := make([]byte, 0, maxWordLen)
	str := func(what string) (string, error) {
		n, err := uv(what+" length", maxWordLen)
		if err != nil {
			return "", err
		}
		buf = buf[:n]
		if _, err := io.ReadFull(br, buf); err != nil {
			return "", fmt.Errorf("ner: reading %s: %w", what, err)
		}
		return string(buf), nil
	}
	t := &Tagger{off: off}
	nw, err := uv("cluster vocabulary size", maxClusters)
	if err != nil {
		return nil, err
	}
	cm := make(map[string]uint64, min(nw, 1<<16))
	for i := uint64(0); i < nw; i++ {
		w, err := str("clustered word")
		if err != nil {
			return nil, err
		}
		ids, err := uv("cluster ids", math.MaxUint64)
		if err != nil {
			return nil, err
		}
		cm[w] = ids
	}
	t.clusters = newClusterTable(cm)
	ng, err := uv("gazetteer size", maxGazNames)
	if err != nil {
		return nil, err
	}
	gaz := make(gazEntries, min(ng, 1<<16))
	for i := uint64(0); i < ng; i++ {
		n, err := str("gazetteer name")
		if err != nil {
			return nil, err
		}
		b, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("ner: reading gazetteer: %w", err)
		}
		if b == 0 || b > 0xf || n == "" {
			return nil, fmt.Errorf("ner: gazetteer: bad entry %q %d", n, b)
		}
		gaz[n] = b
	}
	t.gaz = newGazetteer(gaz)
	if t.tab, err = readTable(br); err != nil {
		return nil, fmt.Errorf("ner: reading weights: %w", err)
	}
	transMatrix(t.tab.vec, &t.trans)
	t.rows = newRows(t.tab, off)
	for i, e := range [2]struct {
		tk    *tok
		after bool
	}{{&startTok, false}, {&endTok, true}} {
		var f [maxFeat]learn.Hash
		x := t.tab.sums(f[:neighbourFeatures(&f, e.tk, e.after, off)])
		t.edge[i] = pack(&x)
	}
	if off&posTemplates != posTemplates {
		t.pos = pos.Default()
	}
	return t, nil
}

// readTable reads the weights as writeModel writes them.
func readTable(br *bufio.Reader) (*table, error) {
	nf, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	np, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if nf > maxFeatures || np > numClasses*nf {
		return nil, fmt.Errorf("implausible size: %d features, %d weights", nf, np)
	}
	var rec [8]byte
	if _, err := io.ReadFull(br, rec[:4]); err != nil {
		return nil, err
	}
	scale := math.Float32frombits(binary.LittleEndian.Uint32(rec[:4]))
	if !(scale > 0) || math.IsInf(float64(scale), 0) {
		return nil, fmt.Errorf("bad scale %g", scale)
	}
	// Read the records before sizing the table, so that a corrupt header cannot make us
	// allocate more than the stream holds.
	var fws []featWeights
	var all []pair
	seen := map[learn.Hash]bool{}
	for i := uint64(0); i < nf; i++ {
		if _, err := io.ReadFull(br, rec[:]); err != nil {
			return nil, err
		}
		f := learn.Hash(binary.LittleEndian.Uint64(rec[:]))
		c, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if c == 0 || c > numClasses {
			return nil, fmt.Errorf("feature %d: bad weight count %d", i, c)
		}
		start := len(all)
		for j := 0; j < int(c); j++ {
			if _, err := io.ReadFull(br, rec[:3]); err != nil {
				return nil, err
			}
			if rec[0] >= numClasses {
				return nil, fmt.Errorf("feature %d: bad class %d", i, rec[0])
			}
			all = append(all, pair{class: uint16(rec[0]), w: int16(binary.LittleEndian.Uint16(rec[1:3]))})
		}
		if seen[f] {
			return nil, fmt.Errorf("feature %d repeated", i)
		}
		seen[f] = true
		fws = append(fws, featWeights{f, all[start:len(all):len(all)]})
	}
	if uint64(len(all)) != np {
		return nil, fmt.Errorf("%d weights, header says %d", len(all), np)
	}
	tab := newTable(len(fws), scale)
	for _, fw := range fws {
		if tab.has(fw.f) {
			return nil, fmt.Errorf("two features share a table key")
		}
		tab.add(fw.f, fw.pairs)
	}
	return tab, nil
}
