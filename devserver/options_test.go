package devserver

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOptionsDefaults(t *testing.T) {
	got, err := Options{}.withDefaults()
	require.NoError(t, err)
	require.Equal(t, Options{IP: DefaultIP, Namespace: DefaultNamespace, LogLevel: DefaultLogLevel}, got)
}

func TestOptionsInvalid(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"Port above 65535", Options{Port: 70000}, "Port must be 0..65535, got 70000"},
		{"UIPort below -1", Options{UIPort: -2}, "UIPort must be -1..65535, got -2"},
		{"unknown LogLevel", Options{LogLevel: "loud"}, `LogLevel: want debug, info, warn or error, got "loud"`},
		{"empty extra namespace", Options{ExtraNamespaces: []string{" "}}, `ExtraNamespaces[0] must not be empty, got " "`},
		{"extra namespace repeats the namespace", Options{ExtraNamespaces: []string{"default"}}, `ExtraNamespaces[0]: duplicate namespace "default"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.opts.withDefaults()
			require.ErrorContains(t, err, tc.want)
		})
	}
}
