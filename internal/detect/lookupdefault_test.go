package detect_test

import "testing"

// TestLookupDefaultOfNamedVariable: a variable named for a credential
// assigned an environment lookup's literal default, whatever the variable
// looked up is called; empty or variable defaults and lookups that are not
// the environment's are not read.
func TestLookupDefaultOfNamedVariable(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"python environ.get", "settings.py", "db_password = os.environ.get(\"PGCONN\", \"" + pw + "\")\n", g, "medium", "db_password"},
		{"go helper", "main.go", "adminPassword := getEnv(\"ADMIN\", \"" + pw + "\")\n", g, "medium", "adminPassword"},
		{"walrus", "app.py", "if secret := getenv(\"APP_SIGNING\", \"Zq8Rt2Lm9Xv4Wn7B\"):\n    pass\n", "generic-secret", "medium", "secret"},
		{"empty default", "settings.py", "db_password = os.environ.get(\"PGUSER\", \"\")\n", "", "", ""},
		{"variable default", "settings.py", "db_password = os.environ.get(\"PGUSER\", fallback)\n", "", "", ""},
		{"a cache lookup", "app.py", "token = cache.get(\"session\", \"Zq8Rt2Lm9Xv4Wn7Bc1Hp\")\n", "", "", ""},
		{"more arguments", "app.py", "db_password = os.getenv(\"PGUSER\", \"" + pw + "\", strict)\n", "", "", ""},
	})
}
