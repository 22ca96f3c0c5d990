package detect

import (
	"bytes"
	"testing"
)

// FuzzReadAssignment reads the assignment at every key word of arbitrary
// text: it must never panic, and what it returns must lie inside the text,
// within the reach the engine promises.
func FuzzReadAssignment(f *testing.F) {
	for _, s := range []string{
		"DB_PASSWORD=x", "password: \"a\\\"b\"", "<password>\n  x\n</password>", "setPassword(\"x\")",
		"new PasswordAuthentication(\"u\", \"p\")", "auth=(\"u\",\"p\")", "- name: TOKEN\n  value: x",
		"<add key=\"Password\" value=\"x\"/>", "--password x", "var token string = `x`", "key: \"\\u00e9\"",
		"password", "password=", "(\"password\"", "<password>", "token: f\"{x}\"", "pass\x00word=\xff",
		"ID:u PW:v", "a ID/PW:u/v", "Password for root: v", "Initial Password: v", "%define PASSWORD v",
		"f(h, CURLOPT_PASSWORD, \"v\")", "SECRET = getenv(\"A\", \"v\")", "x = \"\"\"\npassword: v\n\"\"\"", "+  \"password\": \"v\"",
		"passwd: files", "X3_PSWD=v", "Authorization: Bearer v", "Authorization:\n  - Bearer v", "token: Bearer v \\",
		"key = Base64.getDecoder().decode(\"v\")", "setKey(Base64.decode(\"v\"))", "A_KEY=v \\\nrun", "s,^\\(password=\\).*,\\1'",
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, syn uint8) {
		var buf []byte
		for _, w := range keyWords {
			for i := 0; ; {
				j := bytes.Index(lowerASCII(nil, data[i:]), []byte(w))
				if j < 0 {
					break
				}
				hs := i + j
				a, ok := readAssignment(data, hs, hs+len(w), fileSyntax(syn%8), &buf)
				if ok {
					if a.keyStart < 0 || a.keyEnd > len(data) || a.keyStart > a.keyEnd {
						t.Fatalf("name [%d,%d) outside the text (%d bytes)", a.keyStart, a.keyEnd, len(data))
					}
					if a.valStart < 0 || a.valEnd > len(data) || a.valStart > a.valEnd || a.valEnd-a.valStart > maxValueLen {
						t.Fatalf("value [%d,%d) outside the text or the reach", a.valStart, a.valEnd)
					}
					if a.valStart-a.keyEnd > 2*maxNameLen+maxValueLen {
						t.Fatalf("value at %d too far from its name ending at %d", a.valStart, a.keyEnd)
					}
					_ = keyPath(data, a.keyStart, a.keyEnd, fileSyntax(syn%8))
				}
				i = hs + 1
			}
		}
	})
}
