package testsuite

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	querypb "go.temporal.io/api/query/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/payload"
)

var scale = flag.String("scale", "ci", "TestLargeDefinition: ci (a 1 -> 2,000 -> 1 fan with a note per stage, "+
	"over 2 MiB of JSON) or full (1 -> 10,000 -> 1 plain noop stages, about 3 MB)")

// blobLimit is the server's default limit.blobSize.error: no payload of an
// event may be larger.
const blobLimit = 2 << 20

// largeCase is one size of TestLargeDefinition.
type largeCase struct {
	width    int  // noop stages between the root and the sink
	note     bool // give each middle stage a note of about 800 bytes
	canAfter int  // RunOptions.ContinueAsNewAfterEvents
	timeout  time.Duration
}

// largeFan generates a 1 -> width -> 1 noop fan of regular activities and
// loads it like the CLI.
func largeFan(t *testing.T, c largeCase) *model.Workflow {
	t.Helper()
	// Regular activities: local ones would run the whole fan in one
	// workflow task, and the run must continue as new so that the carried
	// state is checked too.
	regular := func() map[string]any { return map[string]any{"task_options": map[string]any{"local": false}} }
	stages := []map[string]any{{"ref_id": "root", "type": model.TaskNoop, "context": regular()}}
	mids := make([]string, c.width)
	for i := range mids {
		mids[i] = fmt.Sprintf("M%05d", i)
		ctx := regular()
		if c.note {
			ctx["note"] = fmt.Sprintf("stage %d of %d: ", i, c.width) +
				strings.Repeat("a generated stage of the large-definition test. ", 16)
		}
		stages = append(stages, map[string]any{"ref_id": mids[i], "type": model.TaskNoop,
			"requisite_stage_ref_ids": []string{"root"}, "context": ctx})
	}
	stages = append(stages, map[string]any{"ref_id": "sink", "type": model.TaskNoop,
		"requisite_stage_ref_ids": mids, "context": regular()})
	data, err := json.Marshal(map[string]any{"application": "testsuite", "name": "large-fan", "stages": stages})
	if err != nil {
		t.Fatal(err)
	}
	def, err := model.Load("large-fan.json", data)
	if err != nil {
		t.Fatalf("load the generated definition: %v", err)
	}
	return def
}

// TestLargeDefinition runs a definition whose JSON is over the server's
// 2 MiB blob limit (issue #9, scale runs): payload.DataConverter
// compresses the start input, the state carried by continue-as-new, the
// result and the status query's answer below the limit. A client without
// the codec is refused at the start, which shows the test is not vacuous.
func TestLargeDefinition(t *testing.T) {
	cases := map[string]largeCase{
		"ci":   {width: 2000, note: true, canAfter: 500, timeout: 5 * time.Minute},
		"full": {width: 10000, canAfter: 2500, timeout: 30 * time.Minute},
	}
	c, ok := cases[*scale]
	if !ok {
		t.Fatalf("-scale: expected ci or full, got %q", *scale)
	}
	if testing.Short() {
		t.Skip("a large run on the real server; skipped with -short")
	}
	h := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	def := largeFan(t, c)
	raw, err := json.Marshal(interpreter.Input{Definition: def})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) <= blobLimit {
		t.Fatalf("the generated input is %d bytes; want more than the %d-byte blob limit, or the test proves nothing", len(raw), blobLimit)
	}
	t.Logf("definition: %d stages, %d bytes of JSON", len(def.Stages), len(raw))

	plain, err := client.Dial(client.Options{HostPort: h.Server.FrontendAddress(), Namespace: h.Server.Namespace()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = plain.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: def.ID + "-plain", TaskQueue: h.TaskQueue},
		model.WorkflowName, interpreter.Input{Definition: def})
	plain.Close()
	if err == nil {
		t.Fatalf("a start without the codec was accepted; want the server to refuse an input over %d bytes", blobLimit)
	}
	t.Logf("without the codec the start is refused: %v", err)

	start := time.Now()
	run, err := h.Start(ctx, def, interpreter.RunOptions{ContinueAsNewAfterEvents: c.canAfter})
	if err != nil {
		t.Fatalf("start with payload.DataConverter: %v", err)
	}
	first := run.GetRunID() // Get follows continue-as-new and moves GetRunID to the last run
	var final *model.Workflow
	if err := run.Get(ctx, &final); err != nil {
		t.Fatalf("large run: %v", err)
	}
	t.Logf("completed in %v", time.Since(start).Round(time.Millisecond))
	if final.Status != model.StatusSucceeded || len(final.Stages) != c.width+2 {
		t.Fatalf("final model: status %s with %d stages; want SUCCEEDED with %d", final.Status, len(final.Stages), c.width+2)
	}

	runs := 0
	for runID := first; runID != ""; runs++ {
		hist, err := h.History(ctx, def.ID, runID)
		if err != nil {
			t.Fatal(err)
		}
		runID = checkLargePayloads(t, runs, hist)
	}
	if runs < 2 {
		t.Errorf("runs = %d; want at least one continue-as-new, so that the carried state is checked too", runs)
	}

	resp, err := h.Client.WorkflowService().QueryWorkflow(ctx, &workflowservice.QueryWorkflowRequest{
		Namespace: h.Server.Namespace(),
		Execution: &commonpb.WorkflowExecution{WorkflowId: def.ID},
		Query:     &querypb.WorkflowQuery{QueryType: model.QueryStatus},
	})
	if err != nil {
		t.Fatalf("status query: %v", err)
	}
	checkPayloadSize(t, "status query result", resp.GetQueryResult().GetPayloads()[0])
	var view *model.Workflow
	if err := payload.DataConverter().FromPayloads(resp.GetQueryResult(), &view); err != nil {
		t.Fatalf("decode the status query result: %v", err)
	}
	if view.Status != model.StatusSucceeded || len(view.Stages) != c.width+2 {
		t.Errorf("status query: %s with %d stages; want SUCCEEDED with %d", view.Status, len(view.Stages), c.width+2)
	}
}

// checkLargePayloads checks the big payloads of one run's history (its
// input, the input it continued as new with, or its result) and returns
// the next run's id, if any.
func checkLargePayloads(t *testing.T, run int, hist *historypb.History) string {
	t.Helper()
	next := ""
	types := map[string]int{}
	for _, ev := range hist.GetEvents() {
		types[strings.TrimPrefix(ev.GetEventType().String(), "EVENT_TYPE_")]++
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			in := ev.GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()
			checkPayloadSize(t, fmt.Sprintf("run %d input", run), in[0])
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
			a := ev.GetWorkflowExecutionContinuedAsNewEventAttributes()
			next = a.GetNewExecutionRunId()
			checkPayloadSize(t, fmt.Sprintf("run %d continue-as-new state", run), a.GetInput().GetPayloads()[0])
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
			res := ev.GetWorkflowExecutionCompletedEventAttributes().GetResult().GetPayloads()
			checkPayloadSize(t, fmt.Sprintf("run %d result", run), res[0])
		}
	}
	t.Logf("run %d: %d events %v", run, len(hist.GetEvents()), types)
	return next
}

// checkPayloadSize logs a payload's size and encoding, decompressed size
// included, and fails when it is over the blob limit.
func checkPayloadSize(t *testing.T, what string, p *commonpb.Payload) {
	t.Helper()
	enc := string(p.GetMetadata()[converter.MetadataEncoding])
	plain := proto.Size(p)
	if enc == payload.Encoding {
		dec, err := payload.Codec{}.Decode([]*commonpb.Payload{p})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		plain = proto.Size(dec[0])
	}
	t.Logf("%s: %d bytes as %s (%d decoded)", what, proto.Size(p), enc, plain)
	if proto.Size(p) > blobLimit {
		t.Errorf("%s: %d bytes, over the %d-byte blob limit", what, proto.Size(p), blobLimit)
	}
}
