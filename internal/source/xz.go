package source

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/ulikunitz/xz/lzma"
	xi2 "github.com/xi2/xz"
)

// An xz stream's decoder allocates, for each block, the whole dictionary
// the block's header asks for: up to 4 GiB by the format, 1.5 GiB as
// xz(1) writes at most. A few hostile bytes would then cost gigabytes, so
// the stream is read through xzGuard, which walks its framing as the
// decoder reads it and stops before a block header whose dictionary is
// over maxXZDict reaches the decoder. Format: The .xz File Format 1.2.1
// (tukaani.org/xz/xz-file-format.txt): stream header and footer (2.1.1,
// 2.1.2), block header (3.1), LZMA2 filter properties (5.3.1), index
// (4); LZMA2 chunk headers as liblzma's lzma2_decoder.c reads them.

// maxXZDict bounds an xz block's dictionary: xz's presets use at most
// 64 MiB (-8, -9), as zstd's long mode bounds its window (maxZstdWindow).
const maxXZDict = 64 << 20

const xzMagic = "\xfd7zXZ\x00"

// XZRefusedError is a block of the xz stream at Path that is not read,
// nor what follows it: its dictionary is over maxXZDict. It is reported
// there, like a *LimitError.
type XZRefusedError struct {
	Path, Reason string
}

func (e *XZRefusedError) Error() string { return e.Reason }

// xzReader decompresses the xz streams r reads, one after another, with
// github.com/xi2/xz (a port of XZ Embedded): unlike ulikunitz/xz, it
// knows the filters xz(1) puts before LZMA2, BCJ for executables (x86,
// PowerPC, IA-64, ARM, ARM-Thumb, SPARC) and delta, and it decoded Go
// source at 1.6 times the speed. It allocates each block's own
// dictionary, up to maxXZDict; the guard names a larger one first.
func xzReader(r io.Reader, path string) (io.Reader, error) {
	zr, err := xi2.NewReader(&xzGuard{r: bufio.NewReader(r), path: path}, maxXZDict)
	if err != nil {
		return nil, err
	}
	return zr, nil
}

// lzmaReader decompresses a legacy .lzma stream (LZMA-Alone), whose
// header gives the dictionary's size: over maxXZDict, it is refused as
// an xz block's is.
func lzmaReader(r io.Reader, path string) (io.Reader, error) {
	zr, err := lzma.ReaderConfig{DictCap: maxXZDict}.NewReader(r)
	var big *lzma.ErrDictSize
	if errors.As(err, &big) {
		return nil, &XZRefusedError{Path: path, Reason: fmt.Sprintf("lzma stream asks for a %d MiB dictionary, over the %d MiB leakhound allots", big.HeaderDictSize>>20, maxXZDict>>20)}
	}
	return zr, err
}

// xzGuard reads an xz file, checking each structure before it passes on
// its bytes.
type xzGuard struct {
	r     *bufio.Reader
	path  string
	state xzState
	// pass is the bytes to hand on before the next structure.
	pass int64
	// check is the size of each block's check, from the stream flags.
	check int64
	// block counts a block's header and data; blocks the stream's blocks.
	block, blocks int64
	// The index: its length so far, the varints left to read (-1 before
	// its count), and the varint being read.
	index, varints, value int64
	shift                 uint
}

type xzState int

const (
	xzStreamHeader xzState = iota
	xzBlockOrIndex
	xzChunk
	xzBlockEnd
	xzIndexVarint
	xzFooter
	xzStreamPadding
)

var errXZFraming = errors.New("xz: damaged stream framing")

func (g *xzGuard) Read(p []byte) (int, error) {
	for g.pass == 0 {
		if err := g.next(); err != nil {
			return 0, err
		}
	}
	n, err := g.r.Read(p[:min(int64(len(p)), g.pass)])
	g.pass -= int64(n)
	return n, err
}

// peek returns the next n bytes, or fails: the stream ended early.
func (g *xzGuard) peek(n int) ([]byte, error) {
	b, err := g.r.Peek(n)
	if len(b) < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}

// next reads the structure that starts here and sets what to pass on.
func (g *xzGuard) next() error {
	switch g.state {
	case xzStreamHeader:
		h, err := g.peek(12)
		if err != nil {
			return err
		}
		if string(h[:6]) != xzMagic || h[6] != 0 || h[7] > 0x0f {
			return errXZFraming
		}
		// Check sizes by type (3.1.3 of the format): 0, then 4, 8, 16,
		// 32 and 64 bytes for each three types.
		g.check = 0
		if t := h[7]; t > 0 {
			g.check = 4 << ((t - 1) / 3)
		}
		g.blocks, g.pass, g.state = 0, 12, xzBlockOrIndex
	case xzBlockOrIndex:
		b, err := g.peek(1)
		if err != nil {
			return err
		}
		if b[0] == 0 { // the index indicator
			g.index, g.varints, g.value, g.shift = 1, -1, 0, 0
			g.pass, g.state = 1, xzIndexVarint
			return nil
		}
		size := (int(b[0]) + 1) * 4
		h, err := g.peek(size)
		if err != nil {
			return err
		}
		if dict, err := xzBlockDict(h, g.path); err != nil {
			return err
		} else if dict > maxXZDict {
			return &XZRefusedError{Path: g.path, Reason: fmt.Sprintf("xz block asks for a %d MiB dictionary, over the %d MiB leakhound allots", dict>>20, maxXZDict>>20)}
		}
		g.blocks++
		g.block, g.pass, g.state = int64(size), int64(size), xzChunk
	case xzChunk:
		// LZMA2 chunks: 0x00 ends the data; 0x01 and 0x02 an
		// uncompressed chunk of a 16-bit size+1; 0x80 and above an LZMA
		// chunk with its unpacked size, packed size+1 (16 bits) and, from
		// 0xC0, a properties byte.
		b, err := g.peek(1)
		if err != nil {
			return err
		}
		switch c := b[0]; {
		case c == 0:
			g.pass, g.state = 1, xzBlockEnd
		case c == 1 || c == 2:
			h, err := g.peek(3)
			if err != nil {
				return err
			}
			g.pass = 3 + int64(binary.BigEndian.Uint16(h[1:])) + 1
		case c >= 0x80:
			n := 5
			if c >= 0xc0 {
				n = 6
			}
			h, err := g.peek(n)
			if err != nil {
				return err
			}
			g.pass = int64(n) + int64(binary.BigEndian.Uint16(h[3:])) + 1
		default:
			return errXZFraming
		}
		g.block += g.pass
	case xzBlockEnd:
		// Padding to four bytes, then the check.
		g.pass, g.state = (4-g.block%4)%4+g.check, xzBlockOrIndex
	case xzIndexVarint:
		b, err := g.peek(1)
		if err != nil {
			return err
		}
		if g.shift > 63 {
			return errXZFraming
		}
		g.value |= int64(b[0]&0x7f) << g.shift
		g.shift += 7
		g.index++
		g.pass = 1
		if b[0]&0x80 != 0 {
			return nil
		}
		if g.varints < 0 {
			// One record (two varints) a block.
			if g.value != g.blocks {
				return errXZFraming
			}
			g.varints = 2 * g.value
		} else {
			g.varints--
		}
		g.value, g.shift = 0, 0
		if g.varints == 0 {
			// After this byte: padding to four bytes, then a CRC32.
			g.pass += (4-g.index%4)%4 + 4
			g.state = xzFooter
		}
	case xzFooter:
		g.pass, g.state = 12, xzStreamPadding
	case xzStreamPadding:
		// Streams may follow each other, with zeros between them in
		// fours.
		b, err := g.r.Peek(4)
		if len(b) == 0 && errors.Is(err, io.EOF) {
			return io.EOF
		}
		if len(b) == 4 && string(b) == "\x00\x00\x00\x00" {
			g.pass = 4
			return nil
		}
		g.state = xzStreamHeader
	}
	return nil
}

// xzNewFilter names the filters xz added after XZ Embedded's decoder was
// ported (xz 5.4 and 5.6; the format's 5.3), or "": the others before
// LZMA2 (0x21) are BCJ's and delta's, which it decodes.
func xzNewFilter(id uint64) string {
	switch id {
	case 0x0a:
		return "ARM64 BCJ"
	case 0x0b:
		return "RISC-V BCJ"
	}
	return ""
}

// xzBlockDict reads a block header's filter flags for the size of its
// LZMA2 dictionary (0 when it has none). A filter the decoder does not
// know is refused, by name, as the block at path's.
func xzBlockDict(h []byte, path string) (int64, error) {
	flags := h[1]
	at := 2
	varint := func() (uint64, bool) {
		v, n := binary.Uvarint(h[at : len(h)-4]) // the CRC32 ends it
		if n <= 0 {
			return 0, false
		}
		at += n
		return v, true
	}
	for _, bit := range []byte{0x40, 0x80} { // compressed, uncompressed size
		if flags&bit != 0 {
			if _, ok := varint(); !ok {
				return 0, errXZFraming
			}
		}
	}
	for range int(flags&3) + 1 {
		id, ok := varint()
		if !ok {
			return 0, errXZFraming
		}
		size, ok := varint()
		if !ok || size > uint64(len(h)-4-at) {
			return 0, errXZFraming
		}
		props := h[at : at+int(size)]
		at += int(size)
		if name := xzNewFilter(id); name != "" {
			return 0, &XZRefusedError{Path: path, Reason: fmt.Sprintf("xz block with the %s filter, which leakhound's decoder does not know", name)}
		}
		if id != 0x21 {
			continue
		}
		// The LZMA2 property: bits 0-5 code the size, 2^(n/2+12) or
		// 3*2^(n/2+11) bytes; 40 is 4 GiB - 1.
		if size != 1 || props[0] > 40 {
			return 0, errXZFraming
		}
		code := int64(props[0])
		dict := int64(1<<32 - 1)
		if code < 40 {
			dict = (2 | code&1) << (code/2 + 11)
		}
		return dict, nil
	}
	return 0, nil
}
