package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Expander turns a unit into the text units inside it: members of zip, jar,
// tar and tar.gz archives (recursively), Jupyter notebooks with their JSON
// strings unescaped, and nothing for binary content.
type Expander struct {
	// MaxMemberSize bounds one decompressed member, so a small archive
	// cannot expand into gigabytes.
	MaxMemberSize int64
	MaxDepth      int
}

const sniffLen = 8000 // as much as git reads to call a file binary

// Expand calls emit for each text unit in u.
func (x *Expander) Expand(u Unit, rep Report, emit func(Unit)) {
	x.expand(u, 0, rep, emit)
}

func (x *Expander) expand(u Unit, depth int, rep Report, emit func(Unit)) {
	data := u.Data
	switch kindOf(data) {
	case kindZip:
		x.archive(u, depth, rep, emit, x.zipMembers)
	case kindGzip:
		x.archive(u, depth, rep, emit, x.gzipMembers)
	case kindTar:
		x.archive(u, depth, rep, emit, x.tarMembers)
	case kindBinary:
		rep.Notice(Notice{Path: u.Path, Reason: ReasonBinary})
	default:
		if strings.HasSuffix(strings.ToLower(u.Path), ".ipynb") {
			u.Data = unescapeJSONLines(data)
		}
		emit(u)
	}
}

// contentKind is what the first bytes of content say it is.
type contentKind int

const (
	kindText contentKind = iota
	kindBinary
	kindZip
	kindGzip
	kindTar
)

// kindOf tells archives by their magic numbers and binary content by a NUL
// byte in head, the first sniffLen bytes of the content.
func kindOf(head []byte) contentKind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return kindZip
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return kindGzip
	case isTar(head):
		return kindTar
	case bytes.IndexByte(head[:min(len(head), sniffLen)], 0) >= 0:
		return kindBinary
	}
	return kindText
}

type memberFunc func(data []byte, yield func(name string, r io.Reader) error) error

func (x *Expander) archive(u Unit, depth int, rep Report, emit func(Unit), members memberFunc) {
	if depth >= x.MaxDepth {
		rep.Notice(Notice{Path: u.Path, Reason: fmt.Sprintf("archive nested deeper than %d levels, not scanned", x.MaxDepth), Incomplete: true})
		return
	}
	err := members(u.Data, func(name string, r io.Reader) error {
		limit := x.MaxMemberSize
		if limit <= 0 {
			limit = 1 << 30
		}
		data, err := io.ReadAll(io.LimitReader(r, limit+1))
		memberPath := u.Path + "!" + name
		if err != nil {
			rep.Notice(Notice{Path: memberPath, Reason: fmt.Sprintf("damaged archive member: %v", err), Incomplete: true})
			return nil
		}
		if int64(len(data)) > limit {
			rep.Notice(oversized(memberPath, data, limit))
			return nil
		}
		x.expand(Unit{Path: memberPath, Data: data, Git: u.Git}, depth+1, rep, emit)
		return nil
	})
	// The file itself was read; a damaged archive (test fixtures, truncated
	// downloads) is content, not a failure to read the target.
	if err != nil {
		rep.Notice(Notice{Path: u.Path, Reason: fmt.Sprintf("damaged archive, members before the damage were scanned: %v", err), Incomplete: true})
	}
}

func (x *Expander) zipMembers(data []byte, yield func(string, io.Reader) error) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		err = yield(f.Name, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func (x *Expander) tarMembers(data []byte, yield func(string, io.Reader) error) error {
	return tarEntries(bytes.NewReader(data), yield)
}

func tarEntries(r io.Reader, yield func(string, io.Reader) error) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if err := yield(strings.TrimPrefix(h.Name, "./"), tr); err != nil {
			return err
		}
	}
}

// gzipMembers opens a .gz file: a tarball yields its entries, anything else
// one member named after the file without its .gz suffix.
func (x *Expander) gzipMembers(data []byte, yield func(string, io.Reader) error) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return err
	}
	defer zr.Close()
	limit := x.MaxMemberSize
	if limit <= 0 {
		limit = 1 << 30
	}
	inner, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return err
	}
	if isTar(inner) {
		return tarEntries(bytes.NewReader(inner), yield)
	}
	name := strings.TrimSuffix(path.Base(zr.Name), ".gz")
	if name == "" || name == "." {
		name = "content"
	}
	return yield(name, bytes.NewReader(inner))
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
