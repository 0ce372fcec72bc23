package config

// Origin says which layer set a key's effective value.
type Origin uint8

// Origins, from lowest to highest precedence.
const (
	OriginDefault Origin = iota
	OriginFile
	OriginEnv
	OriginFlag
)

var originNames = [...]string{"default", "file", "environment", "flag"}

// String returns "default", "file", "environment" or "flag".
func (o Origin) String() string {
	if int(o) < len(originNames) {
		return originNames[o]
	}
	return "unknown"
}

// MarshalText encodes the origin name.
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }
