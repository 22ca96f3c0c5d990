package source

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Images keep text outside their pixels: PNG text chunks (tEXt, zTXt,
// iTXt) and EXIF, JPEG comments and APP segments (EXIF, XMP, IPTC), GIF
// comment, plain-text and application extensions (XMP), the EXIF, XMP and
// INFO chunks of WebP and other RIFF files (WAV, AVI), and TIFF's text
// tags. Those are read, the pixel data only stepped over (never
// decoded), and scanned as FILE!(metadata), one field a line; whatever
// follows the image's end (text or an archive appended to it) is scanned
// as FILE!(after image end). A structure that cannot be followed ends the
// reading of fields, and the image is scanned as bytes, as binary content
// is (from there on, as FILE!(after damaged image data), when it is too
// long to be held).
//
// Formats: PNG (ISO 15948, 11.3.4), JPEG (ITU T.81 B.1; EXIF 2.3 4.5.4;
// XMP part 3, 1.1.3), GIF89a (sections 23-26), RIFF and WebP (RFC 9649,
// section 2.7), TIFF 6.0 (section 2).

// maxImageText bounds the metadata of one image: fields past it are named
// as not scanned.
const maxImageText = 4 << 20

// imageMeta collects the text of one image's metadata.
type imageMeta struct {
	text []byte
	// over is set when fields were left out for maxImageText.
	over bool
	// budget is what compressed fields may still inflate to.
	budget int64
}

func (m *imageMeta) add(field []byte) {
	if len(field) == 0 {
		return
	}
	if len(m.text)+len(field)+1 > maxImageText {
		m.over = true
		return
	}
	m.text = append(append(m.text, field...), '\n')
}

// addRuns adds the printable runs of binary metadata (EXIF, IPTC), in
// ASCII or UTF-16 (Windows' XP tags), one a line.
func (m *imageMeta) addRuns(b []byte) {
	for _, run := range printableRuns(b) {
		m.add(run)
	}
}

// inflate adds a zlib-compressed field, within the budget.
func (m *imageMeta) inflate(b []byte) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		m.add(b) // not compressed after all: its bytes
		return
	}
	text, _ := io.ReadAll(io.LimitReader(zr, max(0, min(m.budget, maxImageText))))
	m.budget -= int64(len(text))
	m.add(text)
}

// image reads the metadata of an image of format (see imageFormat).
func (w *walk) image(u Unit, c content, depth int, format string) error {
	w.rep.Notice(Notice{Path: u.Path, Reason: ReasonBinary}) // its pixels
	br := bufio.NewReaderSize(c.reader(), 64<<10)
	m := &imageMeta{budget: maxImageText}
	var err error
	switch format {
	case "png":
		err = pngMeta(br, m)
	case "jpeg":
		err = jpegMeta(br, m)
	case "gif":
		err = gifMeta(br, m)
	case "riff":
		err = riffMeta(br, m)
	case "tiff":
		var data []byte
		data, err = (&content{rest: br}).all(u.Path, w.held(), "a TIFF image is read whole")
		if err == nil {
			err = tiffMeta(data, m)
			br = bufio.NewReader(bytes.NewReader(nil))
		}
	}
	if len(m.text) > 0 {
		w.emit(Unit{Path: u.Path + "!(metadata)", Git: u.Git, Data: m.text})
	}
	if m.over {
		w.rep.Notice(Notice{Path: u.Path + "!(metadata)", Reason: fmt.Sprintf("image metadata past %d bytes, not scanned", maxImageText), Incomplete: true})
	}
	// Failures to read and limits, of this content or an enclosing one
	// (an xz block refused), end the reading; damage does not.
	if ownLimit(err, u.Path) || propagates(err, u.Path) {
		return w.unread(u.Path, err, "the rest was not scanned")
	}
	rest := "(after image end)"
	if err != nil {
		if c.rest == nil {
			// Held whole: all of it is scanned as bytes, as is any
			// binary content, in case it was never an image.
			_, err := w.pieces(u, c, w.emit)
			return err
		}
		rest = "(after damaged image data)"
	}
	if _, perr := br.Peek(1); errors.Is(perr, io.EOF) {
		return nil // nothing after it
	} else if perr != nil {
		// What follows could not be read (an enclosing xz block refused,
		// damage): named, never passed over.
		return w.unread(u.Path, perr, "the rest was not scanned")
	}
	return w.member(u, rest, -1, content{rest: br}, depth)
}

// imageFormat names an image format whose metadata is read, or "".
func imageFormat(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "gif"
	case bytes.HasPrefix(head, []byte("RIFF")):
		return "riff"
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return "tiff"
	}
	return ""
}

var errDamagedImage = errors.New("damaged image")

// imageRead reads n bytes of a field; an image cut short is damaged.
func imageRead(r io.Reader, n int64) ([]byte, error) {
	b, err := readSized(r, n, nil)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errDamagedImage
	}
	return b, err
}

// imageSkip steps over n bytes (pixel data, fields with no text).
func imageSkip(br *bufio.Reader, n int64) error {
	k, err := io.CopyN(io.Discard, br, n)
	if k < n && (err == nil || errors.Is(err, io.EOF)) {
		return errDamagedImage
	}
	return err
}

// pngMeta reads a PNG's chunks up to IEND.
func pngMeta(br *bufio.Reader, m *imageMeta) error {
	if err := imageSkip(br, 8); err != nil {
		return err
	}
	for {
		var hdr [8]byte
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return damagedAtEnd(err)
		}
		n := int64(binary.BigEndian.Uint32(hdr[:4]))
		if n > 1<<31-1 {
			return errDamagedImage
		}
		switch kind := string(hdr[4:8]); kind {
		case "tEXt", "zTXt", "iTXt", "eXIf":
			if n > maxImageText {
				m.over = true
				if err := imageSkip(br, n+4); err != nil {
					return err
				}
				continue
			}
			data, err := imageRead(br, n)
			if err != nil {
				return err
			}
			pngText(kind, data, m)
			if err := imageSkip(br, 4); err != nil { // the CRC
				return err
			}
		case "IEND":
			return imageSkip(br, n+4)
		default:
			if err := imageSkip(br, n+4); err != nil {
				return err
			}
		}
	}
}

// damagedAtEnd is the error of an image whose fields stop short of its
// end marker.
func damagedAtEnd(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errDamagedImage
	}
	return err
}

// pngText adds the text of one PNG text chunk: "keyword: text".
func pngText(kind string, data []byte, m *imageMeta) {
	if kind == "eXIf" {
		m.addRuns(data)
		return
	}
	key, rest, ok := bytes.Cut(data, []byte{0})
	if !ok {
		m.add(data)
		return
	}
	field := append(append([]byte(nil), key...), ": "...)
	switch kind {
	case "tEXt":
		m.add(append(field, rest...))
	case "zTXt":
		if len(rest) > 0 {
			m.add(field)
			m.inflate(rest[1:])
		}
	case "iTXt":
		// flag, method, language\0, translated keyword\0, text
		if len(rest) < 2 {
			m.add(append(field, rest...))
			return
		}
		compressed := rest[0] == 1
		rest = rest[2:]
		lang, rest, _ := bytes.Cut(rest, []byte{0})
		translated, text, _ := bytes.Cut(rest, []byte{0})
		m.add(append(append(field, lang...), translated...))
		if compressed {
			m.inflate(text)
		} else {
			m.add(text)
		}
	}
}

// jpegMeta reads a JPEG's segments up to EOI, stepping over the
// entropy-coded data after each SOS.
func jpegMeta(br *bufio.Reader, m *imageMeta) error {
	if err := imageSkip(br, 2); err != nil {
		return err
	}
	afterScan := false // the 0xFF of the marker after scan data is read
	for {
		if !afterScan {
			b, err := br.ReadByte()
			if err != nil {
				return damagedAtEnd(err)
			}
			if b != 0xff {
				return errDamagedImage
			}
		}
		afterScan = false
		marker, err := br.ReadByte()
		for err == nil && marker == 0xff { // fill bytes
			marker, err = br.ReadByte()
		}
		if err != nil {
			return damagedAtEnd(err)
		}
		switch {
		case marker == 0xd9: // EOI
			return nil
		case marker == 0x01 || 0xd0 <= marker && marker <= 0xd8:
			continue // no length
		}
		var l [2]byte
		if _, err := io.ReadFull(br, l[:]); err != nil {
			return damagedAtEnd(err)
		}
		n := int64(binary.BigEndian.Uint16(l[:])) - 2
		if n < 0 {
			return errDamagedImage
		}
		switch {
		case marker == 0xfe || marker == 0xe1 || marker == 0xed || 0xe3 <= marker && marker <= 0xef && marker != 0xee:
			// COM, APP1 (EXIF, XMP), APP13 (IPTC) and the other APPn an
			// application may fill; not APP0 (JFIF), APP2 (ICC profile)
			// or APP14 (Adobe), which hold numbers.
			data, err := imageRead(br, n)
			if err != nil {
				return err
			}
			jpegSegment(marker, data, m)
		default:
			if err := imageSkip(br, n); err != nil {
				return err
			}
		}
		if marker == 0xda { // SOS: entropy-coded data up to the next marker
			if err := skipEntropyCoded(br); err != nil {
				return err
			}
			afterScan = true
		}
	}
}

// jpegSegment adds the text of a COM or APPn segment.
func jpegSegment(marker byte, data []byte, m *imageMeta) {
	switch {
	case marker == 0xfe:
		m.add(data)
	case bytes.HasPrefix(data, []byte("http://ns.adobe.com/xap/1.0/\x00")):
		m.add(data[len("http://ns.adobe.com/xap/1.0/\x00"):])
	case bytes.HasPrefix(data, []byte("http://ns.adobe.com/xmp/extension/\x00")):
		// GUID (32), full length (4), offset (4), then part of the XMP.
		if rest := data[len("http://ns.adobe.com/xmp/extension/\x00"):]; len(rest) > 40 {
			m.add(rest[40:])
		}
	default:
		m.addRuns(data)
	}
}

// skipEntropyCoded reads past scan data: up to and with the 0xFF of the
// first marker that is not a stuffed zero or a restart marker.
func skipEntropyCoded(br *bufio.Reader) error {
	for {
		if _, err := br.ReadSlice(0xff); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return damagedAtEnd(err)
		} else if err != nil {
			continue
		}
		next, err := br.Peek(1)
		if err != nil {
			return damagedAtEnd(err)
		}
		if c := next[0]; c == 0 || 0xd0 <= c && c <= 0xd7 || c == 0xff {
			continue
		}
		return nil
	}
}

// gifMeta reads a GIF's blocks up to its trailer.
func gifMeta(br *bufio.Reader, m *imageMeta) error {
	hdr, err := imageRead(br, 13) // signature, logical screen descriptor
	if err != nil {
		return err
	}
	if flags := hdr[10]; flags&0x80 != 0 {
		if err := imageSkip(br, 3<<(flags&7+1)); err != nil {
			return err
		}
	}
	for {
		b, err := br.ReadByte()
		if err != nil {
			return damagedAtEnd(err)
		}
		switch b {
		case 0x3b: // trailer
			return nil
		case 0x21: // extension: label, then sub-blocks
			label, err := br.ReadByte()
			if err != nil {
				return damagedAtEnd(err)
			}
			data, err := gifSubBlocks(br, label == 0xfe || label == 0x01 || label == 0xff)
			if err != nil {
				return err
			}
			switch label {
			case 0xfe: // comment
				m.add(data)
			case 0x01: // plain text: a 12-byte header, then the text
				if len(data) > 13 {
					m.add(data[13:])
				}
			case 0xff: // application: 11-byte identifier, then its data
				m.addRuns(data)
			}
		case 0x2c: // image descriptor
			desc, err := imageRead(br, 9)
			if err != nil {
				return err
			}
			if flags := desc[8]; flags&0x80 != 0 {
				if err := imageSkip(br, 3<<(flags&7+1)); err != nil {
					return err
				}
			}
			if err := imageSkip(br, 1); err != nil { // LZW code size
				return err
			}
			if _, err := gifSubBlocks(br, false); err != nil {
				return err
			}
		default:
			return errDamagedImage
		}
	}
}

// gifSubBlocks reads data sub-blocks up to the terminator, keeping their
// bytes (at most maxImageText) when keep is set.
func gifSubBlocks(br *bufio.Reader, keep bool) ([]byte, error) {
	var out []byte
	for {
		n, err := br.ReadByte()
		if err != nil {
			return out, damagedAtEnd(err)
		}
		if n == 0 {
			return out, nil
		}
		if !keep || len(out)+int(n) > maxImageText {
			if err := imageSkip(br, int64(n)); err != nil {
				return out, err
			}
			continue
		}
		b, err := imageRead(br, int64(n))
		if err != nil {
			return out, err
		}
		out = append(out, b...)
	}
}

// riffMeta reads the chunks of a RIFF file (WebP, WAV, AVI) up to the
// size its header gives.
func riffMeta(br *bufio.Reader, m *imageMeta) error {
	hdr, err := imageRead(br, 12)
	if err != nil {
		return err
	}
	left := int64(binary.LittleEndian.Uint32(hdr[4:8])) - 4
	return riffChunks(br, left, m, 0)
}

// riffChunks reads chunks within left bytes; a LIST chunk's are read in
// turn, to a depth of 4.
func riffChunks(br *bufio.Reader, left int64, m *imageMeta, depth int) error {
	for left >= 8 {
		hdr, err := imageRead(br, 8)
		if err != nil {
			return err
		}
		n := int64(binary.LittleEndian.Uint32(hdr[4:8]))
		padded := n + n%2
		left -= 8 + padded
		id := string(hdr[:4])
		switch {
		case id == "LIST" && n >= 4 && depth < 4:
			if err := imageSkip(br, 4); err != nil { // the list's type
				return err
			}
			if err := riffChunks(br, n-4, m, depth+1); err != nil {
				return err
			}
			if err := imageSkip(br, n%2); err != nil {
				return err
			}
		case id == "EXIF" || id == "XMP " || depth > 0 && id[0] == 'I' || id == "ICMT":
			if n > maxImageText {
				m.over = true
				if err := imageSkip(br, padded); err != nil {
					return err
				}
				continue
			}
			data, err := imageRead(br, padded)
			if err != nil {
				return err
			}
			if id == "EXIF" {
				m.addRuns(data)
			} else {
				m.add(bytes.TrimRight(data, "\x00"))
			}
		default:
			if err := imageSkip(br, padded); err != nil {
				return err
			}
		}
	}
	if left > 0 {
		return imageSkip(br, left)
	}
	return nil
}

// tiffMeta adds the text of a TIFF's tags: each directory's ASCII,
// BYTE and UNDEFINED values (where EXIF keeps comments and Windows its
// UTF-16 XP tags), following the EXIF and GPS directories and the chain
// of directories, at most 64 of them.
func tiffMeta(data []byte, m *imageMeta) error {
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		order = binary.BigEndian
	}
	if len(data) < 8 {
		return errDamagedImage
	}
	queue := []uint32{order.Uint32(data[4:8])}
	seen := map[uint32]bool{}
	for len(queue) > 0 && len(seen) < 64 {
		off := queue[0]
		queue = queue[1:]
		if seen[off] || off == 0 {
			continue
		}
		seen[off] = true
		if int64(off)+2 > int64(len(data)) {
			return errDamagedImage
		}
		count := int(order.Uint16(data[off:]))
		base := int64(off) + 2
		if base+int64(count)*12+4 > int64(len(data)) {
			return errDamagedImage
		}
		for i := range count {
			e := data[base+int64(i)*12:]
			tag, typ, n := order.Uint16(e), order.Uint16(e[2:]), order.Uint32(e[4:])
			if tag == 0x8769 || tag == 0x8825 { // EXIF, GPS directories
				queue = append(queue, order.Uint32(e[8:]))
				continue
			}
			if typ != 1 && typ != 2 && typ != 7 {
				continue // numbers
			}
			value := e[8:12]
			if n > 4 {
				at := int64(order.Uint32(e[8:]))
				if at+int64(n) > int64(len(data)) {
					continue
				}
				value = data[at : at+int64(n)]
			} else {
				value = value[:n]
			}
			if tag == 0x0111 || tag == 0x0144 || tag == 0x0117 || tag == 0x0145 {
				continue // strip and tile offsets and counts: pixels
			}
			m.addRuns(value)
		}
		queue = append(queue, order.Uint32(data[base+int64(count)*12:]))
	}
	return nil
}

// printableRuns returns the runs of at least 4 printable characters in
// b, in ASCII and in UTF-16 (either byte order), as UTF-8.
func printableRuns(b []byte) [][]byte {
	const minRun = 4
	printable := func(c byte) bool { return c >= 0x20 && c < 0x7f || c == '\t' }
	var runs [][]byte
	start := -1
	for i := 0; i <= len(b); i++ {
		if i < len(b) && printable(b[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start >= minRun {
			runs = append(runs, b[start:i])
		}
		start = -1
	}
	for high := 0; high < 2; high++ { // UTF-16 BE, then LE
		for parity := 0; parity < 2; parity++ {
			var run []byte
			for i := parity; i+1 < len(b)+1; i += 2 {
				if i+1 < len(b) && b[i+high] == 0 && printable(b[i+1-high]) {
					run = append(run, b[i+1-high])
					continue
				}
				if len(run) >= minRun {
					runs = append(runs, run)
				}
				run = nil
			}
		}
	}
	return runs
}
