package payload

import (
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// DefaultThreshold is the payload size, in bytes, above which Codec
// compresses when its Threshold is zero: 128 KiB, far above any task
// input or result of an ordinary run and far below the 2 MiB limit.
const DefaultThreshold = 128 << 10

// Encoding is the metadata "encoding" of a payload that Codec compressed.
const Encoding = "binary/zlib"

// zlib is the SDK's codec; it writes Encoding and decodes only Encoding.
var zlib = converter.NewZlibCodec(converter.ZlibCodecOptions{})

// Codec is a converter.PayloadCodec that zlib-compresses each payload
// whose encoded size exceeds Threshold, when that makes it smaller, and
// decompresses every payload marked with Encoding. Other payloads, and
// payloads of other encodings, pass through unchanged. The zero value is
// ready to use.
type Codec struct {
	// Threshold is the encoded size in bytes (payload data and metadata)
	// above which a payload is compressed. Optional: zero means
	// DefaultThreshold.
	Threshold int
}

var _ converter.PayloadCodec = Codec{}

// threshold returns Threshold or its default.
func (c Codec) threshold() int {
	if c.Threshold > 0 {
		return c.Threshold
	}
	return DefaultThreshold
}

// Encode compresses the payloads larger than the threshold.
func (c Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		size := proto.Size(p)
		if size <= c.threshold() {
			out[i] = p
			continue
		}
		z, err := zlib.Encode([]*commonpb.Payload{p})
		if err != nil {
			return payloads, fmt.Errorf("compress payload %d of %d bytes: %w", i, size, err)
		}
		out[i] = z[0]
	}
	return out, nil
}

// Decode decompresses the payloads marked with Encoding.
func (Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out, err := zlib.Decode(payloads)
	if err != nil {
		return payloads, fmt.Errorf("decompress %s payload: %w", Encoding, err)
	}
	return out, nil
}
