package source

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestEBCDICTextIsDecoded: a job's control statements written in EBCDIC
// (code page 037 or 1047, NEL line ends, as z/OS keeps them) are decoded
// and scanned as FILE!(ebcdic text), line by line, besides the bytes as
// they are; ASCII, UTF-8 cut inside a character and Latin-1 text are not.
func TestEBCDICTextIsDecoded(t *testing.T) {
	const token = "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"
	jcl := "//DEPLOY   JOB (ACCT),CLASS=A\u0085//SYSIN    DD *\u0085  GITHUB_TOKEN=" + token + "\u0085/*\u0085"
	for _, cm := range []*charmap.Charmap{charmap.CodePage037, charmap.CodePage1047} {
		data, err := cm.NewEncoder().Bytes([]byte(jcl))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "deploy.jcl", Data: data})
		if lines := strings.Split(got["deploy.jcl!(ebcdic text)"], "\n"); len(lines) < 3 || lines[2] != "  GITHUB_TOKEN="+token {
			t.Errorf("%s: %q", cm, got)
		}
		if got["deploy.jcl"] != string(data) {
			t.Errorf("%s: the bytes were not scanned as they are", cm)
		}
	}
	latin1, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte(strings.Repeat("Déjà vu, crème brûlée. ", 20)))
	utf8Cut := []byte("a" + strings.Repeat("é", sniffLen)) // its head ends inside a character
	for name, data := range map[string][]byte{"notes.txt": []byte("GITHUB_TOKEN=" + token + "\n"), "menu.txt": latin1, "cut.txt": utf8Cut} {
		if got, _ := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: data}); len(got) != 1 {
			t.Errorf("%s: read as EBCDIC: %v", name, keysOfText(got))
		}
	}
}
