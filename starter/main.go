// Command starter is the Stabilize CLI: it validates, runs, watches and
// steers Stabilize workflows on Temporal. Run `starter --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/stabilize-go/stabilize/starter/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Execute(ctx, cli.Options{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Args: os.Args[1:], LookupEnv: os.LookupEnv,
	})
	stop()
	os.Exit(code)
}
