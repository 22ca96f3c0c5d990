// Package inflate decodes a zlib stream (RFC 1950) of DEFLATE data (RFC
// 1951) whose inflated size is known beforehand and whose compressed
// bytes are all in memory, as every entry of a git pack is. Knowing both
// lets it decode straight into the caller's buffer (back-references read
// the output itself, no window is copied through) and read its input
// eight bytes at a time; a Decoder keeps its tables from one stream to
// the next, so decoding allocates nothing.
//
// What it accepts and rejects is what the standard library's
// compress/zlib does; the tests compare the two.
package inflate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/adler32"
)

var (
	// ErrHeader is a zlib header that is not one (RFC 1950 2.2: CM 8,
	// CINFO at most 7, FCHECK).
	ErrHeader = errors.New("inflate: invalid zlib header")
	// ErrDictionary is a stream that needs a preset dictionary.
	ErrDictionary = errors.New("inflate: the stream needs a preset dictionary")
	// ErrChecksum is a stream whose Adler-32 does not match what it
	// inflates to.
	ErrChecksum = errors.New("inflate: the Adler-32 checksum does not match")
	// ErrTruncated is a stream that ends before its last block or its
	// checksum does.
	ErrTruncated = errors.New("inflate: the stream is truncated")
)

// CorruptError is DEFLATE data that breaks the format.
type CorruptError struct {
	Offset int // in src, of the byte where it was found
	Reason string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("inflate: corrupt data at byte %d: %s", e.Offset, e.Reason)
}

// SizeError is a stream that inflates to another size than dst's.
type SizeError struct {
	Want int
	// Got is what the stream inflates to; -1 when it is more than Want.
	Got int
}

func (e *SizeError) Error() string {
	if e.Got < 0 {
		return fmt.Sprintf("inflate: the stream inflates to more than %d bytes", e.Want)
	}
	return fmt.Sprintf("inflate: the stream inflates to %d bytes, not %d", e.Got, e.Want)
}

// Decoder decodes zlib streams, reusing its tables from one to the next.
// The zero value is ready to use; a Decoder is not safe for concurrent
// use.
type Decoder struct {
	// A block's literal/length table and, after it, its distance table:
	// one array, so that the loop holds one pointer for both. The fixed
	// code's are the same size as a dynamic block's so that one loop,
	// free of bounds checks, decodes both.
	block, fixed tables
	fixedOK      bool
	clen         [clenEnough]uint32
	builder      builder

	sum     hash.Hash32     // Adler-32
	lengths [286 + 30]uint8 // a dynamic block's code lengths
	// used lists the symbols with a code: a dynamic block's literal and
	// length symbols, then its distance symbols (from 0).
	used [288 + 30]uint16
}

// tables are a literal/length table (litEnough entries) and a distance
// table after it.
type tables [litEnough + distEnough]uint32

// Zlib decodes the zlib stream at the start of src into dst, which the
// stream must fill exactly, and checks its Adler-32. It returns how many
// bytes of src the stream takes. It allocates a Decoder: reuse one with
// Decoder.Zlib to decode many streams.
func Zlib(dst, src []byte) (consumed int, err error) {
	return new(Decoder).Zlib(dst, src)
}

// Header tells whether b starts with a zlib header (RFC 1950 2.2):
// DEFLATE (CM 8) with a window of at most 32 KB (CINFO up to 7), and the
// two bytes a multiple of 31 (FCHECK). A preset dictionary (FDICT) is
// allowed; Zlib takes only the empty one.
func Header(b []byte) bool {
	return len(b) >= 2 && b[0]&0x0f == 8 && b[0]>>4 <= 7 && (uint(b[0])<<8|uint(b[1]))%31 == 0
}

// Zlib decodes the zlib stream at the start of src into dst, which the
// stream must fill exactly, and checks its Adler-32. It returns how many
// bytes of src the stream takes.
func (d *Decoder) Zlib(dst, src []byte) (consumed int, err error) {
	if len(src) < 2 {
		return 0, ErrTruncated
	}
	if !Header(src) {
		return 0, ErrHeader
	}
	p := 2
	if src[1]&0x20 != 0 {
		if len(src) < 6 {
			return 0, ErrTruncated
		}
		// The standard library takes a dictionary whose Adler-32 the
		// header names; with none, the empty one, whose Adler-32 is 1,
		// is the one it matches. Decoding with it is decoding without.
		if binary.BigEndian.Uint32(src[2:]) != 1 {
			return 0, ErrDictionary
		}
		p = 6
	}
	if d.sum == nil {
		d.sum = adler32.New()
	}
	d.sum.Reset()
	n, err := d.deflate(dst, src[p:], d.sum)
	if err != nil {
		var c *CorruptError
		if errors.As(err, &c) {
			c.Offset += p
		}
		return 0, err
	}
	p += n
	if len(src)-p < 4 {
		return 0, ErrTruncated
	}
	if binary.BigEndian.Uint32(src[p:]) != d.sum.Sum32() {
		return 0, ErrChecksum
	}
	return p + 4, nil
}

// Deflate decodes the raw DEFLATE stream at the start of src into dst,
// which it must fill exactly, and returns how many bytes of src it takes
// (to the end of the byte its last block ends in).
func (d *Decoder) Deflate(dst, src []byte) (consumed int, err error) {
	return d.deflate(dst, src, nil)
}

// deflate is Deflate giving sum, when not nil, each block's output as
// soon as it is decoded: summed then, it is still in cache.
func (d *Decoder) deflate(dst, src []byte, sum hash.Hash32) (consumed int, err error) {
	s := stream{src: src, dst: dst}
	summed := 0
	for {
		if err := s.need(3); err != nil {
			return 0, err
		}
		final := s.bits&1 == 1
		typ := (s.bits >> 1) & 3
		s.drop(3)
		switch typ {
		case 0:
			err = s.stored()
		case 1:
			if !d.fixedOK {
				d.buildFixed()
			}
			err = s.huffman(&d.fixed)
		case 2:
			if err = d.dynamic(&s); err == nil {
				err = s.huffman(&d.block)
			}
		default:
			err = s.corrupt("reserved block type 3")
		}
		if err != nil {
			return 0, s.explain(err)
		}
		if sum != nil {
			sum.Write(dst[summed:s.o])
			summed = s.o
		}
		if final {
			break
		}
	}
	if s.o != len(dst) {
		return 0, &SizeError{Want: len(dst), Got: s.o}
	}
	s.drop(s.nbits & 7)
	end := s.pos - int(s.nbits>>3)
	if end > len(src) {
		return 0, ErrTruncated
	}
	return end, nil
}

// buildFixed builds the tables of the fixed code (RFC 1951 3.2.6).
func (d *Decoder) buildFixed() {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	var dl [32]uint8
	for i := range dl {
		dl[i] = 5
	}
	lc, lu := histogram(l[:], d.used[:0])
	d.builder.build(d.fixed[:litEnough], litRoot, l[:], &lc, lu, litSymbols[:])
	dc, du := histogram(dl[:], d.used[:0])
	d.builder.build(d.fixed[litEnough:], distRoot, dl[:], &dc, du, distSymbols[:])
	d.fixedOK = true
}

// clenOrder is the order a dynamic block lists the code length code's
// lengths in (RFC 1951 3.2.7).
var clenOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads a dynamic block's header (RFC 1951 3.2.7) and builds its
// tables.
func (d *Decoder) dynamic(s *stream) error {
	if err := s.need(14); err != nil {
		return err
	}
	nlit := int(s.bits&31) + 257
	ndist := int(s.bits>>5&31) + 1
	nclen := int(s.bits>>10&15) + 4
	if nlit > 286 {
		return s.corrupt(fmt.Sprintf("%d literal/length codes, more than 286", nlit))
	}
	if ndist > 30 {
		return s.corrupt(fmt.Sprintf("%d distance codes, more than 30", ndist))
	}
	s.drop(14)
	var cl [19]uint8
	for _, sym := range clenOrder[:nclen] {
		if err := s.need(3); err != nil {
			return err
		}
		cl[sym] = uint8(s.bits & 7)
		s.drop(3)
	}
	if cc, cu := histogram(cl[:], d.used[:0]); !d.builder.build(d.clen[:], clenRoot, cl[:], &cc, cu, clenSymbols[:]) {
		return s.corrupt("the code length code is over-subscribed or incomplete")
	}
	lengths := d.lengths[:nlit+ndist]
	var litCount, distCount [16]uint16
	n, err := s.codeLengths(&d.clen, lengths, nlit, d.used[:], &litCount, &distCount)
	if err != nil {
		return err
	}
	used := d.used[:n]
	if lengths[256] == 0 {
		return s.corrupt("no code for the end of the block")
	}
	litUsed := n - (ndist - int(distCount[0])) // the distance symbols with a code are last
	if !d.builder.build(d.block[:litEnough], litRoot, lengths[:nlit], &litCount, used[:litUsed], litSymbols[:]) {
		return s.corrupt("the literal/length code is over-subscribed or incomplete")
	}
	if !d.builder.build(d.block[litEnough:], distRoot, lengths[nlit:], &distCount, used[litUsed:], distSymbols[:]) {
		return s.corrupt("the distance code is over-subscribed or incomplete")
	}
	return nil
}

// codeLengths reads a dynamic block's code lengths (RFC 1951 3.2.7) with
// the code length table ct into lengths, the first nlit of them the
// literal/length code's. The codes of each length are counted as they
// are read (a run at once) into litCount and distCount, and the symbols
// with one listed in used (a distance symbol counted from 0), so that
// build need not go over the lengths again; n is how many are listed.
// The bit buffer is kept in locals, as in huffman.
func (s *stream) codeLengths(ct *[clenEnough]uint32, lengths []uint8, nlit int, used []uint16, litCount, distCount *[16]uint16) (n int, err error) {
	bits, nbits := s.bits, s.nbits
	for i := 0; i < len(lengths); {
		if nbits < 7+7 { // a code, then at most 7 extra bits
			s.bits, s.nbits = bits, nbits
			if err := s.need(7 + 7); err != nil {
				return 0, err
			}
			bits, nbits = s.bits, s.nbits
		}
		e := ct[bits&(1<<clenRoot-1)]
		if e&flagBad != 0 {
			s.bits, s.nbits = bits, nbits
			return 0, s.corrupt("an invalid code length code")
		}
		bits >>= e & 63
		nbits -= uint(e & 63)
		sym := entryValue(e)
		if sym < 16 {
			lengths[i] = uint8(sym)
			j := i
			if i < nlit {
				litCount[sym]++
			} else {
				distCount[sym]++
				j -= nlit
			}
			used[n] = uint16(j)
			if sym != 0 {
				n++
			}
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				s.bits, s.nbits = bits, nbits
				return 0, s.corrupt("a repeat of the previous code length before the first")
			}
			rep, val = 3+int(bits&3), lengths[i-1]
			bits >>= 2
			nbits -= 2
		case 17:
			rep = 3 + int(bits&7)
			bits >>= 3
			nbits -= 3
		default:
			rep = 11 + int(bits&127)
			bits >>= 7
			nbits -= 7
		}
		if i+rep > len(lengths) {
			s.bits, s.nbits = bits, nbits
			return 0, s.corrupt("code lengths repeat past the last code")
		}
		inLit := uint16(max(0, min(rep, nlit-i)))
		litCount[val] += inLit
		distCount[val] += uint16(rep) - inLit
		if val == 0 {
			clear(lengths[i : i+rep])
			i += rep
			continue
		}
		for range rep {
			lengths[i] = val
			used[n] = uint16(i)
			if i >= nlit {
				used[n] -= uint16(nlit)
			}
			n++
			i++
		}
	}
	s.bits, s.nbits = bits, nbits
	return n, nil
}
