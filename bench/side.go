package bench

import "fmt"

// Side is who runs a shape: the interpreter, or the hand-written twin in
// one of its modes.
type Side uint8

// The sides Run accepts.
const (
	// SideInterpreter runs the shape's definition with StabilizeWorkflow.
	SideInterpreter Side = iota
	// SideHandWritten runs TwinWorkflow with regular activities.
	SideHandWritten
	// SideHandWrittenLocal runs TwinWorkflow with local activities.
	SideHandWrittenLocal
	// SideHandWrittenInline runs TwinWorkflow evaluating noop in the
	// workflow; it refuses shapes with http tasks.
	SideHandWrittenInline
)

var sideNames = [...]string{
	SideInterpreter:       "interpreter",
	SideHandWritten:       "hand-written",
	SideHandWrittenLocal:  "hand-local",
	SideHandWrittenInline: "hand-inline",
}

// String returns the side's name, e.g. "hand-written".
func (s Side) String() string {
	if int(s) < len(sideNames) {
		return sideNames[s]
	}
	return fmt.Sprintf("Side(%d)", uint8(s))
}

// ParseSide returns the side called name (see String).
func ParseSide(name string) (Side, error) {
	for i, n := range sideNames {
		if n == name {
			return Side(i), nil
		}
	}
	return 0, fmt.Errorf("unknown side %q: expected one of %v", name, sideNames)
}

// mode returns the twin's task mode for a hand-written side.
func (s Side) mode() Mode {
	switch s {
	case SideHandWrittenLocal:
		return ModeLocal
	case SideHandWrittenInline:
		return ModeInline
	default:
		return ModeActivity
	}
}

// appliesTo says whether the side can run the shape: only noop tasks run
// inline.
func (s Side) appliesTo(sh Shape) bool {
	return s != SideHandWrittenInline || sh.Kind != KindHTTPFan
}
