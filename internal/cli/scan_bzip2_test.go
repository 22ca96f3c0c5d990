package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// bzip2Bytes compresses data as bzip2(1) does with args.
func bzip2Bytes(t *testing.T, data []byte, args ...string) []byte {
	return testutil.Compressed(t, "bzip2", data, args...)
}

// TestBzip2IsOpened: bzip2 files, tarballs, zip members of method 12,
// a .deb's data.tar.bz2 and makeself --bzip2 installers were named as
// not opened (exit 2 with a token inside, found by nothing), or, for an
// installer, scanned as the script's bytes (exit 0). They are
// decompressed now, over several blocks and concatenated streams; a
// stream cut short or damaged is named, exit 2.
func TestBzip2IsOpened(t *testing.T) {
	tok := testutil.NewGen(631).GitHubToken("ghp_")
	env := []byte(strings.Repeat("# exported settings\n", 40) + "GITHUB_TOKEN=" + tok + "\n")
	tarball := testutil.Tar(t, testutil.M("./etc/app.env", string(env)))
	// Varied filler over 100 KB, so bzip2 -1 puts the token in a later block.
	var long bytes.Buffer
	for i := range 12000 {
		long.WriteString("filler line " + strings.Repeat("x", i%17) + " of a long log\n")
	}
	long.Write(env)
	twoStreams := append(bzip2Bytes(t, []byte("first stream\n")), bzip2Bytes(t, env)...)
	deb := testutil.Ar(testutil.M("debian-binary", "2.0\n"), testutil.Member{Name: "data.tar.bz2", Content: bzip2Bytes(t, tarball)})
	foundAt(t, map[string]string{
		"secrets.env.bz2":  string(bzip2Bytes(t, env)),
		"backup.tar.bz2":   string(bzip2Bytes(t, tarball, "-9")),
		"backup2.tbz2":     string(bzip2Bytes(t, tarball, "-1")),
		"app_1.2_all.deb":  string(deb),
		"bundle.zip":       string(testutil.Zip(t, testutil.Member{Name: "notes.txt.bz2", Content: bzip2Bytes(t, env)})),
		"method12.zip":     string(zipWithMethod(t, "conf/app.env", 12, env, bzip2Bytes(t, env))),
		"logs/app.log.bz2": string(bzip2Bytes(t, long.Bytes(), "-1")),
		"logs/rotated.bz2": string(twoStreams),
		// A makeself --bzip2 installer.
		"install.run": "#!/bin/sh\nexec tail -n +4 \"$0\" | bzip2 -d | tar x\nexit 0\n" + string(bzip2Bytes(t, tarball)),
	}, tok, ExitFindings,
		"secrets.env.bz2!secrets.env", "backup.tar.bz2!etc/app.env", "backup2.tbz2!etc/app.env",
		"app_1.2_all.deb!data.tar.bz2!etc/app.env", "bundle.zip!notes.txt.bz2!notes.txt", "method12.zip!conf/app.env",
		"logs/app.log.bz2!app.log", "logs/rotated.bz2!rotated", "install.run!(appended archive)!etc/app.env")

	whole := bzip2Bytes(t, env)
	damaged := bytes.Clone(whole)
	damaged[len(damaged)/2] ^= 0x55
	stderr := foundAt(t, map[string]string{
		"cut.env.bz2":     string(whole[:len(whole)/2]),
		"damaged.env.bz2": string(damaged),
		"bad-member.zip":  string(zipWithMethod(t, "conf/app.env", 12, env, damaged)),
		// bzip2 -d ignores what follows a stream; it is named here.
		"trailing.env.bz2": string(bzip2Bytes(t, []byte("first\n"))) + "GITHUB_TOKEN=" + tok + "\n",
	}, tok, ExitError)
	for _, name := range []string{"cut.env.bz2!cut.env", "damaged.env.bz2!damaged.env", "bad-member.zip!conf/app.env", "trailing.env.bz2!trailing.env"} {
		if !strings.Contains(stderr, name+": damaged archive") {
			t.Errorf("%s is not named as damaged:\n%s", name, stderr)
		}
	}
}
