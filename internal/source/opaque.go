package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Binary content is scanned as bytes: executables, shared libraries,
// compiled bytecode (.pyc, .class), databases (SQLite), keystores and
// serialised objects keep the strings written into their source, and a
// text file with a stray NUL byte is still text. Only formats whose
// payload is compressed or encoded media are skipped: their bytes hold no
// readable text, and they are the bulk of a repository's binary files.
// Compressed archives of formats the expander does not open (7z, rar)
// are named apart, since they may hold text. Git packs and bundles are a
// kind of their own (kindGitPack), opened with git.

// opaqueFormats are magic numbers at the start of content, with the
// format's name. Sources: each format's specification (PNG 5.2, JFIF,
// GIF89a, RIFF, ISO BMFF ftyp box, EBML, OggS, fLaC, ID3v2, TIFF 6.0,
// WOFF/WOFF2, OpenType, ICO, the 7z, RAR, compress(1), lzip and cabinet
// headers).
var opaqueFormats = []struct {
	offset int
	magic  string
	name   string
}{
	// PNG, JPEG, GIF, TIFF and RIFF (WebP, WAV, AVI) are imageFormat's:
	// their metadata is read, so kindOf never asks this table for them.
	{0, "\x00\x00\x01\x00", "image"}, // ICO
	{0, "BM", "image"},
	{4, "ftyp", "media"}, // MP4, MOV, HEIC, AVIF
	{0, "\x1aE\xdf\xa3", "media"},
	{0, "OggS", "media"},
	{0, "fLaC", "media"},
	{0, "ID3", "media"},
	{0, "wOFF", "font"},
	{0, "wOF2", "font"},
	{0, "\x00\x01\x00\x00\x00", "font"},
	{0, "OTTO", "font"},
	{0, "7z\xbc\xaf\x27\x1c", "compressed"},
	{0, "Rar!\x1a\x07", "compressed"},
	{0, "\x1f\x9d", "compressed"},             // Unix compress (.Z)
	{0, "LZIP", "compressed"},                 // lzip
	{0, "MSCF\x00\x00\x00\x00", "compressed"}, // Microsoft cabinet
}

// opaqueFormat names the format of binary content whose bytes hold no
// text to scan, or returns "" for binary content that is scanned as bytes.
// Content with a media or font signature whose first bytes are mostly
// text is no such file (a signature put before text): it is scanned.
func opaqueFormat(head []byte) string {
	// Zeros (/dev/zero, a sparse or blank disk image) hold no text either.
	if len(head) >= 512 && len(bytes.Trim(head, "\x00")) == 0 {
		return "zeros"
	}
	for _, f := range opaqueFormats {
		if len(head) >= f.offset+len(f.magic) && bytes.Equal(head[f.offset:f.offset+len(f.magic)], []byte(f.magic)) {
			if f.name != "compressed" && mostlyText(head) {
				return ""
			}
			return f.name
		}
	}
	return ""
}

// mostlyText tells content whose first bytes (head, up to sniffLen) are
// at least three quarters printable ASCII or white space. Compressed
// media, fonts' glyph tables and machine code are about a third; what is
// mostly text is scanned as such, whatever signature it starts with.
func mostlyText(head []byte) bool {
	head = head[:min(len(head), sniffLen)]
	text := 0
	for _, c := range head {
		if ' ' <= c && c < 0x7f || c == '\n' || c == '\r' || c == '\t' {
			text++
		}
	}
	return text*4 >= len(head)*3
}

// maxZeros bounds the NULs read at the start of a stream that may never
// end (standard input, a device such as /dev/zero) before it is named as
// not read: a head of zeros says nothing of what follows, which may be
// text. Files, blobs and members are read past their zeros to their end.
const maxZeros = 64 << 20

// ZerosError is a stream at Path that held nothing but NUL bytes for
// maxZeros bytes; what follows is not read.
type ZerosError struct{ Path string }

func (e *ZerosError) Error() string {
	return fmt.Sprintf("%d MiB of NUL bytes at the start of a stream", maxZeros>>20)
}

// skipZeros reads past the NUL bytes at the start of c and returns the
// content from the first other byte, its zeros counted, or nil when c is
// zeros to its end. Zeros up to the size limit of the content at path
// are its *LimitError, and, when endless (a stream that may never end),
// maxZeros of them a *ZerosError.
func skipZeros(c content, path string, endless bool) (*content, error) {
	r := c.reader()
	buf := make([]byte, 32<<10)
	var skipped int64
	for !endless || skipped < maxZeros {
		n, err := r.Read(buf)
		if text := bytes.TrimLeft(buf[:n], "\x00"); len(text) > 0 {
			i := n - len(text)
			rest := &content{head: buf[i:n], zeros: c.zeros + skipped + int64(i)}
			if err == nil {
				rest.rest = r
			} else if !errors.Is(err, io.EOF) {
				rest.rest = errReader{err}
			}
			return rest, nil
		}
		skipped += int64(n)
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, &ZerosError{Path: path}
}

// lzmaAlone tells the header of a legacy .lzma file (LZMA-Alone, as xz
// --format=lzma writes it), which has no magic number: the properties
// byte, almost always 0x5D (lc=3 lp=0 pb=2), a 32-bit dictionary size, and
// a 64-bit uncompressed size, all ones when unknown, else far below 2^56.
func lzmaAlone(head []byte) bool {
	if len(head) < 13 || head[0] != 0x5d {
		return false
	}
	// xz writes 2^n or 2^n+2^(n-1) bytes: at most two bits set.
	dict := binary.LittleEndian.Uint32(head[1:])
	if high := dict & (dict - 1); dict < 1<<12 || high&(high-1) != 0 {
		return false
	}
	return bytes.Equal(head[5:13], []byte("\xff\xff\xff\xff\xff\xff\xff\xff")) || head[12] == 0
}

// nulRecords tells text whose records end in NUL bytes instead of line
// breaks (/proc/PID/environ, env -0, find -print0, xargs input): apart
// from NULs, only printable characters and white space. Such content is
// scanned as text with each NUL a line break; as bytes, with a NUL every
// few dozen bytes, no KEY=value would be read in it.
func nulRecords(head []byte) bool {
	nul := false
	for _, c := range head {
		switch {
		case c == 0:
			nul = true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			return false
		}
	}
	return nul
}

// nulToNewline reads r with each NUL byte a line break.
type nulToNewline struct{ r io.Reader }

func (n nulToNewline) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	nulsToLines(p[:k])
	return k, err
}
