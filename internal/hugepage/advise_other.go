//go:build !linux

package hugepage

// advise does nothing where the kernel's huge pages are not known to be asked for this way.
func advise(addr, n uintptr) {}
