package detect_test

import (
	"bytes"
	"encoding/binary"
	"strings"
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

// protoField encodes one length-delimited protobuf field: the tag
// (field<<3 | wire type 2) and the length as varints, then the bytes.
func protoField(field int, value string) []byte {
	b := binary.AppendUvarint(nil, uint64(field<<3|2))
	b = binary.AppendUvarint(b, uint64(len(value)))
	return append(b, value...)
}

// TestTokenGluedToTheNextProtobufField: a protobuf string field is
// followed by the next field's tag, and field 6's tag is '2', field 8's
// 'B': the token ran into it and failed its closing word boundary, so a
// serialized message (a .pb file, a gRPC payload, a blob in a database)
// was reported clean. The length before the string tells where it ends.
// A longer string than the length allows, or the same bytes in text,
// are not cut short into a token.
func TestTokenGluedToTheNextProtobufField(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	g := testutil.NewGen(52)
	slack := "xoxb-" + g.String("0123456789", 12) + "-" + g.String("0123456789", 12) + "-" + g.String(testutil.Base62, 24)
	for _, tok := range []string{g.GitHubToken("ghp_"), g.AWSKeyID(), slack} {
		for _, next := range []int{6, 8, 15} {
			msg := append(protoField(1, "service"), protoField(5, tok)...)
			msg = append(msg, protoField(next, "prod-eu-1")...)
			// The same message in a gRPC frame (flag, u32 length) amid
			// binary data.
			frame := append(binary.BigEndian.AppendUint32([]byte{0}, uint32(len(msg))), msg...)
			frame = append(frame, bytes.Repeat([]byte{0, 1, 2, 3}, 16)...)
			// A Java serialized object: TC_STRING, a u2 length, then the
			// next TC_STRING ('t') or TC_ENDBLOCKDATA ('x').
			ser := append(binary.BigEndian.AppendUint16([]byte("\xac\xed\x00\x05t"), uint16(len(tok))), tok...)
			ser = append(ser, "t\x00\x05hellox"...)
			for name, data := range map[string][]byte{"config.pb": msg, "call.grpc": frame, "session.ser": ser} {
				found := false
				for _, m := range s.ScanFile(name, data) {
					if m.Secret != tok && strings.HasPrefix(m.Secret, tok[:4]) {
						t.Errorf("%s: reported %q, not the token %q", name, m.Secret, tok)
					}
					found = found || m.Secret == tok
				}
				if !found {
					t.Errorf("%s: %s followed by field %d's tag %q was not found", name, tok[:4], next, byte(next<<3|2))
				}
			}
		}
		// One word character more: the string is that long, and no
		// prefix of it is reported (a Slack tail may be that long).
		long := append(protoField(5, tok+"Q"), protoField(6, "x")...)
		for _, m := range s.ScanFile("config.pb", long) {
			if m.Secret != tok+"Q" {
				t.Errorf("a %d-byte string was cut into %q", len(tok)+1, m.Secret)
			}
		}
		text := "call(" + tok + "2 and more)\n"
		for _, m := range s.ScanFile("notes.txt", []byte(text)) {
			if m.Secret == tok && tok[:4] == "ghp_" {
				t.Errorf("text: a token run into a word after '(' was found")
			}
		}
	}
}
