package gitpack

import (
	"errors"
	"fmt"
)

// maxObjectSize bounds the sizes headers may state, so that arithmetic on
// them cannot overflow; no git object comes near it.
const maxObjectSize = 1 << 48

// parseEntryHeader reads a pack entry's header: the type in bits 4-6 of
// the first byte, the inflated size in its low 4 bits and then 7 bits per
// byte, low bits first, while the top bit is set. It returns the number of
// bytes read.
func parseEntryHeader(b []byte) (t Type, size int64, n int, err error) {
	if len(b) == 0 {
		return 0, 0, 0, errors.New("entry header is truncated")
	}
	c := b[0]
	t = Type(c >> 4 & 7)
	size = int64(c & 0x0f)
	shift := 4
	n = 1
	for c&0x80 != 0 {
		if n >= len(b) {
			return 0, 0, 0, errors.New("entry header is truncated")
		}
		if shift > 48 {
			return 0, 0, 0, errors.New("entry header states an impossible size")
		}
		c = b[n]
		n++
		size |= int64(c&0x7f) << shift
		shift += 7
	}
	if size > maxObjectSize {
		return 0, 0, 0, errors.New("entry header states an impossible size")
	}
	switch t {
	case Commit, Tree, Blob, Tag, ofsDelta, refDelta:
		return t, size, n, nil
	}
	return 0, 0, 0, fmt.Errorf("entry has invalid type %d", t)
}

// parseBaseDistance reads the distance back to an OFS_DELTA entry's base:
// 7 bits per byte, high bits first, each continuation adding one so that
// no distance has two encodings.
func parseBaseDistance(b []byte) (dist int64, n int, err error) {
	for {
		if n >= len(b) {
			return 0, 0, errors.New("delta base offset is truncated")
		}
		c := b[n]
		n++
		dist |= int64(c & 0x7f)
		if c&0x80 == 0 {
			return dist, n, nil
		}
		if dist >= maxObjectSize>>7 {
			return 0, 0, errors.New("delta base offset is out of range")
		}
		dist = (dist + 1) << 7
	}
}

// deltaSize reads one of the two sizes a delta opens with (the base's,
// then the result's): 7 bits per byte, low bits first.
func deltaSize(d []byte) (size int64, n int, err error) {
	shift := 0
	for {
		if n >= len(d) {
			return 0, 0, errors.New("delta header is truncated")
		}
		c := d[n]
		n++
		size |= int64(c&0x7f) << shift
		if c&0x80 == 0 {
			if size > maxObjectSize {
				return 0, 0, errors.New("delta states an impossible size")
			}
			return size, n, nil
		}
		shift += 7
		if shift > 48 {
			return 0, 0, errors.New("delta states an impossible size")
		}
	}
}

// deltaSizes returns the base and result sizes a delta states, and where
// its instructions start.
func deltaSizes(d []byte) (base, result int64, n int, err error) {
	base, n, err = deltaSize(d)
	if err != nil {
		return 0, 0, 0, err
	}
	result, m, err := deltaSize(d[n:])
	return base, result, n + m, err
}

// applyDelta rebuilds an object from its base and a delta, appending it
// to dst[:0]. A delta is a list of instructions after the two sizes: a
// byte with the top bit set copies a range of the base, its low 4 bits
// saying which offset bytes follow and the next 3 which size bytes
// (little-endian; size 0 means 0x10000); a byte 1..127 inserts that many
// bytes that follow it; 0 is reserved. Every size and range is checked.
func applyDelta(dst, base, delta []byte) ([]byte, error) {
	return applyDeltaCopies(dst, base, delta, nil)
}

// Copy is a range of an object copied from its delta base: Len bytes at
// At in the object are the base's at From.
type Copy struct{ At, From, Len int }

// applyDeltaCopies is applyDelta that also appends the ranges the delta
// copies to *copies when it is set, adjacent ones joined.
func applyDeltaCopies(dst, base, delta []byte, copies *[]Copy) ([]byte, error) {
	baseSize, resultSize, p, err := deltaSizes(delta)
	if err != nil {
		return dst, err
	}
	if baseSize != int64(len(base)) {
		return dst, fmt.Errorf("delta expects a base of %d bytes, its base has %d", baseSize, len(base))
	}
	// No instruction writes more than 0xffffff bytes from 4 bytes: a
	// larger stated size is damage, not to be allocated.
	if resultSize > int64(len(delta)-p)<<22 {
		return dst, fmt.Errorf("delta states %d bytes, more than its %d bytes of instructions can produce", resultSize, len(delta)-p)
	}
	if int64(cap(dst)) < resultSize {
		dst = make([]byte, 0, resultSize)
	}
	out := dst[:resultSize]
	w := 0
	for p < len(delta) {
		op := delta[p]
		p++
		switch {
		case op&0x80 != 0:
			var off, size uint64
			for i := range 4 {
				if op&(1<<i) != 0 {
					if p >= len(delta) {
						return dst, errors.New("delta copy instruction is truncated")
					}
					off |= uint64(delta[p]) << (8 * i)
					p++
				}
			}
			for i := range 3 {
				if op&(0x10<<i) != 0 {
					if p >= len(delta) {
						return dst, errors.New("delta copy instruction is truncated")
					}
					size |= uint64(delta[p]) << (8 * i)
					p++
				}
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) {
				return dst, fmt.Errorf("delta copies bytes %d..%d of a base of %d", off, off+size, len(base))
			}
			if size > uint64(len(out)-w) {
				return dst, fmt.Errorf("delta writes past the %d bytes it states", resultSize)
			}
			if copies != nil {
				c := *copies
				if n := len(c); n > 0 && c[n-1].At+c[n-1].Len == w && c[n-1].From+c[n-1].Len == int(off) {
					c[n-1].Len += int(size)
				} else {
					*copies = append(c, Copy{At: w, From: int(off), Len: int(size)})
				}
			}
			w += copy(out[w:], base[off:off+size])
		case op != 0:
			n := int(op)
			if p+n > len(delta) {
				return dst, errors.New("delta insert instruction is truncated")
			}
			if n > len(out)-w {
				return dst, fmt.Errorf("delta writes past the %d bytes it states", resultSize)
			}
			w += copy(out[w:], delta[p:p+n])
			p += n
		default:
			return dst, errors.New("delta holds the reserved instruction 0")
		}
	}
	if int64(w) != resultSize {
		return dst, fmt.Errorf("delta produces %d bytes, it states %d", w, resultSize)
	}
	return out, nil
}
