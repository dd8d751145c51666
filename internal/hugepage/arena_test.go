package hugepage

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// withString is an element that holds a pointer: Alloc must leave it on the heap.
type withString struct {
	s string
	n [1 << 10]int64
}

func TestHasPointers(t *testing.T) {
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"uint32", hasPointers(typeOf[uint32]()), false},
		{"[2][44]float32", hasPointers(typeOf[[2][44]float32]()), false},
		{"odd", hasPointers(typeOf[odd]()), false},
		{"struct of arrays", hasPointers(typeOf[struct {
			a [3]uint8
			b float64
		}]()), false},
		{"string", hasPointers(typeOf[string]()), true},
		{"struct with string", hasPointers(typeOf[withString]()), true},
		{"[0]*int", hasPointers(typeOf[[0]*int]()), false},
		{"[1]*int", hasPointers(typeOf[[1]*int]()), true},
		{"[]byte", hasPointers(typeOf[[]byte]()), true},
		{"map", hasPointers(typeOf[map[int]int]()), true},
		{"interface", hasPointers(typeOf[any]()), true},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("hasPointers(%s) = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// mapped reports whether p is the start of a table that Alloc mapped outside the heap for a.
func mapped(a *Arena, p unsafe.Pointer) bool {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	for _, m := range a.m.list {
		if m.addr == p {
			return true
		}
	}
	return false
}

func TestAlloc(t *testing.T) {
	a := NewArena()
	big := Alloc[uint32](a, 3*Size/4+5)
	if len(big) != 3*Size/4+5 || cap(big) != len(big) {
		t.Fatalf("len %d cap %d", len(big), cap(big))
	}
	for i, v := range big {
		if v != 0 {
			t.Fatalf("big[%d] = %d, want 0", i, v)
		}
	}
	big[0], big[len(big)-1] = 1, 2
	if runtime.GOOS == "linux" {
		p := unsafe.Pointer(unsafe.SliceData(big))
		if !mapped(a, p) {
			t.Errorf("a table of %d bytes of uint32 is not mapped outside the heap", 4*len(big))
		}
		if uintptr(p)%Size != 0 {
			t.Errorf("table at %#x is not aligned to a huge page", p)
		}
	}
	small := Alloc[uint32](a, 10)
	if mapped(a, unsafe.Pointer(unsafe.SliceData(small))) || len(small) != 10 {
		t.Errorf("a small table was mapped, or has the wrong length %d", len(small))
	}
	ptrs := Alloc[withString](a, minBytes/int(unsafe.Sizeof(withString{}))+1)
	if mapped(a, unsafe.Pointer(unsafe.SliceData(ptrs))) {
		t.Errorf("a table of elements holding strings was mapped outside the heap")
	}
	ptrs[0].s = "kept"
	if nilArena := Alloc[uint64](nil, minBytes); len(nilArena) != minBytes {
		t.Errorf("Alloc(nil) has length %d", len(nilArena))
	}
	// A table can be appended to within its capacity and beyond it.
	s := Alloc[uint64](a, minBytes/8)[:0]
	for i := range minBytes/8 + 3 {
		s = append(s, uint64(i))
	}
	if s[minBytes/8+2] != minBytes/8+2 || s[7] != 7 {
		t.Errorf("appending went wrong")
	}
	runtime.KeepAlive(a)
}

// TestArenaFreed checks that an Arena's tables are unmapped once it is unreachable: the
// mapping disappears from /proc/self/maps.
func TestArenaFreed(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Alloc maps memory on Linux only")
	}
	a := NewArena()
	tab := Alloc[uint64](a, 3*Size/8)
	tab[0] = 1
	start := fmt.Sprintf("%x-", uintptr(unsafe.Pointer(unsafe.SliceData(tab))))
	if !inMaps(t, start) {
		t.Fatalf("no mapping starting at %s in /proc/self/maps", start)
	}
	runtime.KeepAlive(a)
	a, tab = nil, nil
	deadline := time.Now().Add(5 * time.Second)
	for inMaps(t, start) {
		if time.Now().After(deadline) {
			t.Fatalf("the mapping at %s is still there after the Arena became unreachable", start)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

func inMaps(t *testing.T, start string) bool {
	t.Helper()
	b, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skipf("reading /proc/self/maps: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, start) {
			return true
		}
	}
	return false
}

// ExampleAlloc makes a table of 4 MB of counters outside the Go heap, freed with its arena.
func ExampleAlloc() {
	type counter struct {
		counts []uint32
		mem    *Arena
	}
	c := &counter{mem: NewArena()}
	c.counts = Alloc[uint32](c.mem, 1<<20)
	c.counts[12345]++
	fmt.Println(len(c.counts), c.counts[12345])
	// Output: 1048576 1
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
