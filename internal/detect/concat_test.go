package detect_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestTokenCutIntoJoinedLiterals: a token cut into string literals that
// the program joins again is found whole, in every language's way of
// joining them, across line breaks, with the operator at the end of a
// line or the start of the next, and placed at its first piece.
func TestTokenCutIntoJoinedLiterals(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	g := testutil.NewGen(31)
	token := g.GitHubToken("ghp_")
	a, b, c := token[:9], token[9:25], token[25:]
	for _, tc := range []struct{ file, text string }{
		{"client.js", `const token = "` + a + `" + "` + b + `" + "` + c + `";`},
		{"client.js", `const token = "` + a + `"+"` + b + `"+'` + c + `';`},
		{"Client.java", "String token = \"" + a + "\" +\n        \"" + b + "\" +\n        \"" + c + "\";"},
		{"Client.cs", "var token = \"" + a + "\"\n    + \"" + b + "\"\n    + \"" + c + "\";"},
		{"client.php", `<?php $token = '` + a + `' . '` + b + `' . '` + c + `';`},
		{"Module.vb", `Dim token As String = "` + a + `" & "` + b + `" & "` + c + `"`},
		{"seed.sql", `INSERT INTO tokens VALUES ('` + a + `' || '` + b + `' || '` + c + `');`},
		{"init.lua", `local token = "` + a + `" .. "` + b + `" .. "` + c + `"`},
		{"deploy.sh", `TOKEN=` + a + `""` + b + `''` + c},
	} {
		if found, ok := foundDecodedAt(s, tc.file, tc.text, token, detect.EncodingConcatenation, a); !ok {
			t.Errorf("%s: %q: the joined token was not found at its first piece (found %v)", tc.file, tc.text, found)
		}
	}
}

// foundDecodedAt scans text and tells whether token is found with
// encoding, placed where first is written; found lists each match's
// rule and encoding.
func foundDecodedAt(s *detect.Scanner, file, text, token, encoding, first string) (found []string, ok bool) {
	for _, m := range s.ScanFile(file, []byte(text+"\n")) {
		found = append(found, m.Rule.ID+" "+m.Encoding)
		if m.Secret == token {
			ok = m.Encoding == encoding && strings.HasPrefix(text[m.Start:], first)
		}
	}
	return found, ok
}

// TestJoinedLiteralsWithoutCutToken: joins that cut no token add nothing:
// a token whole in one literal is found once, in plain sight, and text,
// variables, empty strings and quoted punctuation around operators are
// not read as pieces of one.
func TestJoinedLiteralsWithoutCutToken(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	g := testutil.NewGen(32)
	token := g.GitHubToken("ghp_")
	ms := s.ScanFile("client.js", []byte(`const auth = "token " + "`+token+`" + "\n";`+"\n"))
	if len(ms) != 1 || ms[0].Secret != token || ms[0].Encoding != "" {
		t.Errorf("a whole token between joins: %d matches, want it once in plain sight: %+v", len(ms), ms)
	}
	for _, text := range []string{
		`url = "https://api.example.com/" + "v1/" + path + "?page=" + page`,
		`msg = "Hello, " + name + "!" + "" + '.' + "."`,
		`key = prefix + "_" + "suffix"`,
		`label = "ghp" + "_" + "placeholder"`,
		`echo "a" "b" '' ""`,
	} {
		if ms := s.ScanFile("app.js", []byte(text+"\n")); len(ms) != 0 {
			t.Errorf("%q: %d matches, want none (first %s %q)", text, len(ms), ms[0].Rule.ID, ms[0].Secret)
		}
	}
}
