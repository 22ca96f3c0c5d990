package source

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/klauspost/compress/snappy"
)

// Avro object container files (.avro: Kafka Connect sinks, Hadoop and
// data lake exports) keep records in blocks compressed with the codec
// their header names (deflate, snappy, zstandard, bzip2, xz): a record
// holding a token is in no run of the file. The blocks are decompressed
// and scanned one after another as FILE!(avro blocks), as a stream, each
// block held once. Format: the Avro specification, "Object Container
// Files": the magic Obj\x01, the metadata as a map of bytes (avro.codec,
// avro.schema), a 16-byte sync marker, then blocks of an object count, a
// byte size, the serialized (compressed) objects and the sync marker.
// Numbers are zigzag varints, as encoding/binary's Varint reads them.

const avroMagic = "Obj\x01"

// avroFile tells whether head starts an Avro object container file.
func avroFile(head []byte) bool { return bytes.HasPrefix(head, []byte(avroMagic)) }

// maxAvroMeta bounds an Avro header's metadata: a schema, a codec name.
const maxAvroMeta = 16 << 20

var errAvro = errors.New("damaged Avro file")

// avroBlocks reads an Avro file's blocks, decompressed, each a line.
type avroBlocks struct {
	r     *bufio.Reader
	path  string
	codec string
	sync  [16]byte
	limit int64 // on one block, decompressed
	zstd  frameDecoder
	block []byte // what is left of the block being read
	err   error
}

// newAvroBlocks reads the header of the Avro file r reads; blocks whose
// data decompress to more than limit bytes are an error.
func newAvroBlocks(r io.Reader, path string, limit int64) (*avroBlocks, error) {
	a := &avroBlocks{r: bufio.NewReader(r), path: path, codec: "null", limit: limit}
	magic := make([]byte, len(avroMagic))
	if _, err := io.ReadFull(a.r, magic); err != nil || string(magic) != avroMagic {
		return nil, errAvro
	}
	meta := int64(0)
	for {
		count, err := binary.ReadVarint(a.r)
		if err != nil {
			return nil, errAvro
		}
		if count == 0 {
			break
		}
		if count < 0 { // a block of the map that states its byte size
			count = -count
			if _, err := binary.ReadVarint(a.r); err != nil {
				return nil, errAvro
			}
		}
		for range count {
			key, err := a.bytes(maxAvroMeta - meta)
			if err != nil {
				return nil, err
			}
			value, err := a.bytes(maxAvroMeta - meta - int64(len(key)))
			if err != nil {
				return nil, err
			}
			meta += int64(len(key) + len(value))
			if string(key) == "avro.codec" {
				a.codec = string(value)
			}
		}
	}
	switch a.codec {
	case "null", "deflate", "snappy", "zstandard", "bzip2", "xz":
	default:
		return nil, fmt.Errorf("Avro codec %.40q, which leakhound does not open", a.codec)
	}
	if _, err := io.ReadFull(a.r, a.sync[:]); err != nil {
		return nil, errAvro
	}
	return a, nil
}

// bytes reads a length and that many bytes, at most limit of them.
func (a *avroBlocks) bytes(limit int64) ([]byte, error) {
	n, err := binary.ReadVarint(a.r)
	if err != nil || n < 0 || n > limit {
		return nil, errAvro
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(a.r, b); err != nil {
		return nil, errAvro
	}
	return b, nil
}

func (a *avroBlocks) Read(p []byte) (int, error) {
	for len(a.block) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		a.block, a.err = a.next()
	}
	n := copy(p, a.block)
	a.block = a.block[n:]
	return n, nil
}

// next reads and decompresses the next block; io.EOF after the last.
func (a *avroBlocks) next() ([]byte, error) {
	if _, err := a.r.Peek(1); err == io.EOF {
		a.zstd.close()
		return nil, io.EOF
	}
	if _, err := binary.ReadVarint(a.r); err != nil { // the object count
		return nil, errAvro
	}
	data, err := a.bytes(a.limit)
	if err != nil {
		return nil, err
	}
	var sync [16]byte
	if _, err := io.ReadFull(a.r, sync[:]); err != nil || sync != a.sync {
		return nil, errAvro
	}
	out, err := a.decompress(data)
	if err != nil {
		return nil, fmt.Errorf("Avro %s block: %w", a.codec, err)
	}
	return append(out, '\n'), nil
}

// decompress decompresses one block's data with the file's codec.
func (a *avroBlocks) decompress(data []byte) ([]byte, error) {
	tooLarge := errors.New("a block decompresses past the size limit")
	var r io.Reader
	switch a.codec {
	case "null":
		return data, nil
	case "snappy": // a Snappy block, then the CRC-32 of what it holds
		if len(data) < 4 {
			return nil, errAvro
		}
		n, err := snappy.DecodedLen(data[:len(data)-4])
		if err != nil {
			return nil, err
		}
		if int64(n) > a.limit {
			return nil, tooLarge
		}
		out, err := snappy.Decode(nil, data[:len(data)-4])
		if err != nil {
			return nil, err
		}
		if crc32.ChecksumIEEE(out) != binary.BigEndian.Uint32(data[len(data)-4:]) {
			return nil, errors.New("checksum mismatch")
		}
		return out, nil
	case "zstandard":
		return a.zstd.decodeAll(data, nil, a.limit)
	case "deflate":
		r = flate.NewReader(bytes.NewReader(data))
	case "bzip2":
		r = bzip2.NewReader(bytes.NewReader(data))
	case "xz":
		var err error
		if r, err = xzReader(bytes.NewReader(data), a.path); err != nil {
			return nil, err
		}
	}
	out, err := io.ReadAll(io.LimitReader(r, a.limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(out)) > a.limit {
		return nil, tooLarge
	}
	return out, nil
}

// avro scans the blocks of the Avro file u, c its bytes, as its member
// "(avro blocks)"; the file's own bytes are scanned as well, by the
// caller. The blocks are read from memory when c is held whole, else from
// the file again; an Avro stream that cannot be read twice (standard
// input, an archive member over a piece) is named.
func (w *walk) avro(u Unit, c content, raw bool, depth int) error {
	var r io.Reader
	switch {
	case c.rest == nil:
		r = bytes.NewReader(c.head)
	case raw && u.File != nil:
		r = io.NewSectionReader(u.File, c.zeros, 1<<62)
	default:
		w.rep.Notice(Notice{Path: u.Path, Reason: "an Avro file read as a stream: its compressed blocks were not read", Incomplete: true})
		return nil
	}
	blocks, err := newAvroBlocks(r, u.Path, w.held())
	if err != nil {
		return w.unread(u.Path, err, "its blocks were not read")
	}
	return w.member(u, "(avro blocks)", -1, content{rest: w.inflate(blocks, u.Path)}, depth)
}
