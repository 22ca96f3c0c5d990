package detect_test

import "testing"

// TestProviderNameAsTheKey: a key that is a provider's name and nothing
// else holds that provider's credential when the value has the exact shape
// of one of its rules; a longer name, a value of another shape, a version
// string under a package's name or a header the rule also looks for gives
// no provider finding.
func TestProviderNameAsTheKey(t *testing.T) {
	e := catalogueEngine(t)
	cases := []struct {
		file, text, rule string
	}{
		{"keys.txt", "assemblyai = fa0ed91518b345468f9df7570f31f18b\n", "assemblyai-api-key"},
		{"config.json", `{"postmark": "7b1f2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d"}` + "\n", "postmark-server-token"},
		{"app.yaml", "mail:\n  postmark: '7b1f2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d'\n", "postmark-server-token"},
		{"package.json", `{"dependencies": {"postmark": "^4.0.2", "assemblyai": "4.7.1"}}` + "\n", ""},
		{"notes.txt", "postmark = 7b1f2c3d\n", ""},
		{"main.go", "var postmarkTemplate = \"7b1f2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d\"\n", ""},
		// A header its rule also looks for is not the provider's name.
		{"request.txt", "X-Auth-Token: s58g8l95jywdfqkfrfywzi9p4q30fafu\n", ""},
		// A label that goes on after the provider's name (Gitea commit:,
		// AssemblyAI build:) names something of the provider's, not its
		// credential; the name alone still is.
		{"notes.txt", "Gitea commit: 3f9c2e7a1b5d8046c9e2f7a3b1d5e8c4a7f0b2d6\n", ""},
		{"release.md", "AssemblyAI build: fa0ed91518b345468f9df7570f31f18b\n", ""},
		{"notes.txt", "Gitea: 3f9c2e7a1b5d8046c9e2f7a3b1d5e8c4a7f0b2d6\n", "gitea-access-token"},
		{"main.go", "var gitea string = \"3f9c2e7a1b5d8046c9e2f7a3b1d5e8c4a7f0b2d6\"\n", "gitea-access-token"},
	}
	for _, c := range cases {
		ms := e.NewScanner().ScanFile(c.file, []byte(c.text))
		switch {
		case c.rule == "" && len(ms) > 0 && !ms[0].Rule.Generic():
			t.Errorf("%s: %q found %s", c.file, c.text, ms[0].Rule.ID)
		case c.rule != "" && (len(ms) != 1 || ms[0].Rule.ID != c.rule):
			t.Errorf("%s: %q found %v, want %s", c.file, c.text, ms, c.rule)
		}
	}
}
