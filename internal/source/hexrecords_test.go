package source

import (
	"fmt"
	"strings"
	"testing"
)

// TestFirmwareHexRecordsAreRead: a firmware image in Intel HEX or as
// Motorola S-records writes each byte as two hex digits, 16 to a line,
// so a key built into it is in no run of the text. The data records are
// decoded and scanned as FILE!(firmware data); a file with a line that
// is no record (a bad checksum) is only text.
func TestFirmwareHexRecordsAreRead(t *testing.T) {
	const token = "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"
	data := []byte("\x00\x01wifi_pass=hunter22\x00api_token=" + token + "\x00\xff")
	for name, text := range map[string]string{"fw.hex": intelHex(data), "fw.s19": sRecords(data)} {
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: []byte(text)})
		if got[name+"!(firmware data)"] != string(data) || len(rep.notices) > 0 {
			t.Errorf("%s: data records not read: %v %+v", name, keysOfText(got), rep.notices)
		}
		bad := strings.Replace(text, "\n", "0\n", 1)
		if got, _ := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: []byte(bad)}); len(got) != 1 {
			t.Errorf("%s: a damaged record was read as firmware: %v", name, keysOfText(got))
		}
	}
}

// intelHex writes data as Intel HEX data records of 16 bytes and an end
// record; each record's bytes sum to zero with its checksum.
func intelHex(data []byte) string {
	var b strings.Builder
	for at := 0; at < len(data); at += 16 {
		rec := append([]byte{byte(min(16, len(data)-at)), byte(at >> 8), byte(at), 0}, data[at:min(len(data), at+16)]...)
		var sum byte
		for _, c := range rec {
			sum += c
		}
		fmt.Fprintf(&b, ":%X%02X\n", rec, -sum)
	}
	return b.String() + ":00000001FF\n"
}

// sRecords writes data as S1 records; the checksum is the complement of
// the sum of the count, address and data.
func sRecords(data []byte) string {
	var b strings.Builder
	b.WriteString("S00600004844521B\n")
	for at := 0; at < len(data); at += 16 {
		chunk := data[at:min(len(data), at+16)]
		rec := append([]byte{byte(len(chunk) + 3), byte(at >> 8), byte(at)}, chunk...)
		var sum byte
		for _, c := range rec {
			sum += c
		}
		fmt.Fprintf(&b, "S1%X%02X\n", rec, ^sum)
	}
	return b.String() + "S9030000FC\n"
}

// FuzzHexRecords: no text panics the record reader, and its data is no
// longer than half the text (two digits a byte).
func FuzzHexRecords(f *testing.F) {
	f.Add([]byte(intelHex([]byte("firmware data 0123456789"))))
	f.Add([]byte(sRecords([]byte("firmware data 0123456789"))))
	f.Fuzz(func(t *testing.T, text []byte) {
		if n := len(hexRecordData(text)); n > len(text)/2 {
			t.Errorf("%d bytes from %d of text", n, len(text))
		}
	})
}
