package detect_test

import "testing"

// TestOTPSecretPassedToLibrary: a Base32 TOTP secret is read in the
// position each OTP library's signature gives it, in code and in the
// end-to-end tests that log in with it; a variable, a random secret made
// at run time and the libraries' documented example secrets are not.
func TestOTPSecretPassedToLibrary(t *testing.T) {
	r := "generic-otp-secret"
	runContextCases(t, []contextCase{
		{"otplib in an e2e test", "test/api/2faSpec.ts", "const totpToken = otplib.authenticator.generate('IFTXE3SPOEYVURT2MRYGI52TKJ4HC3KH')\n", r, "medium", ""},
		{"otplib check, second argument", "src/auth.ts", "if (!authenticator.check(token, 'MZXW6YTBOI3TENJQGU2DGNZX')) throw new Error('bad code')\n", r, "high", ""},
		{"pyotp", "app/otp.py", "totp = pyotp.TOTP(\"KR5XEZLTORZGK3TFOJSWC3DM\")\n", r, "high", ""},
		{"go pquerna", "internal/login/otp.go", "code, err := totp.GenerateCode(\"GM4DSMZXG4ZDGOJRGQ2TSOBX\", time.Now())\n", r, "high", ""},
		{"a variable", "src/auth.ts", "const totpToken = authenticator.generate(user.totpSecret)\n", "", "", ""},
		{"the documented example", "app/otp.py", "totp = pyotp.TOTP(\"JBSWY3DPEHPK3PXP\")\n", "", "", ""},
		{"made at run time", "app/otp.py", "totp = pyotp.TOTP(pyotp.random_base32())\n", "", "", ""},
	})
}
