package detect

import "bytes"

// A plist's dict and Spring's map write an entry's name in a <key>
// element and its value in the element after it (<key>apiKey</key>
// <string>...</string>); a configuration file also names a setting
// <Key>, its content the value (<pepipost><api><key>V</key></api>).

// dictionaryValueTags are the elements that hold a dictionary entry's
// value after its <key>: plist's value types and Spring's <value>.
var dictionaryValueTags = []string{"string", "data", "integer", "real", "date", "true", "false", "dict", "array", "value"}

// dictionaryKey reports whether the <key> element whose name ends at ke is
// a dictionary's key: one of dictionaryValueTags follows its closing tag.
// A <key> whose closing tag is not found on its line is taken for one, as
// the element cannot be read as a value then.
func dictionaryKey(data []byte, ke int) bool {
	le := lineEndAt(data, ke)
	c := bytes.Index(bytes.ToLower(data[ke:le]), []byte("</key>"))
	if c < 0 {
		return true
	}
	i := ke + c + len("</key>")
	for i < len(data) && i-ke < 256 && isSpace(data[i]) {
		i++
	}
	if i >= len(data) || data[i] != '<' {
		return false
	}
	for _, t := range dictionaryValueTags {
		if j := i + 1 + len(t); j < len(data) && bytes.EqualFold(data[i+1:j], []byte(t)) && (data[j] == '>' || data[j] == '/' || data[j] == ' ') {
			return true
		}
	}
	return false
}
