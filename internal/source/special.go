package source

import (
	"context"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// Special files (named pipes, devices, sockets) have no stored content. In
// a walk they are skipped with a notice; named on the command line, pipes
// and devices are read like a file, as a stream held to the size limit.

// special names what a file that is not regular is, or "" for a regular
// file or a directory.
func special(mode fs.FileMode) string {
	switch {
	case mode.IsRegular() || mode.IsDir():
		return ""
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a block device"
	}
	return "not a regular file"
}

// readable tells whether a special file named on the command line can be
// read as a stream.
func readable(mode fs.FileMode) bool {
	return mode&(fs.ModeNamedPipe|fs.ModeDevice|fs.ModeCharDevice) != 0
}

// openNonblocking opens a file met in a walk without waiting: a named pipe
// swapped in for a listed file must not hang the scan (the caller checks
// what it opened).
func openNonblocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// openPipe opens a named pipe for reading, which waits for a writer; a
// cancelled ctx ends the wait.
func openPipe(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
	}
	// Opening the write end lets the pending open return; whatever it
	// returns is closed.
	if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		w.Close()
	}
	go func() {
		if o := <-ch; o.f != nil {
			o.f.Close()
		}
	}()
	return nil, ctx.Err()
}

// unblockOnCancel makes a read of f that waits for data (a pipe or a
// terminal) return when ctx is cancelled; the returned stop undoes it.
func unblockOnCancel(ctx context.Context, f *os.File) (stop func() bool) {
	return context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
}
