package source

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// Compound files (OLE2) hold Outlook messages (.msg), legacy Office
// documents (.doc, .xls, .ppt), Office documents' embedded objects and
// MSI packages. Their streams are cut into sectors that need not follow
// one another, and a small stream into 64-byte mini sectors: a token in
// a message's body or an attachment may be split across them, so each
// stream is read along its sector chain and scanned as a member,
// FILE!storage/stream (an attachment that is a zip is opened in turn).
// Format: [MS-CFB] (Microsoft Open Specifications): a 512-byte header
// (magic, sector shifts, the FAT's sectors in the DIFAT, the first
// directory and mini FAT sectors, the mini stream cutoff), the FAT of
// sector chains, and 128-byte directory entries (UTF-16 name, type,
// left/right sibling and child ids, start sector, size).

const (
	cfbMagic      = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
	cfbEndOfChain = 0xfffffffe
	cfbFree       = 0xffffffff
	cfbNoEntry    = 0xffffffff
	cfbHeaderFAT  = 109 // FAT sector numbers held in the header's DIFAT
)

var errCFB = errors.New("damaged compound file")

// cfbFile tells whether data, a whole file, is a compound file.
func cfbFile(data []byte) bool {
	return len(data) >= 512 && string(data[:8]) == cfbMagic
}

type cfbReader struct {
	data    []byte
	shift   uint // sector size 1<<shift
	fat     []uint32
	miniFAT []uint32
	mini    []byte // the mini stream
	cutoff  uint64
	dir     []byte
	// budget is what the streams may still take: a valid file's streams
	// are disjoint, the small ones within the mini stream.
	budget    int
	visited   []bool
	streamErr error
}

// cfbStream is one stream of a compound file, named by its storage path.
type cfbStream struct {
	name string
	data []byte
}

// cfbStreams returns the streams of the compound file data, at most
// len(data) bytes of them in all.
func cfbStreams(data []byte) ([]cfbStream, error) {
	le := binary.LittleEndian
	shift := uint(le.Uint16(data[0x1e:]))
	if shift != 9 && shift != 12 || le.Uint16(data[0x20:]) != 6 || le.Uint32(data[0x38:]) != 4096 {
		return nil, errCFB
	}
	r := &cfbReader{data: data, shift: shift, cutoff: uint64(le.Uint32(data[0x38:])), budget: 2 * len(data)}
	// The FAT's sectors: the header's 109, then DIFAT sectors, each
	// holding sector numbers and, last, the next DIFAT sector's.
	nFAT := int(le.Uint32(data[0x2c:]))
	if nFAT > len(data)>>shift {
		return nil, errCFB
	}
	var fatSectors []uint32
	for i := 0; i < cfbHeaderFAT && len(fatSectors) < nFAT; i++ {
		fatSectors = append(fatSectors, le.Uint32(data[0x4c+4*i:]))
	}
	per := 1<<shift/4 - 1
	for s, n := le.Uint32(data[0x44:]), 0; len(fatSectors) < nFAT; n++ {
		sec, ok := r.sector(s)
		if !ok || n > nFAT {
			return nil, errCFB
		}
		for i := 0; i < per && len(fatSectors) < nFAT; i++ {
			fatSectors = append(fatSectors, le.Uint32(sec[4*i:]))
		}
		s = le.Uint32(sec[4*per:])
	}
	for _, s := range fatSectors {
		sec, ok := r.sector(s)
		if !ok {
			return nil, errCFB
		}
		for i := 0; i < len(sec); i += 4 {
			r.fat = append(r.fat, le.Uint32(sec[i:]))
		}
	}
	var err error
	if r.dir, err = r.chain(le.Uint32(data[0x30:]), -1); err != nil {
		return nil, err
	}
	if len(r.dir) < 128 {
		return nil, errCFB
	}
	miniFAT, err := r.chain(le.Uint32(data[0x3c:]), -1)
	if err != nil {
		return nil, err
	}
	for i := 0; i+4 <= len(miniFAT); i += 4 {
		r.miniFAT = append(r.miniFAT, le.Uint32(miniFAT[i:]))
	}
	root := r.dir[:128]
	if root[0x42] != 5 {
		return nil, errCFB
	}
	if r.mini, err = r.chain(le.Uint32(root[0x74:]), int64(le.Uint64(root[0x78:]))); err != nil {
		return nil, err
	}
	r.visited = make([]bool, len(r.dir)/128)
	var streams []cfbStream
	r.walk(le.Uint32(root[0x4c:]), "", &streams)
	return streams, r.streamErr
}

// sector returns sector s, or false when it is past the file's end.
func (r *cfbReader) sector(s uint32) ([]byte, bool) {
	size := 1 << r.shift
	at := (int64(s) + 1) << r.shift
	if s >= cfbEndOfChain-8 || at+int64(size) > int64(len(r.data)) {
		return nil, false
	}
	return r.data[at : at+int64(size)], true
}

// chain reads the sector chain from s, cut to size bytes (-1: whole),
// charging it to the budget; a chain longer than the FAT loops.
func (r *cfbReader) chain(s uint32, size int64) ([]byte, error) {
	var out []byte
	for n := 0; s != cfbEndOfChain && s != cfbFree; n++ {
		sec, ok := r.sector(s)
		if !ok || n > len(r.fat) || int(s) >= len(r.fat) {
			return nil, errCFB
		}
		if r.budget -= len(sec); r.budget < 0 {
			return nil, fmt.Errorf("%w: streams longer than the file", errCFB)
		}
		out = append(out, sec...)
		if size >= 0 && int64(len(out)) >= size {
			return out[:size], nil
		}
		s = r.fat[s]
	}
	if size > int64(len(out)) {
		return nil, errCFB
	}
	return out, nil
}

// miniChain reads a small stream's chain of 64-byte mini sectors.
func (r *cfbReader) miniChain(s uint32, size int64) ([]byte, error) {
	var out []byte
	for n := 0; int64(len(out)) < size; n++ {
		at := int(s) * 64
		if s >= cfbEndOfChain-8 || int(s) >= len(r.miniFAT) || at+64 > len(r.mini) || n > len(r.miniFAT) {
			return nil, errCFB
		}
		if r.budget -= 64; r.budget < 0 {
			return nil, fmt.Errorf("%w: streams longer than the file", errCFB)
		}
		out = append(out, r.mini[at:at+64]...)
		s = r.miniFAT[s]
	}
	return out[:size], nil
}

// walk collects the streams of the directory tree under entry id,
// each entry once.
func (r *cfbReader) walk(id uint32, storage string, out *[]cfbStream) {
	if id == cfbNoEntry || int(id) >= len(r.visited) || r.visited[id] || r.streamErr != nil {
		return
	}
	r.visited[id] = true
	le := binary.LittleEndian
	e := r.dir[128*int(id):][:128]
	r.walk(le.Uint32(e[0x44:]), storage, out)
	r.walk(le.Uint32(e[0x48:]), storage, out)
	name := cfbName(e)
	switch e[0x42] {
	case 1: // a storage
		r.walk(le.Uint32(e[0x4c:]), storage+name+"/", out)
	case 2: // a stream
		size := int64(le.Uint64(e[0x78:]))
		if r.shift == 9 {
			// Version 3's sizes are 32 bits; old writers left
			// anything in the high half ([MS-CFB] 2.6.3).
			size = int64(le.Uint32(e[0x78:]))
		}
		if size < 0 || size > int64(len(r.data)) {
			r.streamErr = errCFB
			return
		}
		var data []byte
		var err error
		if uint64(size) < r.cutoff {
			data, err = r.miniChain(le.Uint32(e[0x74:]), size)
		} else {
			data, err = r.chain(le.Uint32(e[0x74:]), size)
		}
		if err != nil {
			r.streamErr = err
			return
		}
		*out = append(*out, cfbStream{name: storage + name, data: data})
	}
}

// cfbName decodes an entry's UTF-16 name; control characters that some
// names start with ("\x05SummaryInformation") are left out.
func cfbName(e []byte) string {
	n := int(binary.LittleEndian.Uint16(e[0x40:]))/2 - 1
	if n <= 0 || n > 31 {
		return "(unnamed)"
	}
	units := make([]uint16, 0, n)
	for i := 0; i < n; i++ {
		if u := binary.LittleEndian.Uint16(e[2*i:]); u >= 0x20 {
			units = append(units, u)
		}
	}
	return string(utf16.Decode(units))
}

// cfb scans each stream of the compound file data, the whole file, as a
// member.
func (w *walk) cfb(u Unit, data []byte, depth int) error {
	if w.nested(u.Path, depth) {
		return nil
	}
	streams, err := cfbStreams(data)
	for _, s := range streams {
		if err := w.member(u, s.name, int64(len(s.data)), content{head: s.data}, depth); err != nil {
			return err
		}
	}
	if err != nil {
		return w.unread(u.Path, err, "its streams were not all read")
	}
	return nil
}
