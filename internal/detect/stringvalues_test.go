package detect_test

import "testing"

// A password read from inside a string keeps an & that does not start
// another pair, and a ((name)) variable is a reference, not a password.
func TestValuesInsideStringsKeepTheirAmpersands(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, c := range []struct{ name, file, text, want string }{
		{"& inside", "db.php", "putenv(\"DB_PASSWORD=?u%i5Z+Emf&g\");\n", "?u%i5Z+Emf&g"},
		{"& last", "db.php", "putenv(\"DB_PASSWORD=Tr0ub4dor-3x&\");\n", "Tr0ub4dor-3x"},
		{"query pair", "a.js", "const q = \"user=admin&password=Tr0ub4dor-3x&db=main\";\n", "Tr0ub4dor-3x"},
		{"markup", "a.html", "<a href=\"/login?password=Tr0ub4dor-3x&amp;user=u\">\n", "Tr0ub4dor-3x"},
		{"short reference", "a.go", "pwd := \"((PWD))\"\n", ""},
		{"xml reference", "app.config", "<Pass>((PASS))</Pass>\n", ""},
		{"vault reference", "pipeline.yml", "password: ((vault:db.password))\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ms := s.ScanFile(c.file, []byte(c.text))
			if c.want == "" {
				for _, m := range ms {
					t.Errorf("found %s %q, want nothing", m.Rule.ID, m.Secret)
				}
				return
			}
			if len(ms) != 1 || string(ms[0].Secret) != c.want {
				for _, m := range ms {
					t.Logf("found %s %q", m.Rule.ID, m.Secret)
				}
				t.Errorf("want one finding of %q", c.want)
			}
		})
	}
}

// A random value that holds "{}" among characters of all four kinds is a
// secret, as one holding "%s" is; format strings stay placeholders.
func TestRandomValuesHoldingBracesAreNotFormatStrings(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, c := range []struct {
		name, text string
		found      bool
	}{
		{"salt", "define( 'AUTH_KEY', 'MRp;#aetk#wqKCl{}NoEfuOX=yXZ1Uz)>KIbJXhSjvmLd_(1_s<e6gLM)FMM0k0I' );\n", true},
		{"format", "password = \"user={}:{}@host\"\n", false},
		{"short format", "secret = \"Bearer {}\"\n", false},
		{"indexed format", "db_password = \"pass={0};user={1}\"\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ms := s.ScanFile("wp-config.php", []byte(c.text))
			if got := len(ms) > 0; got != c.found {
				t.Errorf("found %v (%d findings), want %v", got, len(ms), c.found)
			}
		})
	}
}
