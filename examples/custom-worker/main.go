// Command custom-worker is a Stabilize worker with one task of its own,
// "greet", on top of the built-ins. Run it instead of `stabilize worker`
// (every worker polling a task queue must offer the same tasks: a worker
// without "greet" answers it TERMINAL), then start greet.yaml.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/payload"
)

// greet says hello to context.name; bad input is a TERMINAL result, not an error.
func greet(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	name, ok := in.Context["name"].(string)
	if !ok || name == "" {
		return model.Terminal(fmt.Sprintf("greet: context.name: expected a non-empty string, got %#v", in.Context["name"])), nil
	}
	return model.Success(map[string]any{"greeting": "hello, " + name}), nil
}

// env reads a STABILIZE_* setting, as the stock worker does, or returns def.
func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func main() {
	reg, err := activities.Builtins(activities.Policy{}) // noop, fail, shell, http
	if err != nil {
		log.Fatal(err)
	}
	if err := reg.Register("greet", activities.TaskFunc(greet)); err != nil {
		log.Fatal(err)
	}
	c, err := client.Dial(client.Options{HostPort: env("STABILIZE_ADDRESS", client.DefaultHostPort),
		// The project's converters: payloads over 128 KiB travel compressed.
		DataConverter: payload.DataConverter(), FailureConverter: payload.FailureConverter()})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	queue := env("STABILIZE_TASK_QUEUE", config.DefaultTaskQueue)
	w := worker.New(c, queue, worker.Options{DisableRegistrationAliasing: true})
	interpreter.Register(w)
	reg.RegisterActivities(w)
	if err := w.Run(worker.InterruptCh()); err != nil {
		log.Fatal(err)
	}
}
