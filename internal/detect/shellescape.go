package detect

// Windows shells have escape characters of their own, which they remove
// before a command sees its arguments: PowerShell's backtick (`R is R,
// about_Special_Characters) and cmd.exe's caret (^_ is _, and a caret
// that ends a line joins the next one to it). Written inside a token
// (ghp_`R..., ghp^_...) they cut it for every pattern, while the shell
// passes the token whole. They are read in the scripts of those shells
// only: elsewhere ^ and ` are text (a regular expression, Markdown).

// shellEscapeOf is the escape character of the shell that runs the file
// named name, 0 for any other file.
func shellEscapeOf(name string) byte {
	if cssExts[extOf(name)] {
		return '\\' // a stylesheet's escapes (cssescape.go)
	}
	switch extOf(name) {
	case ".ps1", ".psm1", ".psd1":
		return '`'
	case ".bat", ".cmd":
		return '^'
	}
	return 0
}

// powerShellSpecial are the backtick escapes that stand for a control
// character rather than the character after the backtick; `u{...} is
// not read.
var powerShellSpecial = map[byte]rune{'0': 0, 'a': '\a', 'b': '\b', 'e': 0x1b, 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}

// decodeShellEscape decodes the shell escape at data[i] (data[i] is
// shell): what it stands for, its length, and whether it hides a token's
// character or a quote opening one, or joins two pieces of a token
// across a line break (cmd's caret at a line's end).
func decodeShellEscape(data []byte, i int, shell byte) (r rune, n int, kind escapeKind, hides bool) {
	if shell == '\\' {
		return decodeCSSEscape(data, i)
	}
	rest := data[i:]
	if len(rest) < 2 {
		return 0, 0, escapeNone, false
	}
	c := rest[1]
	switch {
	case c == '\n' || c == '\r' && len(rest) >= 3 && rest[2] == '\n':
		if shell != '^' {
			return 0, 0, escapeNone, false // PowerShell keeps the break
		}
		n = 2
		if c == '\r' {
			n = 3
		}
		return -1, n, escapeShell, joins(data, i, i+n)
	case shell == '`' && c == 'u' && len(rest) >= 3 && rest[2] == '{':
		return 0, 0, escapeNone, false
	case shell == '`':
		if s, ok := powerShellSpecial[c]; ok {
			return s, 2, escapeShell, false
		}
	}
	if c >= 0x80 {
		return 0, 0, escapeNone, false
	}
	r = rune(c)
	return r, 2, escapeShell, tokenByte[c] || opensValue(data, i, 2, r, escapeShell)
}
