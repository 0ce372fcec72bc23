// Package devserver runs a real Temporal server (go.temporal.io/server) inside
// the current process, backed by SQLite, together with the Temporal Web UI.
//
// It serves `starter run`/`starter dev`, the integration tests and the
// benchmarks. A typical use:
//
//	srv, err := devserver.Start(ctx, devserver.Options{})
//	if err != nil {
//		return err
//	}
//	defer srv.Stop()
//	c, err := client.Dial(client.Options{
//		HostPort:  srv.FrontendAddress(),
//		Namespace: srv.Namespace(),
//	})
//
// Start returns only once the frontend answers gRPC calls and the namespaces
// carry the Stabilize search attributes, so callers may start workflows at
// once. The caller must call Stop to release the ports and the database.
//
// The server runs with dynamic-config defaults tuned for latency (see
// FastDynamicConfig): they change how quickly the server reacts to new tasks,
// never what a workflow or the Web UI observes.
package devserver
