package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// getPage fetches url from the page and returns its status and body.
func getPage(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestDevServesThePage(t *testing.T) {
	// issue See the workflow: dev serves the page at / on --page-port and
	// prints its address; the page lists the dev server's executions,
	// each linked to the Temporal Web UI of the namespace.
	stdout, stderr, cancel, code := background("dev", "--port", "0", "--ui-port", "0", "--page-port", "0")
	defer cancel()
	waitFor(t, "dev prints its addresses", func() bool { return strings.Contains(stdout.String(), "Press Ctrl-C") })
	page := regexp.MustCompile(`Stabilize page: (http://127\.0\.0\.1:\d+/)\n`).FindStringSubmatch(stdout.String())
	require.NotNil(t, page, "no page line in %q", stdout.String())
	frontend := regexp.MustCompile(`Temporal frontend: (\S+)`).FindStringSubmatch(stdout.String())[1]
	ui := regexp.MustCompile(`Web UI: (\S+)`).FindStringSubmatch(stdout.String())[1]

	status, body := getPage(t, page[1])
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "<title>Stabilize executions</title>")

	o := executeEnv(t, nil, "--address", frontend, "start", "testdata/hello.yaml")
	require.Equal(t, ExitOK, o.code, "%v", o)
	id := strings.TrimSpace(o.stdout)
	var list struct {
		Executions []struct {
			ID          string `json:"id"`
			TemporalURL string `json:"temporal_url"`
		} `json:"executions"`
	}
	waitFor(t, "the started run is listed", func() bool {
		status, body := getPage(t, page[1]+"api/executions")
		return status == http.StatusOK && json.Unmarshal([]byte(body), &list) == nil && len(list.Executions) == 1
	})
	assert.Equal(t, id, list.Executions[0].ID)
	assert.Equal(t, ui+"/namespaces/default/workflows/"+id, list.Executions[0].TemporalURL)

	cancel()
	select {
	case c := <-code:
		assert.Equal(t, ExitOK, c, stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("dev did not stop after interrupt")
	}
}

func TestTemporalUILink(t *testing.T) {
	tests := []struct {
		name, addr, ns, want string
	}{
		{"issue See the workflow: http://IP:UIPORT/namespaces/NS", "127.0.0.1:8233", "default", "http://127.0.0.1:8233/namespaces/default"},
		{"the namespace is escaped", "127.0.0.1:8233", "a b", "http://127.0.0.1:8233/namespaces/a%20b"},
		{"no link when the UI is disabled", "", "default", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, temporalUILink(tc.addr, tc.ns))
		})
	}
}
