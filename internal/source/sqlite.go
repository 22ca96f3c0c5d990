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

// sqliteDB is a database file, or a write-ahead log, read whole.
type sqliteDB struct {
	data             []byte
	pageSize, usable int
	utf16            binary.ByteOrder // nil for UTF-8 text
	// pages are the pages by number, from 1: the file's, or the newest
	// frame of each in a log.
	pages map[int][]byte
}

// sqlitePageSize reads a page size as the database header and the log
// header write it (1 for 65,536), or 0 when SQLite writes none such.
func sqlitePageSize(v uint32) int {
	if v == 1 {
		v = 65536
	}
	if v < 512 || v > 65536 || v&(v-1) != 0 {
		return 0
	}
	return int(v)
}

// setHeader takes the reserved bytes and text encoding from page 1's
// database header.
func (db *sqliteDB) setHeader(first []byte) bool {
	db.usable = db.pageSize - int(first[20])
	switch binary.BigEndian.Uint32(first[56:]) {
	case 2:
		db.utf16 = binary.LittleEndian
	case 3:
		db.utf16 = binary.BigEndian
	}
	return db.usable >= 480
}

// isSQLite tells a database file or a write-ahead log (its magic,
// 0x377f0682 or 0x377f0683: fileformat2 4.1).
func isSQLite(head []byte) bool {
	return bytes.HasPrefix(head, []byte(sqliteMagic)) ||
		len(head) >= 4 && bytes.Equal(head[:3], []byte{0x37, 0x7f, 0x06}) && head[3]&0xfe == 0x82
}

// sqliteRows returns the text of every row of every table and index
// leaf page of the database or write-ahead log data (none when its
// header gives a page size SQLite never writes), and cut when its rows
// would be more than the file plus a mebibyte (overflow chains that
// several cells share: a database built to expand), which are cut there.
func sqliteRows(data []byte) (rows []byte, cut bool) {
	if len(data) < 100 || !isSQLite(data) {
		return nil, false
	}
	db := sqliteDB{data: data, pages: map[int][]byte{}}
	// pages lists the pages to read, in the file's order: a log's every
	// frame, older versions of a page too.
	var pages [][]byte
	var first []byte
	if bytes.HasPrefix(data, []byte(sqliteMagic)) {
		if db.pageSize = sqlitePageSize(uint32(binary.BigEndian.Uint16(data[16:]))); db.pageSize == 0 {
			return nil, false
		}
		for n := 1; n*db.pageSize <= len(data); n++ {
			p := data[(n-1)*db.pageSize : n*db.pageSize]
			db.pages[n], pages = p, append(pages, p)
		}
		first = data
	} else {
		// A log: a 32-byte header, then frames of a 24-byte header
		// (the page's number first) and the page.
		if db.pageSize = sqlitePageSize(binary.BigEndian.Uint32(data[8:])); db.pageSize == 0 {
			return nil, false
		}
		for at := 32; at+24+db.pageSize <= len(data); at += 24 + db.pageSize {
			n, p := int(binary.BigEndian.Uint32(data[at:])), data[at+24:at+24+db.pageSize]
			db.pages[n], pages = p, append(pages, p)
			if n == 1 {
				first = p
			}
		}
	}
	db.usable = db.pageSize
	if first != nil && !db.setHeader(first) {
		return nil, false
	}
	limit := len(data) + 1<<20
	var out []byte
	for _, p := range pages {
		hdr := 0
		if bytes.HasPrefix(p, []byte(sqliteMagic)) {
			hdr = 100 // page 1: the database header comes first
		}
		out = db.page(out, p, hdr)
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

// page appends the rows of page p, whose b-tree header is at hdr, to
// out. Any page is tried, free ones too (a dropped table's rows stay
// there); a cell whose bytes do not hold together is left out.
func (db *sqliteDB) page(out, p []byte, hdr int) []byte {
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
	// Each overflow page holds a next page number, then usable-4 bytes;
	// the chain cannot be longer than the file has pages.
	for hops := 0; len(payload) < total; hops++ {
		o := db.pages[next]
		if o == nil || hops >= len(db.pages) {
			return payload, true // cut short (a page not in a log): what was read is scanned
		}
		o = o[:db.usable]
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
