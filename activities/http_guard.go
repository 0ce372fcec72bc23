package activities

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
)

// BlockedAddressError is the SSRF guard's refusal: the http task's target
// resolves to an address that is not public, and the worker policy does not
// exempt it. The task turns it into a TERMINAL result.
type BlockedAddressError struct {
	// Host is the host name of the request (or of a redirect).
	Host string
	// Addr is the refused address.
	Addr netip.Addr
}

// Error names the host and the refused address.
func (e *BlockedAddressError) Error() string {
	if e.Host == e.Addr.String() {
		return fmt.Sprintf("refused to connect to non-public address %s (SSRF guard; see Policy.HTTPAllowPrivate and HTTPAllowedHosts)", e.Addr)
	}
	return fmt.Sprintf("refused to connect to %s: it resolves to non-public address %s (SSRF guard; see Policy.HTTPAllowPrivate and HTTPAllowedHosts)", e.Host, e.Addr)
}

// nonPublic are ranges refused beyond what netip classifies: shared
// address space (CGNAT), "this network", benchmarking and IPv4/IPv6
// translation prefixes that can reach private IPv4 space.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2002::/16"),
	netip.MustParsePrefix("fec0::/10"),
}

// isPublic reports whether a is a public unicast address: not loopback,
// private (RFC 1918, fc00::/7), link-local (169.254/16, fe80::/10, cloud
// metadata included), unspecified, multicast or one of nonPublic.
func isPublic(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsGlobalUnicast() || a.IsPrivate() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// resolver is the part of *net.Resolver the guard uses.
type resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// dialGuard is the http task's DialContext: it resolves the host itself,
// checks every address, and dials only addresses it has checked, so that a
// DNS answer cannot change between the check and the connection (DNS
// rebinding). It runs for every connection, redirects included.
type dialGuard struct {
	allowPrivate bool
	rules        []hostRule
	resolver     resolver
	dial         func(ctx context.Context, network, address string) (net.Conn, error)
}

// DialContext resolves, checks, then dials the first reachable address.
func (g *dialGuard) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("split %q: %w", address, err)
	}
	addrs, err := g.resolve(ctx, network, host)
	if err != nil {
		return nil, err
	}
	if err := g.check(host, addrs); err != nil {
		return nil, err
	}
	var errs []error
	for _, a := range addrs {
		conn, err := g.dial(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// resolve returns the addresses of host for the network's family.
func (g *dialGuard) resolve(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	family := "ip"
	switch network {
	case "tcp4":
		family = "ip4"
	case "tcp6":
		family = "ip6"
	}
	addrs, err := g.resolver.LookupNetIP(ctx, family, host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("resolve %s: no addresses", host)
	}
	return addrs, nil
}

// check refuses the connection when any address is not public, unless the
// policy allows private targets or exempts the host or that address. Every
// address is checked, not only the first, since the dialer may fall back
// to any of them.
func (g *dialGuard) check(host string, addrs []netip.Addr) error {
	if g.allowPrivate {
		return nil
	}
	for _, r := range g.rules {
		if r.matchesHost(host) {
			return nil
		}
	}
next:
	for _, a := range addrs {
		if isPublic(a) {
			continue
		}
		for _, r := range g.rules {
			if r.matchesAddr(a) {
				continue next
			}
		}
		return &BlockedAddressError{Host: host, Addr: a.Unmap()}
	}
	return nil
}
