package ci

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// A pull_request run checks out GITHUB_SHA, the merge commit, which then
// stands for the head; a pull_request_target run's GITHUB_SHA is the base
// branch's tip, which must never stand for the head (it would scan
// nothing).
func TestGitHubPullRequestHeads(t *testing.T) {
	event := filepath.Join(t.TempDir(), "event.json")
	data, _ := json.Marshal(map[string]any{"pull_request": map[string]any{
		"base": map[string]string{"sha": "b0"}, "head": map[string]string{"sha": "h0"}}})
	if err := os.WriteFile(event, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ event, otherHead string }{{"pull_request", "m0"}, {"pull_request_target", ""}} {
		vars := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": tc.event, "GITHUB_EVENT_PATH": event, "GITHUB_SHA": "m0"}
		r, err := Detect(func(k string) string { return vars[k] })
		if err != nil {
			t.Fatal(err)
		}
		if r.Head != "h0" || r.Base != "b0" || !r.BaseIsBranch || r.OtherHead != tc.otherHead {
			t.Errorf("%s: %+v, want head h0, base b0 (a branch), other head %q", tc.event, r, tc.otherHead)
		}
	}
}
