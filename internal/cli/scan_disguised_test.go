package cli

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestTextBehindAMediaSignatureIsScanned: a file starting with the
// signature of a font, video, audio or icon format and a NUL, then text,
// was skipped as media without a look at the rest: exit 0 with a token
// in plain text. Content whose first bytes are mostly text is scanned as
// bytes whatever its signature; real media, whose bytes are not, is still
// skipped.
func TestTextBehindAMediaSignatureIsScanned(t *testing.T) {
	g := testutil.NewGen(641)
	tok := g.GitHubToken("ghp_")
	text := "\n# settings\nGITHUB_TOKEN=" + tok + "\nDEBUG=0\n"
	files := map[string]string{}
	var want []string
	for name, magic := range map[string]string{
		"fonts/app.woff": "wOFF\x00\x01\x00\x00", "fonts/app.ttf": "\x00\x01\x00\x00\x00", "fonts/app.otf": "OTTO\x00",
		"media/clip.mp4": "\x00\x00\x00\x18ftypmp42", "media/clip.mkv": "\x1aE\xdf\xa3\x00", "media/a.ogg": "OggS\x00",
		"media/a.mp3": "ID3\x04\x00", "media/a.flac": "fLaC\x00", "img/favicon.ico": "\x00\x00\x01\x00", "img/a.bmp": "BM\x00\x00",
	} {
		files[name] = magic + text
		want = append(want, name)
	}
	// Real media: compressed bytes behind the signature, skipped.
	files["media/real.mp4"] = "\x00\x00\x00\x18ftypmp42" + g.String(noise, 6000)
	stderr := foundAt(t, files, tok, ExitFindings, want...)
	if !strings.Contains(stderr, "1 binary skipped") {
		t.Errorf("real media is not skipped:\n%s", stderr)
	}
}

// noise is every byte value, as compressed media holds them.
var noise = func() string {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return string(b)
}()

// TestTextWithANulOverTheSizeLimitIsNamed: content over --max-file-size
// with a NUL in its first bytes counted as binary, and binary over the
// limit is a notice only: a log or dump with one NUL near its start was
// skipped whole, exit 0. Over the limit, only content that is not mostly
// text counts as binary; the rest is named, exit 2.
func TestTextWithANulOverTheSizeLimitIsNamed(t *testing.T) {
	g := testutil.NewGen(642)
	tok := g.GitHubToken("ghp_")
	dump := "-- dump\x00\n" + strings.Repeat("INSERT INTO t VALUES (1, 'row');\n", 100) + "GITHUB_TOKEN=" + tok + "\n"
	r := testutil.NewRepo(t)
	r.Write2(map[string]string{"db/dump.sql": dump, "bin/tool": "\x7fELF\x02\x01\x01\x00" + g.String(noise, 6000)}, "add dump")
	_, stderr, code := scanFiles(t, map[string]string{"db/dump.sql": dump, "bin/tool": "\x7fELF\x02\x01\x01\x00" + g.String(noise, 6000)}, tok, "--max-file-size", "2KB")
	if code != ExitError || !strings.Contains(stderr, "db/dump.sql: larger than the 2000-byte limit") || strings.Contains(stderr, "bin/tool: larger") {
		t.Errorf("dir: exit %d\n%s", code, stderr)
	}
	_, stderr, code = gitFindings(t, r.Dir, "--max-file-size", "2KB")
	if code != ExitError || !strings.Contains(stderr, "db/dump.sql") || strings.Contains(stderr, "bin/tool: larger") {
		t.Errorf("git: exit %d\n%s", code, stderr)
	}
	// Inside an archive in history too.
	r.Write2(map[string]string{"backup.tgz": string(testutil.Gzip(t, "", testutil.Tar(t, testutil.M("db/dump.sql", dump))))}, "add backup")
	_, stderr, code = gitFindings(t, r.Dir, "--max-file-size", "2KB")
	if code != ExitError || !strings.Contains(stderr, "backup.tgz!db/dump.sql") {
		t.Errorf("git, archive: exit %d\n%s", code, stderr)
	}
}

// gitFindings scans the repository at dir with args and returns where
// each secret was found, stderr and the exit status.
func gitFindings(t *testing.T, dir string, args ...string) (map[string]string, string, int) {
	t.Helper()
	stdout, stderr, code := run(t, "", append([]string{"scan", "git", dir, "--format", "json", "--show-secrets"}, args...)...)
	got := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		got[f.Secret] = f.Path
	}
	return got, stderr, code
}

// TestTextAfterMediaBytesIsScanned: text put after the first bytes of a
// file that look like media (a signature, then more than the bytes the
// scan sniffs of compressed-looking noise) was skipped with the file,
// exit 0. The printable runs of skipped media are scanned now; real
// media holds none long enough to find a secret in.
func TestTextAfterMediaBytesIsScanned(t *testing.T) {
	g := testutil.NewGen(643)
	tok := g.GitHubToken("ghp_")
	text := "\n# settings\nGITHUB_TOKEN=" + tok + "\nDEBUG=0\n"
	files := map[string]string{}
	var want []string
	for name, magic := range map[string]string{
		"fonts/app.woff": "wOFF\x00\x01\x00\x00", "media/clip.mp4": "\x00\x00\x00\x18ftypmp42",
		"media/a.ogg": "OggS\x00", "img/favicon.ico": "\x00\x00\x01\x00",
	} {
		files[name] = magic + g.String(noise, 9000) + text + g.String(noise, 3000)
		want = append(want, name+"!(text in media)")
	}
	files["img/logo.png"] = "\x89PNG\r\n\x1a\n" + g.String(noise, 9000) + text
	want = append(want, "img/logo.png")
	foundAt(t, files, tok, ExitFindings, want...)
}

// TestUTF16TextInMediaIsScanned: a font keeps its names in UTF-16, and
// any media file may hold UTF-16 text among its bytes; only ASCII runs
// were read there, so a token written in UTF-16 in a font or a video
// passed (exit 0).
func TestUTF16TextInMediaIsScanned(t *testing.T) {
	g := testutil.NewGen(644)
	tok := g.GitHubToken("ghp_")
	wide := func(s string, bigEndian bool) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			if bigEndian {
				b.WriteByte(0)
				b.WriteByte(c)
			} else {
				b.WriteByte(c)
				b.WriteByte(0)
			}
		}
		return b.String()
	}
	text := "GITHUB_TOKEN=" + tok + "\n"
	files := map[string]string{
		"fonts/brand.ttf": "\x00\x01\x00\x00" + g.String(noise, 9000) + wide(text, true) + g.String(noise, 2000),
		"media/clip.mp4":  "\x00\x00\x00\x18ftypmp42" + g.String(noise, 9000) + wide(text, false) + g.String(noise, 2000),
	}
	foundAt(t, files, tok, ExitFindings, "fonts/brand.ttf!(utf-16 text)", "media/clip.mp4!(utf-16 text)")
}
