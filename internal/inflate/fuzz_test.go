package inflate

import (
	"testing"
)

// FuzzZlib compares Zlib with the standard library on the input taken as
// a zlib stream, and on a valid stream of it (compressed at a level by
// one of the Go compressors) with one byte changed: the same bytes and
// stream length where the standard library succeeds, an error where it
// fails or makes another length.
func FuzzZlib(f *testing.F) {
	f.Add([]byte("x\x9cK\xcc\x03\x00\x01&\x00\xc3"), uint8(6), uint16(0), byte(0))
	f.Add([]byte("some text some text some text, then some more text"), uint8(1), uint16(7), byte(0x10))
	f.Add([]byte{0x78, 0x01, 0x01, 2, 0, 0xfd, 0xff, 'a', 'b', 0, 0xc6, 0, 0xc4}, uint8(0), uint16(3), byte(1))
	f.Add(random2(300), uint8(25), uint16(100), byte(0x80))
	var d Decoder
	f.Fuzz(func(t *testing.T, data []byte, how uint8, at uint16, flip byte) {
		compare(t, &d, data)
		c := compressors[int(how)%len(compressors)]
		level := c.levels[int(how)/len(compressors)%len(c.levels)]
		z, err := c.write(data, level)
		if err != nil {
			t.Fatal(err)
		}
		z[int(at)%len(z)] ^= flip
		compare(t, &d, z)
	})
}
