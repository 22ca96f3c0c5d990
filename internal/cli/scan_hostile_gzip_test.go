package cli

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// gzipMember is one gzip member holding data, with the header given.
func gzipMember(t *testing.T, h gzip.Header, data string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Header = h
	if _, err := zw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGzipMembersAndHeadersAreRead: gunzip writes every member of a
// gzip file one after another, and a member's header may carry a name,
// a comment and an extra field (RFC 1952 2.3.1: FNAME, FCOMMENT,
// FEXTRA). A key in a later member's data is read with the first's; a
// key in any member's comment or extra field went unread (exit 0). Bytes
// after the last member that start none made the scan incomplete (exit
// 2) unread: they are read as what follows the stream, and zero padding
// (which gunzip accepts) is no gap.
func TestGzipMembersAndHeadersAreRead(t *testing.T) {
	tok := testutil.NewGen(314).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok + "\n"
	plain := gzipMember(t, gzip.Header{}, "nothing here\n")
	foundAt(t, map[string]string{
		"data.gz":    plain + gzipMember(t, gzip.Header{Name: "other.txt"}, env),
		"comment.gz": plain + gzipMember(t, gzip.Header{Comment: env}, "nothing\n"),
		"extra.gz":   gzipMember(t, gzip.Header{Name: "a.txt", Comment: "built by make", Extra: []byte("LH\x00\x00" + env)}, "nothing\n"),
		"later.gz":   plain + gzipMember(t, gzip.Header{Extra: []byte(env)}, "nothing\n"),
		"tail.gz":    plain + env,
		"padded.gz":  plain + strings.Repeat("\x00", 512),
	}, tok, ExitFindings, "data.gz!content", "comment.gz!(gzip comment)", "extra.gz!(gzip extra field)", "later.gz!(gzip extra field)",
		"tail.gz!(after gzip end)")
}
