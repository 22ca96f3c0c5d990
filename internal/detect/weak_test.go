package detect_test

import (
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
)

// TestWeakPasswordConfidence: a guessable password a pattern rule reads (a
// URL, a command line) is medium with the weak-password note, a strong one in
// the same place is high, and one assigned to a password name in config
// keeps its level with the note (a default nobody changed is real).
func TestWeakPasswordConfidence(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	cases := []struct {
		name, file, text, rule, secret, confidence, note string
	}{
		{"url weak", "app.env", "DATABASE_URL=postgres://app:admin123@db.internal:5432/app\n", "database-connection-url", "admin123", "medium", detect.NoteWeakPassword},
		{"url strong", "app.env", "DATABASE_URL=postgres://app:Vh7q2Lx9Kp4w@db.internal:5432/app\n", "database-connection-url", "Vh7q2Lx9Kp4w", "high", ""},
		{"command line weak", "deploy.sh", "sshpass -p 'Welcome1' ssh deploy@10.0.0.5\n", "generic-sshpass-password", "Welcome1", "medium", detect.NoteWeakPassword},
		{"assigned weak", "config.yaml", "database:\n  password: admin123\n", "generic-password", "admin123", "high", detect.NoteWeakPassword},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got *detect.Match
			for _, m := range s.ScanFile(c.file, []byte(c.text)) {
				if m.Secret == c.secret {
					got = &m
				}
			}
			if got == nil {
				t.Fatalf("%q not found", c.secret)
			}
			if got.Rule.ID != c.rule || got.Confidence.String() != c.confidence || got.Note != c.note {
				t.Errorf("got %s confidence %s note %q, want %s confidence %s note %q", got.Rule.ID, got.Confidence, got.Note, c.rule, c.confidence, c.note)
			}
		})
	}
}
