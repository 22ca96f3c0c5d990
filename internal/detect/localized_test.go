package detect_test

import "testing"

// TestLocalizedPasswordLabels: the word for password in another language
// names a password as the English word does; Cyrillic is read as itself,
// not as look-alike Latin letters.
func TestLocalizedPasswordLabels(t *testing.T) {
	l := "generic-password-localized"
	runContextCases(t, []contextCase{
		{"russian assignment", "notes.txt", "пароль = \"Tr0ub4dor&3xq!Zp\"\n", l, "high", ""},
		{"korean pair", "notes.txt", "아이디:master 패스워드:dipPr123Gg!\n", l, "high", ""},
		{"japanese full-width colon", "notes.txt", "DB パスワード：Lq8vZ2mX7pK4\n", l, "high", ""},
		{"a description", "notes.txt", "パスワード：8文字以上で入力してください\n", "", "", ""},
		{"korean encryption", "notes.txt", "암호화: AES-256-GCM\n", "", "", ""},
	})
}
