package detect_test

import "testing"

// TestCredentialLayouts: credentials laid out the ways formatters and
// people write them beyond name = value on one line, each beside the same
// layout holding no credential.
func TestCredentialLayouts(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		// The value on the line after its operator.
		{"java literal on the next line", "DbConfig.java", "    private static final String DB_PASSWORD =\n            \"" + pw + "\";\n", g, "medium", ""},
		{"go const on the next line", "smtp.go", "const smtpPassword =\n\t\"" + pw + "\"\n", g, "medium", ""},
		{"js property on the next line", "db.js", "const pool = new Pool({\n  password:\n    \"" + pw + "\",\n});\n", g, "medium", ""},
		{"php arrow on the next line", "mail.php", "return [\n    'smtp_password' =>\n        '" + pw + "',\n];\n", g, "medium", ""},
		{"crlf line end", "DbConfig.java", "String DB_PASSWORD =\r\n    \"" + pw + "\";\r\n", g, "medium", ""},
		{"c literal continued by the next line", "oauth.c", "static const char *expected_token =\n    \"eyJhbGciOiJub25lIn0\"\n    \".\"\n    \"eyJzdWIiOiJmdWJhciJ9\";\n", "", "", ""},
		{"js literal continued by +", "db.js", "const dbPassword =\n  \"" + pw + "\"\n  + suffix;\n", "", "", ""},
		{"next line is a lookup", "DbConfig.java", "String DB_PASSWORD =\n    System.getenv(\"DB_PASSWORD\");\n", "", "", ""},
		{"next line is a variable", "db.js", "const pool = new Pool({\n  password:\n    process.env.PGPASSWORD,\n});\n", "", "", ""},
		{"next line concatenates", "DbConfig.java", "String DB_PASSWORD =\n    \"" + pw + "\" + suffix;\n", "", "", ""},

		// "keyword value" configuration files.
		{"msmtprc password line", ".msmtprc", "account default\nhost smtp.acme-corp.net\nuser alerts\npassword " + pw + "\ntls on\n", g, "high", ""},
		{"fetchmailrc user and password", ".fetchmailrc", "poll imap.acme-corp.net protocol IMAP\n  user \"alerts\" password \"" + pw + "\" is alerts here\n", g, "high", ""},
		{"msmtprc passwordeval", ".msmtprc", "user alerts\npasswordeval \"pass show mail/smtp\"\n", "", "", ""},
		{"conf comment naming a password", "app.conf", "# password rotated by the vault agent\n", "", "", ""},
		{"conf sentence after password", "app.conf", "password must be rotated every 90 days\n", "", "", ""},
		{"keyword value only in config files", "notes.py", "password " + pw + "\n", "", "", ""},
	})
}

// TestIntegrationSuitesAreTests: a credential in an integration or
// end-to-end suite is lowered like any test's. Such suites mostly run
// against throwaway local services (docker-compose databases, NATS
// fixtures): keeping their credentials' confidence reported vector's
// NATS test JWTs at high.
func TestIntegrationSuitesAreTests(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	line := "DB_PASSWORD = \"" + pw + "\"\n"
	runContextCases(t, []contextCase{
		{"integration suite", "tests/integration/settings.py", line, g, "low", ""},
		{"e2e suite", "e2e/config.py", line, g, "low", ""},
		{"provider token in an integration suite", "test/integration/mail.env", "POSTMARK_SERVER_TOKEN=" + postmarkToken + "\n", "postmark-server-token", "medium", ""},
	})
}

// TestProviderNamedField: a field named for the provider (and "api") of a
// settings object holds its key when the value has the key's exact shape.
func TestProviderNamedField(t *testing.T) {
	tok := postmarkToken
	p := "postmark-server-token"
	runContextCases(t, []contextCase{
		{"rails config field", "sync.rb", "config.postmark_api = \"" + tok + "\"\n", p, "high", ""},
		{"process.env field", "index.js", "process.env.POSTMARK_API = \"" + tok + "\";\n", p, "high", ""},
		{"module.exports field", "keys.js", "module.exports.postmark = '" + tok + "';\n", p, "high", ""},
		{"a field's field", "keys.js", "module.exports.postmark.accountId = '" + tok + "';\n", "", "", ""},
		{"a field not of the key's shape", "sync.rb", "config.postmark_api = \"https://api.postmarkapp.com\"\n", "", "", ""},
	})
}
