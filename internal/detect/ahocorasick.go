package detect

import (
	"slices"
	"sync"
)

// automaton is an Aho-Corasick matcher compiled to a dense DFA over byte
// classes. Matching is ASCII case-insensitive: upper-case input bytes share
// the class of their lower-case form, so input is never copied or folded.
//
// Each transition holds the next state's offset into trans (state index times
// stride), with outFlag set when that state ends at least one keyword, so the
// hot loop is one table load, one add and one branch per byte.
type automaton struct {
	classes [256]uint8
	stride  uint32
	trans   []uint32
	// The ids of the keywords ending at state index i are
	// outIDs[outStart[i]:outStart[i+1]]: flat, so the tables can be
	// written to the cache and read back as they are (automatoncache.go).
	outStart []uint32
	outIDs   []int32
	maxLen   int // longest keyword

	// depth holds, by state index, how many bytes the state holds: the
	// length of the keyword prefix the text read ends with; classDepth,
	// by byte class, the deepest state reading that class leads to. Only
	// scans of git history need them (derived.go), so they are worked out
	// on first use, not at start-up.
	depthOnce  sync.Once
	depth      []int32
	classDepth []int32
}

const outFlag = 1 << 31

func newAutomaton(keywords []string) *automaton {
	a := &automaton{}
	for _, k := range keywords {
		a.maxLen = max(a.maxLen, len(k))
	}
	// Class 0 is every byte that appears in no keyword.
	next := uint8(1)
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			c := foldKeywordByte(k[i])
			if a.classes[c] == 0 {
				a.classes[c] = next
				next++
			}
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		a.classes[c] = a.classes[c+'a'-'A']
	}
	for c := utf8Cont + 1; c <= utf8ContLast; c++ {
		a.classes[c] = a.classes[utf8Cont]
	}
	nclasses := uint32(next)
	// A row is exactly the classes wide: transitions hold offsets, so the
	// width need not be a power of two. Rounded up, the catalogue's 65
	// classes took rows of 128: a 7 MB table instead of 3.6 MB, half of it
	// never read, and twice the work to build.
	a.stride = nclasses

	// The trie is built straight into the transition table, one row of
	// stride entries per state holding state indexes (noEdge: none yet);
	// a final pass turns them into offsets with outFlag. One flat table
	// instead of a slice per state: building the automaton was a tenth of
	// a pre-commit scan, mostly allocation. No trie edge leads to the root,
	// so 0 marks a missing edge and a new row is the table's zeroed
	// memory, not a row to fill.
	const noEdge = 0
	stride := a.stride
	// The trie has a state per distinct prefix of the keywords: counted
	// from them sorted, so the table is allocated once at its size (a
	// bound of one state per keyword byte held twice the memory).
	sorted := slices.Clone(keywords)
	slices.Sort(sorted)
	total, prev := 1, ""
	for _, k := range sorted {
		common := 0
		for common < len(k) && common < len(prev) && k[common] == prev[common] {
			common++
		}
		total += len(k) - common
		prev = k
	}
	a.trans = make([]uint32, 0, total*int(stride))
	outputs := make([][]int32, 0, total)
	newState := func() uint32 {
		s := uint32(len(a.trans)) / stride
		if n := len(a.trans) + int(stride); n <= cap(a.trans) {
			a.trans = a.trans[:n] // zeroed by make
		} else {
			a.trans = append(a.trans, make([]uint32, stride)...)
		}
		outputs = append(outputs, nil)
		return s
	}
	newState()
	for id, k := range keywords {
		s := uint32(0)
		for i := 0; i < len(k); i++ {
			at := s*stride + uint32(a.classes[lower(k[i])])
			if a.trans[at] == noEdge {
				t := newState()
				a.trans[at] = t
			}
			s = a.trans[at]
		}
		outputs[s] = append(outputs[s], int32(id))
	}

	// Breadth-first: failure links, then full transitions from them.
	states := uint32(len(outputs))
	fail := make([]uint32, states)
	queue := make([]uint32, 0, states)
	for c := range nclasses {
		if t := a.trans[c]; t != noEdge {
			queue = append(queue, t)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		if f := fail[s]; len(outputs[f]) > 0 {
			outputs[s] = append(outputs[s], outputs[f]...)
		}
		row, failRow := a.trans[s*stride:s*stride+nclasses], a.trans[fail[s]*stride:fail[s]*stride+nclasses]
		for c, t := range row {
			if t == noEdge {
				row[c] = failRow[c]
				continue
			}
			fail[t] = failRow[c]
			queue = append(queue, t)
		}
	}
	ends := make([]bool, states)
	a.outStart = make([]uint32, 0, states+1)
	for t, out := range outputs {
		ends[t] = len(out) > 0
		a.outStart = append(a.outStart, uint32(len(a.outIDs)))
		a.outIDs = append(a.outIDs, out...)
	}
	a.outStart = append(a.outStart, uint32(len(a.outIDs)))
	for i, t := range a.trans {
		v := t * stride
		if ends[t] {
			v |= outFlag
		}
		a.trans[i] = v
	}
	return a
}

// scan calls hit for every keyword occurrence, with the index just past its
// last byte, in increasing order of that index. Overlapping occurrences are
// all reported.
//
// A DFA step waits on the previous one's table load, so one stream runs at
// the load latency, not at the core's speed. Large inputs are cut in four
// quarters walked in the same loop: four independent chains of loads
// overlap (two walks gave 360-390 MB/s on Go source, four 455-515 MB/s).
//
// hits is scratch space for the walks' hits, kept by the caller so that
// dense input does not allocate it again for every call.
func (a *automaton) scan(data []byte, hits *[walks][]hitAt, hit func(keyword int32, end int)) {
	if len(data) < 4096 {
		a.scanRange(data, 0, 0, hit)
		return
	}
	// Walk w reports the hits ending in (bound[w], bound[w+1]]; it starts
	// early enough to see a keyword that begins before its bound.
	var bound [walks + 1]int
	var from [walks]int
	var d [walks][]byte
	for w := range walks {
		bound[w] = len(data) / walks * w
		if w > 0 {
			from[w] = bound[w] - a.maxLen + 1
		}
		hits[w] = hits[w][:0]
	}
	bound[walks] = len(data)
	for w := range walks {
		d[w] = data[from[w]:bound[w+1]]
	}
	trans, classes := a.trans, &a.classes
	d0, d1, d2, d3 := d[0], d[1], d[2], d[3]
	n := min(len(d0), len(d1), len(d2), len(d3))
	var s0, s1, s2, s3 uint32
	for i := 0; i < n; i++ {
		s0 = trans[s0+uint32(classes[d0[i]])]
		s1 = trans[s1+uint32(classes[d1[i]])]
		s2 = trans[s2+uint32(classes[d2[i]])]
		s3 = trans[s3+uint32(classes[d3[i]])]
		if (s0|s1|s2|s3)&outFlag != 0 {
			s0 = a.record(hits, 0, s0, from[0]+i+1, bound[0])
			s1 = a.record(hits, 1, s1, from[1]+i+1, bound[1])
			s2 = a.record(hits, 2, s2, from[2]+i+1, bound[2])
			s3 = a.record(hits, 3, s3, from[3]+i+1, bound[3])
		}
	}
	states := [walks]uint32{s0, s1, s2, s3}
	for w := range walks {
		s := states[w]
		for i := n; i < len(d[w]); i++ {
			s = trans[s+uint32(classes[d[w][i]])]
			s = a.record(hits, w, s, from[w]+i+1, bound[w])
		}
	}
	for _, hs := range hits {
		for _, h := range hs {
			hit(h.keyword, int(h.end))
		}
	}
}

// walks is how many streams scan walks side by side.
const walks = 4

// record appends to walk w's hits the keywords ending at end when state s
// ends any and end is past the walk's bound, and returns s without the
// flag.
func (a *automaton) record(hits *[walks][]hitAt, w int, s uint32, end, bound int) uint32 {
	if s&outFlag == 0 {
		return s
	}
	s &^= outFlag
	if end > bound {
		hits[w] = a.appendHits(hits[w], s, end)
	}
	return s
}

// hitAt is one buffered hit; scan is given at most a segment of a unit, so
// its offsets fit in 32 bits and a dense segment's hits take half the room.
type hitAt struct {
	keyword int32
	end     int32
}

func (a *automaton) appendHits(hs []hitAt, state uint32, end int) []hitAt {
	for _, k := range a.ends(state) {
		hs = append(hs, hitAt{k, int32(end)})
	}
	return hs
}

// scanRange walks data with one stream; offset is added to reported ends.
func (a *automaton) scanRange(data []byte, offset int, s uint32, hit func(keyword int32, end int)) {
	trans, classes := a.trans, &a.classes
	for i, b := range data {
		s = trans[s+uint32(classes[b])]
		if s&outFlag != 0 {
			s &^= outFlag
			for _, k := range a.ends(s) {
				hit(k, offset+i+1)
			}
		}
	}
}

// ends is the keywords ending at the state at offset s (without outFlag).
func (a *automaton) ends(s uint32) []int32 {
	i := s / a.stride
	return a.outIDs[a.outStart[i]:a.outStart[i+1]]
}

// depths returns each state's depth, by state index. A state's depth is
// its distance from the start: a text that reaches the state ends with
// the prefix it stands for, and that prefix read alone reaches it, so a
// breadth-first walk of the transitions finds it.
func (a *automaton) depths() []int32 {
	a.depthOnce.Do(func() {
		n := a.states()
		depth := make([]int32, n)
		seen := make([]bool, n)
		seen[0] = true
		queue := make([]uint32, 1, n)
		for len(queue) > 0 {
			st := queue[0]
			queue = queue[1:]
			row := a.trans[st*a.stride : (st+1)*a.stride]
			for _, t := range row {
				next := (t &^ outFlag) / a.stride
				if !seen[next] {
					seen[next] = true
					depth[next] = depth[st] + 1
					queue = append(queue, next)
				}
			}
		}
		a.depth = depth
		a.classDepth = make([]int32, a.stride)
		for st := range uint32(n) {
			for c, t := range a.trans[st*a.stride : (st+1)*a.stride] {
				a.classDepth[c] = max(a.classDepth[c], depth[(t&^outFlag)/a.stride])
			}
		}
	})
	return a.depth
}

// warmStart returns where a pass that reports hits ending at from or
// later must start, in the start state: its state is then exact once it
// has read data[from-2]. A keyword's length before from always does;
// less does after a byte that only shallow states follow (a newline is
// at most 2 deep in the catalogue's automaton, a letter 30): the state
// after data[q] is at most classDepth deep, so a pass started that far
// before q+1 has it exact there.
func (a *automaton) warmStart(data []byte, from int) int {
	a.depths()
	lo := max(0, from-a.maxLen)
	for q := min(from, len(data)) - 2; q >= 0 && q+1 > lo; q-- {
		lo = max(lo, q+1-int(a.classDepth[a.classes[data[q]]]))
	}
	return lo
}

// states is how many states the automaton has.
func (a *automaton) states() int { return len(a.outStart) - 1 }

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// UTF-8 continuation bytes are one class in the automaton. The keywords
// that hold them (invisible characters, Cyrillic and Greek look-alikes,
// about 1,800) gave each of the 48 bytes a class of its own, which made
// every row 114 wide instead of 65 and the table 7.4 MB instead of 3.8:
// twice the bytes a pre-commit scan maps and checks. Folded, such a
// keyword is a character's first byte and its length, and every hit is
// told what character is there (hidingHit decodes it), so a character of
// the same block that hides nothing finds nothing.
const (
	utf8Cont     = 0x80
	utf8ContLast = 0xbf
)

// foldKeywordByte is the byte the automaton reads for c: ASCII lowered,
// a continuation byte as utf8Cont.
func foldKeywordByte(c byte) byte {
	if utf8Cont <= c && c <= utf8ContLast {
		return utf8Cont
	}
	return lower(c)
}

// normalizeKeyword folds a keyword as the automaton reads it: ASCII
// letters lowered and continuation bytes made one, so keywords the
// automaton cannot tell apart are one keyword.
func normalizeKeyword(k string) string {
	i := 0
	for i < len(k) && keywordFold[k[i]] == k[i] {
		i++
	}
	if i == len(k) {
		return k // most are lower case already: no copy at every start
	}
	b := []byte(k)
	for ; i < len(b); i++ {
		b[i] = keywordFold[b[i]]
	}
	return string(b)
}

// keywordFold is foldKeywordByte as a table: every start folds the
// catalogue's 100,000 keyword bytes, and a lookup is a third of the
// comparisons.
var keywordFold = func() (t [256]byte) {
	for c := range t {
		t[c] = foldKeywordByte(byte(c))
	}
	return t
}()
