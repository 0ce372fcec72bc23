package devserver

import (
	"context"
	"net"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStartChoosesPortsAgainWhenOneIsTaken makes the first internal port
// the server is given one that another listener holds, as happens when
// another process takes a chosen port before the server binds it: Start
// must choose again and come up, not fail.
func TestStartChoosesPortsAgainWhenOneIsTaken(t *testing.T) {
	taken, err := net.Listen("tcp", net.JoinHostPort(DefaultIP, "0"))
	require.NoError(t, err)
	defer taken.Close()
	var calls atomic.Int32
	pickFreePort = func(ip string) (int, error) {
		if calls.Add(1) == 1 {
			return taken.Addr().(*net.TCPAddr).Port, nil
		}
		return freePort(ip)
	}
	t.Cleanup(func() { pickFreePort = freePort })

	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := Start(ctx, Options{UIPort: -1})
	require.NoError(t, err, "a port taken between choosing and binding it must not fail Start")
	defer func() { require.NoError(t, s.Stop()) }()
	require.Greater(t, calls.Load(), int32(4), "the internal ports were chosen a second time")
}

func TestAddressInUse(t *testing.T) {
	l, err := net.Listen("tcp", net.JoinHostPort(DefaultIP, "0"))
	require.NoError(t, err)
	defer l.Close()
	_, err = net.Listen("tcp", l.Addr().String())
	require.Error(t, err)
	require.True(t, addressInUse(err), "a bind error: %v", err)
	require.False(t, addressInUse(context.DeadlineExceeded))
}
