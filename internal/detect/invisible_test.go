package detect_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestInvisibleCharactersAndLookalikesInNames: a zero-width character, a
// direction control or a Cyrillic or Greek look-alike written into a key
// name hid the value assigned to it, and one inside a token hid the
// token. The line is read again without them, the secret placed at its
// bytes in the file; Cyrillic and Greek words are not read as Latin, and a
// look-alike inside a value is never folded into the secret.
func TestInvisibleCharactersAndLookalikesInNames(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	g := testutil.NewGen(701)
	tok, awsSecret := g.GitHubToken("ghp_"), g.AWSSecret()
	cases := []struct {
		name, file, text string
		rule, secret     string
		encoding         string
		// at is what precedes the secret on its line, for its column.
		at string
	}{
		{"zero-width joiner in a name", "app.py", "pass\u200dword = \"Tr0ub4dor&3xq!Zp\"\n", "generic-password", "Tr0ub4dor&3xq!Zp", "", "pass\u200dword = \""},
		{"word joiner in a YAML key", "db.yaml", "db:\n  pass\u2060word: 'Xk29!qLm#7Zp'\n", "generic-password", "Xk29!qLm#7Zp", "", "  pass\u2060word: '"},
		{"Cyrillic a in a name", "app.py", "p\u0430ssword = \"Tr0ub4dor&3xq!Zp\"\n", "generic-password", "Tr0ub4dor&3xq!Zp", "", "p\u0430ssword = \""},
		{"Cyrillic capitals in an env name", "prod.env", "\u0410WS_SECR\u0415T_ACCESS_K\u0415Y=" + awsSecret + "\n", "aws-secret-access-key", awsSecret, "", "\u0410WS_SECR\u0415T_ACCESS_K\u0415Y="},
		{"Greek omicron in a name", "ci.env", "GITHUB_T\u039fKEN_PASSWORD=Hx83!kq2LzP0\n", "generic-password", "Hx83!kq2LzP0", "", "GITHUB_T\u039fKEN_PASSWORD="},
		{"zero-width space inside a token", "notes.txt", "token: " + tok[:12] + "\u200b" + tok[12:] + "\n", "github-personal-access-token", tok, detect.EncodingZeroWidth, "token: "},
		{"soft hyphen inside a token", "notes.txt", "see " + tok[:20] + "\u00ad" + tok[20:] + "\n", "github-personal-access-token", tok, detect.EncodingZeroWidth, "see "},
	}
	for _, c := range cases {
		ms := s.ScanFile(c.file, []byte(c.text))
		var found *detect.Match
		for i := range ms {
			if ms[i].Rule.ID == c.rule && ms[i].Secret == c.secret {
				found = &ms[i]
			}
		}
		if found == nil {
			t.Errorf("%s: not found in %q: %v", c.name, c.text, ms)
			continue
		}
		line := strings.Count(c.text[:strings.Index(c.text, c.at)], "\n") + 1
		if found.Line != line || found.Column != len(c.at)+1 || found.Encoding != c.encoding {
			t.Errorf("%s: at %d:%d encoding %q, want %d:%d %q", c.name, found.Line, found.Column, found.Encoding, line, len(c.at)+1, c.encoding)
		}
	}

	// Cyrillic and Greek text is not read as Latin: no name appears.
	for _, text := range []string{
		"деньги = \"Tr0ub4dor&3xq!Zp\"\n", // a Russian name, in no rule
		"Ρασσωορδ: Xk29!qLm#7Zp\n",        // Greek letters only
	} {
		if ms := s.ScanFile("notes.txt", []byte(text)); len(ms) != 0 {
			t.Errorf("%q: %d findings, first %s %q", text, len(ms), ms[0].Rule.ID, ms[0].Secret)
		}
	}
	// A look-alike inside a value stays in the secret as the file has it.
	ms := s.ScanFile("app.py", []byte("password = \"Xk29!qLm#7Z\u0440\"\n"))
	if len(ms) != 1 || ms[0].Secret != "Xk29!qLm#7Z\u0440" {
		t.Errorf("look-alike in a value: %v", ms)
	}
}

// BenchmarkScanCyrillic is text in Cyrillic with the punctuation that
// shares a first byte with invisible characters: it costs the test of
// each such character, never a view.
func BenchmarkScanCyrillic(b *testing.B) {
	line := "Привет, мир. Это обычный текст — «про пароль» и секрет, ничего больше; config = значение.\n"
	data := []byte(strings.Repeat(line, (8<<20)/len(line)))
	s := catalogueEngine(b).NewScanner()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.ScanFile("notes.txt", data)
	}
}
