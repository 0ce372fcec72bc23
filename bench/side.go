package bench

import "fmt"

// Side is who runs a shape: the interpreter, or the hand-written twin in
// one of its modes.
type Side uint8

// The sides Run accepts.
const (
	// SideInterpreter runs the shape's definition with StabilizeWorkflow
	// and its defaults (the pure built-ins noop and fail as local
	// activities).
	SideInterpreter Side = iota
	// SideHandWritten runs TwinWorkflow with regular activities.
	SideHandWritten
	// SideHandWrittenLocal runs TwinWorkflow with local activities.
	SideHandWrittenLocal
	// SideHandWrittenInline runs TwinWorkflow evaluating noop in the
	// workflow; it refuses shapes with http tasks.
	SideHandWrittenInline
	// SideInterpreterRegular runs the shape's definition with
	// StabilizeWorkflow, every noop stage a regular activity
	// (Shape.Regular): the interpreter's twin of SideHandWritten, where
	// SideInterpreter (noop as a local activity, the default) is the twin
	// of SideHandWrittenLocal.
	SideInterpreterRegular
)

var sideNames = [...]string{
	SideInterpreter:        "interpreter",
	SideHandWritten:        "hand-written",
	SideHandWrittenLocal:   "hand-local",
	SideHandWrittenInline:  "hand-inline",
	SideInterpreterRegular: "interpreter-regular",
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

// interpreted says whether the side runs StabilizeWorkflow.
func (s Side) interpreted() bool {
	return s == SideInterpreter || s == SideInterpreterRegular
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
