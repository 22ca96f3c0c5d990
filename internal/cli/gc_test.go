package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScansLeaveTheirCollectionTarget: a history scan collects at
// historyGCPercent, a directory scan at the default, and GOGC wins over
// both. The memory limit that bounds start-up's pause is lifted again,
// and start-up collects nothing unless it reaches that limit.
func TestScansLeaveTheirCollectionTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const limit = 1 << 40
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"a.txt": "nothing here\n"}, "first")
	target := func(args ...string) int {
		t.Helper()
		if _, stderr, code := run(t, "", args...); code != ExitClean {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		if got := debug.SetMemoryLimit(-1); got != limit {
			t.Errorf("%v: the memory limit is %d, want %d", args, got, limit)
		}
		return debug.SetGCPercent(100)
	}
	t.Setenv("GOGC", "")
	if got := target("scan", "git", r.Dir); got != historyGCPercent {
		t.Errorf("after a history scan the target is %d, want %d", got, historyGCPercent)
	}
	if got := target("scan", "dir", r.Dir); got != 100 {
		t.Errorf("after a directory scan the target is %d, want 100", got)
	}
	startup := quietStartup()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("start-up collects at %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got >= limit || got < startupHeadroom {
		t.Errorf("start-up's memory limit is %d", got)
	}
	// The scan's target waits for its first collection.
	startup.scanWith(70, true)
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("before its first collection the scan collects at %d", got)
	}
	runtime.GC()
	for start := time.Now(); debug.SetMemoryLimit(-1) != limit && time.Since(start) < 30*time.Second; {
		runtime.Gosched()
	}
	if got := debug.SetGCPercent(100); got != 70 {
		t.Errorf("after its first collection the scan collects at %d, want 70", got)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("after its first collection the memory limit is %d, want %d", got, limit)
	}
	t.Setenv("GOGC", "300")
	if got := target("scan", "git", r.Dir); got != 300 {
		t.Errorf("with GOGC=300 the target is %d", got)
	}
}
