package inflate

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"math/bits"
	"strings"
	"testing"
)

// bitWriter writes DEFLATE data by hand (RFC 1951 3.1.1): fields least
// significant bit first, Huffman codes most significant bit first.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) code(c uint64, n uint) {
	w.bits(uint64(bits.Reverse16(uint16(c))>>(16-n)), n)
}

// Fixed code (RFC 1951 3.2.6).
func (w *bitWriter) literal(b byte) {
	if b < 144 {
		w.code(0x30+uint64(b), 8)
	} else {
		w.code(0x190+uint64(b-144), 9)
	}
}

func (w *bitWriter) lengthSym(sym int) {
	if sym < 280 {
		w.code(uint64(sym-256), 7)
	} else {
		w.code(0xc0+uint64(sym-280), 8)
	}
}

func (w *bitWriter) done() []byte {
	if w.n > 0 {
		w.out = append(w.out, byte(w.acc))
	}
	return w.out
}

// zlibOf wraps DEFLATE data in a zlib header and the Adler-32 of what it
// inflates to.
func zlibOf(deflate, inflated []byte) []byte {
	z := append([]byte{0x78, 0x01}, deflate...)
	return binary.BigEndian.AppendUint32(z, adler32.Checksum(inflated))
}

// dynamicHeader writes a dynamic block's header whose code length code
// gives clen[sym] bits to each symbol (in RFC order), for nlit and ndist
// codes; the caller writes the lengths.
func (w *bitWriter) dynamicHeader(final bool, nlit, ndist int, clen map[int]uint) {
	w.bits(map[bool]uint64{true: 1}[final], 1)
	w.bits(2, 2)
	w.bits(uint64(nlit-257), 5)
	w.bits(uint64(ndist-1), 5)
	w.bits(19-4, 4)
	for _, sym := range clenOrder {
		w.bits(uint64(clen[int(sym)]), 3)
	}
}

// TestMalformed: each way a stream can break the format is an error from
// both decoders, and from this one the error saying so.
func TestMalformed(t *testing.T) {
	fixed := func(body func(w *bitWriter)) []byte {
		var w bitWriter
		w.bits(1, 1) // final
		w.bits(1, 2) // fixed
		body(&w)
		return w.done()
	}
	cases := []struct {
		name string
		z    []byte
		size int
		want string // in the error
	}{
		{"FCHECK", []byte{0x78, 0x9d, 3, 0, 0, 0, 0, 1}, 0, "header"},
		{"not deflate", []byte{0x77, 0x09, 3, 0, 0, 0, 0, 1}, 0, "header"},
		{"window over 32 KiB", []byte{0x88, 0x1c, 3, 0, 0, 0, 0, 1}, 0, "header"},
		{"preset dictionary", append([]byte{0x78, 0xbb, 0, 0, 0, 9}, 3, 0, 0, 0, 0, 1), 0, "dictionary"},
		{"one byte", []byte{0x78}, 0, "truncated"},
		{"reserved block type", zlibOf([]byte{0x07}, nil), 0, "block type"},
		{"stored length complement", zlibOf([]byte{0x01, 2, 0, 0xfd, 0xfe, 'a', 'b'}, []byte("ab")), 2, "complement"},
		{"stored block cut short", []byte{0x78, 0x01, 0x01, 5, 0, 0xfa, 0xff, 'a'}, 5, "truncated"},
		{"distance before the output", zlibOf(fixed(func(w *bitWriter) {
			w.literal('a')
			w.lengthSym(257) // length 3
			w.code(1, 5)     // distance 2
			w.lengthSym(256)
		}), []byte("aaaa")), 4, "distance back past"},
		{"length code 286", zlibOf(fixed(func(w *bitWriter) {
			w.literal('a')
			w.lengthSym(286)
			w.lengthSym(256)
		}), []byte("a")), 1, "invalid literal/length"},
		{"distance code 30", zlibOf(fixed(func(w *bitWriter) {
			w.literal('a')
			w.lengthSym(257)
			w.code(30, 5)
			w.lengthSym(256)
		}), []byte("aaaa")), 4, "invalid distance"},
		{"checksum", func() []byte {
			z := zlibOf(fixed(func(w *bitWriter) { w.literal('a'); w.lengthSym(256) }), []byte("a"))
			z[len(z)-1] ^= 1
			return z
		}(), 1, "checksum"},
		{"checksum cut short", zlibOf(fixed(func(w *bitWriter) { w.literal('a'); w.lengthSym(256) }), []byte("a"))[:5], 1, "truncated"},
		{"no final block", zlibOf(fixed(func(w *bitWriter) {})[:0], nil), 0, "truncated"},
		{"literal/length codes over 286", func() []byte {
			var w bitWriter
			w.dynamicHeader(true, 287, 1, map[int]uint{0: 1, 8: 1})
			return zlibOf(w.done(), nil)
		}(), 0, "more than 286"},
		{"distance codes over 30", func() []byte {
			var w bitWriter
			w.dynamicHeader(true, 257, 31, map[int]uint{0: 1, 8: 1})
			return zlibOf(w.done(), nil)
		}(), 0, "more than 30"},
		{"code length code over-subscribed", func() []byte {
			var w bitWriter
			w.dynamicHeader(true, 257, 1, map[int]uint{0: 1, 8: 1, 9: 1})
			return zlibOf(w.done(), nil)
		}(), 0, "code length code is over-subscribed or incomplete"},
		{"code length code incomplete", func() []byte {
			var w bitWriter
			w.dynamicHeader(true, 257, 1, map[int]uint{0: 1, 8: 2})
			return zlibOf(w.done(), nil)
		}(), 0, "code length code is over-subscribed or incomplete"},
		{"a repeat before the first length", func() []byte {
			var w bitWriter
			// Symbols 8 and 16 of one bit each: 8 is 0, 16 is 1.
			w.dynamicHeader(true, 257, 1, map[int]uint{8: 1, 16: 1})
			w.code(1, 1)
			w.bits(0, 2)
			return zlibOf(w.done(), nil)
		}(), 0, "repeat of the previous code length"},
		{"lengths repeat past the last code", func() []byte {
			var w bitWriter
			// 0 is 0 and 18 (a run of zeros) is 1.
			w.dynamicHeader(true, 257, 1, map[int]uint{0: 1, 18: 1})
			w.code(1, 1)
			w.bits(127, 7) // 138 zeros
			w.code(1, 1)
			w.bits(127, 7) // 276
			return zlibOf(w.done(), nil)
		}(), 0, "repeat past the last code"},
		{"no end-of-block code", func() []byte {
			var w bitWriter
			// 0 is 0 and 8 is 1: 256 literals of 8 bits, a complete code
			// without symbol 256.
			w.dynamicHeader(true, 257, 1, map[int]uint{0: 1, 8: 1})
			for range 256 {
				w.code(1, 1)
			}
			w.code(0, 1) // 256: none
			w.code(0, 1) // the distance: none
			w.code(0x61, 8)
			return zlibOf(w.done(), []byte("a"))
		}(), 1, "no code for the end of the block"},
		{"literal/length code incomplete", func() []byte {
			var w bitWriter
			w.dynamicHeader(true, 257, 1, map[int]uint{0: 1, 8: 1})
			for range 254 {
				w.code(1, 1)
			}
			w.code(0, 1)
			w.code(0, 1)
			w.code(1, 1) // 256 is 8 bits too: 255 codes of 8 bits with it
			w.code(0, 1)
			return zlibOf(w.done(), nil)
		}(), 0, "literal/length code is over-subscribed or incomplete"},
	}
	var d Decoder
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, _, err, _ := reference(c.z); err == nil {
				t.Fatalf("the standard library accepts %x", c.z)
			}
			compare(t, &d, c.z)
			_, err := d.Zlib(make([]byte, c.size), c.z)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%v, want an error saying %q", err, c.want)
			}
		})
	}
}

// TestHandWritten: streams no Go compressor writes but the format allows
// decode as the standard library decodes them.
func TestHandWritten(t *testing.T) {
	far := random2(32768)
	cases := []struct {
		name string
		z    []byte
		want []byte
	}{
		{"a match of 258 bytes at distance 32768", func() []byte {
			var w bitWriter
			w.bits(0, 1)
			w.bits(0, 2) // stored
			w.done()
			w.bits(0, 0)
			out := append(w.out, 0, 0x80, 0xff, 0x7f)
			out = append(out, far...)
			w = bitWriter{out: out}
			w.bits(1, 1)
			w.bits(1, 2)
			w.lengthSym(285) // 258
			w.code(29, 5)
			w.bits(8191, 13) // 24577 + 8191 = 32768
			w.lengthSym(256)
			return zlibOf(w.done(), append(bytes.Clone(far), far[:258]...))
		}(), append(bytes.Clone(far), far[:258]...)},
		{"an overlapping match of distance 1", func() []byte {
			var w bitWriter
			w.bits(1, 1)
			w.bits(1, 2)
			w.literal('z')
			w.lengthSym(284)
			w.bits(31, 5) // 227 + 31 = 258
			w.code(0, 5)  // distance 1
			w.lengthSym(256)
			return zlibOf(w.done(), bytes.Repeat([]byte{'z'}, 259))
		}(), bytes.Repeat([]byte{'z'}, 259)},
		{"an empty distance code and a single one-bit literal code", func() []byte {
			var w bitWriter
			// Code length code: 0 is 0, 1 is 1 (both one bit).
			w.dynamicHeader(true, 257, 1, map[int]uint{0: 1, 1: 1})
			for i := range 257 {
				// Symbol 'q' and 256 get one bit each: complete.
				w.code(map[bool]uint64{true: 1}[i == 'q' || i == 256], 1)
			}
			w.code(0, 1) // no distance codes
			w.code(0, 1) // 'q' (smaller symbol first)
			w.code(0, 1)
			w.code(1, 1) // end of block
			return zlibOf(w.done(), []byte("qq"))
		}(), []byte("qq")},
		{"a preset dictionary that is the empty one", append([]byte{0x78, 0xbb, 0, 0, 0, 1}, 3, 0, 0, 0, 0, 1), nil},
	}
	var d Decoder
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, _, err, _ := reference(c.z)
			if err != nil || !bytes.Equal(want, c.want) {
				t.Fatalf("the standard library: %d bytes, %v", len(want), err)
			}
			compare(t, &d, c.z)
		})
	}
}

func random2(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// TestErrorsAreTyped: the kinds of failure a caller tells apart.
func TestErrorsAreTyped(t *testing.T) {
	z := zlibOf([]byte{0x01, 2, 0, 0xfd, 0xff, 'a', 'b'}, []byte("ab"))
	var d Decoder
	var size *SizeError
	if _, err := d.Zlib(make([]byte, 3), z); !errors.As(err, &size) || size.Got != 2 || size.Want != 3 {
		t.Fatalf("a dst too long: %v", err)
	}
	if _, err := d.Zlib(make([]byte, 1), z); !errors.As(err, &size) || size.Got != -1 {
		t.Fatalf("a dst too short: %v", err)
	}
	z[len(z)-1] ^= 1
	if _, err := d.Zlib(make([]byte, 2), z); !errors.Is(err, ErrChecksum) {
		t.Fatalf("a bad checksum: %v", err)
	}
	var c *CorruptError
	if _, err := d.Zlib(nil, zlibOf([]byte{0x07}, nil)); !errors.As(err, &c) || c.Offset != 2 {
		t.Fatalf("a reserved block type: %v, want a CorruptError at byte 2", err)
	}
}
