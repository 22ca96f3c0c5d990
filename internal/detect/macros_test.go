package detect_test

import "testing"

// TestSpecMacros: RPM spec files define values with %define and %global;
// a password defined so is found, macros that expand others or hold text
// are not.
func TestSpecMacros(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"define quoted", "app.spec", "Name: app\n%define PASSWORD \"" + pw + "\"\n", g, "medium", ""},
		{"global bare", "app.spec", "%global db_password " + pw + "\n", g, "medium", ""},
		{"expands another macro", "app.spec", "%global db_password %{getenv:DB_PASSWORD}\n", "", "", ""},
		{"text body", "app.spec", "%define password_prompt Enter the password\n", "", "", ""},
		{"not first on its line", "notes.txt", "see %define password in the spec\n", "", "", ""},
	})
}

// TestMisspeltPasswordNames: names that shorten or misspell password
// without "pass" or "pw" in them.
func TestMisspeltPasswordNames(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"pswd", "deploy.sh", "X3_USER=root\nX3_PSWD=" + pw + "\n", g, "high", ""},
		{"psswd", "vars.mk", "PSSWD := " + pw + "\n", g, "high", ""},
		{"pasword", "app.yaml", "db:\n  pasword: " + pw + "\n", g, "high", ""},
		{"paswrd in code", "db.py", "paswrd = \"" + pw + "\"\n", g, "medium", ""},
		{"a reference", "deploy.sh", "X3_PSWD=$X3_PASSWORD\n", "", "", ""},
	})
}
