package browser

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// browserArgs are the Chromium flags of the issue: headless, no sandbox
// (containers), no GPU, and nothing that reaches the network on its own.
var browserArgs = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-dev-shm-usage", "--window-size=1400,1000",
}

// elementKey is the W3C key of a web element reference.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// webDriver is one chromedriver process and one browser session.
type webDriver struct {
	base    string // http://127.0.0.1:PORT/session/ID
	cmd     *exec.Cmd
	http    *http.Client
	exited  chan error
	session string
}

// startWebDriver starts chromedriver on a free port and opens a session
// on chromium with a fresh profile directory.
func startWebDriver(t *testing.T, driverBin, chromiumBin string) *webDriver {
	t.Helper()
	// Made first, so that its removal runs after the browser is gone.
	profile := t.TempDir()
	port := freePort(t)
	cmd := exec.Command(driverBin, "--port="+strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromedriver: %v", err)
	}
	d := &webDriver{cmd: cmd, http: &http.Client{Timeout: 60 * time.Second}, exited: make(chan error, 1)}
	go func() { d.exited <- cmd.Wait() }()
	t.Cleanup(d.stop)
	root := "http://127.0.0.1:" + strconv.Itoa(port)
	eventually(t, "chromedriver answers /status", 30*time.Second, func() bool {
		var st struct {
			Ready bool `json:"ready"`
		}
		return d.call(http.MethodGet, root+"/status", nil, &st) == nil && st.Ready
	})
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chromiumBin,
			"args":   append(append([]string{}, browserArgs...), "--user-data-dir="+profile),
		},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	if err := d.call(http.MethodPost, root+"/session", caps, &created); err != nil {
		t.Fatalf("new WebDriver session: %v", err)
	}
	d.session, d.base = created.SessionID, root+"/session/"+created.SessionID
	return d
}

// stop ends the session and the chromedriver process it started.
func (d *webDriver) stop() {
	if d.session != "" {
		_ = d.call(http.MethodDelete, d.base, nil, nil)
		d.session = ""
	}
	select {
	case <-d.exited:
		return
	default:
	}
	_ = d.cmd.Process.Kill()
	<-d.exited
}

// call sends one WebDriver command and decodes its "value" into out.
func (d *webDriver) call(method, url string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", method, url, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := d.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read %s %s: %w", method, url, err)
	}
	var envelope struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return fmt.Errorf("%s %s: expected a JSON answer, got %q: %w", method, url, raw, err)
	}
	if resp.StatusCode != http.StatusOK {
		var we struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(envelope.Value, &we)
		return fmt.Errorf("%s %s: WebDriver error %d %s: %s", method, url, resp.StatusCode, we.Error, we.Message)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(envelope.Value, out); err != nil {
		return fmt.Errorf("decode %s %s value %s: %w", method, url, envelope.Value, err)
	}
	return nil
}

// navigate loads url in the session's window.
func (d *webDriver) navigate(url string) error {
	return d.call(http.MethodPost, d.base+"/url", map[string]string{"url": url}, nil)
}

// script runs a synchronous script in the page and decodes its result.
func (d *webDriver) script(out any, js string, args ...any) error {
	if args == nil {
		args = []any{}
	}
	return d.call(http.MethodPost, d.base+"/execute/sync", map[string]any{"script": js, "args": args}, out)
}

// find returns the reference of the first element matching a CSS
// selector.
func (d *webDriver) find(css string) (string, error) {
	var el map[string]string
	if err := d.call(http.MethodPost, d.base+"/element", map[string]string{"using": "css selector", "value": css}, &el); err != nil {
		return "", err
	}
	id := el[elementKey]
	if id == "" {
		return "", fmt.Errorf("find %q: expected an element reference, got %v", css, el)
	}
	return id, nil
}

// click clicks the element the way a user would (scrolls it into view,
// then a pointer click at its centre).
func (d *webDriver) click(element string) error {
	return d.call(http.MethodPost, d.base+"/element/"+element+"/click", map[string]any{}, nil)
}

// displayed reports whether the element is visible.
func (d *webDriver) displayed(element string) (bool, error) {
	var shown bool
	err := d.call(http.MethodGet, d.base+"/element/"+element+"/displayed", nil, &shown)
	return shown, err
}

// screenshot returns a PNG of the viewport.
func (d *webDriver) screenshot() ([]byte, error) {
	var b64 string
	if err := d.call(http.MethodGet, d.base+"/screenshot", nil, &b64); err != nil {
		return nil, err
	}
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("decode screenshot: expected base64 PNG: %w", err)
	}
	return png, nil
}

// freePort returns a TCP port free on 127.0.0.1 at the time of the call.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// eventually polls cond until it holds or fails the test at the deadline.
func eventually(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, timeout)
		}
		time.Sleep(100 * time.Millisecond) // polling a condition, with a deadline
	}
}

// errNoBrowser is the reason the test cannot run without the packages.
var errNoBrowser = errors.New("chromium and chromedriver are required (scripts/install-browser.sh installs them)")

// browserBinaries returns the chromium and chromedriver paths. When they
// are missing the test fails under CI=true and is skipped elsewhere.
func browserBinaries(t *testing.T) (chromium, driver string) {
	t.Helper()
	var errs []error
	chromium, err := exec.LookPath("chromium")
	errs = append(errs, err)
	driver, err = exec.LookPath("chromedriver")
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: %v", errNoBrowser, err)
		}
		t.Skipf("%v: %v", errNoBrowser, err)
	}
	return chromium, driver
}
