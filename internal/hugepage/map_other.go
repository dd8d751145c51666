//go:build !linux

package hugepage

import "unsafe"

// mapTable maps no memory where huge pages are not known to be asked for: Alloc then makes
// its tables on the heap.
func mapTable(size uintptr) (unsafe.Pointer, uintptr) { return nil, 0 }

func unmap(p unsafe.Pointer, n uintptr) {}
