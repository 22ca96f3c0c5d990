package detect_test

import "testing"

// TestLooseLabelNamesKind: a rule that reads only one kind of a
// provider's tokens (Algolia's admin key, not its public search key)
// reads a value in notes or a chat when the label before the key word
// names that kind, and not when it does not.
func TestLooseLabelNamesKind(t *testing.T) {
	e := catalogueEngine(t)
	const hex = "1e33f484bae85edb59f382bc8a7ba3be"
	checkProviderCases(t, e, []providerCase{
		{"README.md", "## Staging access\n\n- Algolia admin api key \u2014 `" + hex + "`\n- VPN: see the wiki\n", "algolia-admin-key"},
		{"notes.txt", "Algolia admin key - " + hex + "\n", "algolia-admin-key"},
		{"chat.txt", "alice: can you send me the algolia admin key?\nbob: sure: " + hex + "\n", "algolia-admin-key"},
		{"README.md", "- Algolia search api key \u2014 `" + hex + "`\n", ""},
		{"app.log", "INFO [search] Algolia client ready (key " + hex + ")\n", ""},
	})
}
