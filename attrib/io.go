package attrib

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/whosaid/whosaid/learn"
)

const modelMagic = "whosaid-attribution-3\n"

// embedded is the shipped model, made by `whosaid train attribution` (see Meta for the data
// and settings, BENCHMARKS.md for its scores).
//
//go:embed model.bin
var embedded []byte

// Default returns the embedded model. Loading takes a few tens of milliseconds; callers keep
// the value (it is read-only and may be shared by goroutines).
func Default() (*Model, error) {
	m, err := decode(embedded)
	if err != nil {
		return nil, fmt.Errorf("embedded attribution model: %w", err)
	}
	return m, nil
}

// Embedded returns the bytes of the embedded model.
func Embedded() []byte { return embedded }

// WriteTo writes the model: a header, its Meta as JSON, then the cue and role weights, the
// word table and the boundary refiner's weights. The same model gives the same bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	meta, err := json.Marshal(m.Meta)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	buf.WriteString(modelMagic)
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(meta)))
	buf.Write(n[:])
	buf.Write(meta)
	if _, err := m.cue.WriteTo(&buf); err != nil {
		return 0, err
	}
	if _, err := m.role.WriteTo(&buf); err != nil {
		return 0, err
	}
	if err := m.words.writeTo(&buf); err != nil {
		return 0, err
	}
	var keys []uint64
	var vals []float32
	if m.refiner != nil {
		keys, vals = m.refiner.keys, m.refiner.vals
	}
	// The refiner's features in the order of their home slots in the table newRefineWeights
	// builds (then of their hashes): loading then fills it from one end to the other rather
	// than missing the caches for each feature.
	home := (&refineWeights{shift: refineShift(len(keys))}).slot
	if err := learn.WriteVectorsOrder(&buf, 1, keys, vals, learn.SlotOrder(keys, home)); err != nil {
		return 0, err
	}
	k, err := w.Write(buf.Bytes())
	return int64(k), err
}

// Load reads a model written by WriteTo.
func Load(r io.Reader) (*Model, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	return decode(b)
}

// decode reads a model written by WriteTo from b, which it parses in place.
func decode(b []byte) (*Model, error) {
	if len(b) < len(modelMagic)+4 {
		return nil, fmt.Errorf("reading model header: %w", io.ErrUnexpectedEOF)
	}
	if string(b[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("not a whosaid attribution model")
	}
	n := binary.LittleEndian.Uint32(b[len(modelMagic):])
	if n > 1<<20 {
		return nil, fmt.Errorf("model header: metadata of %d bytes", n)
	}
	b = b[len(modelMagic)+4:]
	if uint32(len(b)) < n {
		return nil, fmt.Errorf("reading model metadata: %w", io.ErrUnexpectedEOF)
	}
	var meta Meta
	if err := json.Unmarshal(b[:n], &meta); err != nil {
		return nil, fmt.Errorf("model metadata: %w", err)
	}
	cue, b, err := learn.DecodeWeights(b[n:])
	if err != nil {
		return nil, fmt.Errorf("cue weights: %w", err)
	}
	role, b, err := learn.DecodeWeights(b)
	if err != nil {
		return nil, fmt.Errorf("role weights: %w", err)
	}
	if cue.K != nCue || role.K != nRole {
		return nil, fmt.Errorf("model has %d cue and %d role classes, want %d and %d", cue.K, role.K, nCue, nRole)
	}
	words, b, err := decodeWordTable(b)
	if err != nil {
		return nil, fmt.Errorf("word table: %w", err)
	}
	k, keys, vals, _, err := learn.DecodeVectors(b)
	if err != nil {
		return nil, fmt.Errorf("refiner weights: %w", err)
	}
	if k != 1 {
		return nil, fmt.Errorf("model's boundary refiner has %d classes, want 1", k)
	}
	m := newModel(cue, role, words, meta)
	if len(keys) > 0 {
		m.setRefiner(newRefineWeights(keys, vals))
	}
	return m, nil
}
