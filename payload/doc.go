// Package payload compresses large Temporal payloads so that big
// definitions fit under the server's blob size limit.
//
// A generated 10,000-stage definition is about 3 MB of JSON, over
// Temporal's 2 MiB payload limit (limit.blobSize.error): the start request,
// the status query's answer, the workflow result and the state carried by
// continue-as-new would all be refused. Codec zlib-compresses only the
// payloads larger than a threshold (DefaultThreshold, 128 KiB); smaller
// ones stay plain JSON, so the Temporal Web UI and `temporal workflow show`
// keep showing them as they are. Compressed payloads carry the metadata
// encoding "binary/zlib" (the SDK's converter.NewZlibCodec format) and show
// as base64 in a Web UI unless it is pointed at a codec server
// (NewHTTPHandler); devserver's embedded Web UI serves one at /codec and
// uses it.
//
// Every client, worker and replayer of StabilizeWorkflow must use the same
// converters, or it cannot read what the others wrote:
//
//	c, err := client.Dial(client.Options{
//		HostPort:         addr,
//		DataConverter:    payload.DataConverter(),
//		FailureConverter: payload.FailureConverter(),
//	})
//
// A worker built on that client inherits both. A replayer takes them in
// worker.WorkflowReplayerOptions.
package payload
