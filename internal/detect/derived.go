package detect

import (
	"math"
	"slices"
)

// A git history holds every version of a file, and a version stored as a
// delta is mostly bytes copied from its base. The keyword pass is the
// largest part of scanning (a third of git/git's history), and its result
// at a byte depends only on the keyword-length bytes before it: where a
// version copies a range of its base, its hits inside the range are the
// base's, moved. ScanDerived takes them from the base's Prefilter and runs
// the automaton only over the bytes the delta inserted and the edges of
// each copy, so every later step sees exactly the hits a full pass gives.

// Prefilter is the keyword pass over a unit's bytes, kept so that a unit
// rebuilt from them does not pass over the bytes it copies again. A zero
// Prefilter holds nothing; one Prefilter may be kept again and again.
type Prefilter struct {
	hits  []hitAt  // every keyword hit, by end
	runs  []b64run // every base64 run worth decoding, in order
	size  int      // of the unit
	valid bool
}

// Reset empties p, so that it is not taken for the pass of the unit it
// held before.
func (p *Prefilter) Reset() {
	if p != nil {
		p.valid = false
	}
}

// Copied is a range of a unit copied from the unit it was rebuilt from:
// Len bytes at At are the base's at From.
type Copied struct{ At, From, Len int }

// fits tells whether c lies inside a unit of n bytes and a base of
// baseSize: a range outside either carries nothing.
func (c Copied) fits(n, baseSize int) bool {
	return c.At >= 0 && c.From >= 0 && c.At+c.Len <= n && c.From+c.Len <= baseSize
}

// ScanDerived is ScanFile for data rebuilt from the unit whose pass base
// kept, by copies (in order); with a nil or empty base it scans data in
// full. The pass over data is kept in keep when it is set, for the units
// rebuilt from this one. The matches are ScanFile's, exactly.
func (s *Scanner) ScanDerived(name string, data []byte, base *Prefilter, copies []Copied, keep *Prefilter) []Match {
	keep.Reset()
	if len(data) >= math.MaxInt32 {
		return s.ScanFile(name, data)
	}
	var hits []hitAt
	var runs []b64run
	if keep != nil {
		hits, runs = keep.hits[:0], keep.runs[:0]
	}
	if base != nil && base.valid && s.inherits(data, base, copies) {
		hits = s.derivedHits(data, base, copies, hits)
		runs = derivedRuns(data, base, copies, runs)
		s.given, s.top, s.topRuns = true, hits, runs
	} else if keep != nil {
		s.recording, s.record = true, hits
	}
	ms := s.ScanFile(name, data)
	if s.recording {
		hits = s.record
		runs = append(runs, s.b64runs[0]...)
	}
	s.given, s.top, s.topRuns, s.record, s.recording = false, nil, nil, nil, false
	if keep != nil {
		*keep = Prefilter{hits: hits, runs: runs, size: len(data), valid: true}
	}
	return ms
}

// base64Runs returns the base64 runs of data, at decoding depth: the
// unit's own when ScanDerived took them from its base, else found.
func (s *Scanner) base64Runs(data []byte, depth int) []b64run {
	if depth == 0 && s.given {
		return s.topRuns
	}
	s.b64runs[depth] = findRuns(data, 0, len(data), s.b64runs[depth][:0])
	return s.b64runs[depth]
}

// derivedRuns appends to out the base64 runs of data: the base's where a
// copy holds a run with the byte before it and the two after it (its
// bounds and padding), found by findRuns in the rest.
func derivedRuns(data []byte, base *Prefilter, copies []Copied, out []b64run) []b64run {
	var found []b64run
	next := 0 // the first byte not inside a copy's interior
	for _, c := range copies {
		if !c.fits(len(data), base.size) {
			continue
		}
		// A run starting at At+1 or later and ending by At+Len-2 has its
		// bounds and padding inside the copy.
		in0, in1 := c.At+1, c.At+c.Len-2
		if in1 <= in0 || in0 < next {
			continue
		}
		found = findRuns(data, next, in0, found)
		lo, hi := c.From+1, c.From+c.Len-2
		shift := c.At - c.From
		k, _ := slices.BinarySearchFunc(base.runs, lo, func(r b64run, at int) int { return r.start - at })
		for ; k < len(base.runs) && base.runs[k].start < hi; k++ {
			if r := base.runs[k]; r.end <= hi {
				out = append(out, b64run{r.start + shift, r.end + shift, r.pad + shift})
			}
		}
		next = in1
	}
	found = findRuns(data, next, len(data), found)
	// Merge by start; a run found from two gaps, or both found and
	// carried, is the same run.
	out = append(out, found...)
	slices.SortFunc(out, func(a, b b64run) int { return a.start - b.start })
	return slices.CompactFunc(out, func(a, b b64run) bool { return a.start == b.start })
}

// inherits tells whether the copies carry at least half of data's hits
// from the base. A delta against another file that shares only short runs
// (lines of a common pool) leaves gaps everywhere, and passing over them
// one by one costs more than one pass over the whole.
func (s *Scanner) inherits(data []byte, base *Prefilter, copies []Copied) bool {
	reach, carried := s.e.ac.maxLen, 0
	for _, c := range copies {
		if c.Len >= reach && c.fits(len(data), base.size) {
			carried += c.Len - reach
		}
	}
	return carried >= len(data)/2
}

// derivedHits appends to out the keyword hits of data, taken from base's
// hits where data copies a range of base long enough to hold a keyword's
// reach, and found by the automaton elsewhere.
func (s *Scanner) derivedHits(data []byte, base *Prefilter, copies []Copied, out []hitAt) []hitAt {
	reach := s.e.ac.maxLen
	next := 1 // the first hit end not yet covered
	for _, c := range copies {
		if c.Len < reach || !c.fits(len(data), base.size) {
			continue
		}
		// A hit ending at e depends on data[e-reach:e]: within the copy
		// from At+reach on, and there it is the base's hit at the same
		// place in the range. The pass into the copy mostly stops much
		// sooner (passInto).
		first := c.At + reach
		if first < next {
			continue // copies overlapping in data: take the next
		}
		var end int
		out, end = s.passInto(data, next, c.At, first-1, out)
		lo, hi := int32(c.From+end-c.At), int32(c.From+c.Len)
		shift := int32(c.At - c.From)
		k, _ := slices.BinarySearchFunc(base.hits, lo+1, func(h hitAt, end int32) int { return int(h.end - end) })
		for ; k < len(base.hits) && base.hits[k].end <= hi; k++ {
			h := base.hits[k]
			if int(h.end)-s.e.keywordLen[h.keyword] < c.From {
				continue // it begins before the copy: not data's
			}
			out = append(out, hitAt{keyword: h.keyword, end: h.end + shift})
		}
		next = c.At + c.Len + 1
	}
	return s.passOver(data, next, len(data), out)
}

// passInto appends the hits ending in [from, limit] that the automaton
// finds, as passOver does, but stops at the first end e at or past both
// from and at (the start of a copy) where the automaton's state holds no
// byte before at: the state is then at most e-at bytes deep, and it
// deepens by at most a byte a byte, so every later hit in the copy lies
// wholly inside it and is the base's. It returns the last end whose hits
// it took. Text rarely holds a keyword's start, so the pass mostly stops
// a byte or two into the copy instead of a keyword's length.
func (s *Scanner) passInto(data []byte, from, at, limit int, out []hitAt) ([]hitAt, int) {
	if from > limit {
		return out, limit
	}
	a := s.e.ac
	depth := a.depths()
	trans, classes := a.trans, &a.classes
	stop := max(from, at)
	lo := a.warmStart(data, from)
	var st uint32
	for i := lo; i < limit; i++ {
		st = trans[st+uint32(classes[data[i]])]
		end := i + 1
		if st&outFlag != 0 {
			st &^= outFlag
			if end >= from {
				for _, k := range a.ends(st) {
					out = append(out, hitAt{keyword: k, end: int32(end)})
				}
			}
		}
		if end >= stop && int(depth[st/a.stride]) <= end-at {
			return out, end
		}
	}
	return out, limit
}

// passOver appends the hits ending in [from, to] that the automaton finds,
// starting a keyword's length early so that one begun before from is seen.
func (s *Scanner) passOver(data []byte, from, to int, out []hitAt) []hitAt {
	if from > to {
		return out
	}
	lo := s.e.ac.warmStart(data, from)
	s.e.ac.scan(data[lo:to], &s.hits, func(k int32, end int) {
		if end += lo; end >= from {
			out = append(out, hitAt{keyword: k, end: int32(end)})
		}
	})
	return out
}
