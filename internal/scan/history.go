package scan

import (
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/allow"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/source"
)

// history gathers the findings of a git history scan. A secret is
// reported once per path, at the commit that first put it there: every
// later version of a file that still holds it is the same leak. A blob is
// read once per kind of path (detect's PathProfile), so the paths a blob
// was copied, renamed or re-added to get their findings from the reading
// at a path of their kind.
type history struct {
	byPlace map[historyKey]historyFinding
	// byBlob keeps the findings of each blob that had any, with the path
	// it was read at, for its copies.
	byBlob map[string][]blobFinding
	copies []blobCopy
	// allow is the config's allowlists, decided per place: a blob's
	// copies have other paths and commits; allowed counts the places
	// they dropped.
	allow   allow.Set
	allowed int
}

type historyKey struct{ fingerprint, path string }

type historyFinding struct {
	seq     int
	finding finding.Finding
}

type blobFinding struct {
	path    string // the path the blob was read at
	finding finding.Finding
	cand    *allow.Candidate // what the allowlists read; nil without any
}

type blobCopy struct {
	blob, from, path string
	at               *source.Commit
}

// add records the findings of a blob read at path (a member of an archive
// there has a longer path) in the commit numbered seq; cands, when the
// scan has allowlists, are what they read of each finding. An allowed
// place is dropped, but kept with the blob for its copies.
func (h *history) add(fs []finding.Finding, cands []*allow.Candidate, seq int, blob, path string) {
	if h.byPlace == nil {
		h.byPlace = map[historyKey]historyFinding{}
		h.byBlob = map[string][]blobFinding{}
	}
	for i, f := range fs {
		var cand *allow.Candidate
		if len(cands) > 0 {
			cand = cands[i]
		}
		if h.allows(f, cand) {
			if seq > 0 {
				h.allowed++
			}
		} else {
			h.keepOldest(f, seq)
		}
		if blob != "" {
			h.byBlob[blob] = append(h.byBlob[blob], blobFinding{path, f, cand})
		}
	}
}

// allows reports whether an allowlist allows a finding at its place.
func (h *history) allows(f finding.Finding, cand *allow.Candidate) bool {
	if cand == nil {
		return false
	}
	c := *cand
	c.Path, c.Commit = f.Path, f.Commit
	return h.allow.Allows(&c)
}

func (h *history) keepOldest(f finding.Finding, seq int) {
	k := historyKey{f.Fingerprint, f.Path}
	if old, ok := h.byPlace[k]; ok && old.seq <= seq {
		return
	}
	h.byPlace[k] = historyFinding{seq, f}
}

// findings carries each blob's findings to its copies and returns one
// finding per secret and path, oldest commit first. Findings from before
// the selected commits (seq 0) only hide later ones at the same path.
func (h *history) findings() []finding.Finding {
	for _, c := range h.copies {
		for _, bf := range h.byBlob[c.blob] {
			if bf.path != c.from {
				continue // another reading, at a path scanned otherwise
			}
			f := bf.finding
			f.Path = c.path + strings.TrimPrefix(f.Path, bf.path)
			f.Commit, f.Author, f.Email, f.Date = c.at.Hash, c.at.Author, c.at.Email, c.at.Date
			if h.allows(f, bf.cand) {
				h.allowed++
				continue
			}
			h.keepOldest(f, c.at.Seq)
		}
	}
	var kept []historyFinding
	for _, hf := range h.byPlace {
		if hf.seq > 0 {
			kept = append(kept, hf)
		}
	}
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return finding.Less(a.finding, b.finding)
	})
	out := make([]finding.Finding, len(kept))
	for i, hf := range kept {
		out[i] = hf.finding
	}
	return out
}
