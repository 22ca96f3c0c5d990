package detect_test

import (
	"strings"
	"testing"
)

// TestProviderNamedInBlockHeading: a comment that opens a block of
// settings names the provider for the whole block, beyond the five lines
// a comment above otherwise reaches, up to the blank line that ends the
// block and no further than headingReach lines.
func TestProviderNamedInBlockHeading(t *testing.T) {
	tok := postmarkToken
	settings := func(n int) string { return strings.Repeat("MAIL_TIMEOUT=30\n", n) }
	goConsts := "package notify\n\n// Postmark delivery settings.\nconst (\n\tsendTimeout  = 10\n\tmaxRetries   = 3\n\tretryBackoff = 2\n\tbatchSize    = 500\n\tuserAgent    = \"acme-notify/1.4\"\n\tserverToken = \"" + tok + "\"\n)\n"
	runContextCases(t, []contextCase{
		{"env banner eight lines above", ".env", "# --- Postmark ---\n" + settings(7) + "SERVER_TOKEN=" + tok + "\n", "postmark-server-token", "medium", ""},
		{"go const block", "notify/config.go", goConsts, "postmark-server-token", "medium", ""},
		{"two comment lines", "settings.py", "# Postmark\n# Docs: the wiki.\n" + strings.Repeat("TIMEOUT = 30\n", 6) + "API_TOKEN = \"" + tok + "\"\n", "postmark-server-token", "medium", ""},
		// Decoys: the block the comment heads ends at a blank line; a
		// comment inside a block heads nothing; the reach is bounded;
		// an id under the heading is an id.
		{"blank line ends the block", ".env", "# --- Postmark ---\n" + settings(3) + "\n" + settings(3) + "SERVER_TOKEN=" + tok + "\n", "generic-api-key", "low", ""},
		{"comment inside the block", ".env", settings(1) + "# Postmark below\n" + settings(6) + "SERVER_TOKEN=" + tok + "\n", "generic-api-key", "low", ""},
		{"beyond the reach", ".env", "# --- Postmark ---\n" + settings(17) + "SERVER_TOKEN=" + tok + "\n", "generic-api-key", "low", ""},
		{"yaml keys say whose, not a comment", "config.yaml", "# Postmark\n" + strings.Repeat("timeout: 30\n", 7) + "api_token: " + tok + "\n", "generic-api-key", "low", ""},
		{"id under the heading", ".env", "# --- Postmark ---\n" + settings(7) + "LAST_MESSAGE_ID=" + tok + "\n", "", "", ""},
	})
}
