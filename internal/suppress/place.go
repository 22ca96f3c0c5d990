package suppress

import (
	"strings"

	"github.com/leakhound/leakhound/internal/finding"
)

// Place names a reviewed secret by where another tool found it (a
// .gitleaksignore fingerprint): a file and line, in one commit or in any.
// It covers the findings there that Rank accepts, those of the best rank
// present, and with them the same secret anywhere else in that file: a
// line that moved, a commit leakhound attributes the secret to otherwise.
type Place struct {
	// Commit is a commit hash or a prefix of one; empty for any commit,
	// or none (a directory scan).
	Commit string
	Path   string
	Line   int
	// Rank tells how well a finding's rule answers to the reviewed one:
	// 0 not at all, lower is better.
	Rank func(ruleID, provider string) int
	// Secrets are the fingerprints of the secrets the entry names, when
	// they are already known (read from the commit it names).
	Secrets []string
	// Origin says where the entry was read, for messages: file:line.
	Origin string
}

type placeKey struct {
	path string
	line int
}

// AddPlace adds a reviewed place.
func (s *Set) AddPlace(p Place) {
	if s.places == nil {
		s.places = map[placeKey][]int{}
		s.inPath = map[string]bool{}
	}
	s.places[placeKey{p.Path, p.Line}] = append(s.places[placeKey{p.Path, p.Line}], len(s.reviewed))
	s.reviewed = append(s.reviewed, p)
	s.resolved = append(s.resolved, len(p.Secrets) > 0)
	for _, fp := range p.Secrets {
		s.inPath[fp+"\x00"+p.Path] = true
	}
}

// resolvePlaces finds the secrets reviewed places name among the findings
// and records them by path.
func (s *Set) resolvePlaces(fs []finding.Finding) {
	if len(s.reviewed) == 0 {
		return
	}
	type candidate struct {
		fingerprint string
		rank        int
	}
	best := make([][]candidate, len(s.reviewed))
	for _, f := range fs {
		for _, p := range f.AllPlaces() {
			for _, i := range s.places[placeKey{p.Path, p.Line}] {
				r := &s.reviewed[i]
				if r.Commit != "" && !strings.HasPrefix(strings.ToLower(p.Commit), r.Commit) {
					continue
				}
				rank := r.Rank(f.RuleID, f.Provider)
				if rank == 0 {
					continue
				}
				if len(best[i]) > 0 && rank > best[i][0].rank {
					continue
				}
				if len(best[i]) > 0 && rank < best[i][0].rank {
					best[i] = best[i][:0]
				}
				best[i] = append(best[i], candidate{f.Fingerprint, rank})
			}
		}
	}
	for i, cs := range best {
		for _, c := range cs {
			s.inPath[c.fingerprint+"\x00"+s.reviewed[i].Path] = true
			s.resolved[i] = true
		}
	}
}

// Unresolved returns the origins of reviewed places and recorded hashes
// that named no secret of the last Filter: stale entries, or secrets
// leakhound's rules do not find. The caller reports them.
func (s *Set) Unresolved() []string {
	var out []string
	for i, r := range s.reviewed {
		if !s.resolved[i] {
			out = append(out, r.Origin)
		}
	}
	for _, r := range s.recorded {
		if !r.matched {
			out = append(out, r.origin)
		}
	}
	return out
}
