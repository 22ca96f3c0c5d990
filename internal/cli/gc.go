package cli

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
)

// setScanGC sets the collection target of the scan that follows: what
// GOGC asks for, or else percent. Set from GOGC each time, never from the
// value seen before, so two commands interleaved in one process (tests)
// cannot leave another's.
func setScanGC(percent int) {
	if os.Getenv("GOGC") != "" {
		percent = gcPercentFromEnv()
	}
	debug.SetGCPercent(percent)
}

// quietStartup stops collecting while a command loads the catalogue and
// builds its engine, and returns what resumes it. Those steps allocate a
// few MB that nearly all stay live (the catalogue mapped from the cache,
// the automaton mapped, the rules compiled), so the three collections
// they used to trigger re-marked live objects for nothing: with them gone
// a pre-commit scan used a quarter less CPU for the same peak RSS. A
// memory limit startupHeadroom above what the process holds now bounds
// the pause whatever start-up allocates (parsing the rules from YAML when
// there is no cache). GOGC set by the user is left alone. Resuming
// restores the limit seen here; the scan's target is setScanGC's.
func quietStartup() (resume func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(-1)
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(sample)
	held := int64(sample[0].Value.Uint64())
	debug.SetMemoryLimit(min(limit, held+startupHeadroom))
	debug.SetGCPercent(-1)
	return func() { debug.SetMemoryLimit(limit) }
}

// startupHeadroom is how much start-up may allocate before collecting.
const startupHeadroom = 64 << 20

// historyGCPercent is the collection target of a history scan, unless
// GOGC sets one. Such a scan allocates gigabytes of short-lived blob
// versions (git/git: 4.7 GB rebuilt from deltas) against about 150 MB
// that stays live, so the default target let the heap reach twice that.
// At 50, git/git's main branch peaked at 428 MB for all processes instead
// of 500 MB, for no measurable CPU (65 s against 68 s, one run each).
const historyGCPercent = 50

// gcPercentFromEnv is the collection target GOGC sets, as the runtime
// reads it: a number, "off", or 100 when unset or unreadable.
func gcPercentFromEnv() int {
	switch v := os.Getenv("GOGC"); v {
	case "":
		return 100
	case "off":
		return -1
	default:
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		return 100
	}
}
