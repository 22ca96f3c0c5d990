package detect

import "bytes"

// keywordRuns thins the prefilter's hits where a keyword repeats back to
// back (AAAA..., tokentoken..., a keyword made of one repeated character
// hits at every byte of a run). Only the first and the last hit of such a
// run reach the rules: the bytes between them are copies of the keyword,
// where no secret can start that a window at either end would not see, and
// without thinning every hit's window would be matched again, which made a
// long run cost time quadratic in its length.
type keywordRuns struct {
	gen     uint32
	seen    []uint32 // by keyword: gen when lastEnd was set in this scan
	lastEnd []int    // by keyword: end of its latest hit
	pending []int    // by keyword: end of a run's latest hit not yet passed on, or 0
	open    []int32  // keywords with a pending hit
}

func newKeywordRuns(keywords int) keywordRuns {
	return keywordRuns{seen: make([]uint32, keywords), lastEnd: make([]int, keywords), pending: make([]int, keywords)}
}

// reset starts a new unit.
func (r *keywordRuns) reset() {
	r.gen++
	for _, k := range r.open {
		r.pending[k] = 0
	}
	r.open = r.open[:0]
}

// admit reports whether a hit of keyword k at [start, end) goes to the
// rules. A hit that starts where the previous hit of k ended, or before,
// continues a run and is held back; the run's last hit is passed on by
// flush.
func (r *keywordRuns) admit(k int32, start, end int) (int, bool) {
	if r.seen[k] == r.gen && start <= r.lastEnd[k] {
		if r.pending[k] == 0 {
			r.open = append(r.open, k)
		}
		r.lastEnd[k], r.pending[k] = end, end
		return start, false
	}
	r.seen[k], r.lastEnd[k] = r.gen, end
	return start, true
}

// flush passes on the latest held-back hit of every open run.
func (r *keywordRuns) flush(hit func(k int32, end int)) {
	for _, k := range r.open {
		hit(k, r.pending[k])
		r.pending[k] = 0
	}
	r.open = r.open[:0]
}

// lineCache remembers the bounds of the last line looked up, so the many
// hits of one line find them once. Bounds are only searched for within
// maxLineReach of a hit: that is all a line window uses, and it keeps the
// cost of a lookup bounded on a one-line file of any length.
type lineCache struct {
	start, end           int
	startExact, endExact bool // false: the line goes on past start (end)
	valid                bool
}

// bounds returns where the line holding [hs, he) starts and ends (before
// its newline), or points at least maxLineReach away from the hit where
// the line goes on further.
func (c *lineCache) bounds(data []byte, hs, he int) (int, int) {
	if c.valid && hs >= c.start && he <= c.end &&
		(c.startExact || c.start <= hs-maxLineReach) && (c.endExact || c.end >= he+maxLineReach) {
		return c.start, c.end
	}
	lo := max(0, hs-maxLineReach)
	*c = lineCache{start: lo, startExact: lo == 0, valid: true}
	if i := bytes.LastIndexByte(data[lo:hs], '\n'); i >= 0 {
		c.start, c.startExact = lo+i+1, true
	}
	hi := min(len(data), he+maxLineReach)
	c.end, c.endExact = hi, hi == len(data)
	if i := bytes.IndexByte(data[he:hi], '\n'); i >= 0 {
		c.end, c.endExact = he+i, true
	}
	return c.start, c.end
}
