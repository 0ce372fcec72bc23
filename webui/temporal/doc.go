// Package temporal implements the webui.Backend of the live page over a
// Temporal SDK client, so that `starter dev` (or any program holding a
// client) can serve the page for the workflows of one namespace:
//
//	c, err := client.Dial(client.Options{HostPort: "127.0.0.1:7233"})
//	if err != nil { ... }
//	h := webui.Handler(temporal.New(c), "http://127.0.0.1:8233/namespaces/default")
//
// List is a visibility query over the Stabilize search attributes
// (model.SearchAttrApplication, SearchAttrPipeline and SearchAttrStatus)
// restricted to WorkflowType = model.WorkflowName; Status is the workflow's
// status query (model.QueryStatus); Control sends the workflow update named
// by the action (model.ControlPause, model.UpdateApprove, ...) with the
// payload of webui.ControlRequest.Payload and waits for its outcome. An
// update the workflow refuses (its validator rejects it, or the run has
// completed) becomes webui.Refused with the workflow's reason; an unknown
// workflow id wraps webui.ErrNotFound.
package temporal
