package source

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestCompoundFileStreamsAreRead: an Outlook .msg is a compound file
// whose streams are chains of sectors in any order; a token in the body
// cut across two sectors that do not follow each other, or across two
// mini sectors of a small stream, is in no run of the file's bytes. Each
// stream is read along its chain as FILE!name; a damaged file is named.
func TestCompoundFileStreamsAreRead(t *testing.T) {
	const token = "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"
	body := []byte(strings.Repeat("Hello team, the new build token is below. ", 12)) // 504 bytes
	body = append(body[:490], "token: "+token+"\n"...)
	body = append(body, bytes.Repeat([]byte("regards "), 512)...)[:4096]
	small := append(append(bytes.Repeat([]byte("subject line "), 9), "key="+token...), '\n')
	data := compoundFile(t, body, small)
	if bytes.Contains(data, []byte(token)) {
		t.Fatal("the file holds the token whole: its sectors were not reordered")
	}
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "mail.msg", Data: data})
	if !strings.Contains(got["mail.msg!__substg1.0_1000001E"], "token: "+token) || len(rep.notices) > 0 {
		t.Errorf("the body stream was not read: %v %+v", keysOfText(got), rep.notices)
	}
	if !strings.Contains(got["mail.msg!__properties_version1.0/subject"], "key="+token) {
		t.Errorf("the small stream was not read: %v", keysOfText(got))
	}
	// Version 3 sizes are 32 bits: a high half some writers fill is
	// not read as part of the size.
	high := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(high[2*512+128+0x7c:], 0xdeadbeef)
	got, rep = expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "old.msg", Data: high})
	if !strings.Contains(got["old.msg!__substg1.0_1000001E"], "token: "+token) || len(rep.notices) > 0 {
		t.Errorf("a version 3 size with its high half set: %v %+v", keysOfText(got), rep.notices)
	}
	// A FAT that sends the body's chain past the end: named.
	bad := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(bad[512+4*11:], 9999)
	_, rep = expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "bad.msg", Data: bad})
	if n := noticeFor(rep, "bad.msg"); n == nil || !n.Incomplete {
		t.Errorf("a damaged compound file: notices %+v", rep.notices)
	}
}

// compoundFile writes a version 3 compound file ([MS-CFB]) of 512-byte
// sectors: the FAT in sector 0, the directory in 1, the mini FAT in 2,
// the mini stream in 3, then body (4096 bytes, a regular stream) in
// sectors 4..11 written in reverse order, and small (under 4096 bytes,
// at most 256) in the mini stream's mini sectors, also reversed, inside
// a storage.
func compoundFile(t testing.TB, body, small []byte) []byte {
	t.Helper()
	le := binary.LittleEndian
	const sec = 512
	if len(body) != 4096 || len(small) > 256 {
		t.Fatal("compoundFile: sizes")
	}
	out := make([]byte, sec*(1+12))
	h := out[:sec]
	copy(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le.PutUint16(h[0x18:], 0x3e)
	le.PutUint16(h[0x1a:], 3)
	le.PutUint16(h[0x1c:], 0xfffe)
	le.PutUint16(h[0x1e:], 9)
	le.PutUint16(h[0x20:], 6)
	le.PutUint32(h[0x2c:], 1)          // FAT sectors
	le.PutUint32(h[0x30:], 1)          // first directory sector
	le.PutUint32(h[0x38:], 4096)       // mini stream cutoff
	le.PutUint32(h[0x3c:], 2)          // first mini FAT sector
	le.PutUint32(h[0x40:], 1)          // mini FAT sectors
	le.PutUint32(h[0x44:], 0xfffffffe) // no DIFAT sector
	for i := 0; i < 109; i++ {
		le.PutUint32(h[0x4c+4*i:], 0xffffffff)
	}
	le.PutUint32(h[0x4c:], 0)
	sector := func(n int) []byte { return out[sec*(n+1) : sec*(n+2)] }
	fat := sector(0)
	for i := 0; i < sec/4; i++ {
		le.PutUint32(fat[4*i:], 0xffffffff)
	}
	le.PutUint32(fat[0:], 0xfffffffd) // the FAT's own sector
	le.PutUint32(fat[4:], 0xfffffffe) // directory
	le.PutUint32(fat[8:], 0xfffffffe) // mini FAT
	le.PutUint32(fat[12:], 0xfffffffe)
	// body's logical sector i is physical sector 11-i.
	for i := 0; i < 8; i++ {
		phys := 11 - i
		copy(sector(phys), body[sec*i:sec*(i+1)])
		next := uint32(0xfffffffe)
		if i < 7 {
			next = uint32(phys - 1)
		}
		le.PutUint32(fat[4*phys:], next)
	}
	// small's logical mini sector i is mini sector 3-i.
	miniFAT, mini := sector(2), sector(3)
	for i := 0; i < sec/4; i++ {
		le.PutUint32(miniFAT[4*i:], 0xffffffff)
	}
	n := (len(small) + 63) / 64
	for i := 0; i < n; i++ {
		phys := 3 - i
		copy(mini[64*phys:], small[64*i:min(len(small), 64*(i+1))])
		next := uint32(0xfffffffe)
		if i < n-1 {
			next = uint32(phys - 1)
		}
		le.PutUint32(miniFAT[4*phys:], next)
	}
	dir := sector(1)
	entry := func(id int, name string, typ byte, left, right, child, start uint32, size uint64) {
		e := dir[128*id : 128*(id+1)]
		units := utf16.Encode([]rune(name))
		for i, u := range units {
			le.PutUint16(e[2*i:], u)
		}
		le.PutUint16(e[0x40:], uint16(2*len(units)+2))
		e[0x42], e[0x43] = typ, 1
		le.PutUint32(e[0x44:], left)
		le.PutUint32(e[0x48:], right)
		le.PutUint32(e[0x4c:], child)
		le.PutUint32(e[0x74:], start)
		le.PutUint64(e[0x78:], size)
	}
	const none = 0xffffffff
	entry(0, "Root Entry", 5, none, none, 1, 3, 256)
	entry(1, "__substg1.0_1000001E", 2, none, 2, none, 11, 4096)
	entry(2, "__properties_version1.0", 1, none, none, 3, 0, 0)
	entry(3, "subject", 2, none, none, none, uint32(3), uint64(len(small)))
	return out
}

// FuzzCompoundFile: no compound file, however damaged, panics or yields
// streams longer in all than twice the file (a valid one's are disjoint).
func FuzzCompoundFile(f *testing.F) {
	body := bytes.Repeat([]byte("body "), 4096/5+1)[:4096]
	f.Add(compoundFile(f, body, []byte("a small stream")))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !cfbFile(data) {
			return
		}
		streams, _ := cfbStreams(data)
		total := 0
		for _, s := range streams {
			total += len(s.data)
		}
		if total > 2*len(data) {
			t.Errorf("%d bytes of streams from a %d-byte file", total, len(data))
		}
	})
}
