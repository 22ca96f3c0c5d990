package cli

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/spf13/cobra"
)

// profileFlags are for leakhound's developers: --cpuprofile and
// --memprofile write Go pprof profiles of any command (`go tool pprof`),
// so where the time and memory of a real scan go can be read without a
// debugger. They are hidden from --help.
type profileFlags struct {
	cpu, mem string
	cpuFile  *os.File
	peak     *heapPeak
}

func (p *profileFlags) register(root *cobra.Command) {
	f := root.PersistentFlags()
	f.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile to this file (for leakhound's developers)")
	f.StringVar(&p.mem, "memprofile", "", "write a heap profile taken when the live heap was largest to this file (for leakhound's developers)")
	_ = f.MarkHidden("cpuprofile")
	_ = f.MarkHidden("memprofile")
}

// start begins CPU profiling and the watch for the heap's peak when asked.
func (p *profileFlags) start() error {
	if p.mem != "" {
		p.peak = watchHeapPeak(heapPeakEvery, 0)
	}
	if p.cpu == "" {
		return nil
	}
	f, err := os.Create(p.cpu)
	if err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	p.cpuFile = f
	return nil
}

// stop ends CPU profiling and writes the heap profile, when asked.
func (p *profileFlags) stop() error {
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		if err := p.cpuFile.Close(); err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		p.cpuFile = nil
	}
	if p.mem == "" {
		return nil
	}
	profile := p.peak.stop()
	if err := os.WriteFile(p.mem, profile, 0o644); err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	return nil
}

// heapPeakEvery is how often the live heap is looked at. A peak between
// two looks is missed by at most what one interval allocates.
const heapPeakEvery = 250 * time.Millisecond

// heapPeak keeps the heap profile of the moment the live heap was
// largest: what is live when a command ends is mostly freed already, and
// a memory bound is about the peak.
type heapPeak struct {
	done    chan struct{}
	stopped sync.WaitGroup
	largest uint64
	profile bytes.Buffer
	// debug is pprof's text level: 0 writes the gzipped protocol buffer
	// `go tool pprof` reads; tests read the text form.
	debug int
}

func watchHeapPeak(every time.Duration, debug int) *heapPeak {
	h := &heapPeak{done: make(chan struct{}), debug: debug}
	h.stopped.Add(1)
	go func() {
		defer h.stopped.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			h.look()
			select {
			case <-h.done:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// look takes a profile when the live heap is larger than at any look
// before. The profile's in-use figures are those of the last collection.
func (h *heapPeak) look() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := sample[0].Value.Uint64()
	if live <= h.largest {
		return
	}
	h.largest = live
	h.profile.Reset()
	// A write error into a buffer cannot happen; a failed profile is
	// an empty file, which pprof names.
	_ = pprof.Lookup("heap").WriteTo(&h.profile, h.debug)
}

// stop ends the watch, with one last look, and returns the profile.
func (h *heapPeak) stop() []byte {
	close(h.done)
	h.stopped.Wait()
	h.look()
	if h.profile.Len() == 0 {
		runtime.GC()
		_ = pprof.Lookup("heap").WriteTo(&h.profile, h.debug)
	}
	return h.profile.Bytes()
}
