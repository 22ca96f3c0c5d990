//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
}

// writeFIFO writes head to a named pipe, then, when filler is set, writes
// it again and again until the reader goes away.
func writeFIFO(path, head, filler string) {
	go func() {
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		if _, err := w.WriteString(head); err != nil {
			return
		}
		for filler != "" {
			if _, err := w.WriteString(filler); err != nil {
				return // the reader closed its end
			}
		}
	}()
}

// TestSpecialFilesOnTheCommandLine: a named pipe given as an argument is
// read like a file, held to --max-file-size by the bytes read (an endless
// writer does not hang the scan); /dev/zero is named after 64 MiB of
// zeros, without reading it all.
func TestSpecialFilesOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	tok := testutil.NewGen(81).GitHubToken("ghp_")

	fifo := filepath.Join(dir, "creds.pipe")
	mkfifo(t, fifo)
	writeFIFO(fifo, "x = 1\nGITHUB_TOKEN="+tok+"\n", "")
	stdout, stderr, code := run(t, "", "scan", "dir", fifo, "--format", "json")
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Line != 2 {
		t.Errorf("named pipe: exit %d, %+v\n%s", code, fs, stderr)
	}

	endless := filepath.Join(dir, "endless.pipe")
	mkfifo(t, endless)
	writeFIFO(endless, "GITHUB_TOKEN="+tok+"\n", strings.Repeat("more text\n", 100))
	stdout, stderr, code = run(t, "", "scan", "dir", endless, "--max-file-size", "64KB", "--format", "json")
	if fs := decodeReport(t, stdout); code != ExitError || len(fs) != 1 || fs[0].Line != 1 {
		t.Errorf("endless pipe: exit %d, %d findings", code, len(fs))
	}
	if !strings.Contains(stderr, "endless.pipe: larger than the 64000-byte limit (--max-file-size), the part after it was not scanned") {
		t.Errorf("endless pipe: %q", stderr)
	}

	// A file whose size says nothing of its content (procfs says 0) is
	// held to the limit by the bytes read.
	if info, err := os.Stat("/proc/self/maps"); err == nil && info.Size() == 0 {
		_, stderr, code = run(t, "", "scan", "dir", "/proc/self/maps", "--max-file-size", "100B")
		if code != ExitError || !strings.Contains(stderr, "maps: larger than the 100-byte limit (--max-file-size), the part after it was not scanned") {
			t.Errorf("/proc/self/maps: exit %d, %q", code, stderr)
		}
	}

	// With no limit at all, /dev/zero used to grow a buffer until the
	// runtime died. It is read for 64 MiB, then named: what a stream
	// holds after its zeros is not known.
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, stderr, code = run(t, "", "scan", "dir", "/dev/zero", "--max-file-size", "0")
		if code != ExitError || !strings.Contains(stderr, "zero: 64 MiB of NUL bytes at the start of a stream, not scanned") {
			t.Errorf("/dev/zero: exit %d, %q", code, stderr)
		}
	}
}

// TestSpecialFilesInAWalk: pipes (with no writer) and sockets inside a
// folder are named and skipped, the walk does not wait on them, and they
// do not make the scan incomplete; a socket named on the command line
// cannot be read and says so.
func TestSpecialFilesInAWalk(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "hello\n"})
	mkfifo(t, filepath.Join(dir, "queue.pipe"))
	sock := filepath.Join(dir, "s.sock")
	if fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0); err == nil {
		defer syscall.Close(fd)
		if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: sock}); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := run(t, "", "scan", "dir", dir)
	if code != ExitClean || !strings.Contains(stdout, "No secrets found.") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"skipped queue.pipe: a named pipe (FIFO), no content to scan", "skipped s.sock: a socket, no content to scan"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %q", want, stderr)
		}
	}
	_, stderr, code = run(t, "", "scan", "dir", sock)
	if code != ExitError || !strings.Contains(stderr, "a socket: only files, folders, named pipes and devices can be scanned") {
		t.Errorf("socket argument: exit %d, %q", code, stderr)
	}
}
