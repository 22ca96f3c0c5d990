package detect

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
)

// Base64 decoding finds secrets stored encoded, as in a Kubernetes Secret's
// data: block or a basic-auth header, and compressed then encoded, as Helm
// stores a release (its chart values included) in a Secret: gzip, then
// base64 twice.

const (
	minBase64Run = 24      // shortest run worth decoding (18 bytes decoded)
	maxBase64Run = 1 << 20 // longer runs are data blobs, not credentials
)

var base64Chars = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") {
		t[c] = true
	}
	return t
}()

// forEachBase64 calls fn for each run of base64 characters in data that
// decodes to mostly printable text, or to a gzip stream of it; inflate
// takes the gzip stream and returns its text, or nil.
func forEachBase64(data []byte, inflate func([]byte) []byte, fn func(run span, decoded []byte)) {
	var buf []byte
	for i := 0; i < len(data); {
		// A run of minBase64Run characters must cover position
		// i+minBase64Run-1: when that byte is not base64, no run can start
		// at or before it, so skip ahead a whole run length. Text made of
		// short words is crossed mostly in such jumps.
		probe := i + minBase64Run - 1
		if probe >= len(data) {
			return
		}
		if !base64Chars[data[probe]] {
			i = probe + 1
			continue
		}
		start := probe
		for start > i && base64Chars[data[start-1]] {
			start--
		}
		end := probe + 1
		for end < len(data) && base64Chars[data[end]] {
			end++
		}
		i = end
		for i < len(data) && data[i] == '=' && i-end < 2 {
			i++
		}
		n := i - start
		if n < minBase64Run || n > maxBase64Run || !mixed(data[start:end]) {
			continue
		}
		enc := pickEncoding(data[start:i])
		if enc == nil {
			continue
		}
		if cap(buf) < enc.DecodedLen(n) {
			buf = make([]byte, enc.DecodedLen(n))
		}
		decoded := buf[:enc.DecodedLen(n)]
		k, err := enc.Decode(decoded, data[start:i])
		if err != nil {
			continue
		}
		text := decoded[:k]
		if bytes.HasPrefix(text, []byte{0x1f, 0x8b, 8}) {
			text = inflate(text)
		}
		if !printable(text) {
			continue
		}
		fn(span{start: start, end: i}, text)
	}
}

// mixed rejects runs that are plainly words or identifiers: encoded text
// almost always has digits or both cases plus at least one non-letter.
func mixed(b []byte) bool {
	var upper, lowerc, other bool
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lowerc = true
		default:
			other = true
		}
	}
	return upper && lowerc && other
}

func pickEncoding(run []byte) *base64.Encoding {
	url, std := false, false
	for _, c := range run {
		switch c {
		case '-', '_':
			url = true
		case '+', '/':
			std = true
		}
	}
	padded := len(run)%4 == 0
	switch {
	case url && std:
		return nil
	case url && padded:
		return base64.URLEncoding
	case url:
		return base64.RawURLEncoding
	case padded:
		return base64.StdEncoding
	default:
		return base64.RawStdEncoding
	}
}

// printable reports whether b looks like text: almost all printable ASCII
// or whitespace, so binary blobs are not scanned as text.
func printable(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	bad := 0
	for _, c := range b {
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c >= 0x7f {
			bad++
		}
	}
	return bad*20 <= len(b)
}

// gunzip inflates a gzip stream, at most limit bytes of it (a new buffer:
// the text may hold more runs to decode while it is scanned); it returns
// nil when the stream is damaged or longer than limit.
func gunzip(stream []byte, limit int) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(stream))
	if err != nil {
		return nil
	}
	var buf bytes.Buffer
	if n, err := io.Copy(&buf, io.LimitReader(zr, int64(limit)+1)); err != nil || n > int64(limit) {
		return nil
	}
	return buf.Bytes()
}
