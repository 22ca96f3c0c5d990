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
		// Adjacent literals, which C, C++ and Python join.
		{"settings.py", "TOKEN = (\"" + a + "\"\n         \"" + b + "\"\n         '" + c + "')"},
		{"config.h", "#define TOKEN \"" + a + "\" \"" + b + "\" \"" + c + "\""},
		{"client.cpp", "const char *token = \"" + a + "\"\r\n    \"" + b + c + "\";"},
		// XML reads CDATA sections side by side as one text.
		{"config.xml", "<token><![CDATA[" + a + "]]><![CDATA[" + b + "]]><![CDATA[" + c + "]]></token>"},
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

// TestAdjacentLiteralsOnlyWhereJoined: literals side by side are one
// string in C and Python only: in JavaScript they are two statements, in
// Go a list of imports, and a comma between makes a list anywhere.
func TestAdjacentLiteralsOnlyWhereJoined(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	token := testutil.NewGen(33).GitHubToken("ghp_")
	a, b := token[:14], token[14:]
	for _, tc := range []struct{ file, text string }{
		{"client.js", "const t = (\"" + a + "\"\n  \"" + b + "\");"},
		{"main.go", "import (\n\t\"" + a + "\"\n\t\"" + b + "\"\n)"},
		{"settings.py", "PARTS = [\"" + a + "\",\n         \"" + b + "\"]"},
	} {
		if ms := s.ScanFile(tc.file, []byte(tc.text+"\n")); len(ms) != 0 {
			t.Errorf("%s: %q: %d matches, want none (first %s)", tc.file, tc.text, len(ms), ms[0].Rule.ID)
		}
	}
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
