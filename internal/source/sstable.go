package source

import (
	"bytes"
	"compress/bzip2"
	"compress/flate"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/snappy"
	"github.com/pierrec/lz4/v4"
)

// What LevelDB's and RocksDB's tables share: blocks found by handles,
// each followed by a type byte (its compression) and a checksum, and
// made of entries with prefix-compressed keys.

const tableTrailer = 5 // the type byte and the CRC after a block

var errTableBlock = errors.New("damaged block in a LevelDB or RocksDB table")

// blockHandle is where a block is in the table.
type blockHandle struct{ off, size uint64 }

// readHandle reads a block handle, two varints, at the start of b.
func readHandle(b []byte) (blockHandle, int, bool) {
	off, n := binary.Uvarint(b)
	if n <= 0 {
		return blockHandle{}, 0, false
	}
	size, m := binary.Uvarint(b[n:])
	if m <= 0 {
		return blockHandle{}, 0, false
	}
	return blockHandle{off, size}, n + m, true
}

// footerIndex reads the index block's handle from a footer that starts
// with the metaindex block's handle and then the index block's.
func footerIndex(footer []byte) (blockHandle, bool) {
	_, n, ok := readHandle(footer)
	if !ok {
		return blockHandle{}, false
	}
	h, _, ok := readHandle(footer[n:])
	return h, ok
}

// tableReader reads the blocks of one table.
type tableReader struct {
	data   []byte
	path   string
	format string // LevelDB or RocksDB
	// version is a RocksDB table's format version: from 2 on, blocks
	// compressed otherwise than with Snappy state their size.
	version uint32
	limit   int64 // on what the blocks decompress to, in all
	zstd    frameDecoder
}

func (t *tableReader) close() {
	t.zstd.close()
}

// dataBlocks returns the data blocks the index block at index lists,
// decompressed, one after another, at most t.limit bytes of them. In a
// RocksDB table of format version 4 on (deltaValues) an index entry that
// shares key bytes with the one before holds only the change in block
// size, the block following the one before.
func (t *tableReader) dataBlocks(index blockHandle, deltaValues bool) ([]byte, error) {
	indexBlock, err := t.block(index, t.limit)
	if err != nil {
		return nil, err
	}
	var out []byte
	var prev blockHandle
	err = tableEntries(indexBlock, deltaValues, func(value []byte, shared bool) error {
		h, ok := blockHandle{}, false
		if shared && deltaValues {
			delta, n := binary.Varint(value)
			h, ok = blockHandle{prev.off + prev.size + tableTrailer, uint64(int64(prev.size) + delta)}, n > 0
		} else {
			h, _, ok = readHandle(value)
		}
		if !ok {
			return t.damaged()
		}
		prev = h
		block, err := t.block(h, t.limit-int64(len(out)))
		if err != nil {
			return err
		}
		out = append(append(out, block...), '\n')
		return nil
	})
	return out, err
}

// damaged is the error for a table whose structure cannot be followed.
func (t *tableReader) damaged() error {
	if t.format == "LevelDB" {
		return errLevelDB
	}
	return errRocksDB
}

// block returns the block at h decompressed to at most limit bytes.
func (t *tableReader) block(h blockHandle, limit int64) ([]byte, error) {
	data := t.data
	if h.off > uint64(len(data)) || h.size > uint64(len(data))-h.off || uint64(len(data))-h.off-h.size < tableTrailer {
		return nil, t.damaged()
	}
	raw := data[h.off : h.off+h.size]
	kind := data[h.off+h.size]
	tooLarge := &LimitError{Path: t.path, Limit: limit, What: "what a " + t.format + " table's blocks decompress to"}
	switch kind {
	case 0:
		// An index may list one block many times: what is returned
		// counts against the limit, compressed or not.
		if int64(len(raw)) > limit {
			return nil, tooLarge
		}
		return raw, nil
	case 1:
		n, err := snappy.DecodedLen(raw)
		if err != nil {
			return nil, err
		}
		if int64(n) > limit {
			return nil, tooLarge
		}
		return snappy.Decode(nil, raw)
	}
	name, ok := rocksdbCompression[kind]
	if !ok || t.version < 2 {
		return nil, fmt.Errorf("%s block compressed with type %d, which leakhound does not open", t.format, kind)
	}
	size, n := binary.Uvarint(raw)
	if n <= 0 {
		return nil, t.damaged()
	}
	if size > uint64(limit) {
		return nil, tooLarge
	}
	out, err := t.decompress(name, raw[n:], int(size))
	if err != nil {
		return nil, fmt.Errorf("%s %s block: %w", t.format, name, err)
	}
	return out, nil
}

// rocksdbCompression names the compression types leakhound opens other
// than Snappy (RocksDB's CompressionType); LZ4HC writes LZ4 blocks.
// LevelDB knows none of them.
var rocksdbCompression = map[byte]string{2: "zlib", 3: "bzip2", 4: "lz4", 5: "lz4", 7: "zstd"}

// decompress decompresses a block that states its size.
func (t *tableReader) decompress(name string, src []byte, size int) ([]byte, error) {
	var r io.Reader
	switch name {
	case "lz4":
		out := make([]byte, size)
		n, err := lz4.UncompressBlock(src, out)
		if err != nil {
			return nil, err
		}
		return out[:n], nil
	case "zstd":
		// The decoder's memory bound holds a frame that decompresses to
		// more than the block states.
		out, err := t.zstd.decodeAll(src, make([]byte, 0, size), t.limit)
		if err != nil {
			return nil, err
		}
		if len(out) > size {
			return nil, t.damaged()
		}
		return out, nil
	case "bzip2":
		r = bzip2.NewReader(bytes.NewReader(src))
	default: // zlib: raw DEFLATE, as RocksDB writes it by default, or a zlib stream
		r = flate.NewReader(bytes.NewReader(src))
		if len(src) >= 2 && src[0]&0x0f == 8 && (uint16(src[0])<<8|uint16(src[1]))%31 == 0 {
			zr, err := zlib.NewReader(bytes.NewReader(src))
			if err != nil {
				return nil, err
			}
			r = zr
		}
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(size)))
	if err != nil {
		return nil, err
	}
	return out, nil
}

// tableEntries calls fn with the value of each entry of a block of a
// LevelDB or RocksDB table, and whether the entry shares key bytes
// with the one before: a run of entries (shared key length, unshared key
// length, value length as varints, the unshared key bytes, the value),
// then the restart points, uint32 each, and their count. In a RocksDB
// index block with delta-encoded values (deltaValues) an entry holds no
// value length: its value is a block handle, or, when it shares key
// bytes, one signed varint.
func tableEntries(block []byte, deltaValues bool, fn func(value []byte, shared bool) error) error {
	if len(block) < 4 {
		return errTableBlock
	}
	restarts := uint64(binary.LittleEndian.Uint32(block[len(block)-4:]))
	if restarts > uint64(len(block)-4)/4 {
		return errTableBlock
	}
	end := len(block) - 4 - 4*int(restarts)
	keyLen := uint64(0)
	for at := 0; at < end; {
		var lens [3]uint64
		fields := 3
		if deltaValues {
			fields = 2
		}
		for i := range fields {
			v, n := binary.Uvarint(block[at:end])
			if n <= 0 {
				return errTableBlock
			}
			lens[i], at = v, at+n
		}
		if lens[0] > keyLen || lens[1] > uint64(end-at) {
			return errTableBlock
		}
		keyLen = lens[0] + lens[1]
		at += int(lens[1])
		if deltaValues {
			lens[2] = uint64(valueLen(block[at:end], lens[0] > 0))
		}
		if lens[2] == 0 && deltaValues || lens[2] > uint64(end-at) {
			return errTableBlock
		}
		if err := fn(block[at:at+int(lens[2])], lens[0] > 0); err != nil {
			return err
		}
		at += int(lens[2])
	}
	return nil
}

// valueLen is the length of a delta-encoded index value at the start of b:
// one varint when the entry shares key bytes, else two (0: damaged).
func valueLen(b []byte, shared bool) int {
	_, n := binary.Uvarint(b)
	if n <= 0 || shared {
		return max(n, 0)
	}
	_, m := binary.Uvarint(b[n:])
	if m <= 0 {
		return 0
	}
	return n + m
}

// largeTable reads the LevelDB or RocksDB table, longer than a piece and
// so read as a stream, told by the magic number that ends it (ends.tail):
// whole, from the file again (u.File, the bytes from from on, raw: c is
// the file's bytes), as a shorter table is read. One larger than what a
// scan holds, or that cannot be read again (standard input, an archive
// member), is named.
func (w *walk) largeTable(u Unit, from int64, ends textEnds, raw bool, depth int) error {
	tail, size := ends.tail, ends.length
	if len(tail) < 8 || size < leveldbFooter {
		return nil
	}
	if magic := string(tail[len(tail)-8:]); magic != leveldbMagic && magic != rocksdbMagic {
		return nil
	}
	if !raw || u.File == nil {
		w.rep.Notice(Notice{Path: u.Path, Reason: "a LevelDB or RocksDB table read as a stream: its compressed blocks were not read", Incomplete: true})
		return nil
	}
	if size > w.held() {
		return w.unread(u.Path, &LimitError{Path: u.Path, Limit: w.held(), What: "a table is read whole"}, "its blocks were not read")
	}
	data := make([]byte, size)
	if _, err := u.File.ReadAt(data, from); err != nil {
		return w.unread(u.Path, err, "its blocks were not read")
	}
	if leveldbTable(data) {
		return w.leveldb(u, data, depth)
	}
	return w.rocksdb(u, data, depth)
}
