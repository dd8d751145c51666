package cli_test

import (
	"context"
	"os"
	"strings"

	"github.com/whosaid/whosaid/cli"
)

// ExampleMain runs `whosaid extract --format text -` on a short article from standard input.
// The article is made up for the example.
func ExampleMain() {
	article := `Port deal signed

Harbour master Lena Voss said on Friday that the port would reopen next week.

“The ships are coming back,” Voss told reporters.
`
	env := cli.Env{Stdin: strings.NewReader(article), Stdout: os.Stdout, Stderr: os.Stdout}
	// Messages go to the same place as the output, so a failure shows in the example's output.
	cli.Main(context.Background(), env, []string{"extract", "--format", "text", "--date", "2024-05-20", "-"})
	// Output:
	// Port deal signed
	//   - · 2024-05-20 · 2 statements
	//
	//   1. Lena Voss ["Harbour master Lena Voss"] · indirect · said · 2024-05-17
	//      that the port would reopen next week
	//   2. Lena Voss ["Voss"] · direct · told
	//      “The ships are coming back,”
}
