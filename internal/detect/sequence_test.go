package detect_test

import "testing"

// TestMadeUpSequences: documentation fills a key's field with a run of
// the alphabet or the digits; a short weak password that holds one and a
// random key stay findings.
func TestMadeUpSequences(t *testing.T) {
	runContextCases(t, []contextCase{
		{"digits then the alphabet", "app.env", "DYNU_API_KEY=1234567890abcdefghijklmnopqrstuvwxyz\n", "", "", ""},
		{"alphabet then digits", "app.env", "CLIENT_SECRET=abcdefghijklmnopqrstuvwxyz1234567890ABCDEFG=\n", "", "", ""},
		{"a run inside a token's shape", "app.env", "ACCESS_TOKEN=akab-1234567890qwerty-asdfghjklzxcvtnu\n", "", "", ""},
		{"a short weak password", "app.env", "DB_PASSWORD=abc123456789\n", "generic-password", "high", ""},
		{"a random key", "app.env", "DYNU_API_KEY=a9Xk2Lq8Zt4Vn7Bw1Mp6Rc3Hy5Jd0Fs9\n", "generic-api-key", "high", ""},
	})
}
