package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Unix ar archives hold Debian packages (.deb: debian-binary,
// control.tar.* and data.tar.*, the files the package installs) and
// static libraries (.a). Members are read as a stream, each one like an
// archive member, so a .deb's compressed tarballs are opened in turn.
//
// Format (as GNU binutils and BSD ar write it, and dpkg-deb(1)): the magic
// "!<arch>\n", then for each member a 60-byte header (name 16, mtime 12,
// uid 6, gid 6, mode 8, decimal size 10, "`\n") and its data, padded to an
// even length with a newline. GNU names end in "/"; "/" and "/SYM64/" are
// symbol tables, "//" holds long names that members name as "/offset".
// BSD writes "#1/len" and puts the name's len bytes before the data.

const arMagic = "!<arch>\n"

// maxArNames bounds the GNU long-name table, which is read into memory.
const maxArNames = 1 << 20

func (w *walk) ar(u Unit, c content, depth int) error {
	if w.nested(u.Path, depth) {
		return nil
	}
	r := c.reader()
	if _, err := io.ReadFull(r, make([]byte, len(arMagic))); err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	var longNames []byte
	hdr := make([]byte, 60)
	for {
		if _, err := io.ReadFull(r, hdr); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return w.unread(u.Path, err, "members after it were not scanned")
		}
		size, err := strconv.ParseInt(strings.TrimSpace(string(hdr[48:58])), 10, 64)
		if err != nil || size < 0 || string(hdr[58:60]) != "`\n" {
			return w.unread(u.Path, errors.New("invalid ar member header"), "members after it were not scanned")
		}
		name := strings.TrimRight(string(hdr[:16]), " ")
		var data io.Reader = io.LimitReader(r, size)
		memberSize := size
		switch {
		case strings.HasPrefix(name, "#1/"):
			n, err := strconv.Atoi(name[3:])
			if err != nil || n < 0 || int64(n) > size {
				return w.unread(u.Path, errors.New("invalid BSD ar member name"), "members after it were not scanned")
			}
			buf := make([]byte, n)
			if _, err := io.ReadFull(data, buf); err != nil {
				return w.unread(u.Path, err, "members after it were not scanned")
			}
			name, memberSize = string(bytes.TrimRight(buf, "\x00")), size-int64(n)
		case name == "//":
			if size > maxArNames {
				return w.unread(u.Path, fmt.Errorf("long-name table of %d bytes", size), "members after it were not scanned")
			}
			longNames = make([]byte, size)
			if _, err := io.ReadFull(data, longNames); err != nil {
				return w.unread(u.Path, err, "members after it were not scanned")
			}
			name, data = "(long names)", bytes.NewReader(longNames)
		case name == "/" || name == "/SYM64/" || strings.HasPrefix(name, "__.SYMDEF"):
			name = "(symbol table)" // scanned all the same: ar never shows it
		case len(name) > 1 && name[0] == '/':
			off, err := strconv.Atoi(name[1:])
			if err != nil || off < 0 || off >= len(longNames) {
				return w.unread(u.Path, fmt.Errorf("member name %q not in the long-name table", name), "members after it were not scanned")
			}
			end := bytes.Index(longNames[off:], []byte("/\n"))
			if end < 0 {
				end = len(longNames) - off
			}
			name = string(longNames[off : off+end])
		default:
			name = strings.TrimSuffix(name, "/")
		}
		if name == "" || name == "." {
			name = "(unnamed member)"
		}
		w.memberNames(u, name, false)
		if err := w.member(u, name, memberSize, content{rest: data}, depth); err != nil {
			return w.unread(u.Path, err, "members after it were not scanned")
		}
		// What the member's scan left unread, then the padding (which
		// some writers leave out at the end).
		if _, err := io.Copy(io.Discard, data); err != nil {
			return w.unread(u.Path, err, "members after it were not scanned")
		}
		if remaining(data) > 0 {
			return w.unread(u.Path, io.ErrUnexpectedEOF, "members after it were not scanned")
		}
		if _, err := io.Copy(io.Discard, io.LimitReader(r, size%2)); err != nil {
			return w.unread(u.Path, err, "members after it were not scanned")
		}
	}
}

// remaining is what a LimitReader has left to read.
func remaining(r io.Reader) int64 {
	if l, ok := r.(*io.LimitedReader); ok {
		return l.N
	}
	return 0
}
