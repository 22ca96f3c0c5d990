package source

import "testing"

func TestCommitExtras(t *testing.T) {
	head := "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n"
	for _, c := range []struct{ name, raw, want string }{
		{"plain", head + "\nmessage\n", ""},
		{"UTF-8 declared", head + "encoding utf8\n\nmessage\n", ""},
		{"no message", head, ""},
		{"signature", head + "gpgsig -----BEGIN-----\n \n abc\n -----END-----\n\nmessage\n", "gpgsig -----BEGIN-----\n\nabc\n-----END-----\n"},
		{"NUL in the message", head + "\nshown\x00hidden\n", "shown\nhidden\n"},
		{"NUL in the author", "author A\x00hidden <a@x> 1 +0000\n\nm\n", "author A\x00hidden <a@x> 1 +0000\n"},
		{"other charset", head + "encoding ISO-8859-1\n\nm\n", "m\n"},
	} {
		if got := string(commitExtras([]byte(c.raw))); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
