package gitpack

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"strings"
)

// multiIndex is a multi-pack-index file (version 1): one sorted table of
// the objects of several packs, each with the pack that holds it and its
// offset there. It is a faster way to the same places as the packs' own
// indexes, which stay beside it.
type multiIndex struct {
	n       int
	packs   []string // the .pack file names, by pack-int-id
	fanout  []byte
	names   []byte
	offsets []byte // per object: pack-int-id, offset
	large   []byte // nil when the file has no large offsets
}

// parseMultiIndex reads a multi-pack-index. Chunks this package does not
// need (bitmapped packs, reverse index) are passed over.
func parseMultiIndex(name string, data []byte, checksum bool) (*multiIndex, error) {
	const head = 12
	if len(data) < head+20 || string(data[:4]) != "MIDX" {
		return nil, fmt.Errorf("%s is not a multi-pack-index", name)
	}
	if data[4] != 1 {
		return nil, &UnsupportedError{What: fmt.Sprintf("%s is a version %d multi-pack-index", name, data[4])}
	}
	if data[5] != 1 {
		return nil, &UnsupportedError{What: fmt.Sprintf("%s names objects with hash version %d, not SHA-1", name, data[5])}
	}
	if data[7] != 0 {
		return nil, &UnsupportedError{What: fmt.Sprintf("%s is a layer of an incremental multi-pack-index", name)}
	}
	if checksum {
		if sum := sha1.Sum(data[:len(data)-20]); !bytes.Equal(sum[:], data[len(data)-20:]) {
			return nil, fmt.Errorf("multi-pack-index %s is corrupt: its checksum does not match its content", name)
		}
	}
	chunks := int(data[6])
	npacks := int(binary.BigEndian.Uint32(data[8:]))
	if head+12*(chunks+1) > len(data)-20 {
		return nil, fmt.Errorf("multi-pack-index %s is corrupt: its chunk table is truncated", name)
	}
	found := map[string][]byte{}
	for i := range chunks {
		e := data[head+12*i:]
		id := string(e[:4])
		from := binary.BigEndian.Uint64(e[4:])
		to := binary.BigEndian.Uint64(e[16:]) // the next entry's offset ends this chunk
		if from > to || to > uint64(len(data)-20) {
			return nil, fmt.Errorf("multi-pack-index %s is corrupt: chunk %q is out of bounds", name, id)
		}
		found[id] = data[from:to]
	}
	m := &multiIndex{fanout: found["OIDF"], names: found["OIDL"], offsets: found["OOFF"], large: found["LOFF"]}
	if len(m.fanout) != 256*4 || m.names == nil || m.offsets == nil || found["PNAM"] == nil {
		return nil, fmt.Errorf("multi-pack-index %s is corrupt: a required chunk is missing", name)
	}
	m.n = int(binary.BigEndian.Uint32(m.fanout[255*4:]))
	if len(m.names) != 20*m.n || len(m.offsets) != 8*m.n {
		return nil, fmt.Errorf("multi-pack-index %s is corrupt: its tables do not hold %d objects", name, m.n)
	}
	for _, p := range strings.Split(strings.TrimRight(string(found["PNAM"]), "\x00"), "\x00") {
		// Names are of the .idx files; very early versions wrote .pack.
		base := strings.TrimSuffix(strings.TrimSuffix(p, ".idx"), ".pack")
		if base == "" || strings.ContainsAny(base, "/\\") {
			return nil, fmt.Errorf("multi-pack-index %s is corrupt: pack name %q", name, p)
		}
		m.packs = append(m.packs, base+".pack")
	}
	if len(m.packs) != npacks {
		return nil, fmt.Errorf("multi-pack-index %s is corrupt: it names %d packs, its header %d", name, len(m.packs), npacks)
	}
	return m, nil
}

// find returns the pack (by pack-int-id) and offset of id.
func (m *multiIndex) find(id ID) (pack int, offset int64, ok bool, err error) {
	i, ok := findName(m.fanout, m.names, m.n, id)
	if !ok {
		return 0, 0, false, nil
	}
	pack = int(binary.BigEndian.Uint32(m.offsets[8*i:]))
	o := binary.BigEndian.Uint32(m.offsets[8*i+4:])
	if pack >= len(m.packs) {
		return 0, 0, false, fmt.Errorf("multi-pack-index names pack %d of %d for %s", pack, len(m.packs), id)
	}
	// Without a large-offset chunk every offset is a plain 32-bit one.
	if m.large == nil || o&0x80000000 == 0 {
		return pack, int64(o), true, nil
	}
	offset, err = largeOffset(m.large, o&0x7fffffff)
	return pack, offset, err == nil, err
}
