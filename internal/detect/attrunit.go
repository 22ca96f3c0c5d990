package detect

import (
	"bytes"
	"path"
	"strings"
)

// maxAttrValue bounds the attribute values read as their own unit: a
// connection string or a JSON object, not an inlined document.
const maxAttrValue = 4096

// markupExts are the files whose attributes may hold configuration.
var markupExts = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".svg": true, ".jsp": true,
	".erb": true, ".vue": true, ".aspx": true, ".cshtml": true, ".drawio": true}

// markupUnit tells whether the unit is XML or HTML.
func markupUnit(u unit) bool {
	return u.syntax == syntaxXML || markupExts[strings.ToLower(path.Ext(u.path))]
}

// scanAttributes reads each markup attribute whose value holds a quoted
// assignment as its own unit of configuration: value="password=&quot;v&quot;"
// (a .NET connection string), data-config='{"apiKey": "v"}'. Read as
// part of the markup, the inner quotes close the attribute's, so no
// assignment reader sees the value. Matches are placed at the value.
func (s *Scanner) scanAttributes(data []byte, depth int, matches []Match) []Match {
	if s.unit.binary || !markupUnit(s.unit) {
		return matches
	}
	var text []byte
	var src []int // src[d]: where text[d] is in the value; one more for its end
	for i := 0; i < len(data); {
		eq := bytes.IndexByte(data[i:], '=')
		if eq < 0 {
			break
		}
		i += eq + 1
		if i >= len(data) || data[i] != '"' && data[i] != '\'' || i < 2 || !attrNameByte(data[i-2]) {
			continue
		}
		q := data[i]
		end := bytes.IndexByte(data[i+1:min(len(data), i+1+maxAttrValue)], q)
		if end < 0 {
			continue
		}
		value := data[i+1 : i+1+end]
		i += end + 2
		if !holdsQuotedAssignment(value, q) {
			continue
		}
		var enc string
		text, src = decodeReferences(text[:0], src[:0], value)
		if len(text) != len(value) {
			enc = EncodingHTML
		}
		from := i - end - 1
		at := func(d int) int { return from + src[d] }
		vetoes := len(s.vetoes)
		for _, m := range s.scan(text, nil, depth+1) {
			m.Start, m.End = at(m.Start), at(m.End)
			if m.MatchEnd != 0 {
				m.MatchStart, m.MatchEnd = at(m.MatchStart), at(m.MatchEnd)
			}
			if m.Encoding == "" {
				m.Encoding = enc
			}
			matches = append(matches, m)
		}
		for k := vetoes; k < len(s.vetoes); k++ {
			w := &s.vetoes[k]
			w.start, w.end = at(w.start), at(w.end)
		}
	}
	return matches
}

// attrNameByte tells whether c may end an attribute's name.
func attrNameByte(c byte) bool { return isWordByte(c) || c == '-' || c == ':' }

// holdsQuotedAssignment tells whether an attribute's value, quoted with
// q, holds a name assigned (= or :) a value in quotes of its own.
func holdsQuotedAssignment(v []byte, q byte) bool {
	at := bytes.IndexAny(v, "=:")
	if at < 0 {
		return false
	}
	rest := v[at:]
	return bytes.Contains(rest, []byte("&quot;")) || bytes.Contains(rest, []byte("&#34;")) ||
		bytes.Contains(rest, []byte("&apos;")) || bytes.Contains(rest, []byte("&#39;")) ||
		q == '\'' && bytes.IndexByte(rest, '"') >= 0 || q == '"' && bytes.IndexByte(rest, '\'') >= 0
}

// decodeReferences appends v to dst with its character references read,
// and to src where each byte of dst starts in v, then len(v).
func decodeReferences(dst []byte, src []int, v []byte) ([]byte, []int) {
	for i := 0; i < len(v); i++ {
		src = append(src, i)
		if v[i] == '&' {
			if r, n := htmlReference(v[i:]); n > 0 && r < 0x80 {
				dst = append(dst, byte(r))
				i += n - 1
				continue
			}
		}
		dst = append(dst, v[i])
	}
	return dst, append(src, len(v))
}
