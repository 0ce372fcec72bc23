// Command worker runs a Stabilize worker: it connects to Temporal, serves
// the generic workflow and the built-in tasks on the configured task queue,
// and drains on SIGINT or SIGTERM. See config/doc.go for its settings.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/stabilize-go/stabilize/worker/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, app.Options{Args: os.Args[1:], Stdout: os.Stdout, Stderr: os.Stderr, LookupEnv: os.LookupEnv})
	stop()
	os.Exit(code)
}
