// Package finding defines what a scan reports: a secret and every place
// it was found.
package finding

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"time"
	"unicode/utf8"
)

// Finding is one secret under one rule, with every place it was found.
// Secret is empty unless the user asked to see secrets; Fingerprint
// identifies the secret without it. Its own location is the first place:
// for git history, the oldest commit that introduced it.
type Finding struct {
	RuleID   string `json:"rule_id"`
	RuleName string `json:"rule_name"`
	Provider string `json:"provider"`
	Severity string `json:"severity"`
	Location
	Fingerprint string `json:"fingerprint"`
	Preview     string `json:"preview"`
	Secret      string `json:"secret,omitempty"`
	// Validity is valid, invalid or unknown when the user asked for live
	// checks (--validate), with the reason and when it was checked.
	Validity       string    `json:"validity,omitempty"`
	ValidityReason string    `json:"validity_reason,omitempty"`
	ValidatedAt    time.Time `json:"validated_at,omitzero"`
	// Places lists every place the secret was found, the first one
	// first: each path of a history with the commit that introduced the
	// secret there, each file and line of a directory, each layer of an
	// image. Empty in findings made by hand or read from an older report:
	// then the finding's own location is its only place (see AllPlaces).
	Places []Location `json:"places,omitempty"`
	// RawSecret is the secret itself, kept in memory for validity checks
	// and never written by any report (Secret is, with --show-secrets).
	RawSecret string `json:"-"`
	// RawPair is the other part of a two-part credential (an AWS secret
	// access key's access key id): the secret of the nearest finding of
	// the rule's pair rule, kept in memory for validity checks and for the
	// incident server, never written by any report, with or without
	// --show-secrets.
	RawPair string `json:"-"`
}

// Location is one place a secret was found.
type Location struct {
	Path string `json:"path"`
	// PathBase64 is Path's bytes in base64 when Path is not valid UTF-8:
	// JSON shows each invalid byte of path as U+FFFD, and the file could
	// not be told from the report alone (WithPathBytes sets it).
	PathBase64  string    `json:"path_base64,omitempty"`
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
	// Confidence is high, medium or low: how sure the match is at this
	// place (see detect.Confidence); Key is the name the secret was
	// assigned to here, with its enclosing keys (postmark.api_token); Note
	// qualifies the match ("weak password").
	Confidence string `json:"confidence"`
	Key        string `json:"key,omitempty"`
	Note       string `json:"note,omitempty"`
}

// AllPlaces returns every place of f: Places, or f's own location when it
// has none.
func (f *Finding) AllPlaces() []Location {
	if len(f.Places) == 0 {
		return []Location{f.Location}
	}
	return f.Places
}

// Group makes one finding per secret and rule (fingerprint): the first
// finding of each, in order, with every place of the others added to its
// own, in order.
func Group(fs []Finding) []Finding {
	index := map[string]int{}
	var out []Finding
	for _, f := range fs {
		i, ok := index[f.Fingerprint]
		if !ok {
			index[f.Fingerprint] = len(out)
			f.Places = append([]Location(nil), f.AllPlaces()...)
			f.Location = f.Places[0]
			out = append(out, f)
			continue
		}
		out[i].Places = append(out[i].Places, f.AllPlaces()...)
	}
	return out
}

// Flatten makes one finding per place, each without Places: the shape of
// formats with a row or an annotation per place, and of a report sent to
// the incident server, which records each place as an occurrence.
func Flatten(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		for _, p := range f.AllPlaces() {
			g := f
			g.Location, g.Places = p, nil
			out = append(out, g)
		}
	}
	return out
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

// Sort orders findings by their first place's path, line and column, then
// rule and commit, then fingerprint, so reports are the same whatever order
// the workers finished in.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return Less(fs[i], fs[j]) })
}

// Less is Sort's order.
func Less(a, b Finding) bool {
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
	case a.Commit != b.Commit:
		return a.Commit < b.Commit
	default:
		// Two secrets first seen at one place (a file's versions in one
		// commit): by fingerprint, so reports are the same run to run.
		return a.Fingerprint < b.Fingerprint
	}
}

// Confidence levels, weakest first, as findings carry them.
var confidenceRank = map[string]int{"low": 1, "medium": 2, "high": 3}

// ValidConfidence reports whether c names a confidence level.
func ValidConfidence(c string) bool { return confidenceRank[c] > 0 }

// AtLeast keeps the places whose confidence is min or better, and the
// findings that keep any, and returns how many places it dropped, so the
// caller can say so. A place without a confidence counts as high.
func AtLeast(fs []Finding, min string) ([]Finding, int) {
	floor := confidenceRank[min]
	kept := fs[:0]
	dropped := 0
	for _, f := range fs {
		places := f.AllPlaces()
		var sure []Location
		for _, p := range places {
			rank, ok := confidenceRank[p.Confidence]
			if !ok {
				rank = 3
			}
			if rank >= floor {
				sure = append(sure, p)
			}
		}
		dropped += len(places) - len(sure)
		if len(sure) == 0 {
			continue
		}
		if len(sure) < len(places) {
			f.Location, f.Places = sure[0], sure
		}
		kept = append(kept, f)
	}
	return kept, dropped
}

// DefaultMinConfidence hides low-confidence findings (a provider named
// several lines away, a generic credential in a test file, a weak
// password in code) unless asked for; reports say how many were hidden.
const DefaultMinConfidence = "medium"

// WithPathBytes returns fs with PathBase64 set on every location whose
// path is not valid UTF-8; fs itself when there is none, else a copy.
func WithPathBytes(fs []Finding) []Finding {
	if !slices.ContainsFunc(fs, invalidPaths) {
		return fs
	}
	out := slices.Clone(fs)
	for i := range out {
		f := &out[i]
		if !invalidPaths(*f) {
			continue
		}
		f.Location.PathBase64 = rawPath(f.Path)
		f.Places = slices.Clone(f.Places)
		for j := range f.Places {
			f.Places[j].PathBase64 = rawPath(f.Places[j].Path)
		}
	}
	return out
}

// RestorePaths sets back each location's Path from PathBase64, as the
// report read again held it; a PathBase64 that does not decode is an
// error.
func RestorePaths(fs []Finding) error {
	restore := func(l *Location) error {
		if l.PathBase64 == "" {
			return nil
		}
		b, err := base64.StdEncoding.DecodeString(l.PathBase64)
		if err != nil {
			return fmt.Errorf("path_base64 of %q: %w", l.Path, err)
		}
		l.Path = string(b)
		return nil
	}
	for i := range fs {
		f := &fs[i]
		if err := restore(&f.Location); err != nil {
			return err
		}
		for j := range f.Places {
			if err := restore(&f.Places[j]); err != nil {
				return err
			}
		}
	}
	return nil
}

func invalidPaths(f Finding) bool {
	return !utf8.ValidString(f.Path) || slices.ContainsFunc(f.Places, func(l Location) bool { return !utf8.ValidString(l.Path) })
}

// rawPath is path's bytes in base64 when it is not valid UTF-8, else
// empty.
func rawPath(path string) string {
	if utf8.ValidString(path) {
		return ""
	}
	return base64.StdEncoding.EncodeToString([]byte(path))
}
