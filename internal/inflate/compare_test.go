package inflate

import (
	"bytes"
	stdzlib "compress/zlib"
	"errors"
	"io"
	"testing"
)

// stdLimit bounds what the reference decoder inflates of arbitrary input.
const stdLimit = 1 << 20

// reference decodes src with the standard library: what it inflates to
// (what it inflated before an error), how many bytes of src the stream
// took, and its error. ok is false when the output passed stdLimit.
func reference(src []byte) (out []byte, consumed int, err error, ok bool) {
	r := bytes.NewReader(src)
	zr, err := stdzlib.NewReader(r)
	if err != nil {
		return nil, 0, err, true
	}
	out, err = io.ReadAll(io.LimitReader(zr, stdLimit+1))
	if len(out) > stdLimit {
		return nil, 0, nil, false
	}
	if err == nil {
		// ReadAll stops at io.EOF, which the zlib reader returns only
		// after checking the checksum.
		consumed = len(src) - r.Len()
	}
	return out, consumed, err, true
}

// compare checks Zlib against the standard library on src: the same
// bytes and length of stream where the standard library succeeds (and an
// error for a dst one byte short or long), an error where it fails.
func compare(t *testing.T, d *Decoder, src []byte) {
	t.Helper()
	want, wantN, wantErr, ok := reference(src)
	if !ok {
		return
	}
	if wantErr != nil {
		for _, size := range []int{len(want), len(want) + 1, 0} {
			if _, err := d.Zlib(make([]byte, size), src); err == nil {
				t.Fatalf("the standard library fails (%v) after %d bytes; Zlib with a dst of %d succeeds on %x", wantErr, len(want), size, src)
			}
		}
		return
	}
	dst := make([]byte, len(want))
	n, err := d.Zlib(dst, src)
	if err != nil {
		t.Fatalf("the standard library inflates %d bytes; Zlib: %v (stream %x)", len(want), err, clip(src))
	}
	if n != wantN {
		t.Fatalf("stream of %d bytes; Zlib says %d", wantN, n)
	}
	if !bytes.Equal(dst, want) {
		t.Fatalf("output differs from the standard library's at byte %d of %d", firstDiff(dst, want), len(want))
	}
	var size *SizeError
	if len(want) > 0 {
		if _, err := d.Zlib(make([]byte, len(want)-1), src); !errors.As(err, &size) {
			t.Fatalf("a dst one byte short: %v, want a SizeError", err)
		}
	}
	if _, err := d.Zlib(make([]byte, len(want)+1), src); !errors.As(err, &size) || size.Got != len(want) {
		t.Fatalf("a dst one byte long: %v, want a SizeError of %d bytes", err, len(want))
	}
}

func clip(b []byte) []byte { return b[:min(len(b), 64)] }

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
