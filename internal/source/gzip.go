package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// maxGzipHeaderText bounds how much of a gzip stream's member comments
// and extra fields is kept for the scan: each member may hold 64 KiB of
// extra field, and a stream any number of members.
const maxGzipHeaderText = 16 << 20

// gzipStream reads every member of a gzip stream one after another, as
// gunzip writes them, and keeps what their headers hold that gunzip never
// shows (RFC 1952 2.3.1): each member's comment (FCOMMENT) and extra field
// (FEXTRA). compress/gzip's own multistream mode keeps only the last
// member's header.
type gzipStream struct {
	br       *bufio.Reader
	zr       *gzip.Reader
	comments bytes.Buffer
	extras   bytes.Buffer
	// cut says header text past maxGzipHeaderText was dropped.
	cut bool
	// trailing says bytes that do not start a member follow the last
	// one: gunzip leaves them (zero padding) or stops with a warning; br
	// holds them.
	trailing bool
}

func newGzipStream(r io.Reader) (*gzipStream, error) {
	s := &gzipStream{br: bufio.NewReader(r)}
	zr, err := gzip.NewReader(s.br)
	if err != nil {
		return nil, err
	}
	s.zr = zr
	s.member()
	return s, nil
}

// name is the first member's file name (FNAME).
func (s *gzipStream) name() string { return s.zr.Name }

// member notes the header of the member about to be read.
func (s *gzipStream) member() {
	s.zr.Multistream(false)
	s.keep(&s.comments, []byte(s.zr.Comment))
	s.keep(&s.extras, s.zr.Extra)
}

func (s *gzipStream) keep(b *bytes.Buffer, text []byte) {
	if len(bytes.TrimSpace(text)) == 0 {
		return
	}
	if b.Len()+len(text) > maxGzipHeaderText {
		s.cut = true
		return
	}
	n := b.Len()
	b.Write(text)
	nulsToLines(b.Bytes()[n:])
	b.WriteByte('\n')
}

// Read reads the members' data in turn.
func (s *gzipStream) Read(p []byte) (int, error) {
	for {
		n, err := s.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		if n > 0 {
			return n, nil // the member's end comes with its last bytes
		}
		// A member ended; another follows unless the stream does.
		magic, err := s.br.Peek(2)
		switch {
		case err == io.EOF && len(magic) == 0:
			return 0, io.EOF
		case err != nil && err != io.EOF:
			return 0, err
		case !bytes.Equal(magic, []byte{0x1f, 0x8b}):
			s.trailing = true
			return 0, io.EOF
		}
		if err := s.zr.Reset(s.br); err != nil {
			return 0, fmt.Errorf("after a gzip member: %w", err)
		}
		s.member()
	}
}

func (s *gzipStream) Close() error { return s.zr.Close() }
