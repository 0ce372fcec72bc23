package devserver

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/stabilize-go/stabilize/payload"
)

// CodecPath is where the Web UI's listener serves the payload codec
// (payload.NewHTTPHandler: POST CodecPath+"/decode" and CodecPath+"/encode").
// The Web UI's settings name it as the codec endpoint, so the browser
// decodes the binary/zlib payloads of large definitions without any user
// setting.
//
// The codec shares the UI's origin on purpose: the browser's fetch is
// same-origin, so no CORS preflight or allowed-origin list is involved, and
// it works whatever host name the browser uses to reach the UI.
const CodecPath = "/codec"

// mountCodec serves h under CodecPath on e, for POST only (the UI's routes
// keep every other method and path).
func mountCodec(e *echo.Echo, h http.Handler) {
	e.POST(CodecPath+"/*", echo.WrapHandler(http.StripPrefix(CodecPath, h)))
}

// isCodecRequest reports whether c is a request for the codec endpoint.
func isCodecRequest(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, CodecPath+"/")
}

// skipCSRFForCodec extends the UI's CSRF skipper with the codec endpoint.
//
// The browser's same-origin fetch already passes echo's CSRF check through
// its Sec-Fetch-Site header, but a codec client without a browser (the
// temporal CLI's --codec-endpoint, curl, the tests) sends neither that
// header nor the UI's X-CSRF-Token and would be refused. Decoding and
// encoding are pure functions of the request body, with no state to forge a
// change of, so they need no CSRF protection.
func skipCSRFForCodec(skip func(echo.Context) bool) func(echo.Context) bool {
	return func(c echo.Context) bool {
		return isCodecRequest(c) || (skip != nil && skip(c))
	}
}

// codecHandler is the codec the embedded Web UI serves: the one every
// client, worker and replayer of this repository uses.
func codecHandler() http.Handler { return payload.NewHTTPHandler() }

// CodecEndpoint returns the absolute URL of the codec endpoint served next
// to the Web UI, e.g. "http://127.0.0.1:8233/codec", for codec clients
// outside the browser (`temporal workflow show --codec-endpoint URL`), or ""
// when the UI is disabled.
func (s *Server) CodecEndpoint() string {
	if s.uiAddress == "" {
		return ""
	}
	return s.uiAddress + CodecPath
}
