package cli

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/leakhound/leakhound/internal/testutil"
)

// utf16Bytes encodes s as UTF-16, little- or big-endian, without a byte
// order mark.
func utf16Bytes(s string, bigEndian bool) string {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return string(out)
}

// TestUTF16AfterOtherContentIsDecoded: UTF-16 text was decoded only when
// the content's first bytes were UTF-16. A plain file that turns UTF-16
// after its start (past the 8000 bytes that are looked at, or sooner,
// which made it "binary"), a .NET string heap or a Windows resource in
// an executable, held a token no rule read (exit 0). Runs of UTF-16
// characters in content read as bytes are decoded now, as FILE!(utf-16
// text), in a stream as long as a piece too.
func TestUTF16AfterOtherContentIsDecoded(t *testing.T) {
	tok := testutil.NewGen(815).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok + "\n"
	config := strings.Repeat("retries = 3\n", 900) // 10,800 bytes
	exe := "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + strings.Repeat("\x00\x01\x8b\x45", 300)
	foundAt(t, map[string]string{
		"late.env":     config + utf16Bytes(env, false),
		"soon.env":     "x = 1\n" + utf16Bytes("# deploy\n"+env, false),
		"late-be.env":  config + utf16Bytes(env, true),
		"odd.env":      config + "!" + utf16Bytes(env, false), // at an odd offset
		"app.exe":      exe + utf16Bytes("ConnectionString\x00"+env, false) + exe,
		"long.env":     strings.Repeat(config, 500) + utf16Bytes(env, false), // over a 4 MiB piece
		"plain16.env":  utf16Bytes(env, false),                               // decoded whole, as before
		"nothing.data": exe + utf16Bytes("no secret here at all\n", false),
	}, tok, ExitFindings, "late.env!(utf-16 text)", "soon.env!(utf-16 text)", "late-be.env!(utf-16 text)",
		"odd.env!(utf-16 text)", "app.exe!(utf-16 text)", "long.env!(utf-16 text)", "plain16.env")
}
