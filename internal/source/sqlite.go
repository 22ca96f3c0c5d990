package source

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// A SQLite database stores a row as a record: a header of column types,
// then the values back to back, with nothing between them. Scanned as
// bytes, two text columns run together ("GITHUB_TOKEN" then the token
// reads "GITHUB_TOKENghp_..."), and a token after a letter is no token;
// a value longer than a page is cut by the next overflow page's number;
// a UTF-16 database's text is not ASCII at all. So a database is scanned
// as bytes, then its rows as text, one a line, columns apart by a tab, as
// FILE!(rows). Format: sqlite.org/fileformat2.html (database header 1.3,
// b-tree pages 1.6, cell payloads and overflow 1.6, records 2.1).

const sqliteMagic = "SQLite format 3\x00"

// sqlite scans a database's bytes, then its rows (see sqliteRows).
func (w *walk) sqlite(u Unit, c content) error {
	data, err := c.all(u.Path, w.held(), "a SQLite database is read whole")
	if err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	if _, err := w.pieces(u, content{head: data, zeros: c.zeros}, w.emit); err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	rows, cut := sqliteRows(data)
	if cut {
		w.rep.Notice(Notice{Path: u.Path + "!(rows)", Reason: "its rows add up to more than the file holds (overflow pages shared by several rows): the rest were not read", Incomplete: true})
	}
	if len(rows) == 0 {
		return nil
	}
	if _, err := w.pieces(Unit{Path: u.Path + "!(rows)", Git: u.Git}, content{head: rows}, w.emit); err != nil {
		return w.unread(u.Path+"!(rows)", err, "not scanned")
	}
	return nil
}

// sqliteDB is a database file read whole.
type sqliteDB struct {
	data             []byte
	pageSize, usable int
	utf16            binary.ByteOrder // nil for UTF-8 text
}

// sqliteRows returns the text of every row of every table and index
// leaf page of the database data (none when its header gives a page size
// SQLite never writes), and cut when its rows would be more than the
// file plus a mebibyte (overflow chains that several cells share: a
// database built to expand), which are cut there.
func sqliteRows(data []byte) (rows []byte, cut bool) {
	if len(data) < 100 || !bytes.HasPrefix(data, []byte(sqliteMagic)) {
		return nil, false
	}
	db := sqliteDB{data: data, pageSize: int(binary.BigEndian.Uint16(data[16:]))}
	if db.pageSize == 1 {
		db.pageSize = 65536
	}
	if db.pageSize < 512 || db.pageSize&(db.pageSize-1) != 0 {
		return nil, false
	}
	db.usable = db.pageSize - int(data[20])
	if db.usable < 480 {
		return nil, false
	}
	switch binary.BigEndian.Uint32(data[56:]) {
	case 2:
		db.utf16 = binary.LittleEndian
	case 3:
		db.utf16 = binary.BigEndian
	}
	limit := len(data) + 1<<20
	var out []byte
	for page := 1; page*db.pageSize <= len(data); page++ {
		out = db.page(out, page)
		if len(out) > limit {
			return out[:limit], true
		}
	}
	return out, false
}

// Page types (fileformat2 1.6): leaf and interior pages of index
// b-trees hold keys, table leaves rows; interior table pages hold none.
const (
	sqliteInteriorIndex = 0x02
	sqliteLeafIndex     = 0x0a
	sqliteLeafTable     = 0x0d
)

// page appends the rows of the page numbered page (from 1) to out.
// Any page is tried, free ones too (a dropped table's rows stay there);
// a cell whose bytes do not hold together is left out.
func (db *sqliteDB) page(out []byte, page int) []byte {
	start := (page - 1) * db.pageSize
	p := db.data[start : start+db.pageSize]
	hdr := 0
	if page == 1 {
		hdr = 100 // the database header comes first
	}
	kind := p[hdr]
	headerLen := 8
	switch kind {
	case sqliteLeafTable, sqliteLeafIndex:
	case sqliteInteriorIndex:
		headerLen = 12
	default:
		return out
	}
	if hdr+headerLen > len(p) {
		return out
	}
	cells := int(binary.BigEndian.Uint16(p[hdr+3:]))
	for i := range cells {
		at := hdr + headerLen + 2*i
		if at+2 > len(p) {
			break
		}
		payload, ok := db.payload(p, int(binary.BigEndian.Uint16(p[at:])), kind)
		if ok {
			out = appendRecord(out, payload, db.utf16)
		}
	}
	return out
}

// payload returns the whole payload of the cell at off in page p,
// following its overflow pages.
func (db *sqliteDB) payload(p []byte, off int, kind byte) ([]byte, bool) {
	if kind == sqliteInteriorIndex {
		off += 4 // the left child's page number
	}
	if off >= db.usable {
		return nil, false
	}
	size, n := sqliteVarint(p[off:db.usable])
	if n == 0 || size > uint64(len(db.data)) {
		return nil, false
	}
	off += n
	if kind == sqliteLeafTable {
		if _, n = sqliteVarint(p[off:db.usable]); n == 0 {
			return nil, false
		}
		off += n
	}
	total := int(size)
	local := db.local(total, kind)
	if off+local > db.usable {
		return nil, false
	}
	payload := p[off : off+local : off+local]
	if local == total {
		return payload, true
	}
	if off+local+4 > db.usable {
		return nil, false
	}
	payload = bytes.Clone(payload)
	next := int(binary.BigEndian.Uint32(p[off+local:]))
	pages := len(db.data) / db.pageSize
	// Each overflow page holds a next page number, then usable-4 bytes;
	// the chain cannot be longer than the file has pages.
	for hops := 0; len(payload) < total; hops++ {
		if next < 1 || next > pages || hops >= pages {
			return payload, true // cut short: what was read is scanned
		}
		o := db.data[(next-1)*db.pageSize : (next-1)*db.pageSize+db.usable]
		next = int(binary.BigEndian.Uint32(o))
		payload = append(payload, o[4:4+min(total-len(payload), db.usable-4)]...)
	}
	return payload, true
}

// local is how many of a payload's size bytes its cell holds, the rest
// being on overflow pages (fileformat2 1.6).
func (db *sqliteDB) local(size int, kind byte) int {
	u := db.usable
	most := u - 35
	if kind != sqliteLeafTable {
		most = (u-12)*64/255 - 23
	}
	if size <= most {
		return size
	}
	least := (u-12)*32/255 - 23
	if k := least + (size-least)%(u-4); k <= most {
		return k
	}
	return least
}

// appendRecord appends a record's text and printable blob values to
// out, a tab between them and a line break after; numbers are left out.
func appendRecord(out, rec []byte, wide binary.ByteOrder) []byte {
	headerLen, n := sqliteVarint(rec)
	if n == 0 || headerLen < uint64(n) || headerLen > uint64(len(rec)) {
		return out
	}
	types, body := rec[n:headerLen], rec[headerLen:]
	wrote := false
	for len(types) > 0 {
		t, n := sqliteVarint(types)
		if n == 0 {
			break
		}
		types = types[n:]
		size := sqliteValueSize(t)
		if size > uint64(len(body)) {
			break
		}
		v := body[:size]
		body = body[size:]
		text := t >= 13 && t%2 == 1
		if text && wide != nil {
			v = utf16Text(v, wide)
		}
		if !text && !(t >= 12 && t%2 == 0 && printableBlob(v)) || len(v) == 0 {
			continue
		}
		if wrote {
			out = append(out, '\t')
		}
		out, wrote = append(out, v...), true
	}
	if wrote {
		out = append(out, '\n')
	}
	return out
}

// sqliteValueSize is the size of a value of serial type t (fileformat2
// 2.1): integers of 1-4, 6 or 8 bytes, a float, constants, then blobs
// (even, from 12) and text (odd, from 13).
func sqliteValueSize(t uint64) uint64 {
	switch {
	case t <= 4:
		return t
	case t == 5:
		return 6
	case t == 6, t == 7:
		return 8
	case t < 12:
		return 0
	}
	return (t - 12) / 2
}

// printableBlob tells a blob that is UTF-8 text (JSON, a token stored
// as bytes) without control characters but white space.
func printableBlob(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// utf16Text decodes text of a UTF-16 database as UTF-8.
func utf16Text(b []byte, order binary.ByteOrder) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = order.Uint16(b[2*i:])
	}
	return []byte(string(utf16.Decode(units)))
}

// sqliteVarint reads SQLite's variable-length integer: big-endian, seven
// bits a byte while the high bit is set, the ninth byte whole; n is 0
// when b ends first.
func sqliteVarint(b []byte) (v uint64, n int) {
	for i := 0; i < 8 && i < len(b); i++ {
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	if len(b) < 9 {
		return 0, 0
	}
	return v<<8 | uint64(b[8]), 9
}
