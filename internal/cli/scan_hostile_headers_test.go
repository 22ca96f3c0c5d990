package cli

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestScanGitReadsEveryCommitHeader: a commit holds more than its author,
// committer and message. A signature (gpgsig, gpgsig-sha256), a merged
// tag (mergetag, with the tag's message) and any header `git hash-object
// -t commit` writes are pushed with it; a key in one went unread (exit 0).
// So did a message's bytes after a NUL, where git log stops, and a
// message git log re-encodes from the charset its encoding header names.
func TestScanGitReadsEveryCommitHeader(t *testing.T) {
	g := testutil.NewGen(311)
	r := testutil.NewRepo(t)
	base := r.Write2(map[string]string{"README": "hello\n"}, "initial")
	tree := strings.TrimSpace(r.Git("rev-parse", base+"^{tree}"))
	who := "A U Thor <a@example.com> 1700000000 +0000"
	headers := map[string]func(tok string) string{
		"gpgsig": func(tok string) string {
			return "gpgsig -----BEGIN PGP SIGNATURE-----\n \n GITHUB_TOKEN=" + tok + "\n -----END PGP SIGNATURE-----\n"
		},
		"gpgsig-sha256": func(tok string) string {
			return "gpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n GITHUB_TOKEN=" + tok + "\n -----END SSH SIGNATURE-----\n"
		},
		"mergetag": func(tok string) string {
			return "mergetag object " + base + "\n type commit\n tag v1\n tagger " + who + "\n \n release: GITHUB_TOKEN=" + tok + "\n"
		},
		"made up": func(tok string) string { return "x-deploy GITHUB_TOKEN=" + tok + "\n" },
	}
	messages := map[string]func(tok string) (header, message string){
		"NUL": func(tok string) (string, string) { return "", "release\x00GITHUB_TOKEN=" + tok + "\n" },
		"encoding": func(tok string) (string, string) {
			return "encoding UTF-16LE\n", "GITHUB_TOKEN=" + tok + "\n"
		},
	}
	for name, m := range messages {
		headers[name] = func(tok string) string { h, _ := m(tok); return h }
	}
	want := map[string]string{}
	for name, header := range headers {
		tok := g.GitHubToken("ghp_")
		want[tok] = name
		message := name + "\n"
		if m, ok := messages[name]; ok {
			_, message = m(tok)
		}
		commit := "tree " + tree + "\nparent " + base + "\nauthor " + who + "\ncommitter " + who + "\n" + header(tok) + "\n" + message
		r.Git("update-ref", "refs/heads/"+strings.ReplaceAll(name, " ", "-"), gitHashObject(t, r.Dir, "commit", commit))
	}
	for _, reader := range []string{"git", "auto"} {
		stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets", "--object-reader", reader)
		got := map[string]string{}
		for _, f := range decodeReport(t, stdout) {
			got[f.Secret] = f.Path
		}
		for tok, name := range want {
			if got[tok] != "(commit headers)" {
				t.Errorf("reader %s: the key in a %s header: %q", reader, name, got[tok])
			}
		}
		if code != ExitFindings || len(got) != len(want) {
			t.Errorf("reader %s: exit %d, %v\n%s", reader, code, got, stderr)
		}
	}
}

// TestScanGitReadsEveryTagHeader: a hand-made annotated tag may carry
// headers git does not write, and a message with a NUL (which had the
// message taken for binary): a key in either is pushed with the tag.
func TestScanGitReadsEveryTagHeader(t *testing.T) {
	g := testutil.NewGen(312)
	r := testutil.NewRepo(t)
	base := r.Write2(map[string]string{"README": "hello\n"}, "initial")
	inHeader, inMessage := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	tag := "object " + base + "\ntype commit\ntag v1\ntagger A U Thor <a@example.com> 1700000000 +0000\nx-deploy GITHUB_TOKEN=" + inHeader +
		"\n\nrelease\x00GITHUB_TOKEN=" + inMessage + "\n"
	r.Git("update-ref", "refs/tags/v1", gitHashObject(t, r.Dir, "tag", tag))
	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets")
	got := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		got[f.Secret] = f.Path
	}
	if code != ExitFindings || got[inHeader] != "(tag message: v1)" || got[inMessage] != "(tag message: v1)" {
		t.Errorf("exit %d, %v\n%s", code, got, stderr)
	}
}
