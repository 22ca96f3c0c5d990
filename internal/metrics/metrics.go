// Package metrics keeps the server's counters and writes them in the
// Prometheus text exposition format (prometheus.io/docs/instrumenting/exposition_formats).
// It is small on purpose: a handful of series, no client library.
package metrics

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
)

// Registry holds every series; it is safe for concurrent use.
type Registry struct {
	mu       sync.Mutex
	counters map[string]*series
	hists    map[string]*histogram
	gauges   map[string]func() (float64, error)
	help     map[string]string
}

type series struct {
	value float64
}

type histogram struct {
	bounds []float64
	counts []uint64
	sum    float64
	count  uint64
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{counters: map[string]*series{}, hists: map[string]*histogram{}, gauges: map[string]func() (float64, error){}, help: map[string]string{}}
}

// Add increases a counter (name may carry labels: jobs_total{kind="x"}).
func (r *Registry) Add(name, help string, v float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.counters[name]
	if s == nil {
		s = &series{}
		r.counters[name] = s
		r.help[baseName(name)] = help
	}
	s.value += v
}

// Observe records a duration in a histogram with latency buckets.
func (r *Registry) Observe(name, help string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.hists[name]
	if h == nil {
		h = &histogram{bounds: []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120}}
		h.counts = make([]uint64, len(h.bounds))
		r.hists[name] = h
		r.help[baseName(name)] = help
	}
	sec := d.Seconds()
	for i, b := range h.bounds {
		if sec <= b {
			h.counts[i]++
		}
	}
	h.sum += sec
	h.count++
}

// Gauge registers a value read at scrape time (queue depth).
func (r *Registry) Gauge(name, help string, read func() (float64, error)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gauges[name] = read
	r.help[baseName(name)] = help
}

// Write renders every series.
func (r *Registry) Write(w io.Writer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	described := map[string]bool{}
	describe := func(name, kind string) {
		base := baseName(name)
		if !described[base] {
			described[base] = true
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", base, r.help[base], base, kind)
		}
	}
	for _, name := range sortedKeys(r.counters) {
		describe(name, "counter")
		fmt.Fprintf(&b, "%s %s\n", name, format(r.counters[name].value))
	}
	for _, name := range sortedKeys(r.gauges) {
		v, err := r.gauges[name]()
		if err != nil {
			continue // an unreadable gauge is left out, not reported as 0
		}
		describe(name, "gauge")
		fmt.Fprintf(&b, "%s %s\n", name, format(v))
	}
	for _, name := range sortedKeys(r.hists) {
		h := r.hists[name]
		describe(name, "histogram")
		// Labels go inside each series' braces, before le.
		base, labels := baseName(name), strings.TrimSuffix(strings.TrimPrefix(name[len(baseName(name)):], "{"), "}")
		sep, braced := "", ""
		if labels != "" {
			sep, braced = labels+",", "{"+labels+"}"
		}
		for i, bound := range h.bounds {
			fmt.Fprintf(&b, "%s_bucket{%sle=%q} %d\n", base, sep, format(bound), h.counts[i])
		}
		fmt.Fprintf(&b, "%s_bucket{%sle=\"+Inf\"} %d\n%s_sum%s %s\n%s_count%s %d\n", base, sep, h.count, base, braced, format(h.sum), base, braced, h.count)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func baseName(name string) string {
	if i := strings.IndexByte(name, '{'); i >= 0 {
		return name[:i]
	}
	return name
}

func format(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%g", v)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
