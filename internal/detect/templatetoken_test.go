package detect_test

import "testing"

// TestSetupScriptTemplates: response files hold ###NAME### tokens that a
// setup script replaces with sed, and the script's own sed expressions
// name the setting inside a regex group; neither is a password. A value
// that merely starts or ends with # is one.
func TestSetupScriptTemplates(t *testing.T) {
	runContextCases(t, []contextCase{
		{"template token", "dbca.rsp", "sysPassword=###ORACLE_PWD###\nsystemPassword=###ORACLE_PWD###\n", "", "", ""},
		{"sed group around the name", "setup.sh", "sed -i 's,^\\(script.db.password=\\).*,\\1'$DB_PASSWORD',' bootstrap.properties\n", "", "", ""},
		{"a password ending in #", "db.properties", "db.password=Tr0ub4dor-3x#\n", "generic-password", "high", ""},
		{"a password between #", "db.properties", "db.password=#Tr0ub4dor-3x#\n", "generic-password", "high", ""},
	})
}
