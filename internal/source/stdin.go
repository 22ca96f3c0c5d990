package source

import (
	"context"
	"fmt"
	"io"
)

// Reader scans one stream, such as standard input, as a single unit.
type Reader struct {
	Name        string
	R           io.Reader
	MaxFileSize int64
}

// Run reads the whole stream and hands it to worker 0.
func (r *Reader) Run(_ context.Context, rep Report, handle Handler) error {
	src := r.R
	if r.MaxFileSize > 0 {
		src = io.LimitReader(r.R, r.MaxFileSize+1)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return fmt.Errorf("reading %s: %w", r.Name, err)
	}
	if r.MaxFileSize > 0 && int64(len(data)) > r.MaxFileSize {
		return fmt.Errorf("%s is larger than the %d-byte limit (--max-file-size)", r.Name, r.MaxFileSize)
	}
	rep.Read(int64(len(data)))
	handle(0, Unit{Path: r.Name, Data: data})
	return nil
}
