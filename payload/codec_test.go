package payload

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// bigDefinition returns JSON shaped like a generated definition: n stages
// of repeated field names and distinct ids.
func bigDefinition(n int) map[string]any {
	stages := make([]any, n)
	for i := range stages {
		stages[i] = map[string]any{
			"ref_id": fmt.Sprintf("s%05d", i), "id": fmt.Sprintf("01J%023d", i*7919), "type": "noop",
			"requisite_stage_ref_ids": []string{fmt.Sprintf("s%05d", i-1)}, "status": "NOT_STARTED",
			"context": map[string]any{}, "outputs": map[string]any{},
		}
	}
	return map[string]any{"application": "bench", "name": "chain", "stages": stages}
}

func jsonPayload(t *testing.T, v any) *commonpb.Payload {
	t.Helper()
	p, err := converter.GetDefaultDataConverter().ToPayload(v)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCodecRoundTrip(t *testing.T) {
	big := jsonPayload(t, bigDefinition(2000))
	small := jsonPayload(t, map[string]any{"status": "SUCCEEDED"})
	if proto.Size(big) <= DefaultThreshold {
		t.Fatalf("test payload is %d bytes, want more than DefaultThreshold", proto.Size(big))
	}
	enc, err := Codec{}.Encode([]*commonpb.Payload{small, big})
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(enc[0], small) {
		t.Errorf("small payload changed: %v", enc[0])
	}
	if got := string(enc[1].GetMetadata()[converter.MetadataEncoding]); got != Encoding {
		t.Errorf("big payload encoding = %q, want %q", got, Encoding)
	}
	if proto.Size(enc[1])*4 > proto.Size(big) {
		t.Errorf("big payload compressed to %d of %d bytes, want at least 4x smaller", proto.Size(enc[1]), proto.Size(big))
	}
	dec, err := Codec{}.Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(dec[0], small) || !proto.Equal(dec[1], big) {
		t.Error("decode(encode(p)) differs from p")
	}
}

func TestCodecThreshold(t *testing.T) {
	c := Codec{Threshold: 1000}
	// A compressible payload of exactly the threshold stays plain; one
	// byte more is compressed.
	at := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("json/plain")}}
	for proto.Size(at) < 1000 {
		at.Data = append(at.Data, 'a')
	}
	over := proto.Clone(at).(*commonpb.Payload)
	over.Data = append(over.Data, 'a')
	enc, err := c.Encode([]*commonpb.Payload{at, over})
	if err != nil {
		t.Fatal(err)
	}
	if proto.Size(at) != 1000 || !proto.Equal(enc[0], at) {
		t.Errorf("payload of %d bytes (threshold 1000) changed to %s", proto.Size(at), enc[0].GetMetadata())
	}
	if got := string(enc[1].GetMetadata()[converter.MetadataEncoding]); got != Encoding {
		t.Errorf("payload of %d bytes: encoding %q, want %q", proto.Size(over), got, Encoding)
	}
	// Incompressible data over the threshold stays as it was.
	noise := make([]byte, 2000)
	_, _ = rand.Read(noise)
	random := &commonpb.Payload{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("binary/plain")}, Data: noise}
	if enc, err := c.Encode([]*commonpb.Payload{random}); err != nil || !proto.Equal(enc[0], random) {
		t.Errorf("incompressible payload: %v, %v; want it unchanged", enc, err)
	}
}

func TestCodecLeavesForeignEncodings(t *testing.T) {
	foreign := []*commonpb.Payload{
		{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("binary/encrypted")}, Data: []byte{1, 2, 3}},
		{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("binary/null")}},
		{Metadata: map[string][]byte{converter.MetadataEncoding: []byte("json/plain")}, Data: []byte(`"x"`)},
	}
	dec, err := Codec{}.Decode(foreign)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := Codec{}.Encode(foreign)
	if err != nil {
		t.Fatal(err)
	}
	for i := range foreign {
		if !proto.Equal(dec[i], foreign[i]) || !proto.Equal(enc[i], foreign[i]) {
			t.Errorf("payload %d (%s) changed", i, foreign[i].GetMetadata()[converter.MetadataEncoding])
		}
	}
	bad := []*commonpb.Payload{{Metadata: map[string][]byte{converter.MetadataEncoding: []byte(Encoding)}, Data: []byte("not zlib")}}
	if _, err := (Codec{}).Decode(bad); err == nil || !strings.Contains(err.Error(), "decompress binary/zlib payload") {
		t.Errorf("corrupt %s payload: error = %v, want one naming the decompression", Encoding, err)
	}
}

func TestDataConverterRoundTrip(t *testing.T) {
	dc := DataConverter()
	in := bigDefinition(3000)
	ps, err := dc.ToPayloads(in, "small")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(ps.Payloads[0].GetMetadata()[converter.MetadataEncoding]); got != Encoding {
		t.Errorf("big argument encoding = %q, want %q", got, Encoding)
	}
	if got := string(ps.Payloads[1].GetMetadata()[converter.MetadataEncoding]); got != "json/plain" {
		t.Errorf("small argument encoding = %q, want json/plain (readable in the Web UI)", got)
	}
	var out map[string]any
	var s string
	if err := dc.FromPayloads(ps, &out, &s); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(in)
	b, _ := json.Marshal(out)
	if !bytes.Equal(a, b) || s != "small" {
		t.Error("DataConverter round trip changed the values")
	}
}

func TestFailureConverterCompressesDetails(t *testing.T) {
	fc := FailureConverter()
	f := fc.ErrorToFailure(temporal.NewApplicationError("run ended TERMINAL", "TERMINAL", bigDefinition(3000)))
	details := f.GetApplicationFailureInfo().GetDetails().GetPayloads()
	if len(details) != 1 || string(details[0].GetMetadata()[converter.MetadataEncoding]) != Encoding {
		t.Fatalf("details = %d payloads, first encoding %q; want one %s payload", len(details),
			details[0].GetMetadata()[converter.MetadataEncoding], Encoding)
	}
	var ae *temporal.ApplicationError
	if !errors.As(fc.FailureToError(f), &ae) {
		t.Fatal("FailureToError: want an application error")
	}
	var out map[string]any
	if err := ae.Details(&out); err != nil || len(out["stages"].([]any)) != 3000 {
		t.Errorf("details round trip: %v (%d stages)", err, len(out["stages"].([]any)))
	}
}

func TestHTTPHandlerDecodes(t *testing.T) {
	enc, err := Codec{Threshold: 1}.Encode([]*commonpb.Payload{jsonPayload(t, bigDefinition(10))})
	if err != nil {
		t.Fatal(err)
	}
	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: enc})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHTTPHandler())
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/decode", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out commonpb.Payloads
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if err := protojson.Unmarshal(buf.Bytes(), &out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /decode: %s %v: %s", resp.Status, err, buf.String())
	}
	if got := string(out.Payloads[0].GetMetadata()[converter.MetadataEncoding]); got != "json/plain" {
		t.Errorf("decoded encoding = %q, want json/plain", got)
	}
}
