package gitpack

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/leakhound/leakhound/internal/mapfile"
)

// pack is one .pack file with its index. The file is read with ReadAt
// (pread), which any number of readers may call at once.
type pack struct {
	path     string // the .pack file
	promisor bool   // fetched from a promisor remote (a .promisor file beside it)
	few      bool   // Options.Few: the index's own checksum is not checked

	once sync.Once
	err  error
	idx  *packIndex
	// unmap releases the mapped index, which idx reads from.
	unmap func()
	f     *os.File
	end   int64 // where entries end: the trailer's checksum starts here

	revOnce sync.Once
	revErr  error
	// rev lists index positions in pack order, so that each entry's
	// extent (up to the next one) and CRC are known from its offset.
	rev []uint32
}

// open reads the index and checks the pack against it: the version, the
// object count and the pack checksum the index records.
func (p *pack) open() error {
	p.once.Do(func() { p.err = p.load() })
	return p.err
}

func (p *pack) load() error {
	idxPath := strings.TrimSuffix(p.path, ".pack") + ".idx"
	// Mapped: a lookup touches a few pages of a large index, and git
	// replaces an index by rename, never rewriting it in place.
	data, release, err := mapfile.Map(idxPath)
	if err != nil {
		return fmt.Errorf("reading pack index: %w", err)
	}
	if p.idx, err = parseIndex(idxPath, data, !p.few); err != nil {
		release()
		return err
	}
	p.unmap = release
	f, err := os.Open(p.path)
	if err != nil {
		return fmt.Errorf("opening pack: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	var head [12]byte
	var tail [20]byte
	if st.Size() < 32 {
		f.Close()
		return fmt.Errorf("pack %s is truncated (%d bytes)", p.path, st.Size())
	}
	if _, err := f.ReadAt(head[:], 0); err != nil {
		f.Close()
		return fmt.Errorf("reading pack %s: %w", p.path, err)
	}
	if _, err := f.ReadAt(tail[:], st.Size()-20); err != nil {
		f.Close()
		return fmt.Errorf("reading pack %s: %w", p.path, err)
	}
	if string(head[:4]) != "PACK" {
		f.Close()
		return fmt.Errorf("%s is not a pack file", p.path)
	}
	// Versions 2 and 3 have the same layout; git writes 2.
	if v := binary.BigEndian.Uint32(head[4:]); v != 2 && v != 3 {
		f.Close()
		return &UnsupportedError{What: fmt.Sprintf("%s is a version %d pack", p.path, v)}
	}
	if n := binary.BigEndian.Uint32(head[8:]); int(n) != p.idx.n {
		f.Close()
		return fmt.Errorf("pack %s holds %d objects, its index %d: they do not belong together", p.path, n, p.idx.n)
	}
	if tail != p.idx.packSum {
		f.Close()
		return fmt.Errorf("pack %s does not end with the checksum its index records: they do not belong together, or the pack is damaged", p.path)
	}
	p.f, p.end = f, st.Size()-20
	return nil
}

// reverse builds the pack-order list of positions: from the .rev file git
// writes beside the pack when there is a valid one, else by sorting the
// index's offsets.
func (p *pack) reverse() error {
	p.revOnce.Do(func() {
		if p.rev = p.readRev(); p.rev != nil {
			return
		}
		type at struct {
			off int64
			pos uint32
		}
		all := make([]at, p.idx.n)
		for i := range all {
			off, err := p.idx.offset(i)
			if err != nil {
				p.revErr = fmt.Errorf("pack index of %s: %w", p.path, err)
				return
			}
			all[i] = at{off, uint32(i)}
		}
		slices.SortFunc(all, func(a, b at) int { return cmp.Compare(a.off, b.off) })
		p.rev = make([]uint32, len(all))
		for i, a := range all {
			p.rev[i] = a.pos
		}
	})
	return p.revErr
}

// readRev reads a .rev file (version 1, SHA-1): "RIDX", version, hash
// version, one position per object in pack order, the pack's checksum and
// its own. Anything else is ignored: the index alone can rebuild it.
func (p *pack) readRev() []uint32 {
	data, err := os.ReadFile(strings.TrimSuffix(p.path, ".pack") + ".rev")
	if err != nil || len(data) != 12+4*p.idx.n+40 || string(data[:4]) != "RIDX" ||
		binary.BigEndian.Uint32(data[4:]) != 1 || binary.BigEndian.Uint32(data[8:]) != 1 ||
		!bytes.Equal(data[len(data)-40:len(data)-20], p.idx.packSum[:]) {
		return nil
	}
	if sum := sha1.Sum(data[:len(data)-20]); !bytes.Equal(sum[:], data[len(data)-20:]) {
		return nil
	}
	rev := make([]uint32, p.idx.n)
	for i := range rev {
		rev[i] = binary.BigEndian.Uint32(data[12+4*i:])
		if int(rev[i]) >= p.idx.n {
			return nil
		}
	}
	return rev
}

// extent finds the entry that starts at off: its index position and where
// the next entry starts. An offset where no entry starts is an error.
func (p *pack) extent(off int64) (pos int, end int64, err error) {
	if off < 12 || off >= p.end {
		return 0, 0, fmt.Errorf("offset %d is outside the pack's entries", off)
	}
	if err := p.reverse(); err != nil {
		return 0, 0, err
	}
	var searchErr error
	k, found := slices.BinarySearchFunc(p.rev, off, func(pos uint32, off int64) int {
		o, err := p.idx.offset(int(pos))
		if err != nil {
			searchErr = err
		}
		return cmp.Compare(o, off)
	})
	if searchErr != nil {
		return 0, 0, searchErr
	}
	if !found {
		return 0, 0, fmt.Errorf("no entry of the pack starts at offset %d", off)
	}
	end = p.end
	if k+1 < len(p.rev) {
		if end, err = p.idx.offset(int(p.rev[k+1])); err != nil {
			return 0, 0, err
		}
	}
	if end > p.end || end <= off {
		return 0, 0, fmt.Errorf("the entry at offset %d has no room before %d", off, end)
	}
	return int(p.rev[k]), end, nil
}

func (p *pack) close() error {
	if p.unmap != nil {
		p.unmap()
		p.unmap = nil
	}
	if p.f == nil {
		return nil
	}
	return p.f.Close()
}

// packsIn lists the packs of an object directory: every .idx with its
// .pack beside it, as git counts them.
func packsIn(dir string, few bool) ([]*pack, error) {
	names, err := filepath.Glob(filepath.Join(dir, "pack", "*.idx"))
	if err != nil {
		return nil, err
	}
	var packs []*pack
	for _, idx := range names {
		base := strings.TrimSuffix(idx, ".idx")
		if _, err := os.Stat(base + ".pack"); err != nil {
			continue
		}
		_, err := os.Stat(base + ".promisor")
		packs = append(packs, &pack{path: base + ".pack", promisor: err == nil, few: few})
	}
	return packs, nil
}

// entry is a stored object's header.
type entry struct {
	pack   *pack
	offset int64
	typ    Type
	size   int64 // of the inflated data: the object, or the delta
	pos    int   // in the index, for the CRC
	end    int64 // where the next entry starts
	head   int   // header bytes before the zlib stream
	base   int64 // an ofsDelta's base offset
	baseID ID    // a refDelta's base
	// raw holds the entry's stored bytes when they were read with its
	// header (see readEntryAt); nil when they are still to be read.
	raw []byte
}

// where names the entry for messages.
func (e *entry) where() string {
	return fmt.Sprintf("%s at offset %d", filepath.Base(e.pack.path), e.offset)
}

// readEntry reads the header of the entry at off, and with a scratch the
// whole entry when the scratch keeps one that large.
func (p *pack) readEntry(off int64, sc *scratch) (entry, error) {
	pos, end, err := p.extent(off)
	if err != nil {
		return entry{pack: p, offset: off}, err
	}
	var raw []byte
	if sc != nil {
		raw = sc.rawFor(end - off)
	}
	return p.readEntryAt(off, pos, end, raw)
}

// readEntryAt reads the header of the entry at off, whose index position
// and end are known. When raw can hold the whole entry, the entry is read
// into it in the same call (e.raw): one pread for a small entry, not two.
func (p *pack) readEntryAt(off int64, pos int, end int64, raw []byte) (entry, error) {
	e := entry{pack: p, offset: off, pos: pos, end: end}
	if off < 12 || off >= p.end || end <= off || end > p.end {
		return e, fmt.Errorf("the entry at offset %d is outside the pack's entries", off)
	}
	var buf [64]byte
	b := buf[:min(int64(len(buf)), end-off)]
	whole := int64(cap(raw)) >= end-off
	if whole {
		b = raw[:end-off]
	}
	if _, err := p.f.ReadAt(b, off); err != nil && err != io.EOF {
		return e, fmt.Errorf("reading %s: %w", p.path, err)
	}
	if whole {
		e.raw = b
	}
	return e, e.parse(b)
}

// parse reads the entry's header from b, its first bytes (64 or all).
func (e *entry) parse(b []byte) error {
	var n int
	var err error
	if e.typ, e.size, n, err = parseEntryHeader(b); err != nil {
		return err
	}
	switch e.typ {
	case ofsDelta:
		dist, m, err := parseBaseDistance(b[n:])
		if err != nil {
			return err
		}
		if dist <= 0 || dist > e.offset-12 {
			return fmt.Errorf("delta base is %d bytes back, outside the pack", dist)
		}
		e.base, n = e.offset-dist, n+m
	case refDelta:
		if len(b) < n+20 {
			return fmt.Errorf("delta base name is truncated")
		}
		copy(e.baseID[:], b[n:])
		n += 20
	}
	e.head = n
	return nil
}

// headerWindow reads entries' headers through a window of a pack's bytes:
// headers read in pack order then cost a pread per window, not one each
// (a plan reads the headers of a quarter of a million entries).
type headerWindow struct {
	p   *pack
	at  int64
	buf []byte
}

const headerWindowSize = 64 << 10

// readEntry is pack.readEntry, its header taken from the window.
func (w *headerWindow) readEntry(p *pack, off int64) (entry, error) {
	pos, end, err := p.extent(off)
	e := entry{pack: p, offset: off, pos: pos, end: end}
	if err != nil {
		return e, err
	}
	need := min(64, end-off)
	if w.p != p || off < w.at || off+need > w.at+int64(len(w.buf)) {
		if w.buf == nil {
			w.buf = make([]byte, headerWindowSize)
		}
		n, err := p.f.ReadAt(w.buf[:min(int64(headerWindowSize), p.end-off)], off)
		if err != nil && err != io.EOF {
			w.p = nil
			return e, fmt.Errorf("reading %s: %w", p.path, err)
		}
		w.p, w.at, w.buf = p, off, w.buf[:n]
		if int64(n) < need {
			return e, fmt.Errorf("the entry at offset %d is cut short", off)
		}
	}
	return e, e.parse(w.buf[off-w.at : off-w.at+need])
}
