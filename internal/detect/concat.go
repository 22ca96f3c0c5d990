package detect

import (
	"path"
	"strings"
)

// A token cut into string literals joined again at run time ("xoxb-1234"
// + "5678-..." in JavaScript, Java or C#, '...' . '...' in PHP, "" inside
// a shell word) reaches no pattern written for its characters, and
// cutting it is how a token is slipped past a scanner. The closing quote,
// the operator and the next literal's opening quote are an escape of
// their own that stands for nothing (escapeJoin): a view with them taken
// out is scanned again, and what it finds counts only when it runs
// across such a join, with token characters on either side of it.

// maxJoinBlanks bounds the blanks and line breaks read around an operator.
const maxJoinBlanks = 64

// concatenation returns the length of the join at the start of rest, a
// closing quote: the operator with the blanks and line breaks around it,
// and the next literal's opening quote; or two quotes with nothing
// between (a shell word, C's and Python's adjacent literals), or, where
// adjacent literals are one (C, C++, Objective-C, Python: adjacent),
// with blanks and line breaks between. 0: none.
// The operators: + (JavaScript, Java, C#, Python, Go, Kotlin, Swift,
// Ruby), . (PHP, Perl), & (Visual Basic), || (SQL), .. (Lua), ~ (D).
func concatenation(rest []byte, adjacent bool) int {
	j := skipAny(rest, 1, maxJoinBlanks, " \t\r\n")
	if j >= len(rest) {
		return 0
	}
	op := 0
	switch rest[j] {
	case '+', '&', '~':
		op = 1
	case '.':
		op = 1
		if j+1 < len(rest) && rest[j+1] == '.' {
			op = 2
		}
	case '|':
		if j+1 < len(rest) && rest[j+1] == '|' {
			op = 2
		}
	}
	if op > 0 {
		j = skipAny(rest, j+op, maxJoinBlanks, " \t\r\n")
	}
	if j >= len(rest) || !isQuote(rest[j]) || op == 0 && j > 1 && !adjacent {
		return 0
	}
	return j + 1
}

// cdataJoin ends an XML CDATA section and opens the next: XML reads the
// text of sections side by side as one (<t><![CDATA[ghp_ab]]><![CDATA[cd
// ...]]></t>), a way to cut a token that only an XML parser puts back.
const cdataJoin = "]]><![CDATA["

// skipAny returns where the bytes of set from data[j] end, at most limit
// bytes on.
func skipAny(data []byte, j, limit int, set string) int {
	for end := min(len(data), j+limit); j < end; j++ {
		if strings.IndexByte(set, data[j]) < 0 {
			return j
		}
	}
	return j
}

// joinWords are the prefilter keywords around a join: a quote with the
// operator after it, or the operator with the quote after it (an
// operator that starts the next line), two quotes together, a quote
// that ends a line or is followed by a blank (adjacent literals, which
// only some languages join), and the end of an XML CDATA section with
// the start of the next (cdataJoin).
var joinWords = func() []string {
	words := []string{`""`, `''`, "\"\n", "'\n", "\"\r\n", "'\r\n", `" "`, `' '`, cdataJoin}
	for _, q := range []string{`"`, `'`} {
		for _, o := range []string{"+", ".", "&", "||", ".."} {
			words = append(words, q+o, q+" "+o, o+q, o+" "+q)
		}
	}
	return words
}()

// joinHit tells whether a join word found at data[hs:he] may join two
// pieces of a token: a token's character before a quote it starts with,
// and after a quote it ends with. Empty strings, operators between
// variables and quoted punctuation go no further.
func joinHit(data []byte, hs, he int) bool {
	if isQuote(data[hs]) && (hs == 0 || !tokenByte[data[hs-1]]) {
		return false
	}
	if isQuote(data[he-1]) && (he >= len(data) || !tokenByte[data[he]]) {
		return false
	}
	return true
}

// joinStart returns where the escape search for a hit at data[hs] must
// start: a join word that starts with its operator (one that begins the
// next line) has its closing quote before it, past the blanks.
func joinStart(data []byte, hs int) int {
	if isQuote(data[hs]) {
		return hs
	}
	for i := hs - 1; i >= max(0, hs-maxJoinBlanks); i-- {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
		case '"', '\'', '`':
			return i
		default:
			return hs
		}
	}
	return hs
}

// adjacentLiterals tells whether the language of the file named name
// joins string literals that stand side by side, with only blanks and
// line breaks between ("ghp_ab"
// "cd..." inside parentheses): C, C++ and Objective-C (translation phase
// 6) and Python.
func adjacentLiterals(name string) bool {
	switch extOf(name) {
	case ".py", ".pyi", ".pyw", ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".m", ".mm":
		return true
	}
	return false
}

// extOf is the extension of the file named name (an archive member by
// its own name), in lower case.
func extOf(name string) string {
	return strings.ToLower(path.Ext(name[strings.LastIndexByte(name, '!')+1:]))
}
