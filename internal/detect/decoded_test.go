package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
)

// TestDecodedViewReplacesPlainMatch: a password with escapes is found as
// written and again in the decoded view; one finding is left, at the
// escaped bytes: the decoded password where the escape means something
// (percent-escapes in a URL, a JSON string's \u), the password as written
// where it does not (a % in a quoted password or on a command line).
func TestDecodedViewReplacesPlainMatch(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	cases := []struct {
		name, file, text, rule, secret, encoding, written string
	}{
		{"percent in database url", "app.env", "DATABASE_URL=postgres://app:P%40ssw0rdX7q@db.internal:5432/app\n", "database-connection-url", "P@ssw0rdX7q", detect.EncodingPercent, "P%40ssw0rdX7q"},
		{"percent in generic url", "app.toml", "url = \"https://deploy:Xy7%2Bq9Lm2Kp@git.corp.lan/repo.git\"\n", "generic-url-password", "Xy7+q9Lm2Kp", detect.EncodingPercent, "Xy7%2Bq9Lm2Kp"},
		{"control character decoded", "app.env", "DATABASE_URL=postgres://app:Xk7\\x00\\x41q9Lm2Kp@db.internal:5432/app\n", "database-connection-url", "Xk7\\x00\\x41q9Lm2Kp", "", "Xk7\\x00\\x41q9Lm2Kp"},
		{"percent outside a url", "mail.php", "$mail->Password = '.v~.mMrx&9*j0s.%44dUhn';\n", "generic-password", ".v~.mMrx&9*j0s.%44dUhn", "", ".v~.mMrx&9*j0s.%44dUhn"},
		{"percent on a command line", "deploy.sh", "mysql -h db.internal -u svc -p5vwbFQVy@g7%77tTb4,k app < schema.sql\n", "generic-database-cli-password", "5vwbFQVy@g7%77tTb4,k", "", "5vwbFQVy@g7%77tTb4,k"},
		{"unicode escape in json", "app.json", "{\"db\": \"mysql://shop:Nw4k\\u0040R8vT2qLz@10.1.2.3/shop\"}\n", "database-connection-url", "Nw4k@R8vT2qLz", detect.EncodingBackslash, "Nw4k\\u0040R8vT2qLz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := s.ScanFile(c.file, []byte(c.text))
			if len(ms) != 1 {
				for _, m := range ms {
					t.Logf("found %s %q encoding %q at %d..%d", m.Rule.ID, m.Secret, m.Encoding, m.Start, m.End)
				}
				t.Fatalf("got %d matches, want 1", len(ms))
			}
			m := ms[0]
			if m.Rule.ID != c.rule || m.Secret != c.secret || m.Encoding != c.encoding {
				t.Errorf("got %s %q encoding %q, want %s %q encoding %q", m.Rule.ID, m.Secret, m.Encoding, c.rule, c.secret, c.encoding)
			}
			if got := c.text[m.Start:m.End]; got != c.written {
				t.Errorf("placed at %q, want %q", got, c.written)
			}
		})
	}
}
