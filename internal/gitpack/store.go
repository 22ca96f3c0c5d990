package gitpack

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha1"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zlib"
	"github.com/leakhound/leakhound/internal/inflate"
)

// HeadSize is how much of an object too large to read TooLargeError
// holds: as much as git reads to tell binary content from text.
const HeadSize = 8000

// DefaultCacheBytes bounds the delta base cache when Options leave it 0:
// enough for the versions of the files being read in a row, small beside
// the objects being read themselves.
const DefaultCacheBytes = 64 << 20

// maxChain bounds a delta chain: git writes none deeper than 4095, so a
// longer one is a loop in damaged data.
const maxChain = 10000

// Options configure Open.
type Options struct {
	// ObjectFormat is the repository's (git rev-parse
	// --show-object-format); "" means sha1, the only one read here.
	ObjectFormat string
	// CacheBytes bounds the delta base cache; 0: DefaultCacheBytes.
	CacheBytes int64
	// AlternateEnv is the value of GIT_ALTERNATE_OBJECT_DIRECTORIES, whose
	// directories are read after the repository's own alternates.
	AlternateEnv string
	// Few says only a few objects will be read (a pre-commit scan's
	// staged blobs): the SHA-1 of each whole index file is not checked.
	// Hashing a large repository's index cost more than the rest of a
	// one-file scan, and damage is still caught where it matters: every
	// entry read is checked against the index's CRC-32 and its own zlib
	// checksum, and a wrong offset or name fails those or the lookup.
	Few bool
}

// Store reads the objects of one repository. Its methods may be called
// from any number of goroutines at once.
type Store struct {
	dirs  []string
	few   bool // Options.Few
	cache *baseCache
	// scratch holds per-reading buffers and inflaters, one per goroutine
	// reading at a time.
	scratch sync.Pool

	mu sync.RWMutex
	// multi are the usable multi-pack-indexes; loose the packs no
	// multi-pack-index covers, searched one by one.
	multi  []*multiSet
	loose  []*pack
	all    map[string]*pack // every pack, by path
	dirMod map[string]time.Time
	// multiRead marks the directories whose multi-pack-index was read.
	multiRead map[string]bool
	ignored   []string // why a multi-pack-index was not used
}

// multiSet is a multi-pack-index with its packs by pack-int-id (nil for a
// pack that is gone since it was written).
type multiSet struct {
	m     *multiIndex
	packs []*pack
}

// Layout says what Open found, for a --verbose line.
type Layout struct {
	// ObjectDirs are the repository's object directory, then its
	// alternates'.
	ObjectDirs       []string
	Packs            int
	PromisorPacks    int
	MultiPackIndexes int
	// Ignored says why a multi-pack-index was not used (its packs'
	// own indexes are read instead).
	Ignored []string
}

func (l Layout) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d pack(s)", l.Packs)
	if l.MultiPackIndexes > 0 {
		fmt.Fprintf(&b, " (%d multi-pack-index)", l.MultiPackIndexes)
	}
	if l.PromisorPacks > 0 {
		fmt.Fprintf(&b, ", %d from a promisor remote", l.PromisorPacks)
	}
	b.WriteString(" and loose objects")
	if n := len(l.ObjectDirs) - 1; n > 0 {
		fmt.Fprintf(&b, ", with %d alternate object director%s", n, map[bool]string{true: "y", false: "ies"}[n == 1])
	}
	for _, why := range l.Ignored {
		fmt.Fprintf(&b, "; %s", why)
	}
	return b.String()
}

// Open reads the object directory dir (a repository's objects/, as `git
// rev-parse --git-path objects` names it) and its alternates. A layout
// this package does not read is an *UnsupportedError.
func Open(dir string, opt Options) (*Store, error) {
	if f := opt.ObjectFormat; f != "" && f != "sha1" {
		return nil, &UnsupportedError{What: "object names are " + f + ", not SHA-1"}
	}
	dirs, err := objectDirs(dir, opt.AlternateEnv)
	if err != nil {
		return nil, err
	}
	limit := opt.CacheBytes
	if limit <= 0 {
		limit = DefaultCacheBytes
	}
	s := &Store{dirs: dirs, cache: newBaseCache(limit), all: map[string]*pack{}, dirMod: map[string]time.Time{}, multiRead: map[string]bool{}, few: opt.Few}
	for _, d := range dirs {
		if err := s.addDir(d); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// addDir adds the packs of an object directory not added before, through
// its multi-pack-index when it has a usable one.
func (s *Store) addDir(dir string) error {
	if st, err := os.Stat(filepath.Join(dir, "pack")); err == nil {
		s.dirMod[dir] = st.ModTime()
	}
	packs, err := packsIn(dir, s.few)
	if err != nil {
		return err
	}
	var fresh []*pack
	for _, p := range packs {
		if s.all[p.path] == nil {
			s.all[p.path] = p
			fresh = append(fresh, p)
		}
	}
	covered := map[*pack]bool{}
	if !s.multiRead[dir] {
		s.multiRead[dir] = true
		name := filepath.Join(dir, "pack", "multi-pack-index")
		data, err := os.ReadFile(name)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return err
		default:
			// Each pack keeps its own index beside a multi-pack-index, so
			// one that cannot be used costs only speed.
			m, err := parseMultiIndex(name, data, !s.few)
			if err != nil {
				s.ignored = append(s.ignored, "multi-pack-index not used: "+err.Error())
				break
			}
			set := &multiSet{m: m}
			for _, name := range m.packs {
				p := s.all[filepath.Join(dir, "pack", name)]
				set.packs = append(set.packs, p)
				covered[p] = p != nil
			}
			s.multi = append(s.multi, set)
		}
	}
	for _, p := range fresh {
		if covered[p] {
			continue
		}
		// Packs searched one by one are opened now, so that a layout
		// this package does not read is known before reading starts.
		if err := p.open(); err != nil {
			return err
		}
		s.loose = append(s.loose, p)
	}
	return nil
}

// Layout says what the store reads.
func (s *Store) Layout() Layout {
	s.mu.RLock()
	defer s.mu.RUnlock()
	l := Layout{ObjectDirs: s.dirs, Packs: len(s.all), MultiPackIndexes: len(s.multi), Ignored: s.ignored}
	for _, p := range s.all {
		if p.promisor {
			l.PromisorPacks++
		}
	}
	return l
}

// Close closes the pack files.
func (s *Store) Close() error {
	var first error
	for _, p := range s.all {
		if err := p.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Read returns an object's type and content, the content in buf when it
// is large enough. An object of more than limit bytes (limit > 0) is not
// read: the error is a *TooLargeError. A missing object is a
// *NotFoundError, damage a *CorruptError; a delta whose base is larger
// than limit is an *UnsupportedError (git can read it).
func (s *Store) Read(id ID, buf []byte, limit int64) (Type, []byte, error) {
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	defer s.scratch.Put(sc)
	t, data, err := s.read(sc, id, buf, limit)
	if errors.Is(err, ErrNotFound) && s.refresh() {
		// A repack may have moved it into a new pack since Open.
		t, data, err = s.read(sc, id, buf, limit)
	}
	if errors.Is(err, ErrNotFound) && id == emptyBlob {
		// git knows the empty blob without storing it: `git add
		// --intent-to-add` stages it for a new file.
		return Blob, buf[:0], nil
	}
	return t, data, err
}

// emptyBlob is the id of the empty blob.
var emptyBlob = ID{0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91}

func (s *Store) read(sc *scratch, id ID, buf []byte, limit int64) (Type, []byte, error) {
	p, off, found, err := s.locate(id)
	if err != nil {
		return 0, nil, err
	}
	if found {
		return s.readPacked(sc, id, p, off, buf, limit)
	}
	t, data, found, err := s.readLoose(sc, id, buf, limit)
	if err != nil || found {
		return t, data, err
	}
	return 0, nil, &NotFoundError{ID: id, Promisor: s.Layout().PromisorPacks > 0}
}

// locate finds the pack and offset of id; found is false when no pack
// holds it.
func (s *Store) locate(id ID) (p *pack, off int64, found bool, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, set := range s.multi {
		i, off, ok, err := set.m.find(id)
		if err != nil {
			return nil, 0, false, err
		}
		if ok && set.packs[i] != nil {
			if err := set.packs[i].open(); err != nil {
				return nil, 0, false, err
			}
			return set.packs[i], off, true, nil
		}
	}
	for _, p := range s.loose {
		if i, ok := p.idx.find(id); ok {
			off, err := p.idx.offset(i)
			if err != nil {
				return nil, 0, false, fmt.Errorf("pack index of %s: %w", p.path, err)
			}
			return p, off, true, nil
		}
	}
	return nil, 0, false, nil
}

// refresh adds packs written since Open (by a repack or a fetch running
// beside the scan), when a pack directory changed; it reports whether it
// added any.
func (s *Store) refresh() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := len(s.all)
	for _, d := range s.dirs {
		st, err := os.Stat(filepath.Join(d, "pack"))
		if err != nil || st.ModTime().Equal(s.dirMod[d]) {
			continue
		}
		_ = s.addDir(d) // a pack that cannot be opened stays out, as before
	}
	return len(s.all) > before
}

// scratch is one reading's reusable state.
type scratch struct {
	raw   []byte // an entry's stored bytes
	delta []byte // an inflated delta
	chain []entry
	dec   inflate.Decoder
}

// rawKeep bounds the stored-entry buffer a scratch keeps between readings.
const rawKeep = 1 << 20

// rawFor returns the scratch's stored-entry buffer with room for n bytes,
// or nil when n is more than a scratch keeps.
func (sc *scratch) rawFor(n int64) []byte {
	if n > rawKeep {
		return nil
	}
	if int64(cap(sc.raw)) < n {
		sc.raw = make([]byte, max(n, 64<<10))
	}
	return sc.raw[:0]
}

// readPacked reads the object stored at off in p: it follows the chain of
// deltas down to a whole object or a cached base, then applies the deltas
// back up, caching each object rebuilt on the way (the bases of the
// versions read next).
func (s *Store) readPacked(sc *scratch, id ID, p *pack, off int64, buf []byte, limit int64) (Type, []byte, error) {
	if t, data, ok := s.cache.get(baseKey{p, off}); ok {
		if limit > 0 && int64(len(data)) > limit {
			return 0, nil, &TooLargeError{ID: id, Type: t, Size: int64(len(data)), Head: bytes.Clone(data[:min(len(data), HeadSize)])}
		}
		return t, append(buf[:0], data...), nil
	}
	corrupt := func(e *entry, err error) error {
		var c *CorruptError
		if errors.As(err, &c) || errors.As(err, new(*UnsupportedError)) {
			return err
		}
		return &CorruptError{ID: id, Entry: e.where(), Reason: err.Error()}
	}
	chain := sc.chain[:0]
	defer func() { sc.chain = chain[:0] }()
	cur, err := p.readEntry(off, sc)
	if err != nil {
		return 0, nil, corrupt(&cur, err)
	}
	var baseType Type
	var base []byte
	for {
		if cur.typ != ofsDelta && cur.typ != refDelta {
			if len(chain) == 0 && limit > 0 && cur.size > limit {
				head, err := s.head(&cur)
				if err != nil {
					return 0, nil, corrupt(&cur, err)
				}
				return 0, nil, &TooLargeError{ID: id, Type: cur.typ, Size: cur.size, Head: head}
			}
			if len(chain) > 0 && limit > 0 && cur.size > limit {
				return 0, nil, &UnsupportedError{What: fmt.Sprintf("object %s is a delta of a %d-byte base, over the limit", id, cur.size)}
			}
			var dst []byte
			if len(chain) == 0 {
				dst = buf
			}
			data, err := s.inflateEntry(sc, &cur, dst)
			if err != nil {
				return 0, nil, corrupt(&cur, err)
			}
			if len(chain) == 0 {
				return cur.typ, data, nil
			}
			s.cache.add(baseKey{cur.pack, cur.offset}, cur.typ, data)
			baseType, base = cur.typ, data
			break
		}
		cur.raw = nil // the next entry is read into the same buffer
		chain = append(chain, cur)
		if len(chain) > maxChain {
			return 0, nil, corrupt(&cur, fmt.Errorf("its delta chain is longer than %d: a loop", maxChain))
		}
		bp, boff := cur.pack, cur.base
		if cur.typ == refDelta {
			var found bool
			if bp, boff, found, err = s.locate(cur.baseID); err != nil {
				return 0, nil, err
			}
			if !found {
				// A base outside every pack can only be loose.
				t, data, found, err := s.readLoose(sc, cur.baseID, nil, limit)
				if err != nil {
					return 0, nil, err
				}
				if !found {
					return 0, nil, corrupt(&cur, fmt.Errorf("its delta base %s is not in the repository", cur.baseID))
				}
				baseType, base = t, data
				break
			}
		}
		if t, data, ok := s.cache.get(baseKey{bp, boff}); ok {
			baseType, base = t, data
			break
		}
		if cur, err = bp.readEntry(boff, sc); err != nil {
			return 0, nil, corrupt(&cur, err)
		}
	}
	for i := len(chain) - 1; i >= 0; i-- {
		d := &chain[i]
		delta, err := s.inflateEntry(sc, d, sc.delta)
		if err != nil {
			return 0, nil, corrupt(d, err)
		}
		sc.delta = delta
		_, size, _, err := deltaSizes(delta)
		if err != nil {
			return 0, nil, corrupt(d, err)
		}
		var dst []byte
		switch {
		case i == 0 && limit > 0 && size > limit:
			// Its head would need the whole chain: git may give it.
			return 0, nil, &TooLargeError{ID: id, Type: baseType, Size: size}
		case i > 0 && limit > 0 && size > limit:
			return 0, nil, &UnsupportedError{What: fmt.Sprintf("object %s is a delta of a %d-byte base, over the limit", id, size)}
		case i == 0:
			dst = buf[:0]
		}
		out, err := applyDelta(dst, base, delta)
		if err != nil {
			return 0, nil, corrupt(d, err)
		}
		if i > 0 {
			s.cache.add(baseKey{d.pack, d.offset}, baseType, out)
		}
		base = out
	}
	if cap(sc.delta) > rawKeep {
		sc.delta = nil
	}
	return baseType, base, nil
}

// inflateEntry inflates e's data into dst, checking the stored bytes
// against the CRC-32 the index records and the stream against the size
// the header states and its own checksum.
func (s *Store) inflateEntry(sc *scratch, e *entry, dst []byte) ([]byte, error) {
	raw := e.raw
	if raw == nil {
		n := int(e.end - e.offset)
		if raw = sc.rawFor(int64(n)); raw == nil {
			raw = make([]byte, n)
		}
		raw = raw[:n]
		if _, err := e.pack.f.ReadAt(raw, e.offset); err != nil {
			return nil, fmt.Errorf("reading %s: %w", e.pack.path, err)
		}
	}
	if crc32.ChecksumIEEE(raw) != e.pack.idx.crc(e.pos) {
		return nil, errors.New("its stored bytes do not match the CRC-32 the pack index records")
	}
	if int64(cap(dst)) < e.size {
		dst = make([]byte, e.size)
	}
	dst = dst[:e.size]
	if err := sc.inflate(raw[e.head:], dst); err != nil {
		return nil, err
	}
	return dst, nil
}

// inflate inflates the zlib stream z, which must fill dst exactly and end
// exactly where z does. The whole entry is in memory and its size known,
// which is what inflate.Decoder is for.
func (sc *scratch) inflate(z, dst []byte) error {
	n, err := sc.dec.Zlib(dst, z)
	if err != nil {
		return inflateError(err)
	}
	if n != len(z) {
		return fmt.Errorf("its zlib stream ends %d bytes before the next entry", len(z)-n)
	}
	return nil
}

// inflateError says what went wrong inflating a stream whose header
// states its size.
func inflateError(err error) error {
	var size *inflate.SizeError
	switch {
	case !errors.As(err, &size):
		return fmt.Errorf("inflating: %w", err)
	case size.Got < 0:
		return fmt.Errorf("it inflates to more than the %d bytes its header states", size.Want)
	default:
		return fmt.Errorf("it inflates to %d bytes, its header states %d", size.Got, size.Want)
	}
}

// head inflates the first HeadSize bytes of a whole entry, streaming: the
// entry may be far larger than anything worth holding.
func (s *Store) head(e *entry) ([]byte, error) {
	r := io.NewSectionReader(e.pack.f, e.offset+int64(e.head), e.end-e.offset-int64(e.head))
	zr, err := zlib.NewReader(bufio.NewReaderSize(r, 32<<10))
	if err != nil {
		return nil, fmt.Errorf("inflating: %w", err)
	}
	head := make([]byte, min(e.size, HeadSize))
	if n, err := io.ReadFull(zr, head); err != nil {
		return nil, fmt.Errorf("it inflates to %d bytes, its header states %d: %w", n, e.size, err)
	}
	return head, nil
}

// readLoose reads id from a loose object file in any object directory: a
// zlib stream of "type size\0" and the content. Its SHA-1 is checked.
func (s *Store) readLoose(sc *scratch, id ID, buf []byte, limit int64) (Type, []byte, bool, error) {
	name := id.String()
	for _, d := range s.dirs {
		path := filepath.Join(d, name[:2], name[2:])
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, nil, false, fmt.Errorf("reading object %s: %w", id, err)
		}
		t, data, err := readLooseFile(sc, f, id, buf, limit)
		f.Close()
		if err != nil {
			var big *TooLargeError
			if !errors.As(err, &big) {
				err = &CorruptError{ID: id, Entry: "loose object " + path, Reason: err.Error()}
			}
			return 0, nil, false, err
		}
		return t, data, true, nil
	}
	return 0, nil, false, nil
}

// readLooseFile reads the loose object file f. Its header is inflated
// as a stream (the rest may be too large to read); the object, once its
// size is known to be within limit, is inflated whole from the file's
// bytes.
func readLooseFile(sc *scratch, f *os.File, id ID, buf []byte, limit int64) (Type, []byte, error) {
	zr, err := zlib.NewReader(bufio.NewReaderSize(f, 512))
	if err != nil {
		return 0, nil, fmt.Errorf("inflating: %w", err)
	}
	var header []byte
	var one [1]byte
	for len(header) < 32 {
		if _, err := io.ReadFull(zr, one[:]); err != nil {
			return 0, nil, fmt.Errorf("its header is truncated: %w", err)
		}
		if one[0] == 0 {
			break
		}
		header = append(header, one[0])
	}
	typeName, sizeText, ok := strings.Cut(string(header), " ")
	t, known := typeNamed(typeName)
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if !ok || !known || err != nil || size < 0 || size > maxObjectSize || one[0] != 0 {
		return 0, nil, fmt.Errorf("its header %q is not a type and a size", header)
	}
	if limit > 0 && size > limit {
		head := make([]byte, min(size, HeadSize))
		if _, err := io.ReadFull(zr, head); err != nil {
			return 0, nil, fmt.Errorf("it inflates to fewer bytes than its header states: %w", err)
		}
		return 0, nil, &TooLargeError{ID: id, Type: t, Size: size, Head: head}
	}
	st, err := f.Stat()
	if err != nil {
		return 0, nil, err
	}
	z := make([]byte, st.Size())
	if n, err := f.ReadAt(z, 0); n < len(z) {
		return 0, nil, fmt.Errorf("reading it: %w", cmp.Or(err, io.ErrUnexpectedEOF))
	}
	// The stream inflates to the header, its NUL and the object; buf
	// takes all three when it can, the object then moved to its start.
	whole := int64(len(header)) + 1 + size
	out := buf
	if int64(cap(out)) < whole {
		out = make([]byte, whole)
	}
	out = out[:whole]
	if _, err := sc.dec.Zlib(out, z); err != nil {
		var wrong *inflate.SizeError
		if errors.As(err, &wrong) { // say the object's sizes, as its header does
			wrong.Want = int(size)
			if wrong.Got >= 0 {
				wrong.Got -= len(header) + 1
			}
		}
		return 0, nil, inflateError(err)
	}
	data := out[len(header)+1:]
	if int64(cap(buf)) >= whole {
		data = out[:copy(out, data)]
	}
	h := sha1.New()
	h.Write(header)
	h.Write([]byte{0})
	h.Write(data)
	if ID(h.Sum(nil)) != id {
		return 0, nil, errors.New("its content does not hash to its name")
	}
	return t, data, nil
}
