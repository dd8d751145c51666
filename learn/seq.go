package learn

import "math"

// transTemplate is the template number of transition features; taggers must use other
// template numbers for their own features.
const transTemplate = 0xffffffff

// Trans names the transition feature from class prev (or Start) to the current class.
func Trans(prev int) Hash { return Seed(transTemplate).Int(prev) }

// Start is the pseudo-class before the first position of a sequence.
const Start = -1

// TransMatrix reads the transition weights of w into a (K+1)×K matrix: row 0 is from Start,
// row p+1 from class p. allowed, when not nil, forbids transitions (allowed(prev, cur) false
// gives −Inf); prev is Start for the first position.
func TransMatrix(w interface{ Vec(Hash) []float32 }, k int, allowed func(prev, cur int) bool) []float32 {
	m := make([]float32, (k+1)*k)
	for p := -1; p < k; p++ {
		row := m[(p+1)*k : (p+2)*k]
		if v := w.Vec(Trans(p)); v != nil {
			copy(row, v)
		}
		if allowed != nil {
			for c := range row {
				if !allowed(p, c) {
					row[c] = float32(math.Inf(-1))
				}
			}
		}
	}
	return m
}

// Viterbi finds the best class sequence for emission scores emit (n×K, row-major) and
// transition matrix trans (from TransMatrix). It writes the classes into path (len n), using
// scratch space from buf, and returns buf for reuse.
func Viterbi(emit []float32, k int, trans []float32, path []int, buf []float32) []float32 {
	n := len(path)
	if n == 0 {
		return buf
	}
	need := n*k + n*k // scores, back-pointers (as float32 indices)
	if cap(buf) < need {
		buf = make([]float32, need)
	}
	buf = buf[:need]
	score, back := buf[:n*k], buf[n*k:]
	for c := 0; c < k; c++ {
		score[c] = emit[c] + trans[c]
		back[c] = -1
	}
	for i := 1; i < n; i++ {
		prev := score[(i-1)*k : i*k]
		for c := 0; c < k; c++ {
			best, bp := float32(math.Inf(-1)), 0
			for p := 0; p < k; p++ {
				s := prev[p] + trans[(p+1)*k+c]
				if s > best {
					best, bp = s, p
				}
			}
			score[i*k+c] = best + emit[i*k+c]
			back[i*k+c] = float32(bp)
		}
	}
	path[n-1] = Argmax(score[(n-1)*k:])
	for i := n - 1; i > 0; i-- {
		path[i-1] = int(back[i*k+path[i]])
	}
	return buf
}
