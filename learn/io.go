package learn

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
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
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
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

// ReadVectors reads a stream written by WriteVectors. It reads the records before anything
// is sized from the header, so a corrupt header cannot make it allocate more than the
// stream holds.
func ReadVectors(in io.Reader) (k int, keys []uint64, vals []float32, err error) {
	br := bufio.NewReader(in)
	head := make([]byte, len(magic)+12)
	if _, err := io.ReadFull(br, head); err != nil {
		return 0, nil, nil, fmt.Errorf("reading weights header: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return 0, nil, nil, errors.New("not a whosaid weights stream")
	}
	k = int(binary.LittleEndian.Uint32(head[len(magic):]))
	n := int(binary.LittleEndian.Uint32(head[len(magic)+4:]))
	if k <= 0 || k > 1<<12 || n < 0 || n > 1<<26 {
		return 0, nil, nil, fmt.Errorf("weights header: implausible size %d×%d", n, k)
	}
	scale := math.Float32frombits(binary.LittleEndian.Uint32(head[len(magic)+8:]))
	if !(scale > 0) || math.IsInf(float64(scale), 0) {
		return 0, nil, nil, fmt.Errorf("weights header: bad scale %g", scale)
	}
	rec := make([]byte, 8+2*k)
	// Sized from the header only up to a bound that any stream may claim: the rest grows
	// with what is read.
	pre := min(n, 1<<18)
	keys, vals = make([]uint64, 0, pre), make([]float32, 0, pre*k)
	for i := 0; i < n; i++ {
		if _, err := io.ReadFull(br, rec); err != nil {
			return 0, nil, nil, fmt.Errorf("reading weight %d of %d: %w", i, n, err)
		}
		keys = append(keys, binary.LittleEndian.Uint64(rec))
		for c := 0; c < k; c++ {
			vals = append(vals, float32(int16(binary.LittleEndian.Uint16(rec[8+2*c:])))*scale)
		}
	}
	return k, keys, vals, nil
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
