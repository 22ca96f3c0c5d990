package detect_test

import "testing"

// TestMadeUpSequences: documentation fills a key's field with a run of
// the alphabet, of a keyboard row or of the digits; a short weak password
// that holds one, a password extended with a run of digits and a random
// key stay findings.
func TestMadeUpSequences(t *testing.T) {
	runContextCases(t, []contextCase{
		{"digits then the alphabet", "app.env", "DYNU_API_KEY=1234567890abcdefghijklmnopqrstuvwxyz\n", "", "", ""},
		{"alphabet then digits", "app.env", "CLIENT_SECRET=abcdefghijklmnopqrstuvwxyz1234567890ABCDEFG=\n", "", "", ""},
		{"a run inside a token's shape", "app.env", "ACCESS_TOKEN=akab-1234567890qwerty-asdfghjklzxcvtnu\n", "", "", ""},
		{"mostly runs", "app.env", "MESSAGEBIRD_TOKEN=12345678-ABCD-ABCD-ABCD-1234567890AB\n", "", "", ""},
		{"hex of runs", "app.env", "API_SECRET=abcdef0123456789abcdef0123456789\n", "", "", ""},
		{"a short weak password", "app.env", "DB_PASSWORD=abc123456789\n", "generic-password", "high", ""},
		{"a password extended with digits", "app.env", "DB_PASSWORD=Northwind123456789\n", "generic-password", "high", ""},
		{"a random key", "app.env", "DYNU_API_KEY=a9Xk2Lq8Zt4Vn7Bw1Mp6Rc3Hy5Jd0Fs9\n", "generic-api-key", "high", ""},
	})
}
