package detect

import "bytes"

// macroDirectives define a name as the rest of their line: RPM spec files'
// %define and %global (rpm.org, "Macros"), NASM's %define.
var macroDirectives = [...][]byte{[]byte("%define"), []byte("%global")}

// macroDefine reports a name defined by a macro directive first on its
// line: %define PASSWORD "v", %global token v.
func macroDefine(data []byte, ks int) bool {
	i := ks - 1
	for i >= 0 && isBlank(data[i]) {
		i--
	}
	if i == ks-1 {
		return false
	}
	for _, d := range macroDirectives {
		j := i + 1 - len(d)
		if j >= 0 && bytes.Equal(data[j:i+1], d) && lineStartsAt(data, j) {
			return true
		}
	}
	return false
}

// fromMacroBody reads a macro's body at i: a quoted string, or one word
// that is the whole rest of the line (a body of several words is an
// expression or text).
func (a assignment) fromMacroBody(data []byte, i int, buf *[]byte) (assignment, bool) {
	if v, ok := readQuoted(data, i, buf); ok {
		a.set(v)
		return a, true
	}
	v := readBare(data, i, syntaxEnv)
	if v.end == v.start || v.end < len(data) && !isLineEnd(data[v.end]) || bytes.IndexByte(data[v.start:v.end], '%') >= 0 {
		return a, false // %{...} and %(...) expand other macros
	}
	a.set(v)
	return a, true
}
