package graph

import "github.com/stabilize-go/stabilize/model"

// statusColor is the fill and stroke of a node in one status.
type statusColor struct{ fill, stroke string }

// statusColors is indexed by model.WorkflowStatus.
var statusColors = [...]statusColor{
	model.StatusNotStarted:     {"#ffffff", "#8a94a3"},
	model.StatusRunning:        {"#dbeafe", "#2563eb"},
	model.StatusPaused:         {"#fef9c3", "#a16207"},
	model.StatusSuspended:      {"#fde68a", "#d97706"},
	model.StatusSucceeded:      {"#dcfce7", "#16a34a"},
	model.StatusFailedContinue: {"#ffedd5", "#ea580c"},
	model.StatusTerminal:       {"#fee2e2", "#dc2626"},
	model.StatusCanceled:       {"#e5e7eb", "#4b5563"},
	model.StatusRedirect:       {"#ede9fe", "#7c3aed"},
	model.StatusStopped:        {"#fecaca", "#991b1b"},
	model.StatusSkipped:        {"#f3f4f6", "#9ca3af"},
	model.StatusBuffered:       {"#e0f2fe", "#0284c7"},
}

// StatusColors returns the fill and stroke colours (CSS hex) of a stage in
// status s, as every format draws it. An unknown status gets the colours
// of NOT_STARTED.
func StatusColors(s model.WorkflowStatus) (fill, stroke string) {
	if int(s) >= len(statusColors) {
		s = model.StatusNotStarted
	}
	c := statusColors[s]
	return c.fill, c.stroke
}

// usedStatuses returns the statuses other than NOT_STARTED that some
// stage of d holds, in declaration order.
func (d *diagram) usedStatuses() []model.WorkflowStatus {
	var out []model.WorkflowStatus
	for _, s := range model.AllStatuses() {
		if s == model.StatusNotStarted {
			continue
		}
		for _, n := range d.nodes {
			if n.stage.Status == s {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// hasWithdrawn reports whether some stage of d is withdrawn.
func (d *diagram) hasWithdrawn() bool {
	for _, n := range d.nodes {
		if n.stage.Withdrawn {
			return true
		}
	}
	return false
}
