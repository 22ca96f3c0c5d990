// Package source reads what is to be scanned (files, standard input, git
// history) and hands it on as units of bytes with their location. It knows
// nothing about rules or reports.
package source

import (
	"fmt"
	"io"
	"time"

	"github.com/leakhound/leakhound/internal/gitpack"
)

// Unit is one piece of content with where it came from.
type Unit struct {
	// Path is relative to the scanned root, slash-separated; archive
	// members are written archive.zip!inner/path.
	Path string
	Data []byte
	// More, when set, reads the rest of the content after Data: a stream
	// too long to hold at once (standard input, a large file, a device).
	// Only sources set it; the expander reads it.
	More io.Reader
	// File, when set, reads the same bytes as Data then More at any
	// offset: a file on disk, so that a zip appended to a file longer
	// than a piece is read from its end record without holding the file.
	File io.ReaderAt
	// Piece, set on text cut from a longer text, places Data in it.
	Piece *Piece
	Git   *Commit // nil unless the content came from git history
	// Blob is the git object id of the content, "" unless it came from a
	// git blob; Report.Copied names it.
	Blob string
	// Image is nil unless the content came from a container image.
	Image *ImageLayer
	// Lines, when set, limits findings to these line numbers (the lines
	// a change adds, for pre-commit scans); nil means every line.
	Lines LineSet
	// Derived, set on a blob rebuilt from its delta base in a walk of
	// the packs, says which of Data's bytes are copies of the base's.
	Derived *Derived
	// Name marks a unit whose Data is the last part of Path: the name of
	// a file, folder or archive member, where a token used as a name
	// (keys/AKIA....json) is and the content is not. Its findings are
	// placed at Path, line 0, their column counting bytes of Path.
	Name bool
}

// Derived tells a scan how a blob was rebuilt from its delta base, so
// that what the scan of the base kept serves the bytes copied from it.
type Derived struct {
	Copies []gitpack.Copy
	// Base is what the scan of the base kept; nil when it kept nothing.
	Base Kept
	// Keep is where the scan of this blob keeps its own, for the blobs
	// rebuilt from it.
	Keep *Kept
}

// Kept is what a scan keeps of a blob for the blobs rebuilt from it; the
// walk resets it before the blob it was kept for is gone.
type Kept interface{ Reset() }

// LineSet holds 1-based line numbers as sorted, disjoint ranges.
type LineSet []LineRange

// LineRange is first..last, inclusive.
type LineRange struct{ First, Last int }

// Has reports whether line is in the set.
func (s LineSet) Has(line int) bool {
	lo, hi := 0, len(s)
	for lo < hi {
		mid := (lo + hi) / 2
		switch {
		case line < s[mid].First:
			hi = mid
		case line > s[mid].Last:
			lo = mid + 1
		default:
			return true
		}
	}
	return false
}

// ImageLayer says where in a container image content came from. Units of
// the image config (Env, history...) have Layer 0, or the layer that a
// history entry created.
type ImageLayer struct {
	// Image is the reference or path that was scanned, with the platform
	// when it was one of several images of an index.
	Image string
	// Layer counts from 1, the base layer.
	Layer int
	// Digest is the layer's diff ID (sha256 of its uncompressed tar, as in
	// the config's rootfs and `docker inspect`): the same whether the image
	// came from a registry, a layout or `docker save`, compressed or not.
	Digest string
	// CreatedBy is the history's created_by for the layer, when known.
	CreatedBy string
	// Deleted is set when a later layer removed or replaced the file, so
	// the final image does not show it (it is still in the layer's blob).
	Deleted bool
}

// Commit identifies where a git blob was first introduced.
type Commit struct {
	Hash   string
	Author string
	Email  string
	Date   time.Time
	// Seq orders commits parents first: lower is older in the history.
	Seq int
	// Baseline marks content from before the selected commits, read only
	// to recognise secrets that were already there (Seq is 0).
	Baseline bool
}

// Handler receives units; it is called from several goroutines at once,
// worker telling which (0 <= worker < the worker count), so each worker can
// keep its own scratch state. Data is only valid during the call.
type Handler func(worker int, u Unit)

// Problem is a target, or part of one, that could not be read. Problems do
// not stop a scan; they make its exit status say that it is incomplete.
type Problem struct {
	Path string
	Err  error
}

func (p Problem) Error() string {
	if p.Path == "" {
		return p.Err.Error()
	}
	return fmt.Sprintf("%s: %v", p.Path, p.Err)
}

// Notice is content skipped on purpose, named so the user knows. Content
// that holds text and was not scanned (over a size limit, an archive past
// its damage or nested too deep) makes the scan incomplete; content with no
// text to scan (binary files, devices and FIFOs met in a walk) does not.
type Notice struct {
	Path   string
	Reason string
	// Incomplete marks content that was not scanned, or not all of it.
	Incomplete bool
	// Scanned marks content that was scanned, but read otherwise than
	// its format's tools read it (a zip member only its local header
	// lists): a warning, not a gap.
	Scanned bool
}

// ReasonBinary marks the notice for skipped binary content: images,
// audio, video and fonts, whose bytes hold no text (other binary content
// is scanned as bytes).
const ReasonBinary = "binary"

// ReasonCompressed marks an archive compressed in a format the scan does
// not open (see opaqueFormats).
const ReasonCompressed = "compressed in a format leakhound does not open (7z, rar, lzip, compress, cab), not scanned"

// oversized is the notice for content over the --max-file-size limit that
// is skipped unread; head, its first bytes, tells binary content (skipped
// whatever its size) from text that the scan misses.
func oversized(path string, head []byte, limit int64) Notice {
	// Binary content over the limit (a large executable or library) is
	// named but, holding no text, does not make the scan incomplete;
	// text with a NUL (a database dump, a log) is not binary content.
	// A head of zeros says nothing of what follows (see skipZeros).
	// Images are too: only their metadata would be read (see image).
	if k, f := kindOf(head), opaqueFormat(head); (k == kindBinary || k == kindImage) && f != "compressed" && f != "zeros" && !mostlyText(head) {
		return Notice{Path: path, Reason: ReasonBinary}
	}
	return Notice{Path: path, Reason: fmt.Sprintf("larger than the %d-byte limit (--max-file-size), not scanned", limit), Incomplete: true}
}

// Report collects problems and notices from concurrent workers.
type Report interface {
	Problem(Problem)
	Notice(Notice)
	// Read counts bytes and units read, for progress.
	Read(bytes int64)
	// Shallow says the history read reaches these commits of a shallow
	// clone, whose parents the repository does not have: older history
	// was not scanned, and each of them counts as adding every file it
	// holds.
	Shallow(boundary []string)
	// Copied says a blob handed on at path from (Unit.Blob, Unit.Path)
	// was also added at path, by the commit at, and is scanned there as
	// at from: the same bytes hold the same secrets there. It may come
	// before or after that unit is handled.
	Copied(blob, from, path string, at *Commit)
}
