package detect

import "bytes"

// A password manager's or a vault's export lists one secret a row, under
// columns such as name,value,notes, and a wiki page as a table:
//
//	name,value,notes
//	postmark,5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f,production server
//
//	| Name     | Value                                |
//	|----------|--------------------------------------|
//	| Postmark | 5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f |
//
// The provider's name is the row's name cell and the value is the cell
// under a column named for a value. A column named for a credential
// (key, token, password) is read by tableCells already; "value" names
// nothing by itself, so only a provider's rule that knows the value's
// exact shape reads such a cell, with the provider named in its row.

// providerRow reads the row whose name cell starts with the provider hit
// h, in a CSV or TSV file or a Markdown table, and evaluates each of its
// cells under a value column. ok is false when h is no such name cell.
func (s *Scanner) providerRow(data []byte, h providerHit, outer *span, u unit, matches []Match) ([]Match, bool) {
	if !cellStart(data, h.start) {
		return s.providerHTMLRow(data, h, outer, u, matches)
	}
	ls, le := lineAt(data, h.start), lineEndAt(data, h.start)
	sep, header, ok := rowHeader(data, ls, u.path)
	if !ok {
		return matches, false
	}
	line := data[ls:le]
	col, ks, ke := cellAt(line, h.start-ls, sep)
	if col < 0 {
		return matches, false
	}
	if ks < ke && line[ks] == '`' && ke-ks >= 2 && line[ke-1] == '`' {
		ks, ke = ks+1, ke-1
	}
	if h.start-ls != ks || !providerNameCell(line[ks:ke], h.end-h.start) {
		return matches, false
	}
	hc, row := splitCells(header, sep), splitCells(line, sep)
	found := false
	for c := 0; c < hc.n && c < row.n; c++ {
		if c == col {
			continue
		}
		hs, he := trimCell(header, hc.at[c][0], hc.at[c][1])
		if !valueColumn(header[hs:he]) {
			continue
		}
		vs, ve := trimCell(line, row.at[c][0], row.at[c][1])
		quoted := ve-vs >= 2 && line[vs] == '`' && line[ve-1] == '`'
		if quoted {
			vs, ve = vs+1, ve-1
		}
		if ve <= vs || bytes.ContainsAny(line[vs:ve], " \t") {
			continue
		}
		a := assignment{keyStart: ls + ks, keyEnd: ls + ke, valStart: ls + vs, valEnd: ls + ve,
			value: line[vs:ve], quoted: quoted, class: classKey, datum: true}
		matches = s.evaluate(data, a, outer, u, matches, true)
		found = true
	}
	return matches, found
}

// cellStart reports whether i can start a table's cell: only blanks,
// quotes or a backtick stand between it and a line's start or a
// separator (|, comma, semicolon, tab).
func cellStart(data []byte, i int) bool {
	for i > 0 && (data[i-1] == ' ' || data[i-1] == '"' || data[i-1] == '`') {
		i--
	}
	return i == 0 || bytes.IndexByte([]byte("\n|,;\t"), data[i-1]) >= 0
}

// rowHeader returns the separator of the table row starting at ls and the
// table's header line: a CSV or TSV file's first line (ls is not that
// line), or the line above a Markdown table's |---| rule, found within
// maxTableRows rows above.
func rowHeader(data []byte, ls int, name string) (sep byte, header []byte, ok bool) {
	switch {
	case hasExt(name, ".csv"):
		sep = ','
	case hasExt(name, ".tsv"):
		sep = '\t'
	default:
		if t := bytes.TrimSpace(data[ls:lineEndAt(data, ls)]); len(t) < 2 || t[0] != '|' {
			return 0, nil, false
		}
		for at, n := ls, 0; at > 0 && n < maxTableRows; n++ {
			prev := lineAt(data, at-1)
			l := data[prev : at-1]
			if markdownRule(l) {
				if prev == 0 {
					return 0, nil, false
				}
				hs := lineAt(data, prev-1)
				return '|', data[hs : prev-1], true
			}
			if bytes.IndexByte(l, '|') < 0 {
				return 0, nil, false
			}
			at = prev
		}
		return 0, nil, false
	}
	if ls == 0 {
		return 0, nil, false // the header itself
	}
	header = data[:lineEndAt(data, 0)]
	if sep == ',' && bytes.IndexByte(header, ',') < 0 && bytes.IndexByte(header, ';') >= 0 {
		sep = ';' // a spreadsheet's export where the comma is the decimal mark
	}
	return sep, header, true
}

// providerNameCell reports whether a row's name cell, starting with a
// provider's name n bytes long, names the provider's credential: the name
// alone (postmark, POSTMARK), or with words that say which of its
// credentials or environments (Postmark server, pepipost_prod, Postmark
// API token). A cell that names something else of the provider's
// (postmark_message_id, Postmark webhook) is not its credential.
func providerNameCell(cell []byte, n int) bool {
	if n > len(cell) || len(cell) > maxNameLen || bytes.Count(cell, []byte(" ")) > 3 {
		return false
	}
	rest := cell[n:]
	if len(rest) == 0 {
		return true
	}
	if isWordByte(rest[0]) && rest[0] != '_' {
		return false // postmarkapp, pepiposts: a longer word
	}
	if classifyKey(rest) != classNone {
		return true
	}
	var w nameWords
	w.split(rest)
	for i := 0; i < w.n; i++ {
		switch string(w.word(i)) {
		case "prod", "production", "live", "staging", "stage", "dev", "development", "test", "sandbox",
			"server", "account", "api", "main", "primary", "default":
		default:
			return false
		}
	}
	return w.n > 0
}

// valueColumn reports a header cell that names a value without saying
// what it is: value, secret value, content.
func valueColumn(h []byte) bool {
	var w nameWords
	w.split(h)
	if w.n == 0 || w.n > 2 {
		return false
	}
	switch string(w.word(w.n - 1)) {
	case "value", "val", "content":
		return true
	}
	return false
}
