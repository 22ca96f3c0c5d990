package source

import "io"

// minTextRun is how long a run of printable bytes in media must be to be
// scanned: compressed media holds runs that long about once in 2,500
// bytes (37% of byte values are printable, 0.37^8), so a video gives the
// scan a few hundred bytes of noise a megabyte, and text put in it (a
// .env behind a video's first bytes) is read whole.
const minTextRun = 8

// textRuns reads the runs of at least minTextRun printable ASCII bytes
// (white space included) that r holds, each followed by a line break:
// what `strings` would print of media, which the scan does not read as
// bytes.
type textRuns struct {
	r    io.Reader
	in   []byte
	out  []byte
	run  []byte // the current run while it is shorter than minTextRun
	long bool   // the current run reached minTextRun and is passed on
	err  error
}

func newTextRuns(r io.Reader) *textRuns {
	return &textRuns{r: r, in: make([]byte, 64<<10)}
}

func (t *textRuns) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		n, err := t.r.Read(t.in)
		t.out = t.in[:0:0] // never alias the input
		t.scan(t.in[:n])
		if err != nil {
			if t.long {
				t.out = append(t.out, '\n')
				t.long = false
			}
			t.err = err
		}
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

// scan passes on the runs long enough among b's printable stretches.
func (t *textRuns) scan(b []byte) {
	start := 0
	for i, c := range b {
		if printableASCII(c) {
			continue
		}
		if i > start || t.long || len(t.run) > 0 {
			t.stretch(b[start:i], true)
		}
		start = i + 1
	}
	t.stretch(b[start:], false)
}

// stretch takes printable bytes that continue the current run; ended
// says a byte that is not follows them.
func (t *textRuns) stretch(s []byte, ended bool) {
	switch {
	case t.long:
		t.out = append(t.out, s...)
	case len(t.run)+len(s) >= minTextRun:
		t.out = append(append(t.out, t.run...), s...)
		t.run, t.long = t.run[:0], true
	default:
		t.run = append(t.run, s...)
	}
	if ended {
		if t.long {
			t.out = append(t.out, '\n')
		}
		t.run, t.long = t.run[:0], false
	}
}

// heldRuns is how much of media's text runs is held to be scanned as one
// piece: real media's are a few hundred bytes a megabyte, and a stream
// read in pieces costs a piece's buffer.
const heldRuns = 1 << 20

// textInMedia scans the text runs of media content c at u.
func (w *walk) textInMedia(u Unit, c content, depth int) error {
	runs := newTextRuns(c.reader())
	held, err := io.ReadAll(io.LimitReader(runs, heldRuns))
	if err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	if len(held) == 0 {
		return nil
	}
	rest := content{head: held}
	if len(held) == heldRuns {
		rest.rest = runs
	}
	return w.member(u, "(text in media)", -1, rest, depth)
}
