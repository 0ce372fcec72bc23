package devserver

import (
	"fmt"
	"net"
	"strconv"
)

// freePort asks the kernel for a TCP port that is free on ip right now.
func freePort(ip string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, fmt.Errorf("find a free port on %s: %w", ip, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// pickFreePort chooses the server's internal ports: freePort, replaced by
// tests that make a chosen port taken.
var pickFreePort = freePort

// checkPortFree fails with an error naming what and the port when ip:port
// cannot be bound, so a second server on a busy port says which port.
func checkPortFree(what, ip string, port int) error {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("%s port %d on %s is not available: %w", what, port, ip, err)
	}
	return l.Close()
}

// resolvePort returns port when it is set and free, or a free port when it is 0.
func resolvePort(what, ip string, port int) (int, error) {
	if port == 0 {
		return freePort(ip)
	}
	if err := checkPortFree(what, ip, port); err != nil {
		return 0, err
	}
	return port, nil
}
