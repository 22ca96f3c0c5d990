package inflate

import "encoding/binary"

// stream is the state of one decoding: the input as a bit buffer and the
// output written so far.
type stream struct {
	src []byte
	// pos is the next byte of src to load into bits. Near the end of src
	// zero bytes are loaded past it (pos counts them too), so that a
	// look-up may peek at more bits than remain; a stream that consumes
	// any of them is truncated.
	pos   int
	bits  uint64 // the next nbits bits of input, least significant first
	nbits uint
	dst   []byte
	o     int // bytes of dst written
	// tail holds the input's last bytes and zeros for huffman.
	tail [8 + 16]byte
}

// consumed is how many bits of input have been used, those past the end
// of src included.
func (s *stream) consumed() int { return s.pos*8 - int(s.nbits) }

// overrun tells whether the stream has used bits past the end of src.
func (s *stream) overrun() bool { return s.consumed() > len(s.src)*8 }

// need makes at least n (at most 56) bits available.
func (s *stream) need(n uint) error {
	if s.nbits >= n {
		return nil
	}
	if s.pos+8 <= len(s.src) {
		// Eight bytes at once: as many whole bytes as fit are taken; the
		// bits above them are the next byte's, loaded again next time.
		s.bits |= binary.LittleEndian.Uint64(s.src[s.pos:]) << s.nbits
		k := (63 - s.nbits) >> 3
		s.pos += int(k)
		s.nbits += k << 3
		return nil
	}
	for s.nbits < n {
		if s.pos < len(s.src) {
			s.bits |= uint64(s.src[s.pos]) << s.nbits
		} else if s.overrun() {
			return ErrTruncated
		}
		s.pos++
		s.nbits += 8
	}
	return nil
}

func (s *stream) drop(n uint) {
	s.bits >>= n
	s.nbits -= n
}

// corrupt is a CorruptError at the byte being read.
func (s *stream) corrupt(reason string) error {
	return &CorruptError{Offset: s.consumed() / 8, Reason: reason}
}

// explain turns an error found after the stream ran past the end of its
// input into what it is: a truncated stream (zero bits read as data
// decode to anything).
func (s *stream) explain(err error) error {
	if s.overrun() {
		return ErrTruncated
	}
	return err
}

// stored copies a stored block (RFC 1951 3.2.4): from the next byte
// boundary, its length, the length's complement and the bytes.
func (s *stream) stored() error {
	s.drop(s.nbits & 7)
	s.pos -= int(s.nbits >> 3) // whole bytes loaded but unused go back
	s.bits, s.nbits = 0, 0
	if s.pos > len(s.src) || len(s.src)-s.pos < 4 {
		return ErrTruncated
	}
	n := int(binary.LittleEndian.Uint16(s.src[s.pos:]))
	if binary.LittleEndian.Uint16(s.src[s.pos+2:]) != ^uint16(n) {
		return s.corrupt("a stored block's length and its complement differ")
	}
	s.pos += 4
	if len(s.dst)-s.o < n {
		return &SizeError{Want: len(s.dst), Got: -1}
	}
	if len(s.src)-s.pos < n {
		return ErrTruncated
	}
	copy(s.dst[s.o:], s.src[s.pos:s.pos+n])
	s.pos += n
	s.o += n
	return nil
}

// huffman decodes a compressed block's data with the tables t, to its
// end-of-block code.
func (s *stream) huffman(t *tables) error {
	// The loop keeps the state in locals, few enough to stay in
	// registers; s is brought up to date before anything that reads it
	// (a closure doing that would move the locals to memory).
	dst := s.dst
	bits, nbits, o := s.bits, s.nbits, s.o
	// in is the input not yet loaded into bits; it ends at end (in
	// s.src), so that the position is end-len(in). Near the end of the
	// input the loop reads a copy of its last bytes followed by zeros
	// (s.tail), so that it always loads eight bytes at once and calls
	// nothing (a call would move the locals to memory).
	in, end := s.src[min(s.pos, len(s.src)):], len(s.src)
	inTail := false
	if s.pos > len(s.src) {
		in, end, inTail = s.toTail(s.pos), s.pos+16, true
	}
	for {
		// 48 bits hold the longest length code and its extra bits (20)
		// and the longest distance code and its extra bits (28), or
		// three literals (15 each).
		if nbits < 48 {
			if len(in) < 8 {
				if inTail {
					// More than eight bytes past the end are loaded, so
					// more than the input holds are used.
					s.bits, s.nbits, s.pos, s.o = bits, nbits, end-len(in), o
					return ErrTruncated
				}
				pos := end - len(in)
				in, inTail = s.toTail(pos), true
				end = pos + len(in)
			}
			bits |= binary.LittleEndian.Uint64(in) << nbits
			k := (63 - nbits) >> 3
			in = in[k:]
			nbits += k << 3
		}
		// Up to three literals in a row, written out rather than looped
		// for the registers a counter would take. A literal is told by
		// one test; a sub-table is looked at only when the entry is not
		// one.
		e := t[bits&(1<<litRoot-1)]
		if e&flagLiteral != 0 {
			if o, bits, nbits = literal(dst, o, bits, nbits, e); o < 0 {
				break
			}
			e = t[bits&(1<<litRoot-1)]
			if e&flagLiteral != 0 {
				if o, bits, nbits = literal(dst, o, bits, nbits, e); o < 0 {
					break
				}
				e = t[bits&(1<<litRoot-1)]
				if e&flagLiteral != 0 {
					if o, bits, nbits = literal(dst, o, bits, nbits, e); o < 0 {
						break
					}
					continue
				}
			}
			if nbits < 48 {
				continue // what follows may need the refill
			}
		}
		if e&flagSub != 0 {
			e = t[entryValue(e)+int(bits>>litRoot)&(1<<entryLen(e)-1)]
			if e&flagLiteral != 0 {
				if o, bits, nbits = literal(dst, o, bits, nbits, e); o < 0 {
					break
				}
				continue
			}
		}
		if e&(flagEnd|flagBad) != 0 {
			if e&flagBad != 0 {
				s.bits, s.nbits, s.pos, s.o = bits, nbits, end-len(in), o
				return s.corrupt("an invalid literal/length code")
			}
			n := entryTotal(e)
			bits >>= n
			nbits -= n
			s.bits, s.nbits, s.pos, s.o = bits, nbits, end-len(in), o
			return nil
		}
		n := entryTotal(e)
		length := entryValue(e) + int(bits&(1<<n-1)>>entryLen(e))
		bits >>= e & 63
		nbits -= n

		e = t[litEnough+bits&(1<<distRoot-1)]
		if e&flagSub != 0 {
			e = t[litEnough+entryValue(e)+int(bits>>distRoot)&(1<<entryLen(e)-1)]
		}
		if e&flagBad != 0 {
			s.bits, s.nbits, s.pos, s.o = bits, nbits, end-len(in), o
			return s.corrupt("an invalid distance code")
		}
		n = entryTotal(e)
		dist := entryValue(e) + int(bits&(1<<n-1)>>entryLen(e))
		bits >>= e & 63
		nbits -= n
		if dist > o {
			s.bits, s.nbits, s.pos, s.o = bits, nbits, end-len(in), o
			return s.corrupt("a distance back past the start of the output")
		}
		if length > len(dst)-o {
			s.bits, s.nbits, s.pos, s.o = bits, nbits, end-len(in), o
			return &SizeError{Want: len(dst), Got: -1}
		}
		from := o - dist
		if dist >= 8 && len(dst)-o >= length+16 {
			// Eight bytes at a time, each read from bytes already written;
			// the last word may run past the match into bytes written
			// later. Most matches are short: two words, with no loop.
			binary.LittleEndian.PutUint64(dst[o:], binary.LittleEndian.Uint64(dst[from:]))
			binary.LittleEndian.PutUint64(dst[o+8:], binary.LittleEndian.Uint64(dst[from+8:]))
			for k := 16; k < length; k += 8 {
				binary.LittleEndian.PutUint64(dst[o+k:], binary.LittleEndian.Uint64(dst[from+k:]))
			}
		} else if dist >= length {
			copy(dst[o:o+length], dst[from:from+length])
		} else {
			// The copy overlaps what it writes: each pass doubles what
			// has been repeated.
			for k := 0; k < length; {
				k += copy(dst[o+k:o+length], dst[from:o+k])
			}
		}
		o += length
	}
	// A literal with dst full.
	s.bits, s.nbits, s.pos = bits, nbits, end-len(in)
	return &SizeError{Want: len(dst), Got: -1}
}

// toTail copies what is left of the input from pos (fewer than eight
// bytes, or none when pos is past its end) to s.tail, followed by zeros,
// and returns that.
func (s *stream) toTail(pos int) []byte {
	n := 0
	if pos < len(s.src) {
		n = copy(s.tail[:], s.src[pos:])
	}
	clear(s.tail[n:])
	return s.tail[:n+16]
}

// literal drops the bits of entry e, a literal, from the bit buffer and
// writes it at dst[o]; o is -1 when dst is full. The bits are dropped
// either way, so that the bit buffer before is not kept (in a register
// spilled to memory, on the path from one literal to the next). The bits
// to drop are the entry's low bits: a shift takes them as they are (bits
// 5-7 are 0).
func literal(dst []byte, o int, bits uint64, nbits uint, e uint32) (int, uint64, uint) {
	bits, nbits = bits>>(e&63), nbits-uint(e&63)
	if uint(o) >= uint(len(dst)) {
		return -1, bits, nbits
	}
	dst[o] = byte(e >> 16)
	return o + 1, bits, nbits
}
