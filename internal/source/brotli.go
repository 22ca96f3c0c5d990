package source

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/andybalholm/brotli"
)

// Brotli (RFC 7932; .br, the precompressed assets web servers send with
// Content-Encoding: br) has no magic number: a file named .br is read as
// Brotli when its head decodes as Brotli, and as it is otherwise (a
// domain name such as example.com.br names text), so text is never lost.

// maxBrotliTrial bounds what the trial decode of a head writes.
const maxBrotliTrial = 1 << 20

// brotliStream tells whether the file at path, head its first bytes
// (all of it when whole), is a Brotli stream: its name ends in .br and
// head decodes without error, to its end when whole.
func brotliStream(path string, head []byte, whole bool) bool {
	if !strings.HasSuffix(strings.ToLower(path), ".br") || len(head) == 0 {
		return false
	}
	_, err := io.Copy(io.Discard, io.LimitReader(brotli.NewReader(bytes.NewReader(head)), maxBrotliTrial))
	return err == nil || !whole && errors.Is(err, io.ErrUnexpectedEOF)
}

// newBrotliReader decompresses the Brotli stream r reads.
func newBrotliReader(r io.Reader) io.Reader { return brotli.NewReader(r) }
