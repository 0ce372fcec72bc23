package devserver

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	sqliteschema "go.temporal.io/server/schema/sqlite"

	"github.com/stabilize-go/stabilize/model"
)

// testTimeout bounds every server interaction of a test.
const testTimeout = 60 * time.Second

// startServer starts a server for t and stops it at cleanup.
func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := Start(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Stop() })
	return s
}

// dial returns an SDK client for s, closed at cleanup.
func dial(t testing.TB, s *Server) client.Client {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c, err := client.Dial(client.Options{
		HostPort:  s.FrontendAddress(),
		Namespace: s.Namespace(),
		Logger:    sdklog.NewStructuredLogger(quiet),
	})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// startWorker runs a worker for the test workflows on taskQueue until cleanup.
func startWorker(t testing.TB, c client.Client, taskQueue string) worker.Worker {
	t.Helper()
	w := worker.New(c, taskQueue, worker.Options{})
	w.RegisterWorkflow(greetWorkflow)
	w.RegisterWorkflow(chainWorkflow)
	w.RegisterWorkflow(timerWorkflow)
	w.RegisterWorkflow(emptyWorkflow)
	w.RegisterActivity(greetActivity)
	w.RegisterActivity(noopActivity)
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	return w
}

// runGreet runs greetWorkflow under id and returns its result.
func runGreet(t *testing.T, c client.Client, id string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "greet"}, greetWorkflow, "stabilize")
	require.NoError(t, err)
	var out string
	require.NoError(t, run.Get(ctx, &out))
	return out
}

func TestServer(t *testing.T) {
	s := startServer(t, Options{ExtraNamespaces: []string{"second"}})
	c := dial(t, s)
	w := startWorker(t, c, "greet")
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()

	t.Run("addresses use the defaults: 127.0.0.1 and namespace default", func(t *testing.T) {
		require.True(t, strings.HasPrefix(s.FrontendAddress(), DefaultIP+":"), s.FrontendAddress())
		require.True(t, strings.HasPrefix(s.UIAddress(), "http://"+DefaultIP+":"), s.UIAddress())
		require.Equal(t, DefaultNamespace, s.Namespace())
	})

	t.Run("a workflow runs its activity through an SDK client and worker", func(t *testing.T) {
		require.Equal(t, "hello, stabilize", runGreet(t, c, "greet-memory"))
	})

	t.Run("control.go search attributes are Keyword on every namespace", func(t *testing.T) {
		for _, ns := range []string{DefaultNamespace, "second"} {
			requireSearchAttributes(t, s, ns)
		}
	})

	t.Run("a workflow's upserted StabilizeStatus is visible", func(t *testing.T) {
		desc, err := c.DescribeWorkflowExecution(ctx, "greet-memory", "")
		require.NoError(t, err)
		field := desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()[model.SearchAttrStatus]
		require.NotNil(t, field)
		require.Equal(t, `"SUCCEEDED"`, string(field.GetData()))
	})

	t.Run("the Web UI answers HTTP 200", func(t *testing.T) {
		for _, path := range []string{"/", "/healthz", "/api/v1/settings"} {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.UIAddress()+path, nil)
			require.NoError(t, err)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, path)
		}
	})

	t.Run("a second server on a taken port fails naming the port", func(t *testing.T) {
		frontendPort := portOf(t, s.FrontendAddress())
		uiPort := portOf(t, strings.TrimPrefix(s.UIAddress(), "http://"))
		tests := []struct {
			name string
			opts Options
			port int
		}{
			{"frontend port", Options{Port: frontendPort, UIPort: -1}, frontendPort},
			{"ui port", Options{UIPort: uiPort}, uiPort},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				second, err := Start(ctx, tc.opts)
				if err == nil {
					_ = second.Stop()
				}
				require.Error(t, err)
				require.Contains(t, err.Error(), "port "+strconv.Itoa(tc.port))
			})
		}
	})

	t.Run("Stop is clean, idempotent and frees the ports", func(t *testing.T) {
		w.Stop() // a worker still polling would log its lost connection
		require.NoError(t, s.Stop())
		require.NoError(t, s.Stop())
		for _, addr := range []string{s.FrontendAddress(), strings.TrimPrefix(s.UIAddress(), "http://")} {
			l, err := net.Listen("tcp", addr)
			require.NoError(t, err, addr)
			require.NoError(t, l.Close())
		}
	})
}

func TestFileDatabaseSurvivesRestart(t *testing.T) {
	opts := Options{DBFile: filepath.Join(t.TempDir(), "temporal.db"), UIPort: -1}
	// The file starts with the namespace but none of the search attributes,
	// as a database written by another tool would: Start must add them.
	sql, err := sqlConfig(opts.DBFile)
	require.NoError(t, err)
	bare, err := sqliteschema.NewNamespaceConfig(clusterName, DefaultNamespace, false, nil)
	require.NoError(t, err)
	require.NoError(t, sqliteschema.CreateNamespaces(sql, bare))

	first := startServer(t, opts)
	requireSearchAttributes(t, first, DefaultNamespace)
	c := dial(t, first)
	w := startWorker(t, c, "greet")
	require.Equal(t, "hello, stabilize", runGreet(t, c, "greet-file"))
	w.Stop()
	c.Close()
	require.NoError(t, first.Stop())

	second := startServer(t, opts)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c2 := dial(t, second)
	desc, err := c2.DescribeWorkflowExecution(ctx, "greet-file", "")
	require.NoError(t, err)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, desc.GetWorkflowExecutionInfo().GetStatus())
	var out string
	require.NoError(t, c2.GetWorkflow(ctx, "greet-file", "").Get(ctx, &out))
	require.Equal(t, "hello, stabilize", out)
}

// requireSearchAttributes checks that namespace has every control.go search
// attribute as Keyword.
func requireSearchAttributes(t *testing.T, s *Server, namespace string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	op := operatorservice.NewOperatorServiceClient(s.conn)
	resp, err := op.ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	require.NoError(t, err)
	for _, name := range []string{model.SearchAttrApplication, model.SearchAttrPipeline, model.SearchAttrStatus, model.SearchAttrConfigID} {
		require.Equal(t, enumspb.INDEXED_VALUE_TYPE_KEYWORD, resp.GetCustomAttributes()[name], "namespace %s attribute %s", namespace, name)
	}
}

// portOf returns the port of a host:port address.
func portOf(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	port, err := strconv.Atoi(p)
	require.NoError(t, err)
	return port
}
