package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestTokenWrittenWithCSSEscapes: a stylesheet writes a character as a
// backslash and up to six hex digits, with a blank after when a hex
// digit follows (\67 hp_ is ghp_); a token so written in a string or a
// custom property was reported clean. Found in stylesheets; in other
// files \67 is no CSS escape.
func TestTokenWrittenWithCSSEscapes(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	tok := testutil.NewGen(54).GitHubToken("ghp_")
	for _, text := range []string{
		`.a::after { content: "\67 ` + tok[1:] + `"; }`,
		`:root { --token: "\000067` + tok[1:] + `"; }`,
		`.b { content: "` + tok[:3] + `\5f ` + tok[4:] + `"; }`,
		`.c { content: "\g` + tok[1:] + `"; }`,
	} {
		found := false
		for _, m := range s.ScanFile("theme.css", []byte(text+"\n")) {
			found = found || m.Secret == tok
		}
		if !found {
			t.Errorf("not found: %s", text)
		}
	}
}
