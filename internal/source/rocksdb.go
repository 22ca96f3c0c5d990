package source

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// RocksDB, LevelDB's descendant, keeps data in block-based table files
// (.sst) much like LevelDB's (see leveldb.go), with more ways to compress
// a block (Snappy, zlib, bzip2, LZ4, ZSTD) and a footer of its own: a
// token a block compresses is in no run of the file, so the data blocks
// are decompressed and scanned, whole, as FILE!(rocksdb blocks). Format:
// RocksDB's table/format.h and its wiki's "Rocksdb BlockBasedTable
// Format": a 53-byte footer (a checksum type, the metaindex and index
// blocks' handles padded to 40 bytes, the format version, the magic);
// from version 4 an index entry that shares key bytes with the one before
// holds only the change in block size (the block follows the one
// before). From version 2 a block compressed otherwise than with Snappy
// starts with its decompressed size. Version 6 (RocksDB 8.6 on) moves
// the index handle out of the footer: such a table is named, not read.

const (
	rocksdbMagic  = "\xf7\xcf\xf4\x85\xb7\x41\xe2\x88" // 0x88e241b785f4cff7, little-endian
	rocksdbFooter = 53
)

// rocksdbTable tells whether data, a whole file, is a RocksDB
// block-based table.
func rocksdbTable(data []byte) bool {
	return len(data) >= rocksdbFooter && string(data[len(data)-len(rocksdbMagic):]) == rocksdbMagic
}

var errRocksDB = errors.New("damaged RocksDB table")

// rocksdbBlocks returns the data blocks of the table at path decompressed,
// one after another, at most limit bytes of them.
func rocksdbBlocks(data []byte, path string, limit int64) ([]byte, error) {
	footer := data[len(data)-rocksdbFooter:]
	version := binary.LittleEndian.Uint32(footer[41:45])
	t := &tableReader{data: data, path: path, format: "RocksDB", version: version, limit: limit}
	defer t.close()
	index, err := rocksdbIndex(footer, version)
	if err != nil {
		return nil, err
	}
	return t.dataBlocks(index, version >= 4)
}

// rocksdbIndex reads the index block's handle from the footer of a table
// of that format version, after the checksum type and the metaindex
// block's handle.
func rocksdbIndex(footer []byte, version uint32) (blockHandle, error) {
	if version >= 6 {
		// The footer holds the metaindex block's size only, the index
		// handle being in the metaindex: not read yet.
		return blockHandle{}, fmt.Errorf("RocksDB table format version %d, which leakhound does not read", version)
	}
	if h, ok := footerIndex(footer[1:]); ok {
		return h, nil
	}
	return blockHandle{}, errRocksDB
}

// rocksdb scans the data blocks of the RocksDB table data, the whole of
// u, as its member "(rocksdb blocks)"; the table's own bytes are scanned
// as well, by the caller. A table that cannot be read is named.
func (w *walk) rocksdb(u Unit, data []byte, depth int) error {
	blocks, err := rocksdbBlocks(data, u.Path, min(w.held(), w.bombRoom()))
	if err != nil {
		return w.unread(u.Path, err, "its blocks were not read")
	}
	w.inflated += int64(len(blocks))
	return w.member(u, "(rocksdb blocks)", int64(len(blocks)), content{head: blocks}, depth)
}
