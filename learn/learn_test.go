package learn

import (
	"bytes"
	"slices"
	"testing"
)

// TestTrainerSeparable trains on a small separable problem and checks that the averaged
// weights classify it and survive a write/read round trip byte for byte.
func TestTrainerSeparable(t *testing.T) {
	type ex struct {
		words []string
		class int
	}
	data := []ex{
		{[]string{"said", "he"}, 1}, {[]string{"told", "she"}, 1}, {[]string{"the", "bridge"}, 0},
		{[]string{"a", "road"}, 0}, {[]string{"said", "they"}, 1}, {[]string{"the", "road"}, 0},
	}
	feats := func(ws []string) []Hash {
		var fs []Hash
		for _, w := range ws {
			fs = append(fs, Seed(1).Str(w))
		}
		return append(fs, Seed(2)) // bias
	}
	tr := NewTrainer(2)
	for epoch := 0; epoch < 5; epoch++ {
		for _, e := range data {
			fs := feats(e.words)
			s := make([]float32, 2)
			tr.Score(fs, s)
			if p := Argmax(s); p != e.class {
				tr.Update(fs, e.class, 1)
				tr.Update(fs, p, -1)
			}
			tr.Tick()
		}
	}
	w := tr.Averaged(0)
	for _, e := range data {
		s := make([]float32, 2)
		w.Score(feats(e.words), s)
		if p := Argmax(s); p != e.class {
			t.Errorf("%v: got class %d, want %d", e.words, p, e.class)
		}
	}
	var a, b bytes.Buffer
	if _, err := w.WriteTo(&a); err != nil {
		t.Fatal(err)
	}
	w2, err := ReadWeights(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w2.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) || w2.Len() != w.Len() {
		t.Fatalf("round trip changed the weights: %d bytes, %d bytes", a.Len(), b.Len())
	}
	if _, err := ReadWeights(bytes.NewReader(a.Bytes()[:a.Len()-3])); err == nil {
		t.Error("truncated stream read without error")
	}
}

func TestViterbi(t *testing.T) {
	// Three classes; class 2 may not follow Start or class 0 (an I- tag after O).
	allowed := func(p, c int) bool { return !(c == 2 && (p == Start || p == 0)) }
	trans := TransMatrix(&Weights{}, 3, allowed)
	emit := []float32{
		0, 0.5, 5, // wants 2 first: forbidden, so the best legal path starts elsewhere
		0, 1, 0,
		0, 0, 3,
	}
	path := make([]int, 3)
	Viterbi(emit, 3, trans, path, nil)
	want := []int{1, 1, 2}
	for i := range want {
		if path[i] != want[i] {
			t.Fatalf("path %v, want %v", path, want)
		}
	}
}

func FuzzReadWeights(f *testing.F) {
	var buf bytes.Buffer
	tr := NewTrainer(3)
	tr.Update([]Hash{Seed(1).Str("x")}, 1, 1)
	tr.Averaged(0).WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := ReadWeights(bytes.NewReader(b))
		if err == nil {
			w.Vec(Seed(1).Str("x"))
		}
	})
}

// TestStrHashByte checks that folding bytes one at a time gives StrHash.
func TestStrHashByte(t *testing.T) {
	for _, s := range []string{"", "a", "said", "naïve", "\x00\xff"} {
		h := StrHash("")
		for i := 0; i < len(s); i++ {
			h = StrHashByte(h, s[i])
		}
		if h != StrHash(s) {
			t.Errorf("%q: folded %x, StrHash %x", s, h, StrHash(s))
		}
	}
}

// TestHashesFixed checks feature hashes against the values the shipped models were trained
// with (on amd64), so that every platform finds the models' features. A template of 2^31 or
// more, such as Trans's, once went through int and hashed differently where int has 32 bits
// (GOARCH=386): the taggers found none of their transition weights there.
func TestHashesFixed(t *testing.T) {
	tests := []struct {
		name string
		h    Hash
		want uint64
	}{
		{"Seed(0)", Seed(0), 0xaf63bd4dd8c6cd46},
		{"Seed(1)", Seed(1), 0xaf63bc4dd8c6ceb5},
		{"Seed(100)", Seed(100), 0xaf63d94dd8c655ea},
		{"Seed(1<<31)", Seed(1 << 31), 0xaf63bc7258c6cf39},
		{"Seed(0xffffffff)", Seed(0xffffffff), 0x6b1d723eafc4a212},
		{"Trans(Start)", Trans(Start), 0x3854cc7b24490141},
		{"Trans(0)", Trans(0), 0xc7ab32852449019f},
		{"Trans(16)", Trans(16), 0xc7ab228524490c6f},
		{"Seed(7).Int(-3)", Seed(7).Int(-3), 0x32c40fb8c3b4f137},
	}
	for _, tt := range tests {
		if got := uint64(tt.h); got != tt.want {
			t.Errorf("%s = %#x, want %#x", tt.name, got, tt.want)
		}
	}
}

// TestFilterExact checks that the filter in front of the table never turns a feature away
// that has weights, and turns most of those without away: Vec finds every stored vector and
// nothing else, on tables small and large, and after Without rebuilds one.
func TestFilterExact(t *testing.T) {
	for _, n := range []int{1, 7, 100, 5000} {
		w := newWeights(3, n)
		for i := range n {
			w.set(Seed(1).Int(i).key(), []float32{float32(i), 1, -1})
		}
		for i := range n {
			v := w.Vec(Seed(1).Int(i))
			if v == nil || v[0] != float32(i) {
				t.Fatalf("n=%d: Vec of stored feature %d = %v", n, i, v)
			}
		}
		turned := 0
		for i := n; i < n+10000; i++ {
			f := Seed(1).Int(i)
			if v := w.Vec(f); v != nil {
				t.Fatalf("n=%d: Vec of absent feature %d = %v", n, i, v)
			}
			if w.absent(f.key()) {
				turned++
			}
		}
		if turned < 8000 {
			t.Errorf("n=%d: the filter turned away %d of 10,000 absent features, want most", n, turned)
		}
		if n > 1 {
			less := w.Without([]Hash{Seed(1).Int(0)})
			if less.Vec(Seed(1).Int(0)) != nil || less.Vec(Seed(1).Int(1)) == nil {
				t.Errorf("n=%d: after Without, feature 0 %v, feature 1 %v", n, less.Vec(Seed(1).Int(0)), less.Vec(Seed(1).Int(1)))
			}
		}
	}
}

// TestAverageOf checks that AverageOf is the mean of the trainers' averaged weights, a feature
// one trainer lacks counting as zero there, pruned as Averaged prunes, and that for one
// trainer it is Averaged.
func TestAverageOf(t *testing.T) {
	a, b := NewTrainer(2), NewTrainer(2)
	x, y, z := Seed(1).Str("x"), Seed(1).Str("y"), Seed(1).Str("z")
	a.Update([]Hash{x, y}, 0, 4) // at step 1: averaged weight 4 - 1*4/c
	a.Tick()
	a.Tick()
	a.Tick() // c = 4: x and y average 3 in class 0
	b.Update([]Hash{x, z}, 1, 2)
	b.Tick() // c = 2: x and z average 1 in class 1
	got := AverageOf([]*Trainer{a, b}, 0)
	for _, c := range []struct {
		f    Hash
		want []float32
	}{
		{x, []float32{1.5, 0.5}},
		{y, []float32{1.5, 0}},
		{z, []float32{0, 0.5}},
	} {
		if v := got.Vec(c.f); !slices.Equal(v, c.want) {
			t.Errorf("mean weights %v, want %v", v, c.want)
		}
	}
	if pruned := AverageOf([]*Trainer{a, b}, 1); pruned.Vec(z) != nil || pruned.Vec(x) == nil || pruned.Len() != 2 {
		t.Errorf("pruned under 1: %d features, z %v, x %v", pruned.Len(), pruned.Vec(z), pruned.Vec(x))
	}
	one, avg := AverageOf([]*Trainer{a}, 0), a.Averaged(0)
	for _, f := range []Hash{x, y, z} {
		if !slices.Equal(one.Vec(f), avg.Vec(f)) {
			t.Errorf("AverageOf one trainer %v, Averaged %v", one.Vec(f), avg.Vec(f))
		}
	}
}
