package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// content is bytes on their way to the expander: head, already in memory,
// then rest, read as a stream (nil when head is all of it).
type content struct {
	head []byte
	rest io.Reader
	// zeros counts the NUL bytes dropped before head (see skipZeros); they
	// hold no line break, so they only move columns.
	zeros int64
}

func (c *content) reader() io.Reader {
	if c.rest == nil {
		return bytes.NewReader(c.head)
	}
	return io.MultiReader(bytes.NewReader(c.head), c.rest)
}

// sniff returns the first n bytes of the content, or all of it when it is
// shorter, reading from rest what head lacks. A read error is kept in rest
// for whoever reads on.
func (c *content) sniff(n int) []byte {
	if c.rest == nil || len(c.head) >= n {
		return c.head[:min(n, len(c.head))]
	}
	buf := make([]byte, n)
	copy(buf, c.head)
	// Not io.ReadFull: it reports a short stream as io.ErrUnexpectedEOF,
	// which a decompressor also returns for a truncated stream, and that
	// must stay an error.
	m := len(c.head)
	var err error
	for m < n && err == nil {
		var k int
		k, err = c.rest.Read(buf[m:])
		m += k
	}
	c.head = buf[:m]
	switch {
	case errors.Is(err, io.EOF):
		c.rest = nil
	case err != nil:
		c.rest = errReader{err}
	}
	return c.head
}

// all returns the whole content, read into memory, failing with a
// *LimitError for path past limit bytes (0: no limit).
func (c *content) all(path string, limit int64, what string) ([]byte, error) {
	if c.rest == nil {
		if limit > 0 && int64(len(c.head)) > limit {
			return nil, &LimitError{Path: path, Limit: limit, What: what}
		}
		return c.head, nil
	}
	var buf bytes.Buffer
	buf.Write(c.head)
	r := &limitReader{r: c.rest, path: path, n: int64(len(c.head)), limit: limit, what: what}
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// LimitError ends the reading of content that goes on past its size limit.
type LimitError struct {
	Path  string
	Limit int64
	// What names the limit: the option that sets it, or why there is one.
	What string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("larger than the %d-byte limit (%s)", e.Limit, e.What)
}

const limitFlag = "--max-file-size"

// limitReader reads the content at path and fails with a *LimitError when
// it goes on past limit bytes (limit 0: no limit); the bytes up to the
// limit are all returned.
type limitReader struct {
	r        io.Reader
	path     string
	n, limit int64
	what     string
}

func newLimitReader(r io.Reader, path string, limit int64) *limitReader {
	return &limitReader{r: r, path: path, limit: limit, what: limitFlag}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.limit <= 0 {
		n, err := l.r.Read(p)
		l.n += int64(n)
		return n, err
	}
	if l.n > l.limit {
		return 0, l.exceeded()
	}
	// Ask for at most one byte past the limit: that one tells.
	if room := l.limit + 1 - l.n; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.limit {
		return n - 1, l.exceeded()
	}
	return n, err
}

func (l *limitReader) exceeded() error {
	return &LimitError{Path: l.path, Limit: l.limit, What: l.what}
}

// limitContent holds content to limit bytes, counting what head already
// holds.
func limitContent(c content, path string, limit int64) content {
	if limit <= 0 {
		return c
	}
	if int64(len(c.head)) > limit {
		return content{head: c.head[:limit], rest: errReader{&LimitError{Path: path, Limit: limit, What: limitFlag}}}
	}
	if c.rest == nil {
		return c
	}
	return content{head: c.head, rest: &limitReader{r: c.rest, path: path, n: int64(len(c.head)), limit: limit, what: limitFlag}}
}

// scopedLimit is a limit of one content's (its size, an xz dictionary,
// the zeros read from a stream):
// reported at that content, and passed up through what it encloses.
type scopedLimit interface {
	error
	limitPath() string
}

func (e *LimitError) limitPath() string     { return e.Path }
func (e *XZRefusedError) limitPath() string { return e.Path }
func (e *ZerosError) limitPath() string     { return e.Path }

// ownLimit tells whether err is a limit of the content at path itself.
func ownLimit(err error, path string) bool {
	var l scopedLimit
	return errors.As(err, &l) && l.limitPath() == path
}

// ReadError marks a failure to read the target itself (a disk or pipe
// error), as opposed to damage found inside its content.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// countingReader counts the bytes it reads into n.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// targetReader reads a target for the expander: its errors become
// *ReadError, count tells how many bytes arrived (for progress) and a
// cancelled ctx ends the reading.
type targetReader struct {
	ctx   context.Context
	r     io.Reader
	count func(int64)
}

func (t *targetReader) Read(p []byte) (int, error) {
	if err := t.ctx.Err(); err != nil {
		return 0, &ReadError{Err: err}
	}
	n, err := t.r.Read(p)
	if n > 0 && t.count != nil {
		t.count(int64(n))
	}
	if err != nil && !errors.Is(err, io.EOF) {
		if t.ctx.Err() != nil {
			err = t.ctx.Err() // a wait for data was ended by the cancel
		}
		err = &ReadError{Err: cleanErr(err)}
	}
	return n, err
}

// propagates tells whether an error must go up to the enclosing content
// rather than be reported where it was met: a failure to read the target,
// or a limit of some enclosing content.
func propagates(err error, path string) bool {
	var re *ReadError
	if errors.As(err, &re) {
		return true
	}
	var l scopedLimit
	return errors.As(err, &l) && l.limitPath() != path
}
