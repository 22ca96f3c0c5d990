package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
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
// builds its engine. Those steps allocate a few MB that nearly all stay
// live (the catalogue mapped from the cache, the automaton mapped, the
// rules compiled), so the three collections they used to trigger
// re-marked live objects for nothing: with them gone a pre-commit scan
// used a quarter less CPU for the same peak RSS. A memory limit
// startupHeadroom above what the process holds now bounds the pause
// whatever start-up allocates (parsing the rules from YAML when there is
// no cache). GOGC set by the user is left alone.
func quietStartup() *startupGC {
	s := &startupGC{user: os.Getenv("GOGC") != ""}
	if s.user {
		return s
	}
	s.limit = debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(s.limit, memoryHeld()+startupHeadroom))
	debug.SetGCPercent(-1)
	return s
}

// memoryHeld is all the memory the Go runtime holds now.
func memoryHeld() int64 {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(sample)
	return int64(sample[0].Value.Uint64())
}

// startupGC is what quietStartup changed, until the scan's own
// collection target takes over.
type startupGC struct {
	user    bool  // GOGC is set: nothing was changed
	limit   int64 // the memory limit before start-up
	mu      sync.Mutex
	percent int
	settled bool
}

// scanWith gives the scan its collection target (setScanGC's). With
// untilCollected, the target takes over at the scan's first collection,
// and until then a limit scanHeadroom above what the process holds
// stands in: a target turned on before anything was collected collects at
// once, since it is measured from a collection that never ran. That
// collection was 13.5 M of a pre-commit scan's 79 M instructions, and a
// pre-commit scan of a few files now never collects. Scans of unknown
// size (a stream, a tree, a history) take the target at once, so that
// their first collections track the heap from start-up's small one: a
// 64 MiB stream's heap grew by up to 59 MiB otherwise, against 25.
func (s *startupGC) scanWith(percent int, untilCollected bool) {
	s.mu.Lock()
	s.percent = percent
	s.mu.Unlock()
	if s.user || !untilCollected {
		s.settle()
		return
	}
	debug.SetMemoryLimit(min(s.limit, memoryHeld()+scanHeadroom))
	runtime.AddCleanup(&gcSentinel{}, func(s *startupGC) { s.settle() }, s)
}

// gcSentinel is an object no one keeps, whose cleanup runs after the
// first collection that finds it; it holds a pointer so that it is never
// one of the tiny allocations a cleanup may not run for.
type gcSentinel struct {
	_ *byte
	_ [8]byte
}

// settle sets the scan's target and the limit seen before start-up, once.
// The command calls it when it ends too, so the process (or the next
// command run in it, in tests) is left as the scan would leave it.
func (s *startupGC) settle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settled {
		return
	}
	s.settled = true
	setScanGC(s.percent)
	if !s.user {
		debug.SetMemoryLimit(s.limit)
	}
}

// scanHeadroom is how much a pre-commit scan may allocate before its
// first collection.
const scanHeadroom = 16 << 20

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
