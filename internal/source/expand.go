package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/bzip2"
	"compress/flate"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/transform"
)

// Expander turns content into the text units inside it: members of zip,
// jar, tar and gzip archives (recursively), Jupyter notebooks with their
// JSON strings unescaped, and nothing for binary content. Archives are read
// as streams, member by member; each member is held to the size limit on
// its own, so one too large is skipped and named and the rest are scanned.
type Expander struct {
	// MaxMemberSize bounds one member, decompressed, as --max-file-size
	// bounds a file; 0 means no limit.
	MaxMemberSize int64
	MaxDepth      int
	// PieceSize and Overlap cut long text into pieces (see Piece); zero
	// means the defaults, which tests lower.
	PieceSize, Overlap int
}

const sniffLen = 8000 // as much as git reads to call a file binary

// maxHeld bounds content that must be in memory whole (a zip is read from
// its end, a notebook is unescaped as a whole) when there is no member
// limit.
const maxHeld = 1 << 30

// Archives inside one unit may expand to at most bombRatio bytes per byte
// of the unit, plus bombFloor. One level of DEFLATE expands at most 1032
// times, so only archives compressed inside archives, or tar entries whose
// sparse holes claim more than they hold (an archive bomb), reach it;
// without it their work would multiply with each level.
const (
	bombRatio = 1100
	bombFloor = 64 << 20
)

// Expand calls emit for each text unit in u, whose content is u.Data then,
// when set, what u.More reads. A failure to read u.More is a Problem;
// content skipped inside it is a Notice.
func (x *Expander) Expand(u Unit, rep Report, emit func(Unit)) {
	if u.Name {
		emit(u) // a name is text as it is, whatever its bytes
		return
	}
	c := content{head: u.Data}
	w := &walk{Expander: x, rep: rep, emit: emit, input: int64(len(u.Data)), endless: u.More != nil && u.File == nil}
	if u.More != nil {
		c.rest = &countingReader{r: u.More, n: &w.input}
	}
	u.More = nil
	if err := w.expand(u, c, 0); err != nil {
		var re *ReadError
		if errors.As(err, &re) {
			err = re.Err
		}
		rep.Problem(Problem{Path: u.Path, Err: err})
	}
}

// walk is the state of one Expand.
type walk struct {
	*Expander
	rep  Report
	emit func(Unit)
	// input counts the bytes of the unit read so far, inflated those its
	// archives decompressed.
	input, inflated int64
	// endless: the unit is a stream that may never end (standard input,
	// a device), not a file or blob.
	endless bool
	// named holds the folders of archive members whose names were
	// scanned: every member's path repeats its folders'.
	named pathNames
}

// expand scans one content. Errors it returns belong to an enclosing
// content (its limit was reached, or the target could not be read);
// everything about this content is reported here.
func (w *walk) expand(u Unit, c content, depth int) error {
	return w.expandKind(u, c, depth, classify(&c))
}

// expandKind is expand for content classify has named k already, as an
// archive member is: classifying sniffs the head and, for a zlib header,
// inflates up to 64 KiB of it on trial, which was done twice per member.
func (w *walk) expandKind(u Unit, c content, depth int, k contentKind) error {
	if (k == kindText || k == kindBinary) && brotliStream(u.Path, c.sniff(sniffLen), c.rest == nil && len(c.head) <= sniffLen) {
		k = kindBrotli
	}
	// raw: c is still the unit's bytes as they are, so u.File reads them.
	raw := true
	// wide collects UTF-16 text in content read as bytes.
	wide := &wideRunWriter{}
	// parquet is a Parquet file's content as it was first met: its pages
	// are read after its bytes are scanned, which tells its length.
	var parquet *content
	// streamed: binary content longer than a piece, read as a stream.
	streamed := false
	if k == kindText {
		c = wide.tee(c)
	}
	if k.stream() {
		return w.compressed(u, c, depth, k)
	}
	switch k {
	case kindZip:
		return w.zip(u, c, depth)
	case kindTar:
		return w.tar(u, c.reader(), depth)
	case kindAr:
		return w.ar(u, c, depth)
	case kindPDF:
		return w.pdf(u, c, depth)
	case kindSQLite:
		return w.sqlite(u, c)
	case kindMozLZ4:
		return w.mozLZ4(u, c, depth)
	case kindRPM:
		return w.rpm(u, c, depth)
	case kindGitPack:
		return w.gitPack(u, c, depth, gitPackFile(c.sniff(sniffLen)))
	case kindImage:
		return w.image(u, c, depth, imageFormat(c.sniff(sniffLen)))
	case kindBinary:
		switch opaqueFormat(c.sniff(sniffLen)) {
		case "":
			// A table longer than a piece is told by its end, once
			// its bytes are read (largeTable).
			streamed = c.rest != nil
			if c.rest == nil && leveldbTable(c.head) {
				if err := w.leveldb(u, c.head, depth); err != nil {
					return err
				}
			}
			if c.rest == nil && rocksdbTable(c.head) {
				if err := w.rocksdb(u, c.head, depth); err != nil {
					return err
				}
			}
			if avroFile(c.head) {
				if err := w.avro(u, c, raw, depth); err != nil {
					return err
				}
			}
			if c.rest == nil && cfbFile(c.head) {
				if err := w.cfb(u, c.head, depth); err != nil {
					return err
				}
			}
			if c.rest == nil && pycFile(u.Path, c.head) {
				w.pyc(u, c.head)
			}
			if parquetFile(c.head) {
				parquet = &content{head: c.head, rest: c.rest, zeros: c.zeros}
			}
			if c.rest == nil {
				if err := w.embeddedGzip(u, c.head, depth); err != nil {
					return err
				}
			}
			// Scanned as bytes (see opaqueFormat), or as text when its
			// NULs end records.
			c = wide.tee(c)
			if nulRecords(c.sniff(sniffLen)) {
				c, raw = content{rest: nulToNewline{c.reader()}, zeros: c.zeros}, false
			}
		case "zeros":
			rest, err := skipZeros(c, u.Path, w.endless && depth == 0)
			if err != nil {
				return w.unread(u.Path, err, "not scanned")
			}
			if rest == nil {
				w.rep.Notice(Notice{Path: u.Path, Reason: ReasonBinary})
				return nil
			}
			return w.expand(u, *rest, depth)
		case "compressed":
			w.rep.Notice(Notice{Path: u.Path, Reason: ReasonCompressed, Incomplete: true})
			return nil
		default:
			// Media's bytes are not scanned, but text put among them is,
			// in ASCII or UTF-16 (a font's names are UTF-16).
			w.rep.Notice(Notice{Path: u.Path, Reason: ReasonBinary})
			if err := w.textInMedia(u, wide.tee(c), depth); err != nil {
				return err
			}
			return w.scanWideRuns(u, wide)
		}
	case kindWide:
		c, raw = content{rest: transform.NewReader(c.reader(), wideEncoding(c.sniff(sniffLen)))}, false
	case kindText:
		if c.rest == nil {
			if err := w.uuencoded(u, c.head, depth); err != nil {
				return err
			}
			if err := w.firmwareRecords(u, c.head, depth); err != nil {
				return err
			}
			if err := w.gitBinaryPatches(u, c.head, depth); err != nil {
				return err
			}
		}
		if ebcdicText(c.sniff(sniffLen)) {
			data, err := c.all(u.Path, w.held(), "EBCDIC text is read whole")
			if err != nil {
				return w.unread(u.Path, err, "not scanned")
			}
			if err := w.member(u, "(ebcdic text)", int64(len(data)), content{rest: transform.NewReader(bytes.NewReader(data), ebcdicDecoder())}, depth); err != nil {
				return err
			}
			c = content{head: data, zeros: c.zeros}
		}
	}
	if strings.HasSuffix(strings.ToLower(u.Path), ".ipynb") {
		data, err := c.all(u.Path, w.held(), "a notebook is read whole")
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		c, raw = content{head: unescapeJSONLines(data)}, false
	}
	if pickleText(c.sniff(sniffLen)) {
		data, err := c.all(u.Path, w.held(), "a pickle is read whole")
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		w.pickle(u, data)
		c = content{head: data, zeros: c.zeros}
	}
	if regExport(c.sniff(64)) {
		data, err := c.all(u.Path, w.held(), "a registry export is read whole")
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		if values := registryValues(data); len(values) > 0 {
			w.emit(Unit{Path: u.Path + "!(registry values)", Git: u.Git, Data: values})
		}
		c = content{head: data, zeros: c.zeros}
	}
	if i := strings.LastIndexByte(u.Path, '!'); i >= 0 && officeText(u.Path[i+1:], c.sniff(512)) {
		data, err := c.all(u.Path, w.held(), "a document part is read whole")
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		c, raw = content{head: xmlText(data)}, false
	}
	ends, err := w.pieces(u, c, w.emit)
	if err != nil {
		return w.unread(u.Path, err, "the part after it was not scanned")
	}
	if err := w.scanWideRuns(u, wide); err != nil {
		return err
	}
	if parquet != nil {
		if err := w.parquet(u, *parquet, ends.length, raw, depth); err != nil {
			return err
		}
	}
	if streamed {
		if err := w.largeTable(u, c.zeros, ends, raw, depth); err != nil {
			return err
		}
	}
	return w.appended(u, c, ends, raw, depth)
}

// appended scans an archive appended to the text c (see appended),
// whatever the text's length: from memory when c was held whole, else
// from the file (u.File) when c is its bytes as they are. Appended to a
// longer stream that cannot be read again (standard input, an archive
// member), it is named as not opened.
func (w *walk) appended(u Unit, c content, ends textEnds, raw bool, depth int) error {
	zipEnd := ends.script < 0 && endsWithZip(ends.tail)
	if ends.script < 0 && !zipEnd {
		return nil
	}
	m := Unit{Path: u.Path + "!(appended archive)", Git: u.Git}
	if w.nested(m.Path, depth+1) {
		return nil
	}
	var all io.ReaderAt
	size := ends.length
	switch {
	case c.rest == nil:
		all = bytes.NewReader(c.head)
	case raw && u.File != nil:
		// The bytes read were the file's from c.zeros on.
		all = io.NewSectionReader(u.File, c.zeros, size)
	default:
		w.rep.Notice(Notice{Path: m.Path, Reason: "an archive appended to content read as a stream, not opened", Incomplete: true})
		return nil
	}
	if zipEnd {
		return w.zipAt(m, all, size, depth+1)
	}
	return w.expand(m, content{rest: io.NewSectionReader(all, ends.script, size-ends.script)}, depth+1)
}

// zipTail is the most a zip's end record and comment take at the end of
// its file: the record is 22 bytes, the comment at most 65,535.
const zipTail = 22 + 0xffff

// scriptArchive finds an archive appended to a script, as self-extracting
// installers are made (makeself, shar-like scripts): a shell script whose
// first piece holds, after a line break, a gzip, xz, zstd or bzip2
// stream (makeself's --xz, --zstd, --bzip2), an LZ4 frame (--lz4) or a
// zip. It returns where the archive starts, or -1.
func scriptArchive(data []byte) int64 {
	if !bytes.HasPrefix(data, []byte("#!")) {
		return -1
	}
	for _, magic := range []string{"\n\x1f\x8b\x08", "\nPK\x03\x04", "\n" + xzMagic, "\n\x28\xb5\x2f\xfd", "\n" + lz4Magic} {
		if i := indexAfterLine(data, magic); i >= 0 {
			return int64(i)
		}
	}
	return bzip2AfterLine(data)
}

// bzip2AfterLine returns where a bzip2 stream with a first block starts
// after a line break in data, or -1. Its signature ("BZh", the block
// size digit, the block magic "1AY&SY") is all printable, so the block
// magic, which text hardly holds, is looked for first.
func bzip2AfterLine(data []byte) int64 {
	const block = "1AY&SY"
	for from := 0; ; {
		i := bytes.Index(data[from:], []byte(block))
		if i < 0 {
			return -1
		}
		at := from + i - len("\nBZh9")
		if at >= 0 && data[at] == '\n' && isBzip2(data[at+1:]) {
			return int64(at + 1)
		}
		from += i + 1
	}
}

// indexAfterLine returns where magic, a line break then a signature,
// first occurs in data, not counting its line break. It looks for the
// signature's first byte that is no printable ASCII, which text hardly
// holds: looking for the line break first stopped at every line of every
// script in a history (a twentieth of git/git's scan).
func indexAfterLine(data []byte, magic string) int {
	rare := strings.IndexFunc(magic[1:], func(r rune) bool { return r < ' ' || r >= 0x7f }) + 1
	for from := 0; ; {
		i := bytes.IndexByte(data[from:], magic[rare])
		if i < 0 {
			return -1
		}
		at := from + i - rare
		if at >= 0 && at+len(magic) <= len(data) && string(data[at:at+len(magic)]) == magic {
			return at + 1
		}
		from += i + 1
	}
}

// endsWithZip tells whether data ends with a zip's end of central
// directory record: its signature, 22 bytes from the end of the record,
// whose last field is the length of the archive comment that follows and
// ends data (APPNOTE.TXT 4.3.16; the comment is at most 65,535 bytes).
// Any content that does is read as a zip (a self-extracting executable:
// Go's zip reader allows bytes before the archive).
func endsWithZip(data []byte) bool {
	ends := false
	zipEndRecords(data, func(end int) { ends = ends || end == len(data) })
	return ends
}

// held is the most content that is read into memory whole.
func (x *Expander) held() int64 {
	if x.MaxMemberSize > 0 {
		return min(x.MaxMemberSize, maxHeld)
	}
	return maxHeld
}

// unread reports why the content at path was not read to its end, when
// the error is its own, and returns the others, which belong to an
// enclosing content. rest says what became of what follows.
func (w *walk) unread(path string, err error, rest string) error {
	if propagates(err, path) {
		return err
	}
	reason := fmt.Sprintf("damaged archive (%v); %s", err, rest)
	if ownLimit(err, path) {
		reason = err.Error() + ", " + rest
	}
	w.rep.Notice(Notice{Path: path, Reason: reason, Incomplete: true})
	return nil
}

// contentKind is what the first bytes of content say it is.
type contentKind int

const (
	kindText contentKind = iota
	kindBinary
	kindZip
	kindGzip
	kindZstd
	kindLZ4
	kindTar
	kindWide // UTF-16 or UTF-32 text
	kindZlib
	kindAr
	kindPDF
	kindImage
	kindXZ
	kindLZMA // legacy .lzma (LZMA-Alone)
	kindBzip2
	kindSQLite
	kindGitPack // a git pack or bundle, opened with git (gitPack)
	kindDeflate // a raw DEFLATE stream, no header (see deflateStream)
	kindBrotli  // a .br file that decodes as Brotli (see brotliStream)
	kindMozLZ4  // Firefox's LZ4 block file (see mozLZ4)
	kindRPM     // an RPM package (see rpm)
)

// stream tells a compressed stream of one member, which compressed
// inflates: the one list both the expander and archive members use.
func (k contentKind) stream() bool {
	switch k {
	case kindGzip, kindZstd, kindLZ4, kindZlib, kindXZ, kindLZMA, kindBzip2, kindDeflate, kindBrotli:
		return true
	}
	return false
}

// isBzip2 tells the start of a bzip2 stream: "BZh", the block size digit,
// then the magic of a block or of the stream's end (an empty stream).
func isBzip2(head []byte) bool {
	return len(head) >= 10 && bytes.HasPrefix(head, []byte("BZh")) && '1' <= head[3] && head[3] <= '9' &&
		(bytes.Equal(head[4:10], []byte("1AY&SY")) || bytes.Equal(head[4:10], []byte("\x17rE8P\x90")))
}

// kindOf tells archives by their magic numbers, UTF-16 and UTF-32 text
// (see wideEncoding) and binary content by a NUL byte in head, the first
// sniffLen bytes of the content.
func kindOf(head []byte) contentKind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return kindZip
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return kindGzip
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}) || zstdSkippable(head):
		return kindZstd
	case bytes.HasPrefix(head, []byte(lz4Magic)) || bytes.HasPrefix(head, []byte(lz4LegacyMagic)):
		return kindLZ4
	case bytes.HasPrefix(head, []byte(mozLZ4Magic)):
		return kindMozLZ4
	case bytes.HasPrefix(head, []byte(rpmMagic)):
		return kindRPM
	case bytes.HasPrefix(head, []byte(xzMagic)):
		return kindXZ
	case isBzip2(head):
		return kindBzip2
	case isTar(head):
		return kindTar
	case bytes.HasPrefix(head, []byte(arMagic)):
		return kindAr
	case isPDF(head):
		return kindPDF
	case isSQLite(head):
		return kindSQLite
	case imageFormat(head) != "":
		return kindImage
	case lzmaAlone(head):
		return kindLZMA
	case gitPackFile(head) != "":
		return kindGitPack
	case opaqueFormat(head) == "compressed":
		return kindBinary // even a short one without a NUL (see opaqueFormats)
	case wideEncoding(head[:min(len(head), sniffLen)]) != nil:
		return kindWide
	case bytes.IndexByte(head[:min(len(head), sniffLen)], 0) >= 0:
		return kindBinary
	}
	return kindText
}

// classify is kindOf the content's first bytes, and tells a zlib stream
// (see zlibStream), which has no magic number of its own.
func classify(c *content) contentKind {
	head := c.sniff(sniffLen)
	k := kindOf(head)
	if (k == kindText || k == kindBinary) && zlibStream(head, c.rest == nil) {
		return kindZlib
	}
	if (k == kindBinary && opaqueFormat(head) == "" || k == kindText && len(head) <= maxTextDeflate && !mostlyText(head)) && deflateStream(head, c.rest == nil) {
		return kindDeflate
	}
	return k
}

// nested tells, and says, when an archive is too deep to open.
func (w *walk) nested(path string, depth int) bool {
	if depth < w.MaxDepth {
		return false
	}
	w.rep.Notice(Notice{Path: path, Reason: fmt.Sprintf("archive nested deeper than %d levels, not scanned", w.MaxDepth), Incomplete: true})
	return true
}

// member scans one member of the archive u, one level deeper. A member
// that is a tarball or a gzip stream is walked as a stream, its own
// members held to the limit; any other member is held to the limit as a
// whole, and skipped unread but for its first bytes when its declared
// size (-1: unknown) is over it.
func (w *walk) member(u Unit, name string, size int64, c content, depth int) error {
	m := Unit{Path: u.Path + "!" + name, Git: u.Git}
	k := classify(&c)
	head := c.sniff(sniffLen)
	switch {
	case k.stream() || k == kindTar || k == kindAr:
		return w.expandKind(m, c, depth+1, k)
	case w.MaxMemberSize > 0 && size > w.MaxMemberSize:
		w.rep.Notice(oversized(m.Path, head, w.MaxMemberSize))
		return nil
	}
	return w.expand(m, limitContent(c, m.Path, w.MaxMemberSize), depth+1)
}

// inflate charges what the archive at path expands to (decompressed or
// sparse content) to the unit's budget.
func (w *walk) inflate(r io.Reader, path string) io.Reader {
	return &inflateReader{r: r, w: w, path: path}
}

type inflateReader struct {
	r    io.Reader
	w    *walk
	path string
}

func (b *inflateReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.w.inflated += int64(n)
	if b.w.bombRoom() < 0 {
		return n, b.w.bombError(b.path)
	}
	return n, err
}

// bombRoom is how many more bytes the archives in the file being expanded
// may expand to.
func (w *walk) bombRoom() int64 { return bombFloor + bombRatio*w.input - w.inflated }

// bombError says the archives in the file at path expand past the limit.
func (w *walk) bombError(path string) error {
	return &LimitError{Path: path, Limit: bombFloor + bombRatio*w.input, What: "bytes the archives in this file expand to, an archive bomb"}
}

// whole reads the archive c at u into memory, for a format read from
// there (a zip's directory is at its end). ok is false when it is not
// to be read further: nested too deep, or not read whole (said here;
// err, when set, belongs to an enclosing content). why names the reason
// in a limit's message.
func (w *walk) whole(u Unit, c content, depth int, why string) (data []byte, ok bool, err error) {
	if w.nested(u.Path, depth) {
		return nil, false, nil
	}
	data, err = c.all(u.Path, w.held(), why)
	if err != nil {
		return nil, false, w.unread(u.Path, err, "not scanned")
	}
	return data, true, nil
}

// zipEncrypted is bit 0 of a zip entry's general purpose flags: the member
// is encrypted (APPNOTE.TXT 4.4.4), and reading it yields ciphertext.
const zipEncrypted = 0x1

// zip reads the archive whole (its directory is at the end), then each
// member as a stream; a damaged member does not stop the others.
func (w *walk) zip(u Unit, c content, depth int) error {
	data, ok, err := w.whole(u, c, depth, "a zip is read whole")
	if !ok {
		return err
	}
	if err := w.zipAt(u, bytes.NewReader(data), int64(len(data)), depth); err != nil {
		return err
	}
	if end := zipEnd(data); end > 0 && end < len(data) {
		// Bytes after the end record: no zip tool reads them.
		return w.member(u, "(after archive end)", int64(len(data)-end), content{head: data[end:]}, depth)
	}
	return nil
}

// zipEnd is where the end of central directory record of the zip in
// data ends, with its comment (see endsWithZip), or 0 when it is not in
// the last zipTail bytes: the last record whose comment fits in data.
func zipEnd(data []byte) int {
	last := 0
	zipEndRecords(data, func(end int) { last = end })
	return last
}

// zipEndRecords calls fn with where each end of central directory record
// in the last zipTail bytes of data ends, with its comment, in order; a
// record whose comment would run past data is none. Every unit is
// searched, so the search runs forward, where bytes.Index is vectorised:
// bytes.LastIndex hashes byte by byte, and over the last 64 KB of every
// version it took a sixth of a history scan's CPU.
func zipEndRecords(data []byte, fn func(end int)) {
	const eocd, fixed = "PK\x05\x06", 22
	for from := max(0, len(data)-zipTail-fixed); from+fixed <= len(data); {
		i := bytes.Index(data[from:len(data)-fixed+len(eocd)], []byte(eocd))
		if i < 0 {
			return
		}
		i += from
		if end := i + fixed + int(binary.LittleEndian.Uint16(data[i+20:])); end <= len(data) {
			fn(end)
		}
		from = i + 1
	}
}

// zipAt reads the zip of size bytes that r reads, from its directory,
// then the members only a local header lists (see zipLocals). A zip
// whose directory cannot be read (cut short, or none) is named, and its
// members are still read from their local headers.
func (w *walk) zipAt(u Unit, r io.ReaderAt, size int64, depth int) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		if err := w.unread(u.Path, err, "its members were read from their local headers"); err != nil {
			return err
		}
		return w.zipLocals(u, r, size, nil, false, depth)
	}
	if err := w.zipMembers(u, zr, depth); err != nil {
		return err
	}
	return w.zipLocals(u, r, size, zr.File, true, depth)
}

// zipMembers scans the members the zip's central directory lists.
func (w *walk) zipMembers(u Unit, zr *zip.Reader, depth int) error {
	zr.RegisterDecompressor(zipBzip2, func(r io.Reader) io.ReadCloser { return io.NopCloser(bzip2.NewReader(r)) })
	// Comments are text no tool shows unasked.
	if strings.TrimSpace(zr.Comment) != "" {
		w.emit(Unit{Path: u.Path + "!(zip comment)", Git: u.Git, Data: []byte(zr.Comment)})
	}
	for _, f := range zr.File {
		if strings.TrimSpace(f.Comment) != "" {
			w.emit(Unit{Path: u.Path + "!" + f.Name + " (comment)", Git: u.Git, Data: []byte(f.Comment)})
		}
		w.zipExtra(u, f.Name, f.Extra)
		folder := f.FileInfo().IsDir()
		w.memberNames(u, f.Name, folder)
		if folder && f.CompressedSize64 == 0 && f.UncompressedSize64 == 0 {
			continue
		}
		name := f.Name
		if name == "" {
			name = "(unnamed member)"
		}
		p := u.Path + "!" + name
		if f.Flags&zipEncrypted != 0 {
			w.rep.Notice(Notice{Path: p, Reason: "encrypted (password-protected) archive member, not opened", Incomplete: true})
			continue
		}
		open := f.Open
		switch {
		case folder:
			// A folder holds no data, and zip.File.Open reads none; data
			// written under a folder's name is read all the same.
			open = func() (io.ReadCloser, error) { return openFolderData(f) }
		case f.Method == zipZstd || f.Method == zipXZ || f.Method == zipLZMA:
			open = func() (io.ReadCloser, error) { return openZipStream(f, p) }
		}
		rc, err := open()
		if errors.Is(err, zip.ErrAlgorithm) {
			w.rep.Notice(Notice{Path: p, Reason: fmt.Sprintf("compressed with zip method %d, which leakhound does not open, not scanned", f.Method), Incomplete: true})
			continue
		}
		if err == nil {
			watch := &readFailure{r: rc}
			err = w.member(u, name, int64(min(f.UncompressedSize64, 1<<62)), content{rest: w.inflate(watch, u.Path)}, depth)
			rc.Close()
			if err == nil && watch.err != nil && f.Method != zip.Store {
				err = w.zipRawData(u, f, name, depth)
			}
		}
		if ownLimit(err, u.Path) || propagates(err, p) {
			return w.unread(u.Path, err, "members after it were not scanned")
		}
		switch {
		case ownLimit(err, p): // refused on opening (an LZMA dictionary)
			w.unread(p, err, "not scanned")
		case err != nil:
			w.rep.Notice(Notice{Path: p, Reason: fmt.Sprintf("damaged archive member: %v", err), Incomplete: true})
		}
	}
	return nil
}

// readFailure keeps the error, other than io.EOF, that reading r ended
// with: a member whose data did not decompress.
type readFailure struct {
	r   io.Reader
	err error
}

func (f *readFailure) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		f.err = err
	}
	return n, err
}

// zipRawData scans the data of member f as it is stored, as "NAME (raw
// data)", when it did not decompress: data stored plain but declared
// compressed is read by no tool, and its bytes are text.
func (w *walk) zipRawData(u Unit, f *zip.File, name string, depth int) error {
	raw, err := f.OpenRaw()
	if err != nil {
		return err
	}
	return w.member(u, name+" (raw data)", int64(min(f.CompressedSize64, 1<<62)), content{rest: raw}, depth)
}

// Zip methods whose data is a stream of a format read elsewhere too
// (APPNOTE.TXT 4.4.5): a bzip2 stream, LZMA, a zstd frame, an xz stream.
const (
	zipBzip2 = 12
	zipLZMA  = 14
	zipZstd  = 93
	zipXZ    = 95
)

// zipLZMAEnd is bit 1 of a zip entry's flags with method zipLZMA: an end
// marker ends its data, else the entry's size does (APPNOTE.TXT 4.4.4).
const zipLZMAEnd = 0x2

// openZipStream decompresses a zip member of method zipZstd, zipXZ or
// zipLZMA, at path. Its CRC is not checked: a damaged stream fails on its
// own.
func openZipStream(f *zip.File, path string) (io.ReadCloser, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	var r io.Reader
	switch f.Method {
	case zipZstd:
		zr, err := newZstdReader(raw)
		if err != nil {
			return nil, err
		}
		return zr.IOReadCloser(), nil
	case zipLZMA:
		r, err = zipLZMAReader(f, raw, path)
	default:
		r, err = xzReader(raw, path)
	}
	if err != nil {
		return nil, err
	}
	return io.NopCloser(r), nil
}

// zipLZMAReader reads the data of a zip member of method zipLZMA: the
// LZMA SDK version (2 bytes), the properties' length (2, always 5), the
// properties, then LZMA data (APPNOTE.TXT 5.8.8). It is read as a legacy
// .lzma stream, whose header the properties and the entry's size make.
func zipLZMAReader(f *zip.File, raw io.Reader, path string) (io.Reader, error) {
	var head [9]byte
	if _, err := io.ReadFull(raw, head[:]); err != nil {
		return nil, err
	}
	if binary.LittleEndian.Uint16(head[2:]) != 5 {
		return nil, fmt.Errorf("LZMA properties of %d bytes, not 5", binary.LittleEndian.Uint16(head[2:]))
	}
	alone := append(head[4:9:9], make([]byte, 8)...)
	size := f.UncompressedSize64
	if f.Flags&zipLZMAEnd != 0 {
		size = ^uint64(0) // unknown: the end marker ends it
	}
	binary.LittleEndian.PutUint64(alone[5:], size)
	return lzmaReader(io.MultiReader(bytes.NewReader(alone), raw), path)
}

// openFolderData reads the data of a zip entry named as a folder, stored or
// deflated (the methods zip.File.Open knows; others are zip.ErrAlgorithm).
func openFolderData(f *zip.File) (io.ReadCloser, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	switch f.Method {
	case zip.Store:
		return io.NopCloser(raw), nil
	case zip.Deflate:
		return flate.NewReader(raw), nil
	}
	return nil, zip.ErrAlgorithm
}

// tar streams the entries of a tarball; damage ends the walk, as nothing
// after it can be found.
func (w *walk) tar(u Unit, r io.Reader, depth int) error {
	if w.nested(u.Path, depth) {
		return nil
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return w.afterEnd(u, "(after archive end)", r, depth)
		}
		if err == nil {
			w.tarNames(u, h)
			if text := tarHeaderText(h); text != nil {
				w.emit(Unit{Path: u.Path + "!" + strings.TrimPrefix(h.Name, "./") + " (tar header)", Git: u.Git, Data: text})
			}
		}
		if err == nil && tarData(h) {
			var r io.Reader = tr
			if sparse(h) {
				// Its holes expand like compressed data: a few bytes can
				// claim petabytes.
				r = w.inflate(tr, u.Path)
			}
			err = w.member(u, strings.TrimPrefix(h.Name, "./"), h.Size, content{rest: r}, depth)
		}
		if err != nil {
			return w.unread(u.Path, err, "members after it were not scanned")
		}
	}
}

// afterEnd scans what follows an archive's end past its zero padding, as
// member name of u: tar never reads what follows its end-of-archive
// blocks, nor gunzip what follows a member that is not another, but the
// file holds it.
func (w *walk) afterEnd(u Unit, name string, r io.Reader, depth int) error {
	rest, err := skipZeros(content{rest: r}, u.Path, w.endless && depth == 0)
	if err != nil {
		return w.unread(u.Path, err, "what follows the archive was not scanned")
	}
	if rest == nil {
		return nil
	}
	if err := w.member(u, name, -1, *rest, depth); err != nil {
		return w.unread(u.Path, err, "what follows the archive was not scanned")
	}
	return nil
}

// tarData tells a tar entry that holds data: any type but those that are
// a header alone (links, folders, devices, FIFOs). Entries of other types
// (contiguous files, GNU dump folders, types no tool knows) are read as
// files: tar extracts them so, and their bytes are in the archive anyway.
func tarData(h *tar.Header) bool {
	switch h.Typeflag {
	case tar.TypeLink, tar.TypeSymlink, tar.TypeChar, tar.TypeBlock, tar.TypeDir, tar.TypeFifo:
		return false
	}
	return h.Size > 0 || h.Typeflag == tar.TypeReg
}

// tarHeaderText returns the PAX records of a tar entry that are not its
// name, size, owner, times or sparse map, one "key=value" a line, or nil:
// comments and extended attributes are text no tool shows unasked.
func tarHeaderText(h *tar.Header) []byte {
	var out []byte
	for _, k := range slices.Sorted(maps.Keys(h.PAXRecords)) {
		v := h.PAXRecords[k]
		switch {
		case k == "path", k == "linkpath", k == "size", k == "uid", k == "gid", k == "uname", k == "gname",
			k == "mtime", k == "atime", k == "ctime", k == "charset", k == "hdrcharset", strings.HasPrefix(k, "GNU.sparse."):
			continue
		}
		out = append(append(append(append(out, k...), '='), v...), '\n')
	}
	return out
}

// sparse tells a tar entry whose holes the reader fills with zeros (GNU
// sparse, old or PAX form), so it yields more than the archive holds.
func sparse(h *tar.Header) bool {
	if h.Typeflag == tar.TypeGNUSparse {
		return true
	}
	for k := range h.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}

// gzip decompresses a stream: a tarball inside is walked member by member,
// anything else is one member named after the file without its .gz.
// zstdSkippable tells a zstd skippable frame (RFC 8878 3.1.2: magic
// 0x184D2A50 to 0x184D2A5F, little-endian), which pzstd writes before
// every frame; the decoder passes over its data.
func zstdSkippable(head []byte) bool {
	return len(head) >= 8 && head[0]&0xf0 == 0x50 && bytes.Equal(head[1:4], []byte{0x2a, 0x4d, 0x18})
}

// maxZstdWindow bounds the history a zstd stream may ask the decoder to
// keep: the format allows up to 3.75 TB; zstd's own tool writes 8 MB
// windows unless told otherwise (--long raises it to 128 MB).
const maxZstdWindow = 128 << 20

// newZstdReader decompresses the zstd frames r reads, one goroutine at
// a time, with windows up to maxZstdWindow.
func newZstdReader(r io.Reader) (*zstd.Decoder, error) {
	return zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(maxZstdWindow))
}

// newZstdFrameDecoder decodes whole zstd frames held in memory (a table's
// block, an Avro block, a Parquet page), each to at most limit bytes.
func newZstdFrameDecoder(limit int64) (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(maxZstdWindow), zstd.WithDecoderMaxMemory(uint64(max(limit, 1))))
}

// frameDecoder is the zstd decoder of a reader of compressed blocks, made
// for its first zstd block (most files have none).
type frameDecoder struct{ d *zstd.Decoder }

// decodeAll decodes the frame src, appending to dst, each frame to at
// most limit bytes.
func (f *frameDecoder) decodeAll(src, dst []byte, limit int64) ([]byte, error) {
	if f.d == nil {
		d, err := newZstdFrameDecoder(limit)
		if err != nil {
			return nil, err
		}
		f.d = d
	}
	return f.d.DecodeAll(src, dst)
}

func (f *frameDecoder) close() {
	if f.d != nil {
		f.d.Close()
	}
}

// compressed scans a gzip, zstd, LZ4, xz, lzma, bzip2, zlib or Brotli stream: a
// tarball inside is the archive's own content; anything else is its one
// member, named by gzip's header or by the file's name without its
// extension.
func (w *walk) compressed(u Unit, c content, depth int, k contentKind) error {
	if w.nested(u.Path, depth) {
		return nil
	}
	var r io.Reader
	name := ""
	switch k {
	case kindGzip:
		zr, err := newGzipStream(c.reader())
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		defer zr.Close()
		// The members' comments and extra fields are known once all
		// were read.
		defer w.gzipHeaders(u, zr)
		r, name = zr, strings.TrimSuffix(path.Base(zr.name()), ".gz")
		if zr.name() != "" && name != strippedName(u.Path, ".gz") {
			// A name gzip's header holds, other than the file's own.
			w.memberNames(u, name, false)
		}
	case kindZstd:
		zr, err := newZstdReader(c.reader())
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		defer zr.Close()
		r, name = zr, strippedName(u.Path, ".zst", ".zstd")
	case kindLZ4:
		r, name = newLZ4Reader(c.reader()), strippedName(u.Path, ".lz4")
	case kindXZ:
		zr, err := xzReader(c.reader(), u.Path)
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		r, name = zr, strippedName(u.Path, ".xz")
	case kindLZMA:
		zr, err := lzmaReader(c.reader(), u.Path)
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		r, name = zr, strippedName(u.Path, ".lzma")
	case kindBzip2:
		// Concatenated streams are read one after another (as pbzip2
		// writes them); anything else after a stream is damage.
		r, name = bzip2.NewReader(c.reader()), strippedName(u.Path, ".bz2", ".bz")
	case kindZlib:
		zr, err := zlib.NewReader(c.reader())
		if err != nil {
			return w.unread(u.Path, err, "not scanned")
		}
		defer zr.Close()
		r, name = zr, strippedName(u.Path, ".zz", ".zlib", ".deflate")
	case kindDeflate:
		fr := flate.NewReader(c.reader())
		defer fr.Close()
		r, name = fr, strippedName(u.Path, ".deflate", ".raw")
	case kindBrotli:
		r, name = newBrotliReader(c.reader()), strippedName(u.Path, ".br")
	}
	inner := content{rest: w.inflate(r, u.Path)}
	if n := gitObjectHeader(inner.sniff(64)); k == kindZlib && n > 0 {
		// A git loose object: the NUL of its header is not its content's.
		inner.head, name = inner.head[n:], "(git object)"
	}
	if isTar(inner.sniff(sniffLen)) {
		// The tarball is this archive's own content, not a member.
		if err := w.tar(u, inner.reader(), depth); err != nil {
			return err
		}
	} else {
		if name == "" || name == "." || name == "/" {
			name = "content"
		}
		if err := w.member(u, name, -1, inner, depth); err != nil {
			return w.unread(u.Path, err, "the part after it was not scanned")
		}
	}
	if gz, ok := r.(*gzipStream); ok && gz.trailing {
		return w.afterEnd(u, "(after gzip end)", gz.br, depth)
	}
	return nil
}

// gzipHeaders scans what a gzip stream's member headers held.
func (w *walk) gzipHeaders(u Unit, s *gzipStream) {
	if s.comments.Len() > 0 {
		w.emit(Unit{Path: u.Path + "!(gzip comment)", Git: u.Git, Data: s.comments.Bytes()})
	}
	if s.extras.Len() > 0 {
		w.emit(Unit{Path: u.Path + "!(gzip extra field)", Git: u.Git, Data: s.extras.Bytes()})
	}
	if s.cut {
		w.rep.Notice(Notice{Path: u.Path, Reason: fmt.Sprintf("its gzip members' comments and extra fields hold over %d MiB: the rest were not scanned", maxGzipHeaderText>>20), Incomplete: true})
	}
}

// strippedName is the base name of the file or member at p without the
// first of exts it ends with, or "" when it ends with none.
func strippedName(p string, exts ...string) string {
	base := path.Base(p[strings.LastIndexByte(p, '!')+1:])
	for _, ext := range exts {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			return base[:len(base)-len(ext)]
		}
	}
	return ""
}

func isTar(data []byte) bool {
	return len(data) > 262 && bytes.Equal(data[257:262], []byte("ustar"))
}

// unescapeJSONLines rewrites each line that is a JSON string (as notebook
// cells store source lines) to its plain text, keeping one output line per
// input line so line numbers still point into the file.
func unescapeJSONLines(data []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(data))
	for len(data) > 0 {
		line := data
		rest := []byte(nil)
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, rest = data[:i], data[i+1:]
		}
		trimmed := bytes.TrimRight(bytes.TrimSpace(line), ",")
		var s string
		if len(trimmed) >= 2 && trimmed[0] == '"' && trimmed[len(trimmed)-1] == '"' && json.Unmarshal(trimmed, &s) == nil {
			out.WriteString(strings.ReplaceAll(s, "\n", " "))
		} else {
			out.Write(line)
		}
		if rest != nil {
			out.WriteByte('\n')
		}
		data = rest
	}
	return out.Bytes()
}
