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
	j := i + 1
	for j < len(data) && isLetter(data[j]) {
		j++
	}
	return j < len(data) && (data[j] == '>' || data[j] == '/' || data[j] == ' ') && dictionaryValueTag(data[i+1:j])
}

// dictionaryEntry reads the entry whose name data[hs:he] is inside a
// <key> element, its value the content of the value element after it:
// <key>ApiToken</key><string>V</string> in a plist, <Key>Password</Key>
// <Value>V</Value> in a KeePass XML export, <key>password</key>
// <value>V</value> in a Spring map. ok is false for anything else.
func dictionaryEntry(data []byte, hs, he int) (assignment, bool) {
	ks := hs
	for ks > 0 && he-ks < maxNameLen && isNameByte(data[ks-1]) {
		ks--
	}
	ke := he
	for ke < len(data) && ke-ks < maxNameLen && isNameByte(data[ke]) {
		ke++
	}
	const open, closing = "<key>", "</key>"
	if ks < len(open) || !bytes.EqualFold(data[ks-len(open):ks], []byte(open)) ||
		ke+len(closing) > len(data) || !bytes.EqualFold(data[ke:ke+len(closing)], []byte(closing)) {
		return assignment{}, false
	}
	class := classifyKey(data[ks:ke])
	if class == classNone {
		return assignment{}, false
	}
	i := ke + len(closing)
	for i < len(data) && i-ke < 256 && isSpace(data[i]) {
		i++
	}
	if i >= len(data) || data[i] != '<' {
		return assignment{}, false
	}
	tag := i + 1
	for tag < len(data) && isLetter(data[tag]) {
		tag++
	}
	name := data[i+1 : tag]
	if tag >= len(data) || data[tag] != '>' || !dictionaryValueTag(name) {
		return assignment{}, false
	}
	vs := tag + 1
	end := bytes.IndexByte(data[vs:min(len(data), vs+maxValueLen)], '<')
	if end <= 0 || !bytes.HasPrefix(data[vs+end:], []byte("</")) || !bytes.HasPrefix(bytes.ToLower(data[vs+end+2:min(len(data), vs+end+2+len(name))]), bytes.ToLower(name)) {
		return assignment{}, false
	}
	v := bytes.TrimSpace(data[vs : vs+end])
	if len(v) == 0 {
		return assignment{}, false
	}
	start := vs + bytes.Index(data[vs:vs+end], v)
	return assignment{keyStart: ks, keyEnd: ke, valStart: start, valEnd: start + len(v), value: v, quoted: true, class: class}, true
}

func dictionaryValueTag(name []byte) bool {
	for _, t := range dictionaryValueTags {
		if bytes.EqualFold(name, []byte(t)) {
			return true
		}
	}
	return false
}
