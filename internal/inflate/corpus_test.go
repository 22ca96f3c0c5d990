package inflate

import (
	"bytes"
	stdzlib "compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

// sample is named data to compress.
type sample struct {
	name string
	data []byte
}

var words = []string{"the", "func", "return", "err", "if", "nil", "struct", "int", "string", "for", "range", "package", "import", "const", "var", "type", "go", "data", "size", "stream", "git", "pack", "entry", "table", "code", "{", "}", "(", ")", ":=", "==", "//", "\t", "\n"}

// text is source-like text of n bytes.
func text(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
		if r.IntN(3) > 0 {
			b.WriteByte(' ')
		}
		if r.IntN(12) == 0 {
			fmt.Fprintf(&b, "%d", r.Uint32())
		}
	}
	return b.Bytes()[:n]
}

func random(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// delta is what a git delta looks like: the two sizes as varints, then
// copies from the base (offset and size) and inserted text.
func delta(r *rand.Rand, inserts int) []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(1000+r.IntN(50000)))
	b = binary.AppendUvarint(b, uint64(1000+r.IntN(50000)))
	for range inserts {
		b = append(b, 0x80|0x01|0x02|0x10|0x20, byte(r.Uint32()), byte(r.Uint32()), byte(r.IntN(256)), byte(r.IntN(8)))
		ins := text(r, 1+r.IntN(100))
		b = append(b, byte(len(ins)))
		b = append(b, ins...)
	}
	return b
}

// samples are the structured cases: sizes at the edges of the window and
// of a match, runs, text, binary, deltas.
func samples() []sample {
	r := rand.New(rand.NewPCG(1, 2))
	unit := random(r, 258)
	far := random(r, 32768)
	s := []sample{
		{"empty", nil},
		{"one byte", []byte{'x'}},
		{"run of 100000", bytes.Repeat([]byte{'a'}, 100000)},
		{"run of two bytes", bytes.Repeat([]byte("ab"), 40000)},
		{"258-byte matches", bytes.Repeat(unit, 20)},
		{"distance 32768", append(append([]byte{}, far...), far...)},
		{"small delta", delta(r, 2)},
		{"larger delta", delta(r, 40)},
	}
	for _, n := range []int{100, 1000, 32767, 32768, 32769, 65536, 300000} {
		s = append(s, sample{fmt.Sprintf("text %d", n), text(r, n)})
	}
	for _, n := range []int{17, 32768, 70000} {
		s = append(s, sample{fmt.Sprintf("binary %d", n), random(r, n)})
	}
	mixed := append(text(r, 20000), random(r, 5000)...)
	s = append(s, sample{"text then binary", append(mixed, text(r, 20000)...)})
	return s
}

// compressors write zlib streams at a level: the standard library's and
// klauspost's, each at every level and Huffman-only (-2).
var compressors = []struct {
	name   string
	levels []int
	write  func(data []byte, level int) ([]byte, error)
}{
	{"compress/zlib", []int{-2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, writeWith(func(w io.Writer, level int) (io.WriteCloser, error) {
		return stdzlib.NewWriterLevel(w, level)
	})},
	{"klauspost", []int{-2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, writeWith(func(w io.Writer, level int) (io.WriteCloser, error) {
		return kzlib.NewWriterLevel(w, level)
	})},
}

// writeWith compresses with the writers newWriter makes.
func writeWith(newWriter func(io.Writer, int) (io.WriteCloser, error)) func([]byte, int) ([]byte, error) {
	return func(data []byte, level int) ([]byte, error) {
		var b bytes.Buffer
		w, err := newWriter(&b, level)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		err = w.Close()
		return b.Bytes(), err
	}
}

// TestCompressors: streams both Go compressors write, at every level, of
// every sample inflate as the standard library inflates them.
func TestCompressors(t *testing.T) {
	var d Decoder
	for _, c := range compressors {
		for _, level := range c.levels {
			for _, s := range samples() {
				z, err := c.write(s.data, level)
				if err != nil {
					t.Fatal(err)
				}
				t.Run(fmt.Sprintf("%s/%d/%s", c.name, level, s.name), func(t *testing.T) {
					compare(t, &d, z)
					// Bytes after the stream are not part of it.
					compare(t, &d, append(z, "after"...))
				})
			}
		}
	}
}

// TestEveryTruncation: a stream cut short anywhere is an error, and a
// byte changed anywhere is an error or what the standard library makes
// of it.
func TestEveryTruncation(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var d Decoder
	for _, data := range [][]byte{text(r, 3000), random(r, 300), delta(r, 3)} {
		for _, level := range []int{0, 1, 6, 9} {
			z, err := compressors[0].write(data, level)
			if err != nil {
				t.Fatal(err)
			}
			for n := range len(z) {
				if _, err := d.Zlib(make([]byte, len(data)), z[:n]); err == nil {
					t.Fatalf("level %d cut to %d of %d bytes: no error", level, n, len(z))
				}
			}
			for i := range z {
				m := bytes.Clone(z)
				m[i] ^= byte(1 << (i % 8))
				compare(t, &d, m)
			}
		}
	}
}
