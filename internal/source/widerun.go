package source

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
)

// Content read as bytes (binary, or text whose first bytes hold no NUL)
// may hold UTF-16 text past its start: .NET string heaps, Windows
// resources, or a plain file that turns UTF-16 midway, which its head
// does not show. Its ASCII characters are a printable byte and a NUL
// each, and no rule matches them as they are. Runs of at least
// minWideRun such characters are decoded and scanned as FILE!(utf-16
// text), one a line.

// minWideRun is the fewest characters a UTF-16 run must have to be
// decoded: as many as mixedWide looks ahead to switch to UTF-16.
const minWideRun = mixedLook / 2

// maxWideRuns bounds the UTF-16 text held from one content: a .NET
// assembly holds some kilobytes a megabyte of it.
const maxWideRuns = 16 << 20

// wideRunSpan is one run of UTF-16 ASCII characters: its bytes in the
// content, and its byte order.
type wideRunSpan struct {
	from, to  int
	bigEndian bool
}

// wideSpans returns the UTF-16 runs of b, each of at least minWideRun
// printable ASCII characters, either byte order, in order. Where two
// readings of the same bytes overlap (little-endian text read
// big-endian a byte later), the longer is kept, little-endian on a tie.
//
// Only the blocks near a sign of UTF-16 are read byte by byte: any 16
// bytes of a run hold 8 bytes from a multiple of 8 on, four characters,
// so a block without such 8 bytes holds less than 16 bytes of a run, and
// a run is whole in the blocks around its signs.
func wideSpans(b []byte) []wideRunSpan {
	const block = 4096
	var spans []wideRunSpan
	from, to := 0, -1 // the blocks being gathered
	for start := 0; start < len(b); start += block {
		if !wideSign(b[start:min(len(b), start+block)]) {
			continue
		}
		if lo := max(0, start-block); lo > to {
			if to > from {
				spans = appendWideSpans(spans, b, from, to)
			}
			from = lo
		}
		to = min(len(b), start+2*block)
	}
	if to > from {
		spans = appendWideSpans(spans, b, from, to)
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].from != spans[j].from {
			return spans[i].from < spans[j].from
		}
		return !spans[i].bigEndian && spans[j].bigEndian
	})
	var kept []wideRunSpan
	for _, s := range spans {
		if n := len(kept); n > 0 && s.from < kept[n-1].to {
			if last := kept[n-1]; s.to-s.from > last.to-last.from {
				kept[n-1] = s
			}
			continue
		}
		kept = append(kept, s)
	}
	return kept
}

// wideSign tells whether seg, starting at a multiple of 8, holds 8
// aligned bytes that are four UTF-16 ASCII characters, either order.
func wideSign(seg []byte) bool {
	for k := 0; k+8 <= len(seg); k += 8 {
		v := binary.LittleEndian.Uint64(seg[k:])
		high := 1 // where the NULs are: little-endian
		switch {
		case v&0xff00ff00ff00ff00 == 0:
		case v&0x00ff00ff00ff00ff == 0:
			high = 0
		default:
			continue
		}
		if printableASCII(seg[k+1-high]) && printableASCII(seg[k+3-high]) && printableASCII(seg[k+5-high]) && printableASCII(seg[k+7-high]) {
			return true
		}
	}
	return false
}

// appendWideSpans appends the runs of b[from:to], each order and parity.
func appendWideSpans(spans []wideRunSpan, b []byte, from, to int) []wideRunSpan {
	for _, be := range []bool{false, true} {
		for parity := 0; parity < 2; parity++ {
			start := -1
			for i := from + parity; ; i += 2 {
				char := i+1 < to && (!be && b[i+1] == 0 && printableASCII(b[i]) || be && b[i] == 0 && printableASCII(b[i+1]))
				if char {
					if start < 0 {
						start = i
					}
					continue
				}
				if start >= 0 && (i-start)/2 >= minWideRun {
					spans = append(spans, wideRunSpan{start, i, be})
				}
				start = -1
				if i+1 >= to {
					break
				}
			}
		}
	}
	return spans
}

// appendWide appends the characters of the run s of b, and a line break.
func appendWide(out, b []byte, s wideRunSpan) []byte {
	low := s.from // the byte of each pair that holds the character
	if s.bigEndian {
		low++
	}
	for i := low; i < s.to; i += 2 {
		out = append(out, b[i])
	}
	return append(out, '\n')
}

// maxWideCarry bounds the bytes held back while a run may go on past
// what was read: a run longer is cut there.
const maxWideCarry = 1 << 20

// wideRunWriter collects the UTF-16 runs of the bytes written to it, as
// they are read (it sees content through an io.TeeReader): bytes whose
// runs may go on past what was written so far are held back.
type wideRunWriter struct {
	held []byte // from where a run may still be going on
	buf  []byte // held, then what is written
	runs []byte
	cut  bool
}

// tee has c's bytes written to w as they are read.
func (c *wideRunWriter) tee(ct content) content {
	c.Write(ct.head)
	if ct.rest != nil {
		ct.rest = io.TeeReader(ct.rest, c)
	}
	return ct
}

func (c *wideRunWriter) Write(p []byte) (int, error) {
	if c.cut || bytes.IndexByte(c.held, 0) < 0 && bytes.IndexByte(p, 0) < 0 {
		// No NUL, no UTF-16: only the last byte may begin a character.
		if len(p) > 0 {
			c.held = append(c.held[:0], p[len(p)-1])
		}
		return len(p), nil
	}
	c.buf = append(append(c.buf[:0], c.held...), p...)
	c.take(c.buf, false)
	return len(p), nil
}

// take collects the runs of b that end before its last byte (all of
// them when final) and holds back the bytes from where one may still be
// going on: a run that reaches the end, or the last bytes, which may
// begin one shorter than minWideRun so far.
func (c *wideRunWriter) take(b []byte, final bool) {
	final = final || len(b) > maxWideCarry
	spans := wideSpans(b)
	keep := len(b)
	if !final {
		keep = max(0, len(b)-2*minWideRun-2)
		for _, s := range spans {
			if s.to >= len(b)-1 {
				keep = min(keep, s.from)
			}
		}
	}
	for _, s := range spans {
		if s.from < keep {
			c.runs = appendWide(c.runs, b, s)
			keep = max(keep, s.to) // its bytes are not read again
		}
	}
	if len(c.runs) > maxWideRuns {
		c.runs, c.cut = c.runs[:maxWideRuns], true
	}
	c.held = append(c.held[:0], b[keep:]...)
}

// scanWideRuns scans the runs c collected from the content at u.
func (w *walk) scanWideRuns(u Unit, c *wideRunWriter) error {
	c.take(c.held, true)
	p := u.Path + "!(utf-16 text)"
	if c.cut {
		w.rep.Notice(Notice{Path: p, Reason: fmt.Sprintf("UTF-16 text past %d MiB, not scanned", maxWideRuns>>20), Incomplete: true})
	}
	if len(c.runs) == 0 {
		return nil
	}
	if _, err := w.pieces(Unit{Path: p, Git: u.Git}, content{head: c.runs}, w.emit); err != nil {
		return w.unread(p, err, "not scanned")
	}
	return nil
}
