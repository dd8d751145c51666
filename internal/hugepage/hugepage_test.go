package hugepage

import (
	"fmt"
	"testing"
)

// odd is an element whose size is not a power of two.
type odd [7]uint64

// check makes a slice of n elements of T and checks that it has n elements, all zero, and
// that it can be written to its end.
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
	if n > 0 {
		s[0], s[n-1] = s[n-1], s[0]
	}
}

// TestNeighbours checks that advising the huge pages of a table leaves the objects that share
// them as they were: the advice may copy memory into huge pages, never clear it.
func TestNeighbours(t *testing.T) {
	var keep [][]uint64
	for i := range 64 {
		b := make([]uint64, 1000+i)
		for j := range b {
			b[j] = uint64(i*1000 + j + 1)
		}
		keep = append(keep, b)
		s := Make[uint64](minBytes/8 + i)
		s[len(s)-1] = 1
	}
	for i, b := range keep {
		for j, v := range b {
			if v != uint64(i*1000+j+1) {
				t.Fatalf("object %d changed at %d: %d", i, j, v)
			}
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
