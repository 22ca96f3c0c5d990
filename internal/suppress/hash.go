package suppress

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"

	"github.com/leakhound/leakhound/internal/finding"
)

// A recorded hash names a secret by the SHA-1 of its text in one file, as
// detect-secrets' baseline does: it holds wherever the line moves.
type recordedHash struct {
	origin string
	// real marks a secret the audit confirmed: suppressed like the others
	// (the baseline's owner knows it) and counted, so the report says so.
	real    bool
	matched bool
}

// AddSecretHash suppresses the secret whose text has the SHA-1 sum (hex)
// in path. origin says where the record was read, for messages.
func (s *Set) AddSecretHash(path, sum, origin string, real bool) {
	if s.hashes == nil {
		s.hashes = map[string]map[string][]int{}
	}
	byHash := s.hashes[path]
	if byHash == nil {
		byHash = map[string][]int{}
		s.hashes[path] = byHash
	}
	sum = strings.ToLower(sum)
	byHash[sum] = append(byHash[sum], len(s.recorded))
	s.recorded = append(s.recorded, recordedHash{origin: origin, real: real})
}

// hashSuppressed reports whether a recorded hash names f's secret in
// path: the hash of the whole secret, or of a word of it (detect-secrets
// records "BEGIN RSA PRIVATE KEY" for a whole PEM block, the password of a
// URL that leakhound reports with its user).
func (s *Set) hashSuppressed(f *finding.Finding, path string, words map[string]bool) bool {
	byHash := s.hashes[path]
	if len(byHash) == 0 || f.RawSecret == "" {
		return false
	}
	hit := false
	for sum := range words {
		for _, i := range byHash[sum] {
			s.recorded[i].matched = true
			hit = true
			if s.recorded[i].real {
				s.realSuppressed++
			}
		}
		if hit {
			return true
		}
	}
	return false
}

// secretHashes returns the SHA-1 sums of a secret and of its words: the
// runs of its first line between changes from letters and digits to
// other characters and back, up to maxWordLine bytes of it.
func secretHashes(secret string) map[string]bool {
	sums := map[string]bool{sha1Of(secret): true}
	line := secret
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	if len(line) > maxWordLine {
		line = line[:maxWordLine]
	}
	bounds := []int{0}
	for i := 1; i < len(line); i++ {
		if isAlnum(line[i]) != isAlnum(line[i-1]) {
			bounds = append(bounds, i)
		}
	}
	bounds = append(bounds, len(line))
	for a := 0; a < len(bounds); a++ {
		for b := a + 1; b < len(bounds); b++ {
			if w := strings.TrimSpace(line[bounds[a]:bounds[b]]); len(w) >= minWord {
				sums[sha1Of(w)] = true
			}
		}
	}
	return sums
}

const (
	// maxWordLine bounds the words hashed to those of a secret's first
	// 256 bytes: at most a few thousand hashes for one finding.
	maxWordLine = 256
	minWord     = 4
)

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func sha1Of(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// RealSuppressed returns how many places the last Filter suppressed for a
// record that marks the secret as real: known to the baseline's owner,
// and still to be rotated.
func (s *Set) RealSuppressed() int { return s.realSuppressed }
