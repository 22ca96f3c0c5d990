package redact

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// The form the issue saw stored in plain text: '%' breaks url.Parse.
		{"https://ci:Sup3r%Secret!Pass@git.example.com/acme/app.git", "https://git.example.com/acme/app.git"},
		{"https://user:hunter2@git.example.test/acme/app.git", "https://git.example.test/acme/app.git"},
		{"https://ghp_token0123456789@github.com/acme/app.git", "https://github.com/acme/app.git"},
		{"https://u:pa/ss@host.example/x.git", "https://host.example/x.git"},
		{"https://u:pa#ss@host.example/x.git", "https://host.example/x.git"},
		{"https://u:p@ss@host.example/x.git", "https://host.example/x.git"},
		{"http://user:pw@10.0.0.1:8080/r.git", "http://10.0.0.1:8080/r.git"},
		{"ssh://git@github.com/acme/app.git", "ssh://github.com/acme/app.git"},
		{"ci:s3cret@git.example.com:acme/app.git", "git.example.com:acme/app.git"},
		// Nothing to take out.
		{"git@github.com:acme/app.git", "git@github.com:acme/app.git"},
		{"https://github.com/acme/app.git", "https://github.com/acme/app.git"},
		{"https://github.com/acme/app@v1", "https://github.com/acme/app@v1"},
		{"/home/dev/src/app", "/home/dev/src/app"},
		{"", ""},
	} {
		got := URL(tc.in)
		if got != tc.want {
			t.Errorf("URL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for _, secret := range []string{"Sup3r", "hunter2", "ghp_token", "pa/ss", "pa#ss", "p@ss", "s3cret"} {
			if strings.Contains(tc.in, secret) && strings.Contains(got, secret) {
				t.Errorf("URL(%q) = %q still holds %q", tc.in, got, secret)
			}
		}
	}
}
