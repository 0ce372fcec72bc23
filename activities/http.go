package activities

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/model/expr"
)

// DefaultHTTPTimeout caps one request whose stage gives no timeout, as
// Stabilize's http task does (30 s).
const DefaultHTTPTimeout = 30 * time.Second

// httpMethods are the methods the http task sends; the mutating ones carry
// an idempotency key.
var (
	httpMethods   = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}
	mutatingVerbs = []string{"DELETE", "PATCH", "POST", "PUT"}
)

// IdempotencyKeyHeader is set on DELETE, PATCH, POST and PUT requests, to
// "<workflow id>/<activity id>", unless the stage sets it: a retried
// activity sends the same key, so a server that honours it applies the
// call once (style.md §5).
const IdempotencyKeyHeader = "Idempotency-Key"

// httpPollKey is the stage context key where a polling http task keeps its
// state between polls; httpResponseKey holds the last response while the
// task polls.
const (
	httpPollKey     = "http_poll"
	httpResponseKey = "http_response"
)

// HTTP is the built-in task "http". Stage context keys: url (required),
// method (default GET), headers, json (an object or list sent as JSON) or
// body (a string), timeout (seconds or a Go duration; default 30 s),
// expected_status (a code or list; default any status below 400),
// parse_json (default false), and for polling until (an expression over
// status_code, json, body and headers), interval (seconds between polls,
// read by the workflow through model.ParseTaskOptions) and poll_timeout
// (seconds, measured from the first poll; default none). {key}
// placeholders in url, header values and body are filled from the stage
// context, as for shell.
//
// Outputs: status_code, body (cut at MaxBodyBytes with a marker),
// headers (each name's values joined with ", ") and, with parse_json, json
// (null when the body is not JSON). With until, the task returns RUNNING,
// with the response under context.http_response, until the expression
// holds, and TERMINAL once poll_timeout has passed.
//
// Targets that resolve to loopback, private, link-local or other
// non-public addresses are refused before any connection is made, on
// redirects too, unless Policy.HTTPAllowPrivate or Policy.HTTPAllowedHosts
// allow them; the address checked is the address dialled, so a second DNS
// answer cannot slip past (DNS rebinding). Proxies from the environment are
// not used, since they would connect on the task's behalf. Request headers
// are never logged or echoed in results. The zero HTTP works under the zero
// Policy; NewHTTP applies another.
type HTTP struct {
	// MaxBodyBytes caps the response body kept. Optional: defaults to
	// 1 MiB.
	MaxBodyBytes int
	// Now is the clock used to time polling. Optional: defaults to
	// time.Now.
	Now func() time.Time

	once   sync.Once
	policy Policy
	guard  *dialGuard
	client *http.Client
}

// NewHTTP returns the http task under the policy's SSRF guard and size
// limit.
func NewHTTP(p Policy) *HTTP {
	return &HTTP{MaxBodyBytes: p.maxOutput(), policy: p}
}

// init builds the guarded client once; the zero HTTP uses the zero policy.
func (h *HTTP) init() {
	h.once.Do(func() {
		if h.guard == nil {
			rules := make([]hostRule, 0, len(h.policy.HTTPAllowedHosts))
			for _, s := range h.policy.HTTPAllowedHosts {
				if r, err := parseHostRule(s); err == nil {
					rules = append(rules, r)
				}
			}
			dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
			h.guard = &dialGuard{allowPrivate: h.policy.HTTPAllowPrivate, rules: rules,
				resolver: net.DefaultResolver, dial: dialer.DialContext}
		}
		tr := &http.Transport{
			Proxy:                 nil, // a proxy would dial on our behalf, past the guard
			DialContext:           h.guard.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          32,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		}
		h.client = &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return fmt.Errorf("stopped after %d redirects", len(via))
			}
			return nil
		}}
	})
}

// httpCall is one validated request.
type httpCall struct {
	method, url, until string
	u                  *url.URL
	headers            map[string]string
	body               []byte
	jsonBody           bool
	timeout            time.Duration
	pollTimeout        time.Duration
	expected           []int
	parseJSON          bool
}

// Execute sends the request. Network failures are returned as errors, to
// be retried by the activity retry policy; a refused address, bad input,
// an unexpected status or an exhausted poll_timeout is TERMINAL.
func (h *HTTP) Execute(ctx context.Context, in model.TaskInput) (model.TaskResult, error) {
	h.init()
	call, bad := h.parse(in.Context)
	if bad != nil {
		return *bad, nil
	}
	now := h.now()
	resp, err := h.send(ctx, call)
	if err != nil {
		var blocked *BlockedAddressError
		if errors.As(err, &blocked) {
			return model.Terminal(fmt.Sprintf("http: %s %s: %v", call.method, call.u.Redacted(), blocked)), nil
		}
		if ctx.Err() != nil {
			return model.TaskResult{}, fmt.Errorf("http: %s %s: %w", call.method, call.u.Redacted(), ctx.Err())
		}
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return model.TaskResult{}, fmt.Errorf("http: %s %s: no response within %s: %w", call.method, call.u.Redacted(), call.timeout, err)
		}
		return model.TaskResult{}, fmt.Errorf("http: %s %s: %w", call.method, call.u.Redacted(), err)
	}
	if call.until != "" {
		return h.poll(in, call, resp, now)
	}
	outputs := resp.outputs(call.parseJSON)
	if !statusOK(call.expected, resp.status) {
		res := model.Terminal(fmt.Sprintf("http: %s %s returned status %d, expected %s",
			call.method, call.u.Redacted(), resp.status, describeExpected(call.expected)))
		res.Context = outputs
		res.ExceptionDetails["status_code"] = resp.status
		return res, nil
	}
	return model.Success(outputs), nil
}

// poll evaluates until over the response: SUCCEEDED when it holds,
// TERMINAL past poll_timeout (measured from the first poll, whose time is
// kept in the stage context), RUNNING otherwise.
func (h *HTTP) poll(in model.TaskInput, call httpCall, resp *httpResponse, now time.Time) (model.TaskResult, error) {
	started, polls := now, 1
	if st, ok := in.Context[httpPollKey].(map[string]any); ok && st["task_id"] == in.Task.ID {
		if ms, ok := toInt(st["started_at_ms"]); ok {
			started = time.UnixMilli(int64(ms))
		}
		if n, ok := toInt(st["polls"]); ok {
			polls = n + 1
		}
	}
	vars := map[string]any{"status_code": resp.status, "json": resp.json, "body": resp.body, "headers": resp.headers}
	held, err := expr.EvalBool(call.until, vars)
	if err != nil {
		res := model.Terminal(fmt.Sprintf("http: until %q: %v", call.until, err))
		res.Context = map[string]any{httpPollKey: nil, httpResponseKey: resp.outputs(true)}
		return res, nil
	}
	// With until, the expression alone decides unless expected_status is
	// given too: until "status_code == 404" may wait for a deletion.
	if held && (len(call.expected) == 0 || slices.Contains(call.expected, resp.status)) {
		res := model.Success(resp.outputs(call.parseJSON))
		res.Context = map[string]any{httpPollKey: nil, httpResponseKey: nil}
		return res, nil
	}
	elapsed := now.Sub(started)
	if held || (call.pollTimeout > 0 && elapsed > call.pollTimeout) {
		msg := fmt.Sprintf("http: %s %s: until %q still false after %d polls over %s (poll_timeout %s); last status %d",
			call.method, call.u.Redacted(), call.until, polls, elapsed.Round(time.Millisecond), call.pollTimeout, resp.status)
		if held {
			msg = fmt.Sprintf("http: %s %s: until %q holds but status %d is not %s",
				call.method, call.u.Redacted(), call.until, resp.status, describeExpected(call.expected))
		}
		res := model.Terminal(msg)
		res.Context = map[string]any{httpPollKey: nil, httpResponseKey: resp.outputs(true)}
		res.ExceptionDetails["status_code"] = resp.status
		return res, nil
	}
	return model.Running(map[string]any{
		httpPollKey:     map[string]any{"task_id": in.Task.ID, "started_at_ms": started.UnixMilli(), "polls": polls},
		httpResponseKey: resp.outputs(true),
	}), nil
}

// parse reads and validates the stage context.
func (h *HTTP) parse(ctx map[string]any) (httpCall, *model.TaskResult) {
	p := newParams(model.TaskHTTP, ctx)
	call := httpCall{
		url:         p.requiredStr("url"),
		method:      strings.ToUpper(p.str("method", "GET")),
		headers:     p.stringMap("headers"),
		timeout:     p.seconds("timeout", DefaultHTTPTimeout),
		pollTimeout: p.seconds("poll_timeout", 0),
		parseJSON:   p.boolean("parse_json", false),
		until:       p.str("until", ""),
	}
	p.seconds("interval", time.Second) // validated here, used by the workflow
	if !slices.Contains(httpMethods, call.method) {
		p.fail("method", call.method, "one of "+strings.Join(httpMethods, ", "))
	}
	if _, ok := p.get("expected_status"); ok {
		call.expected = p.ints("expected_status", nil)
	}
	jsonVal, hasJSON := p.get("json")
	body := p.str("body", "")
	if _, hasBody := p.get("body"); hasBody && hasJSON {
		p.fail("body", body, "no body when json is given (send one or the other)")
	}
	if call.until != "" {
		if _, err := expr.Compile(call.until); err != nil {
			p.fail("until", call.until, fmt.Sprintf("an expression (%v)", err))
		}
	}
	var errs []string
	fill := func(what, s string) string {
		out, err := fillPlaceholders(s, ctx)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", what, err))
		}
		return out
	}
	if p.err() == nil {
		call.url = fill("url", call.url)
		for _, k := range sortedKeys(call.headers) {
			call.headers[k] = fill("headers."+k, call.headers[k])
		}
		body = fill("body", body)
	}
	if len(errs) > 0 {
		r := model.Terminal("http: " + strings.Join(errs, "; "))
		return call, &r
	}
	if p.err() == nil {
		u, err := url.Parse(call.url)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.fail("url", redactURL(call.url), "an absolute http or https URL")
		}
		call.u = u
	}
	if hasJSON && p.err() == nil {
		b, err := json.Marshal(jsonVal)
		if err != nil {
			p.fail("json", fmt.Sprintf("%T", jsonVal), "a JSON value")
		}
		call.body, call.jsonBody = b, true
	} else if body != "" {
		call.body = []byte(body)
	}
	if p.err() != nil {
		r := p.terminal()
		return call, &r
	}
	return call, nil
}

// httpResponse is what the task keeps of a response.
type httpResponse struct {
	status  int
	body    string
	json    any
	headers map[string]any
}

// outputs returns the task outputs; json is included when asked for.
func (r *httpResponse) outputs(withJSON bool) map[string]any {
	out := map[string]any{"status_code": r.status, "body": r.body, "headers": r.headers}
	if withJSON {
		out["json"] = r.json
	}
	return out
}

// send performs the request under its timeout, heartbeating meanwhile.
func (h *HTTP) send(ctx context.Context, call httpCall) (*httpResponse, error) {
	reqCtx, cancel := context.WithTimeout(ctx, call.timeout)
	defer cancel()
	var body io.Reader
	if call.body != nil {
		body = bytes.NewReader(call.body)
	}
	req, err := http.NewRequestWithContext(reqCtx, call.method, call.u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	if call.jsonBody {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, k := range sortedKeys(call.headers) {
		req.Header.Set(k, call.headers[k])
	}
	if slices.Contains(mutatingVerbs, call.method) && req.Header.Get(IdempotencyKeyHeader) == "" && activity.IsActivity(ctx) {
		info := activity.GetInfo(ctx)
		req.Header.Set(IdempotencyKeyHeader, info.WorkflowExecution.ID+"/"+info.ActivityID)
	}
	stop := startHeartbeats(ctx, func() any { return nil })
	defer stop()
	resp, err := h.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	buf := newCappedBuffer(h.maxBody())
	if _, err := io.Copy(buf, resp.Body); err != nil {
		return nil, fmt.Errorf("read response body: %w", err)
	}
	out := &httpResponse{status: resp.StatusCode, headers: map[string]any{}}
	raw := buf.buf.Bytes()
	if !buf.Truncated() {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			out.json = v
		}
	}
	out.body = buf.String()
	for _, k := range sortedKeys(resp.Header) {
		out.headers[k] = strings.Join(resp.Header[k], ", ")
	}
	return out, nil
}

func (h *HTTP) maxBody() int {
	if h.MaxBodyBytes > 0 {
		return h.MaxBodyBytes
	}
	return DefaultMaxOutputBytes
}

func (h *HTTP) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// statusOK applies expected_status, or "below 400" when none is given.
func statusOK(expected []int, status int) bool {
	if len(expected) == 0 {
		return status < 400
	}
	return slices.Contains(expected, status)
}

func describeExpected(expected []int) string {
	if len(expected) == 0 {
		return "below 400"
	}
	return fmt.Sprintf("one of %v", expected)
}

// redactURL hides a password in a URL string for error messages.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return "(unparsable URL)"
}
