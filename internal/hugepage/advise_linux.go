package hugepage

import "syscall"

// madvise advice values of Linux (include/uapi/asm-generic/mman-common.h), the same on every
// architecture.
const (
	madvHugePage = 14
	madvCollapse = 25
)

// advise asks that the memory [addr, addr+n), whole huge pages of the Go heap, be backed by
// huge pages. MADV_HUGEPAGE makes the pages not yet touched come as huge pages when they are;
// MADV_COLLAPSE (Linux 6.1 and later) turns the small pages already there — memory the heap
// used before, other objects at the table's ends — into huge pages now, copying their
// contents. Go maps its heap in 4 MB-aligned chunks, so a huge page that holds part of a heap
// object is mapped whole. Errors are ignored: the kernel may not know the advice, or huge
// pages may be disabled or scarce, and the memory is then used as it is.
func advise(addr, n uintptr) {
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, madvHugePage); errno != 0 {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, addr, n, madvCollapse)
}
