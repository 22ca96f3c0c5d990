package source

import (
	"bytes"
	"encoding/hex"
)

// Firmware images are written as text records of hex digits: Intel HEX
// (":LLAAAATT" then LL data bytes and a checksum, type 00 for data) and
// Motorola S-records ("S1"/"S2"/"S3", a count, a 2-, 3- or 4-byte
// address, data and a checksum). A device's Wi-Fi password or API key
// built into one is in no run of the file's bytes; the data records are
// decoded, in the order written, and scanned as FILE!(firmware data).

// hexRecordData returns the data bytes of text when every line of it is
// an Intel HEX record or every line an S-record, else nil.
func hexRecordData(text []byte) []byte {
	var out []byte
	kind := byte(0)
	for len(text) > 0 {
		line, rest := cutLine(text)
		text = rest
		line = bytes.TrimRight(line, "\r \t")
		if len(line) == 0 {
			continue
		}
		if kind == 0 {
			kind = line[0]
		}
		if line[0] != kind || kind != ':' && kind != 'S' {
			return nil
		}
		data, ok := hexRecord(line)
		if !ok {
			return nil
		}
		out = append(out, data...)
	}
	return out
}

// hexRecord decodes one record and returns its data (none for a record
// that is no data record), or false when the line is no record.
func hexRecord(line []byte) ([]byte, bool) {
	digits := line[1:]
	if line[0] == 'S' {
		if len(line) < 2 {
			return nil, false
		}
		digits = line[2:]
	}
	b := make([]byte, len(digits)/2)
	if len(digits)%2 != 0 || len(b) < 3 {
		return nil, false
	}
	if _, err := hex.Decode(b, digits); err != nil {
		return nil, false
	}
	var sum byte
	for _, c := range b {
		sum += c
	}
	if line[0] == ':' {
		// count, address (2), type, data, checksum: the bytes sum to 0.
		if len(b) < 5 || int(b[0]) != len(b)-5 || sum != 0 {
			return nil, false
		}
		if b[3] != 0 {
			return nil, true
		}
		return b[4 : len(b)-1], true
	}
	// count (of the bytes after it), address, data, checksum: the sum
	// of all but the checksum is its complement.
	if int(b[0]) != len(b)-1 || sum != 0xff {
		return nil, false
	}
	switch line[1] {
	case '1', '2', '3':
		addr := int(line[1]-'1') + 2
		if len(b) < 2+addr {
			return nil, false
		}
		return b[1+addr : len(b)-1], true
	case '0', '4', '5', '6', '7', '8', '9':
		return nil, true
	}
	return nil, false
}

// firmwareRecords scans the data of a firmware image written as hex
// records, text held whole.
func (w *walk) firmwareRecords(u Unit, text []byte, depth int) error {
	if len(text) == 0 || text[0] != ':' && text[0] != 'S' {
		return nil
	}
	data := hexRecordData(text)
	if len(data) == 0 {
		return nil
	}
	return w.member(u, "(firmware data)", int64(len(data)), content{head: data}, depth)
}
