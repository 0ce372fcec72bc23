package engine

import "github.com/stabilize-go/stabilize/model"

// _completed_branches (§2.2 join tracking) gains one ref per upstream
// completion of a DISCRIMINATOR or N_OF_M join. Rebuilding the list and
// searching it for duplicates at every completion made a wide threshold
// join O(width) per event. The engine instead shares the list like
// _jump_history (ctxCopy), grows it with extendHistory, and keeps, per
// join, the list it last wrote with a set of its refs. The cache holds
// while the join's context still holds that very list (same backing
// array and length); a plan, a reset or a task's context replaces it, and
// the next completion then takes the general path once and caches again.

// branchCache is the last _completed_branches list written on a join and
// the refs it holds.
type branchCache struct {
	list []any
	refs map[string]bool
}

// sameList reports whether a and b are the same list: same backing array
// and length.
func sameList(a, b []any) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// addCompletedBranch appends ref to d's _completed_branches unless it is
// there already.
func (e *Engine) addCompletedBranch(d *model.StageExecution, ref string) {
	i, indexed := e.order[d]
	cur, _ := d.Context[KeyCompletedBranches].([]any)
	if indexed && sameList(cur, e.branches[i].list) {
		c := &e.branches[i]
		if c.refs[ref] {
			return
		}
		c.list = e.extendHistory(c.list, ref)
		c.refs[ref] = true
		e.setCtx(d, KeyCompletedBranches, c.list)
		return
	}
	list, _ := jsonStrings(d.Context[KeyCompletedBranches])
	if containsString(list, ref) {
		return
	}
	vals := make([]any, 0, len(list)+1)
	refs := make(map[string]bool, len(list)+1)
	for _, r := range list {
		vals = append(vals, r)
		refs[r] = true
	}
	vals = e.extendHistory(vals, ref)
	refs[ref] = true
	if indexed {
		e.branches[i] = branchCache{list: vals, refs: refs}
	}
	e.setCtx(d, KeyCompletedBranches, vals)
}
