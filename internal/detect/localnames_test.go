package detect_test

import "testing"

// TestLocalizedPasswordNames: code names a password with the word of its
// author's language, in ASCII (senha, şifre as sifre, 密码 as mima); names
// that only start like one are not passwords.
func TestLocalizedPasswordNames(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"portuguese", "db.py", "DB_SENHA = \"" + pw + "\"\n", g, "medium", "DB_SENHA"},
		{"turkish", "db.php", "<?php\n$sifre = '" + pw + "';\n", g, "medium", ""},
		{"pinyin", "db.py", "mima = \"" + pw + "\"\n", g, "medium", ""},
		{"russian transliterated", "app.yaml", "db:\n  parol: " + pw + "\n", g, "high", "db.parol"},
		{"german", "app.properties", "db.kennwort=" + pw + "\n", g, "high", ""},
		{"a minimum length", "db.py", "senha_minima = 8\n", "", "", ""},
		{"turkish encryption", "db.php", "<?php\n$sifreleme = 'AES-256-CBC';\n", "", "", ""},
		{"a parole date", "app.yaml", "parole_date: 2024-05-01\n", "", "", ""},
	})
}
