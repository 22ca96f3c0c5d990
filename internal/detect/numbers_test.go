package detect_test

import "testing"

// TestNumbersUnderPasswordNames: an enumeration's hex value and an object
// identifier under a password's name are numbers, not passwords; a
// password of digits, and one quoted that starts with 0x, stay passwords.
func TestNumbersUnderPasswordNames(t *testing.T) {
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"hex enumeration value", "dbs.idl", "typedef enum {\n    DBPROP_AUTH_PASSWORD                   = 0x00000009,\n} DBPROPENUM;\n", "", "", ""},
		{"object identifier", "X509.php", "<?php\n$oids = array(\n    'pkcs-9-at-challengePassword' => '1.2.840.113549.1.9.7',\n);\n", "", "", ""},
		{"digits", "app.env", "DB_PASSWORD=48213977\n", g, "high", ""},
		{"quoted, starting with 0x", "config.py", "DB_PASSWORD = \"0xK9v!Lq27mZ\"\n", g, "medium", ""},
	})
}
