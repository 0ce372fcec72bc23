package bench

import (
	"fmt"
	"time"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// engineEpoch is the fixed time every engine event of DriveEngine carries:
// completions are instant.
var engineEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// DriveEngine runs def on the pure engine (no server, no SDK), answering
// every RunTask at once with SUCCEEDED, first in first out, until the
// engine emits Complete. It returns the number of events stepped
// (Started plus one TaskFinished per task) and the final status. A
// command other than RunTask or Complete is an error, since the
// benchmark shapes need none.
func DriveEngine(def *model.Workflow, opts engine.Options) (int, model.WorkflowStatus, error) {
	e := engine.New(def, opts)
	queue := e.Step(engine.Started{At: engineEpoch})
	events := 1
	for head := 0; head < len(queue); head++ {
		switch c := queue[head].(type) {
		case engine.RunTask:
			events++
			queue = append(queue, e.Step(engine.TaskFinished{At: engineEpoch, Task: c.Task, Result: model.Success(nil)})...)
		case engine.Complete:
			return events, c.Status, nil
		default:
			return events, e.Status(), fmt.Errorf("drive engine: unexpected command %T", c)
		}
		if head > 4096 && head*2 > len(queue) { // drop the consumed prefix
			queue = append(queue[:0:0], queue[head+1:]...)
			head = -1
		}
	}
	return events, e.Status(), fmt.Errorf("drive engine: no Complete after %d events (status %s)", events, e.Status())
}
