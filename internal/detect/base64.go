package detect

import "encoding/base64"

// Base64 decoding finds secrets stored encoded, as in a Kubernetes Secret's
// data: block or a basic-auth header.

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
// decodes to mostly printable text.
func forEachBase64(data []byte, fn func(run span, decoded []byte)) {
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
		if err != nil || !printable(decoded[:k]) {
			continue
		}
		fn(span{start: start, end: i}, decoded[:k])
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
