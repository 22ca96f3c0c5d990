package corpus

// TOTP secrets (Base32) handed to OTP libraries by position, as their
// signatures take them: otplib's authenticator.generate in an end-to-end
// test, pyotp.TOTP, ROTP::TOTP.new and Go's totp.GenerateCode. Each next
// to the same calls given a variable, a secret made at run time or the
// libraries' documented example secret.

// DecoyOTPShape is a decoy written in one of the shapes of otpCases.
const DecoyOTPShape = "otp-shape"

// FamilyOTP is the provider of the rule that reads OTP library calls.
const FamilyOTP = "generic-otp"

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

var otpCases = []alphabetCase{
	{"otp-library-call", "ts", "test/e2e/loginSpec.ts", "it('logs in with 2FA', async () => {\n  const totpToken = otplib.authenticator.generate('{v}')\n  await page.fill('#totp', totpToken)\n})", base32Alphabet, FamilyOTP},
	{"otp-library-call", "py", "ops/login.py", "import pyotp\n\ntotp = pyotp.TOTP(\"{v}\")\nprint(totp.now())", base32Alphabet, FamilyOTP},
	{"otp-library-call", "rb", "lib/tasks/login.rb", "totp = ROTP::TOTP.new('{v}', issuer: 'Acme')\nputs totp.now", base32Alphabet, FamilyOTP},
	{"otp-library-call", "go", "cmd/login/main.go", "package main\n\nfunc code() (string, error) {\n\treturn totp.GenerateCode(\"{v}\", time.Now())\n}", base32Alphabet, FamilyOTP},
}

var otpDecoys = []shapeDecoy{
	{"ts", "test/e2e/loginSpec.ts", "  const totpToken = otplib.authenticator.generate(process.env.E2E_TOTP_SECRET)"},
	{"py", "ops/login.py", "totp = pyotp.TOTP(pyotp.random_base32())"},
	{"py", "docs/otp.py", "totp = pyotp.TOTP(\"JBSWY3DPEHPK3PXP\")"},
	{"rb", "lib/tasks/login.rb", "totp = ROTP::TOTP.new(ENV.fetch('TOTP_SECRET'), issuer: 'Acme')"},
	{"go", "cmd/login/main.go", "\treturn totp.GenerateCode(key.Secret(), time.Now())"},
}

func (b *builder) plantOTPShapes() {
	b.plantAlphabetCases(otpCases, otpDecoys, DecoyOTPShape)
}
