package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/stabilize-go/stabilize/payload"
)

// largeInput returns a value whose JSON (about 460 KB) is over
// payload.DefaultThreshold, like the definition of a big run.
func largeInput() map[string]any {
	stages := make([]string, 20000)
	for i := range stages {
		stages[i] = fmt.Sprintf("stage-%05d", i)
	}
	return map[string]any{"application": "codec", "stages": stages}
}

// plainPayload is v as the SDK's default converter writes it (json/plain).
func plainPayload(t *testing.T, v any) *commonpb.Payload {
	t.Helper()
	p, err := converter.GetDefaultDataConverter().ToPayload(v)
	require.NoError(t, err)
	return p
}

// uiSettings reads the Web UI's settings API, which the UI loads before
// anything else and takes its codec endpoint from.
func uiSettings(t *testing.T, uiAddress string) (settings struct{ Codec struct{ Endpoint string } }) {
	t.Helper()
	resp, err := http.Get(uiAddress + "/api/v1/settings")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&settings))
	return settings
}

// codecURL resolves the UI's codec endpoint against the page's address and
// appends the operation, as the UI's fetch does.
func codecURL(t *testing.T, uiAddress, endpoint, op string) string {
	t.Helper()
	page, err := url.Parse(uiAddress + "/namespaces/default/workflows")
	require.NoError(t, err)
	ref, err := url.Parse(endpoint + "/" + op + "?preserveStorageRefs=true")
	require.NoError(t, err)
	return page.ResolveReference(ref).String()
}

// postCodec POSTs payloads to u with header and returns the status and
// the body.
func postCodec(t *testing.T, u string, header http.Header, payloads ...*commonpb.Payload) (int, []byte) {
	t.Helper()
	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: payloads})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, out
}

// decodeAnswer parses a codec server's answer.
func decodeAnswer(t *testing.T, body []byte) []*commonpb.Payload {
	t.Helper()
	var out commonpb.Payloads
	require.NoError(t, protojson.Unmarshal(body, &out), "codec answer %q", body)
	return out.GetPayloads()
}

func TestUICodecEndpoint(t *testing.T) {
	port, err := freePort(DefaultIP)
	require.NoError(t, err)
	// The UI's settings and the codec need no frontend; nothing listens
	// on port 1.
	ui, err := startUI(DefaultIP, port, hostPort(DefaultIP, 1), DefaultNamespace)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, ui.stop(context.Background())) })
	uiAddress := "http://" + hostPort(DefaultIP, port)

	settings := uiSettings(t, uiAddress)
	require.Equal(t, CodecPath, settings.Codec.Endpoint, "the UI's settings name the codec endpoint")

	big := plainPayload(t, largeInput())
	small := plainPayload(t, map[string]any{"status": "SUCCEEDED"})
	compressed, err := payload.Codec{}.Encode([]*commonpb.Payload{big})
	require.NoError(t, err)
	require.Equal(t, payload.Encoding, string(compressed[0].GetMetadata()[converter.MetadataEncoding]))

	t.Run("decode", func(t *testing.T) {
		tests := []struct {
			name   string
			header http.Header
		}{
			// Chromium's same-origin fetch from the UI page (no CSRF token).
			{"like the browser", http.Header{
				"X-Namespace":    {DefaultNamespace},
				"Origin":         {uiAddress},
				"Sec-Fetch-Site": {"same-origin"},
				"Sec-Fetch-Mode": {"cors"},
			}},
			// temporal --codec-endpoint, curl: no Sec-Fetch-Site, no token.
			{"like a client without a browser", http.Header{"X-Namespace": {DefaultNamespace}}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				status, body := postCodec(t, codecURL(t, uiAddress, settings.Codec.Endpoint, "decode"), tc.header, compressed[0], small)
				require.Equal(t, http.StatusOK, status, "%s", body)
				got := decodeAnswer(t, body)
				require.Len(t, got, 2)
				require.True(t, proto.Equal(big, got[0]), "the binary/zlib payload decodes to the JSON payload")
				require.True(t, proto.Equal(small, got[1]), "a small payload passes through unchanged")
			})
		}
	})

	t.Run("encode compresses only the large payload", func(t *testing.T) {
		status, body := postCodec(t, codecURL(t, uiAddress, settings.Codec.Endpoint, "encode"), http.Header{"X-Namespace": {DefaultNamespace}}, big, small)
		require.Equal(t, http.StatusOK, status, "%s", body)
		got := decodeAnswer(t, body)
		require.Len(t, got, 2)
		require.Equal(t, payload.Encoding, string(got[0].GetMetadata()[converter.MetadataEncoding]))
		require.True(t, proto.Equal(small, got[1]), "small payload changed: %v", got[1])
	})

	t.Run("a corrupt payload is a client error naming the decompression", func(t *testing.T) {
		bad := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte(payload.Encoding)}, Data: []byte("not zlib")}
		status, body := postCodec(t, codecURL(t, uiAddress, settings.Codec.Endpoint, "decode"), nil, bad)
		require.Equal(t, http.StatusBadRequest, status)
		require.Contains(t, string(body), "decompress binary/zlib payload")
	})

	t.Run("the UI's own API keeps its CSRF check", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, uiAddress+"/api/v1/namespaces/default/workflows/x/signal/y", strings.NewReader("{}"))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, "a POST without the CSRF token must be refused")
	})
}

func TestUICodecDecodesStoredInput(t *testing.T) {
	s := startServer(t, Options{})
	require.Equal(t, s.UIAddress()+CodecPath, s.CodecEndpoint())
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	c, err := client.Dial(client.Options{
		HostPort: s.FrontendAddress(), Namespace: s.Namespace(),
		DataConverter: payload.DataConverter(), FailureConverter: payload.FailureConverter(),
	})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	// No worker polls the queue: the start event alone holds the input.
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "codec-input", TaskQueue: "no-worker"}, "AnyWorkflow", largeInput())
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.TerminateWorkflow(context.Background(), run.GetID(), run.GetRunID(), "test done") })

	// The history as the UI receives it from the server: still compressed.
	iter := c.GetWorkflowHistory(ctx, run.GetID(), run.GetRunID(), false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	require.True(t, iter.HasNext())
	first, err := iter.Next()
	require.NoError(t, err)
	stored := first.GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()
	require.Len(t, stored, 1)
	require.Equal(t, payload.Encoding, string(stored[0].GetMetadata()[converter.MetadataEncoding]))

	want := plainPayload(t, largeInput())

	t.Run("the Web UI's codec endpoint decodes it", func(t *testing.T) {
		endpoint := uiSettings(t, s.UIAddress()).Codec.Endpoint
		status, body := postCodec(t, codecURL(t, s.UIAddress(), endpoint, "decode"), http.Header{"X-Namespace": {s.Namespace()}}, stored...)
		require.Equal(t, http.StatusOK, status, "%s", body)
		got := decodeAnswer(t, body)
		require.Len(t, got, 1)
		require.True(t, proto.Equal(want, got[0]), "the UI sees the start input as JSON")
	})

	t.Run("the SDK's remote codec at CodecEndpoint decodes it (temporal --codec-endpoint)", func(t *testing.T) {
		remote := converter.NewRemotePayloadCodec(converter.RemotePayloadCodecOptions{Endpoint: s.CodecEndpoint()})
		got, err := remote.Decode(stored)
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.True(t, proto.Equal(want, got[0]), "the remote codec returns the start input as JSON")
	})
}
