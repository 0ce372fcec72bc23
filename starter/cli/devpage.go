package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/stabilize-go/stabilize/webui"
	webtemporal "github.com/stabilize-go/stabilize/webui/temporal"
)

// pageShutdownTimeout bounds how long stopping the page waits for open
// requests (a control waits for its update at most webtemporal.Timeout).
const pageShutdownTimeout = 5 * time.Second

// devPage is the live Stabilize page that `starter dev` serves on its own
// port, over the embedded server's client.
type devPage struct {
	srv  *http.Server
	url  string
	done chan error
}

// startPage serves the page for e on the frontend's IP and port (0 picks
// a free one). The page links each execution to the Temporal Web UI of
// e's namespace when the UI runs. Close stops it.
func startPage(e *embedded, port int) (*devPage, error) {
	host, _, err := net.SplitHostPort(e.srv.FrontendAddress())
	if err != nil {
		return nil, fmt.Errorf("page address: expected host:port frontend address, got %q: %w", e.srv.FrontendAddress(), err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("listen for the Stabilize page on port %d: %w", port, err)
	}
	p := &devPage{
		srv: &http.Server{
			Handler:           webui.Handler(webtemporal.New(e.client), temporalUILink(e.srv.UIAddress(), e.srv.Namespace())),
			ReadHeaderTimeout: 10 * time.Second,
		},
		url:  "http://" + ln.Addr().String() + "/",
		done: make(chan error, 1),
	}
	go func() { p.done <- p.srv.Serve(ln) }()
	return p, nil
}

// URL is the page's address, such as "http://127.0.0.1:8234/".
func (p *devPage) URL() string { return p.url }

// Close stops the page, letting open requests finish for a few seconds.
func (p *devPage) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), pageShutdownTimeout)
	defer cancel()
	err := p.srv.Shutdown(ctx)
	if serveErr := <-p.done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("stop the Stabilize page: %w", err)
	}
	return nil
}

// temporalUILink is the Temporal Web UI address of namespace,
// "http://IP:UIPORT/namespaces/NS", or "" when the UI is disabled.
func temporalUILink(uiAddress, namespace string) string {
	if uiAddress == "" {
		return ""
	}
	return uiURL(uiAddress) + "/namespaces/" + url.PathEscape(namespace)
}
