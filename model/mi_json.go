package model

import "encoding/json"

// UnmarshalJSON decodes a MultiInstanceConfig with sync_on_complete
// defaulting to true when the field is absent, Stabilize's default.
func (c *MultiInstanceConfig) UnmarshalJSON(b []byte) error {
	type plain MultiInstanceConfig
	p := plain{SyncOnComplete: true}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = MultiInstanceConfig(p)
	return nil
}
