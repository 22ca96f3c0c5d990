package allow

import (
	"regexp"
	"testing"
)

// The cases follow the semantics gitleaks documents for its allowlists:
// OR by default (any criterion), AND over the criteria given, regexes on
// the secret unless regexTarget says match or line, stopwords in the
// secret in any case, paths as unanchored regexes, commits in any case.
func TestAllowlistSemantics(t *testing.T) {
	res := func(exprs ...string) []*regexp.Regexp {
		var out []*regexp.Regexp
		for _, e := range exprs {
			out = append(out, regexp.MustCompile(e))
		}
		return out
	}
	const commit = "4f8ea3c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7"
	cand := Candidate{RuleID: "acme-token", Provider: "acme", Secret: "acme_Client_9f8e7d", Match: "token = acme_Client_9f8e7d",
		Line: "  token = acme_Client_9f8e7d  # MY-acme-", Path: "config/app.toml", Commit: commit}
	cases := []struct {
		name string
		list List
		want bool
	}{
		{"stopword in the secret, any case", List{Stopwords: []string{"client"}}, true},
		{"stopword elsewhere on the line", List{Stopwords: []string{"token"}}, false},
		{"regex on the secret by default", List{Regexes: res(`^acme_`)}, true},
		{"regex on the secret misses the name", List{Regexes: res(`token =`)}, false},
		{"regex on the match", List{Target: TargetMatch, Regexes: res(`token =`)}, true},
		{"regex on the line", List{Target: TargetLine, Regexes: res(`MY-acme-`)}, true},
		{"path, unanchored", List{Paths: res(`app\.toml`)}, true},
		{"path that does not match", List{Paths: res(`^app\.toml$`)}, false},
		{"commit", List{Commits: map[string]bool{commit: true}}, true},
		{"or: one criterion of two", List{Paths: res(`nomatch`), Stopwords: []string{"client"}}, true},
		{"and: both criteria", List{All: true, Paths: res(`config/`), Stopwords: []string{"client"}}, true},
		{"and: one criterion fails", List{All: true, Paths: res(`nomatch`), Stopwords: []string{"client"}}, false},
		{"targeted at another rule", List{Rules: map[string]bool{"other-token": true}, Stopwords: []string{"client"}}, false},
		{"targeted at the provider", List{Providers: map[string]bool{"acme": true}, Stopwords: []string{"client"}}, true},
	}
	for _, c := range cases {
		if got := c.list.Allows(&cand); got != c.want {
			t.Errorf("%s: Allows = %v, want %v", c.name, got, c.want)
		}
	}
	dir := cand
	dir.Commit = ""
	if (&List{Commits: map[string]bool{commit: true}}).Allows(&dir) {
		t.Error("a commit list allowed a match outside any commit (a directory scan)")
	}
	if (&List{All: true, Commits: map[string]bool{commit: true}, Paths: res(`config/`)}).Allows(&dir) {
		t.Error("an AND list with a commit allowed a match outside any commit")
	}
}
