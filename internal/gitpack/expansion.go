package gitpack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zlib"
)

// ErrExpansion is returned by Expansion when indexing a pack would produce
// more than its limit.
var ErrExpansion = errors.New("a git pack that expands past the limit")

// Expansion returns how many bytes indexing pack (the bytes of a .pack
// file, as a bundle carries one) produces: every entry's inflated data
// and, for a delta, the object it rebuilds. Indexing a pack (git
// index-pack) inflates and hashes all of it before anything can be read:
// a 7 KB zip in git's own tests holds a pack of a 4 GB blob of zeros that
// took index-pack 23 s of CPU. Entries are inflated one at a time and the
// walk stops with ErrExpansion as soon as the total passes limit, so the
// check costs at most limit bytes of inflation. idLen is the length of
// an object id (20 for SHA-1, 32 for SHA-256), which a REF_DELTA entry
// names its base by.
func Expansion(pack []byte, idLen int, limit int64) (int64, error) {
	if len(pack) < 12 || !bytes.Equal(pack[:4], []byte("PACK")) {
		return 0, errors.New("not a git pack")
	}
	if v := binary.BigEndian.Uint32(pack[4:8]); v != 2 && v != 3 {
		return 0, fmt.Errorf("git pack version %d", v)
	}
	count := binary.BigEndian.Uint32(pack[8:12])
	r := bytes.NewReader(pack)
	off := int64(12)
	var total int64
	var zr io.ReadCloser
	head := make([]byte, 0, 20)
	for i := uint32(0); i < count; i++ {
		if off >= int64(len(pack)) {
			return total, fmt.Errorf("the pack ends after %d of its %d entries", i, count)
		}
		typ, size, n, err := parseEntryHeader(pack[off:])
		if err != nil {
			return total, fmt.Errorf("entry %d: %w", i, err)
		}
		off += int64(n)
		switch typ {
		case ofsDelta:
			_, m, err := parseBaseDistance(pack[off:])
			if err != nil {
				return total, fmt.Errorf("entry %d: %w", i, err)
			}
			off += int64(m)
		case refDelta:
			off += int64(idLen)
		}
		if total += size; total > limit {
			return total, ErrExpansion
		}
		if off > int64(len(pack)) {
			return total, fmt.Errorf("entry %d is truncated", i)
		}
		r.Reset(pack)
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			return total, err
		}
		if zr == nil {
			zr, err = zlib.NewReader(r)
		} else {
			err = zr.(zlib.Resetter).Reset(r, nil)
		}
		if err != nil {
			return total, fmt.Errorf("entry %d: %w", i, err)
		}
		// Inflate the entry whole, to find where it ends (a zlib stream
		// does not say its length), keeping a delta's first bytes for the
		// size of the object it rebuilds. The header's size bounds it.
		lr := io.LimitReader(zr, size+1)
		k, err := io.ReadFull(lr, head[:min(size, int64(cap(head)))])
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			err = nil // shorter than its header says: counted below
		}
		head = head[:k]
		rest := int64(0)
		if err == nil {
			rest, err = io.Copy(io.Discard, lr)
		}
		if err != nil {
			return total, fmt.Errorf("entry %d: %w", i, err)
		}
		got := int64(k) + rest
		if got != size {
			return total, fmt.Errorf("entry %d inflates to %d bytes, not the %d its header states", i, got, size)
		}
		if typ == ofsDelta || typ == refDelta {
			_, result, _, err := deltaSizes(head)
			if err != nil {
				return total, fmt.Errorf("entry %d: %w", i, err)
			}
			if total += result; total > limit {
				return total, ErrExpansion
			}
		}
		off = int64(len(pack)) - int64(r.Len())
	}
	return total, nil
}
