package detect

import (
	"bytes"
	"hash/maphash"
)

// windowCache remembers what a rule's pattern found in the windows a
// Scanner matched recently. Matching is the costliest step per keyword
// hit, and the same lines come back: in version after version of a file
// in a history scan (two thirds of a new version's bytes are its previous
// version's), and in licence headers and boilerplate across a tree. A
// window's result is reused only when its bytes are equal, since the
// pattern sees nothing else, so the findings are the same.
type windowCache struct {
	seed    maphash.Seed
	entries map[windowKey]windowResult
	held    int // bytes of window text kept
	// hits and misses since the last look at the hit rate; pause counts
	// down the windows not looked up while the rate is too low to pay
	// for hashing and copying (a stream of text never seen before).
	hits, misses, pause int
}

type windowKey struct {
	rule     int32
	anchored bool
	hash     uint64
	valid    bool
}

const (
	// checkEvery misses, the hit rate is looked at; under one in
	// minHitRate, the cache rests for pauseWindows windows.
	checkEvery   = 1024
	minHitRate   = 8
	pauseWindows = 8192
)

// windowResult is a window's text and the pattern's submatch indexes in
// it, relative to the window (nil: no match).
type windowResult struct {
	text []byte
	locs [][]int
}

const (
	// maxCachedWindow: longer windows (byte windows, merged ones) are
	// rarer and would crowd out lines.
	maxCachedWindow = 2 << 10
	// maxCacheBytes bounds the text a Scanner keeps; past it the cache
	// starts again empty, which costs less than tracking use.
	maxCacheBytes = 2 << 20
)

func newWindowCache() windowCache {
	return windowCache{seed: maphash.MakeSeed(), entries: map[windowKey]windowResult{}}
}

// get returns the cached result for rule ri over win, if any.
func (c *windowCache) get(ri int32, anchored bool, win []byte) (windowKey, [][]int, bool) {
	if c.pause > 0 {
		c.pause--
		return windowKey{}, nil, false
	}
	if len(win) > maxCachedWindow {
		return windowKey{}, nil, false
	}
	k := windowKey{rule: ri, anchored: anchored, hash: maphash.Bytes(c.seed, win), valid: true}
	r, ok := c.entries[k]
	if !ok || !bytes.Equal(r.text, win) {
		if c.misses++; c.misses >= checkEvery {
			if c.hits*minHitRate < c.misses {
				c.pause = pauseWindows
			}
			c.hits, c.misses = 0, 0
		}
		return k, nil, false
	}
	c.hits++
	return k, r.locs, true
}

// put keeps the result of matching win under k (from get).
func (c *windowCache) put(k windowKey, win []byte, locs [][]int) {
	if !k.valid || len(win) > maxCachedWindow {
		return
	}
	if c.held+len(win) > maxCacheBytes {
		clear(c.entries)
		c.held = 0
	}
	c.entries[k] = windowResult{text: bytes.Clone(win), locs: locs}
	c.held += len(win)
}
