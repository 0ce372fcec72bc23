package engine

import "slices"

// MutexTable is the in-execution lock table behind mutex_key (semantics
// §2.8): one holder per key, and a FIFO of waiting stages per key. Stages
// are named by ref_id. The zero value is an empty table ready for use; its
// exported fields make it plain data that round-trips through JSON, so it
// travels in State across continue-as-new.
//
// The table knows nothing of statuses. The caller keeps it in step with
// the rules of §2.8:
//   - call TryAcquire at the claim step (gate 3/6); false means wait;
//   - call Release when the holder reaches a COMPLETE status (CANCELED
//     included), or when it no longer exists, and re-evaluate the returned
//     waiters in order; a holder reset to NOT_STARTED by a jump keeps the
//     lock;
//   - call Withdraw when a waiting stage leaves NOT_STARTED some other way
//     (skipped, canceled), so it is not handed the lock later.
type MutexTable struct {
	// Holders maps a mutex key to the ref_id of the stage holding it.
	Holders map[string]string `json:"holders,omitempty"`
	// Waiters maps a mutex key to the ref_ids waiting for it, in the order
	// they started waiting (ties in definition order, as the caller
	// evaluates stages in that order).
	Waiters map[string][]string `json:"waiters,omitempty"`
}

// TryAcquire gives key to ref when nobody holds it or ref already does (a
// stage re-taking its own claim succeeds), and reports true. Otherwise ref
// joins the key's waiters (once) and TryAcquire reports false (MUTEX-1).
func (m *MutexTable) TryAcquire(key, ref string) bool {
	if h, held := m.Holders[key]; held && h != ref {
		if !slices.Contains(m.Waiters[key], ref) {
			if m.Waiters == nil {
				m.Waiters = map[string][]string{}
			}
			m.Waiters[key] = append(m.Waiters[key], ref)
		}
		return false
	}
	if m.Holders == nil {
		m.Holders = map[string]string{}
	}
	m.Holders[key] = ref
	m.dropWaiter(key, ref)
	return true
}

// Release frees key when ref holds it and returns a copy of the key's
// waiters, oldest first: the stages the caller must evaluate again, in that
// order (MUTEX-2). The first to reach the claim takes the lock through
// TryAcquire; the others stay queued in place. Release by a stage that does
// not hold key only withdraws it from the key's waiters and returns nil.
func (m *MutexTable) Release(key, ref string) []string {
	if h, held := m.Holders[key]; !held || h != ref {
		m.dropWaiter(key, ref)
		return nil
	}
	delete(m.Holders, key)
	return slices.Clone(m.Waiters[key])
}

// Holder returns the ref_id holding key, and whether anyone does.
func (m *MutexTable) Holder(key string) (string, bool) {
	h, ok := m.Holders[key]
	return h, ok
}

// Withdraw removes ref from the waiters of key. Use it when a waiting stage
// is skipped or canceled instead of taking the lock.
func (m *MutexTable) Withdraw(key, ref string) { m.dropWaiter(key, ref) }

func (m *MutexTable) dropWaiter(key, ref string) {
	w := slices.DeleteFunc(m.Waiters[key], func(r string) bool { return r == ref })
	if len(w) == 0 {
		delete(m.Waiters, key)
		return
	}
	m.Waiters[key] = w
}
