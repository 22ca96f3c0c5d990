package source

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/klauspost/compress/snappy"
)

// LevelDB keeps data in table files (.ldb, .sst) whose blocks are mostly
// Snappy-compressed: Chromium's and Electron apps' Local Storage and
// IndexedDB (where web apps keep session tokens: Slack, Discord, Teams),
// and many servers' stores. Their text is in no run of the file's bytes,
// so the data blocks are decompressed and scanned, one after another, as
// FILE!(leveldb blocks). Format: LevelDB's doc/table_format.md: a 48-byte
// footer at the end (the metaindex and index blocks' handles, each two
// varints, padded, then the magic), an index block whose values are the
// data blocks' handles, and after each block a type byte (0 none, 1
// Snappy) and a CRC.

const (
	leveldbMagic   = "\x57\xfb\x80\x8b\x24\x75\x47\xdb" // 0xdb4775248b80fb57, little-endian
	leveldbFooter  = 48
	leveldbTrailer = 5 // the type byte and the CRC after a block
)

// leveldbTable tells whether data, a whole file, is a LevelDB table.
func leveldbTable(data []byte) bool {
	return len(data) >= leveldbFooter && string(data[len(data)-len(leveldbMagic):]) == leveldbMagic
}

var errLevelDB = errors.New("damaged LevelDB table")

// leveldbBlocks returns the data blocks of the table at path decompressed,
// one after another, at most limit bytes of them.
func leveldbBlocks(data []byte, path string, limit int64) ([]byte, error) {
	footer := data[len(data)-leveldbFooter:]
	var handles [4]uint64 // metaindex offset and size, index offset and size
	at := 0
	for i := range handles {
		v, n := binary.Uvarint(footer[at:])
		if n <= 0 {
			return nil, errLevelDB
		}
		handles[i], at = v, at+n
	}
	index, err := leveldbBlock(data, path, handles[2], handles[3], limit)
	if err != nil {
		return nil, err
	}
	var out []byte
	err = leveldbEntries(index, func(value []byte) error {
		off, n := binary.Uvarint(value)
		size, m := binary.Uvarint(value[max(n, 0):])
		if n <= 0 || m <= 0 {
			return errLevelDB
		}
		block, err := leveldbBlock(data, path, off, size, limit-int64(len(out)))
		if err != nil {
			return err
		}
		out = append(append(out, block...), '\n')
		return nil
	})
	return out, err
}

// leveldbBlock returns the block of size bytes at off in the table at
// path, decompressed to at most limit bytes.
func leveldbBlock(data []byte, path string, off, size uint64, limit int64) ([]byte, error) {
	if off > uint64(len(data)) || size > uint64(len(data))-off || uint64(len(data))-off-size < leveldbTrailer {
		return nil, errLevelDB
	}
	raw := data[off : off+size]
	switch data[off+size] {
	case 0:
		return raw, nil
	case 1:
		n, err := snappy.DecodedLen(raw)
		if err != nil {
			return nil, err
		}
		if int64(n) > limit {
			return nil, &LimitError{Path: path, Limit: limit, What: "what a LevelDB table's blocks decompress to"}
		}
		return snappy.Decode(nil, raw)
	}
	return nil, fmt.Errorf("LevelDB block compressed with type %d, which leakhound does not open", data[off+size])
}

// leveldbEntries calls fn with the value of each entry of a block: a run
// of entries (shared key length, unshared key length, value length as
// varints, the unshared key bytes, the value), then the restart points,
// uint32 each, and their count.
func leveldbEntries(block []byte, fn func(value []byte) error) error {
	if len(block) < 4 {
		return errLevelDB
	}
	restarts := uint64(binary.LittleEndian.Uint32(block[len(block)-4:]))
	if restarts > uint64(len(block)-4)/4 {
		return errLevelDB
	}
	end := len(block) - 4 - 4*int(restarts)
	for at := 0; at < end; {
		var lens [3]uint64
		for i := range lens {
			v, n := binary.Uvarint(block[at:end])
			if n <= 0 {
				return errLevelDB
			}
			lens[i], at = v, at+n
		}
		if lens[1] > uint64(end-at) || lens[2] > uint64(end-at)-lens[1] {
			return errLevelDB
		}
		at += int(lens[1])
		if err := fn(block[at : at+int(lens[2])]); err != nil {
			return err
		}
		at += int(lens[2])
	}
	return nil
}

// leveldb scans the data blocks of the LevelDB table data, the whole of
// u, as its member "(leveldb blocks)"; the table's own bytes are scanned
// as well, by the caller. A table that cannot be read is named.
func (w *walk) leveldb(u Unit, data []byte, depth int) error {
	blocks, err := leveldbBlocks(data, u.Path, min(w.held(), w.bombRoom()))
	if err != nil {
		return w.unread(u.Path, err, "its blocks were not read")
	}
	w.inflated += int64(len(blocks))
	return w.member(u, "(leveldb blocks)", int64(len(blocks)), content{head: blocks}, depth)
}
