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
// 10% faster with Make's advice than without (BENCHMARKS.md).
//
// Alloc goes further for tables that hold no pointers: it maps them outside the Go heap,
// aligned to huge pages, and gives them back when their Arena is collected, so that the
// garbage collector neither counts them in its goal nor has them to skip (see Arena).
//
// Elsewhere, or when the kernel refuses, Make is make and Alloc is Make: the advice changes
// where memory comes from, never what the program computes.
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
// least minBytes, the huge pages that hold it are advised (advise, per platform): the slice is
// allocated as make allocates it, and the huge pages at its two ends may hold other objects of
// the heap too, whose contents the advice keeps as they are.
func Make[T any](n int) []T {
	s := make([]T, n)
	var zero T
	size := uintptr(n) * unsafe.Sizeof(zero)
	if size < minBytes {
		return s
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo := start &^ (Size - 1)
	hi := (start + size + Size - 1) &^ (Size - 1)
	advise(lo, hi-lo)
	return s
}
