package testutil

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// Ar writes a Unix ar archive as GNU ar does: names ending in "/", a
// "//" table for names longer than 15 bytes, data padded to even length.
func Ar(members ...Member) []byte {
	var names []byte
	header := func(name string, size int) []byte {
		return fmt.Appendf(nil, "%-16s%-12d%-6d%-6d%-8s%-10d`\n", name, 0, 0, 0, "100644", size)
	}
	var body []byte
	for _, m := range members {
		name := m.Name + "/"
		if len(name) > 16 {
			name = fmt.Sprintf("/%d", len(names))
			names = append(names, m.Name+"/\n"...)
		}
		body = append(body, header(name, len(m.Content))...)
		body = append(body, m.Content...)
		if len(m.Content)%2 == 1 {
			body = append(body, '\n')
		}
	}
	out := []byte("!<arch>\n")
	if len(names) > 0 {
		out = append(out, header("//", len(names))...)
		out = append(out, names...)
		if len(names)%2 == 1 {
			out = append(out, '\n')
		}
	}
	return append(out, body...)
}

// Chunk is one chunk or segment of an image: its type (a PNG or RIFF
// chunk's four letters, a JPEG marker as one byte) and its data.
type Chunk struct {
	Type string
	Data []byte
}

// PNG writes a 1x1 grey PNG with chunks between its header and its pixel
// data.
func PNG(chunks ...Chunk) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		start := len(out)
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		out = append(append(out, kind...), data...)
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start+4:]))
	}
	chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0})
	for _, c := range chunks {
		chunk(c.Type, c.Data)
	}
	chunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01})
	chunk("IEND", nil)
	return out
}

// JPEG writes a JPEG's markers: SOI, the segments given (Type is the
// marker's second byte), a scan whose data holds a stuffed 0xFF and a
// restart marker, and EOI. It is not a picture a decoder would show.
func JPEG(segments ...Chunk) []byte {
	out := []byte{0xff, 0xd8}
	segment := func(marker byte, data []byte) {
		out = append(out, 0xff, marker)
		out = binary.BigEndian.AppendUint16(out, uint16(len(data)+2))
		out = append(out, data...)
	}
	segment(0xe0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"))
	for _, s := range segments {
		segment(s.Type[0], s.Data)
	}
	segment(0xda, []byte{1, 1, 0, 0, 0x3f, 0})
	out = append(out, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56)
	return append(out, 0xff, 0xd9)
}

// EXIF is an EXIF block as JPEG's APP1 holds it: "Exif\0\0" and a
// little-endian TIFF whose first directory has ImageDescription set to
// description.
func EXIF(description string) []byte {
	text := append([]byte(description), 0)
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	tiff = binary.LittleEndian.AppendUint16(tiff, 1)      // one entry
	tiff = binary.LittleEndian.AppendUint16(tiff, 0x010e) // ImageDescription
	tiff = binary.LittleEndian.AppendUint16(tiff, 2)      // ASCII
	tiff = binary.LittleEndian.AppendUint32(tiff, uint32(len(text)))
	tiff = binary.LittleEndian.AppendUint32(tiff, 8+2+12+4) // after the directory
	tiff = binary.LittleEndian.AppendUint32(tiff, 0)        // no next directory
	return append([]byte("Exif\x00\x00"), append(tiff, text...)...)
}

// GIF writes a 1x1 GIF89a with a comment extension before its image.
func GIF(comment string) []byte {
	out := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff")
	out = append(out, 0x21, 0xfe)
	for c := []byte(comment); len(c) > 0; {
		n := min(len(c), 255)
		out = append(append(out, byte(n)), c[:n]...)
		c = c[n:]
	}
	out = append(out, 0)
	out = append(out, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0)
	return append(out, 0x3b)
}

// WebP writes a RIFF WEBP file of the chunks given after a tiny VP8L
// bitstream chunk.
func WebP(chunks ...Chunk) []byte {
	var body []byte
	add := func(kind string, data []byte) {
		body = append(body, kind...)
		body = binary.LittleEndian.AppendUint32(body, uint32(len(data)))
		body = append(body, data...)
		if len(data)%2 == 1 {
			body = append(body, 0)
		}
	}
	add("VP8L", []byte{0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0})
	for _, c := range chunks {
		add(c.Type, c.Data)
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+len(body)))
	return append(append(out, "WEBP"...), body...)
}

// PDF writes a PDF of the objects given (each the text between "N 0 obj"
// and "endobj", numbered from 1), with a cross-reference table and a
// trailer whose root is object 1; trailer adds to the trailer dictionary.
func PDF(trailer string, objects ...[]byte) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(o)
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, trailer, xref)
	return b.Bytes()
}

// PDFStream is a stream object: the dictionary entries given, its
// /Length, and its data.
func PDFStream(dict string, data []byte) []byte {
	return append(fmt.Appendf(nil, "<< %s /Length %d >>\nstream\n", dict, len(data)), append(data, "\nendstream"...)...)
}
