package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestFoldedLinesAreUnfolded: iCalendar, vCard and LDIF fold a long line
// with a break and one blank, which reading takes out, so a token folded
// there is found whole, at its first piece; elsewhere a line that starts
// with a blank is a line of its own.
func TestFoldedLinesAreUnfolded(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(81).GitHubToken("ghp_")
	a, b := token[:23], token[23:]
	for file, text := range map[string]string{
		"invite.ics":  "BEGIN:VEVENT\r\nDESCRIPTION:deploy with " + a + "\r\n " + b + "\r\nEND:VEVENT\r\n",
		"contact.vcf": "BEGIN:VCARD\nNOTE:ci token " + a + "\n\t" + b + "\nEND:VCARD\n",
		"export.ldif": "dn: cn=ci,dc=example,dc=com\ndescription: " + a + "\n " + b + "\n",
	} {
		if found, ok := foundDecodedAt(s, file, text, token, detect.EncodingFolding, a); !ok {
			t.Errorf("%s: not found whole (found %v)", file, found)
		}
	}
	for _, m := range s.ScanFile("notes.txt", []byte("token "+a+"\n "+b+"\n")) {
		if m.Secret == token {
			t.Errorf("notes.txt: joined across a line break: %+v", m)
		}
	}
}
