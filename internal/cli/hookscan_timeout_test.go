package cli

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestPreReceiveBudgetNamesAKilledGit: when the time budget of a
// pre-receive scan ran out while git was running, the scan's error was
// git's ("git rev-parse failed: no message from git"), not the deadline,
// so the push was refused as a failed scan (exit 2) although the budget
// lets it through with a warning. Any failure after the deadline is now
// the budget's; before it, a failure stays a failure.
func TestPreReceiveBudgetNamesAKilledGit(t *testing.T) {
	killed := errors.New("git rev-parse failed: no message from git")
	budget := &scanFlags{onTimeout: func() error { return nil }}
	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	if !budget.outOfTime(expired, killed) {
		t.Error("git killed by the deadline is not counted as out of time")
	}
	if budget.outOfTime(context.Background(), killed) {
		t.Error("a failure within the budget is counted as out of time")
	}
	if (&scanFlags{}).outOfTime(expired, killed) {
		t.Error("a scan without a budget is counted as out of time")
	}
}
