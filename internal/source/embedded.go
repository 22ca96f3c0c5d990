package source

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// A gzip stream inside other binary content (an HTTP body compressed in
// a packet capture, a gzipped asset a program embeds) is not the
// content's start, so no reader opens it, and its text is in no run of
// the bytes. In binary content held whole, each gzip member header (RFC
// 1952 2.3: the magic, method 8, no reserved flag, a known XFL and OS)
// starts a trial: what inflates is scanned as FILE!(gzip at OFFSET). A
// stream that breaks (a capture cuts a body between packets) yields what
// the decoder had written out, often nothing, and is not named: the bytes
// were scanned as they are.

// maxEmbedded bounds the streams tried in one content.
const maxEmbedded = 64

// embeddedGzip scans the gzip streams that start inside data, the whole
// of u's binary content, after its first byte.
func (w *walk) embeddedGzip(u Unit, data []byte, depth int) error {
	for from, tried := 1, 0; tried < maxEmbedded; tried++ {
		i := bytes.Index(data[from:], []byte{0x1f, 0x8b, 8})
		if i < 0 {
			return nil
		}
		at := from + i
		from = at + 1
		if !gzipHeader(data[at:]) {
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(data[at:]))
		if err != nil {
			continue
		}
		zr.Multistream(false)
		name := fmt.Sprintf("(gzip at %d)", at)
		err = w.member(u, name, -1, content{rest: &quietReader{r: w.inflate(zr, u.Path)}}, depth)
		if err != nil {
			return err
		}
	}
	return nil
}

// gzipHeader tells whether b starts a gzip member header that a writer
// makes: flags without reserved bits, XFL 0, 2 or 4, an OS from the RFC's
// list or 255 (unknown).
func gzipHeader(b []byte) bool {
	return len(b) >= 10 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8 && b[3]&0xe0 == 0 &&
		(b[8] == 0 || b[8] == 2 || b[8] == 4) && (b[9] <= 13 || b[9] == 255)
}

// quietReader ends at the first error of r as at its end: a stream cut
// short yields what was inflated before.
type quietReader struct {
	r    io.Reader
	done bool
}

func (q *quietReader) Read(p []byte) (int, error) {
	if q.done {
		return 0, io.EOF
	}
	n, err := q.r.Read(p)
	if err != nil {
		q.done = true // io.EOF or not: the end
		if n == 0 {
			return 0, io.EOF
		}
	}
	return n, nil
}
