package engine

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// ptMIParent returns a SUCCEEDED stage "p" with the given mi_config and two
// declared tasks.
func ptMIParent(cfg model.MultiInstanceConfig) *model.StageExecution {
	p := ptStage("p", ptSuc)
	p.ID, p.Name, p.Type = "01P", "Fan", "shell"
	p.Tasks = []*model.TaskExecution{
		{ID: "t0", Name: "prep", ImplementingClass: "shell", Status: ptSuc, StageStart: true},
		{ID: "t1", Name: "work", ImplementingClass: "http", Status: ptSuc, StageEnd: true},
	}
	p.MIConfig = &cfg
	return p
}

func TestExpandMultiInstance(t *testing.T) {
	tests := []struct {
		name     string
		cfg      model.MultiInstanceConfig
		merged   map[string]any
		max      int
		wantRefs []string
		wantJoin model.JoinType
		wantN    int    // join threshold
		wantErr  string // substring
	}{
		{"MI-1 fixed count with AND join", model.MultiInstanceConfig{Count: 2, SyncOnComplete: true}, nil, 0,
			[]string{"p_instance_0", "p_instance_1", "p_mi_join"}, model.JoinAnd, 0, ""},
		{"MI-1 join_threshold makes an N_OF_M join", model.MultiInstanceConfig{Count: 3, SyncOnComplete: true, JoinThreshold: 2}, nil, 0,
			[]string{"p_instance_0", "p_instance_1", "p_instance_2", "p_mi_join"}, model.JoinNOfM, 2, ""},
		{"MI-1 no sync: no join stage", model.MultiInstanceConfig{Count: 2}, nil, 0,
			[]string{"p_instance_0", "p_instance_1"}, 0, 0, ""},
		{"MI-2 count_from_context read from context + outputs", model.MultiInstanceConfig{CountFromContext: "n", SyncOnComplete: true},
			map[string]any{"n": 2.0}, 0, []string{"p_instance_0", "p_instance_1", "p_mi_join"}, model.JoinAnd, 0, ""},
		{"MI-2 count_from_context as a numeric string (Python int())", model.MultiInstanceConfig{CountFromContext: "n"},
			map[string]any{"n": "1"}, 0, []string{"p_instance_0"}, 0, 0, ""},
		{"MI-2 count_from_context <= 0 gives no stages", model.MultiInstanceConfig{CountFromContext: "n", SyncOnComplete: true},
			map[string]any{"n": 0.0}, 0, []string{}, 0, 0, ""},
		{"MI-2 collection: one instance per item", model.MultiInstanceConfig{CollectionFromContext: "items", SyncOnComplete: true},
			map[string]any{"items": []any{"a", "b"}}, 0, []string{"p_instance_0", "p_instance_1", "p_mi_join"}, model.JoinAnd, 0, ""},
		{"MI-2 empty collection gives no stages", model.MultiInstanceConfig{CollectionFromContext: "items", SyncOnComplete: true},
			map[string]any{"items": []any{}}, 0, []string{}, 0, 0, ""},
		{"MI-3 allow_dynamic with zero instances still creates the join", model.MultiInstanceConfig{SyncOnComplete: true, AllowDynamic: true},
			nil, 0, []string{"p_mi_join"}, model.JoinAnd, 0, ""},
		{"MI-2 missing count key is an error", model.MultiInstanceConfig{CountFromContext: "n"}, map[string]any{}, 0,
			nil, 0, 0, `count_from_context: context key "n" is missing`},
		{"MI-2 non-integer count is an error", model.MultiInstanceConfig{CountFromContext: "n"}, map[string]any{"n": 2.5}, 0,
			nil, 0, 0, "expected an integer, got 2.5"},
		{"MI-2 collection that is not a list is an error", model.MultiInstanceConfig{CollectionFromContext: "items"},
			map[string]any{"items": "abc"}, 0, nil, 0, 0, `context key "items": expected a list, got string`},
		{"§9.1 over the cap is an error", model.MultiInstanceConfig{Count: 3}, nil, 2,
			nil, 0, 0, "3 instances exceed the cap of 2"},
		{"§9.1 default cap is 1000", model.MultiInstanceConfig{Count: 1001}, nil, 0,
			nil, 0, 0, "exceed the cap of 1000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := ptMIParent(tc.cfg)
			got, err := ExpandMultiInstance(p, tc.merged, tc.max)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "expand multi-instance p: ") {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r := ptRefs(got); !slices.Equal(r, tc.wantRefs) {
				t.Fatalf("refs = %v, want %v", r, tc.wantRefs)
			}
			if j := dagFind(got, "p_mi_join"); j != nil && (j.JoinType != tc.wantJoin || j.JoinThreshold != tc.wantN) {
				t.Fatalf("join = %v/%d, want %v/%d", j.JoinType, j.JoinThreshold, tc.wantJoin, tc.wantN)
			}
		})
	}
}

func TestExpandMultiInstanceShapes(t *testing.T) {
	p := ptMIParent(model.MultiInstanceConfig{CollectionFromContext: "items", SyncOnComplete: true})
	p.Context["secret"] = "not copied"
	items := []any{map[string]any{"k": 1.0}, "b"}
	got, err := ExpandMultiInstance(p, map[string]any{"items": items}, 0)
	if err != nil {
		t.Fatal(err)
	}
	inst, join := got[0], got[2]
	t.Run("MI-1 §9.1 instance shape", func(t *testing.T) {
		want := &model.StageExecution{
			ID: "01P:p_instance_0", RefID: "p_instance_0", Type: "shell", Name: "Instance [0]", Status: ptNst,
			Context: map[string]any{KeyMIParentRefID: "p", KeyMIInstanceIndex: 0.0, MIItemKey: map[string]any{"k": 1.0}},
			Outputs: map[string]any{}, RequisiteStageRefIDs: []string{"p"},
			Tasks: []*model.TaskExecution{
				{ID: "01P:p_instance_0/0", Name: "prep", ImplementingClass: "shell", Status: ptNst, StageStart: true},
				{ID: "01P:p_instance_0/1", Name: "work", ImplementingClass: "http", Status: ptNst, StageEnd: true},
			},
		}
		if !reflect.DeepEqual(inst, want) {
			t.Fatalf("instance = %+v\nwant %+v", inst, want)
		}
	})
	t.Run("MI-2 the item is a copy, not an alias of the parent's value", func(t *testing.T) {
		inst.Context[MIItemKey].(map[string]any)["k"] = 2.0
		if items[0].(map[string]any)["k"] != 1.0 {
			t.Fatal("item aliased")
		}
	})
	t.Run("MI-1 §9.1 join shape", func(t *testing.T) {
		if join.ID != "01P:p_mi_join" || join.Type != "noop" || join.Name != "Fan [MI Join]" ||
			!slices.Equal(join.RequisiteStageRefIDs, []string{"p_instance_0", "p_instance_1"}) ||
			len(join.Tasks) != 1 || join.Tasks[0].ImplementingClass != "noop" {
			t.Fatalf("join = %+v", join)
		}
	})
	t.Run("§9.1 deterministic: same input, same stages", func(t *testing.T) {
		again, _ := ExpandMultiInstance(p, map[string]any{"items": []any{map[string]any{"k": 2.0}, "b"}}, 0)
		if !reflect.DeepEqual(again, got) {
			t.Fatal("second expansion differs")
		}
	})
	t.Run("§9.1 no mi_config expands to nothing", func(t *testing.T) {
		if got, err := ExpandMultiInstance(ptStage("q", ptSuc), nil, 0); got != nil || err != nil {
			t.Fatalf("got %v, %v", got, err)
		}
	})
}

func TestAddInstance(t *testing.T) {
	expand := func(cfg model.MultiInstanceConfig) (*model.StageExecution, []*model.StageExecution) {
		p := ptMIParent(cfg)
		stages, err := ExpandMultiInstance(p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		return p, append([]*model.StageExecution{p}, stages...)
	}
	t.Run("MI-3 create_dynamic(0): first dynamic instance is p_instance_0, joined", func(t *testing.T) {
		p, all := expand(model.MultiInstanceConfig{SyncOnComplete: true, AllowDynamic: true})
		inst, err := AddInstance(p, all, map[string]any{"x": 1.0})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"x": 1.0, KeyMIParentRefID: "p", KeyMIInstanceIndex: 0.0}
		if inst.RefID != "p_instance_0" || inst.Name != "Fan [instance 0]" || !reflect.DeepEqual(inst.Context, want) ||
			!slices.Equal(inst.RequisiteStageRefIDs, []string{"p"}) || len(inst.Tasks) != 2 {
			t.Fatalf("instance = %+v", inst)
		}
		if j := dagFind(all, "p_mi_join"); !slices.Equal(j.RequisiteStageRefIDs, []string{"p_instance_0"}) {
			t.Fatalf("join requisites = %v", j.RequisiteStageRefIDs)
		}
	})
	t.Run("MI-4 create_dynamic(1) keeps allow_dynamic: next index is 1, no gap", func(t *testing.T) {
		p, all := expand(model.MultiInstanceConfig{Count: 1, SyncOnComplete: true, AllowDynamic: true})
		inst, err := AddInstance(p, all, nil)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, inst)
		inst2, err := AddInstance(p, all, nil)
		if err != nil {
			t.Fatal(err)
		}
		if inst.RefID != "p_instance_1" || inst2.RefID != "p_instance_2" {
			t.Fatalf("refs = %s, %s", inst.RefID, inst2.RefID)
		}
		if j := dagFind(all, "p_mi_join"); !slices.Equal(j.RequisiteStageRefIDs, []string{"p_instance_0", "p_instance_1", "p_instance_2"}) {
			t.Fatalf("join requisites = %v", j.RequisiteStageRefIDs)
		}
	})
	t.Run("MI-3 no sync: the instance is a sink, nothing else changes", func(t *testing.T) {
		p, all := expand(model.MultiInstanceConfig{Count: 1, AllowDynamic: true})
		inst, err := AddInstance(p, all, nil)
		if err != nil || inst.RefID != "p_instance_1" || len(all) != 2 {
			t.Fatalf("got %v, %v (stages %v)", inst, err, ptRefs(all))
		}
	})
	refusals := []struct {
		name    string
		cfg     *model.MultiInstanceConfig
		fire    bool
		wantMsg string
	}{
		{"MI-3 refused without mi_config", nil, false, "has no mi_config"},
		{"MI-3 refused when allow_dynamic is false", &model.MultiInstanceConfig{Count: 1, SyncOnComplete: true}, false, "allow_dynamic false"},
		{"MI-3 refused after the join fired", &model.MultiInstanceConfig{Count: 1, SyncOnComplete: true, AllowDynamic: true}, true, "has already fired"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			p := ptMIParent(model.MultiInstanceConfig{})
			p.MIConfig = tc.cfg
			all := []*model.StageExecution{p}
			if tc.cfg != nil {
				stages, _ := ExpandMultiInstance(p, nil, 0)
				all = append(all, stages...)
			}
			if tc.fire {
				dagFind(all, "p_mi_join").Status = ptRun
			}
			_, err := AddInstance(p, all, nil)
			if !errors.Is(err, ErrAddInstanceRefused) || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Fatalf("err = %v, want ErrAddInstanceRefused containing %q", err, tc.wantMsg)
			}
			if CanAddInstance(p, all) == nil {
				t.Fatal("CanAddInstance accepted a refused request")
			}
		})
	}
}
