package attrib

// The taggers' decoders. learn.Viterbi serves any number of classes; these are the same
// algorithm for the cue tagger's three classes and the role tagger's five, written out with
// the row of scores in variables, and without back pointers: the backward pass finds each
// step's best previous class again from the kept scores. Ties resolve as in learn.Viterbi
// (the lowest class), so the paths are the same (TestViterbiSpecialised); the role tagger's
// decoding costs a quarter of learn.Viterbi's instructions (BenchmarkViterbiRole).

// viterbiCue decodes the cue tagger's emissions (one row per token); see learn.Viterbi and
// viterbiRole, whose form it follows.
func viterbiCue(emit []cueVec, trans []float32, path []int, buf []cueVec) []cueVec {
	n := len(path)
	if n == 0 {
		return buf
	}
	if cap(buf) < n {
		buf = make([]cueVec, n)
	}
	score := buf[:n]
	emit = emit[:n]
	// tr[nCue+p*nCue+c] is the transition from class p to class c; cueI follows only cueB or
	// cueI (cueAllowed).
	tr := (*[(nCue + 1) * nCue]float32)(trans)
	e := &emit[0]
	s0, s1, s2 := e[0]+tr[0], e[1]+tr[1], e[2]+tr[2]
	score[0] = cueVec{s0, s1, s2}
	for i := 1; i < n; i++ {
		e := &emit[i]
		c0 := max3(s0+tr[3], s1+tr[6], s2+tr[9]) + e[0]
		c1 := max3(s0+tr[4], s1+tr[7], s2+tr[10]) + e[1]
		c2 := max2(s1+tr[8], s2+tr[11]) + e[2]
		s0, s1, s2 = c0, c1, c2
		o := &score[i] // stored one by one: a composite literal goes through the stack
		o[0], o[1], o[2] = c0, c1, c2
	}
	// Backward: column c of the transitions, contiguous (a power of two of columns, so that
	// indexing them by a class needs no bounds check).
	var col [4]cueVec
	for p := range nCue {
		for c := range nCue {
			col[c][p] = tr[nCue+p*nCue+c]
		}
	}
	last := &score[n-1]
	c := argmax3(last[0], last[1], last[2])
	path[n-1] = c
	for i := n - 1; i > 0; i-- {
		prev, t := &score[i-1], &col[c&3]
		c = argmax3(prev[0]+t[0], prev[1]+t[1], prev[2]+t[2])
		path[i-1] = c
	}
	return buf
}

func max3(a, b, c float32) float32 {
	if b > a {
		a = b
	}
	if c > a {
		a = c
	}
	return a
}

// argmax3 is argmax5 of three.
func argmax3(a, b, c float32) int {
	best, bi := a, 0
	if b > best {
		best, bi = b, 1
	}
	if c > best {
		bi = 2
	}
	return bi
}

// viterbiRole decodes the role tagger's emissions (one row per token); see learn.Viterbi.
// The loops over classes are written out: Go does not unroll loops, and the loop form costs
// three times the instructions.
func viterbiRole(emit []vec, trans []float32, path []int, buf []vec) []vec {
	n := len(path)
	if n == 0 {
		return buf
	}
	if cap(buf) < n {
		buf = make([]vec, n)
	}
	score := buf[:n]
	emit = emit[:n]
	tr := (*[(nRole + 1) * nRole]float32)(trans)
	// tr[nRole+p*nRole+c] is the transition from class p to class c. An inside tag follows
	// only the begin or inside tag of its role (roleAllowed; the others are −Inf), so only
	// those two are compared for it.
	e := &emit[0]
	s0, s1, s2, s3, s4 := e[0]+tr[0], e[1]+tr[1], e[2]+tr[2], e[3]+tr[3], e[4]+tr[4]
	score[0] = vec{s0, s1, s2, s3, s4}
	for i := 1; i < n; i++ {
		e := &emit[i]
		c0 := max5(s0+tr[5], s1+tr[10], s2+tr[15], s3+tr[20], s4+tr[25]) + e[0]
		c1 := max5(s0+tr[6], s1+tr[11], s2+tr[16], s3+tr[21], s4+tr[26]) + e[1]
		c2 := max2(s1+tr[12], s2+tr[17]) + e[2]
		c3 := max5(s0+tr[8], s1+tr[13], s2+tr[18], s3+tr[23], s4+tr[28]) + e[3]
		c4 := max2(s3+tr[24], s4+tr[29]) + e[4]
		s0, s1, s2, s3, s4 = c0, c1, c2, c3, c4
		o := &score[i] // stored one by one: a composite literal goes through the stack
		o[0], o[1], o[2], o[3], o[4] = c0, c1, c2, c3, c4
	}
	// Backward: column c of the transitions, contiguous (a power of two of columns, so that
	// indexing them by a class needs no bounds check).
	var col [8]vec
	for p := range nRole {
		for c := range nRole {
			col[c][p] = tr[nRole+p*nRole+c]
		}
	}
	last := &score[n-1]
	c := argmax5(last[0], last[1], last[2], last[3], last[4])
	path[n-1] = c
	for i := n - 1; i > 0; i-- {
		prev, t := &score[i-1], &col[c&7]
		c = argmax5(prev[0]+t[0], prev[1]+t[1], prev[2]+t[2], prev[3]+t[3], prev[4]+t[4])
		path[i-1] = c
	}
	return buf
}

func max2(a, b float32) float32 {
	if b > a {
		return b
	}
	return a
}

// argmax5 is the index of the largest of five scores, the first on ties (as learn.Argmax,
// which starts from −Inf and so returns 0 when all five are −Inf).
func argmax5(a, b, c, d, e float32) int {
	best, bi := a, 0
	if b > best {
		best, bi = b, 1
	}
	if c > best {
		best, bi = c, 2
	}
	if d > best {
		best, bi = d, 3
	}
	if e > best {
		bi = 4
	}
	return bi
}

// max5 is the largest of five scores, none NaN. Only the value matters here: the backward
// pass chooses among equal ones.
// (The builtin max orders NaN and signed zeros, which costs it several instructions a call.)
func max5(a, b, c, d, e float32) float32 {
	if b > a {
		a = b
	}
	if d > c {
		c = d
	}
	if c > a {
		a = c
	}
	if e > a {
		a = e
	}
	return a
}
