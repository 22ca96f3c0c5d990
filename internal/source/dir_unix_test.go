//go:build unix

package source

import (
	"context"
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A named pipe given as a target waits for a writer, as reading one does;
// cancelling the scan (Ctrl-C) ends the wait instead of hanging.
func TestPipeWithoutWriterEndsOnCancel(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "p")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	rep := &memReport{}
	go func() {
		d := &Dir{Paths: []string{fifo}, Workers: 1}
		done <- d.Run(ctx, rep, func(int, Unit) { t.Error("a pipe with no writer yielded content") })
	}()
	// Give the worker time to block in open; cancelling earlier ends the
	// scan too, by another path.
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the scan still waits for a writer after it was cancelled")
	}
}
