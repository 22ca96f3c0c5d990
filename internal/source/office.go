package source

import (
	"bytes"
	"path"
	"strings"
)

// Office Open XML documents (docx, pptx, xlsx) and OpenDocument files
// (odt, ods, odp) are zips whose text sits in XML parts, cut into runs
// wherever formatting, spell-checking or an edit changed: a token pasted
// into a document can span several <w:t> or <text:span> elements, with
// tags between its pieces. Those parts are scanned as their text, each
// paragraph or table row a line, references decoded.

// officeText tells whether an archive member, whose content starts with
// head, is a text part of an Office Open XML document (ECMA-376 part
// names) or of an OpenDocument file (OASIS ODF 1.2 part 3: content.xml
// holds the body, styles.xml headers and footers, at the package's root;
// told by its root element, as the name alone is common).
func officeText(member string, head []byte) bool {
	dir, file := path.Split(member)
	if path.Ext(file) != ".xml" {
		return false
	}
	switch dir {
	case "word/":
		return file == "document.xml" || file == "footnotes.xml" || file == "endnotes.xml" || file == "comments.xml" ||
			strings.HasPrefix(file, "header") || strings.HasPrefix(file, "footer")
	case "ppt/slides/", "ppt/notesSlides/", "ppt/comments/", "xl/threadedComments/":
		return true
	case "xl/":
		return file == "sharedStrings.xml" || strings.HasPrefix(file, "comments") // cell notes
	case "xl/worksheets/":
		return true // inline strings and formulas
	case "":
		return (file == "content.xml" || file == "styles.xml") &&
			bytes.Contains(head, []byte("<office:document-"))
	}
	return false
}

// xmlBreaks are the tags that end a line of a document's text (a
// paragraph, a shared string, a table row, a line break) or stand for
// white space (a table cell's end, a tab, ODF's <text:s/>), by name.
var xmlBreaks = map[string]byte{
	"/w:p": '\n', "/a:p": '\n', "/si": '\n', "/w:tc": '\n', "w:br/": '\n', "w:tab/": '\t',
	"/row": '\n', "/c": '\t', // Excel's worksheets
	"/text:p": '\n', "/text:h": '\n', "text:line-break/": '\n', "/table:table-row": '\n',
	"/table:table-cell": '\t', "text:tab/": '\t', "text:s/": ' ',
}

// xmlText returns the character data of an XML document: tags dropped,
// each of xmlBreaks written as its byte, character references and the
// five predefined entities decoded.
func xmlText(data []byte) []byte {
	out := make([]byte, 0, len(data)/2)
	for len(data) > 0 {
		lt := bytes.IndexByte(data, '<')
		if lt < 0 {
			lt = len(data)
		}
		out = appendUnescaped(out, data[:lt])
		if lt == len(data) {
			break
		}
		gt := bytes.IndexByte(data[lt:], '>')
		if gt < 0 {
			break
		}
		if b, ok := xmlBreak(data[lt+1 : lt+gt]); ok {
			out = append(out, b)
		}
		data = data[lt+gt+1:]
	}
	return out
}

// xmlBreak is what xmlBreaks writes for a tag: looked up by its name
// without its attributes, keeping the slash of an end tag or of an empty
// element (<text:s text:c="2"/> is "text:s/"). The lookups allocate
// nothing: a worksheet has a few tags a cell.
func xmlBreak(tag []byte) (byte, bool) {
	name := tag
	if i := bytes.IndexAny(tag, " \t\r\n"); i >= 0 {
		name = tag[:i]
		if bytes.HasSuffix(tag, []byte("/")) {
			var k [64]byte
			if len(name) >= len(k) {
				return 0, false // no break tag is that long
			}
			b, ok := xmlBreaks[string(append(append(k[:0], name...), '/'))]
			return b, ok
		}
	}
	b, ok := xmlBreaks[string(name)]
	return b, ok
}

var xmlEntities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'"}

// appendUnescaped appends XML character data with its references decoded.
func appendUnescaped(out, text []byte) []byte {
	for len(text) > 0 {
		amp := bytes.IndexByte(text, '&')
		if amp < 0 {
			return append(out, text...)
		}
		out = append(out, text[:amp]...)
		text = text[amp:]
		semi := bytes.IndexByte(text[:min(len(text), 12)], ';')
		if semi < 0 {
			out = append(out, '&')
			text = text[1:]
			continue
		}
		name := string(text[1:semi])
		if v, ok := xmlEntities[name]; ok {
			out = append(out, v...)
		} else if r, ok := charReference(name); ok {
			out = append(out, string(r)...)
		} else {
			out = append(out, text[:semi+1]...)
		}
		text = text[semi+1:]
	}
	return out
}

// charReference decodes the name of a character reference, #103 or #x67.
func charReference(name string) (rune, bool) {
	if !strings.HasPrefix(name, "#") || len(name) < 2 {
		return 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	var v rune
	for _, c := range digits {
		d := strings.IndexRune("0123456789abcdef"[:base], c|0x20)
		if d < 0 || v > 0x10FFFF {
			return 0, false
		}
		v = v*rune(base) + rune(d)
	}
	return v, digits != "" && v <= 0x10FFFF
}
