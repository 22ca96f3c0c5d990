package detect

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
	"unicode/utf8"
)

// Escape sequences hide a token from patterns written for its characters:
// a URL's percent-encoding (%2F, %3D in a connection string or a query),
// JSON and JavaScript \uXXXX and \/, C, Go and Python \xHH and \NNN, HTML
// character references (&#103; &#x67;), quoted-printable =XX and its soft
// line breaks (e-mail), and a backslash-newline that continues a string
// on the next line. Where a line holds an escape that stands for a
// token's character (a letter, a digit, + / = _ - . : @ ~), the line is
// decoded and scanned again as a view of its own; what that view finds
// counts only when it covers such an escape (the rest the plain scan
// already saw), and is placed back at its bytes in the file.

// escapeReach bounds a decoded view on either side of its escapes, like a
// rule's reach around a keyword, so a minified line costs no more.
const escapeReach = 1024

// maxEscapedView bounds the content one view decodes: a line made of
// escapes is decoded in views of this size, each scanned on its own.
const maxEscapedView = 64 << 10

// escapeKinds name what encoded a secret found in a decoded view.
const (
	EncodingPercent         = "percent"
	EncodingBackslash       = "backslash"
	EncodingHTML            = "html"
	EncodingQuotedPrintable = "quoted-printable"
	EncodingConcatenation   = "concatenation"
	EncodingCharCodes       = "char-codes"
	EncodingHexDump         = "hex-dump"
	EncodingShell           = "shell-escape"
	EncodingFolding         = "line-folding"
)

// tokenByte marks the characters a credential is made of.
var tokenByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range []byte("+/=_-.:@~") {
		t[c] = true
	}
	return t
}()

// escapeMark is one escape sequence of a view: src..src+srcLen in the
// content, dec..dec+decLen in the view.
type escapeMark struct {
	src, dec       int
	srcLen, decLen int8
	kind           escapeKind
	// hides: the escape stands for a token's character, or joins two
	// pieces of one token across a line break.
	hides bool
}

type escapeKind uint8

const (
	escapeNone escapeKind = iota
	escapeBackslash
	escapePercent
	escapeHTML
	escapeQuotedPrintable
	escapeZeroWidth // see invisible.go
	escapeLookalike
	escapeJoin      // see concat.go
	escapeCharCodes // see charcodes.go
	escapeHexDump   // see hexdump.go
	escapeShell     // see shellescape.go
	escapeFold      // see folding.go
)

func (k escapeKind) String() string {
	return [...]string{"", EncodingBackslash, EncodingPercent, EncodingHTML, EncodingQuotedPrintable, EncodingZeroWidth, "look-alike", EncodingConcatenation, EncodingCharCodes, EncodingHexDump, EncodingShell, EncodingFolding}[k]
}

// escapedView is a stretch of content with its escapes decoded.
type escapedView struct {
	start   int // where the stretch begins in the content
	decoded []byte
	marks   []escapeMark // in order
}

// source maps an offset in the view to the content.
func (v *escapedView) source(d int) int {
	k := sort.Search(len(v.marks), func(i int) bool { return v.marks[i].dec > d }) - 1
	if k < 0 {
		return v.start + d
	}
	m := v.marks[k]
	if d < m.dec+int(m.decLen) {
		return m.src
	}
	return m.src + int(m.srcLen) + d - m.dec - int(m.decLen)
}

// hiding returns the kind of the first escape within start..end of the
// view that hides a token's character, or "" when there is none.
func (v *escapedView) hiding(start, end int) string {
	k := sort.Search(len(v.marks), func(i int) bool { return v.marks[i].dec+int(v.marks[i].decLen) >= start }) - 1
	for k = max(k, 0); k < len(v.marks) && v.marks[k].dec <= end; k++ {
		m := v.marks[k]
		inside := m.dec < end && m.dec+int(m.decLen) > start
		if m.decLen > 0 && m.dec+int(m.decLen) == start {
			// Right before the secret: as written, the escape's last
			// characters glue to it (TOKEN%3Dghp_... has no word
			// boundary before ghp_), so the scan of data misses it.
			inside = true
		}
		if m.decLen == 0 {
			inside = m.dec > start && m.dec < end // a join within the token
		}
		if m.decLen == 1 && isQuote(v.decoded[m.dec]) {
			// A quote hides a value it opens (opensValue), not one it
			// stands inside: "pa\\\"ss" in JSON is a value holding \".
			inside = m.dec+1 == start
		}
		if m.hides && inside {
			return m.kind.String()
		}
	}
	return ""
}

// escapeWords are the prefilter keywords that may start an escape hiding
// a token's character: the prefilter reads every byte anyway, so escapes
// cost nothing where there are none. (A quoted-printable = is looked for
// only in an e-mail, byte by byte.) Invisible characters and look-alike
// letters are among them (see invisible.go).
var escapeWords = slices.Concat([]string{`\u`, `\x`, `\/`, `\0`, `\1`, `\2`, `\3`, "\\\n", "\\\r", "%2", "%3", "%4", "%5", "%6", "%7", "&#", `\\\"`}, namedReferenceWords, quoteReferenceWords, invisibleWords)

// escapeHits keeps where the prefilter saw escape words in one content:
// a hit within escapeReach of the last one kept is not kept, as the bytes
// after each kept hit are searched again, so hostile content made of
// escapes costs a hit per escapeReach bytes.
type escapeHits struct {
	at []int
	// spots are looked at alone, not searched after as at is: the closing
	// quotes of joins of string literals that may cut a token (concat.go)
	// and the starts of lists of character codes (charcodes.go).
	spots []escapeSpot
}

type escapeSpot struct {
	at    int
	codes bool // a list of character codes, else a join
	// opens: the word that marked the spot opens the list itself
	// ([]byte{, ] = {), so no list nearby is looked for.
	opens bool
}

func (h *escapeHits) reset() { h.at, h.spots = h.at[:0], h.spots[:0] }

func (h *escapeHits) add(pos int) {
	if h.wants(pos) {
		h.at = append(h.at, pos)
	}
}

// wants tells whether a hit at pos would be kept: not when the search
// after the last one kept covers it.
func (h *escapeHits) wants(pos int) bool {
	n := len(h.at)
	return n == 0 || pos > h.at[n-1]+escapeReach
}

// forEachEscaped calls fn with a decoded view of each stretch of data that
// holds an escape hiding a token's character: the escape's line, at most
// escapeReach bytes either side of its escapes, and the lines a soft
// break or a continuation joins to it. hits are where escapes may start;
// an e-mail with quoted-printable parts is searched whole.
func forEachEscaped(data []byte, hits *escapeHits, v *escapedView, name string, fn func(*escapedView)) {
	qp := &qpContent{data: data, adjacent: adjacentLiterals(name), trimsIndent: trimsIndent(name), shell: shellEscapeOf(name), folds: foldsLines(name)}
	// The byte that may start an escape in this content besides those
	// of any content: a shell's escape character, a folded line's break.
	extra := qp.shell
	if qp.folds {
		extra = '\n'
	}
	next := 0 // data before next is covered
	search := func(from, to int) {
		for i := max(from, next); i < to; i++ {
			if i = escapeCandidate(data, i, to, extra); i == to {
				break
			}
			_, n, _, hides := decodeEscape(data, i, qp)
			if !hides || escapedBackslash(data, i) {
				i += max(n, 1) - 1
				continue
			}
			decodeView(data, i, qp, v)
			fn(v)
			next = v.end()
			i = next - 1
		}
	}
	at := hits.at
	if qp.declared() || extra != 0 {
		// No prefilter word marks a quoted-printable =, a shell's escape
		// character or a folded line: such content is searched whole.
		search(0, len(data))
		at = nil
	}
	// The searches after escape words and the spots, in the order they
	// come in data, each past the views before it.
	spot := func(sp escapeSpot) {
		if sp.at < next {
			return // decoded in the view before
		}
		if sp.codes {
			if charCodesAt(data, sp.at, next, sp.opens, v) {
				fn(v)
				next = v.end()
			}
			return
		}
		if _, n, _, hides := decodeEscape(data, sp.at, qp); n > 0 && hides {
			decodeView(data, sp.at, qp, v)
			fn(v)
			next = v.end()
		}
	}
	slices.SortFunc(hits.spots, func(a, b escapeSpot) int { return a.at - b.at })
	spots := hits.spots
	for _, a := range at {
		for ; len(spots) > 0 && spots[0].at < a; spots = spots[1:] {
			spot(spots[0])
		}
		// Every hit not kept is within escapeReach of this one.
		search(a, min(len(data), a+escapeReach+1))
	}
	for _, sp := range spots {
		spot(sp)
	}
}

// mayEscape tells whether c may start an escape that hides a character:
// a backslash, %, &, =, the lead byte of a character from U+0080 on, or
// the content's shell escape character (shell, 0: none).
// (A join of string literals starts at a quote, but quotes are everywhere
// in code: joins are found by their own prefilter words, concat.go.)
func mayEscape(c, shell byte) bool {
	return c == '\\' || c == '%' || c == '&' || c == '=' || c >= 0xc2 || c == shell && shell != 0
}

// escapeCandidate returns the first i in [from, to) where mayEscape holds,
// or to. It tests eight bytes at a time: source code is long stretches
// with none, and this search covers escapeReach bytes after every hit.
func escapeCandidate(data []byte, from, to int, shell byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	has := func(x, c uint64) bool { // some byte of x is c
		y := x ^ (c * ones)
		return (y-ones)&^y&highs != 0
	}
	i := from
	for i+8 <= to {
		x := binary.LittleEndian.Uint64(data[i:])
		if x&highs == 0 && !has(x, '\\') && !has(x, '%') && !has(x, '&') && !has(x, '=') && (shell == 0 || !has(x, uint64(shell))) {
			i += 8
			continue
		}
		for end := i + 8; i < end; i++ {
			if mayEscape(data[i], shell) {
				return i
			}
		}
	}
	for ; i < to; i++ {
		if mayEscape(data[i], shell) {
			return i
		}
	}
	return to
}

// escapedBackslash tells whether the backslash at i is itself escaped (an
// odd run of backslashes before it): \\x41 is a backslash and x41.
func escapedBackslash(data []byte, i int) bool {
	if data[i] != '\\' {
		return false
	}
	n := 0
	for j := i - 1; j >= max(0, i-escapeReach) && data[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// end is where the view's stretch ends in the content.
func (v *escapedView) end() int {
	if len(v.marks) == 0 {
		return v.start + len(v.decoded)
	}
	m := v.marks[len(v.marks)-1]
	return m.src + int(m.srcLen) + len(v.decoded) - m.dec - int(m.decLen)
}

// decodeView decodes into v the stretch of data around the hiding escape
// at i.
func decodeView(data []byte, i int, qp *qpContent, v *escapedView) {
	lo := max(0, i-escapeReach)
	start := lo + bytes.LastIndexByte(data[lo:i], '\n') + 1
	v.start, v.decoded, v.marks = start, v.decoded[:0], v.marks[:0]
	end := viewEnd(data, i)
	for j := start; j < end; {
		r, n, kind, hides := decodeEscape(data, j, qp)
		if n == 0 {
			v.decoded = append(v.decoded, data[j])
			j++
			continue
		}
		m := escapeMark{src: j, srcLen: int8(n), dec: len(v.decoded), kind: kind, hides: hides}
		if r >= 0 {
			v.decoded = utf8.AppendRune(v.decoded, r)
		}
		m.decLen = int8(len(v.decoded) - m.dec)
		v.marks = append(v.marks, m)
		j += n
		if hides {
			end = max(end, min(viewEnd(data, j-1), start+maxEscapedView))
		}
	}
}

// viewEnd is where a view holding the escape at i ends: its line, cut
// escapeReach bytes after it; a line break right after i (a soft break,
// a continuation) is crossed.
func viewEnd(data []byte, i int) int {
	from := i + 1
	if from < len(data) && data[from] == '\r' {
		from++
	}
	if from < len(data) && data[from] == '\n' {
		from++
	}
	hi := min(len(data), from+escapeReach)
	if k := bytes.IndexByte(data[from:hi], '\n'); k >= 0 {
		return from + k
	}
	return hi
}

// decodeEscape decodes the escape sequence at data[i]: the rune it stands
// for (-1: none, for a line break that is not there), its length in data
// (0: no escape), its kind, and whether it hides a token's character. An
// escaped backslash (\\) is an escape of its own, so \\x41 is not \x41.
func decodeEscape(data []byte, i int, qp *qpContent) (r rune, n int, kind escapeKind, hides bool) {
	rest := data[i:]
	if len(rest) < 2 {
		return 0, 0, escapeNone, false
	}
	if rest[0] >= 0xc2 { // the lead byte of a character that is not ASCII
		return decodeInvisible(data, i, &qp.word)
	}
	if rest[0] == qp.shell && qp.shell != 0 {
		return decodeShellEscape(data, i, qp.shell)
	}
	if qp.folds && (rest[0] == '\r' || rest[0] == '\n') {
		return decodeFold(data, i)
	}
	switch rest[0] {
	case ']':
		if bytes.HasPrefix(rest, []byte(cdataJoin)) {
			return -1, len(cdataJoin), escapeJoin, joins(data, i, i+len(cdataJoin))
		}
		return 0, 0, escapeNone, false
	case '"', '\'', '`':
		// A join follows a token's character: most quotes open a string.
		if i == 0 || !tokenByte[data[i-1]] {
			return 0, 0, escapeNone, false
		}
		if n := concatenation(rest, qp.adjacent); n > 0 {
			return -1, n, escapeJoin, joins(data, i, i+n)
		}
		return 0, 0, escapeNone, false
	case '\\':
		kind = escapeBackslash
		switch c := rest[1]; {
		case c == '\n':
			n = 2 + qp.indentAfter(i, rest[2:])
			return -1, n, kind, joins(data, i, i+n)
		case c == '\r' && len(rest) >= 3 && rest[2] == '\n':
			n = 3 + qp.indentAfter(i, rest[3:])
			return -1, n, kind, joins(data, i, i+n)
		case '0' <= c && c <= '3' && len(rest) >= 4 && isOctal(rest[2]) && isOctal(rest[3]):
			// In running text only a full three-digit octal escape is
			// one (\1 is as often a regular expression's group).
			r, n = rune(c-'0')<<6|rune(rest[2]-'0')<<3|rune(rest[3]-'0'), 4
		case isOctal(c):
		default:
			r, n, _ = backslashEscape(rest)
		}
	case '%':
		kind = escapePercent
		if len(rest) >= 3 {
			if v, ok := upperHexValue(rest[1:3]); ok {
				r, n = rune(v), 3
			}
		}
		// Percent-encoded twice (a URL inside a query inside a URL):
		// %253D is =, read in one step, so a token glued to it is
		// glued to an escape that hides a character.
		if r == '%' && len(rest) >= 5 {
			if v, ok := upperHexValue(rest[3:5]); ok {
				r, n = rune(v), 5
			}
		}
	case '&':
		kind = escapeHTML
		r, n = htmlReference(rest)
	case '=':
		if !qp.declared() {
			return 0, 0, escapeNone, false
		}
		kind = escapeQuotedPrintable
		switch {
		case rest[1] == '\n':
			r, n = -1, 2
		case rest[1] == '\r' && len(rest) >= 3 && rest[2] == '\n':
			r, n = -1, 3
		case len(rest) >= 3:
			if v, ok := upperHexValue(rest[1:3]); ok {
				r, n = rune(v), 3
			}
		}
		if r < 0 && n > 0 {
			return r, n, kind, joins(data, i, i+n)
		}
	}
	if n == 0 {
		return 0, 0, escapeNone, false
	}
	return r, n, kind, r < utf8.RuneSelf && tokenByte[r] || opensValue(data, i, n, r, kind)
}

// opensValue tells whether the escape data[i:i+n], decoded to r, is a
// quote that opens a token: a value quoted with &quot; or &#34; in an
// HTML or XML attribute (JSON in a draw.io diagram, an SVG, a config
// file's XML, a data- attribute), or with \" a level below a string
// literal (\\\" in JSON inside JSON), after no letter or digit. The
// quote is no token character, but a key and its value quoted so reach
// no pattern written for plain quotes. A plain \" is not one: the
// assignment reader reads \"v\".
func opensValue(data []byte, i, n int, r rune, kind escapeKind) bool {
	if r != '"' && r != '\'' || i+n >= len(data) || !tokenByte[data[i+n]] {
		return false
	}
	if kind == escapeBackslash {
		if i < 2 || data[i-1] != '\\' || data[i-2] != '\\' {
			return false
		}
		i -= 2
	}
	// A quote after a letter or digit stands inside a value.
	return i == 0 || !isWordByte(data[i-1])
}

// joins tells whether a line break removed from data[from:to] joins two
// pieces of a token: a token's character on either side.
func joins(data []byte, from, to int) bool {
	return from > 0 && to < len(data) && tokenByte[data[from-1]] && tokenByte[data[to]]
}

var simpleEscapes = map[byte]rune{'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\'': '\'', '\\': '\\', '/': '/',
	'b': '\b', 'f': '\f', 'v': '\v', 'a': '\a', 'e': 0x1b}

// backslashEscape decodes the escape sequence at the start of b (b[0] is
// a backslash) as C, Go, Python, JavaScript, Java, C#, Rust and Swift
// string literals write them: \n and the other letters, \xHH, \uHHHH
// (a UTF-16 surrogate pair written as two), \u{H...}, \UHHHHHHHH and
// octal \N, \NN, \NNN. It returns the value, the length of the
// sequence (0: none) and whether the value is a byte (\x, octal) rather
// than a character: "\xff" in C or Go is one byte.
func backslashEscape(b []byte) (r rune, n int, isByte bool) {
	if len(b) < 2 || b[0] != '\\' {
		return 0, 0, false
	}
	switch c := b[1]; {
	case c == 'u' && len(b) >= 4 && b[2] == '{':
		end := bytes.IndexByte(b[3:min(len(b), 10)], '}')
		if end < 1 {
			return 0, 0, false
		}
		v, ok := hexValue(b[3 : 3+end])
		if !ok || v > utf8.MaxRune {
			return 0, 0, false
		}
		return rune(v), 4 + end, false
	case c == 'u' && len(b) >= 6:
		v, ok := hexValue(b[2:6])
		if !ok {
			return 0, 0, false
		}
		// JSON and JavaScript write a character beyond the BMP as a
		// surrogate pair: \ud83d\ude00.
		if 0xd800 <= v && v < 0xdc00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if lo, ok := hexValue(b[8:12]); ok && 0xdc00 <= lo && lo < 0xe000 {
				return rune(0x10000 + (v-0xd800)<<10 + (lo - 0xdc00)), 12, false
			}
		}
		return rune(v), 6, false
	case c == 'U' && len(b) >= 10:
		v, ok := hexValue(b[2:10])
		if !ok || v > utf8.MaxRune {
			return 0, 0, false
		}
		return rune(v), 10, false
	case c == 'x' && len(b) >= 3:
		// Two hex digits (Go, Python, JavaScript); C reads one as well.
		k := 2
		for k < 4 && k < len(b) {
			if _, ok := digitValue(b[k], 16); !ok {
				break
			}
			k++
		}
		if k == 2 {
			return 0, 0, false
		}
		v, _ := hexValue(b[2:k])
		return rune(v), k, true
	case isOctal(c):
		v, k := 0, 1
		for k < 4 && k < len(b) && isOctal(b[k]) && v<<3|int(b[k]-'0') <= 0xff {
			v = v<<3 | int(b[k]-'0')
			k++
		}
		return rune(v), k, true
	}
	if e, ok := simpleEscapes[b[1]]; ok {
		return e, 2, false
	}
	return 0, 0, false
}

// htmlReference decodes a character reference at the start of b: a
// numeric one (&#103; &#x67;), whose semicolon HTML lets a page leave out
// (a browser reads &#103&#104 as gh, and so does this), or a named one
// that stands for an ASCII character.
func htmlReference(b []byte) (rune, int) {
	if len(b) >= 3 && b[1] == '#' {
		return numericReference(b)
	}
	semi := bytes.IndexByte(b[:min(len(b), 16)], ';')
	if semi < 3 {
		return 0, 0
	}
	if r, ok := namedReferences[string(b[1:semi])]; ok {
		return r, semi + 1
	}
	return 0, 0
}

// numericReference decodes &#DIGITS or &#xHEX, with or without the
// semicolon after it: as HTML reads it, the digits end at the first
// character that is not one.
func numericReference(b []byte) (rune, int) {
	at, base := 2, 10
	if b[2] == 'x' || b[2] == 'X' {
		at, base = 3, 16
	}
	v, end := 0, at
	for ; end < len(b); end++ {
		d, ok := digitValue(b[end], base)
		if !ok {
			break
		}
		if v = v*base + d; v > utf8.MaxRune {
			return 0, 0
		}
	}
	if end == at {
		return 0, 0
	}
	if end < len(b) && b[end] == ';' {
		end++
	}
	return rune(v), end
}

// namedReferences are XML's five named references and HTML's named
// references for the ASCII characters a token may hold (the HTML
// standard's list of named character references); names are case
// sensitive, as in HTML.
var namedReferences = map[string]rune{
	"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\'',
	"lowbar": '_', "UnderBar": '_', "period": '.', "sol": '/', "plus": '+', "equals": '=', "colon": ':',
	"num": '#', "dollar": '$', "percnt": '%', "ast": '*', "midast": '*', "commat": '@', "excl": '!',
	"quest": '?', "comma": ',', "semi": ';', "Hat": '^', "grave": '`', "verbar": '|', "vert": '|',
	"lpar": '(', "rpar": ')', "lsqb": '[', "lbrack": '[', "rsqb": ']', "rbrack": ']', "lcub": '{', "lbrace": '{',
	"rcub": '}', "rbrace": '}', "bsol": '\\',
}

// namedReferenceWords start a named reference that stands for a
// character tokens hold: the prefilter keywords for them ("&#" starts
// the numeric ones).
var namedReferenceWords = []string{"&lowbar;", "&underbar;", "&period;", "&sol;", "&plus;", "&equals;", "&colon;"}

// quoteReferenceWords start a named reference to a quote, which hides a
// value it opens (opensValue).
var quoteReferenceWords = []string{"&quot;", "&apos;"}

func digitValue(c byte, base int) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case base == 16 && 'a' <= c && c <= 'f':
		return int(c-'a') + 10, true
	case base == 16 && 'A' <= c && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

func hexValue(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		d, ok := digitValue(c, 16)
		if !ok {
			return 0, false
		}
		v = v<<4 | d
	}
	return v, true
}

// upperHexValue reads hex digits as URL encoders and quoted-printable
// write them, upper case (RFC 3986 §2.1, RFC 2045 §6.7): Printf verbs
// such as %2d are not escapes.
func upperHexValue(b []byte) (int, bool) {
	for _, c := range b {
		if 'a' <= c && c <= 'f' {
			return 0, false
		}
	}
	return hexValue(b)
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }

// qpContent tells whether content is an e-mail or a MIME part (it starts
// with a header line) that declares quoted-printable parts: = is an
// assignment in most text, and an escape only there. It is read the first
// time it is asked.
type qpContent struct {
	data  []byte
	known bool
	is    bool
	// word keeps what mixedWord read of the last word it was asked
	// about: the letters of one word are decoded one after the other.
	word wordSpan
	// adjacent: the content's language joins adjacent string literals
	// (adjacentLiterals).
	adjacent bool
	// trimsIndent: where the content's format drops the blanks that
	// start a line continued by a backslash (trimsIndent).
	trimsIndent indentTrim
	// shell is the escape character of the shell the content is a
	// script of (shellEscapeOf), 0: none.
	shell byte
	// folds: the content's format folds long lines (foldsLines).
	folds bool
}

// indentTrim says where a format drops the blanks that start a line a
// backslash continues.
type indentTrim uint8

const (
	keepsIndent indentTrim = iota
	// dropsIndent: Java's .properties (Properties.load) and TOML's
	// multi-line strings, where token=ghp_ab\ then "    cd..." is one
	// value.
	dropsIndent
	// dropsIndentInQuotes: YAML's double-quoted scalars, whose escaped
	// line break is taken out with the next line's indent (YAML 1.2
	// §7.3.1); elsewhere in YAML (a shell script in a block scalar) the
	// backslash is text.
	dropsIndentInQuotes
)

// trimsIndent tells where the format of the file named name drops the
// blanks at the start of a line that a backslash continues.
func trimsIndent(name string) indentTrim {
	switch extOf(name) {
	case ".properties", ".toml":
		return dropsIndent
	case ".yaml", ".yml":
		return dropsIndentInQuotes
	}
	return keepsIndent
}

// indentAfter is how many blanks start rest, the line after the
// continuation at i, where the format drops them (at most maxJoinBlanks).
func (q *qpContent) indentAfter(i int, rest []byte) int {
	if q.trimsIndent == keepsIndent || q.trimsIndent == dropsIndentInQuotes && !inDoubleQuotes(q.data, i) {
		return 0
	}
	return skipAny(rest, 0, maxJoinBlanks, " \t")
}

// inDoubleQuotes tells whether data[i] is inside a double-quoted string
// opened on its line: an odd number of quotes, not escaped, before it
// (within escapeReach, as far as a view reaches).
func inDoubleQuotes(data []byte, i int) bool {
	open := false
	lo := max(0, i-escapeReach)
	for j := lo + bytes.LastIndexByte(data[lo:i], '\n') + 1; j < i; j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			open = !open
		}
	}
	return open
}

func (q *qpContent) declared() bool {
	if !q.known {
		q.known = true
		q.is = startsWithHeader(q.data) && (bytes.Contains(q.data, []byte("quoted-printable")) ||
			bytes.Contains(q.data, []byte("Quoted-Printable")) || bytes.Contains(q.data, []byte("QUOTED-PRINTABLE")))
	}
	return q.is
}

// startsWithHeader tells whether data begins with a mail header line
// ("Received: ...", "MIME-Version: 1.0"): a name of letters, digits and
// dashes, a colon and a space; in an mbox, after the "From " line that
// starts each message.
func startsWithHeader(data []byte) bool {
	if bytes.HasPrefix(data, []byte("From ")) {
		if i := bytes.IndexByte(data[:min(len(data), 1024)], '\n'); i >= 0 {
			data = data[i+1:]
		}
	}
	for i, c := range data[:min(len(data), 80)] {
		switch {
		case c == ':':
			return i > 0 && i+1 < len(data) && data[i+1] == ' '
		case !(c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'):
			return false
		}
	}
	return false
}

// scanEscaped scans the decoded views of data and returns what they find
// that an escape hid, placed at its bytes in data; inside decoded content
// (outer set), at outer's place like the rest of it.
func (s *Scanner) scanEscaped(data []byte, outer *span, depth int, hits *escapeHits, matches []Match) []Match {
	if s.unit.binary {
		return matches // no escaped text in compiled code
	}
	forEachEscaped(data, hits, &s.views[depth], s.unit.path, func(v *escapedView) {
		if outer != nil {
			matches = append(matches, s.scan(v.decoded, outer, depth+1)...)
			return
		}
		vetoes := len(s.vetoes)
		for _, m := range s.scan(v.decoded, nil, depth+1) {
			kind := v.hiding(m.Start, m.End)
			if kind == "" && !v.beforeOnLine(m.Start, m.End) || v.foldsSecret(m.Start, m.End) {
				continue // in plain sight: the scan of data has it
			}
			if m.Encoding == "" {
				m.Encoding = kind
			}
			m.Start, m.End = v.source(m.Start), v.source(m.End)
			if m.MatchEnd != 0 {
				m.MatchStart, m.MatchEnd = v.source(m.MatchStart), v.source(m.MatchEnd)
			}
			matches = append(matches, m)
		}
		for i := vetoes; i < len(s.vetoes); i++ {
			w := &s.vetoes[i]
			w.start, w.end = v.source(w.start), v.source(w.end)
		}
	})
	return matches
}
