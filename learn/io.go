package learn

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

const magic = "whosaid-weights-2\n"

// WriteTo writes w as a canonical byte stream: the same weights give the same bytes
// whatever order they were trained in (see WriteVectors).
func (w *Weights) WriteTo(out io.Writer) (int64, error) {
	size := uint64(len(w.slots) / max(w.stride, 1))
	var keys []uint64
	var vals []float32
	for i := uint64(0); i < size; i++ {
		if k := w.keyAt(i); k != 0 {
			keys = append(keys, k)
			vals = append(vals, w.valsAt(i)...)
		}
	}
	cw := &countWriter{w: out}
	err := WriteVectors(cw, w.K, keys, vals)
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteVectors writes keyed vectors of k weights each (vals holds len(keys)×k) in increasing
// order of key. Weights are stored as 16-bit integers with one scale for the whole stream: a
// perceptron's decisions do not depend on the last bits of its weights (measured: no change
// in whosaid's dev scores), and the model shrinks by half. Taggers that keep weights in
// tables of their own use it too.
func WriteVectors(out io.Writer, k int, keys []uint64, vals []float32) error {
	return WriteVectorsOrder(out, k, keys, vals, SlotOrder(keys, func(uint64) uint64 { return 0 }))
}

// SlotOrder returns the indexes of keys in the order of their home slots (home) in the table
// a model's loader fills, then of the keys themselves: written in that order, a table fills
// from one end to the other as it loads, the processor fetching its memory ahead, where the
// order of the keys would miss the caches on every insert.
func SlotOrder(keys []uint64, home func(uint64) uint64) []int {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ka, kb := keys[a], keys[b]
		return cmp.Or(cmp.Compare(home(ka), home(kb)), cmp.Compare(ka, kb))
	})
	return order
}

// WriteVectorsOrder is WriteVectors with the records in the given order: record i is the
// vector of keys[order[i]]. A model whose table is filled in an order of its own (its
// entries' home slots, so that loading fills it from one end to the other) writes it so.
func WriteVectorsOrder(out io.Writer, k int, keys []uint64, vals []float32, order []int) error {
	bw := bufio.NewWriter(out)
	var b [8]byte
	bw.WriteString(magic)
	binary.LittleEndian.PutUint32(b[:4], uint32(k))
	bw.Write(b[:4])
	binary.LittleEndian.PutUint32(b[:4], uint32(len(keys)))
	bw.Write(b[:4])
	var maxAbs float32
	for _, x := range vals {
		maxAbs = max(maxAbs, x, -x)
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	binary.LittleEndian.PutUint32(b[:4], math.Float32bits(scale))
	bw.Write(b[:4])
	for _, i := range order {
		binary.LittleEndian.PutUint64(b[:], keys[i])
		bw.Write(b[:])
		for _, x := range vals[i*k : (i+1)*k] {
			binary.LittleEndian.PutUint16(b[:2], uint16(int16(math.Round(float64(x/scale)))))
			bw.Write(b[:2])
		}
	}
	return bw.Flush()
}

// headerLen is the length of a vector stream's header: the magic line, k, the number of
// records and the scale.
const headerLen = len(magic) + 12

// parseHeader checks the header of a vector stream and returns its number of classes, of
// records and its scale.
func parseHeader(head []byte) (k, n int, scale float32, err error) {
	if string(head[:len(magic)]) != magic {
		return 0, 0, 0, errors.New("not a whosaid weights stream")
	}
	k = int(binary.LittleEndian.Uint32(head[len(magic):]))
	n = int(binary.LittleEndian.Uint32(head[len(magic)+4:]))
	if k <= 0 || k > 1<<12 || n < 0 || n > 1<<26 {
		return 0, 0, 0, fmt.Errorf("weights header: implausible size %d×%d", n, k)
	}
	scale = math.Float32frombits(binary.LittleEndian.Uint32(head[len(magic)+8:]))
	if !(scale > 0) || math.IsInf(float64(scale), 0) {
		return 0, 0, 0, fmt.Errorf("weights header: bad scale %g", scale)
	}
	return k, n, scale, nil
}

// appendRecords appends the keys and weights of the whole records of k weights in recs.
func appendRecords(keys []uint64, vals []float32, recs []byte, k int, scale float32) ([]uint64, []float32) {
	rec := 8 + 2*k
	n := len(recs) / rec
	keys, vals = slices.Grow(keys, n), slices.Grow(vals, n*k)
	ks, vs := keys[len(keys):len(keys)+n], vals[len(vals):len(vals)+n*k]
	for i := range ks {
		r := recs[i*rec : (i+1)*rec]
		ks[i] = binary.LittleEndian.Uint64(r)
		DecodeRecord(vs[i*k:(i+1)*k], r, scale)
	}
	return keys[:len(keys)+n], vals[:len(vals)+n*k]
}

// DecodeRecord decodes the weights of record rec of a vector stream of scale scale into v
// (len k): callers that parse a stream in place with RecordsOf store them where they want.
func DecodeRecord(v []float32, rec []byte, scale float32) {
	w := rec[8 : 8+2*len(v)]
	for c := range v {
		v[c] = float32(int16(binary.LittleEndian.Uint16(w[2*c:]))) * scale
	}
}

// ReadVectors reads a stream written by WriteVectors. It reads the records before anything
// is sized from the header, so a corrupt header cannot make it allocate more than the
// stream holds. It reads no further than the end of the stream when in is a *bufio.Reader.
func ReadVectors(in io.Reader) (k int, keys []uint64, vals []float32, err error) {
	br := bufio.NewReader(in)
	head := make([]byte, headerLen)
	if _, err := io.ReadFull(br, head); err != nil {
		return 0, nil, nil, fmt.Errorf("reading weights header: %w", err)
	}
	k, n, scale, err := parseHeader(head)
	if err != nil {
		return 0, nil, nil, err
	}
	rec := 8 + 2*k
	// Sized from the header only up to a bound that any stream may claim: the rest grows
	// with what is read.
	pre := min(n, 1<<18)
	keys, vals = make([]uint64, 0, pre), make([]float32, 0, pre*k)
	// Records are read many at a time: reading them one by one cost more than decoding them.
	chunk := make([]byte, max(1, 32<<10/rec)*rec)
	for i := 0; i < n; {
		m := min(n-i, len(chunk)/rec)
		if got, err := io.ReadFull(br, chunk[:m*rec]); err != nil {
			return 0, nil, nil, fmt.Errorf("reading weight %d of %d: %w", i+got/rec, n, err)
		}
		keys, vals = appendRecords(keys, vals, chunk[:m*rec], k, scale)
		i += m
	}
	return k, keys, vals, nil
}

// DecodeVectors is ReadVectors for a stream at the start of b, which it parses in place; it
// also returns the bytes after the stream. Models embedded in the binary load this way.
func DecodeVectors(b []byte) (k int, keys []uint64, vals []float32, rest []byte, err error) {
	k, scale, recs, rest, err := RecordsOf(b)
	if err != nil {
		return 0, nil, nil, nil, err
	}
	keys, vals = appendRecords(nil, nil, recs, k, scale)
	return k, keys, vals, rest, nil
}

// RecordsOf checks the header of the vector stream at the start of b and returns its number
// of classes k, its scale, its records (8 bytes of key, then k weights for DecodeRecord) and
// the bytes after them. The records are all in b before anything is sized from the header.
func RecordsOf(b []byte) (k int, scale float32, recs, rest []byte, err error) {
	if len(b) < headerLen {
		return 0, 0, nil, nil, fmt.Errorf("reading weights header: %w", io.ErrUnexpectedEOF)
	}
	k, n, scale, err := parseHeader(b[:headerLen])
	if err != nil {
		return 0, 0, nil, nil, err
	}
	rec := 8 + 2*k
	b = b[headerLen:]
	if have := len(b) / rec; have < n {
		return 0, 0, nil, nil, fmt.Errorf("reading weight %d of %d: %w", have, n, io.ErrUnexpectedEOF)
	}
	return k, scale, b[:n*rec], b[n*rec:], nil
}

// ReadWeights reads weights written by WriteTo.
func ReadWeights(in io.Reader) (*Weights, error) {
	k, keys, vals, err := ReadVectors(in)
	if err != nil {
		return nil, err
	}
	w := newWeights(k, len(keys))
	for i, key := range keys {
		if key == 0 { // 0 marks an empty slot; no trained feature has it
			continue
		}
		w.set(key, vals[i*k:(i+1)*k])
	}
	return w, nil
}

// DecodeWeights is ReadWeights for a stream at the start of b; it also returns the bytes
// after the stream. It decodes the weights straight into their table.
func DecodeWeights(b []byte) (*Weights, []byte, error) {
	k, scale, recs, rest, err := RecordsOf(b)
	if err != nil {
		return nil, nil, err
	}
	rec := 8 + 2*k
	w := newWeights(k, len(recs)/rec)
	Prefault(w.slots)
	for ; len(recs) > 0; recs = recs[rec:] {
		key := binary.LittleEndian.Uint64(recs)
		if key == 0 { // 0 marks an empty slot; no trained feature has it
			continue
		}
		DecodeRecord(w.valsAt(w.claim(key)), recs, scale)
	}
	return w, rest, nil
}

// ReadModel reads a whole model stream that starts with the line magic and returns what
// follows that line, so that the caller parses it in place. A *bytes.Reader (an embedded
// model) is copied once at its size; models written before they were stored plain are
// deflated, and such a stream is inflated first. Packages pos and ner store their models
// this way.
func ReadModel(r io.Reader, magic string) ([]byte, error) {
	var b []byte
	var err error
	if br, ok := r.(*bytes.Reader); ok {
		b = make([]byte, br.Len())
		_, err = io.ReadFull(br, b)
	} else {
		b, err = io.ReadAll(r)
	}
	if err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	if !bytes.HasPrefix(b, []byte(magic)) {
		zr := flate.NewReader(bytes.NewReader(b))
		defer zr.Close()
		if b, err = io.ReadAll(zr); err != nil || !bytes.HasPrefix(b, []byte(magic)) {
			return nil, fmt.Errorf("not a model of this kind (%q expected)", strings.TrimSpace(magic))
		}
	}
	return b[len(magic):], nil
}

// ModelBytes is ReadModel for a model in memory, such as one embedded in the binary: a plain
// model is parsed where it is, without the copy ReadModel makes (the models of pos and ner,
// 2 MB, which the collector would then have to reclaim).
func ModelBytes(b []byte, magic string) ([]byte, error) {
	if bytes.HasPrefix(b, []byte(magic)) {
		return b[len(magic):], nil
	}
	return ReadModel(bytes.NewReader(b), magic)
}
