// Package hugepage places large tables that are read at random (model weights, word caches)
// on transparent huge pages where the operating system offers them.
//
// The taggers' tables and caches add up to some 60 MB that every article reads at random
// places. With the usual 4 KB pages that is about 15,000 pages, five times what the
// processor's translation cache holds (3,072 entries on the machine of BENCHMARKS.md), so most
// lookups that miss the data caches also wait for a page-table walk; on 2 MB pages the same
// tables need about 30 entries. Linux backs anonymous memory with huge pages either always or,
// as most distributions are configured ("madvise"), only where the program asks with
// madvise(MADV_HUGEPAGE), and the Go runtime does not ask for its heap. Make asks for the
// tables it allocates. Measured on PolNeAR train, in turns: whole `extract` runs were about
// 10% faster with Make's advice than without; with the system set to "always", which puts all
// of the heap on huge pages, about 9% faster again (BENCHMARKS.md).
//
// Elsewhere, or when the kernel refuses, Make is make: the advice changes where memory comes
// from, never what the program computes.
package hugepage

import "unsafe"

// Size is the size of a huge page of the platforms Make advises (x86-64 and 4 KB-page arm64).
const Size = 2 << 20

// minBytes is the smallest table Make places on huge pages: a smaller one would leave most of
// its huge page unused while keeping it all resident. Over PolNeAR train, tables from 1 MB up
// on huge pages ran about 4% faster than tables from 4 MB up, at the same peak memory; tables
// from 512 KB up gained nothing more and took 20 MB more.
const minBytes = Size / 2

// Make returns a zeroed slice of n elements, as make([]T, n) does. When the slice holds at
// least minBytes, it is cut from a larger allocation so that it starts at a huge-page
// boundary, and the huge pages it spans are advised (advise, per platform). The allocation is
// larger by about 2 Size bytes of address space, which is never touched.
func Make[T any](n int) []T {
	var zero T
	es := unsafe.Sizeof(zero)
	if es == 0 || uintptr(n)*es < minBytes {
		return make([]T, n)
	}
	pad := int((Size + es - 1) / es) // elements in a huge page, rounded up
	s := make([]T, n+2*pad+1)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	boundary := (base + Size - 1) &^ (Size - 1)
	k := int((boundary - base + es - 1) / es) // the first element at or after boundary
	s = s[k : k+n : k+n]
	// s ends before boundary+(n+1)*es; the allocation runs past the huge page that holds its end.
	end := (boundary + uintptr(n+1)*es + Size - 1) &^ (Size - 1)
	advise(boundary, end-boundary)
	return s
}
