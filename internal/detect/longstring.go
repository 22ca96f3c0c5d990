package detect

import "bytes"

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
	w := data[max(0, ls-maxStringLookback):ls]
	// bytes.Count finds each delimiter with the vectorised byte search: this
	// runs for every bare value first on its line in code.
	ticks := bytes.Count(w, tick) - bytes.Count(w, escapedTick)
	return ticks%2 == 1 || bytes.Count(w, tripleDouble)%2 == 1 || bytes.Count(w, tripleSingle)%2 == 1
}

var (
	tick         = []byte("`")
	escapedTick  = []byte("\\`")
	tripleDouble = []byte(`"""`)
	tripleSingle = []byte("'''")
)

// embeddedConfig reports a name first on its line inside a multi-line
// string literal of code: its value is read as a configuration file's.
// Authorization lines there are HTTP fixtures (requests and responses
// tests replay), left to the header rules as in a text file.
func embeddedConfig(data []byte, a *assignment, syn fileSyntax) bool {
	return syn == syntaxCode && a.class != classAuth && lineStartsAt(data, a.keyStart) && insideLongString(data, a.keyStart)
}
