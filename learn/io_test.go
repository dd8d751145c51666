package learn

import (
	"bytes"
	"slices"
	"testing"
)

// TestWriteVectorsOrder checks that WriteVectorsOrder writes the records in the order given,
// that the order given by key is WriteVectors's, and that any order reads back to the same
// vectors.
func TestWriteVectorsOrder(t *testing.T) {
	keys := []uint64{30, 10, 20, 0}
	vals := []float32{3, -3, 1, -1, 2, -2, 0.5, 0}
	var sorted bytes.Buffer
	if err := WriteVectors(&sorted, 2, keys, vals); err != nil {
		t.Fatal(err)
	}
	// The weights as the stream stores them (16-bit, one scale), by key.
	_, sk, sv, _, err := DecodeVectors(sorted.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order    []int
		wantKeys []uint64
	}{
		{[]int{3, 1, 2, 0}, []uint64{0, 10, 20, 30}},
		{[]int{0, 1, 2, 3}, []uint64{30, 10, 20, 0}},
		{[]int{2, 0, 3, 1}, []uint64{20, 30, 0, 10}},
	} {
		var b bytes.Buffer
		if err := WriteVectorsOrder(&b, 2, keys, vals, tc.order); err != nil {
			t.Fatal(err)
		}
		if slices.IsSorted(tc.wantKeys) && !bytes.Equal(b.Bytes(), sorted.Bytes()) {
			t.Errorf("order %v: not WriteVectors's bytes", tc.order)
		}
		k, gotKeys, gotVals, rest, err := DecodeVectors(b.Bytes())
		if err != nil || k != 2 || len(rest) != 0 {
			t.Fatalf("order %v: k %d, %d bytes left, %v", tc.order, k, len(rest), err)
		}
		if !slices.Equal(gotKeys, tc.wantKeys) {
			t.Errorf("order %v: keys %v, want %v", tc.order, gotKeys, tc.wantKeys)
		}
		for i, key := range gotKeys {
			j := slices.Index(sk, key)
			if got, want := gotVals[2*i:2*i+2], sv[2*j:2*j+2]; !slices.Equal(got, want) {
				t.Errorf("order %v: key %d has %v, want %v", tc.order, key, got, want)
			}
		}
	}
}
