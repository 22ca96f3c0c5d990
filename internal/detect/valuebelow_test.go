package detect_test

import "testing"

// TestValueOnTheLineBelowItsLabel: notes and Markdown pages write a
// provider's credential on the line under its label ("Postmark server
// token:" then the token); the provider's rules, which know the value's
// exact shape, read it, also under a label alone on its line with no
// colon ("Postmark server token", as password managers export notes). A
// line that goes on after the value, a blank line between, a label
// without a key word, a sentence, and the generic rules do not.
func TestValueOnTheLineBelowItsLabel(t *testing.T) {
	tok := postmarkToken
	hex := "502240001e297d9e42d103259393b733"
	runContextCases(t, []contextCase{
		{"next line", "notes.md", "## Mail\n\nPostmark server token:\n" + tok + "\n", "postmark-server-token", "high", ""},
		{"indented", "handover.txt", "Postmark server token:\n    " + tok + "\n", "postmark-server-token", "high", ""},
		{"in backquotes", "notes.md", "- Bugsnag API key:\n  `" + hex + "`\n", "bugsnag-api-key", "high", ""},
		{"crlf", "notes.txt", "Postmark server token:\r\n" + tok + "\r\n", "postmark-server-token", "high", ""},
		{"a fenced block after a blank line", "notes.md", "Postmark server token:\n\n```\n" + tok + "\n```\n", "postmark-server-token", "high", ""},
		{"a fenced block right under", "notes.md", "Postmark server token:\n```text\n" + tok + "\n```\n", "postmark-server-token", "high", ""},
		{"an indented block", "notes.md", "Postmark server token:\n\n    " + tok + "\n", "postmark-server-token", "high", ""},
		{"the label goes on", "notes.md", "Use this Postmark server token for staging:\n\n    " + tok + "\n", "postmark-server-token", "high", ""},
		{"no colon", "notes.md", "Postmark server token\n" + tok + "\n", "postmark-server-token", "high", ""},
		{"no colon, a heading", "notes.md", "### Postmark server token\n" + tok + "\n", "postmark-server-token", "high", ""},
		// Not read.
		{"the line goes on", "notes.md", "Postmark server token:\n" + tok + " was rotated in May\n", "", "", ""},
		{"a blank line between", "notes.md", "Postmark server token:\n\n" + tok + "\n", "", "", ""},
		{"no key word", "notes.md", "Postmark build:\n" + tok + "\n", "", "", ""},
		{"a sentence with no colon", "notes.md", "We rotated every Postmark server token\n" + tok + "\n", "", "", ""},
		{"no colon, the line goes on", "notes.md", "Postmark server token\n" + tok + " (old)\n", "", "", ""},
		{"no colon, a blank line between", "notes.md", "Postmark server token\n\n" + tok + "\n", "", "", ""},
		{"no colon, generic", "notes.md", "Database password\nZq8vR2mN7pL4xW9kT3yB\n", "", "", ""},
		{"words after the colon", "notes.md", "Postmark server token: in the vault\n" + tok + "\n", "", "", ""},
		{"a blank line, then no block", "notes.md", "Postmark server token for staging:\n\n" + tok + "\n", "", "", ""},
		{"a sentence, not a label", "notes.md", "The Postmark server token was rotated because of a leak last week:\n\n    " + tok + "\n", "", "", ""},
		{"a number in the label", "notes.md", "Postmark server token for v2:\n\n    " + tok + "\n", "", "", ""},
		{"generic rules do not read it", "notes.md", "API key:\nZq8vR2mN7pL4xW9kT3yB\n", "", "", ""},
	})
}
