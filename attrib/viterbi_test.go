package attrib

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/whosaid/whosaid/learn"
)

// TestViterbiSpecialised checks that the decoders of 3 and 5 classes choose the paths that
// learn.Viterbi chooses, ties and forbidden transitions included.
func TestViterbiSpecialised(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	type dec func(emit, trans []float32, path []int)
	for _, tc := range []struct {
		name    string
		k       int
		allowed func(p, c int) bool
		decode  dec
	}{
		{"cue", nCue, cueAllowed, func(emit, trans []float32, path []int) { viterbiCue(cueVecsOf(emit), trans, path, nil) }},
		{"role", nRole, roleAllowed, func(emit, trans []float32, path []int) { viterbiRole(vecsOf(emit), trans, path, nil) }},
	} {
		for trial := range 2000 {
			n := 1 + r.IntN(40)
			// Few distinct values make ties common; some emissions are forbidden (−Inf), as
			// inside a cue.
			val := func() float32 { return float32(r.IntN(5) - 2) }
			emit := make([]float32, n*tc.k)
			for i := range emit {
				emit[i] = val()
				if r.IntN(10) == 0 {
					emit[i] = float32(math.Inf(-1))
				}
			}
			trans := make([]float32, (tc.k+1)*tc.k)
			for i := range trans {
				trans[i] = val()
			}
			for p := -1; p < tc.k; p++ {
				for c := range tc.k {
					if !tc.allowed(p, c) {
						trans[(p+1)*tc.k+c] = float32(math.Inf(-1))
					}
				}
			}
			want, got := make([]int, n), make([]int, n)
			learn.Viterbi(emit, tc.k, trans, want, nil)
			tc.decode(emit, trans, got)
			if !slices.Equal(got, want) {
				t.Fatalf("%s trial %d: path %v, learn.Viterbi %v", tc.name, trial, got, want)
			}
		}
	}
}

// BenchmarkViterbiRole decodes a typical role window with viterbiRole and, for comparison,
// learn.Viterbi.
func BenchmarkViterbiRole(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 75 // a typical role window
	emit := make([]float32, n*nRole)
	for i := range emit {
		emit[i] = r.Float32()
	}
	trans := make([]float32, (nRole+1)*nRole)
	for i := range trans {
		trans[i] = r.Float32()
	}
	path := make([]int, n)
	rows := vecsOf(emit)
	b.Run("specialised", func(b *testing.B) {
		var buf []vec
		for b.Loop() {
			buf = viterbiRole(rows, trans, path, buf)
		}
	})
	b.Run("generic", func(b *testing.B) {
		var buf []float32
		for b.Loop() {
			buf = learn.Viterbi(emit, nRole, trans, path, buf)
		}
	})
}

// vecsOf copies flat role emissions into rows.
func vecsOf(emit []float32) []vec {
	out := make([]vec, len(emit)/nRole)
	for i := range out {
		out[i] = vec(emit[i*nRole:])
	}
	return out
}
