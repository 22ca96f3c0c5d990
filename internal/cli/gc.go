package cli

import (
	"os"
	"runtime/debug"
	"strconv"
)

// pauseGC slows garbage collection while a command loads the catalogue
// and builds its engine, and returns what restores it. Those steps
// allocate tens of MB that mostly stay live, so collecting at the usual
// pace is wasted work: it was a third of a pre-commit scan's CPU. Not off
// altogether, so the garbage they leave stays bounded. Restoring sets the
// percentage GOGC asks for, or else the one the scan asks for, never the
// one seen here, so two commands interleaved in one process (tests)
// cannot leave it raised.
func pauseGC() (resume func(scanPercent int)) {
	debug.SetGCPercent(startupGCPercent)
	return func(scanPercent int) {
		if os.Getenv("GOGC") != "" {
			scanPercent = gcPercentFromEnv()
		}
		debug.SetGCPercent(scanPercent)
	}
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

// startupGCPercent lets the heap grow threefold between collections while
// the engine is built.
const startupGCPercent = 200
