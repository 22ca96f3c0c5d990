package gitpack

import (
	"cmp"
	"slices"
)

// Reading many objects one by one rebuilds each from its delta chain, and a
// bounded cache of bases cannot hold every chain a history interleaves: on
// git/git's main branch, reading its 147,509 blobs in history order inflated
// 1.05 GB of stored entries that hold 423 MB, and a 1 GB cache still
// inflated 900 MB. A Plan reads them the way the pack stores them instead:
// the delta chains of the objects wanted form trees, each rooted at a whole
// entry, and a walk down a tree rebuilds every object from its parent,
// which it still holds, so each entry is inflated once and no cache is
// needed.

// Plan holds the delta trees of a set of objects, to be walked with a
// Walker. A plan of a quarter of a million objects is held while they are
// read, so its nodes are small and in one array: a node keeps where its
// entry is, not the entry (its header is read again when it is rebuilt),
// and links to its first child and next sibling.
type Plan struct {
	nodes []planNode
	// moreWants holds, by node, the indexes asked for beyond a node's
	// first (an object asked for twice).
	moreWants map[int32][]int
	trees     []*DeltaTree
	rest      []int
}

// DeltaTree is one whole stored entry with the deltas stored against it, and
// theirs in turn.
type DeltaTree struct {
	plan *Plan
	root int32
	// weight is the stored size of the entries in the tree, to walk the
	// largest trees first.
	weight int64
}

// noNode ends a list of children, or says a node was asked for by no one.
const noNode = -1

type planNode struct {
	pack   *pack
	offset int64
	// want is the first index of the objects asked for that this entry
	// is (noNode: none; the rest are in Plan.moreWants).
	want int32
	// The children, in the order they were linked.
	firstChild, lastChild, nextChild int32
	// pos is the entry's position in its pack's index, for its CRC.
	pos int32
	// size is the stored size of the entry, for the tree's weight.
	size int64
}

// Plan groups the objects ids into delta trees. Objects the plan cannot
// place (loose, missing, or stored against a base outside the packs, or
// in damaged entries) are left to Read: Rest lists their indexes.
func (s *Store) Plan(ids []ID) *Plan {
	pl := &Plan{}
	nodes := map[baseKey]int32{}
	bad := map[baseKey]bool{}
	var chain []int32
	var roots []int32
	// link makes child the last child of parent.
	link := func(parent, child int32) {
		if last := pl.nodes[parent].lastChild; last != noNode {
			pl.nodes[last].nextChild = child
		} else {
			pl.nodes[parent].firstChild = child
		}
		pl.nodes[parent].lastChild = child
	}
	// The objects are placed in the order their packs store them, so that
	// their headers, and mostly their bases', are read a window at a time
	// (headerWindow): read in the order asked, each took a pread.
	type located struct {
		pack int32
		i    int32
		off  int64
	}
	packNo := map[*pack]int32{}
	var packs []*pack
	locs := make([]located, 0, len(ids))
	for i, id := range ids {
		p, off, found, err := s.locate(id)
		if err != nil || !found {
			pl.rest = append(pl.rest, i)
			continue
		}
		n, ok := packNo[p]
		if !ok {
			n = int32(len(packs))
			packNo[p] = n
			packs = append(packs, p)
		}
		locs = append(locs, located{pack: n, i: int32(i), off: off})
	}
	slices.SortFunc(locs, func(a, b located) int {
		return cmp.Or(cmp.Compare(a.pack, b.pack), cmp.Compare(a.off, b.off), cmp.Compare(a.i, b.i))
	})
	var win headerWindow
	for _, l := range locs {
		i, p, off := int(l.i), packs[l.pack], l.off
		// Follow the chain down to an entry already placed or a whole
		// one, then link it up.
		chain = chain[:0]
		k := baseKey{p, off}
		placed := false
		for len(chain) <= maxChain {
			if n, ok := nodes[k]; ok {
				placed = true
				if len(chain) > 0 {
					link(n, chain[len(chain)-1])
				}
				break
			}
			if bad[k] {
				break
			}
			e, err := win.readEntry(k.pack, k.offset)
			if err != nil {
				break
			}
			n := int32(len(pl.nodes))
			pl.nodes = append(pl.nodes, planNode{pack: e.pack, offset: e.offset, pos: int32(e.pos), want: noNode, firstChild: noNode, lastChild: noNode, nextChild: noNode, size: e.end - e.offset})
			if len(chain) > 0 {
				link(n, chain[len(chain)-1])
			}
			chain = append(chain, n)
			if e.typ != ofsDelta && e.typ != refDelta {
				roots = append(roots, n)
				placed = true
				break
			}
			if e.typ == ofsDelta {
				k = baseKey{e.pack, e.base}
				continue
			}
			bp, boff, found, err := s.locate(e.baseID)
			if err != nil || !found {
				break
			}
			k = baseKey{bp, boff}
		}
		if !placed {
			// Read reports the damage or reads the loose base. The
			// chain's nodes stay in the array, linked to nothing.
			for _, n := range chain {
				bad[baseKey{pl.nodes[n].pack, pl.nodes[n].offset}] = true
			}
			pl.rest = append(pl.rest, i)
			continue
		}
		for _, n := range chain {
			nodes[baseKey{pl.nodes[n].pack, pl.nodes[n].offset}] = n
		}
		n := nodes[baseKey{p, off}]
		if pl.nodes[n].want == noNode {
			pl.nodes[n].want = int32(i)
		} else {
			if pl.moreWants == nil {
				pl.moreWants = map[int32][]int{}
			}
			pl.moreWants[n] = append(pl.moreWants[n], i)
		}
	}
	slices.Sort(pl.rest)
	pl.nodes = slices.Clip(pl.nodes)
	for _, r := range roots {
		pl.trees = append(pl.trees, &DeltaTree{plan: pl, root: r, weight: pl.weigh(r)})
	}
	slices.SortStableFunc(pl.trees, func(a, b *DeltaTree) int { return cmp.Compare(b.weight, a.weight) })
	return pl
}

// weigh returns the stored size of n's subtree.
func (pl *Plan) weigh(n int32) int64 {
	w := pl.nodes[n].size
	for c := pl.nodes[n].firstChild; c != noNode; c = pl.nodes[c].nextChild {
		w += pl.weigh(c)
	}
	return w
}

// wants appends the indexes asked for that node n is to out.
func (pl *Plan) wants(n int32, out []int) []int {
	if w := pl.nodes[n].want; w != noNode {
		out = append(out, int(w))
	}
	return append(out, pl.moreWants[n]...)
}

// Trees returns the plan's trees, largest first: walking them in that
// order on several goroutines ends with small ones, not with one large
// tree left on one core.
func (pl *Plan) Trees() []*DeltaTree { return pl.trees }

// Rest returns the indexes of the objects no tree holds.
func (pl *Plan) Rest() []int { return pl.rest }

// Walker walks trees for one goroutine. It holds an object only while
// deltas stored against it are still to be rebuilt: git's trees are
// mostly chains, and down a chain each version is rebuilt into the buffer
// the version before its base held, so a chain 50 deep holds two objects,
// not 50.
type Walker struct {
	s  *Store
	sc scratch
	// spare are buffers free for the next object.
	spare [][]byte
	// copies holds, by depth, the ranges the object there copied.
	copies [][]Copy
	// budget bounds the bytes held on the path being walked; a subtree
	// that would go past it is left to Read.
	budget int64
	// inflated counts the entries inflated.
	inflated int
	// wants holds the Wants of the node being visited.
	wants []int
}

// DefaultWalkBytes bounds what a Walker holds at once: the objects on the
// path walked that still have deltas to rebuild, beside the one being
// rebuilt. Each worker has one. Scanning every ref of git/git, 64 MB held
// 299-307 MB at the peak of all processes (two runs each, alternating)
// and 32 MB 295-297 MB, findings identical and CPU no higher (46.5-52.5 s
// against 50.3-54.7 s): issue #14's bound is 300 MB.
const DefaultWalkBytes = 32 << 20

// NewWalker returns a Walker that holds at most budget bytes at once (0:
// DefaultWalkBytes).
func (s *Store) NewWalker(budget int64) *Walker {
	if budget <= 0 {
		budget = DefaultWalkBytes
	}
	return &Walker{s: s, budget: budget}
}

// Node is an object rebuilt in a walk: the indexes it was asked for by
// (none for a base no one asked for) and its content, both valid until
// visit returns and not to be changed, and how it was rebuilt.
type Node struct {
	Wants []int
	Data  []byte
	// Depth is the object's depth in its tree: its delta base is the
	// object visited last at Depth-1. A whole entry is at depth 0.
	Depth int
	// Copies are the ranges of Data the delta copied from the base, in
	// order (nil at depth 0).
	Copies []Copy
}

// Walk rebuilds every object of t and calls visit with each, parents
// before their deltas. Objects larger than limit (limit > 0), or whose
// chain is damaged or holds more than the budget, are not rebuilt: the
// indexes asked for in their subtrees are returned, to be read with Read,
// which reports them as it would alone. visit returns false to stop the
// walk.
func (w *Walker) Walk(t *DeltaTree, limit int64, visit func(Node) bool) (left []int) {
	w.walk(t.plan, t.root, nil, false, 0, 0, limit, visit, &left)
	// Keep a few spare buffers, not every large object's.
	var held int64
	kept := w.spare[:0]
	for _, b := range w.spare {
		if held += int64(cap(b)); held <= w.budget/4 {
			kept = append(kept, b)
		}
	}
	clear(w.spare[len(kept):])
	w.spare = kept
	return left
}

// walk rebuilds node n of pl from base (nil for a whole entry) and its
// subtree. used counts what the path above holds besides base; ownBase
// says base is walk's to free once n is rebuilt (n is its last delta).
// The last delta of each object is walked in the same call, so a chain
// does not grow the stack.
func (w *Walker) walk(pl *Plan, n int32, base []byte, ownBase bool, depth int, used, limit int64, visit func(Node) bool, left *[]int) bool {
	for {
		data, copies, ok := w.rebuild(&pl.nodes[n], base, depth, used+int64(len(base)), limit)
		if ownBase {
			w.free(base)
		}
		if !ok {
			pl.leave(n, left)
			return true
		}
		w.wants = pl.wants(n, w.wants[:0])
		if !visit(Node{Wants: w.wants, Data: data, Depth: depth, Copies: copies}) {
			w.free(data)
			return false
		}
		last := pl.nodes[n].lastChild
		if last == noNode {
			w.free(data)
			return true
		}
		for c := pl.nodes[n].firstChild; c != last; c = pl.nodes[c].nextChild {
			if !w.walk(pl, c, data, false, depth+1, used+int64(len(data)), limit, visit, left) {
				w.free(data)
				return false
			}
		}
		n, base, ownBase, depth = last, data, true, depth+1
	}
}

// rebuild inflates n, and applies it to base when it is a delta, into a
// spare buffer; ok is false when n is not to be rebuilt here.
func (w *Walker) rebuild(n *planNode, base []byte, depth int, used, limit int64) (data []byte, copies []Copy, ok bool) {
	for len(w.copies) <= depth {
		w.copies = append(w.copies, nil)
	}
	// Plan read this header already and knows where the entry ends, so
	// the entry is read whole in one call when the scratch can hold it.
	e, err := n.pack.readEntryAt(n.offset, int(n.pos), n.offset+n.size, w.sc.rawFor(n.size))
	if err != nil {
		return nil, nil, false
	}
	if base == nil {
		if limit > 0 && e.size > limit || used+e.size > w.budget {
			return nil, nil, false
		}
		w.inflated++
		data, err := w.s.inflateEntry(&w.sc, &e, w.take())
		if err != nil {
			w.free(data)
			return nil, nil, false
		}
		return data, nil, true
	}
	w.inflated++
	delta, err := w.s.inflateEntry(&w.sc, &e, w.sc.delta)
	if err != nil {
		return nil, nil, false
	}
	w.sc.delta = delta
	_, size, _, err := deltaSizes(delta)
	if err != nil || limit > 0 && size > limit || used+size > w.budget {
		return nil, nil, false
	}
	copies = w.copies[depth][:0]
	data, err = applyDeltaCopies(w.take(), base, delta, &copies)
	w.copies[depth] = copies
	if err != nil {
		w.free(data)
		return nil, nil, false
	}
	return data, copies, true
}

// take returns a spare buffer, emptied, or nil.
func (w *Walker) take() []byte {
	n := len(w.spare)
	if n == 0 {
		return nil
	}
	b := w.spare[n-1]
	w.spare[n-1] = nil
	w.spare = w.spare[:n-1]
	return b[:0]
}

// free makes b spare again.
func (w *Walker) free(b []byte) {
	if cap(b) > 0 {
		w.spare = append(w.spare, b[:0])
	}
}

// leave adds the objects asked for in n's subtree to left.
func (pl *Plan) leave(n int32, left *[]int) {
	*left = pl.wants(n, *left)
	for c := pl.nodes[n].firstChild; c != noNode; c = pl.nodes[c].nextChild {
		pl.leave(c, left)
	}
}
