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
// percentage GOGC asks for (100 by default) rather than the one seen here,
// so two commands interleaved in one process (tests) cannot leave it
// raised.
func pauseGC() (resume func()) {
	debug.SetGCPercent(startupGCPercent)
	return func() { debug.SetGCPercent(gcPercentFromEnv()) }
}

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
