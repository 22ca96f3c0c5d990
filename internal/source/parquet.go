package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/snappy"
	"github.com/pierrec/lz4/v4"
)

// Parquet files (data lakes, Spark and pandas exports) keep each column's
// values in pages, most often compressed (Snappy by default, gzip, ZSTD,
// LZ4): a value whose bytes repeat an earlier one's (a token's prefix) is
// in no run of the file. The pages are decompressed and scanned one
// after another as FILE!(parquet pages). Format: Apache Parquet's
// parquet.thrift: the magic PAR1, the column chunks, each a run of pages
// (a PageHeader in Thrift's compact protocol, then the page's bytes),
// the footer's metadata, its length (uint32) and PAR1 again. The pages
// are walked from the file's start to the footer's; which codec
// compressed a page is told by the page (gzip's and ZSTD's magic, a
// Snappy or LZ4 block that decodes to the size its header states), so
// the footer's metadata is not read. A page in another codec (Brotli,
// LZO) or a run of pages that cannot be followed is named.

const parquetMagic = "PAR1"

// parquetFile tells whether head starts a Parquet file.
func parquetFile(head []byte) bool { return bytes.HasPrefix(head, []byte(parquetMagic)) }

var errParquet = errors.New("damaged Parquet file")

// Page types and header fields of parquet.thrift.
const (
	parquetUncompressedSize = 2
	parquetCompressedSize   = 3
	parquetDataPageV2       = 8
	// In DataPageHeaderV2: the levels before the values, never compressed.
	parquetDefinitionLength = 5
	parquetRepetitionLength = 6
)

// parquetPages reads the pages of a Parquet file, decompressed, each a
// line.
type parquetPages struct {
	r     *bufio.Reader
	left  int64 // bytes before the footer's metadata
	limit int64 // on one page
	zstd  frameDecoder
	page  []byte // what is left of the page being read
	err   error
}

// newParquetPages reads the pages of the Parquet file of size bytes that
// r reads at any offset; a page larger than limit is an error.
func newParquetPages(r io.ReaderAt, size, limit int64) (*parquetPages, error) {
	var tail [8]byte
	if size < 12 {
		return nil, errParquet
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil || string(tail[4:]) != parquetMagic {
		return nil, errParquet
	}
	meta := int64(binary.LittleEndian.Uint32(tail[:4]))
	if meta > size-12 {
		return nil, errParquet
	}
	left := size - 8 - meta - 4
	return &parquetPages{r: bufio.NewReader(io.NewSectionReader(r, 4, left)), left: left, limit: limit}, nil
}

func (p *parquetPages) Read(b []byte) (int, error) {
	for len(p.page) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		p.page, p.err = p.next()
	}
	n := copy(b, p.page)
	p.page = p.page[n:]
	return n, nil
}

// next reads the next page and decompresses it; io.EOF at the footer.
func (p *parquetPages) next() ([]byte, error) {
	if p.left == 0 {
		p.zstd.close()
		return nil, io.EOF
	}
	h := pageHeader{}
	cr := &thriftReader{r: p.r}
	if err := readThriftStruct(cr, 0, h.field); err != nil {
		return nil, errParquet
	}
	p.left -= cr.n
	if h.compressed < 0 || h.compressed > p.left || h.compressed > p.limit || h.uncompressed < 0 || h.uncompressed > p.limit {
		return nil, errParquet
	}
	body := make([]byte, h.compressed)
	if _, err := io.ReadFull(p.r, body); err != nil {
		return nil, errParquet
	}
	p.left -= h.compressed
	levels := h.levels
	if levels < 0 || levels > int64(len(body)) || levels > h.uncompressed {
		return nil, errParquet
	}
	values, err := p.decompress(body[levels:], int(h.uncompressed-levels))
	if err != nil {
		return nil, err
	}
	return append(append(body[:levels:levels], values...), '\n'), nil
}

// decompress decompresses a page's values, size bytes once decompressed,
// in the codec their bytes tell.
func (p *parquetPages) decompress(b []byte, size int) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\x1f\x8b")):
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(zr, int64(size)))
		return out, err
	case bytes.HasPrefix(b, []byte("\x28\xb5\x2f\xfd")):
		return p.zstd.decodeAll(b, make([]byte, 0, size), p.limit)
	}
	if n, err := snappy.DecodedLen(b); err == nil && n == size {
		if out, err := snappy.Decode(nil, b); err == nil {
			return out, nil
		}
	}
	if len(b) == size {
		return b, nil // uncompressed
	}
	out := make([]byte, size)
	if n, err := lz4.UncompressBlock(b, out); err == nil && n == size {
		return out, nil
	}
	return nil, fmt.Errorf("a Parquet page in a codec leakhound does not open (%d bytes to %d)", len(b), size)
}

// pageHeader keeps what the walk needs of a PageHeader.
type pageHeader struct {
	uncompressed, compressed int64
	levels                   int64 // bytes of levels before a V2 page's values
}

// field reads a PageHeader's field id, nested in struct depth, of Thrift
// type typ: the sizes, and in a DataPageHeaderV2 the levels' lengths; it
// tells whether it read the value.
func (h *pageHeader) field(r *thriftReader, depth int, id int16, typ byte) (bool, error) {
	if typ != thriftI32 {
		return false, nil
	}
	v, err := binary.ReadVarint(r)
	if err != nil {
		return true, err
	}
	switch {
	case depth == 0 && id == parquetUncompressedSize:
		h.uncompressed = v
	case depth == 0 && id == parquetCompressedSize:
		h.compressed = v
	case depth == 1 && (id == parquetDefinitionLength || id == parquetRepetitionLength):
		h.levels += v
	}
	return true, nil
}

// Thrift compact protocol types (Thrift's compact protocol
// specification).
const (
	thriftStop   = 0
	thriftTrue   = 1
	thriftFalse  = 2
	thriftByte   = 3
	thriftI16    = 4
	thriftI32    = 5
	thriftI64    = 6
	thriftDouble = 7
	thriftBinary = 8
	thriftList   = 9
	thriftSet    = 10
	thriftMap    = 11
	thriftStruct = 12
)

// maxThriftDepth bounds nesting: a page header nests two levels.
const maxThriftDepth = 8

// readThriftStruct reads a struct in Thrift's compact protocol, handing
// each field to fn, which reads its value or leaves it to be skipped.
func readThriftStruct(r *thriftReader, depth int, fn func(*thriftReader, int, int16, byte) (bool, error)) error {
	if depth > maxThriftDepth {
		return errParquet
	}
	id := int16(0)
	for {
		b, err := r.ReadByte()
		if err != nil {
			return err
		}
		typ := b & 0x0f
		if typ == thriftStop {
			return nil
		}
		if delta := int16(b >> 4); delta != 0 {
			id += delta
		} else {
			v, err := binary.ReadVarint(r)
			if err != nil {
				return err
			}
			id = int16(v)
		}
		read, err := fn(r, depth, id, typ)
		if err != nil {
			return err
		}
		if read {
			continue
		}
		if typ == thriftStruct && depth == 0 && id == parquetDataPageV2 {
			err = readThriftStruct(r, depth+1, fn)
		} else {
			err = skipThrift(r, typ, depth)
		}
		if err != nil {
			return err
		}
	}
}

// skipThrift reads past a value of type typ.
func skipThrift(r *thriftReader, typ byte, depth int) error {
	if depth > maxThriftDepth {
		return errParquet
	}
	var err error
	switch typ {
	case thriftTrue, thriftFalse:
	case thriftByte:
		_, err = r.ReadByte()
	case thriftI16, thriftI32, thriftI64:
		_, err = binary.ReadVarint(r)
	case thriftDouble:
		_, err = r.skip(8)
	case thriftBinary:
		var n uint64
		if n, err = binary.ReadUvarint(r); err == nil {
			_, err = r.skip(int64(n))
		}
	case thriftList, thriftSet:
		var b byte
		if b, err = r.ReadByte(); err != nil {
			return err
		}
		n, elem := uint64(b>>4), b&0x0f
		if n == 15 {
			if n, err = binary.ReadUvarint(r); err != nil {
				return err
			}
		}
		for ; n > 0 && err == nil; n-- {
			if elem == thriftTrue || elem == thriftFalse {
				_, err = r.ReadByte() // a bool in a list takes a byte
				continue
			}
			err = skipThrift(r, elem, depth+1)
		}
	case thriftMap:
		var n uint64
		if n, err = binary.ReadUvarint(r); err != nil || n == 0 {
			return err
		}
		var kv byte
		if kv, err = r.ReadByte(); err != nil {
			return err
		}
		for ; n > 0 && err == nil; n-- {
			if err = skipThrift(r, kv>>4, depth+1); err == nil {
				err = skipThrift(r, kv&0x0f, depth+1)
			}
		}
	case thriftStruct:
		err = readThriftStruct(r, depth+1, func(*thriftReader, int, int16, byte) (bool, error) { return false, nil })
	default:
		return errParquet
	}
	return err
}

// thriftReader counts the bytes read through it.
type thriftReader struct {
	r *bufio.Reader
	n int64
}

func (c *thriftReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func (c *thriftReader) skip(n int64) (int64, error) {
	m, err := c.r.Discard(int(min(n, 1<<30)))
	c.n += int64(m)
	if err == nil && int64(m) < n {
		err = errParquet
	}
	return int64(m), err
}

// parquet scans the pages of the Parquet file u, c its bytes and size
// their length, as its member "(parquet pages)"; the file's bytes were
// scanned already. The pages are read from memory when c is held whole,
// else from the file again; a Parquet stream that cannot be read twice
// is named.
func (w *walk) parquet(u Unit, c content, size int64, raw bool, depth int) error {
	var r io.ReaderAt
	switch {
	case c.rest == nil:
		r, size = bytes.NewReader(c.head), int64(len(c.head))
	case raw && u.File != nil:
		r = io.NewSectionReader(u.File, c.zeros, size)
	default:
		w.rep.Notice(Notice{Path: u.Path, Reason: "a Parquet file read as a stream: its compressed pages were not read", Incomplete: true})
		return nil
	}
	pages, err := newParquetPages(r, size, w.held())
	if err != nil {
		return w.unread(u.Path, err, "its pages were not read")
	}
	return w.member(u, "(parquet pages)", -1, content{rest: w.inflate(pages, u.Path)}, depth)
}
