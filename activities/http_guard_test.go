package activities

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

// fakeDNS answers from a table, so that no test depends on real DNS.
type fakeDNS map[string][]string

func (f fakeDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, s := range f[host] {
		out = append(out, netip.MustParseAddr(s))
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return out, nil
}

// recordingDialer records every dial and connects only to loopback
// addresses listed in pass; every other dial fails without sending a
// packet, so no test traffic reaches a non-loopback address.
type recordingDialer struct {
	mu    sync.Mutex
	dials []string
	pass  map[string]bool
}

var errNotDialed = errors.New("test dialer: not dialed")

func (d *recordingDialer) dial(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.dials = append(d.dials, address)
	d.mu.Unlock()
	if d.pass[address] {
		var nd net.Dialer
		return nd.DialContext(ctx, network, address)
	}
	return nil, errNotDialed
}

// guardedHTTP returns an http task whose guard uses the fake DNS and the
// recording dialer.
func guardedHTTP(p Policy, dns fakeDNS, d *recordingDialer) *HTTP {
	h := NewHTTP(p)
	h.init()
	h.guard.resolver = dns
	h.guard.dial = d.dial
	return h
}

// TestSSRFGuard pins down the SSRF rule: loopback, private and
// link-local targets are refused before any dial, unless the policy
// allows them; allowed targets are dialled at the checked address.
func TestSSRFGuard(t *testing.T) {
	dns := fakeDNS{
		"localhost":        {"127.0.0.1", "::1"},
		"metadata.cloud":   {"169.254.169.254"},
		"mixed.example":    {"93.184.216.34", "10.0.0.5"},
		"public.example":   {"93.184.216.34"},
		"vault.internal":   {"10.20.30.40"},
		"svc.corp.example": {"172.16.5.5"},
	}
	tests := []struct {
		name     string
		policy   Policy
		url      string
		refused  string // fragment of the TERMINAL message; empty when allowed
		wantDial string // the address dialled when allowed
	}{
		{name: "loopback IPv4 literal is refused", url: "http://127.0.0.1:8080/", refused: "non-public address 127.0.0.1"},
		{name: "loopback IPv6 literal is refused", url: "http://[::1]/", refused: "non-public address ::1"},
		{name: "private 10.x is refused", url: "http://10.1.2.3/", refused: "non-public address 10.1.2.3"},
		{name: "link-local cloud metadata is refused", url: "http://169.254.169.254/latest/meta-data", refused: "non-public address 169.254.169.254"},
		{name: "IPv4-mapped IPv6 private is refused", url: "http://[::ffff:10.0.0.1]/", refused: "non-public address 10.0.0.1"},
		{name: "a name resolving to loopback is refused", url: "http://localhost/", refused: "localhost: it resolves to non-public address 127.0.0.1"},
		{name: "a name resolving to link-local is refused", url: "http://metadata.cloud/", refused: "169.254.169.254"},
		{name: "every resolved address is checked", url: "http://mixed.example/", refused: "non-public address 10.0.0.5"},
		{name: "a public address is dialled at the checked IP", url: "http://public.example/", wantDial: "93.184.216.34:80"},
		{name: "HTTPAllowPrivate allows private targets", policy: Policy{HTTPAllowPrivate: true}, url: "http://10.1.2.3:8080/", wantDial: "10.1.2.3:8080"},
		{name: "HTTPAllowedHosts exempts a host name, dialled at its checked IP", policy: Policy{HTTPAllowedHosts: []string{"vault.internal"}}, url: "https://vault.internal/v1", wantDial: "10.20.30.40:443"},
		{name: "HTTPAllowedHosts wildcard suffix", policy: Policy{HTTPAllowedHosts: []string{"*.corp.example"}}, url: "http://svc.corp.example/", wantDial: "172.16.5.5:80"},
		{name: "HTTPAllowedHosts CIDR prefix", policy: Policy{HTTPAllowedHosts: []string{"10.0.0.0/8"}}, url: "http://10.1.2.3/", wantDial: "10.1.2.3:80"},
		{name: "HTTPAllowedHosts does not exempt other hosts", policy: Policy{HTTPAllowedHosts: []string{"vault.internal"}}, url: "http://10.1.2.3/", refused: "10.1.2.3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &recordingDialer{}
			h := guardedHTTP(tc.policy, dns, d)
			res, err := h.Execute(context.Background(), httpInput(map[string]any{"url": tc.url}))
			if tc.refused != "" {
				require.NoError(t, err)
				assert.Equal(t, model.StatusTerminal, res.Status)
				assert.Contains(t, res.Error, tc.refused)
				assert.Contains(t, res.Error, "SSRF guard")
				assert.Empty(t, d.dials, "the refusal happens before any dial")
				return
			}
			require.Error(t, err, "the recording dialer never connects, so an allowed call fails as a network error")
			assert.True(t, errors.Is(err, errNotDialed), "got %v", err)
			assert.Equal(t, []string{tc.wantDial}, d.dials)
		})
	}
}

// TestSSRFGuardRedirect: a redirect to a private address is checked like
// the first request.
func TestSSRFGuardRedirect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.0.0.1/admin", http.StatusFound)
	}))
	defer srv.Close()
	srvAddr := srv.Listener.Addr().String()
	d := &recordingDialer{pass: map[string]bool{srvAddr: true}}
	h := guardedHTTP(Policy{HTTPAllowedHosts: []string{"127.0.0.1"}}, fakeDNS{}, d)

	res, err := h.Execute(context.Background(), httpInput(map[string]any{"url": srv.URL}))
	require.NoError(t, err)
	assert.Equal(t, model.StatusTerminal, res.Status)
	assert.Contains(t, res.Error, "non-public address 10.0.0.1")
	assert.Equal(t, []string{srvAddr}, d.dials, "only the allowed test server was dialled")
}

func TestIsPublic(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true}, {"2606:2800:220:1::1", true},
		{"127.0.0.1", false}, {"127.5.5.5", false}, {"::1", false}, {"10.0.0.1", false},
		{"172.16.0.1", false}, {"192.168.1.1", false}, {"169.254.169.254", false},
		{"fe80::1", false}, {"fc00::1", false}, {"0.0.0.0", false}, {"::", false},
		{"100.64.0.1", false}, {"224.0.0.1", false}, {"::ffff:192.168.0.1", false},
		{"64:ff9b::a00:1", false},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			assert.Equal(t, tc.want, isPublic(netip.MustParseAddr(tc.addr)))
		})
	}
}
