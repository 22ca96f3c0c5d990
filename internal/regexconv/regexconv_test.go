package regexconv

import (
	"regexp"
	"testing"
)

func TestNameSecretGroup(t *testing.T) {
	cases := []struct {
		pattern string
		group   int
		want    string
		secret  string // what the pattern's secret is in the input
		input   string
	}{
		{`tok_[a-z]{4}`, 0, `(?P<secret>tok_[a-z]{4})`, "tok_abcd", "x tok_abcd"},
		{`a|tok_[a-z]{4}`, 0, `(?P<secret>a|tok_[a-z]{4})`, "tok_abcd", "tok_abcd"},
		{`key=(\w+)`, 0, `key=(?P<secret>\w+)`, "v4lue", "key=v4lue"},
		{`(id|secret)=([A-Za-z0-9]{6})`, 2, `(id|secret)=(?P<secret>[A-Za-z0-9]{6})`, "Abc123", "secret=Abc123"},
		{`(?P<kind>id|secret)=(?P<secret>x+)(?P<v>[0-9]+)`, 3, `(?P<kind>id|secret)=(x+)(?P<secret>[0-9]+)`, "42", "id=xx42"},
		// Parentheses in classes, escapes and \Q...\E are not groups.
		{`[(\]]\(\Q(x)\E(\d+)`, 1, `[(\]]\(\Q(x)\E(?P<secret>\d+)`, "12", "](((x)12"},
		{`[[:alpha:](]+=(?:v)([0-9]+)`, 1, `[[:alpha:](]+=(?:v)(?P<secret>[0-9]+)`, "7", "a(=v7"},
	}
	for _, c := range cases {
		got, err := NameSecretGroup(c.pattern, c.group)
		if err != nil {
			t.Errorf("%s group %d: %v", c.pattern, c.group, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s group %d = %s, want %s", c.pattern, c.group, got, c.want)
			continue
		}
		re := regexp.MustCompile(got)
		m := re.FindStringSubmatch(c.input)
		if m == nil || m[re.SubexpIndex("secret")] != c.secret {
			t.Errorf("%s on %q: %q, want secret %q", got, c.input, m, c.secret)
		}
	}
	if _, err := NameSecretGroup(`a(b)`, 2); err == nil {
		t.Error("secretGroup beyond the groups was accepted")
	}
}

// Nosey Parker's and Kingfisher's free-spacing patterns read the same in
// RE2 once rewritten.
func TestVerbose(t *testing.T) {
	cases := []struct {
		pattern, want, match, secret string
	}{
		{"(?x)\n  \\b\n  (\n    ey[a-zA-Z0-9_-]+      (?# header )\n    \\.\n    ey[a-zA-Z0-9_-]+\n  )\n", `\b(ey[a-zA-Z0-9_-]+\.ey[a-zA-Z0-9_-]+)`, "x eyJh.eyJp y", "eyJh.eyJp"},
		{"(?xi)\n aws # the provider\n (?:.|[\\n\\r]){0,32}?\n \\b([[:alnum:]/+=]{8})\\b\n", `(?i)aws(?:.|[\n\r]){0,32}?\b([[:alnum:]/+=]{8})\b`, "AWS_SECRET=Ab/+12cd", "Ab/+12cd"},
		{"(?x) login \\ user [ ]= (\\w+)", `login\x20user[ ]=(\w+)`, "login user = x1", ""},
		{`plain (\d+) # not a comment`, `plain (\d+) # not a comment`, "plain 42 # not a comment", "42"},
		{`(?i)tok_([a-z]{4})`, `(?i)tok_([a-z]{4})`, "TOK_abcd", "abcd"},
	}
	for _, c := range cases {
		got := Verbose(c.pattern)
		if got != c.want {
			t.Errorf("Verbose(%q) = %q, want %q", c.pattern, got, c.want)
			continue
		}
		re, err := regexp.Compile(got)
		if err != nil {
			t.Errorf("%q does not compile: %v", got, err)
			continue
		}
		if m := re.FindStringSubmatch(c.match); c.secret != "" && (m == nil || m[1] != c.secret) {
			t.Errorf("%q on %q = %q, want group %q", got, c.match, m, c.secret)
		}
	}
}
