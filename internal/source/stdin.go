package source

import (
	"context"
	"io"
)

// Reader scans one stream, such as standard input, as it arrives: long text
// is scanned in pieces, so memory does not grow with the stream.
type Reader struct {
	Name        string
	R           io.Reader
	MaxFileSize int64 // 0 means no limit; past it the rest is not read
}

// Run hands the stream to worker 0, which reads it to its end or limit.
func (r *Reader) Run(ctx context.Context, rep Report, handle Handler) error {
	more := newLimitReader(&targetReader{ctx: ctx, r: r.R, count: rep.Read}, r.Name, r.MaxFileSize)
	handle(0, Unit{Path: r.Name, More: more})
	return ctx.Err()
}
