package detect_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestShellEscapesInsideToken: PowerShell removes a backtick before a
// character and cmd.exe a caret (and a caret that ends a line with the
// break), so a token cut by one reaches the program whole: it is found
// whole, at its first byte, in scripts of those shells.
func TestShellEscapesInsideToken(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(71).GitHubToken("ghp_")
	a, b := token[:4], token[4:]
	// `b, `n, `t... stand for control characters: cut before another.
	cut := 17 + strings.IndexFunc(token[17:], func(r rune) bool { return !strings.ContainsRune("0abefnrtv", r) })
	c, d := token[:cut], token[cut:]
	for _, tc := range []struct{ file, text string }{
		{"deploy.ps1", `$x = "` + c + "`" + d + `"`},
		{"Module.psm1", `$x = "` + c + "`" + d + `"`},
		{"setenv.bat", `set X=` + a + "^" + b},
		{"run.cmd", `set X=` + c + "^" + d},
		{"run.cmd", "set X=" + c + "^\r\n" + d + "\r\n"},
	} {
		if found, ok := foundDecodedAt(s, tc.file, tc.text, token, detect.EncodingShell, token[:4]); !ok {
			t.Errorf("%s: %q: not found whole at its start (found %v)", tc.file, tc.text, found)
		}
	}
}

// TestShellEscapeQuotesValue: a value quoted with the shell's escaped
// quotes (cmd's ^", PowerShell's `") is read without them.
func TestShellEscapeQuotesValue(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for file, text := range map[string]string{
		"setenv.bat": `set DB_PASSWORD=^"Xk9#mPq2vLw7zR^"`,
		"init.ps1":   "$password = `\"Xk9#mPq2vLw7zR`\"",
	} {
		if found, ok := foundDecodedAt(s, file, text, "Xk9#mPq2vLw7zR", detect.EncodingShell, "Xk9#"); !ok {
			t.Errorf("%s: %q: the password was not read without its quotes (found %v)", file, text, found)
		}
	}
}

// TestShellEscapesOnlyInTheirScripts: elsewhere a caret or a backtick is
// text (a regular expression, Markdown), and a token cut by one is not
// joined.
func TestShellEscapesOnlyInTheirScripts(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(73).GitHubToken("ghp_")
	for _, text := range []string{"x = " + token[:9] + "^" + token[9:], "x = " + token[:9] + "`" + token[9:]} {
		for _, m := range s.ScanFile("notes.md", []byte(text+"\n")) {
			if m.Secret == token {
				t.Errorf("%q: joined outside a shell script: %+v", text, m)
			}
		}
	}
}
