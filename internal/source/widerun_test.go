package source

import (
	"bytes"
	"testing"
)

// TestWideRunsAcrossWrites: a run cut between two writes (as reads cut a
// stream) is read whole, once, wherever the cut falls; little-endian
// text is not read again big-endian a byte later.
func TestWideRunsAcrossWrites(t *testing.T) {
	le := func(s string) []byte {
		var out []byte
		for _, c := range []byte(s) {
			out = append(out, c, 0)
		}
		return out
	}
	data := append(append([]byte("\x01\x02plain text\x00\x03"), le("TOKEN=abcdef0123456789")...), "\x05\x06 more"...)
	data = append(append(data, 0, 0, 0), le("second run here")...)
	want := "TOKEN=abcdef0123456789\nsecond run here\n"
	for cut := 0; cut <= len(data); cut++ {
		var w wideRunWriter
		w.Write(data[:cut])
		w.Write(data[cut:])
		w.take(w.held, true)
		if !bytes.Equal(w.runs, []byte(want)) {
			t.Fatalf("cut at %d: %q, want %q", cut, w.runs, want)
		}
	}
}
