package fault

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// execEntry is one line of an execution log: "<stage> start|end <pid>".
type execEntry struct {
	stage string
	event string
	pid   int
}

// execLog is the parsed execution log of one test.
type execLog []execEntry

// readExecLog parses the log at path; a missing file is an empty log.
func readExecLog(path string) (execLog, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open execution log: %w", err)
	}
	defer f.Close()
	var out execLog
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || (fields[1] != "start" && fields[1] != "end") {
			return nil, fmt.Errorf("execution log line %d: expected \"<stage> start|end <pid>\", got %q", n, sc.Text())
		}
		pid, err := strconv.Atoi(fields[2])
		if err != nil {
			return nil, fmt.Errorf("execution log line %d: pid: %w", n, err)
		}
		out = append(out, execEntry{stage: fields[0], event: fields[1], pid: pid})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read execution log: %w", err)
	}
	return out, nil
}

// mustReadExecLog is readExecLog failing the test on error.
func mustReadExecLog(t *testing.T, path string) execLog {
	t.Helper()
	l, err := readExecLog(path)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// count returns how many entries match stage and event and, unless pid is
// 0, the worker pid.
func (l execLog) count(stage, event string, pid int) int {
	n := 0
	for _, e := range l {
		if e.stage == stage && e.event == event && (pid == 0 || e.pid == pid) {
			n++
		}
	}
	return n
}

// pids returns the distinct worker pids of the log, sorted.
func (l execLog) pids() []int {
	var out []int
	for _, e := range l {
		if !slices.Contains(out, e.pid) {
			out = append(out, e.pid)
		}
	}
	slices.Sort(out)
	return out
}

// inFlight returns the stages that pid started and did not end, sorted.
func (l execLog) inFlight(pid int) []string {
	var out []string
	for _, e := range l {
		if e.pid == pid && e.event == "start" && l.count(e.stage, "end", pid) < l.count(e.stage, "start", pid) &&
			!slices.Contains(out, e.stage) {
			out = append(out, e.stage)
		}
	}
	slices.Sort(out)
	return out
}

// summary renders per-stage start and end counts, e.g. "a 1/1, b 2/1".
func (l execLog) summary(stages []string) string {
	parts := make([]string, len(stages))
	for i, s := range stages {
		parts[i] = fmt.Sprintf("%s %d/%d", s, l.count(s, "start", 0), l.count(s, "end", 0))
	}
	return strings.Join(parts, ", ")
}
