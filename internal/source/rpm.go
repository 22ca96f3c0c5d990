package source

import (
	"encoding/binary"
	"errors"
)

// An RPM package is a 96-byte lead, a signature header padded to eight
// bytes, the package's header, then its payload: a cpio archive
// compressed with gzip, xz, zstd or bzip2, which nothing before it
// names by a magic number the expander looks for at a content's start.
// The payload is opened as FILE!(payload) (cpio stores its files whole,
// so their text is read in its bytes); the package's bytes, whose headers
// hold its scripts, are scanned as they are too. Format: the
// Linux Standard Base's RPM file format (lead, header structure:
// magic 8E AD E8 01, four reserved bytes, the index count and the data
// size, big-endian, sixteen bytes an index entry).

const (
	rpmMagic       = "\xed\xab\xee\xdb"
	rpmLead        = 96
	rpmHeaderMagic = "\x8e\xad\xe8\x01"
)

var errRPM = errors.New("damaged RPM headers")

// rpmPayload returns where the payload of the package data starts.
func rpmPayload(data []byte) (int, error) {
	at := rpmLead
	for i := range 2 { // the signature header, then the package's
		if len(data) < at+16 || string(data[at:at+4]) != rpmHeaderMagic {
			return 0, errRPM
		}
		count := uint64(binary.BigEndian.Uint32(data[at+8:]))
		size := uint64(binary.BigEndian.Uint32(data[at+12:]))
		end := uint64(at) + 16 + 16*count + size
		if i == 0 {
			end = (end + 7) &^ 7 // the signature header is padded
		}
		if end > uint64(len(data)) {
			return 0, errRPM
		}
		at = int(end)
	}
	return at, nil
}

// rpm scans an RPM package read whole: its bytes as they are (the
// headers hold the package's scripts), then its payload, opened.
func (w *walk) rpm(u Unit, c content, depth int) error {
	data, ok, err := w.whole(u, c, depth, "an RPM package is read whole")
	if !ok {
		return err
	}
	if err := w.expandKind(u, content{head: data}, depth, kindBinary); err != nil {
		return err
	}
	at, err := rpmPayload(data)
	if err != nil {
		return w.unread(u.Path, err, "its payload was not opened")
	}
	return w.member(u, "(payload)", int64(len(data)-at), content{head: data[at:]}, depth)
}
