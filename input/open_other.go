//go:build !unix

package input

import "os"

// openRegular opens the regular file p for reading.
func openRegular(p string) (*os.File, error) { return os.Open(p) }
