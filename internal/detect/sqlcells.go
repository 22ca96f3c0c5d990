package detect

import "bytes"

// SQL rows: a dump creates a table and then inserts rows into it without
// naming the columns (mysqldump, pg_dump --inserts), so the CREATE TABLE
// names the password column and each row holds its value at that
// column's place; an INSERT that lists its columns names them itself. A
// credential name that is a column's name names that column's string
// values in the rows, each read as the name's value, as a table's header
// cell does (table.go).

const (
	// maxStatement bounds how far back a column's statement is looked
	// for and how long a column list is read.
	maxStatement = 4096
	// maxInsertReach bounds how far after a CREATE TABLE its INSERTs are
	// looked for (a dump locks the table and inserts right after).
	maxInsertReach = 64 << 10
)

// sqlColumnCells returns the values of the column whose name is around
// data[hs:he] in the rows inserted into its table; ok is false unless the
// name is a column of a CREATE TABLE or of an INSERT's column list.
func sqlColumnCells(data []byte, hs, he int) (cells []assignment, ok bool) {
	lo := max(0, hs-maxStatement)
	start := lo + bytes.LastIndexByte(data[lo:hs], ';') + 1
	create := lastIndexFold(data[start:hs], "create table")
	insert := lastIndexFold(data[start:hs], "insert into")
	if create < 0 && insert < 0 {
		return nil, false
	}
	kw, at := len("create table"), create
	if insert > create {
		kw, at = len("insert into"), insert
	}
	i := start + at + kw
	if create > insert {
		i = skipSQLWords(data, i, "if not exists")
	}
	table, i := sqlName(data, i)
	if len(table) == 0 {
		return nil, false
	}
	i = skipSpace(data, i, len(data))
	if i >= hs || data[i] != '(' {
		return nil, false
	}
	col, ks, ke, end := sqlColumn(data, i, hs, he, create > insert)
	if col < 0 {
		return nil, false
	}
	class := classifyKey(data[ks:ke])
	if class == classNone {
		return nil, false
	}
	add := func(rowsAt int) {
		for _, v := range sqlRowValues(data, rowsAt, col, maxTableRows-len(cells)) {
			cells = append(cells, assignment{keyStart: ks, keyEnd: ke, valStart: v.start, valEnd: v.end, value: v.text, quoted: true, class: class})
		}
	}
	if insert > create {
		// INSERT INTO t (a, password) VALUES (...), (...);
		if j := skipSQLWords(data, skipSpace(data, end+1, len(data)), "values"); j > end+1 {
			add(j)
		}
		return cells, true
	}
	// CREATE TABLE t (...); then INSERT INTO t VALUES (...), (...);
	limit := min(len(data), end+maxInsertReach)
	for j := end; j < limit && len(cells) < maxTableRows; {
		k := indexFold(data[j:limit], "insert into")
		if k < 0 {
			break
		}
		j += k + len("insert into")
		name, n := sqlName(data, j)
		if !bytes.EqualFold(name, table) {
			continue
		}
		if v := skipSQLWords(data, skipSpace(data, n, limit), "values"); v > n {
			add(v)
		}
	}
	return cells, true
}

// sqlInsertWord is the prefilter keyword that says a segment may insert
// rows: only then are a key word's SQL columns looked for.
const sqlInsertWord = "insert into"

// listItemStart reports whether the name holding hs starts an item of a
// parenthesised list: after ( or a comma, blanks, line breaks and a
// quote between.
func listItemStart(data []byte, hs int) bool {
	i := hs
	for i > 0 && hs-i < maxNameLen && isWordByte(data[i-1]) {
		i--
	}
	for i > 0 && hs-i < 2*maxNameLen && (isSpace(data[i-1]) || data[i-1] == '`' || data[i-1] == '"' || data[i-1] == '[') {
		i--
	}
	return i > 0 && (data[i-1] == '(' || data[i-1] == ',')
}

// skipSQLWords skips the words of phrase (lower case, blank-separated) at
// i, in any case and with any blanks between; it returns i when they are
// not there.
func skipSQLWords(data []byte, i int, phrase string) int {
	j := i
	for _, w := range bytes.Fields([]byte(phrase)) {
		j = skipSpace(data, j, len(data))
		if j+len(w) > len(data) || !bytes.EqualFold(data[j:j+len(w)], w) || j+len(w) < len(data) && isWordByte(data[j+len(w)]) {
			return i
		}
		j += len(w)
	}
	return j
}

// sqlName reads a table's name at i, quoted or not, schema-qualified or
// not ("public"."users", `app`.`users`, [dbo].[Users]), and returns its
// last part without quotes and where the name ends.
func sqlName(data []byte, i int) ([]byte, int) {
	i = skipSpace(data, i, len(data))
	var last []byte
	for i < len(data) {
		s, e := i, i
		switch c := data[i]; {
		case c == '`' || c == '"' || c == '[':
			closing := c
			if c == '[' {
				closing = ']'
			}
			k := bytes.IndexByte(data[i+1:min(len(data), i+1+maxNameLen)], closing)
			if k < 0 {
				return nil, i
			}
			s, e, i = i+1, i+1+k, i+2+k
		default:
			for e < len(data) && e-s < maxNameLen && isWordByte(data[e]) {
				e++
			}
			i = e
		}
		if e == s {
			return nil, i
		}
		last = data[s:e]
		if i >= len(data) || data[i] != '.' {
			break
		}
		i++
	}
	return last, i
}

// sqlColumn finds, in the parenthesised list at open, the column whose
// name holds data[hs:he]: its index among the columns (a CREATE TABLE's
// constraints are not columns), the name's bounds and where the list
// closes; col is -1 when the hit is not a column's name.
func sqlColumn(data []byte, open, hs, he int, defs bool) (col, ks, ke, end int) {
	limit := min(len(data), open+maxStatement)
	col, n := -1, 0
	depth, item := 0, open+1
	for j := open + 1; j < limit; j++ {
		switch c := data[j]; {
		case c == '\'' || c == '"' || c == '`':
			k := bytes.IndexByte(data[j+1:limit], c)
			if k < 0 {
				return -1, 0, 0, 0
			}
			j += k + 1
		case c == '(':
			depth++
		case c == ',' && depth == 0, c == ')' && depth == 0:
			s := skipSpace(data, item, j)
			name, ne := sqlName(data, s)
			if len(name) > 0 && !(defs && sqlConstraint(name)) {
				if hs >= s && he <= ne {
					col, ks, ke = n, ne-len(name), ne
					if ne > s && (data[ne-1] == '`' || data[ne-1] == '"' || data[ne-1] == ']') {
						ks, ke = ne-1-len(name), ne-1
					}
				}
				n++
			}
			if c == ')' {
				return col, ks, ke, j
			}
			item = j + 1
		case c == ')':
			depth--
		}
	}
	return -1, 0, 0, 0
}

// sqlConstraint reports a CREATE TABLE item that is not a column.
func sqlConstraint(word []byte) bool {
	switch string(bytes.ToLower(word)) {
	case "primary", "key", "unique", "index", "constraint", "foreign", "check", "fulltext", "spatial", "exclude", "period":
		return true
	}
	return false
}

// sqlRowValues reads the rows of VALUES (...), (...) from i and returns
// the string literal at column col of each, at most most rows.
func sqlRowValues(data []byte, i, col, most int) []value {
	var out []value
	limit := min(len(data), i+maxInsertReach)
	for len(out) < most {
		i = skipSpace(data, i, limit)
		if i >= limit || data[i] != '(' {
			return out
		}
		n, depth := 0, 0
		j := i + 1
	row:
		for ; j < limit; j++ {
			switch c := data[j]; {
			case c == '\'':
				s := j + 1
				e := sqlStringEnd(data, s, limit)
				if e < 0 {
					return out
				}
				if n == col && depth == 0 && e > s {
					out = append(out, value{start: s, end: e, text: data[s:e], quoted: true})
				}
				j = e
			case c == '(':
				depth++
			case c == ',' && depth == 0:
				n++
			case c == ')':
				if depth == 0 {
					break row
				}
				depth--
			case c == '\n' && n == 0 && j-i > 4096:
				return out
			}
		}
		i = skipSpace(data, j+1, limit)
		if i >= limit || data[i] != ',' {
			return out
		}
		i++
	}
	return out
}

// sqlStringEnd returns where the string literal whose content starts at s
// closes: ” and \' are quotes inside it (SQL, MySQL).
func sqlStringEnd(data []byte, s, limit int) int {
	for j := s; j < limit; j++ {
		switch data[j] {
		case '\\':
			j++
		case '\'':
			if j+1 < limit && data[j+1] == '\'' {
				j++
				continue
			}
			return j
		}
	}
	return -1
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case, for a lower-case
// needle.
func lastIndexFold(data []byte, needle string) int {
	n := len(needle)
	for i := len(data) - n; i >= 0; i-- {
		if lower(data[i]) == needle[0] && bytes.EqualFold(data[i:i+n], []byte(needle)) {
			return i
		}
	}
	return -1
}

// indexFold is bytes.Index ignoring ASCII case, for a lower-case needle.
func indexFold(data []byte, needle string) int {
	n := len(needle)
	for i := 0; i+n <= len(data); i++ {
		if lower(data[i]) == needle[0] && bytes.EqualFold(data[i:i+n], []byte(needle)) {
			return i
		}
	}
	return -1
}
