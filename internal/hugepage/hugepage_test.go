package hugepage

import (
	"fmt"
	"testing"
	"unsafe"
)

// odd is an element whose size divides no power of two, so that its slices cannot start
// exactly at a huge-page boundary.
type odd [7]uint64

// check makes a slice of n elements of T and checks that it has n elements, all zero, that it
// can be written to its end, and that a slice of at least minBytes starts at a huge-page
// boundary or less than one element after it.
func check[T comparable](t *testing.T, n int) {
	t.Helper()
	s := Make[T](n)
	if len(s) != n || cap(s) != n {
		t.Fatalf("Make(%d) has len %d, cap %d", n, len(s), cap(s))
	}
	var zero T
	for i := range s {
		if s[i] != zero {
			t.Fatalf("Make(%d)[%d] = %v, want zero", n, i, s[i])
		}
	}
	if n == 0 {
		return
	}
	s[0], s[n-1] = s[n-1], s[0]
	es := unsafe.Sizeof(zero)
	if uintptr(n)*es >= minBytes {
		if off := uintptr(unsafe.Pointer(&s[0])) % Size; off >= es {
			t.Errorf("Make(%d) of %d-byte elements starts %d bytes after a huge-page boundary", n, es, off)
		}
	}
}

func TestMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, minBytes/8 - 1, minBytes / 8, 3*Size/8 + 5, 5 * Size / 8} {
		check[uint64](t, n)
	}
	for _, n := range []int{0, 3, minBytes/56 + 1, 4 * Size / 56} {
		check[odd](t, n)
	}
	check[byte](t, 3*Size+1)
	check[struct{}](t, 10)
}

// ExampleMake makes a table of 8 MB of counters, on huge pages where the system offers them.
func ExampleMake() {
	counts := Make[uint32](2 << 20)
	counts[12345]++
	fmt.Println(len(counts), counts[12345])
	// Output: 2097152 1
}
