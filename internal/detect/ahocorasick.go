package detect

import "strings"

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
	outputs [][]int32 // by state index: ids of the keywords ending there
}

const outFlag = 1 << 31

func newAutomaton(keywords []string) *automaton {
	a := &automaton{}
	// Class 0 is every byte that appears in no keyword.
	next := uint8(1)
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			c := lower(k[i])
			if a.classes[c] == 0 {
				a.classes[c] = next
				next++
			}
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		a.classes[c] = a.classes[c+'a'-'A']
	}
	nclasses := uint32(next)
	a.stride = 1
	for a.stride < nclasses {
		a.stride <<= 1
	}

	// Trie with goto edges; -1 means no edge.
	type node struct {
		next []int32
		out  []int32
	}
	newNode := func() node {
		n := node{next: make([]int32, nclasses)}
		for i := range n.next {
			n.next[i] = -1
		}
		return n
	}
	nodes := []node{newNode()}
	for id, k := range keywords {
		s := int32(0)
		for i := 0; i < len(k); i++ {
			c := a.classes[lower(k[i])]
			if nodes[s].next[c] < 0 {
				nodes = append(nodes, newNode())
				nodes[s].next[c] = int32(len(nodes) - 1)
			}
			s = nodes[s].next[c]
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}

	// Breadth-first: failure links, then full transitions from them.
	fail := make([]int32, len(nodes))
	queue := make([]int32, 0, len(nodes))
	for c := range nodes[0].next {
		if t := nodes[0].next[c]; t > 0 {
			queue = append(queue, t)
		} else {
			nodes[0].next[c] = 0
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		nodes[s].out = append(nodes[s].out, nodes[fail[s]].out...)
		for c := range nodes[s].next {
			t := nodes[s].next[c]
			if t < 0 {
				nodes[s].next[c] = nodes[fail[s]].next[c]
				continue
			}
			fail[t] = nodes[fail[s]].next[c]
			queue = append(queue, t)
		}
	}

	a.trans = make([]uint32, uint32(len(nodes))*a.stride)
	a.outputs = make([][]int32, len(nodes))
	for s := range nodes {
		a.outputs[s] = nodes[s].out
		for c, t := range nodes[s].next {
			v := uint32(t) * a.stride
			if len(nodes[t].out) > 0 {
				v |= outFlag
			}
			a.trans[uint32(s)*a.stride+uint32(c)] = v
		}
	}
	return a
}

// scan calls hit for every keyword occurrence, with the index just past its
// last byte. Overlapping occurrences are all reported.
func (a *automaton) scan(data []byte, hit func(keyword int32, end int)) {
	trans, classes := a.trans, &a.classes
	s := uint32(0)
	for i, b := range data {
		s = trans[s+uint32(classes[b])]
		if s&outFlag != 0 {
			s &^= outFlag
			for _, k := range a.outputs[s/a.stride] {
				hit(k, i+1)
			}
		}
	}
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func normalizeKeyword(k string) string { return strings.ToLower(k) }
