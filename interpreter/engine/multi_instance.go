package engine

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/stabilize-go/stabilize/model"
)

// Context keys of multi-instance stages (semantics §4.8, §9).
const (
	// KeyMIParentRefID names an instance's parent stage.
	KeyMIParentRefID = "_mi_parent_ref_id"
	// KeyMIInstanceIndex is an instance's 0-based index.
	KeyMIInstanceIndex = "_mi_instance_index"
	// MIItemKey is the context key that receives an instance's collection
	// item (Stabilize's default item_context_key).
	MIItemKey = "item"
	// DefaultMaxInstances caps an expansion when Options.MaxInstances is 0.
	DefaultMaxInstances = 1000
)

// ErrAddInstanceRefused is wrapped by the errors of CanAddInstance and
// AddInstance when semantics §9.4 refuses a dynamic instance; the
// add_instance update returns it to its caller.
var ErrAddInstanceRefused = errors.New("add instance refused")

// InstanceRef returns the ref_id of instance i of the stage parentRef:
// "<parentRef>_instance_<i>".
func InstanceRef(parentRef string, i int) string {
	return parentRef + "_instance_" + strconv.Itoa(i)
}

// MIJoinRef returns the ref_id of the join stage that synchronizes the
// instances of parentRef: "<parentRef>_mi_join".
func MIJoinRef(parentRef string) string { return parentRef + "_mi_join" }

// ExpandMultiInstance builds the stages that parent's mi_config fans out
// into when parent completes (semantics §9.1, §9.2, Go rule: expansion at
// run time). merged is parent's context with its outputs laid over it,
// where count_from_context and collection_from_context are read. The
// instance count n comes from, in this order:
//
//   - collection_from_context: the value must be a list (an empty list gives
//     no instances); instance i gets context["item"] = items[i];
//   - count_from_context: the value must be an integer (a JSON number or a
//     numeric string, as Python's int()); n ≤ 0 gives no instances;
//   - count.
//
// Instance i is "<p>_instance_<i>": name "Instance [i]", parent's type, a
// copy of parent's tasks reset to NOT_STARTED, requisites {p}, context
// {_mi_parent_ref_id: p, _mi_instance_index: i} (parent's own context is
// not copied; it reaches instances as upstream outputs). With
// sync_on_complete, and n > 0 or allow_dynamic, a join "<p>_mi_join" (type
// noop, name "<P.name> [MI Join]", requisites = every instance, N_OF_M when
// mi_config.join_threshold > 0, else AND) follows; with zero instances it
// has no requisites and fires at once.
//
// Ids are derived from parent's id and the new ref, never random, because
// this runs inside the workflow. parent is not modified. A missing or
// ill-typed count or collection, or n over maxInstances (≤ 0 means
// DefaultMaxInstances), is an error: the caller makes parent TERMINAL with
// it as the reason. A parent without mi_config expands to nothing.
func ExpandMultiInstance(parent *model.StageExecution, merged map[string]any, maxInstances int) ([]*model.StageExecution, error) {
	cfg := parent.MIConfig
	if cfg == nil {
		return nil, nil
	}
	if maxInstances <= 0 {
		maxInstances = DefaultMaxInstances
	}
	n, items, err := miCount(cfg, merged)
	if err != nil {
		return nil, fmt.Errorf("expand multi-instance %s: %w", parent.RefID, err)
	}
	if n > maxInstances {
		return nil, fmt.Errorf("expand multi-instance %s: %d instances exceed the cap of %d", parent.RefID, n, maxInstances)
	}
	out := make([]*model.StageExecution, 0, n+1)
	joinReqs := make([]string, 0, n)
	for i := range n {
		ctx := map[string]any{}
		if items != nil {
			ctx[MIItemKey] = model.CloneValue(items[i])
		}
		inst := miNewInstance(parent, i, fmt.Sprintf("Instance [%d]", i), ctx)
		out = append(out, inst)
		joinReqs = append(joinReqs, inst.RefID)
	}
	if cfg.SyncOnComplete && (n > 0 || cfg.AllowDynamic) {
		out = append(out, miNewJoin(parent, joinReqs))
	}
	return out, nil
}

// miCount reads n (and the items of a collection) from merged.
func miCount(cfg *model.MultiInstanceConfig, merged map[string]any) (int, []any, error) {
	switch {
	case cfg.CollectionFromContext != "":
		key := cfg.CollectionFromContext
		v, found := merged[key]
		if !found || v == nil {
			return 0, nil, fmt.Errorf("collection_from_context: context key %q is missing", key)
		}
		items, ok := v.([]any)
		if !ok {
			if strs, isStrs := v.([]string); isStrs {
				for _, s := range strs {
					items = append(items, s)
				}
				ok = true
			}
		}
		if !ok {
			return 0, nil, fmt.Errorf("collection_from_context: context key %q: expected a list, got %T", key, v)
		}
		if items == nil {
			items = []any{}
		}
		return len(items), items, nil
	case cfg.CountFromContext != "":
		key := cfg.CountFromContext
		v, found := merged[key]
		if !found || v == nil {
			return 0, nil, fmt.Errorf("count_from_context: context key %q is missing", key)
		}
		n, ok := jsonInt(v)
		if !ok {
			return 0, nil, fmt.Errorf("count_from_context: context key %q: expected an integer, got %#v", key, v)
		}
		return max(n, 0), nil, nil
	}
	return max(cfg.Count, 0), nil, nil
}

// CanAddInstance reports why semantics §9.4 refuses a dynamic instance of
// parent, or nil when AddInstance would accept it. existing is every stage
// of the workflow. It is refused when parent has no mi_config, when
// allow_dynamic is false, or when the instances' join has fired (left
// NOT_STARTED). The errors wrap ErrAddInstanceRefused.
func CanAddInstance(parent *model.StageExecution, existing []*model.StageExecution) error {
	switch {
	case parent.MIConfig == nil:
		return fmt.Errorf("%w: stage %s has no mi_config", ErrAddInstanceRefused, parent.RefID)
	case !parent.MIConfig.AllowDynamic:
		return fmt.Errorf("%w: stage %s has mi_config.allow_dynamic false", ErrAddInstanceRefused, parent.RefID)
	}
	if j := dagFind(existing, MIJoinRef(parent.RefID)); j != nil && j.Status != model.StatusNotStarted {
		return fmt.Errorf("%w: join %s of stage %s has already fired (status %s)",
			ErrAddInstanceRefused, j.RefID, parent.RefID, j.Status)
	}
	return nil
}

// AddInstance creates the next dynamic instance of parent (semantics §9.4,
// Go rules): n is the number of instances parent has so far in existing
// (every stage of the workflow), so indexes run 0, 1, 2, ... without gaps;
// the stage is "<p>_instance_<n>", name "<P.name> [instance <n>]", parent's
// type and tasks, requisites {p}, context = a copy of ctx plus
// {_mi_parent_ref_id: p, _mi_instance_index: n}. With sync_on_complete the
// new ref is appended to the requisites of "<p>_mi_join" in existing, so
// the join waits for it.
//
// Call it only after ExpandMultiInstance has run for parent (its stages
// included in existing): requests that arrive earlier are queued by the
// caller and applied right after the expansion. Refusals (CanAddInstance)
// wrap ErrAddInstanceRefused.
func AddInstance(parent *model.StageExecution, existing []*model.StageExecution, ctx map[string]any) (*model.StageExecution, error) {
	if err := CanAddInstance(parent, existing); err != nil {
		return nil, err
	}
	n := 0
	for _, s := range existing {
		if s.Context[KeyMIParentRefID] == parent.RefID && !s.IsSynthetic() && s.RefID != MIJoinRef(parent.RefID) {
			n++
		}
	}
	ref := InstanceRef(parent.RefID, n)
	if dagFind(existing, ref) != nil {
		return nil, fmt.Errorf("%w: stage %s already exists", ErrAddInstanceRefused, ref)
	}
	c := model.CloneMap(ctx)
	if c == nil {
		c = map[string]any{}
	}
	inst := miNewInstance(parent, n, fmt.Sprintf("%s [instance %d]", parent.Name, n), c)
	if parent.MIConfig.SyncOnComplete {
		if j := dagFind(existing, MIJoinRef(parent.RefID)); j != nil {
			j.RequisiteStageRefIDs = append(j.RequisiteStageRefIDs, ref)
		}
	}
	return inst, nil
}

// miNewInstance builds instance i of parent with the given name and context
// (the _mi_* keys are added to ctx).
func miNewInstance(parent *model.StageExecution, i int, name string, ctx map[string]any) *model.StageExecution {
	ctx[KeyMIParentRefID] = parent.RefID
	ctx[KeyMIInstanceIndex] = float64(i)
	s := miDerivedStage(parent, InstanceRef(parent.RefID, i), parent.Type, name, ctx, []string{parent.RefID})
	for k, t := range parent.Tasks {
		s.Tasks = append(s.Tasks, &model.TaskExecution{
			ID:                miTaskID(s, k),
			Name:              t.Name,
			ImplementingClass: t.ImplementingClass,
			Status:            model.StatusNotStarted,
			StageStart:        t.StageStart,
			StageEnd:          t.StageEnd,
			LoopStart:         t.LoopStart,
			LoopEnd:           t.LoopEnd,
		})
	}
	if len(s.Tasks) == 0 {
		s.Tasks = append(s.Tasks, miDefaultTask(s, parent.Type))
	}
	return s
}

// miNewJoin builds "<p>_mi_join" over the given instance refs.
func miNewJoin(parent *model.StageExecution, reqs []string) *model.StageExecution {
	j := miDerivedStage(parent, MIJoinRef(parent.RefID), model.TaskNoop, parent.Name+" [MI Join]",
		map[string]any{}, reqs)
	if t := parent.MIConfig.JoinThreshold; t > 0 {
		j.JoinType, j.JoinThreshold = model.JoinNOfM, t
	}
	j.Tasks = []*model.TaskExecution{miDefaultTask(j, model.TaskNoop)}
	return j
}

// miDerivedStage returns a NOT_STARTED top-level stage whose id is derived
// from parent's id and ref.
func miDerivedStage(parent *model.StageExecution, ref, typ, name string, ctx map[string]any, reqs []string) *model.StageExecution {
	return &model.StageExecution{
		ID:                   parent.ID + ":" + ref,
		RefID:                ref,
		Type:                 typ,
		Name:                 name,
		Status:               model.StatusNotStarted,
		Context:              ctx,
		Outputs:              map[string]any{},
		Tasks:                []*model.TaskExecution{},
		RequisiteStageRefIDs: reqs,
	}
}

// miDefaultTask is the one task of a stage without declared tasks
// (definition-format.md: implementing_class = type).
func miDefaultTask(s *model.StageExecution, class string) *model.TaskExecution {
	return &model.TaskExecution{
		ID: miTaskID(s, 0), Name: class, ImplementingClass: class,
		Status: model.StatusNotStarted, StageStart: true, StageEnd: true,
	}
}

// miTaskID is the id of task k of a derived stage.
func miTaskID(s *model.StageExecution, k int) string {
	return s.ID + "/" + strconv.Itoa(k)
}
