package gitpack

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"sort"
)

// packIndex is a pack's .idx file, version 2: a 256-entry fan-out table of
// cumulative counts by first byte, the sorted object names, a CRC-32 of
// each object's stored bytes, 31-bit offsets whose top bit sends larger
// ones to a table of 64-bit offsets, then the pack's SHA-1 and the
// index's own.
type packIndex struct {
	n       int
	fanout  []byte // 256 big-endian uint32
	names   []byte // n * 20
	crcs    []byte // n * 4
	offsets []byte // n * 4
	large   []byte // 8 per large offset
	// packSum is the SHA-1 the pack's trailer must hold.
	packSum [20]byte
}

var idxMagic = []byte{0xff, 't', 'O', 'c'}

// parseIndex reads an index file's bytes, checking its structure and
// checksum.
func parseIndex(name string, data []byte, checksum bool) (*packIndex, error) {
	if !bytes.HasPrefix(data, idxMagic) {
		// Version 1 indexes have no magic: they open on the fan-out table.
		return nil, &UnsupportedError{What: fmt.Sprintf("%s is a version 1 pack index (git before 1.5.2 wrote them; `git index-pack --index-version=2` rewrites it)", name)}
	}
	const head = 8 + 256*4
	if len(data) < head+40 {
		return nil, fmt.Errorf("pack index %s is truncated (%d bytes)", name, len(data))
	}
	if v := binary.BigEndian.Uint32(data[4:]); v != 2 {
		return nil, &UnsupportedError{What: fmt.Sprintf("%s is a version %d pack index", name, v)}
	}
	if checksum {
		if sum := sha1.Sum(data[:len(data)-20]); !bytes.Equal(sum[:], data[len(data)-20:]) {
			return nil, fmt.Errorf("pack index %s is corrupt: its checksum does not match its content", name)
		}
	}
	x := &packIndex{fanout: data[8:head]}
	prev := uint32(0)
	for i := range 256 {
		c := binary.BigEndian.Uint32(x.fanout[4*i:])
		if c < prev {
			return nil, fmt.Errorf("pack index %s is corrupt: its fan-out table decreases", name)
		}
		prev = c
	}
	x.n = int(prev)
	rest := len(data) - head - 40
	if x.n > rest/28 {
		return nil, fmt.Errorf("pack index %s is corrupt: %d objects do not fit in %d bytes", name, x.n, len(data))
	}
	p := head
	x.names, p = data[p:p+20*x.n], p+20*x.n
	x.crcs, p = data[p:p+4*x.n], p+4*x.n
	x.offsets, p = data[p:p+4*x.n], p+4*x.n
	x.large = data[p : len(data)-40]
	if len(x.large)%8 != 0 {
		return nil, fmt.Errorf("pack index %s is corrupt: its large-offset table is %d bytes", name, len(x.large))
	}
	copy(x.packSum[:], data[len(data)-40:])
	return x, nil
}

// find returns the position of id in the index.
func (x *packIndex) find(id ID) (int, bool) {
	return findName(x.fanout, x.names, x.n, id)
}

// findName searches a fan-out table and the sorted names it counts.
func findName(fanout, names []byte, n int, id ID) (int, bool) {
	hi := int(binary.BigEndian.Uint32(fanout[4*int(id[0]):]))
	lo := 0
	if id[0] > 0 {
		lo = int(binary.BigEndian.Uint32(fanout[4*(int(id[0])-1):]))
	}
	if hi > n || lo > hi {
		return 0, false
	}
	i := lo + sort.Search(hi-lo, func(i int) bool {
		return bytes.Compare(names[20*(lo+i):20*(lo+i+1)], id[:]) >= 0
	})
	if i < hi && bytes.Equal(names[20*i:20*(i+1)], id[:]) {
		return i, true
	}
	return 0, false
}

// offset is the pack offset of the object at position i.
func (x *packIndex) offset(i int) (int64, error) {
	o := binary.BigEndian.Uint32(x.offsets[4*i:])
	if o&0x80000000 == 0 {
		return int64(o), nil
	}
	return largeOffset(x.large, o&0x7fffffff)
}

func largeOffset(table []byte, k uint32) (int64, error) {
	if int(k) >= len(table)/8 {
		return 0, fmt.Errorf("large offset %d is past the table of %d", k, len(table)/8)
	}
	v := binary.BigEndian.Uint64(table[8*int(k):])
	if v > 1<<62 {
		return 0, fmt.Errorf("offset %d is out of range", v)
	}
	return int64(v), nil
}

// crc is the CRC-32 of the stored entry at position i.
func (x *packIndex) crc(i int) uint32 { return binary.BigEndian.Uint32(x.crcs[4*i:]) }
