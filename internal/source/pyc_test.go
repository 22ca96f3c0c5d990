package source

import (
	"strings"
	"testing"
)

// TestPycStringsAreRead: a compiled module whose constants are a token
// and None holds the token glued to marshal's 'N': its strings are read
// out one a line, whether the file is named .pyc or told by its magic.
// The bytes are those CPython 3.11 writes for T = "<token>", the token
// put in.
func TestPycStringsAreRead(t *testing.T) {
	const token = "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"
	pyc := "\xa7\r\r\n\x00\x00\x00\x00eI\x0ek/\x00\x00\x00\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xf3\n\x00\x00\x00\x97\x00d\x00Z\x00d\x01S\x00)\x02\xda(" +
		token +
		"N)\x01\xda\x01T\xa9\x00\xf3\x00\x00\x00\x00\xfa\x06mod.py\xfa\x08<module>r\x07\x00\x00\x00\x01\x00\x00\x00s\x0e\x00\x00\x00\xf0\x03\x01\x01\x01\xd8\x04.\x80\x01\x80\x01\x80\x01r\x05\x00\x00\x00"
	for _, name := range []string{"__pycache__/mod.cpython-311.pyc", "cache/blob"} {
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: []byte(pyc)})
		if !strings.Contains("\n"+got[name+"!(pyc strings)"], "\n"+token+"\n") || len(rep.notices) > 0 {
			t.Errorf("%s: strings %q %+v", name, got[name+"!(pyc strings)"], rep.notices)
		}
	}
}
