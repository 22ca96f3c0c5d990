package detect

import "bytes"

// A wiki exported to HTML (Confluence, a docs site) writes its tables as
// <tr><td>Postmark</td><td><code>V</code></td></tr>: the row names the
// provider in one cell and holds the value in another, as a Markdown
// table's row does (providerrow.go).

// maxHTMLRow bounds how far around a cell its row's tags are looked for.
const maxHTMLRow = 4096

// htmlCell is a cell's text: its content without the tags inside it.
type htmlCell struct{ start, end int }

// htmlRowCells returns the cells of the HTML table row holding i, and
// which of them holds i; ok is false unless i is inside a <td> or <th> of
// a <tr> that closes.
func htmlRowCells(data []byte, i int) (cells []htmlCell, at int, ok bool) {
	lo := max(0, i-maxHTMLRow)
	rs := bytes.LastIndex(data[lo:i], []byte("<tr"))
	if rs < 0 {
		return nil, 0, false
	}
	rs += lo
	re := bytes.Index(data[i:min(len(data), i+maxHTMLRow)], []byte("</tr>"))
	if re < 0 {
		return nil, 0, false
	}
	re += i
	at = -1
	for j := rs + 3; j < re && len(cells) < maxTableCells; {
		k := indexCellTag(data[j:re])
		if k < 0 {
			break
		}
		open := j + k
		gt := bytes.IndexByte(data[open:re], '>')
		if gt < 0 {
			break
		}
		cs := open + gt + 1
		ce := bytes.Index(data[cs:re], []byte("</t"))
		if ce < 0 {
			break
		}
		ce += cs
		if cs <= i && i < ce {
			at = len(cells)
		}
		cells = append(cells, cellText(data, cs, ce))
		j = ce + 3
	}
	return cells, at, at >= 0
}

// indexCellTag returns where the first <td or <th in b starts, or -1.
func indexCellTag(b []byte) int {
	td, th := bytes.Index(b, []byte("<td")), bytes.Index(b, []byte("<th"))
	switch {
	case td < 0:
		return th
	case th < 0:
		return td
	}
	return min(td, th)
}

// cellText returns the text of a cell's content data[cs:ce]: its first
// run outside tags (<p>, <code>, <strong>), blanks trimmed.
func cellText(data []byte, cs, ce int) htmlCell {
	for cs < ce {
		if data[cs] == '<' {
			gt := bytes.IndexByte(data[cs:ce], '>')
			if gt < 0 {
				break
			}
			cs += gt + 1
			continue
		}
		if isSpace(data[cs]) {
			cs++
			continue
		}
		end := cs + bytes.IndexByte(data[cs:ce], '<')
		if end < cs {
			end = ce
		}
		for end > cs && isSpace(data[end-1]) {
			end--
		}
		return htmlCell{cs, end}
	}
	return htmlCell{ce, ce}
}

// providerHTMLRow reads the HTML table row whose cell starts with the
// provider hit h: in a row of two cells the other one is the value; in a
// longer row, the cells under a header cell (<th>) named for a value or a
// credential. ok is false when h starts no cell's text.
func (s *Scanner) providerHTMLRow(data []byte, h providerHit, outer *span, u unit, matches []Match) ([]Match, bool) {
	j := h.start
	for j > 0 && isSpace(data[j-1]) {
		j--
	}
	if j == 0 || data[j-1] != '>' {
		return matches, false // most hits: no row is looked for
	}
	cells, at, ok := htmlRowCells(data, h.start)
	if !ok || cells[at].start != h.start || !providerNameCell(data[cells[at].start:cells[at].end], h.end-h.start) {
		return matches, false
	}
	var header []htmlCell
	if len(cells) > 2 {
		header = htmlHeader(data, h.start)
	}
	found := false
	for c, cell := range cells {
		if c == at || len(cells) > 2 && (c >= len(header) || !htmlValueColumn(data[header[c].start:header[c].end])) {
			continue
		}
		v := data[cell.start:cell.end]
		if len(v) == 0 || bytes.ContainsAny(v, " \t") {
			continue
		}
		// A cell's text is data, not an expression of the page's code.
		a := assignment{keyStart: cells[at].start, keyEnd: cells[at].end, valStart: cell.start, valEnd: cell.end,
			value: v, quoted: true, class: classKey, datum: true}
		matches = s.evaluate(data, a, outer, u, matches, true)
		found = true
	}
	return matches, found
}

// htmlHeader returns the header cells of the table holding i: its first
// row, when that row is made of <th> cells.
func htmlHeader(data []byte, i int) []htmlCell {
	lo := max(0, i-maxHTMLRow)
	t := bytes.LastIndex(data[lo:i], []byte("<table"))
	if t < 0 {
		return nil
	}
	first := bytes.Index(data[lo+t:i], []byte("<tr"))
	if first < 0 {
		return nil
	}
	th := lo + t + first
	end := bytes.Index(data[th:i], []byte("</tr>"))
	if end < 0 || bytes.Contains(data[th:th+end], []byte("<td")) {
		return nil
	}
	cells, _, _ := htmlRowCells(data, th+end-1)
	return cells
}

// htmlValueColumn reports a header cell named for a value or a
// credential: Value, API key, Token.
func htmlValueColumn(h []byte) bool {
	return valueColumn(h) || classifyKey(h) != classNone
}
