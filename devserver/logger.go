package devserver

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
)

// parseLevel maps an Options.LogLevel name to a slog level.
func parseLevel(name string) (slog.Level, error) {
	switch strings.ToLower(name) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("want debug, info, warn or error, got %q", name)
}

// levelSilent is above every level the server logs at; Stop sets it so a
// stopped server's lingering goroutines log nothing.
const levelSilent = slog.Level(100)

// newServerLogger returns the Temporal logger for the server: logs at or
// above level go to base, or to stderr as text when base is nil. Changing
// level later applies to every logger derived from the result.
func newServerLogger(base *slog.Logger, level *slog.LevelVar) log.Logger {
	if base == nil {
		base = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slogAdapter{log: base, level: level}
}

// slogAdapter implements Temporal's log.Logger on top of a slog.Logger.
type slogAdapter struct {
	log   *slog.Logger
	level *slog.LevelVar
}

var _ log.WithLogger = slogAdapter{}

func (l slogAdapter) emit(level slog.Level, msg string, tags []tag.Tag) {
	if level < l.level.Level() || !l.log.Enabled(context.Background(), level) {
		return
	}
	attrs := make([]slog.Attr, 0, len(tags))
	for _, t := range tags {
		attrs = append(attrs, slog.Any(t.Key(), t.Value()))
	}
	l.log.LogAttrs(context.Background(), level, msg, attrs...)
}

// Debug logs at debug level.
func (l slogAdapter) Debug(msg string, tags ...tag.Tag) { l.emit(slog.LevelDebug, msg, tags) }

// Info logs at info level.
func (l slogAdapter) Info(msg string, tags ...tag.Tag) { l.emit(slog.LevelInfo, msg, tags) }

// Warn logs at warn level.
func (l slogAdapter) Warn(msg string, tags ...tag.Tag) { l.emit(slog.LevelWarn, msg, tags) }

// Error logs at error level.
func (l slogAdapter) Error(msg string, tags ...tag.Tag) { l.emit(slog.LevelError, msg, tags) }

// DPanic logs at error level; the embedded server never panics on it.
func (l slogAdapter) DPanic(msg string, tags ...tag.Tag) { l.emit(slog.LevelError, msg, tags) }

// Panic logs at error level and panics, as Temporal's contract requires.
func (l slogAdapter) Panic(msg string, tags ...tag.Tag) {
	l.emit(slog.LevelError, msg, tags)
	panic(msg)
}

// Fatal logs at error level and exits, as Temporal's contract requires.
func (l slogAdapter) Fatal(msg string, tags ...tag.Tag) {
	l.emit(slog.LevelError, msg, tags)
	os.Exit(1)
}

// With returns a logger that prepends tags to every entry.
func (l slogAdapter) With(tags ...tag.Tag) log.Logger {
	args := make([]any, 0, len(tags))
	for _, t := range tags {
		args = append(args, slog.Any(t.Key(), t.Value()))
	}
	return slogAdapter{log: l.log.With(args...), level: l.level}
}
