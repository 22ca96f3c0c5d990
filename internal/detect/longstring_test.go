package detect_test

import "testing"

// TestConfigInLongStrings: configuration text held in a multi-line string
// literal of code is read as configuration; docstrings' prose, code after
// the literal closes, and HTTP fixtures' Authorization lines are not.
func TestConfigInLongStrings(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"yaml in a python string", "setup_db.py", "CONFIG = \"\"\"\ndatabase:\n  user: app\n  password: " + pw + "\n\"\"\"\n", g, "medium", ""},
		{"ini in a go raw string", "cfg.go", "package x\n\nconst cfg = `\n[db]\npassword = " + pw + "\n`\n", g, "medium", ""},
		{"env in a js template", "seed.js", "const env = `\nDB_HOST=db01\nDB_PASSWORD=" + pw + "\n`;\n", g, "medium", ""},
		{"docstring prose", "auth.py", "def login(user, password):\n    \"\"\"Log in.\n\n    Args:\n        password: the password to use\n    \"\"\"\n", "", "", ""},
		{"code after the string closed", "auth.py", "DOC = \"\"\"\nhelp\n\"\"\"\npassword = get_password()\n", "", "", ""},
		{"a variable in code", "auth.go", "package x\n\nvar password = secretFromEnv\n", "", "", ""},
		{"http fixture", "client.go", "package x\n\nconst req = `GET / HTTP/1.1\nAuthorization: Bearer xK9p2LqV7nZ4bW1mR6cH3jD0fS8tY5gA\n`\n", "", "", ""},
	})
}
