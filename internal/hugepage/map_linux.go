package hugepage

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// mapTable maps size bytes of zeroed anonymous memory, rounded up to whole huge pages and
// aligned to one (a huge page can only back an aligned 2 MB), asks for huge pages on it, and
// returns its address and mapped length; nil when the system refuses.
func mapTable(size uintptr) (unsafe.Pointer, uintptr) {
	n := (size + Size - 1) &^ (Size - 1)
	p, err := unix.MmapPtr(-1, 0, nil, n+Size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, 0
	}
	start := uintptr(p)
	aligned := (start + Size - 1) &^ (Size - 1)
	if head := aligned - start; head > 0 {
		unix.MunmapPtr(p, head)
	}
	if tail := start + n + Size - (aligned + n); tail > 0 {
		unix.MunmapPtr(unsafe.Add(p, aligned+n-start), tail)
	}
	q := unsafe.Add(p, aligned-start)
	unix.Madvise(unsafe.Slice((*byte)(q), n), madvHugePage)
	return q, n
}

// unmap gives back memory from mapTable.
func unmap(p unsafe.Pointer, n uintptr) { unix.MunmapPtr(p, n) }
