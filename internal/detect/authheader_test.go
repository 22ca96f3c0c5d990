package detect_test

import "testing"

// TestAuthorizationSchemeInText: an Authorization header written bare in a
// text, a Markdown page or a recorded exchange holds the scheme and its
// credentials; prose after the scheme word, a placeholder, a variable and
// a list under another header are no credential.
func TestAuthorizationSchemeInText(t *testing.T) {
	tok := "9fKq2LmZx7RtW4vNp8Yc3HbJ6sDgQe1U"
	g := "generic-api-key"
	runContextCases(t, []contextCase{
		{"bearer in a text", "notes.txt", "Authorization: Bearer " + tok + "\n", g, "high", ""},
		{"bearer in a request of a page", "api.md", "GET /api/org HTTP/1.1\nAccept: application/json\nAuthorization: Bearer " + tok + "\n", g, "high", ""},
		{"token named with its scheme", "notes.txt", "token: Bearer " + tok + "\n", g, "high", ""},
		{"bearer in a cassette's header list", "cassette.yml", "    headers:\n      Authorization:\n      - Bearer " + tok + "\n      User-Agent:\n      - Faraday\n", g, "high", ""},
		{"basic in a cassette's header list", "cassette.yml", "    headers:\n      Authorization:\n      - Basic ZGVwbG95OkxxOHZaMm1YN3BLNA==\n", g, "high", ""},
		{"prose after the scheme", "notes.txt", "Authorization: Bearer tokens expire after an hour\n", "", "", ""},
		{"placeholder after the scheme", "api.md", "Authorization: Bearer <token>\n", "", "", ""},
		{"variable after the scheme", "api.md", "Authorization: Bearer $TOKEN\n", "", "", ""},
		{"a list under another name", "cassette.yml", "      Accept:\n      - Bearer " + tok + "\n", "", "", ""},
	})
}
