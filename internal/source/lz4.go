package source

import (
	"io"

	"github.com/pierrec/lz4/v4"
)

// LZ4's frame (lz4 -z, the default since lz4 1.x; makeself --lz4) and
// its legacy frame (lz4 -l, which Linux kernel images use), little-endian
// magic numbers from the LZ4 Frame Format Description, sections 3 and 6.
const (
	lz4Magic       = "\x04\x22\x4d\x18"
	lz4LegacyMagic = "\x02\x21\x4c\x18"
)

// newLZ4Reader decompresses the LZ4 frames r reads, one after another
// (lz4 concatenates frames, and skips skippable ones). A frame's blocks
// are at most 4 MB each, so memory stays bounded whatever the content
// size; block and content checksums are checked where the frame has
// them, and damage is an error.
func newLZ4Reader(r io.Reader) io.Reader {
	zr := lz4.NewReader(r)
	// One goroutine: the scan's workers are the parallelism.
	_ = zr.Apply(lz4.ConcurrencyOption(1))
	return zr
}
