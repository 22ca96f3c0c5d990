package cli

import (
	"os"
	"runtime/debug"
	"strconv"
)

// setScanGC sets the collection target of the scan that follows: what
// GOGC asks for, or else percent. Set from GOGC each time, never from the
// value seen before, so two commands interleaved in one process (tests)
// cannot leave another's. (Collecting less often while the engine is built
// saved a few percent of a pre-commit scan's CPU but raised the heap's
// peak by as much as the bounded-memory test's margin: not kept.)
func setScanGC(percent int) {
	if os.Getenv("GOGC") != "" {
		percent = gcPercentFromEnv()
	}
	debug.SetGCPercent(percent)
}

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
