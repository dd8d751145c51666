// Command whosaid reads news and records who said what: every attributed statement with its
// speaker, reporting word, content and date. See README.md, or run 'whosaid help'.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/whosaid/whosaid/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}
