package ner

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// viterbiAll is viterbi as it was before it skipped the closing classes that cannot win:
// every opening class takes the best of all nine closing ones.
func viterbiAll(emit []float32, tr *transitions, path []int, afterO, beforeO bool) {
	const k = numClasses
	n := len(path)
	score := make([]float32, n*k)
	row := func(v []float32, i int) *[k]float32 { return (*[k]float32)(v[i*k : (i+1)*k]) }
	first := row(tr.m[:], 0)
	if afterO {
		first = row(tr.m[:], 1)
	}
	s0, e0 := row(score, 0), row(emit, 0)
	for c := range s0 {
		s0[c] = e0[c] + first[c]
	}
	var pc [len(closing)]float32
	for i := 1; i < n; i++ {
		prev, cur, e := row(score, i-1), row(score, i), row(emit, i)
		for j, p := range closing {
			pc[j] = prev[p]
		}
		openingScores(cur, e, &pc, &tr.oc)
		for t := range tr.il {
			il := &tr.il[t]
			b := 1 + 4*t
			cur[b+1] = max2(prev[b]+il[0][0], prev[b+1]+il[1][0]) + e[b+1]
			cur[b+2] = max2(prev[b]+il[0][1], prev[b+1]+il[1][1]) + e[b+2]
		}
	}
	last := row(score, n-1)
	best, bc := float32(math.Inf(-1)), 0
	for c := 0; c < k; c++ {
		s := last[c]
		if beforeO {
			s += tr.m[(c+1)*k]
		}
		if canEnd(c) && s > best {
			best, bc = s, c
		}
	}
	path[n-1] = bc
	for i := n - 1; i > 0; i-- {
		prev := row(score, i-1)
		c := path[i]
		if x := openingIndex[c]; x >= 0 {
			best, bp := float32(math.Inf(-1)), 0
			oc := &tr.oc[x]
			for j, p := range closing {
				if s := prev[p] + oc[j]; s > best {
					best, bp = s, p
				}
			}
			path[i-1] = bp
		} else {
			t := (c - 1) / 4
			b := 1 + 4*t
			il, to := &tr.il[t], c-b-1
			if prev[b+1]+il[1][to] > prev[b]+il[0][to] {
				path[i-1] = b + 1
			} else {
				path[i-1] = b
			}
		}
	}
}

// TestViterbiDominant checks that viterbi, which skips the closing classes that cannot
// win, finds the paths that trying all of them finds, with the model's transitions and
// emissions of the model's scale (integers times it, so that ties happen), from close
// races to one class far ahead.
func TestViterbiDominant(t *testing.T) {
	tg := Default()
	r := rand.New(rand.NewPCG(1, 2))
	var buf []float32
	for iter := 0; iter < 20000; iter++ {
		n := 1 + r.IntN(12)
		spread := []int{3, 30, 300, 3000, 30000}[r.IntN(5)]
		emit := make([]float32, n*numClasses)
		for i := range emit {
			emit[i] = float32(r.IntN(2*spread+1)-spread) * tg.tab.scale
		}
		if r.IntN(2) == 0 { // O far ahead at some tokens, as in running text
			for i := 0; i < n; i++ {
				if r.IntN(2) == 0 {
					emit[i*numClasses] += float32(r.IntN(20000)) * tg.tab.scale
				}
			}
		}
		afterO, beforeO := r.IntN(2) == 0, r.IntN(2) == 0
		got, want := make([]int, n), make([]int, n)
		buf = viterbi(emit, &tg.trans, got, buf, afterO, beforeO)
		viterbiAll(emit, &tg.trans, want, afterO, beforeO)
		if !slices.Equal(got, want) {
			t.Fatalf("iteration %d: viterbi %v, trying every class %v", iter, got, want)
		}
	}
}

// TestPathSpans checks that appendPathSpans finds in viterbi's paths the entities that
// AppendSpans finds in their labels.
func TestPathSpans(t *testing.T) {
	tg := Default()
	r := rand.New(rand.NewPCG(3, 4))
	var buf []float32
	for iter := 0; iter < 20000; iter++ {
		n := 1 + r.IntN(12)
		emit := make([]float32, n*numClasses)
		for i := range emit {
			emit[i] = float32(r.IntN(6001)-3000) * tg.tab.scale
		}
		path := make([]int, n)
		buf = viterbi(emit, &tg.trans, path, buf, r.IntN(2) == 0, r.IntN(2) == 0)
		labels := make([]Label, n)
		for i, c := range path {
			labels[i] = labelOf(c)
		}
		off := r.IntN(5)
		want := AppendSpans(nil, labels)
		for i := range want {
			want[i].Start += off
			want[i].End += off
		}
		if got := appendPathSpans(nil, path, off); !slices.Equal(got, want) {
			t.Fatalf("path %v: appendPathSpans %v, AppendSpans %v", path, got, want)
		}
	}
}
