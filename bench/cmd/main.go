// Command bench runs the interpreter and its hand-written twins side by
// side on one in-process Temporal server and prints a Markdown report.
//
//	go run ./bench/cmd [-shapes chain-100,fan-1-100-1,http-1+32,loop-1000] [-runs 5]
//	                   [-sides interpreter,interpreter-regular,hand-written,hand-local]
//	                   [-plain] [-dc '{"key": value}']
//	                   [-no-warmup] [-timeout 30m] [-cpuprofile cpu.out] [-v]
//	go run ./bench/cmd -scale ci|full [-shapes loop-10000,...] [-timeout 3h]
//
// The interpreter runs noop as a local activity by default (side
// interpreter), the twin of hand-local; interpreter-regular runs every
// noop as a regular activity, the twin of hand-written; hand-inline
// evaluates noop in the workflow. Ratios are against hand-written, with a
// second column against hand-local when it runs. -plain starts the server
// with Temporal's stock dynamic config instead of devserver's fast
// defaults. -scale runs the scale cases (bench.ScaleCases) through the
// interpreter instead and replays each recorded history; -shapes then
// names scale cases.
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
	"runtime/pprof"
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
	shapes := fs.String("shapes", "", "comma-separated shapes to run (default: "+strings.Join(names, ",")+"; with -scale, its cases)")
	scale := fs.String("scale", "", `run the scale cases of this size instead of the comparison: "ci" or "full"`)
	sides := fs.String("sides", "interpreter,interpreter-regular,hand-written,hand-local",
		"comma-separated sides: interpreter, interpreter-regular, hand-written, hand-local, hand-inline")
	runs := fs.Int("runs", 5, "interleaved measured runs per shape and side")
	noWarmup := fs.Bool("no-warmup", false, "skip the unmeasured warm-up run of each side of each shape")
	plain := fs.Bool("plain", false, "start the server with Temporal's stock dynamic config instead of devserver's fast defaults")
	dc := fs.String("dc", "", "extra dynamic-config overrides as a JSON object")
	timeout := fs.Duration("timeout", 30*time.Minute, "overall time limit (3h with -scale full)")
	verbose := fs.Bool("v", false, "log server and SDK warnings to stderr")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured runs (server, worker and client) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var shapeNames []string
	if *shapes != "" {
		for _, name := range strings.Split(*shapes, ",") {
			shapeNames = append(shapeNames, strings.TrimSpace(name))
		}
	}
	if *scale != "" {
		timeoutSet := false
		fs.Visit(func(f *flag.Flag) { timeoutSet = timeoutSet || f.Name == "timeout" })
		if !timeoutSet && *scale == bench.ScaleFull {
			*timeout = 3 * time.Hour
		}
		opts, err := serverOptions(*plain, *dc, *verbose, stderr)
		if err != nil {
			return err
		}
		return runScale(ctx, *scale, shapeNames, *timeout, *cpuProfile, opts, stdout, stderr)
	}
	if len(shapeNames) == 0 {
		shapeNames = names
	}
	var selected []bench.Shape
	for _, name := range shapeNames {
		s, err := bench.ShapeByName(name)
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
	opts, err := serverOptions(*plain, *dc, *verbose, stderr)
	if err != nil {
		return err
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
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	rep, err := h.Compare(ctx, selected, sideList, bench.CompareOptions{
		Runs: *runs, NoWarmup: *noWarmup, Progress: func(m bench.Measurement) { _ = m.WriteLine(stderr) },
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "server: %s\n\n", mode)
	return rep.WriteMarkdown(stdout)
}

// parseDynamicConfig decodes the -dc JSON object. Whole numbers become
// int, since the server's integer settings refuse a float64 (and then
// silently keep their default); other numbers stay float64.
func parseDynamicConfig(s string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("-dc: expected a JSON object, got %q: %w", s, err)
	}
	for k, v := range raw {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				raw[k] = int(i)
			} else if f, err := n.Float64(); err == nil {
				raw[k] = f
			}
		}
	}
	return raw, nil
}

// startCPUProfile starts a CPU profile written to path; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// serverOptions builds the harness options from the -plain, -dc and -v
// flags.
func serverOptions(plain bool, dc string, verbose bool, stderr io.Writer) (bench.Options, error) {
	opts := bench.Options{PlainDefaults: plain}
	if dc != "" {
		var err error
		if opts.DynamicConfig, err = parseDynamicConfig(dc); err != nil {
			return opts, err
		}
	}
	if verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	} else {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return opts, nil
}

// runScale runs the scale cases of one size (narrowed to names when not
// empty), one after the other, and writes a Markdown table of those that
// completed; the first failed case ends the run with its error.
func runScale(ctx context.Context, size string, names []string, timeout time.Duration, cpuProfile string,
	opts bench.Options, stdout, stderr io.Writer) error {
	cases, err := bench.ScaleCases(size)
	if err != nil {
		return fmt.Errorf("-scale: %w", err)
	}
	if cases, err = bench.SelectScaleCases(cases, names); err != nil {
		return fmt.Errorf("-shapes: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	h, err := bench.Start(ctx, opts)
	if err != nil {
		return err
	}
	defer h.Close()
	fmt.Fprintf(stderr, "server started; %d scale cases (%s)\n", len(cases), size)
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	var results []bench.ScaleResult
	var runErr error
	for _, c := range cases {
		res, err := h.Scale(ctx, c)
		_ = res.WriteLine(stderr)
		if err != nil {
			runErr = err
			break
		}
		results = append(results, res)
	}
	if err := bench.WriteScaleMarkdown(stdout, results); err != nil {
		return err
	}
	return runErr
}
