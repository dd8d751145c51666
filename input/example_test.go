package input_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/whosaid/whosaid/input"
)

// Reading standard input ("-"), a file and a path that does not exist: the missing file is
// reported and reading goes on.
func Example() {
	dir, err := os.MkdirTemp("", "whosaid-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "budget.txt")
	if err := os.WriteFile(file, []byte("Budget passes\r\n\r\n\"A good day,\" the minister said.\r\n"), 0o644); err != nil {
		panic(err)
	}

	stdin := strings.NewReader("\uFEFFStorm hits\n  the coast\n\nThe mayor said it was bad.\n")
	r := input.Open([]string{"-", filepath.Join(dir, "missing.txt"), file}, input.Options{Stdin: stdin, Outlet: "The Paper"})
	for {
		a, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("whosaid:", strings.ReplaceAll(err.Error(), dir, "DIR"))
			continue
		}
		fmt.Printf("%s %q (%s): %d bytes\n", a.Name, a.Title, a.Outlet, len(a.Text))
	}
	// Output:
	// stdin "Storm hits the coast" (The Paper): 51 bytes
	// whosaid: DIR/missing.txt: no such file or directory
	// budget "Budget passes" (The Paper): 51 bytes
}
