package devserver

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/temporalio/ui-server/v2/server/api"
	"github.com/temporalio/ui-server/v2/server/auth"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	"github.com/temporalio/ui-server/v2/server/cors"
	"github.com/temporalio/ui-server/v2/server/csrf"
	"github.com/temporalio/ui-server/v2/server/headers"
	"github.com/temporalio/ui-server/v2/server/route"
	"github.com/temporalio/ui-server/v2/ui"
)

// uiServer serves the Temporal Web UI on a listener it owns.
//
// It assembles the same routes and middleware as ui-server's server.NewServer
// but keeps the listener and http.Server here: ui-server's Start exits the
// process (Logger.Fatal) when its port is taken, and offers no graceful stop.
type uiServer struct {
	http     *http.Server
	listener net.Listener
	done     chan error
}

// startUI binds ip:port and serves the Web UI for the frontend at
// frontendAddr, opening namespace by default, with the payload codec at
// CodecPath as its codec endpoint.
func startUI(ip string, port int, frontendAddr, namespace string) (*uiServer, error) {
	cfg := &uiconfig.Config{
		Host:                ip,
		Port:                port,
		TemporalGRPCAddress: frontendAddr,
		EnableUI:            true,
		DefaultNamespace:    namespace,
		CORS:                uiconfig.CORS{CookieInsecure: true},
		HideLogs:            true,
		DisableNewsFetch:    true,
		// A path, not a URL: the UI fetches CodecPath+"/decode" from its
		// own origin, whichever host the browser reached it by (127.0.0.1,
		// localhost, a LAN address when ip is 0.0.0.0, a forwarded port).
		Codec: uiconfig.Codec{Endpoint: CodecPath},
	}
	handler, err := newUIHandler(cfg)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", hostPort(ip, port))
	if err != nil {
		return nil, fmt.Errorf("ui port %d on %s is not available: %w", port, ip, err)
	}
	s := &uiServer{
		http:     &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second},
		listener: l,
		done:     make(chan error, 1),
	}
	go func() { s.done <- s.http.Serve(l) }()
	return s, nil
}

// newUIHandler mirrors ui-server's server.NewServer for cfg.
func newUIHandler(cfg *uiconfig.Config) (*echo.Echo, error) {
	provider, err := uiconfig.NewConfigProviderWithRefresh(cfg)
	if err != nil {
		return nil, fmt.Errorf("ui config: %w", err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Use(middleware.Recover())
	e.Use(middleware.Gzip())
	e.Use(cors.CORSMiddleware(cors.CORSConfig{
		AllowHeaders: []string{
			echo.HeaderOrigin, echo.HeaderContentType, echo.HeaderAccept,
			echo.HeaderXCSRFToken, echo.HeaderAuthorization, auth.AuthorizationExtrasHeader,
			"Caller-Type",
		},
		AllowCredentials: true,
		ConfigProvider:   provider,
	}))
	e.Use(middleware.Secure())
	cookieSecure := !cfg.CORS.CookieInsecure
	e.Use(csrf.EnsureTokenCookie(cookieSecure))
	csrfConfig := csrf.MiddlewareConfig(provider, cookieSecure)
	csrfConfig.Skipper = skipCSRFForCodec(csrfConfig.Skipper)
	e.Use(middleware.CSRFWithConfig(csrfConfig))
	e.Pre(route.PublicPath(cfg.PublicPath))
	route.SetHealthRoute(e)
	forward := []api.Middleware{headers.WithForwardHeaders([]string{auth.AuthorizationExtrasHeader, "Caller-Type"})}
	if err := route.SetAPIRoutes(e, provider, forward); err != nil {
		return nil, fmt.Errorf("ui api routes: %w", err)
	}
	route.SetAuthRoutes(e, provider)
	mountCodec(e, codecHandler())
	assets, err := ui.Assets()
	if err != nil {
		return nil, fmt.Errorf("ui assets: %w", err)
	}
	if assets, err = fs.Sub(assets, "local"); err != nil {
		return nil, fmt.Errorf("ui assets: %w", err)
	}
	if err := route.SetUIRoutes(e, cfg.PublicPath, assets); err != nil {
		return nil, fmt.Errorf("ui routes: %w", err)
	}
	route.SetRenderRoute(e, cfg.PublicPath)
	return e, nil
}

// stop shuts the UI down, waiting up to ctx for open requests.
func (s *uiServer) stop(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if err != nil {
		err = errors.Join(err, s.http.Close())
	}
	if serveErr := <-s.done; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("stop ui: %w", err)
	}
	return nil
}
