package server

import (
	"fmt"
	"unicode/utf8"
)

// What one report may hold. Text that describes a place or a rule (a
// path, an author, a reason) is cut to its limit with a marker saying how
// much was dropped, so one absurd field does not cost the rest of the
// report; a value that identifies something (the report id, a rule id, a
// commit, the source kind) is refused with 400 when it is too long, since
// a cut one would name something else. README.md lists these limits.
const (
	maxSourceKind = 32
	maxRuleID     = 128
	maxCommit     = 64  // a SHA-256 object name; SHA-1 is 40
	maxDigest     = 128 // sha256:<64 hex> is 71
	maxShortText  = 64  // version, provider, severity
	maxName       = 256 // rule name, author, e-mail
	maxRef        = 1024
	maxAddress    = 2048 // repository, CI run, image
	maxPath       = 4096
	maxReason     = 1024
	// maxStoredSecret bounds the encrypted copy kept for revalidation; a
	// longer secret is still fingerprinted whole but cannot be re-checked.
	maxStoredSecret = 16 << 10
)

// cutMarker ends a cut field: the bytes that were dropped.
const cutMarker = "…[+%d bytes]"

// clip cuts *s to at most max bytes, at a rune boundary, ending it with
// cutMarker; it reports whether it cut.
func clip(s *string, max int) bool {
	if len(*s) <= max {
		return false
	}
	keep := max - len(fmt.Sprintf(cutMarker, len(*s)))
	for keep > 0 && !utf8.RuneStart((*s)[keep]) {
		keep--
	}
	*s = (*s)[:keep] + fmt.Sprintf(cutMarker, len(*s)-keep)
	return true
}

// ClipReport cuts every descriptive field of a report to its limit and
// returns how many it cut. The client runs it before sending (so a huge
// path does not make a batch too large to send) and the server on receipt
// (for clients that did not).
func ClipReport(rep *ScanReport) int {
	cut := 0
	for _, f := range []struct {
		s   *string
		max int
	}{{&rep.Version, maxShortText}, {&rep.Source.Repository, maxAddress}, {&rep.Source.Ref, maxRef},
		{&rep.Source.CommitRange, maxRef}, {&rep.Source.CIRun, maxAddress}, {&rep.Source.Image, maxAddress}} {
		if clip(f.s, f.max) {
			cut++
		}
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		for _, c := range []struct {
			s   *string
			max int
		}{{&f.RuleName, maxName}, {&f.Provider, maxShortText}, {&f.Severity, maxShortText}, {&f.Path, maxPath},
			{&f.Author, maxName}, {&f.Email, maxName}, {&f.Image, maxAddress}, {&f.ValidityReason, maxReason}} {
			if clip(c.s, c.max) {
				cut++
			}
		}
	}
	return cut
}

// checkIdentifiers refuses a report whose identifying values are too long
// to be real.
func checkIdentifiers(rep *ScanReport) error {
	if rep.ReportID == "" || len(rep.ReportID) > maxReportID {
		return badRequest("report_id is required (at most %d characters)", maxReportID)
	}
	if rep.Source.Kind == "" || len(rep.Source.Kind) > maxSourceKind {
		return badRequest("source.kind is required (at most %d characters)", maxSourceKind)
	}
	if len(rep.Source.Commit) > maxCommit {
		return badRequest("source.commit: %d characters; a commit id has at most %d", len(rep.Source.Commit), maxCommit)
	}
	for i, f := range rep.Findings {
		switch {
		case len(f.RuleID) > maxRuleID:
			return badRequest("findings[%d].rule_id: %d characters; at most %d", i, len(f.RuleID), maxRuleID)
		case len(f.Commit) > maxCommit:
			return badRequest("findings[%d].commit: %d characters; a commit id has at most %d", i, len(f.Commit), maxCommit)
		case len(f.LayerDigest) > maxDigest:
			return badRequest("findings[%d].layer_digest: %d characters; at most %d", i, len(f.LayerDigest), maxDigest)
		}
	}
	return nil
}
