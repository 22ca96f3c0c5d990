package detect

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/hex"
	"io"

	"github.com/leakhound/leakhound/internal/inflate"
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

// EncodingBase64 and EncodingHex name what encoded a secret found in a
// decoded run.
const (
	EncodingBase64 = "base64"
	EncodingHex    = "hex"
)

// forEachBase64 calls fn for each run of base64 characters in data that
// decodes to mostly printable text, or to a gzip stream of it, and for each
// run of hex digits that decodes to text; inflate takes the gzip stream
// and returns its text, or nil. Base64 wrapped over several lines (MIME,
// PEM, a YAML block) is joined first; enc names the encoding.
func forEachBase64(data []byte, inflate func([]byte) []byte, fn func(run span, decoded []byte, enc string)) {
	decodeRuns(data, findRuns(data, 0, len(data), nil), inflate, fn)
}

// b64run is a maximal run of base64 characters, data[start:end], with the
// '=' padding after it (at most two) ending at pad, long enough to decode.
type b64run struct{ start, end, pad int }

// probeGap is how far apart findRuns probes: every run of probeGap
// characters holds a probe, and a shorter one cannot reach minBase64Run
// with its padding, so the runs found do not depend on where probing
// started (with 24, a 23-character run and its '=' was found or not
// depending on the bytes before it).
const probeGap = minBase64Run - 2

// findRuns appends the runs of minBase64Run or more (padding counted) and
// at most maxBase64Run whose characters reach into data[lo:hi], in order.
// A probe byte that is not base64 lets it skip probeGap bytes at once:
// text made of short words is crossed mostly in such jumps.
func findRuns(data []byte, lo, hi int, out []b64run) []b64run {
	// The first probe falls on lo, for a run begun before it.
	for i := max(0, lo-probeGap+1); ; {
		probe := i + probeGap - 1
		if probe >= len(data) || probe >= hi+probeGap {
			return out
		}
		if !base64Chars[data[probe]] {
			i = probe + 1
			continue
		}
		// Runs are maximal. Looking back stops past the longest run worth
		// decoding (only the first probe of a search can land in a run
		// begun before it); looking ahead goes to the run's end, so a
		// longer run is passed over once, whatever its length.
		start := probe
		for start > 0 && base64Chars[data[start-1]] && probe-start <= maxBase64Run {
			start--
		}
		end := probe + 1
		for end < len(data) && base64Chars[data[end]] {
			end++
		}
		pad := end
		for pad < len(data) && data[pad] == '=' && pad-end < 2 {
			pad++
		}
		i = pad
		if n := pad - start; n >= minBase64Run && n <= maxBase64Run && (start == 0 || !base64Chars[data[start-1]]) && (end == len(data) || !base64Chars[data[end]]) {
			out = append(out, b64run{start, end, pad})
		}
	}
}

// decodeRuns decodes runs (in order, as findRuns gives them) and calls fn
// for those that hold text: hex, base64, or base64 wrapped over lines.
func decodeRuns(data []byte, runs []b64run, inflate func([]byte) []byte, fn func(run span, decoded []byte, enc string)) {
	var buf, joined []byte
	// joinedTo ends the last wrapped block joined: its later lines are
	// not joined again (each would rejoin the rest of the block, a cost
	// quadratic in its length), only decoded alone.
	joinedTo := 0
	i := 0 // runs before i are inside a wrapped block already decoded
	for _, r := range runs {
		if r.start < i {
			continue
		}
		start, end := r.start, r.end
		i = r.pad
		if hexRun(data[start:end]) {
			if text := decodeHex(data[start:end], &buf); text != nil {
				fn(span{start: start, end: end}, text, EncodingHex)
			}
			continue
		}
		if !mixed(data[start:end]) {
			continue
		}
		if last, ok := wrapped(data, start, i, joinedTo); ok {
			joinedTo = last
			joined = joinLines(data[start:last], joined[:0])
			if text := decodeBase64(joined, &buf, inflate); text != nil {
				fn(span{start: start, end: last}, text, EncodingBase64)
				i = last
				continue
			}
		}
		if text := decodeBase64(data[start:i], &buf, inflate); text != nil {
			fn(span{start: start, end: i}, text, EncodingBase64)
		}
	}
}

// decodeBase64 decodes a run into buf and returns its text, inflated when
// it is a gzip stream, or nil when it does not decode to text.
func decodeBase64(run []byte, buf *[]byte, inflate func([]byte) []byte) []byte {
	n := len(run)
	enc := pickEncoding(run)
	if enc == nil {
		return nil
	}
	if cap(*buf) < enc.DecodedLen(n) {
		*buf = make([]byte, enc.DecodedLen(n))
	}
	decoded := (*buf)[:enc.DecodedLen(n)]
	k, err := enc.Decode(decoded, run)
	if err != nil {
		return nil
	}
	text := decoded[:k]
	if bytes.HasPrefix(text, []byte{0x1f, 0x8b, 8}) || zlibHeader(text) {
		text = inflate(text)
	}
	if !printable(text) {
		// PowerShell's -EncodedCommand and .NET's Unicode strings are
		// base64 of UTF-16LE.
		if text = narrowUTF16LE(text); !printable(text) {
			return nil
		}
	}
	return text
}

// minWrapWidth is the shortest line of wrapped base64 that is joined to
// the next: encoders wrap at 76 (MIME, base64(1)) or 64 (PEM, OpenSSL).
const minWrapWidth = 60

// wrapped tells whether the base64 run at data[start:end] is the first
// line of wrapped base64: it ends its line, is at least minWrapWidth long
// and a whole number of quads, the next line is base64 too, and it is not
// a line of a block already joined (which ends at joinedTo). last is
// where the wrapped text ends: after the first line shorter than the
// first, or before a line holding anything else.
func wrapped(data []byte, start, end, joinedTo int) (last int, ok bool) {
	width := end - start
	if start < joinedTo || width < minWrapWidth || width%4 != 0 || width > maxBase64Run {
		return 0, false
	}
	last = end
	for total := width; total < maxBase64Run; {
		next := last
		if next < len(data) && data[next] == '\r' {
			next++
		}
		if next >= len(data) || data[next] != '\n' {
			break
		}
		next++
		for next < len(data) && (data[next] == ' ' || data[next] == '\t') {
			next++ // a YAML block's indentation
		}
		e := next
		for e < len(data) && base64Chars[data[e]] {
			e++
		}
		runEnd := e
		for e < len(data) && data[e] == '=' && e-runEnd < 2 {
			e++
		}
		if runEnd == next || e < len(data) && data[e] != '\n' && data[e] != '\r' {
			break // not a line of base64 alone
		}
		last, total, ok = e, total+e-next, true
		if e-next != width {
			break // the last line
		}
	}
	return last, ok
}

// joinLines appends the base64 characters of text to dst, dropping line
// breaks and indentation.
func joinLines(text, dst []byte) []byte {
	for _, c := range text {
		if c != '\n' && c != '\r' && c != ' ' && c != '\t' {
			dst = append(dst, c)
		}
	}
	return dst
}

// minHexRun is the shortest run of hex digits worth decoding: a 16-byte
// secret.
const minHexRun = 32

// hexRun tells whether run is an even number of hex digits, of one case.
func hexRun(run []byte) bool {
	return len(run) >= minHexRun && len(run)%2 == 0 && hexOfOneCase(run)
}

// hexOfOneCase tells whether b is only hex digits, its letters all lower
// or all upper case, as encoders write hex.
func hexOfOneCase(b []byte) bool {
	var upper, lower bool
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
		case 'a' <= c && c <= 'f':
			lower = true
		case 'A' <= c && c <= 'F':
			upper = true
		default:
			return false
		}
	}
	return !(upper && lower)
}

// decodeHex decodes a run of hex digits into buf and returns it when it is
// text, else nil.
func decodeHex(run []byte, buf *[]byte) []byte {
	n := len(run) / 2
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	text := (*buf)[:n]
	if _, err := hex.Decode(text, run); err != nil || !printable(text) {
		return nil
	}
	return text
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
	var zr io.Reader
	var err error
	if zlibHeader(stream) {
		zr, err = zlib.NewReader(bytes.NewReader(stream))
	} else {
		zr, err = gzip.NewReader(bytes.NewReader(stream))
	}
	if err != nil {
		return nil
	}
	var buf bytes.Buffer
	if n, err := io.Copy(&buf, io.LimitReader(zr, int64(limit)+1)); err != nil || n > int64(limit) {
		return nil
	}
	return buf.Bytes()
}

// zlibHeader tells the start of a zlib stream with no preset dictionary.
// Kubernetes and Helm values hold base64 of zlib-compressed text as often
// as of gzip.
func zlibHeader(b []byte) bool { return inflate.Header(b) && b[1]&0x20 == 0 }

// narrowUTF16LE returns b's characters when b is UTF-16LE text of ASCII
// characters (every second byte zero, perhaps after a byte-order mark),
// else nil.
func narrowUTF16LE(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte{0xff, 0xfe})
	if len(b) < 16 || len(b)%2 != 0 {
		return nil
	}
	out := make([]byte, len(b)/2)
	for i := range out {
		if b[2*i+1] != 0 || b[2*i] == 0 {
			return nil
		}
		out[i] = b[2*i]
	}
	return out
}
