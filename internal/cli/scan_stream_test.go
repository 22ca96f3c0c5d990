package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/testutil"
)

// textStream generates size bytes of ordinary lines with one line, near
// the end, that holds secret.
type textStream struct {
	size, sent int
	secretAt   int // line number of the secret
	secret     string
	line       int
	pending    []byte
}

func newTextStream(size int, secret string) *textStream {
	return &textStream{size: size, secret: secret, secretAt: -1}
}

func (s *textStream) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && s.sent < s.size {
		if len(s.pending) == 0 {
			s.line++
			s.pending = []byte("an ordinary line of log output, request served in 12 ms\n")
			if s.secretAt < 0 && s.sent > s.size-(1<<20) {
				s.secretAt = s.line
				s.pending = []byte("GITHUB_TOKEN=" + s.secret + "\n")
			}
		}
		c := copy(p[n:], s.pending[:min(len(s.pending), s.size-s.sent)])
		s.pending = s.pending[c:]
		n += c
		s.sent += c
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// heapSampler records the largest heap (live and not yet collected
// objects) seen while it runs.
type heapSampler struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		for {
			h.peak = max(h.peak, heapBytes())
			select {
			case <-h.stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return h
}

func (h *heapSampler) done() uint64 {
	close(h.stop)
	h.wg.Wait()
	return max(h.peak, heapBytes())
}

// TestLongStreamsAreScannedInBoundedMemory: standard input and a file far
// larger than the memory bound are read with no size limit, the secret
// near the end is found at its line, and the heap stays under the bound
// all along.
func TestLongStreamsAreScannedInBoundedMemory(t *testing.T) {
	const size = 64 << 20
	// The bound holds the catalogue (1,129 rules) and its engine (about
	// 25 MiB, its 12k-state automaton among it),
	// the 4 MiB pieces with their overlap, and the collector's lag on a
	// loaded machine (CI measured 43 MiB where an idle run gives 30).
	const bound = 48 << 20
	tok := testutil.NewGen(71).GitHubToken("ghp_")
	for _, target := range []string{"stdin", "dir"} {
		t.Run(target, func(t *testing.T) {
			src := newTextStream(size, tok)
			var stdin io.Reader = src
			args := []string{"scan", "stdin", "--max-file-size", "0", "--format", "json"}
			if target == "dir" {
				dir := t.TempDir()
				f, err := os.Create(filepath.Join(dir, "big.log"))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := io.Copy(f, src); err != nil {
					t.Fatal(err)
				}
				f.Close()
				stdin = strings.NewReader("")
				args = []string{"scan", "dir", dir, "--max-file-size", "0", "--format", "json", "--workers", "1"}
			}
			runtime.GC()
			base := heapBytes()
			h := sampleHeap()
			var out, errb bytes.Buffer
			code := Main(args, &IO{In: stdin, Out: &out, Err: &errb, Getenv: func(string) string { return "" }})
			grew := max(h.done(), base) - base
			fs := decodeReport(t, out.String())
			if code != ExitFindings || len(fs) != 1 || fs[0].Line != src.secretAt || fs[0].Column != len("GITHUB_TOKEN=")+1 {
				t.Fatalf("exit %d, findings %+v (secret at line %d)\n%s", code, fs, src.secretAt, errb.String())
			}
			if !strings.Contains(errb.String(), "scanned "+scan.HumanBytes(size)) {
				t.Errorf("not all read: %s", errb.String())
			}
			t.Logf("the heap grew by %d MiB at most while scanning %d MiB", grew>>20, size>>20)
			if grew > bound {
				t.Errorf("the heap grew by %d MiB, bound %d MiB", grew>>20, bound>>20)
			}
		})
	}
}

// Standard input over --max-file-size: the first SIZE bytes are scanned,
// the rest is named as not scanned, and the scan is incomplete.
func TestStdinOverTheLimit(t *testing.T) {
	tok := testutil.NewGen(72).GitHubToken("ghp_")
	in := "GITHUB_TOKEN=" + tok + "\n" + strings.Repeat("an ordinary line\n", 200)
	stdout, stderr, code := run(t, in, "scan", "stdin", "--max-file-size", "1KB", "--format", "json")
	fs := decodeReport(t, stdout)
	if code != ExitError || len(fs) != 1 || fs[0].Line != 1 {
		t.Errorf("exit %d, findings %+v", code, fs)
	}
	if !strings.Contains(stderr, "skipped stdin: larger than the 1000-byte limit (--max-file-size), the part after it was not scanned") || !strings.Contains(stdout, `"incomplete": true`) {
		t.Errorf("stderr %q\n%s", stderr, stdout)
	}
}
