package cli

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// hostileCase is a file that hides a secret from patterns written for its
// characters, and where the scan must place it.
type hostileCase struct {
	name, content string
	line, column  int
	encoding      string
}

// scanEach writes each case to a folder of its own, scans it with scan dir
// and checks the secret is found where the case says.
func scanEach(t *testing.T, secret string, cases []hostileCase) {
	t.Helper()
	for _, c := range cases {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, c.name), []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--show-secrets")
		fs := decodeReport(t, stdout)
		found := false
		for _, f := range fs {
			if f.Secret == secret {
				found = true
				if f.Line != c.line || f.Column != c.column || f.Encoding != c.encoding {
					t.Errorf("%s: found at %d:%d (encoding %q), want %d:%d (%q)", c.name, f.Line, f.Column, f.Encoding, c.line, c.column, c.encoding)
				}
			}
		}
		if code != ExitFindings || !found {
			t.Errorf("%s: exit %d, secret not found in %+v\n%s", c.name, code, fs, stderr)
		}
	}
}

// TestEscapedSecretsAreFound: percent-encoding, JSON \u escapes, C \x and
// octal escapes, HTML character references, quoted-printable (an =XX and
// a soft line break inside the token) and a backslash-newline inside a
// string all hide a token from its pattern; each is decoded and the
// secret placed at its first byte in the file.
func TestEscapedSecretsAreFound(t *testing.T) {
	tok := testutil.NewGen(311).GitHubToken("ghp_")
	each := func(format string) string {
		var b strings.Builder
		for _, c := range []byte(tok) {
			fmt.Fprintf(&b, format, c)
		}
		return b.String()
	}
	mail := "From: ops@example.test\nSubject: new key\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n" +
		"Here is the token for the deploy pipeline, please keep it safe: " + tok[:10] + "=\n" + tok[10:] + "\n"
	scanEach(t, tok, []hostileCase{
		{"url.txt", "see https://api.example.test/v1?access_token=" + each("%%%02X") + "&x=1\n", 1, 46, "percent"},
		{"partial.txt", "callback: https://example.test/?t=ghp%5F" + tok[4:] + "\n", 1, 35, "percent"},
		{"unicode.json", "{\n  \"token\": \"" + each(`\u%04x`) + "\"\n}\n", 2, 13, "backslash"},
		{"bytes.c", "static const char *k = \"" + each(`\x%02x`) + "\";\n", 1, 25, "backslash"},
		{"octal.py", "k = b\"" + each(`\%03o`) + "\"\n", 1, 7, "backslash"},
		{"page.html", "<p>token: " + each("&#%d;") + "</p>\n", 1, 11, "html"},
		{"hexref.xml", "<t>" + each("&#x%x;") + "</t>\n", 1, 4, "html"},
		// HTML lets a page leave the semicolon out: a browser shows the token.
		{"nosemi.html", "<p>GITHUB_TOKEN=" + each("&#%d") + "</p>\n", 1, 17, "html"},
		{"named.html", "<p>token: ghp&lowbar;" + tok[4:] + "</p>\n", 1, 11, "html"},
		{"mail.eml", mail, 6, 65, "quoted-printable"},
		{"deploy.sh", "TOKEN=\"" + tok[:12] + "\\\n" + tok[12:] + "\"\n", 1, 8, "backslash"},
	})
}

// TestEscapesThatHideNothingAreNotReported: an escaped backslash before
// x41 is not an escape, Printf verbs are not percent-encoding, and an
// = outside an e-mail is an assignment: none of them turns text into a
// secret.
func TestEscapesThatHideNothingAreNotReported(t *testing.T) {
	tok := testutil.NewGen(312).GitHubToken("ghp_")
	dir := t.TempDir()
	files := map[string]string{
		// \\x67 is a backslash then x67: decoded as an escape it would
		// make ghp_ out of \x67\x68\x70_.
		"escaped.c": "char *k = \"\\\\x67\\\\x68\\\\x70_" + tok[4:] + "\";\n",
		"fmt.go":    "fmt.Printf(\"%2d%3d\", a, b)\n",
		"split.env": "A=" + tok[:10] + "=\n" + tok[10:] + "\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, _ := run(t, "", "scan", "dir", dir, "--format", "json", "--show-secrets")
	for _, f := range decodeReport(t, stdout) {
		if f.Secret == tok || f.Encoding != "" {
			t.Errorf("%s: reported %q (encoding %q)\n%s", f.Path, f.Secret, f.Encoding, stderr)
		}
	}
}

// TestWrappedBase64AndHexAreDecoded: base64 wrapped at 76 (MIME) or 64
// (PEM, OpenSSL) columns, indented in a YAML block, splits a token across
// lines; each line alone decodes to pieces of it. The lines are joined
// before decoding. A hex-encoded string is decoded too.
func TestWrappedBase64AndHexAreDecoded(t *testing.T) {
	tok := testutil.NewGen(313).GitHubToken("ghp_")
	config := []byte("# deploy settings\nregion = eu-west-1\nGITHUB_TOKEN=" + tok + "\nretries = 3\n")
	wrap := func(width int, indent string) string {
		enc := base64.StdEncoding.EncodeToString(config)
		var b strings.Builder
		for len(enc) > width {
			b.WriteString(indent + enc[:width] + "\n")
			enc = enc[width:]
		}
		b.WriteString(indent + enc + "\n")
		return b.String()
	}
	if lines := strings.Count(wrap(64, ""), "\n"); lines < 2 {
		t.Fatalf("the fixture must wrap: %d lines", lines)
	}
	scanEach(t, tok, []hostileCase{
		{"attachment.eml", "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + wrap(76, ""), 4, 1, "base64"},
		{"settings.b64", wrap(64, ""), 1, 1, "base64"},
		{"secret.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  settings: |\n" + wrap(64, "    "), 5, 5, "base64"},
		{"blob.txt", "payload = \"" + hex.EncodeToString(config) + "\"\n", 1, 12, "hex"},
	})
}

// TestEncryptedZipMemberIsNamed: a password-protected member cannot be
// read; it is named as encrypted and the scan is incomplete, while the
// other members are scanned.
func TestEncryptedZipMemberIsNamed(t *testing.T) {
	tok := testutil.NewGen(314).GitHubToken("ghp_")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, h := range []*zip.FileHeader{{Name: "locked.env", Flags: 0x1}, {Name: "open.env"}} {
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("GITHUB_TOKEN=" + tok + "\n"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bundle.zip"), buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	fs := decodeReport(t, stdout)
	if code != ExitError || len(fs) != 1 || fs[0].Path != "bundle.zip!open.env" {
		t.Errorf("exit %d, %+v", code, fs)
	}
	if !strings.Contains(stderr, "bundle.zip!locked.env: encrypted (password-protected) archive member, not opened") {
		t.Errorf("the encrypted member is not named: %s", stderr)
	}
}

// TestByteOrderMarkDoesNotHideText: a UTF-16 byte order mark put before a
// plain .env file, or a UTF-16 head before plain lines, used to make the
// whole file decode as UTF-16, the secret turned into CJK characters.
func TestByteOrderMarkDoesNotHideText(t *testing.T) {
	tok := testutil.NewGen(315).GitHubToken("ghp_")
	line := "GITHUB_TOKEN=" + tok + "\n"
	var head []byte
	for _, c := range strings.Repeat("# generated\r\n", 700) { // longer than what is sniffed
		head = append(head, byte(c), 0)
	}
	scanEach(t, tok, []hostileCase{
		{"bom.env", "\xff\xfe" + line, 1, 14, ""},
		{"head.ps1", string(head) + line, 701, 14, ""},
	})
}

// TestSymlinkOutOfTheTreeIsNamed: links are not followed; one that leads
// outside the scanned folder (a deploy folder's config linked from /etc)
// is named, so a clean result does not pass for having looked there. A
// link within the folder, a dangling one and a loop are not.
func TestSymlinkOutOfTheTreeIsNamed(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.env")
	if err := os.WriteFile(outside, []byte("GITHUB_TOKEN="+testutil.NewGen(316).GitHubToken("ghp_")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "inside.txt"), []byte("hello\n"), 0o600)
	for link, target := range map[string]string{"app.env": outside, "again.txt": "inside.txt", "gone": "nowhere", "loop": "loop"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	_, stderr, code := run(t, "", "scan", "dir", dir)
	if code != ExitClean || !strings.Contains(stderr, "app.env: symbolic link to a file or folder outside the scanned paths, not followed") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	for _, other := range []string{"again.txt", "gone", "loop"} {
		if strings.Contains(stderr, other) {
			t.Errorf("%s named: %s", other, stderr)
		}
	}
}

// TestOfficeDocumentTextIsScannedAcrossRuns: Word cuts a paragraph into
// runs wherever formatting or spell-checking changes, so a pasted token
// can sit in several <w:t> elements with tags between; the document's
// text is scanned, each paragraph a line.
func TestOfficeDocumentTextIsScannedAcrossRuns(t *testing.T) {
	tok := testutil.NewGen(317).GitHubToken("ghp_")
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		`<w:p><w:r><w:t>Deploy notes &amp; keys</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t xml:space="preserve">GITHUB_TOKEN=</w:t></w:r><w:r><w:t>` + tok[:9] + `</w:t></w:r>` +
		`<w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>` + tok[9:] + `</w:t></w:r><w:proofErr w:type="spellEnd"/></w:p>` +
		`</w:body></w:document>`
	docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": doc})
	// Line 1 is the XML declaration, line 2 the first paragraph.
	scanEach(t, tok, []hostileCase{{"runbook.docx", docx, 3, 14, ""}})
}

// TestAppendedArchivesAndZipCommentsAreScanned: a self-extracting
// installer is a script or an executable with an archive appended, which
// its first bytes do not show; a zip's comments are text no tool shows
// unasked. Each is scanned.
func TestAppendedArchivesAndZipCommentsAreScanned(t *testing.T) {
	tok := testutil.NewGen(318).GitHubToken("ghp_")
	line := "GITHUB_TOKEN=" + tok + "\n"
	bundle := zipOf(t, map[string]string{"conf/app.env": line})
	var commented bytes.Buffer
	zw := zip.NewWriter(&commented)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "readme.txt", Comment: "uploaded with " + line})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("hello\n"))
	if err := zw.SetComment("build " + line); err != nil {
		t.Fatal(err)
	}
	zw.Close()

	for name, content := range map[string]string{
		"install.sh":    "#!/bin/sh\nset -e\ntail -n +5 \"$0\" | tar xz\nexit 0\n" + string(testutil.Gzip(t, "", testutil.Tar(t, testutil.M("conf/app.env", line)))),
		"install.run":   "#!/bin/sh\nunzip -o \"$0\"\nexit 0\n" + bundle,
		"setup.exe":     "MZ\x90\x00\x03\x00\x00\x00" + strings.Repeat("\x00", 120) + bundle,
		"commented.zip": commented.String(),
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--show-secrets")
		var paths []string
		for _, f := range decodeReport(t, stdout) {
			if f.Secret == tok {
				paths = append(paths, f.Path)
			}
		}
		if code != ExitFindings || len(paths) == 0 {
			t.Errorf("%s: exit %d, found at %v\n%s", name, code, paths, stderr)
		}
		if name == "commented.zip" && len(paths) != 2 {
			t.Errorf("zip comments: found at %v, want the archive's and the member's", paths)
		}
	}
}
