// Command bench runs the interpreter and its hand-written twins side by
// side on one in-process Temporal server and prints a Markdown report.
//
//	go run ./bench/cmd [-shapes chain-100,fan-1-100-1,http-1+32,loop-1000] [-runs 5]
//	                   [-sides interpreter,hand-written] [-plain] [-dc '{"key": value}']
//	                   [-no-warmup] [-timeout 30m] [-v]
//
// -sides interpreter,hand-written,hand-local,hand-inline adds the cheap-task
// variants; -plain starts the server with Temporal's stock dynamic config
// instead of devserver's fast defaults.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/stabilize-go/stabilize/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run parses args, runs the comparison and writes the report to stdout and
// progress lines to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names []string
	for _, s := range bench.StandardShapes() {
		names = append(names, s.Name)
	}
	shapes := fs.String("shapes", strings.Join(names, ","), "comma-separated shapes to run")
	sides := fs.String("sides", "interpreter,hand-written", "comma-separated sides: interpreter, hand-written, hand-local, hand-inline")
	runs := fs.Int("runs", 5, "interleaved measured runs per shape and side")
	noWarmup := fs.Bool("no-warmup", false, "skip the unmeasured warm-up run of each side of each shape")
	plain := fs.Bool("plain", false, "start the server with Temporal's stock dynamic config instead of devserver's fast defaults")
	dc := fs.String("dc", "", "extra dynamic-config overrides as a JSON object")
	timeout := fs.Duration("timeout", 30*time.Minute, "overall time limit")
	verbose := fs.Bool("v", false, "log server and SDK warnings to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var selected []bench.Shape
	for _, name := range strings.Split(*shapes, ",") {
		s, err := bench.ShapeByName(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		selected = append(selected, s)
	}
	var sideList []bench.Side
	for _, name := range strings.Split(*sides, ",") {
		s, err := bench.ParseSide(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		sideList = append(sideList, s)
	}
	opts := bench.Options{PlainDefaults: *plain}
	if *dc != "" {
		if err := json.Unmarshal([]byte(*dc), &opts.DynamicConfig); err != nil {
			return fmt.Errorf("-dc: expected a JSON object, got %q: %w", *dc, err)
		}
	}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	} else {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	h, err := bench.Start(ctx, opts)
	if err != nil {
		return err
	}
	defer h.Close()
	mode := "fast defaults"
	if *plain {
		mode = "plain defaults"
	}
	fmt.Fprintf(stderr, "server started (%s); %d shapes x %d sides x %d runs\n", mode, len(selected), len(sideList), *runs)
	rep, err := h.Compare(ctx, selected, sideList, bench.CompareOptions{
		Runs: *runs, NoWarmup: *noWarmup, Progress: func(m bench.Measurement) { _ = m.WriteLine(stderr) },
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "server: %s\n\n", mode)
	return rep.WriteMarkdown(stdout)
}
