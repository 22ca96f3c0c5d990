package source

import "errors"

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
	leveldbMagic  = "\x57\xfb\x80\x8b\x24\x75\x47\xdb" // 0xdb4775248b80fb57, little-endian
	leveldbFooter = 48
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
	index, ok := footerIndex(footer)
	if !ok {
		return nil, errLevelDB
	}
	t := &tableReader{data: data, path: path, format: "LevelDB", limit: limit}
	return t.dataBlocks(index, false)
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
