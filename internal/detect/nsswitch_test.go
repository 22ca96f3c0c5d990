package detect_test

import "testing"

// TestNsswitchPasswdDatabase: nsswitch.conf's passwd line names services,
// not a password; a passwd setting holding a password is still one.
func TestNsswitchPasswdDatabase(t *testing.T) {
	runContextCases(t, []contextCase{
		{"debian", "etc/nsswitch.conf", "passwd:         files systemd\ngroup:          files systemd\n", "", "", ""},
		{"alpine compat", "etc/nsswitch.conf", "passwd: compat\n", "", "", ""},
		{"with an action", "etc/nsswitch.conf", "passwd: sss files [NOTFOUND=return] ldap\n", "", "", ""},
		{"a password under passwd", "app.yaml", "ldap:\n  passwd: Tr0ub4dor-3x\n", "generic-password", "high", ""},
	})
}
