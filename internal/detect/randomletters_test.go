package detect_test

import "testing"

// TestLettersOnlyKeys: a key, token or secret with no digit is read when
// its letters are random or keyboard-typed (letter pairs no word holds),
// in config and code alike; words, names, placeholders, the alphabet and
// keyboard rows in order under the same names are not.
func TestLettersOnlyKeys(t *testing.T) {
	runContextCases(t, []contextCase{
		{"yaml mixed case", "src/main/resources/application.yml", "sa-token:\n  secret-key: kQwIOrYvnXmSDkwEiFngrKidMcdrgKor\n", "generic-api-key", "high", "sa-token.secret-key"},
		{"yaml keyboard run", "config/app.yml", "app:\n  jwt-secret-key: asdasdasifhueuiwyurfewbfjsdafjk\n", "generic-api-key", "high", "app.jwt-secret-key"},
		{"java constant", "src/main/java/com/acme/Sso.java", "public class Sso {\n    public static String secretkey = \"kQwIOrYvnXmSDkwEiFngrKidMcdrgKor\";\n}\n", "generic-api-key", "medium", "secretkey"},
		{"upper case secret", "app/otp.js", "const totpSecret = 'ASDVAJSDUASZGDIADBJS'\n", "generic-secret", "medium", "totpSecret"},
		{"a placeholder in capitals", ".env", "SECRET_KEY=YOURSECRETKEYGOESHERE\n", "", "", ""},
		{"a name", "app.js", "const apiToken = 'getSecretKeyFromEnvironment'\n", "", "", ""},
		{"words glued", "config/app.yml", "app:\n  secret-key: somehardcodedencryptionsecret\n", "", "", ""},
		{"the alphabet", "config/app.yml", "app:\n  secret-key: abcdefghijklmnopqrstuvwxyz\n", "", "", ""},
		{"keyboard rows", "config/app.yml", "app:\n  jwt-secret-key: qwertyuiopasdfghjklzxcvbnm\n", "", "", ""},
	})
}
