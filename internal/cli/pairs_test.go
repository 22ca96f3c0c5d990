package cli

import (
	"fmt"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/rule"
)

// pairRules is the part of the catalogue attachPairs reads: the AWS
// secret access key's check names the access key id as its pair.
var pairRules = map[string]*rule.Rule{
	"aws-secret-access-key": {ID: "aws-secret-access-key", Validate: &rule.Validate{Pair: "aws-access-key-id"}},
	"aws-access-key-id":     {ID: "aws-access-key-id"},
}

func at(path string, line int, commit string) finding.Location {
	return finding.Location{Path: path, Line: line, Commit: commit}
}

// TestAttachPairs: a key takes the pair rule's secret found fewest lines
// from any of its places in the same file and commit; of two as near,
// the first found; none from another file or commit, or of another rule.
func TestAttachPairs(t *testing.T) {
	id := func(secret string, places ...finding.Location) finding.Finding {
		return finding.Finding{RuleID: "aws-access-key-id", RawSecret: secret, Location: places[0], Places: places}
	}
	key := func(secret string, places ...finding.Location) finding.Finding {
		return finding.Finding{RuleID: "aws-secret-access-key", RawSecret: secret, Location: places[0], Places: places}
	}
	fs := []finding.Finding{
		id("far", at("a.ini", 1, "c1")),
		id("near", at("a.ini", 9, "c1"), at("b.ini", 40, "c2")),
		key("k-a", at("a.ini", 10, "c1")),
		key("k-b", at("b.ini", 1, "c1"), at("b.ini", 30, "c2")), // only its c2 place has an id beside it
		id("tie-1", at("t.ini", 4, "")), id("tie-2", at("t.ini", 6, "")),
		key("k-tie", at("t.ini", 5, "")),
		key("k-alone", at("c.ini", 1, "c1")),
		{RuleID: "github-personal-access-token", RawSecret: "ghp", Location: at("d.ini", 1, "")},
		key("k-other-rule", at("d.ini", 2, "")),
		id("other-commit", at("e.ini", 1, "c9")),
		key("k-other-commit", at("e.ini", 2, "c8")),
	}
	attachPairs(fs, pairRules)
	want := map[string]string{"k-a": "near", "k-b": "near", "k-tie": "tie-1", "k-alone": "", "k-other-rule": "", "k-other-commit": ""}
	for _, f := range fs {
		if w, ok := want[f.RawSecret]; ok && f.RawPair != w {
			t.Errorf("%s: pair %q, want %q", f.RawSecret, f.RawPair, w)
		}
		if _, isKey := want[f.RawSecret]; !isKey && f.RawPair != "" {
			t.Errorf("%s (%s) was given a pair %q", f.RawSecret, f.RuleID, f.RawPair)
		}
	}
}

// BenchmarkAttachPairs: a history holding n AWS key pairs, each in its own
// file in four commits. Matching each key only against its own files keeps
// this linear (5,000 pairs: 20-80 ms here, against 11 s comparing every
// pair with every key).
func BenchmarkAttachPairs(b *testing.B) {
	for _, n := range []int{500, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var fs []finding.Finding
			for i := range n {
				var ids, keys []finding.Location
				for c := range 4 {
					commit := fmt.Sprintf("%040d", i*10+c)
					path := fmt.Sprintf("svc-%d/aws.ini", i)
					ids, keys = append(ids, at(path, 1, commit)), append(keys, at(path, 2, commit))
				}
				fs = append(fs, finding.Finding{RuleID: "aws-access-key-id", RawSecret: fmt.Sprint("id", i), Location: ids[0], Places: ids},
					finding.Finding{RuleID: "aws-secret-access-key", RawSecret: fmt.Sprint("key", i), Location: keys[0], Places: keys})
			}
			b.ResetTimer()
			for range b.N {
				attachPairs(fs, pairRules)
			}
			if fs[len(fs)-1].RawPair != fmt.Sprint("id", n-1) {
				b.Fatalf("pair %q", fs[len(fs)-1].RawPair)
			}
		})
	}
}
