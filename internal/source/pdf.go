package source

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/ascii85"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf16"
)

// A PDF keeps most of its text in compressed streams: page content,
// object streams (annotations, form values and the document's
// dictionaries in PDF 1.5 and later), attachments, JavaScript and
// metadata. The file's own bytes are scanned as they are, then each
// stream is decoded (FlateDecode, ASCIIHexDecode, ASCII85Decode and
// RunLengthDecode, chained as /Filter lists them) and scanned as a member,
// FILE!(object N). Page content is scanned as its text: the strings its
// text operators show, a kerned TJ array joined into one word, each line
// of the page a line. Strings the file writes in hex or UTF-16 are
// decoded too. Image data is skipped; a stream in a filter not opened
// (LZW), or a document encrypted by its producer, is named and makes the
// scan incomplete. What streams inflate to is held to the archive bound
// (see bombRatio), each one to the member limit.
//
// Format: ISO 32000-1, 7.3.8 (streams), 7.4 (filters), 7.3.4 (strings),
// 9.4 (text objects).

// isPDF tells a PDF by its header, which readers accept within the first
// 1024 bytes (ISO 32000-1 annex H.3).
func isPDF(head []byte) bool {
	return bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-"))
}

// pdf scans a PDF: its bytes, then its streams decoded.
func (w *walk) pdf(u Unit, c content, depth int) error {
	data, err := c.all(u.Path, w.held(), "a PDF is read whole")
	if err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	if _, err := w.pieces(u, content{head: data, zeros: c.zeros}, w.emit); err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	if text := pdfText(data, true); len(text) > 0 {
		w.emit(Unit{Path: u.Path + "!(strings)", Git: u.Git, Data: text})
	}
	if w.nested(u.Path, depth) {
		return nil
	}
	if pdfEncrypted(data) {
		w.rep.Notice(Notice{Path: u.Path, Reason: "encrypted PDF, its streams are not opened", Incomplete: true})
		return nil
	}
	for pos := 0; ; {
		s, ok := nextPDFStream(data, pos)
		if !ok {
			return nil
		}
		pos = s.end
		if err := w.pdfStream(u, s, depth); err != nil {
			return err
		}
	}
}

// pdfStream is one stream of a PDF: its object number ("" when not
// found), its dictionary and its encoded data.
type pdfStream struct {
	object string
	dict   []byte
	data   []byte
	start  int // where the keyword stream is
	end    int // where the search for the next stream goes on
}

// pdfEncrypted tells a PDF encrypted by its producer: a trailer
// dictionary, or a cross-reference stream's (/Type /XRef, PDF 1.5), has
// an /Encrypt entry (ISO 32000-1 7.5.5, 7.5.8.2, 7.6.1); an incremental
// update adds a trailer, so every one counts. The name quoted elsewhere
// (a page's words, a stream's data, another object's string) does not.
func pdfEncrypted(data []byte) bool {
	for pos := 0; ; {
		s, ok := nextPDFStream(data, pos)
		between := data[pos:]
		if ok {
			between = data[pos:s.start]
		}
		for i := 0; ; {
			j := bytes.Index(between[i:], []byte("trailer"))
			if j < 0 {
				break
			}
			// The keyword starts a line, after the xref table.
			keyword := i+j == 0 || between[i+j-1] == '\n' || between[i+j-1] == '\r'
			i += j + len("trailer")
			rest := bytes.TrimLeft(between[i:], " \t\r\n\f\x00")
			if keyword && bytes.HasPrefix(rest, []byte("<<")) && pdfHasKey(pdfDict(rest), "/Encrypt") {
				return true
			}
		}
		if !ok {
			return false
		}
		if slices.Contains(pdfNames(pdfNamesDecoded(s.dict), "/Type"), "XRef") && pdfHasKey(s.dict, "/Encrypt") {
			return true
		}
		pos = s.end
	}
}

// pdfDict returns the dictionary b starts with, to its matching >> (or
// to the end of b).
func pdfDict(b []byte) []byte {
	depth := 0
	for i := 0; i+1 < len(b); i++ {
		switch {
		case b[i] == '<' && b[i+1] == '<':
			depth++
			i++
		case b[i] == '>' && b[i+1] == '>':
			depth--
			i++
			if depth == 0 {
				return b[:i+1]
			}
		}
	}
	return b
}

// pdfHasKey tells whether the dictionary holds the name key, written
// plainly or with #xx escapes (/Encr#79pt, ISO 32000-1 7.3.5).
func pdfHasKey(dict []byte, key string) bool {
	dict = pdfNamesDecoded(dict)
	for i := 0; ; {
		j := bytes.Index(dict[i:], []byte(key))
		if j < 0 {
			return false
		}
		i += j + len(key)
		if i == len(dict) || !isPDFRegular(dict[i]) {
			return true
		}
	}
}

// pdfNamesDecoded returns b with the #xx escapes of its names decoded
// (b itself when it has none).
func pdfNamesDecoded(b []byte) []byte {
	if bytes.IndexByte(b, '#') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// nextPDFStream finds the first stream whose keyword is at or after pos.
func nextPDFStream(data []byte, pos int) (pdfStream, bool) {
	from := pos // the dictionary is after the stream before
	for {
		i := bytes.Index(data[pos:], []byte("stream"))
		if i < 0 {
			return pdfStream{}, false
		}
		i += pos
		pos = i + len("stream")
		if i >= 3 && string(data[i-3:i]) == "end" {
			continue
		}
		start := pos
		switch {
		case bytes.HasPrefix(data[start:], []byte("\r\n")):
			start += 2
		case bytes.HasPrefix(data[start:], []byte("\n")), bytes.HasPrefix(data[start:], []byte("\r")):
			start++
		default:
			continue // the word, not the keyword
		}
		dictFrom := max(from, i-maxPDFDict)
		dict := data[dictFrom:i]
		object := ""
		if o := bytes.LastIndex(dict, []byte("obj")); o >= 0 {
			object = objectNumber(dict[:o])
			dict = dict[o+3:]
		}
		if !bytes.Contains(dict, []byte("<<")) {
			continue
		}
		end := streamEnd(data, start, dict)
		return pdfStream{object: object, dict: dict, data: data[start:end], start: i, end: end}, true
	}
}

// maxPDFDict bounds how far before a stream its dictionary is looked for.
const maxPDFDict = 64 << 10

// objectNumber reads N from "N G " at the end of b, or "".
func objectNumber(b []byte) string {
	f := bytes.Fields(b[max(0, len(b)-40):])
	if len(f) < 2 {
		return ""
	}
	if _, err := strconv.Atoi(string(f[len(f)-1])); err != nil {
		return ""
	}
	n := string(f[len(f)-2])
	if _, err := strconv.Atoi(n); err != nil {
		return ""
	}
	return n
}

// streamEnd is where the data of the stream starting at start ends: its
// /Length when written directly and followed by endstream, else the next
// endstream, else the end of the file.
func streamEnd(data []byte, start int, dict []byte) int {
	if n, ok := directInt(dict, "/Length"); ok && n >= 0 && start+n <= len(data) {
		if bytes.HasPrefix(bytes.TrimLeft(data[start+n:], "\r\n \t"), []byte("endstream")) {
			return start + n
		}
	}
	if e := bytes.Index(data[start:], []byte("endstream")); e >= 0 {
		return start + e
	}
	return len(data)
}

// directInt reads the integer value of key in a dictionary, unless it is
// an indirect reference (N G R).
func directInt(dict []byte, key string) (int, bool) {
	i := bytes.Index(dict, []byte(key))
	if i < 0 {
		return 0, false
	}
	rest := dict[i+len(key):]
	if len(rest) > 0 && isPDFRegular(rest[0]) {
		return 0, false // a longer name (/Length1)
	}
	f := bytes.Fields(rest[:min(len(rest), 40)])
	if len(f) == 0 {
		return 0, false
	}
	num := f[0]
	if j := bytes.IndexAny(num, "/>["); j >= 0 {
		num = num[:j]
	}
	n, err := strconv.Atoi(string(num))
	if err != nil || len(f) >= 3 && string(f[2]) == "R" || len(f) >= 3 && bytes.HasPrefix(f[2], []byte("R")) {
		return 0, false
	}
	return n, true
}

// pdfNames returns the names a dictionary gives key: /Filter /FlateDecode
// or /Filter [/ASCII85Decode /FlateDecode].
func pdfNames(dict []byte, key string) []string {
	i := bytes.Index(dict, []byte(key))
	for i >= 0 && i+len(key) < len(dict) && isPDFRegular(dict[i+len(key)]) {
		j := bytes.Index(dict[i+1:], []byte(key))
		if j < 0 {
			return nil
		}
		i += 1 + j
	}
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(dict[i+len(key):], " \t\r\n")
	array := len(rest) > 0 && rest[0] == '['
	if array {
		rest = rest[1:]
	}
	var names []string
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		if len(rest) == 0 || rest[0] != '/' {
			return names
		}
		j := 1
		for j < len(rest) && isPDFRegular(rest[j]) {
			j++
		}
		names = append(names, string(rest[1:j]))
		rest = rest[j:]
		if !array {
			return names
		}
	}
}

// isPDFRegular tells a regular character, one that continues a name or a
// keyword (ISO 32000-1 7.2.2: not white-space, not a delimiter).
func isPDFRegular(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return false
	}
	return true
}

// pdfImageFilters are the filters of image data, which holds no text.
var pdfImageFilters = map[string]bool{"DCTDecode": true, "DCT": true, "JPXDecode": true, "CCITTFaxDecode": true, "CCF": true, "JBIG2Decode": true}

// pdfStream decodes one stream and scans it as a member.
func (w *walk) pdfStream(u Unit, s pdfStream, depth int) error {
	name := "(object " + s.object + ")"
	if s.object == "" {
		name = fmt.Sprintf("(stream at byte %d)", s.end-len(s.data))
	}
	p := u.Path + "!" + name
	if subtype := pdfNames(s.dict, "/Subtype"); len(subtype) == 1 && subtype[0] == "Image" {
		return nil // pixel data
	}
	var r io.Reader = bytes.NewReader(s.data)
	for _, f := range pdfNames(s.dict, "/Filter") {
		switch {
		case pdfImageFilters[f]:
			return nil
		case f == "FlateDecode" || f == "Fl":
			r = pdfInflate(r)
		case f == "ASCIIHexDecode" || f == "AHx":
			r = &pdfHexReader{r: r}
		case f == "ASCII85Decode" || f == "A85":
			r = ascii85.NewDecoder(&pdfA85Reader{r: r})
		case f == "RunLengthDecode" || f == "RL":
			r = &runLengthReader{r: r}
		default:
			w.rep.Notice(Notice{Path: p, Reason: fmt.Sprintf("PDF stream in the /%s filter, which leakhound does not open, not scanned", f), Incomplete: true})
			return nil
		}
	}
	decoded, err := (&content{rest: w.inflate(r, u.Path)}).all(p, w.held(), "a PDF stream is read whole")
	if ownLimit(err, u.Path) || propagates(err, p) {
		return w.unread(u.Path, err, "streams after it were not scanned")
	}
	if err != nil {
		w.rep.Notice(Notice{Path: p, Reason: fmt.Sprintf("damaged PDF stream (%v), not scanned to its end", err), Incomplete: true})
	}
	if len(decoded) == 0 {
		return nil
	}
	if pdfContentStream(s.dict, decoded) {
		w.emit(Unit{Path: p, Git: u.Git, Data: pdfText(decoded, false)})
		return nil
	}
	if err := w.member(u, name, int64(len(decoded)), content{head: decoded}, depth); err != nil {
		return w.unread(u.Path, err, "streams after it were not scanned")
	}
	if kindOf(decoded[:min(len(decoded), sniffLen)]) != kindText {
		return nil // a font program, an image's data: no strings to decode
	}
	if text := pdfText(decoded, true); len(text) > 0 {
		w.emit(Unit{Path: p + " (strings)", Git: u.Git, Data: text})
	}
	return nil
}

// pdfContentStream tells page content (or a form's): no type of its own,
// and text objects in it.
func pdfContentStream(dict, data []byte) bool {
	if t := pdfNames(dict, "/Type"); len(t) > 0 && t[0] != "XObject" {
		return false // an object stream, attachment, metadata...
	}
	bt := bytes.Index(data, []byte("BT"))
	return bt >= 0 && bytes.Contains(data[bt:], []byte("ET")) &&
		(bytes.Contains(data, []byte("Tj")) || bytes.Contains(data, []byte("TJ")))
}

// pdfInflate reads a FlateDecode stream: zlib as the format says, or raw
// deflate as some producers write it. A stream cut short or with a wrong
// checksum ends where it ends, as PDF readers show it.
func pdfInflate(r io.Reader) io.Reader {
	var head [2]byte
	n, _ := io.ReadFull(r, head[:])
	r = io.MultiReader(bytes.NewReader(head[:n]), r)
	if zlibHeader(head[:n]) {
		zr, err := zlib.NewReader(r)
		if err != nil {
			return errReader{err}
		}
		return tolerantEnd{zr}
	}
	return tolerantEnd{flate.NewReader(r)}
}

// tolerantEnd ends a stream at a missing end or a wrong checksum, which
// hide nothing: what came before was read.
type tolerantEnd struct{ r io.Reader }

func (t tolerantEnd) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, zlib.ErrChecksum) {
		err = io.EOF
	}
	return n, err
}

// pdfHexReader decodes ASCIIHexDecode: hex digits, white space ignored, up
// to '>'; an odd last digit is followed by a 0.
type pdfHexReader struct {
	r    io.Reader
	buf  [4096]byte
	half int // a digit waiting for its pair, -1 when none
	done bool
	init bool
}

func (h *pdfHexReader) Read(p []byte) (int, error) {
	if !h.init {
		h.half, h.init = -1, true
	}
	out := 0
	for out < len(p) && !h.done {
		n, err := h.r.Read(h.buf[:min(len(h.buf), 2*(len(p)-out)+1)])
		for _, c := range h.buf[:n] {
			if c == '>' {
				h.done = true
				break
			}
			d, ok := hexDigit(c)
			if !ok {
				continue
			}
			if h.half < 0 {
				h.half = int(d)
				continue
			}
			p[out] = byte(h.half)<<4 | d
			out++
			h.half = -1
		}
		if err != nil {
			h.done = true
			if !errors.Is(err, io.EOF) {
				return out, err
			}
		}
	}
	if h.done && h.half >= 0 && out < len(p) {
		p[out] = byte(h.half << 4)
		out++
		h.half = -1
	}
	if h.done && out == 0 {
		return 0, io.EOF
	}
	return out, nil
}

// pdfA85Reader passes ASCII85 data on up to its end, "~>" (the standard
// library's decoder reads what is between).
type pdfA85Reader struct {
	r    io.Reader
	done bool
}

func (a *pdfA85Reader) Read(p []byte) (int, error) {
	if a.done {
		return 0, io.EOF
	}
	n, err := a.r.Read(p)
	if i := bytes.IndexByte(p[:n], '~'); i >= 0 {
		n, a.done, err = i, true, nil
	}
	if n == 0 && err == nil && a.done {
		return 0, io.EOF
	}
	return n, err
}

// runLengthReader decodes RunLengthDecode: a length byte n, then n+1
// bytes to copy (n < 128), or one byte to repeat 257-n times (n > 128);
// 128 ends the data.
type runLengthReader struct {
	r      io.Reader
	repeat byte
	left   int // bytes of the current run still to give
	copy   bool
	done   bool
}

func (l *runLengthReader) Read(p []byte) (int, error) {
	out := 0
	var one [1]byte
	for out < len(p) {
		if l.left == 0 {
			if l.done {
				break
			}
			if _, err := io.ReadFull(l.r, one[:]); err != nil || one[0] == 128 {
				l.done = true
				continue
			}
			if n := int(one[0]); n < 128 {
				l.left, l.copy = n+1, true
			} else {
				if _, err := io.ReadFull(l.r, one[:]); err != nil {
					l.done = true
					continue
				}
				l.left, l.copy, l.repeat = 257-n, false, one[0]
			}
		}
		k := min(l.left, len(p)-out)
		if l.copy {
			m, err := io.ReadFull(l.r, p[out:out+k])
			out += m
			l.left -= m
			if err != nil {
				l.done, l.left = true, 0
			}
			continue
		}
		for i := range k {
			p[out+i] = l.repeat
		}
		out += k
		l.left -= k
	}
	if out == 0 && l.done {
		return 0, io.EOF
	}
	return out, nil
}

// pdfText returns the text of PDF content: the strings it holds, decoded
// (escapes, hex, UTF-16), with a page's text operators placing them:
// Tj and a TJ array (joined, a large kerning gap a space) on the current
// line, a new line at ', ", T*, ET and a move down (Td, TD, Tm). Comments,
// names and unknown words follow the text, one a line, so they do not cut
// its lines; numbers, operators and stream data are dropped. With
// encodedOnly, only strings written otherwise than as themselves (hex,
// escapes, UTF-16) are returned, one a line: the bytes of the others are
// scanned where they are.
func pdfText(data []byte, encodedOnly bool) []byte {
	var out, line, extra []byte
	var nums [6]float64 // the last numbers, newest last
	lastY := 0.0
	newline := func() {
		if len(line) > 0 {
			out = append(append(out, line...), '\n')
			line = line[:0]
		}
	}
	aside := func(b []byte) {
		if !encodedOnly {
			extra = append(append(extra, b...), '\n')
		}
	}
	inArray := false
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '(':
			s, n, encoded := pdfLiteral(data[i:])
			i += n
			switch {
			case !encodedOnly:
				line = append(line, s...)
			case encoded:
				out = append(append(out, s...), '\n')
			}
		case c == '<' && i+1 < len(data) && data[i+1] == '<', c == '>' && i+1 < len(data) && data[i+1] == '>':
			i += 2
		case c == '<':
			s, n := pdfHexString(data[i:])
			i += n
			switch {
			case !encodedOnly:
				line = append(line, s...)
			case len(s) > 0:
				out = append(append(out, s...), '\n')
			}
		case c == '%':
			e := bytes.IndexAny(data[i:], "\r\n")
			if e < 0 {
				e = len(data) - i
			}
			aside(data[i : i+e])
			i += e
		case c == '[':
			inArray = true
			i++
		case c == ']':
			inArray = false
			i++
		case c == '/':
			j := i + 1
			for j < len(data) && isPDFRegular(data[j]) {
				j++
			}
			aside(data[i+1 : j])
			i = j
		case isPDFRegular(c):
			j := i
			for j < len(data) && isPDFRegular(data[j]) {
				j++
			}
			tok := data[i:j]
			i = j
			if v, ok := pdfNumber(tok); ok {
				copy(nums[:], nums[1:])
				nums[5] = v
				if inArray && v < -250 && len(line) > 0 && line[len(line)-1] != ' ' {
					line = append(line, ' ') // a gap as wide as a space
				}
				continue
			}
			switch string(tok) {
			case "'", `"`, "T*", "ET":
				newline()
			case "Td", "TD":
				if nums[5] != 0 {
					newline()
				}
			case "Tm":
				if nums[5] != lastY {
					newline()
				}
				lastY = nums[5]
			case "ID", "stream":
				// Inline image data up to EI, a stream's data up to
				// endstream: bytes, not text.
				end := "EI"
				if tok[0] == 's' {
					end = "endstream"
				}
				e := bytes.Index(data[i:], []byte(end))
				if e < 0 {
					e = len(data) - i
				}
				i += e + len(end)
			default:
				if len(tok) > 3 || !pdfOperator(tok) {
					aside(tok)
				}
			}
		default:
			i++
		}
	}
	newline()
	return append(out, extra...)
}

// pdfOperator tells a token that can be an operator of page content: one
// to three letters, or with * ' " (ISO 32000-1 annex A).
func pdfOperator(tok []byte) bool {
	for _, c := range tok {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '*' || c == '\'' || c == '"' || c == '0' || c == '1') {
			return false
		}
	}
	return true
}

// pdfEscapes are the one-letter escapes of a literal string.
var pdfEscapes = map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f', '(': '(', ')': ')', '\\': '\\'}

// pdfLiteral decodes the literal string at the start of b: its text, its
// length in b, and whether it was written otherwise than as its text.
func pdfLiteral(b []byte) (text []byte, n int, encoded bool) {
	depth := 0
	i := 0
	for i < len(b) {
		c := b[i]
		i++
		switch c {
		case '(':
			if depth > 0 {
				text = append(text, c)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				t, enc := pdfTextString(text, encoded)
				return t, i, enc
			}
			text = append(text, c)
		case '\\':
			if i >= len(b) {
				break
			}
			encoded = true
			e := b[i]
			i++
			switch c, ok := pdfEscapes[e]; {
			case ok:
				text = append(text, c)
			case e == '\r':
				if i < len(b) && b[i] == '\n' {
					i++
				}
			case e == '\n':
			default:
				if '0' <= e && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && i < len(b) && '0' <= b[i] && b[i] <= '7'; k++ {
						v = v*8 + int(b[i]-'0')
						i++
					}
					text = append(text, byte(v))
				} else {
					text = append(text, e)
				}
			}
		default:
			text = append(text, c)
		}
	}
	t, enc := pdfTextString(text, encoded)
	return t, len(b), enc
}

// pdfTextString decodes a text string in UTF-16BE (with its byte order
// mark) or one whose every other byte is NUL (two-byte codes of ASCII);
// other strings are returned as they are.
func pdfTextString(s []byte, encoded bool) ([]byte, bool) {
	if len(s) >= 2 && s[0] == 0xfe && s[1] == 0xff {
		return utf16BE(s[2:]), true
	}
	if len(s) >= 4 && len(s)%2 == 0 {
		wide := true
		for i := 0; i < len(s); i += 2 {
			if s[i] != 0 || s[i+1] == 0 {
				wide = false
				break
			}
		}
		if wide {
			return utf16BE(s), true
		}
	}
	return s, encoded
}

func utf16BE(s []byte) []byte {
	units := make([]uint16, len(s)/2)
	for i := range units {
		units[i] = binary.BigEndian.Uint16(s[2*i:])
	}
	return []byte(string(utf16.Decode(units))) // surrogate pairs joined
}

// pdfHexString decodes the hex string at the start of b (after '<'): its
// text when it is printable or UTF-16, else nothing, and its length in b.
func pdfHexString(b []byte) ([]byte, int) {
	end := bytes.IndexByte(b, '>')
	if end < 0 {
		end = len(b) - 1
	}
	raw := make([]byte, 0, end/2+1)
	half := -1
	for _, c := range b[1:end] {
		d, ok := hexDigit(c)
		if !ok {
			continue // white space
		}
		if half < 0 {
			half = int(d)
			continue
		}
		raw = append(raw, byte(half)<<4|d)
		half = -1
	}
	if half >= 0 {
		raw = append(raw, byte(half<<4))
	}
	text, _ := pdfTextString(raw, true)
	for _, c := range text {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			return nil, end + 1 // glyph codes, not text
		}
	}
	return text, end + 1
}

// pdfNumber reads an integer or real number token (ISO 32000-1 7.3.3:
// a sign, digits and at most one period).
func pdfNumber(tok []byte) (float64, bool) {
	v, scale, sign := 0.0, 0.0, 1.0
	digits := false
	for i, c := range tok {
		switch {
		case '0' <= c && c <= '9':
			digits = true
			if scale == 0 {
				v = v*10 + float64(c-'0')
			} else {
				v += float64(c-'0') * scale
				scale /= 10
			}
		case c == '.' && scale == 0:
			scale = 0.1
		case (c == '-' || c == '+') && i == 0:
			if c == '-' {
				sign = -1
			}
		default:
			return 0, false
		}
	}
	return sign * v, digits
}
