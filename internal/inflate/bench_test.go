package inflate

import (
	"bytes"
	stdzlib "compress/zlib"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

// benchStream is a zlib stream and the size it inflates to.
type benchStream struct {
	z    []byte
	size int
}

// gitLike is a corpus shaped like a pack's entries: many small deltas and
// some medium text files, compressed at zlib's default level as git
// compresses them.
func gitLike(b *testing.B) []benchStream {
	r := rand.New(rand.NewPCG(5, 6))
	var out []benchStream
	for i := range 2000 {
		var data []byte
		switch {
		case i%10 == 0:
			data = text(r, 2000+r.IntN(30000))
		default:
			data = delta(r, 1+r.IntN(4))
		}
		z, err := compressors[0].write(data, 6)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, benchStream{z, len(data)})
	}
	return out
}

// repoEntries are the entries of the packs of the repository BENCH_REPO
// names, when it is set.
func repoEntries(b *testing.B) []benchStream {
	dir := os.Getenv("BENCH_REPO")
	if dir == "" {
		b.Skip("BENCH_REPO is not set")
	}
	var out []benchStream
	for _, name := range packsOf(b, dir) {
		pack, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		eachEntry(b, pack, func(z []byte, size int) { out = append(out, benchStream{z, size}) })
	}
	return out
}

func BenchmarkGitLike(b *testing.B) { benchAll(b, gitLike(b)) }

func BenchmarkRepo(b *testing.B) { benchAll(b, repoEntries(b)) }

// benchAll inflates every stream of the corpus per iteration with each
// decoder; MB/s are of inflated bytes.
func benchAll(b *testing.B, corpus []benchStream) {
	total, biggest := 0, 0
	for _, s := range corpus {
		total += s.size
		biggest = max(biggest, s.size)
	}
	dst := make([]byte, biggest)
	b.Run("compress-zlib", func(b *testing.B) {
		var br bytes.Reader
		br.Reset(corpus[0].z)
		zr, err := stdzlib.NewReader(&br)
		if err != nil {
			b.Fatal(err)
		}
		benchReader(b, corpus, total, dst, &br, zr)
	})
	b.Run("klauspost", func(b *testing.B) {
		var br bytes.Reader
		br.Reset(corpus[0].z)
		zr, err := kzlib.NewReader(&br)
		if err != nil {
			b.Fatal(err)
		}
		benchReader(b, corpus, total, dst, &br, zr)
	})
	b.Run("inflate", func(b *testing.B) {
		var d Decoder
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, s := range corpus {
				if _, err := d.Zlib(dst[:s.size], s.z); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// benchReader inflates with a zlib reader reset for each stream, the way
// gitpack used one.
func benchReader(b *testing.B, corpus []benchStream, total int, dst []byte, br *bytes.Reader, zr io.ReadCloser) {
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range corpus {
			br.Reset(s.z)
			if err := zr.(interface {
				Reset(io.Reader, []byte) error
			}).Reset(br, nil); err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadFull(zr, dst[:s.size]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func packsOf(b *testing.B, dir string) []string {
	names, err := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	if err == nil && len(names) == 0 {
		names, err = filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	}
	if err != nil || len(names) == 0 {
		b.Fatalf("no packs in %s: %v", dir, err)
	}
	return names
}
