package detect_test

import "testing"

// TestProviderURL: a URL whose scheme, or whose host of one label, is a
// provider's name holds that provider's credentials in its user
// information, as Symfony's Mailer and Notifier DSNs do; the
// documentation's field names, a URL with no user information, a host
// of several labels and a longer scheme are not read.
func TestProviderURL(t *testing.T) {
	tok := postmarkToken
	const hex = "6d1f0b9a3c7e4d2f8a5b1c9e0d3f7a2b"
	runContextCases(t, []contextCase{
		{"scheme with transport", ".env", "MAILER_DSN=postmark+api://" + tok + "@default\n", "postmark-server-token", "high", ""},
		{"scheme with smtp", ".env.local", "MAILER_DSN=postmark+smtp://" + tok + "@default:587\n", "postmark-server-token", "high", ""},
		{"scheme alone in yaml", "config/packages/mailer.yaml", "framework:\n  mailer:\n    dsn: 'postmark://" + tok + "@default'\n", "postmark-server-token", "high", ""},
		{"scheme in php", "config/mailer.php", "<?php\n$transport = Transport::fromDsn(\"postmark+api://" + tok + "@default\");\n", "postmark-server-token", "high", ""},
		{"single-label host", ".env", "MAILER_DSN=api://" + tok + "@postmark\n", "postmark-server-token", "high", ""},
		{"notifier with sid", ".env", "TWILIO_DSN=twilio://AC0f3e2d1c4b5a69788796a5b4c3d2e1f0:" + hex + "@default?from=+15551234567\n", "twilio-auth-token", "high", ""},
		{"documentation's names", ".env", "MAILER_DSN=postmark+api://ID@default\n", "", "", ""},
		{"environment reference", ".env", "MAILER_DSN=postmark+api://%env(POSTMARK_TOKEN)%@default\n", "", "", ""},
		{"no user information", ".env", "MAILER_DSN=postmark+api://default\nREQUEST=" + tok + "\n", "", "", ""},
		{"host of several labels", "links.md", "see https://" + tok + "@postmark.example.org/x\n", "", "", ""},
		{"longer scheme", ".env", "X_DSN=notpostmark+api://" + tok + "@default\n", "", "", ""},
		{"path not user information", "links.md", "https://account.postmarkapp.com/servers/" + tok + "/edit\n", "", "", ""},
	})
}
