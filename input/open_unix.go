//go:build unix

package input

import (
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens the regular file p for reading. os.Open would offer the descriptor to the
// runtime's poller, which refuses regular files on Linux, and set and reset its non-blocking
// mode around that: five system calls that cost as much as reading a small article. Opened
// here, with os.NewFile, a file takes one call besides open(2).
func openRegular(p string) (*os.File, error) {
	for {
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: p, Err: err}
		}
		return os.NewFile(uintptr(fd), p), nil
	}
}
