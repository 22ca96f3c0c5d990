package detect_test

import "testing"

// TestTextLabels: notes and tickets state credentials as labels of several
// words and as pairs sharing a line; the same forms holding prose, states
// and field types are not credentials.
func TestTextLabels(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"pairs on one line", "notes.txt", "ID:deploy PW:" + pw + "\n", g, "medium", ""},
		{"pairs after a host", "servers", "host 10.0.4.12 user:admin/pwd:" + pw + "\n", g, "medium", ""},
		{"flag-like pairs", "notes.txt", "-User:deploy -Password:" + pw + "\n", g, "medium", ""},
		{"label of two words", "notes.txt", "Initial Password: " + pw + "\n", g, "high", ""},
		{"label naming a secret", "handover.md", "API Secret: Zq8Rt2Lm9Xv4Wn7B\n", "generic-secret", "high", ""},
		{"label ending in a bare key", "notes.txt", "access key:Zq8Rt2Lm9Xv4Wn7Bc1Hp\n", "generic-api-key", "high", "access key"},
		{"label naming a table's key", "schema.txt", "Primary key: a9Xk2Lq8Zt4Vn7Bw1Mp6Rc3Hy5Jd0Fs9\n", "", "", ""},
		{"password for whom", "notes.txt", "Password for root: " + pw + "\n", g, "high", ""},
		{"password for an account of words", "notes.txt", "password for the admin account: " + pw + "\n", g, "high", ""},
		{"password for whom told in prose", "notes.txt", "Password for login: see the vault\n", "", "", ""},
		{"PASS in a pair", "notes.txt", "ID:deploy/PASS:" + pw + "\n", g, "medium", ""},
		{"PASS of a test runner", "test.log", "PASS: test_login_works_2\n", "", "", ""},
		{"label of an id's key", "management.txt", "    Certificate ID key : 303b300906052b0e03021a050004148a83e0060faff709ca7e9b95522a2e81635fda0a\n", "", "", ""},
		{"name in a code span", "README.md", "key passphrases (`keytool -storepass`, `apksigner --ks-pass pass:`); and\n  `Authorization: Basic` values\n", "", "", ""},
		{"name in a pattern", "rules.txt", "pattern: '(?i)x-acme-token:|acme\\.io/api/v1/[^\\s]{20,}'\n", "", "", ""},
		{"label saying public", "notes.txt", "Public Key: a9Xk2Lq8Zt4Vn7Bw1Mp6Rc3Hy5Jd0Fs9\n", "", "", ""},
		{"colon introducing prose", "notes.txt", "To change it, open the password: page and follow the steps\n", "", "", ""},
		{"weak password in a pair", "notes.txt", "ID:admin PW:admin\n", g, "medium", ""},
		{"a state in a log line", "auth.log", "login failed for user:admin reason:bad password:expired\n", "", "", ""},
		{"field types", "notes.txt", "the form has fields user:string password:string\n", "", "", ""},
		{"maven coordinate", "deps.txt", "notes = \"Maven - io.jsonwebtoken:jjwt-jackson-0.11.2\"\n", "", "", ""},
		{"pair in a link", "notes.txt", "see https://wiki.acme.local/display/OPS/password:reset-2\n", "", "", ""},
		{"pair form in code", "notes.py", "print(user, 'PW:' + pw)\nx = {'id':1, pw:" + pw + "}\n", "", "", ""},
	})
}

// TestPairLabelOfUserAndPassword: under a label naming a user and a
// password together (ID/PW:u/v) the password is the part after the slash;
// a slash under another label is the password's own.
func TestPairLabelOfUserAndPassword(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, c := range []struct{ text, want string }{
		{"98.76.54.32 ID/PW:deploy/Tr0ub4dor-3x\n", "Tr0ub4dor-3x"},
		{"vpn user/pass:deploy/Tr0ub4dor-3x\n", "Tr0ub4dor-3x"},
		{"vpn host/PW:db01/Tr0ub4dor-3x\n", "db01/Tr0ub4dor-3x"},
	} {
		ms := s.ScanFile("notes.txt", []byte(c.text))
		if len(ms) != 1 || ms[0].Secret != c.want {
			t.Errorf("%q: got %+v, want one finding of %q", c.text, ms, c.want)
		}
	}
}
