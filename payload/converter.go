package payload

import (
	"net/http"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
)

// DataConverter returns the SDK's default data converter (JSON and the
// other standard encodings) wrapped with a Codec at DefaultThreshold. Set
// it on every client.Options and worker.WorkflowReplayerOptions of the
// project.
func DataConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), Codec{})
}

// FailureConverter returns the SDK's default failure converter over
// DataConverter, so that error details (the final model that a TERMINAL,
// STOPPED or CANCELED run returns) are compressed and read back the same
// way. Set it next to DataConverter.
func FailureConverter() converter.FailureConverter {
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{DataConverter: DataConverter()})
}

// NewHTTPHandler returns a Temporal codec server handler for Codec
// (POST /encode and /decode), so that a Web UI or CLI configured with its
// URL as codec endpoint shows compressed payloads decoded.
func NewHTTPHandler() http.Handler {
	return converter.NewPayloadCodecHTTPHandler(Codec{})
}
