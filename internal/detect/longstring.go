package detect

// Configuration embedded in code: tests and scripts hold YAML, INI and
// .env text in multi-line string literals (Python's and Kotlin's """...""",
// Java's text blocks, JavaScript's template literals, Go's raw strings).
// A name: value line there is data, its bare value a literal.

// maxStringLookback bounds how far back the opening of a multi-line
// string literal is looked for.
const maxStringLookback = 4096

// insideLongString reports whether the line holding i is inside a
// multi-line string literal opened on an earlier line: an odd number of
// one kind of delimiter (three double quotes, three single quotes, or a
// backtick) stands on the lines before it within maxStringLookback.
func insideLongString(data []byte, i int) bool {
	ls := lineAt(data, i)
	var double, single, tick int
	for j := max(0, ls-maxStringLookback); j < ls; j++ {
		switch c := data[j]; {
		case c == '`' && (j == 0 || data[j-1] != '\\'):
			tick++
		case (c == '"' || c == '\'') && j+2 < ls && data[j+1] == c && data[j+2] == c:
			if c == '"' {
				double++
			} else {
				single++
			}
			j += 2
		}
	}
	return double%2 == 1 || single%2 == 1 || tick%2 == 1
}

// embeddedConfig reports a name first on its line inside a multi-line
// string literal of code: its value is read as a configuration file's.
// Authorization lines there are HTTP fixtures (requests and responses
// tests replay), left to the header rules as in a text file.
func embeddedConfig(data []byte, a *assignment, syn fileSyntax) bool {
	return syn == syntaxCode && a.class != classAuth && lineStartsAt(data, a.keyStart) && insideLongString(data, a.keyStart)
}
