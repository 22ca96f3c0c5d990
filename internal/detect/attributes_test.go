package detect_test

import "testing"

// TestElementAttributes: an element whose name attribute says password
// holds its value in a value attribute; the attribute after the name
// (class, id) is no typed declaration's value.
func TestElementAttributes(t *testing.T) {
	runContextCases(t, []contextCase{
		{"class after a password's name", "reset.html", "<input type=\"password\" name=\"ConfirmPassword\" class=\"gf-form-input max-width-14\" required>\n", "", "", ""},
		{"id after a token's name", "form.jsp", "<input type=\"hidden\" name=\"csrfToken\" id=\"csrf-token-field-2\">\n", "", "", ""},
		{"a typed declaration", "config.go", "package config\n\nvar dbPassword string = \"Tr0ub4dor-3x\"\n", "generic-password", "medium", ""},
	})
}
