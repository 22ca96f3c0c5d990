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

// TestProviderNamedByImport: a source file that imports a provider's SDK
// talks to that provider, so a value of its token's exact shape up to
// 4 KB below the import is its token; ids stay ids, another shape is
// not its token, and data files import nothing.
func TestProviderNamedByImport(t *testing.T) {
	tok := postmarkToken
	filler := strings.Repeat("TIMEOUT = 30\n", 8)
	runContextCases(t, []contextCase{
		{"python from import", "app/notify.py", "from postmarker.core import PostmarkClient\nimport logging\n\n" + filler + "SETTINGS = {\n    \"timeout\": TIMEOUT,\n    \"token\": \"" + tok + "\",\n}\n", "postmark-server-token", "medium", ""},
		{"node require", "src/notify.js", "const postmark = require(\"postmark\");\nconst logger = require(\"./logger\");\n\n" + strings.Repeat("const TIMEOUT = 10000;\n", 8) + "module.exports = {\n  serverToken: \"" + tok + "\",\n};\n", "postmark-server-token", "medium", ""},
		// Decoys.
		{"id below an import", "app/notify.py", "import postmark\n\n" + filler + "MESSAGE_ID = \"" + tok + "\"\n", "", "", ""},
		{"import mentioned in a comment", "app/notify.py", "# we used to import postmark here\n\n" + filler + "TOKEN = \"" + tok + "\"\n", "", "", ""},
		{"below the value", "app/notify.py", "TOKEN = \"" + tok + "\"\n\n" + filler + "import postmark\n", "", "", ""},
		{"a yaml file imports nothing", "config/app.yaml", "import: postmark\n" + strings.Repeat("timeout: 30\n", 8) + "token: " + tok + "\n", "", "", ""},
	})
}

// TestProviderNamedInFenceLead: a Markdown fenced block is read with the
// prose that leads to it, up to its section's heading; a heading or an
// earlier block between ends the lead.
func TestProviderNamedInFenceLead(t *testing.T) {
	tok := postmarkToken
	fenced := "```yaml\nmail:\n  from: a@example.com\n  timeout: 30\n  retries: 3\n  token: " + tok + "\n```\n"
	runContextCases(t, []contextCase{
		{"prose before the block", "runbook.md", "## Sending mail\n\nReceipts go through Postmark.\n\nFor the staging server, set:\n\n" + fenced, "postmark-server-token", "medium", ""},
		{"another section between", "runbook.md", "Receipts go through Postmark.\n\n## Staging\n\nSet:\n\n" + fenced, "", "", ""},
		{"another block between", "runbook.md", "Receipts go through Postmark.\n```\nmake mail\n```\n\nSet:\n\n" + fenced, "", "", ""},
	})
}

// TestProviderKeepsGenericConfidence: a provider's rule that takes the
// place of a generic finding of the same value keeps at least its
// confidence: a 43-character token under access_token in YAML is high as
// a generic secret, and so as Contentful's, named by the key above.
func TestProviderKeepsGenericConfidence(t *testing.T) {
	tok := "Qm7vT2kZ9xWnRb4LpA8sEd1FgH6jK3mN5qP0rS2tU7v"
	runContextCases(t, []contextCase{
		{"enclosing key over a high generic", "config.yaml", "contentful:\n  access_token: " + tok + "\n", "contentful-delivery-token", "high", ""},
		{"enclosing key over a low generic stays medium", "config.yaml", "postmark:\n  api_token: " + postmarkToken + "\n", "postmark-server-token", "medium", ""},
	})
}

// TestProviderNamedBySecretName: a Kubernetes Secret's own name is the
// outermost key of its data, however many labels stand between; a
// ConfigMap's values are not secrets' and a label names nothing.
func TestProviderNamedBySecretName(t *testing.T) {
	tok := postmarkToken
	meta := "  namespace: mail\n  labels:\n    app.kubernetes.io/name: mailer\n    app.kubernetes.io/part-of: notify\n    team: messaging\n  annotations:\n    owner: messaging@acme-corp.net\n"
	runContextCases(t, []contextCase{
		{"secret named after provider", "k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: postmark-credentials\n" + meta + "type: Opaque\nstringData:\n  token: " + tok + "\n", "postmark-server-token", "medium", ""},
		{"secret in a later document", "k8s/all.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: postmark-credentials\nstringData:\n  other: x\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: mailer\n" + meta + "stringData:\n  token: " + tok + "\n", "", "", ""},
		{"provider in a label only", "k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mailer\n  labels:\n    name: postmark\n" + meta + "stringData:\n  token: " + tok + "\n", "", "", ""},
		{"config map", "k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: postmark-settings\n" + meta + "data:\n  token: " + tok + "\n", "", "", ""},
	})
}

// TestProviderNamedByHostInBlock: a block of settings in code or a flat
// file that points at the provider's API host is that provider's, up to
// the blank line that ends it; the provider's name elsewhere in the block
// (a flag, a call) is not a host.
func TestProviderNamedByHostInBlock(t *testing.T) {
	tok := postmarkToken
	filler := strings.Repeat("RETRIES = 3\n", 6)
	runContextCases(t, []contextCase{
		{"host six lines above", "app/client.py", "API_HOST = \"api.postmarkapp.com\"\n" + filler + "API_TOKEN = \"" + tok + "\"\n", "postmark-server-token", "medium", ""},
		{"url in an env block", ".env", "MAIL_URL=https://api.postmarkapp.com/email\n" + strings.Repeat("MAIL_RETRIES=3\n", 6) + "MAIL_TOKEN=" + tok + "\n", "postmark-server-token", "medium", ""},
		// Decoys.
		{"blank line ends the block", "app/client.py", "API_HOST = \"api.postmarkapp.com\"\n\n" + filler + "API_TOKEN = \"" + tok + "\"\n", "generic-api-key", "low", ""},
		{"a flag, not a host", "app/client.py", "POSTMARK_ENABLED = True\n" + filler + "API_TOKEN = \"" + tok + "\"\n", "generic-api-key", "low", ""},
		{"an id under the host", "app/client.py", "API_HOST = \"api.postmarkapp.com\"\n" + filler + "REQUEST_ID = \"" + tok + "\"\n", "", "", ""},
	})
}
