package detect

import "bytes"

// tokenSchemes are the authentication schemes a token's name takes before
// its value ("token: Bearer x"); an Authorization value may name any
// scheme (RFC 9110 section 11.4).
var tokenSchemes = [...][]byte{[]byte("bearer"), []byte("token")}

// withSchemeCredentials extends a bare value that stopped at the blank
// after an authentication scheme to the credentials that follow it:
// "Authorization: Bearer x" in a text, a captured request or a Markdown
// page is "Bearer x", not the word Bearer. The value is returned as read
// when no single word follows the scheme on its line.
func withSchemeCredentials(data []byte, v value, class keyClass) value {
	if v.end >= len(data) || data[v.end] != ' ' || len(v.text) == 0 {
		return v
	}
	switch class {
	case classAuth:
		if !authScheme(v.text) {
			return v
		}
	case classToken:
		if !anyEqualFold(v.text, tokenSchemes[:]) {
			return v
		}
	default:
		return v
	}
	i := skipBlanks(data, v.end)
	limit := min(len(data), v.start+maxValueLen)
	j := i
	for j < limit && !isSpace(data[j]) && !isQuote(data[j]) && data[j] != '<' {
		j++
	}
	if j == i || j < limit && !isSpace(data[j]) && !isQuote(data[j]) && data[j] != '<' {
		return v
	}
	// The credentials end the header: a second word after them is prose
	// ("Authorization: Bearer tokens expire after an hour").
	if k := skipBlanks(data, j); k < len(data) && !isLineEnd(data[k]) && !isQuote(data[k]) && data[k] != '<' && data[k] != '\\' {
		return v
	}
	v.end = j
	v.text = data[v.start:j]
	return v
}

// fromHeaderList reads an Authorization header that a recorded HTTP
// exchange writes as a YAML list of its values (VCR and vcrpy cassettes:
// "Authorization:" then "- Bearer x" on the next line): the first item is
// the header's value. i is the line end after the name's colon.
func (a assignment) fromHeaderList(data []byte, i int, buf *[]byte) (assignment, bool) {
	ls := lineAt(data, a.keyStart)
	keyIndent := a.keyStart - ls
	if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
		i++
	}
	if i+1 >= len(data) {
		return a, false
	}
	item := i + 1
	j := item
	for j < len(data) && j-item < maxNameLen && data[j] == ' ' {
		j++
	}
	if j-item < keyIndent || !bytes.HasPrefix(data[j:], []byte("- ")) {
		return a, false
	}
	j = skipBlanks(data, j+2)
	var v value
	if q, ok := readQuoted(data, j, buf); ok {
		v = q
	} else {
		v = readBare(data, j, syntaxYAML)
	}
	if v.end == v.start {
		return a, false
	}
	a.set(v)
	return a, true
}
