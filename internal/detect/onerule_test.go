package detect_test

import (
	"testing"
)

// TestOneRulePerSecretOfAProvider: two rules of one provider that find the
// same secret at the same place give one finding, the rule first in the
// order of precedence. Django's startproject key in a settings module
// matched its own rule and the settings rule, and was reported twice;
// another key there is still the settings rule's.
func TestOneRulePerSecretOfAProvider(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, tc := range []struct{ text, rule string }{
		{"SECRET_KEY = 'django-insecure-^ocf5gt4$1fd-vr9&3uov&rkr2363_ny_j&x#ti8$9wco3_p52'\n", "django-insecure-secret-key"},
		{"SECRET_KEY = 'n8x#q2v@m4p!z7k&w1r$e5t^y9u*i3o-a6s=d0f+g2h_j8l4c'\n", "django-secret-key"},
	} {
		ms := s.ScanFile("app/settings.py", []byte(tc.text))
		if len(ms) != 1 || ms[0].Rule.ID != tc.rule {
			var got []string
			for _, m := range ms {
				got = append(got, m.Rule.ID)
			}
			t.Errorf("%q: %v, want [%s]", tc.text, got, tc.rule)
		}
	}
}
