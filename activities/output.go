package activities

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

// cappedBuffer keeps the first limit bytes written to it and counts the
// rest, so that a chatty command cannot blow up the activity result (and
// the workflow history it lands in). It is safe for concurrent writes.
type cappedBuffer struct {
	mu      sync.Mutex
	limit   int
	buf     bytes.Buffer
	dropped int64
}

func newCappedBuffer(limit int) *cappedBuffer { return &cappedBuffer{limit: limit} }

// Write keeps what fits and never fails, so the writer is never blocked.
func (c *cappedBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	room := c.limit - c.buf.Len()
	if room >= len(p) {
		c.buf.Write(p)
		return len(p), nil
	}
	if room > 0 {
		c.buf.Write(p[:room])
	}
	c.dropped += int64(len(p) - max(room, 0))
	return len(p), nil
}

// Truncated reports whether bytes were dropped.
func (c *cappedBuffer) Truncated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dropped > 0
}

// String returns the kept output as it was written (invalid UTF-8
// replaced) and, when bytes were dropped, a marker saying how many.
func (c *cappedBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.withMarker(strings.ToValidUTF8(c.buf.String(), "\uFFFD"))
}

// Text returns the kept output with surrounding white space removed (as
// Stabilize's shell task strips it) and, when bytes were dropped, a marker
// saying how many.
func (c *cappedBuffer) Text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.withMarker(strings.TrimSpace(strings.ToValidUTF8(c.buf.String(), "\uFFFD")))
}

func (c *cappedBuffer) withMarker(s string) string {
	if c.dropped > 0 {
		s += fmt.Sprintf("\n...[truncated: %d more bytes]", c.dropped)
	}
	return s
}
