package detect_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestTokenAfterALengthInCompiledCode: compiled code stores a string after
// its length, and a length that is a letter or a digit ('7' before 55
// bytes) stood against the token, so no word boundary was there and the
// token was not found. Java class files, Python .pyc files and WebAssembly
// data segments, each with the token at the lengths that make that byte
// a word character: found. The same token run into a word in text is not.
func TestTokenAfterALengthInCompiledCode(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	g := testutil.NewGen(51)
	// Slack bot tokens of 55 bytes ('7') and 57 ('9').
	for _, tok := range []string{
		"xoxb-" + g.String("0123456789", 12) + "-" + g.String("0123456789", 12) + "-" + g.String(testutil.Base62, 24),
		"xoxb-" + g.String("0123456789", 13) + "-" + g.String("0123456789", 13) + "-" + g.String(testutil.Base62, 24),
	} {
		header := append([]byte("\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x10"), bytes.Repeat([]byte{0}, 16)...)
		class := append(binary.BigEndian.AppendUint16(append(header, 0x01), uint16(len(tok))), tok...)
		pyc := append(append(bytes.Repeat([]byte{0}, 16), "\xe3\x00\x00\x00\x00\x00\x00\x00\x29\x02z"+string(rune(len(tok)))...), tok...)
		wasm := append(append([]byte("\x00asm\x01\x00\x00\x00\x0b\x3c\x01\x00\x41\x00\x0b"), byte(len(tok))), tok...)
		for name, data := range map[string][]byte{"Config.class": class, "config.cpython-311.pyc": pyc, "module.wasm": wasm} {
			data = append(data, bytes.Repeat([]byte{0, 1, 2, 3}, 64)...)
			found := false
			for _, m := range s.ScanFile(name, data) {
				found = found || m.Secret == tok
			}
			if !found {
				t.Errorf("%s: the %d-byte token after its length byte %q was not found", name, len(tok), byte(len(tok)))
			}
		}
		if ms := s.ScanFile("notes.txt", []byte("id 7"+tok+"\n")); len(ms) != 0 && ms[0].Secret == tok {
			t.Errorf("text: a token run into a word (7xoxb-...) was found")
		}
	}
}
