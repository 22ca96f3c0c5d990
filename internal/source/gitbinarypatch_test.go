package source

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGitBinaryPatchesAreRead: a patch that git format-patch --binary
// writes for a binary file holds its new content, or a delta against the
// old, deflated and in git's base85: a token added to the file is in no
// run of the patch, and the patch was reported clean. Both hunks of a
// real patch, a literal and a delta, are decoded and inflated.
func TestGitBinaryPatchesAreRead(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	// Two tokens: a delta would copy the first from the old file.
	const token, token2 = "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", "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"
	dir := t.TempDir()
	git := func(args ...string) []byte {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		return out
	}
	write := func(data []byte) {
		if err := os.WriteFile(filepath.Join(dir, "app.bin"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		git("add", "app.bin")
		git("commit", "-q", "-m", "app")
	}
	git("init", "-q")
	old := bytes.Repeat([]byte("\x00\x01\x02 a binary section of the app "), 200)
	write(append(bytes.Clone(old), "\x00TOKEN="+token+"\x00"...)) // a literal: the file is new
	write(append(old[:3000], "\x00TOKEN2="+token2+"\x00"...))     // a delta against it
	for rev, token := range map[string]string{"HEAD~1": token, "HEAD": token2} {
		patch := git("format-patch", "-1", "--binary", "--stdout", rev)
		if !bytes.Contains(patch, []byte("GIT binary patch")) || bytes.Contains(patch, []byte(token)) {
			t.Fatalf("%s: no binary patch, or the token as it is", rev)
		}
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "fix.patch", Data: patch})
		found := false
		for name, text := range got {
			found = found || strings.HasPrefix(name, "fix.patch!(git binary patch 1)") && strings.Contains(text, "="+token)
		}
		if !found || len(rep.notices) > 0 {
			t.Errorf("%s: the binary patch was not read: %v %+v", rev, keysOfText(got), rep.notices)
		}
	}
}

// FuzzGitBinaryPatch: no text panics the hunk reader, and the hunks are
// shorter than the text (5 characters for each 4 bytes).
func FuzzGitBinaryPatch(f *testing.F) {
	f.Add([]byte("GIT binary patch\nliteral 66\nzcmb<mU}Q?ID9A4=QE>MR@d$N_5ApYQ^|MXSD2Vqg^z`-fkMc09@-O#vbutODbTmpg\nVarN-6wD8I_F)B3ia5Uv&005;S6LA0l\n\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		total := 0
		for _, h := range gitBinaryHunks(text) {
			total += len(h)
		}
		if total > len(text) {
			t.Errorf("%d bytes from %d of text", total, len(text))
		}
	})
}
