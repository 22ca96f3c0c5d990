package detect

import (
	"bytes"
	"strings"
)

// Key paths: the enclosing keys of a value in structured text, read from the
// lines above it without parsing the file: indentation for YAML, the last
// [section] for TOML and INI, unclosed braces for JSON and code, unclosed
// elements for XML. postmark: / server: / token: x gives
// postmark.server.token. Only read for values that are about to become
// findings, and never further back than maxPathReach.

const (
	maxPathReach = 16 << 10
	maxPathDepth = 8
)

// keyPath returns the dotted path of the name at data[ks:ke].
func keyPath(data []byte, ks, ke int, syn fileSyntax) string {
	name := string(bytes.Trim(data[ks:ke], "\"'`"))
	var parents []string
	switch syn {
	case syntaxYAML:
		parents = yamlParents(data, ks)
	case syntaxTOML:
		parents = sectionParents(data, ks)
	case syntaxXML:
		parents = xmlParents(data, ks)
	case syntaxProperties, syntaxEnv:
	case syntaxJSON, syntaxCode:
		parents = braceParents(data, ks)
	default:
		if parents = sectionParents(data, ks); len(parents) == 0 {
			if parents = yamlParents(data, ks); len(parents) == 0 {
				parents = braceParents(data, ks)
			}
		}
	}
	if len(parents) == 0 {
		return name
	}
	return strings.Join(append(parents, name), ".")
}

// maxLineBack bounds how far back lineAt looks for a line's start, so that
// walking the lines above a value costs the same on a one-line file.
const maxLineBack = 4096

// lineAt returns the start of the line holding i, or a point maxLineBack
// before i on a longer line.
func lineAt(data []byte, i int) int {
	lo := max(0, i-maxLineBack)
	return lo + bytes.LastIndexByte(data[lo:i], '\n') + 1
}

// lineEndAt returns the end of the line holding i (its newline, or the
// data's end), or a point maxLineBack after i on a longer line.
func lineEndAt(data []byte, i int) int {
	hi := min(len(data), i+maxLineBack)
	if j := bytes.IndexByte(data[i:hi], '\n'); j >= 0 {
		return i + j
	}
	return hi
}

// indentOf counts the leading blanks of a line, a YAML list's "- " included.
func indentOf(line []byte) int {
	n := 0
	for n < len(line) && (line[n] == ' ' || line[n] == '\t' || line[n] == '-' && n+1 < len(line) && line[n+1] == ' ') {
		n++
	}
	return n
}

// yamlParents walks up lines of smaller indentation that end in "key:".
func yamlParents(data []byte, ks int) []string {
	start := lineAt(data, ks)
	indent := indentOf(data[start:ks])
	var parents []string
	floor := max(0, ks-maxPathReach)
	for end := start - 1; end > floor && indent > 0 && len(parents) < maxPathDepth; {
		ls := lineAt(data, end)
		line := data[ls:end]
		end = ls - 1
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		in := indentOf(line)
		if in >= indent {
			continue
		}
		k := bytes.TrimLeft(t, "- ")
		if i := bytes.Index(k, []byte(" #")); i >= 0 {
			k = bytes.TrimSpace(k[:i])
		}
		if !bytes.HasSuffix(k, []byte(":")) {
			// A value line at a smaller indent: not YAML nesting after all.
			if bytes.IndexByte(k, ':') < 0 {
				return nil
			}
			indent = in
			continue
		}
		parents = append(parents, string(bytes.Trim(k[:len(k)-1], "\"' ")))
		indent = in
	}
	reverse(parents)
	return parents
}

// sectionParents returns the name of the last [section] above ks.
func sectionParents(data []byte, ks int) []string {
	floor := max(0, ks-maxPathReach)
	for end := lineAt(data, ks) - 1; end > floor; {
		ls := lineAt(data, end)
		t := bytes.TrimSpace(data[ls:end])
		end = ls - 1
		if len(t) > 2 && t[0] == '[' && t[len(t)-1] == ']' {
			name := string(bytes.Trim(t, "[] \"'"))
			return strings.Split(name, ".")
		}
	}
	return nil
}

// braceParents walks back over balanced braces and brackets; each unclosed
// one opened after a name (name: {, "name": {, name = {, name => [) adds
// that name.
func braceParents(data []byte, ks int) []string {
	var parents []string
	depth := 0
	floor := max(0, ks-maxPathReach)
	for i := ks - 1; i >= floor && len(parents) < maxPathDepth; i-- {
		switch data[i] {
		case '}', ']', ')':
			depth++
		case '{', '[', '(':
			if depth > 0 {
				depth--
				continue
			}
			if name := nameBefore(data, i, floor); name != "" {
				parents = append(parents, name)
			}
		}
	}
	reverse(parents)
	return parents
}

// nameBefore returns the name assigned the structure that opens at i.
func nameBefore(data []byte, i, floor int) string {
	j := i - 1
	for j >= floor && (data[j] == ' ' || data[j] == '\t') {
		j--
	}
	// Operators: ':', '=', '=>', ':='.
	k := j
	for k >= floor && k > j-3 && (data[k] == ':' || data[k] == '=' || data[k] == '>') {
		k--
	}
	if k == j {
		// A call or a constructor written tight, Name( or Name{ (a Go
		// composite literal); a block after a blank (func f() string {,
		// if x {) names nothing.
		if j != i-1 || j < floor || !isNameByte(data[j]) {
			return ""
		}
		e := j + 1
		for j >= floor && isNameByte(data[j]) {
			j--
		}
		return string(data[j+1 : e])
	}
	for k >= floor && (data[k] == ' ' || data[k] == '\t') {
		k--
	}
	e := k + 1
	for k >= floor && (isNameByte(data[k]) || data[k] == '"' || data[k] == '\'') {
		k--
	}
	return string(bytes.Trim(data[k+1:e], "\"'"))
}

// xmlParents returns the names of the elements left open above ks.
func xmlParents(data []byte, ks int) []string {
	floor := max(0, ks-maxPathReach)
	var closed []string
	var parents []string
	for i := lineAt(data, ks) - 1; i >= floor && len(parents) < maxPathDepth; i-- {
		if data[i] != '<' {
			continue
		}
		end := bytes.IndexByte(data[i:min(len(data), i+256)], '>')
		if end < 0 {
			continue
		}
		tag := data[i+1 : i+end]
		if len(tag) == 0 || tag[0] == '?' || tag[0] == '!' || tag[len(tag)-1] == '/' {
			continue
		}
		if tag[0] == '/' {
			closed = append(closed, string(tagName(tag[1:])))
			continue
		}
		name := string(tagName(tag))
		if n := len(closed); n > 0 && closed[n-1] == name {
			closed = closed[:n-1]
			continue
		}
		parents = append(parents, name)
	}
	reverse(parents)
	return parents
}

func tagName(tag []byte) []byte {
	if i := bytes.IndexAny(tag, " \t\n/"); i >= 0 {
		return tag[:i]
	}
	return tag
}

func reverse(s []string) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
