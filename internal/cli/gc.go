package cli

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"

	"github.com/leakhound/leakhound/internal/config"
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
	s := &startupGC{user: os.Getenv("GOGC") != "", limit: debug.SetMemoryLimit(-1)}
	if s.user {
		return s
	}
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
// collection target and memory bound take over.
type startupGC struct {
	user    bool  // GOGC is set: nothing was changed
	limit   int64 // the memory limit before start-up
	mu      sync.Mutex
	percent int
	bound   *memoryBound // nil: the limit before start-up holds
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
// A bound above 0 is the scan's soft memory limit (memoryBound).
func (s *startupGC) scanWith(percent int, untilCollected bool, bound int64) {
	s.mu.Lock()
	s.percent = percent
	if bound > 0 {
		s.bound = &memoryBound{limit: bound}
	}
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

// settle sets the scan's target and memory bound, once; without a bound,
// the limit seen before start-up.
func (s *startupGC) settle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settled {
		return
	}
	s.settled = true
	setScanGC(s.percent)
	if s.bound != nil {
		s.bound.start()
	} else if !s.user {
		debug.SetMemoryLimit(s.limit)
	}
}

// finish ends the scan's collection settings: the command calls it when
// it ends, so that the process (or the next command run in it, in tests)
// keeps the scan's target and the memory limit from before start-up.
func (s *startupGC) finish() {
	s.settle()
	if s.bound != nil {
		s.bound.stop(s.limit)
	}
}

// defaultMemoryBound is a scan's soft memory bound when neither
// --memory-limit nor GOMEMLIMIT sets one. A whole-history scan keeps
// about 150 MB live (git/git, every ref) while it rebuilds gigabytes of
// short-lived blob versions; at GOGC's proportional target alone its
// heap reached 280 MB, and bounded it stays under this for no measured
// CPU.
const defaultMemoryBound = 200 << 20

// memoryBound keeps the Go runtime's memory limit at a scan's bound, and
// raises the bound when the live heap alone comes within an eighth of it:
// the working set is then the repository's, and collecting one
// collection after another would not shrink it, only slow the scan (the
// runtime lets collection take up to half the CPU before it gives up on
// a limit).
type memoryBound struct {
	mu      sync.Mutex
	limit   int64
	stopped bool
}

// start sets the limit and checks it after every collection.
func (b *memoryBound) start() {
	b.mu.Lock()
	defer b.mu.Unlock()
	debug.SetMemoryLimit(b.limit)
	b.arm()
}

// arm has check run after the next collection.
func (b *memoryBound) arm() {
	runtime.AddCleanup(&gcSentinel{}, func(b *memoryBound) { b.check() }, b)
}

// check raises the limit to an eighth above the live heap when the live
// heap has come that near it. Most of a history scan's live heap holds no
// pointers (blob buffers, the seen-blob set), so a collection with so
// little room costs little; git/git over every ref, 172 MB live, took no
// more CPU under a 200 MiB limit.
func (b *memoryBound) check() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return
	}
	if room := heapLive() / 7 * 8; room > b.limit {
		b.limit = room
		debug.SetMemoryLimit(b.limit)
	}
	b.arm()
}

// stop ends the checks and sets the limit back to previous.
func (b *memoryBound) stop(previous int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stopped = true
	debug.SetMemoryLimit(previous)
}

// heapLive is the heap the last collection found live.
func heapLive() int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	return int64(sample[0].Value.Uint64())
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

// memoryBound is the scan's soft memory bound: --memory-limit, else none
// when GOMEMLIMIT sets the runtime's own, else defaultMemoryBound. 0:
// none.
func (f *scanFlags) memoryBound() (int64, error) {
	if f.memoryLimit == "" {
		if os.Getenv("GOMEMLIMIT") != "" {
			return 0, nil
		}
		return defaultMemoryBound, nil
	}
	n, err := config.ParseSize(f.memoryLimit)
	if err != nil {
		return 0, fmt.Errorf("--memory-limit: %w", err)
	}
	return n, nil
}
