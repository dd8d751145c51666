package reuse

import (
	"runtime"
	"sync"
	"testing"
)

func TestList(t *testing.T) {
	var l List[int]
	if x := l.Get(); x != nil {
		t.Fatalf("Get of an empty list = %v, want nil", x)
	}
	a, b := new(int), new(int)
	l.Put(a)
	l.Put(b)
	// What a sync.Pool would drop: items stay across garbage collections.
	runtime.GC()
	runtime.GC()
	if x := l.Get(); x != b {
		t.Errorf("first Get = %p, want the last put %p", x, b)
	}
	if x := l.Get(); x != a {
		t.Errorf("second Get = %p, want %p", x, a)
	}
	if x := l.Get(); x != nil {
		t.Errorf("third Get = %p, want nil", x)
	}
}

// TestConcurrent has goroutines take and give back items: the list never makes more than
// there are goroutines, and loses none.
func TestConcurrent(t *testing.T) {
	const workers, rounds = 8, 1000
	var l List[int]
	var mu sync.Mutex
	made := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range rounds {
				x := l.Get()
				if x == nil {
					mu.Lock()
					made++
					mu.Unlock()
					x = new(int)
				}
				*x++
				l.Put(x)
			}
		})
	}
	wg.Wait()
	if made > workers {
		t.Errorf("%d items made by %d goroutines", made, workers)
	}
	total := 0
	for x := l.Get(); x != nil; x = l.Get() {
		total += *x
	}
	if total != workers*rounds {
		t.Errorf("items counted %d uses, want %d", total, workers*rounds)
	}
}
