package detect

import (
	"bytes"
	"path"
	"slices"
	"strings"
)

// Tables: runbooks and wiki pages list credentials in a Markdown table
// (| Service | User | Password |), and a CSV export names its columns in
// its first line (service,username,password). A credential name that is a
// whole header cell names every cell below it in its column, and each is
// read as that name's value.

const (
	// maxTableRows bounds how many rows below a header are read, and
	// maxTableCells how many cells a row is split into, so a huge table
	// costs no more than its first rows.
	maxTableRows  = 200
	maxTableCells = 32
)

// tableCells returns the assignments a table column gives: the header
// cell around data[hs:he] as the name, each non-empty cell below it as a
// value. ok is false unless data[hs:he] is a whole header cell of a
// Markdown table (the line after it a |---| rule) or of a CSV file's first
// line.
func tableCells(data []byte, hs, he int, u unit) (cells []assignment, ok bool) {
	ls, le := lineAt(data, hs), lineEndAt(data, hs)
	header := data[ls:le]
	var sep byte
	next := le + 1
	switch {
	case bytes.IndexByte(header, '|') >= 0 && next < len(data) && markdownRule(data[next:lineEndAt(data, next)]):
		sep = '|'
		next = lineEndAt(data, next) + 1
	case ls == 0 && (hasExt(u.path, ".csv") || hasExt(u.path, ".tsv")):
		sep = ','
		if hasExt(u.path, ".tsv") {
			sep = '\t'
		}
	default:
		return nil, false
	}
	col, ks, ke := cellAt(header, hs-ls, sep)
	if col < 0 {
		return nil, false
	}
	name := data[ls+ks : ls+ke]
	// The key word must be the cell, not a word of a sentence in it.
	if hs-ls < ks || he-ls > ke || len(name) > maxNameLen || bytes.Count(name, []byte(" ")) > 3 {
		return nil, false
	}
	class := classifyKey(name)
	if class == classNone {
		return nil, false
	}
	for row := 0; row < maxTableRows && next < len(data); row++ {
		end := lineEndAt(data, next)
		line := data[next:end]
		if sep == '|' && bytes.IndexByte(line, '|') < 0 || len(bytes.TrimSpace(line)) == 0 {
			break
		}
		if c := splitCells(line, sep); col < c.n {
			vs, ve := trimCell(line, c.at[col][0], c.at[col][1])
			if ve > vs {
				quoted := ve-vs >= 2 && line[vs] == '`' && line[ve-1] == '`'
				if quoted {
					vs, ve = vs+1, ve-1
				}
				cells = append(cells, assignment{keyStart: ls + ks, keyEnd: ls + ke, valStart: next + vs, valEnd: next + ve,
					value: data[next+vs : next+ve], quoted: quoted, class: class, datum: true})
			}
		}
		next = end + 1
	}
	return cells, true
}

// rowCell returns the assignment a Markdown table of two columns, names
// and values, gives in the row around data[hs:he]: the name its first
// cell, the value its second. A header row (the line after it a |---|
// rule) names columns, not a value.
func rowCell(data []byte, hs, he int) (assignment, bool) {
	// Most hits are no cell: the name's first byte follows no | (a cell
	// may quote it with a backtick).
	k := hs
	for k > 0 && hs-k < maxNameLen && isNameByte(data[k-1]) {
		k--
	}
	for k > 0 && (data[k-1] == ' ' || data[k-1] == '\t' || data[k-1] == '`') {
		k--
	}
	if k == 0 || data[k-1] != '|' {
		return assignment{}, false
	}
	ls, le := lineAt(data, hs), lineEndAt(data, hs)
	line := data[ls:le]
	if t := bytes.TrimSpace(line); len(t) < 2 || t[0] != '|' {
		return assignment{}, false
	}
	if next := le + 1; next < len(data) && markdownRule(data[next:lineEndAt(data, next)]) {
		return assignment{}, false
	}
	c := splitCells(line, '|')
	if c.n < 2 || c.n > 3 || c.n == 3 && len(bytes.TrimSpace(line[c.at[2][0]:c.at[2][1]])) > 0 {
		return assignment{}, false // not a name and a value
	}
	// The name is the first cell.
	if hs-ls < c.at[0][0] || hs-ls >= c.at[0][1] {
		return assignment{}, false
	}
	ks, ke := trimCell(line, c.at[0][0], c.at[0][1])
	if hs-ls < ks || he-ls > ke || bytes.Count(line[ks:ke], []byte(" ")) > 3 {
		return assignment{}, false
	}
	name := line[ks:ke]
	if len(name) >= 2 && name[0] == '`' && name[len(name)-1] == '`' {
		ks, ke = ks+1, ke-1
		name = line[ks:ke]
	}
	class := classifyKey(name)
	if class == classNone {
		return assignment{}, false
	}
	vs, ve := trimCell(line, c.at[1][0], c.at[1][1])
	quoted := ve-vs >= 2 && line[vs] == '`' && line[ve-1] == '`'
	if quoted {
		vs, ve = vs+1, ve-1
	}
	// Such a table also lists options with a word about them (Required,
	// Optional, string): a value there is one word with letters and
	// digits.
	v := line[vs:ve]
	if ve <= vs || bytes.ContainsAny(v, " \t") || bytes.IndexAny(v, "0123456789") < 0 || !slices.ContainsFunc(v, isLetter) {
		return assignment{}, false
	}
	return assignment{keyStart: ls + ks, keyEnd: ls + ke, valStart: ls + vs, valEnd: ls + ve, value: line[vs:ve], quoted: quoted, class: class, datum: true}, true
}

// markdownRule reports whether line is the rule under a Markdown table's
// header: cells of dashes, with optional colons for alignment.
func markdownRule(line []byte) bool {
	line = bytes.TrimSpace(line)
	if len(line) < 3 || bytes.IndexByte(line, '-') < 0 {
		return false
	}
	dashes := 0
	for _, c := range line {
		switch c {
		case '-':
			dashes++
		case '|', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dashes >= 3
}

// rowCells are the raw bounds of a row's cells, at most maxTableCells.
type rowCells struct {
	n  int
	at [maxTableCells][2]int
}

// splitCells reads a row's cells; a Markdown row's leading pipe opens its
// first cell.
func splitCells(line []byte, sep byte) (c rowCells) {
	start := 0
	if sep == '|' {
		if s := bytes.IndexByte(line, '|'); s >= 0 && len(bytes.TrimSpace(line[:s])) == 0 {
			start = s + 1
		}
	}
	for c.n < maxTableCells {
		end := start + bytes.IndexByte(line[start:], sep)
		if end < start {
			end = len(line)
		}
		c.at[c.n] = [2]int{start, end}
		c.n++
		if end == len(line) {
			break
		}
		start = end + 1
	}
	return c
}

// cellAt returns the index of the cell of line holding offset i, and the
// cell's trimmed bounds; -1 when there is none.
func cellAt(line []byte, i int, sep byte) (col, start, end int) {
	c := splitCells(line, sep)
	for col = 0; col < c.n; col++ {
		if i < c.at[col][1] {
			if i < c.at[col][0] {
				return -1, 0, 0
			}
			start, end = trimCell(line, c.at[col][0], c.at[col][1])
			return col, start, end
		}
	}
	return -1, 0, 0
}

// trimCell drops blanks, and quotes a CSV writer added, around a cell.
func trimCell(line []byte, s, e int) (int, int) {
	for s < e && (line[s] == ' ' || line[s] == '\t') {
		s++
	}
	for e > s && (line[e-1] == ' ' || line[e-1] == '\t' || line[e-1] == '\r') {
		e--
	}
	if e-s >= 2 && line[s] == '"' && line[e-1] == '"' {
		s, e = s+1, e-1
	}
	return s, e
}

// hasExt reports whether a file name ends in ext, in any case.
func hasExt(name, ext string) bool { return strings.EqualFold(path.Ext(name), ext) }
