package config

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/allow"
)

// secret_sha256 allows a secret by the digest of its text, or by
// ggshield's ignore hash of it; anything but a SHA-256 in hex is an
// error, not a list that silently allows nothing.
func TestSecretSHA256(t *testing.T) {
	digest := func(s string) string { sum := sha256.Sum256([]byte(s)); return hex.EncodeToString(sum[:]) }
	cfg, err := Parse([]byte("[[allowlists]]\nsecret_sha256 = ['" + strings.ToUpper(digest("s3cr3t-one")) + "', '" + digest("s3cr3t-two,apikey") + "']\n"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := cfg.AllowSet(nil)
	if err != nil {
		t.Fatal(err)
	}
	for secret, want := range map[string]bool{"s3cr3t-one": true, "s3cr3t-two": true, "s3cr3t-three": false, "": false} {
		if got := set.Allows(&allow.Candidate{Secret: secret}); got != want {
			t.Errorf("%q allowed = %v, want %v", secret, got, want)
		}
	}
	if got := set[0].UnmatchedHashes(); len(got) != 0 {
		t.Errorf("digests that allowed a secret are listed as unmatched: %v", got)
	}
	cfg, err = Parse([]byte("[[allowlists]]\nsecret_sha256 = ['" + digest("never seen") + "']\n"))
	if err != nil {
		t.Fatal(err)
	}
	if set, err = cfg.AllowSet(nil); err != nil {
		t.Fatal(err)
	}
	set.Allows(&allow.Candidate{Secret: "s3cr3t-one"})
	if got := set[0].UnmatchedHashes(); len(got) != 1 || got[0] != digest("never seen") {
		t.Errorf("unmatched digests: %v", got)
	}
	cfg, err = Parse([]byte("[[allowlists]]\nsecret_sha256 = ['abc123']\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.AllowSet(nil); err == nil || !strings.Contains(err.Error(), `secret_sha256[0]: "abc123" is not a SHA-256`) {
		t.Errorf("a short digest: %v", err)
	}
}
