package detect

import "unicode/utf8"

// CSS writes any character as a backslash and one to six hex digits,
// ended by one optional blank (\67 hp_ is ghp_, \000067hp_ too; CSS
// Syntax Level 3, "consume an escaped code point"), or as a backslash
// before the character itself. A stylesheet's content: strings and
// custom properties hold tokens so written. Read in stylesheets only,
// where every backslash is one of these: it is their escape character
// (shellEscapeOf), so they are searched whole.

// cssExts are the stylesheets read so.
var cssExts = map[string]bool{".css": true, ".scss": true, ".sass": true, ".less": true, ".styl": true}

// decodeCSSEscape decodes the CSS escape at data[i] (a backslash).
func decodeCSSEscape(data []byte, i int) (r rune, n int, kind escapeKind, hides bool) {
	rest := data[i:]
	n = 1
	for ; n < len(rest) && n <= 6; n++ {
		d, ok := digitValue(rest[n], 16)
		if !ok {
			break
		}
		r = r<<4 | rune(d)
	}
	switch {
	case n > 1:
		if n < len(rest) && (rest[n] == ' ' || rest[n] == '\t' || rest[n] == '\n') {
			n++
		} else if n+1 < len(rest) && rest[n] == '\r' && rest[n+1] == '\n' {
			n += 2
		}
		if r == 0 || r > utf8.MaxRune || 0xd800 <= r && r <= 0xdfff {
			r = utf8.RuneError
		}
	case len(rest) < 2 || rest[1] == '\n' || rest[1] == '\r' || rest[1] >= 0x80:
		return 0, 0, escapeNone, false
	default:
		r, n = rune(rest[1]), 2
	}
	return r, n, escapeBackslash, r < utf8.RuneSelf && tokenByte[r] || opensValue(data, i, n, r, escapeBackslash)
}
