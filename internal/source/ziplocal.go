package source

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
)

// A zip is listed twice: each member has a local header before its data,
// and the central directory at the end lists the members again
// (APPNOTE.TXT 4.3.6). Zip tools read the directory alone, so a member
// whose local header and data are in the file but whose directory entry
// was removed (a directory listing only a decoy) is never extracted, and
// its bytes are still there. The sweep below walks the local headers too.

// zipLocal is one local file header (APPNOTE.TXT 4.3.7).
type zipLocal struct {
	offset       int64 // of its signature
	flags        uint16
	method       uint16
	crc          uint32
	csize, usize uint64
	name         string
	extra        []byte
	data         int64 // where its data starts
}

const (
	zipLocalSig   = "PK\x03\x04"
	zipLocalFixed = 30
	// zipDescriptor is bit 3 of the flags: sizes and CRC follow the data
	// in a data descriptor, and the header's are zero (APPNOTE.TXT 4.4.4).
	zipDescriptor = 0x8
	zip64Extra    = 0x0001 // the zip64 extended information field (4.5.3)
)

// readZipLocal parses the local header at off of the zip of size bytes r
// reads; false when none is there.
func readZipLocal(r io.ReaderAt, size, off int64) (zipLocal, bool) {
	var fixed [zipLocalFixed]byte
	if off+zipLocalFixed > size {
		return zipLocal{}, false
	}
	if _, err := r.ReadAt(fixed[:], off); err != nil || string(fixed[:4]) != zipLocalSig {
		return zipLocal{}, false
	}
	le := binary.LittleEndian
	h := zipLocal{
		offset: off,
		flags:  le.Uint16(fixed[6:]),
		method: le.Uint16(fixed[8:]),
		crc:    le.Uint32(fixed[14:]),
		csize:  uint64(le.Uint32(fixed[18:])),
		usize:  uint64(le.Uint32(fixed[22:])),
	}
	nameLen, extraLen := int64(le.Uint16(fixed[26:])), int64(le.Uint16(fixed[28:]))
	h.data = off + zipLocalFixed + nameLen + extraLen
	if h.data > size {
		return zipLocal{}, false
	}
	var rest = make([]byte, nameLen+extraLen)
	if _, err := r.ReadAt(rest, off+zipLocalFixed); err != nil {
		return zipLocal{}, false
	}
	h.name, h.extra = string(rest[:nameLen]), rest[nameLen:]
	// Sizes of 0xFFFFFFFF are in the zip64 field: uncompressed first,
	// then compressed, each present only when its 32-bit field is full.
	for extra := rest[nameLen:]; len(extra) >= 4; {
		id, n := le.Uint16(extra), int(le.Uint16(extra[2:]))
		if 4+n > len(extra) {
			break
		}
		field := extra[4 : 4+n]
		if id == zip64Extra {
			if h.usize == 0xffffffff && len(field) >= 8 {
				h.usize, field = le.Uint64(field), field[8:]
			}
			if h.csize == 0xffffffff && len(field) >= 8 {
				h.csize = le.Uint64(field)
			}
		}
		extra = extra[4+n:]
	}
	return h, true
}

// zipLocalOffsets returns where each local header signature occurs in
// the size bytes r reads, in order.
func zipLocalOffsets(r io.ReaderAt, size int64) ([]int64, error) {
	const chunk = 1 << 20
	var offs []int64
	buf := make([]byte, min(size, chunk)+int64(len(zipLocalSig))-1)
	for at := int64(0); at < size; at += chunk {
		n := int(min(int64(len(buf)), size-at))
		if _, err := r.ReadAt(buf[:n], at); err != nil && err != io.EOF {
			return nil, err
		}
		for from := 0; ; {
			i := bytes.Index(buf[from:n], []byte(zipLocalSig))
			if i < 0 || from+i >= chunk {
				break
			}
			offs = append(offs, at+int64(from+i))
			from += i + 1
		}
	}
	return offs, nil
}

// zipLocals scans the members of the zip u (size bytes r reads) that
// have a local header but no central directory entry (listed: the files
// its directory lists; dirRead false when it could not be read), and names each
// directory entry whose local header says otherwise (name, method) and
// each stretch of data two entries share.
func (w *walk) zipLocals(u Unit, r io.ReaderAt, size int64, listed []*zip.File, dirRead bool, depth int) error {
	byData := map[int64]*zip.File{}
	// spans are the data of listed members: a signature inside one is
	// part of that member (a stored zip's own headers, also in a
	// deflated one's stored blocks), unless the member's stream ends
	// before it (see deflateEnd).
	var spans []zipSpan
	for _, f := range listed {
		at, err := f.DataOffset()
		if err != nil {
			continue // named when the member was opened
		}
		if prev := byData[at]; prev != nil {
			w.rep.Notice(Notice{Path: u.Path + "!" + f.Name, Reason: fmt.Sprintf("the zip's central directory lists this data twice, also as %q", prev.Name), Scanned: true})
			continue
		}
		byData[at] = f
		spans = append(spans, zipSpan{f, at, at + int64(min(f.CompressedSize64, uint64(size)))})
	}
	ends := map[*zip.File]int64{}
	// The spans by start, each with the furthest end of those up to it:
	// a fat jar's stored jars hold thousands of signatures, and each was
	// checked against every member.
	slices.SortStableFunc(spans, func(a, b zipSpan) int { return cmp.Compare(a.from, b.from) })
	reach := make([]int64, len(spans))
	for i, s := range spans {
		reach[i] = s.to
		if i > 0 {
			reach[i] = max(reach[i], reach[i-1])
		}
	}
	// inside tells a signature at off that is bytes of a listed member.
	inside := func(off int64) bool {
		j, _ := slices.BinarySearchFunc(spans, off+1, func(s zipSpan, at int64) int { return cmp.Compare(s.from, at) })
		for j--; j >= 0 && reach[j] > off; j-- {
			s := spans[j]
			if off >= s.to {
				continue
			}
			if s.f.Method != zip.Deflate {
				return true
			}
			end, ok := ends[s.f]
			if !ok {
				// Inflated again: charged to the unit's budget, so a
				// bomb's members are not inflated twice in full.
				n, used := deflateEnd(s.f, max(0, min(w.held(), w.bombRoom())))
				w.inflated += used
				end = s.from + n
				ends[s.f] = end
			}
			if off < end {
				return true
			}
		}
		return false
	}
	offs, err := zipLocalOffsets(r, size)
	if err != nil {
		return w.unread(u.Path, err, "its local headers were not read")
	}
	// owned are the bytes of each member, header and data, in order.
	var owned []zipSpan
	for i, off := range offs {
		h, ok := readZipLocal(r, size, off)
		if !ok {
			continue
		}
		if f := byData[h.data]; f != nil {
			w.zipDisagreement(u, f, h)
			if !bytes.Equal(h.extra, f.Extra) {
				w.zipExtra(u, f.Name, h.extra)
			}
			end := h.data + int64(min(f.CompressedSize64, uint64(size-h.data)))
			owned = append(owned, zipSpan{f, off, zipDescriptorEnd(r, size, h, end, f.CompressedSize64 > 0xffffffff)})
			continue
		}
		if inside(off) {
			continue
		}
		next := size
		if i+1 < len(offs) {
			next = offs[i+1]
		}
		owned = append(owned, zipSpan{nil, off, zipDescriptorEnd(r, size, h, zipLocalEnd(h, next), false)})
		if err := w.zipLocal(u, r, h, next, dirRead, depth); err != nil {
			return err
		}
	}
	return w.zipGaps(u, r, size, owned, depth)
}

// zipSpan is a stretch of a zip's bytes, and the listed member it
// belongs to, if any.
type zipSpan struct {
	f        *zip.File
	from, to int64
}

// zipGaps scans the bytes between members that no member holds, and
// those between the last member and the central directory, as
// "(bytes FROM-TO, in no member)": no zip tool reads them.
func (w *walk) zipGaps(u Unit, r io.ReaderAt, size int64, owned []zipSpan, depth int) error {
	if len(owned) == 0 {
		return nil
	}
	slices.SortFunc(owned, func(a, b zipSpan) int { return cmp.Compare(a.from, b.from) })
	end := owned[0].to
	var gaps []zipSpan
	for _, o := range owned[1:] {
		if o.from > end {
			gaps = append(gaps, zipSpan{nil, end, o.from})
		}
		end = max(end, o.to)
	}
	if dir := zipDirectoryAfter(r, size, end); dir > end {
		gaps = append(gaps, zipSpan{nil, end, dir})
	}
	for _, g := range gaps {
		name := fmt.Sprintf("(bytes %d-%d, in no member)", g.from, g.to)
		w.rep.Notice(Notice{Path: u.Path + "!" + name, Reason: "bytes between the zip's members that no member holds (zip tools do not read them): scanned", Scanned: true})
		err := w.member(u, name, g.to-g.from, content{rest: io.NewSectionReader(r, g.from, g.to-g.from)}, depth)
		if ownLimit(err, u.Path) || propagates(err, u.Path+"!"+name) {
			return w.unread(u.Path, err, "what follows was not scanned")
		}
		if err != nil {
			w.rep.Notice(Notice{Path: u.Path + "!" + name, Reason: fmt.Sprintf("not read: %v", err), Incomplete: true})
		}
	}
	return nil
}

// zipDirectoryAfter is where the central directory's first record
// (APPNOTE.TXT 4.3.12) starts at or after from, or size when none does.
func zipDirectoryAfter(r io.ReaderAt, size, from int64) int64 {
	const sig = "PK\x01\x02"
	buf := make([]byte, max(int64(len(sig)), min(size-from, 64<<10)))
	for at := from; at < size; at += int64(len(buf) - len(sig) + 1) {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-at)], at)
		if i := bytes.Index(buf[:n], []byte(sig)); i >= 0 {
			return at + int64(i)
		}
		if err != nil || at+int64(n) >= size {
			break
		}
	}
	return size
}

// zipDisagreement names a listed member whose local header gives another
// name or method than the directory: tools differ in which they follow.
func (w *walk) zipDisagreement(u Unit, f *zip.File, h zipLocal) {
	switch {
	case h.name != f.Name:
		w.rep.Notice(Notice{Path: u.Path + "!" + f.Name, Reason: fmt.Sprintf("its local header names it %q: the zip's central directory and local headers disagree (scanned as the directory says)", h.name), Scanned: true})
	case h.method != f.Method:
		w.rep.Notice(Notice{Path: u.Path + "!" + f.Name, Reason: fmt.Sprintf("its local header gives method %d, the central directory %d: the two disagree (read as the directory says)", h.method, f.Method), Scanned: true})
	}
}

// zipDescriptorEnd is where the data descriptor after the member whose
// local header is h, and whose data ends at end, ends (APPNOTE.TXT
// 4.3.9: CRC-32 and sizes, 4 or 8 bytes each as zip64 is, after an
// optional signature), or end when it has none.
func zipDescriptorEnd(r io.ReaderAt, size int64, h zipLocal, end int64, zip64 bool) int64 {
	if h.flags&zipDescriptor == 0 {
		return end
	}
	n := int64(12)
	if zip64 {
		n = 20
	}
	var sig [4]byte
	if _, err := r.ReadAt(sig[:], end); err == nil && string(sig[:]) == "PK\x07\x08" {
		n += 4
	}
	return min(size, end+n)
}

// zipLocalEnd is where the data of the member whose local header is h
// ends: after its size, or, when a descriptor holds that, at next.
func zipLocalEnd(h zipLocal, next int64) int64 {
	if h.flags&zipDescriptor == 0 && h.csize < uint64(next-h.data) {
		return h.data + int64(h.csize)
	}
	return next
}

// zipLocalData reads the data of the member whose local header is h,
// decompressed; next is where the next local header starts (or the
// zip's end), which ends stored data whose size a descriptor holds.
func zipLocalData(r io.ReaderAt, h zipLocal, next int64) (io.Reader, error) {
	end := zipLocalEnd(h, next)
	raw := io.NewSectionReader(r, h.data, end-h.data)
	switch h.method {
	case zip.Store:
		return raw, nil
	case zip.Deflate:
		return flate.NewReader(raw), nil
	}
	return nil, zip.ErrAlgorithm
}

// deflateEnd is how many bytes of its data the deflated member f's
// stream takes, read to its end (at most limit bytes inflated, which
// used counts): data past it is no part of the member, whatever the
// directory's size says. A stream that fails, or inflates past limit,
// takes all of its declared size.
func deflateEnd(f *zip.File, limit int64) (n, used int64) {
	raw, err := f.OpenRaw()
	if err != nil {
		return int64(f.CompressedSize64), 0
	}
	c := &countingByteReader{r: bufio.NewReader(raw)}
	used, err = io.Copy(io.Discard, io.LimitReader(flate.NewReader(c), limit))
	if err != nil || used == limit {
		return int64(f.CompressedSize64), used
	}
	return c.n, used
}

// countingByteReader counts the bytes read through it; being an
// io.ByteReader, flate reads from it no further than its stream's end.
type countingByteReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingByteReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingByteReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// zipLocal scans a member that only its local header lists, as
// "NAME (not in central directory)", and names it.
func (w *walk) zipLocal(u Unit, r io.ReaderAt, h zipLocal, next int64, dirRead bool, depth int) error {
	name := h.name
	if name == "" {
		name = "(unnamed member)"
	}
	w.memberNames(u, name, false)
	name += " (not in central directory)"
	p := u.Path + "!" + name
	w.zipExtra(u, name, h.extra)
	if h.flags&zipEncrypted != 0 {
		w.rep.Notice(Notice{Path: p, Reason: "encrypted (password-protected) archive member, not opened", Incomplete: true})
		return nil
	}
	d, err := zipLocalData(r, h, next)
	if err != nil {
		w.rep.Notice(Notice{Path: p, Reason: fmt.Sprintf("a member only its local header lists, compressed with zip method %d, which leakhound does not read this way, not scanned", h.method), Incomplete: true})
		return nil
	}
	reason := "a member the zip's central directory does not list (zip tools do not extract it): read from its local header and scanned"
	if !dirRead {
		reason = "read from its local header, as the zip's central directory could not be read, and scanned"
	}
	w.rep.Notice(Notice{Path: p, Reason: reason, Scanned: true})
	err = w.member(u, name, -1, content{rest: w.inflate(d, u.Path)}, depth)
	if ownLimit(err, u.Path) || propagates(err, p) {
		return w.unread(u.Path, err, "members after it were not scanned")
	}
	if err != nil {
		w.rep.Notice(Notice{Path: p, Reason: fmt.Sprintf("damaged archive member: %v", err), Incomplete: true})
	}
	return nil
}

// zipMetaExtras are the extra fields (APPNOTE.TXT 4.5, 4.6) that hold
// binary metadata tools write: zip64 sizes, NTFS and Unix times, Unix
// owners, a jar's marker, Android's alignment padding, AES and strong
// encryption headers. Others (a vendor's own, or any made up) are text
// no tool shows.
var zipMetaExtras = map[uint16]bool{
	0x0001: true, 0x000a: true, 0x0017: true, 0x5455: true, 0x5855: true, 0x7855: true,
	0x7875: true, 0xcafe: true, 0xd935: true, 0x9901: true,
}

// zipExtra scans what the extra field of the member name holds beyond
// zipMetaExtras, as "NAME (zip extra field)": each record's data a line,
// and bytes that make no record as they are.
func (w *walk) zipExtra(u Unit, name string, extra []byte) {
	var text []byte
	for len(extra) > 0 {
		if len(extra) < 4 || 4+int(binary.LittleEndian.Uint16(extra[2:])) > len(extra) {
			text = append(append(text, extra...), '\n')
			break
		}
		id, n := binary.LittleEndian.Uint16(extra), 4+int(binary.LittleEndian.Uint16(extra[2:]))
		if !zipMetaExtras[id] && n > 4 {
			text = append(append(text, extra[4:n]...), '\n')
		}
		extra = extra[n:]
	}
	if len(bytes.TrimSpace(text)) > 0 {
		w.emit(Unit{Path: u.Path + "!" + name + " (zip extra field)", Git: u.Git, Data: text})
	}
}
