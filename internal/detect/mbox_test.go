package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestQuotedPrintableInMbox: an mbox starts each message with a "From "
// line before its headers; a message there that declares
// quoted-printable is read as an e-mail is, its soft line breaks and =3D
// taken out.
func TestQuotedPrintableInMbox(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(79).GitHubToken("ghp_")
	text := "From alice@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: hi\n\nhello\n\n" +
		"From bob@example.com Mon Jan  1 00:00:00 2024\nFrom: b@example.com\nSubject: creds\nMIME-Version: 1.0\n" +
		"Content-Transfer-Encoding: quoted-printable\n\ntoken=3D" + token[:20] + "=\n" + token[20:] + "\n"
	if found, ok := foundDecodedAt(s, "archive.mbox", text, token, detect.EncodingQuotedPrintable, token[:20]); !ok {
		t.Errorf("not found whole at its start (found %v)", found)
	}
}
