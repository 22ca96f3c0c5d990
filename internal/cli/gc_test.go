package cli

import (
	"runtime"
	"runtime/debug"
	"strings"
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
	startup.scanWith(70, true, 0)
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

// TestMemoryBoundYieldsToTheWorkingSet: the bound is the runtime's memory
// limit while the scan runs, rises to an eighth above a live heap that
// comes near it, and the limit from before is back when it stops.
func TestMemoryBoundYieldsToTheWorkingSet(t *testing.T) {
	const before = 1 << 40
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(before))
	runtime.GC()
	bound := heapLive() + 4<<20
	b := &memoryBound{limit: bound}
	b.start()
	if got := debug.SetMemoryLimit(-1); got != bound {
		t.Fatalf("the limit is %d, want the bound %d", got, bound)
	}
	held := make([]byte, 32<<20) // live, and more than the bound leaves
	for i := range held {
		held[i] = byte(i)
	}
	runtime.GC()
	raised := false
	for start := time.Now(); !raised && time.Since(start) < 30*time.Second; {
		runtime.Gosched()
		raised = debug.SetMemoryLimit(-1) > bound
	}
	if !raised {
		t.Fatalf("with %d live the limit stayed at %d", heapLive(), debug.SetMemoryLimit(-1))
	}
	if got, live := debug.SetMemoryLimit(-1), heapLive(); got < live {
		t.Errorf("the raised limit %d is below the live heap %d", got, live)
	}
	runtime.KeepAlive(held)
	b.stop(before)
	runtime.GC()
	runtime.GC()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after stop the limit is %d, want %d", got, before)
	}
}

// TestMemoryLimitFlag: --memory-limit takes a size or 0, GOMEMLIMIT
// stands in for the default, and anything else is an error, exit 2.
func TestMemoryLimitFlag(t *testing.T) {
	for _, tc := range []struct {
		flag, env string
		want      int64
	}{
		{"", "", defaultMemoryBound},
		{"512MiB", "", 512 << 20},
		{"0", "", 0},
		{"", "1GiB", 0},
		{"64MiB", "1GiB", 64 << 20},
	} {
		t.Setenv("GOMEMLIMIT", tc.env)
		f := &scanFlags{memoryLimit: tc.flag}
		if got, err := f.memoryBound(); err != nil || got != tc.want {
			t.Errorf("--memory-limit %q, GOMEMLIMIT %q: %d, %v; want %d", tc.flag, tc.env, got, err, tc.want)
		}
	}
	t.Setenv("GOMEMLIMIT", "")
	dir := t.TempDir()
	_, stderr, code := run(t, "", "scan", "dir", "--memory-limit", "lots", dir)
	if code != ExitError || !strings.Contains(stderr, "--memory-limit") {
		t.Errorf("--memory-limit lots: exit %d\n%s", code, stderr)
	}
}
