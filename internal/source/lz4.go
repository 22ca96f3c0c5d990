package source

import (
	"encoding/binary"
	"io"
	"path"
	"strings"

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

// Firefox keeps its session store (open tabs, their form data and
// cookies: session tokens), search engines and add-on lists in its own
// LZ4 files (.jsonlz4, .mozlz4, .baklz4): the magic "mozLz40\0", the
// decompressed size (uint32, little-endian), then one LZ4 block, in the
// block format, not the frame the lz4 tool writes.
const mozLZ4Magic = "mozLz40\x00"

// mozLZ4 decompresses a Firefox LZ4 file, read whole, and scans what it
// holds as its member: sessionstore.jsonlz4!sessionstore.json.
func (w *walk) mozLZ4(u Unit, c content, depth int) error {
	data, ok, err := w.whole(u, c, depth, "an LZ4 block is read whole")
	if !ok {
		return err
	}
	if len(data) < len(mozLZ4Magic)+4 {
		return w.unread(u.Path, io.ErrUnexpectedEOF, "not scanned")
	}
	size := int64(binary.LittleEndian.Uint32(data[len(mozLZ4Magic):]))
	// The size is the file's word: held to a member's limit and to what
	// archives may expand to before it is allocated.
	if size > w.held() {
		return w.unread(u.Path, &LimitError{Path: u.Path, Limit: w.held(), What: "what an LZ4 block is decompressed to at once"}, "not scanned")
	}
	if w.inflated += size; w.bombRoom() < 0 {
		return w.unread(u.Path, w.bombError(u.Path), "not scanned")
	}
	out := make([]byte, size)
	n, err := lz4.UncompressBlock(data[len(mozLZ4Magic)+4:], out)
	if err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	name := strippedName(u.Path, ".mozlz4", ".baklz4", ".lz4")
	if base := path.Base(u.Path[strings.LastIndexByte(u.Path, '!')+1:]); strings.HasSuffix(strings.ToLower(base), ".jsonlz4") {
		name = base[:len(base)-len("lz4")] // sessionstore.json
	}
	if name == "" {
		name = "content"
	}
	return w.member(u, name, int64(n), content{head: out[:n]}, depth)
}
