package gitpack

import (
	"container/list"
	"sync"
)

// baseKey names a stored entry: a pack and an offset in it.
type baseKey struct {
	pack   *pack
	offset int64
}

// baseCache keeps recently rebuilt delta bases, least recently used out
// first, within a bound in bytes. Versions of a file are deltas of one
// another in chains up to 50 deep (git repack's default depth): rebuilding
// one version rebuilds the others of its chain on the way, and the cache
// keeps them for the next reading. Cached bytes are shared by every reader
// and never written to.
type baseCache struct {
	mu    sync.Mutex
	limit int64
	used  int64
	items map[baseKey]*list.Element
	order list.List // front: most recently used
}

type cachedBase struct {
	key  baseKey
	typ  Type
	data []byte
}

func newBaseCache(limit int64) *baseCache {
	return &baseCache{limit: limit, items: map[baseKey]*list.Element{}}
}

func (c *baseCache) get(k baseKey) (Type, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return 0, nil, false
	}
	c.order.MoveToFront(e)
	b := e.Value.(*cachedBase)
	return b.typ, b.data, true
}

// add keeps data, which the caller must not change afterwards. An object
// larger than a quarter of the bound is not kept: it would push out many
// smaller ones that are likelier to be asked for again.
func (c *baseCache) add(k baseKey, t Type, data []byte) {
	size := int64(len(data))
	if size > c.limit/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok {
		return
	}
	c.items[k] = c.order.PushFront(&cachedBase{key: k, typ: t, data: data})
	c.used += size
	for c.used > c.limit {
		last := c.order.Back()
		b := last.Value.(*cachedBase)
		c.order.Remove(last)
		delete(c.items, b.key)
		c.used -= int64(len(b.data))
	}
}
