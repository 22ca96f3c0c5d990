package detect_test

import "testing"

// TestDiffAddedLines: a unified diff's added line starts with + in the
// first column; the setting after it is read as on a line of its own.
func TestDiffAddedLines(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	head := "--- /dev/null\n+++ b/config.json\n@@ -0,0 +1,3 @@\n+{\n"
	runContextCases(t, []contextCase{
		{"json member added", "fix.patch", head + "+  \"password\": \"" + pw + "\"\n+}\n", g, "medium", ""},
		{"yaml key added", "fix.diff", "@@ -1,2 +1,3 @@\n db:\n+  password: " + pw + "\n", g, "medium", ""},
		{"reference added", "fix.patch", head + "+  \"password\": \"${DB_PASSWORD}\"\n+}\n", "", "", ""},
		{"plus inside a line", "notes.txt", "a + \"password\": \"" + pw + "\"\n", "", "", ""},
	})
}
