package corpus

import "strings"

// Keys, tokens and secrets written in letters alone: generated mixed-case
// keys (Sa-Token's sign and JWT keys), capital runs handed to an OTP
// library as its secret, and keyboard-typed runs, in a Spring
// application.yml, a Java constant, a .env file and JavaScript. Each next
// to the same names holding words, a name in code or a placeholder in
// capitals.

// DecoyLettersShape is a decoy written in one of the shapes of
// lettersCases.
const DecoyLettersShape = "letters-shape"

// alphabetCase plants a value drawn from alphabet, found by family.
type alphabetCase struct {
	shape, format, path, tmpl string
	alphabet, family          string
}

const (
	mixedLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	upperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerLetters = "abcdefghijklmnopqrstuvwxyz"
)

var lettersCases = []alphabetCase{
	{"letters-only-key", "yaml", "src/main/resources/application.yml", "sa-token:\n  sign:\n    secret-key: {v}\n  timeout: 2592000", mixedLetters, FamilySecret},
	{"letters-only-key", "yaml", "src/main/resources/application-jwt.yml", "sa-token:\n  jwt-secret-key: {v}", lowerLetters, FamilySecret},
	{"letters-only-key", "java", "src/main/java/com/acme/sso/SsoConfig.java", "public class SsoConfig {\n    public static String secretkey = \"{v}\";\n}", mixedLetters, FamilySecret},
	{"letters-only-key", "env", ".env", "APP_SIGNING_KEY={v}", lowerLetters, FamilySecret},
	{"letters-only-key", "js", "src/auth/otp.js", "const totpSecret = '{v}'", upperLetters, FamilySecret},
}

var lettersDecoys = []shapeDecoy{
	{"yaml", "src/main/resources/application.yml", "sa-token:\n  sign:\n    secret-key: ${SA_TOKEN_SIGN_KEY}\n  jwt-secret-key: changeMeToSomethingStrong"},
	{"java", "src/main/java/com/acme/sso/SsoConfig.java", "    public static String secretkey = getSecretKeyFromEnvironment();"},
	{"env", ".env", "SECRET_KEY=YOURSECRETKEYGOESHERE"},
	{"env", ".env", "APP_SIGNING_KEY=abcdefghijklmnopqrstuvwxyz"},
	{"env", ".env", "APP_SIGNING_KEY=qwertyuiopasdfghjklzxcvbnm"},
	{"js", "src/auth/otp.js", "const totpSecret = 'TOTP_SECRET_PLACEHOLDER'"},
	{"yaml", "config/app.yml", "app:\n  api-token: somehardcodedencryptionsecret"},
}

func (b *builder) plantLettersShapes() {
	b.plantAlphabetCases(lettersCases, lettersDecoys, DecoyLettersShape)
}

// plantAlphabetCases plants each case's values, 24 to 32 characters of
// its alphabet, and the decoys next to them.
func (b *builder) plantAlphabetCases(cases []alphabetCase, decoys []shapeDecoy, kind string) {
	for _, c := range cases {
		for i := 0; i < b.n(3); i++ {
			g := b.g
			v := g.String(c.alphabet, 24+g.IntN(9))
			m := pwMark(v, false, c.family, c.shape, c.format)
			b.plantRaw(c.format, c.path, strings.Split(b.sub(c.tmpl, v), "\n"), m)
		}
	}
	b.plantCasesAndDecoys(nil, decoys, kind)
}
