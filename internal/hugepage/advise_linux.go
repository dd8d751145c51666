package hugepage

import "syscall"

// madvise advice values of Linux (include/uapi/asm-generic/mman-common.h), the same on every
// architecture.
const (
	madvDontNeed = 4
	madvHugePage = 14
)

// advise asks that the memory [addr, addr+n), zero and allocated to the caller, be backed by
// huge pages. Memory the process has touched before stays on the small pages it has until
// the kernel's background scan merges them, so such pages are first given back
// (MADV_DONTNEED), which keeps their contents zero, as a private anonymous mapping reads after
// it; they are then faulted in as huge pages when first touched. Errors are ignored: the
// kernel may not know the advice, or huge pages may be disabled, and the memory is then used
// as it is.
func advise(addr, n uintptr) {
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, madvHugePage); errno != 0 {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, addr, n, madvDontNeed)
}
