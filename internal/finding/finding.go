// Package finding defines what a scan reports: one secret at one place.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"
	"unicode/utf8"
)

// Finding is one occurrence of a secret. Secret is empty unless the user
// asked to see secrets; Fingerprint identifies the secret without it.
type Finding struct {
	RuleID      string    `json:"rule_id"`
	RuleName    string    `json:"rule_name"`
	Provider    string    `json:"provider"`
	Severity    string    `json:"severity"`
	Path        string    `json:"path"`
	Line        int       `json:"line"`
	Column      int       `json:"column"`
	Commit      string    `json:"commit,omitempty"`
	Author      string    `json:"author,omitempty"`
	Email       string    `json:"email,omitempty"`
	Date        time.Time `json:"date,omitzero"`
	Image       string    `json:"image,omitempty"`
	Layer       int       `json:"layer,omitempty"` // from 1, the base layer; 0 for the image config
	LayerDigest string    `json:"layer_digest,omitempty"`
	CreatedBy   string    `json:"created_by,omitempty"`
	Deleted     bool      `json:"deleted,omitempty"` // a later layer removed or replaced the file
	Encoding    string    `json:"encoding,omitempty"`
	// Confidence is high, medium or low: how sure the match is (see
	// detect.Confidence); Key is the name the secret was assigned to, with
	// its enclosing keys (postmark.api_token); Note qualifies the finding
	// ("weak password").
	Confidence  string `json:"confidence"`
	Key         string `json:"key,omitempty"`
	Note        string `json:"note,omitempty"`
	Fingerprint string `json:"fingerprint"`
	Preview     string `json:"preview"`
	Secret      string `json:"secret,omitempty"`
	// Validity is valid, invalid or unknown when the user asked for live
	// checks (--validate), with the reason and when it was checked.
	Validity       string    `json:"validity,omitempty"`
	ValidityReason string    `json:"validity_reason,omitempty"`
	ValidatedAt    time.Time `json:"validated_at,omitzero"`
	// RawSecret is the secret itself, kept in memory for validity checks
	// and never written by any report (Secret is, with --show-secrets).
	RawSecret string `json:"-"`
}

// Fingerprint is a stable identifier of a secret under a rule: the same
// secret found anywhere, in any scan, gets the same fingerprint.
func Fingerprint(ruleID, secret string) string {
	sum := sha256.Sum256([]byte("leakhound/v1\x00" + ruleID + "\x00" + secret))
	return hex.EncodeToString(sum[:16])
}

// Preview shows the first four characters of a secret and hides the rest.
func Preview(secret string) string {
	n, i := 0, 0
	for i < len(secret) && n < 4 {
		_, size := utf8.DecodeRuneInString(secret[i:])
		i += size
		n++
	}
	return secret[:i] + "****"
}

// Sort orders findings by path, line, column and rule, so reports are
// stable whatever order the workers finished in.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Path != b.Path:
			return a.Path < b.Path
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.RuleID != b.RuleID:
			return a.RuleID < b.RuleID
		case a.Image != b.Image:
			return a.Image < b.Image
		case a.Layer != b.Layer:
			return a.Layer < b.Layer
		default:
			return a.Commit < b.Commit
		}
	})
}

// Confidence levels, weakest first, as findings carry them.
var confidenceRank = map[string]int{"low": 1, "medium": 2, "high": 3}

// ValidConfidence reports whether c names a confidence level.
func ValidConfidence(c string) bool { return confidenceRank[c] > 0 }

// AtLeast keeps the findings whose confidence is min or better and returns
// how many it dropped, so the caller can say so. A finding without a
// confidence counts as high.
func AtLeast(fs []Finding, min string) ([]Finding, int) {
	floor := confidenceRank[min]
	kept := fs[:0]
	for _, f := range fs {
		rank, ok := confidenceRank[f.Confidence]
		if !ok {
			rank = 3
		}
		if rank >= floor {
			kept = append(kept, f)
		}
	}
	return kept, len(fs) - len(kept)
}

// DefaultMinConfidence hides low-confidence findings (a provider named
// several lines away, a generic credential in a test file, a weak
// password in code) unless asked for; reports say how many were hidden.
const DefaultMinConfidence = "medium"
