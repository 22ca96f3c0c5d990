package detect

import "bytes"

// Labels in text: notes, tickets, e-mails and wiki pages state credentials
// as "Label: value", where the label may be several words ("API Secret:",
// "Initial Password:") and several pairs may share a line ("ID:admin
// PW:v", "user:u/pwd:v", "host 10.0.0.5 password:v").

// maxLabelWords bounds the words of a label ("default admin password",
// "Netcore Email API key").
const maxLabelWords = 4

// textLabel reads the label whose last word is the name at ks..ke, the
// operator ':' at colon, in a file of no known syntax. It returns where
// the label starts, whether it starts its line (a datum, as "Name: value"
// is), and ok when the pair is a statement of a value: first on its line,
// or written as a pair among others, name, colon and value glued together
// (PW:v) after a blank or a separator. In prose, a colon followed by a
// blank after a word in mid-sentence introduces an explanation, not a value.
func textLabel(data []byte, ks, ke, colon int) (start int, lineStart, ok bool) {
	start = labelStart(data, ks)
	if lineStartsAt(data, start) || listItemAt(data, start) {
		return start, true, true
	}
	// The value glued to the colon starts a word: a quote or a bracket
	// there closes what the name stood in (`--ks-pass pass:`), a bar
	// starts a pattern's next branch (x-api-token:|...).
	if colon != ke || colon+1 >= len(data) || isBlank(data[colon+1]) || isLineEnd(data[colon+1]) || isQuote(data[colon+1]) || bytes.IndexByte([]byte(pairValueNotFirst), data[colon+1]) >= 0 {
		return start, false, false
	}
	// A dotted name inside a line is a package's or a property's
	// (io.jsonwebtoken:jjwt-jackson:0.11.2, a Maven coordinate).
	if bytes.IndexByte(data[ks:ke], '.') >= 0 {
		return start, false, false
	}
	switch data[start-1] {
	case ' ', '\t', '/', '(', ')', ',', ';', '|':
		return start, false, !inLink(data, start)
	}
	return start, false, false
}

// listItemAt reports whether a Markdown list item's or quote's marker
// alone stands before i on its line: "- Password: v", "* Token: v",
// "1. Key: v", "> Password: v".
func listItemAt(data []byte, i int) bool {
	j := i - 1
	if j < 1 || data[j] != ' ' {
		return false
	}
	for j > 0 && data[j-1] == ' ' {
		j--
	}
	if j == 0 {
		return false
	}
	k := j - 1
	switch c := data[k]; {
	case c == '-' || c == '*' || c == '+' || c == '>':
	case c == '.' || c == ')':
		for k > 0 && '0' <= data[k-1] && data[k-1] <= '9' {
			k--
		}
		if k == j-1 {
			return false // no number before the dot
		}
	default:
		return false
	}
	return lineStartsAt(data, k)
}

// pairValueNotFirst are the bytes a pair's value does not start with.
const pairValueNotFirst = ")]}>,;|({[\\"

// inLink reports whether i is inside a link's text (a wiki page's path
// .../password:reset): the blank-free run before it holds "://".
func inLink(data []byte, i int) bool {
	for j := i - 1; j >= 2 && i-j < maxValueLen && !isBlank(data[j]) && !isLineEnd(data[j]); j-- {
		if data[j] == '/' && data[j-1] == '/' && data[j-2] == ':' {
			return true
		}
	}
	return false
}

// labelStart walks back from the name at ks over the words before it that
// are the label's: letters and digits separated by one blank, each after a
// blank or at its line's start (master in "id:master PW:v" is the previous
// pair's value, not a word of this label).
func labelStart(data []byte, ks int) int {
	start := ks
	for n := 1; n < maxLabelWords; n++ {
		i := start - 1
		if i < 1 || data[i] != ' ' {
			break
		}
		j := i
		for j > 0 && isLetterOrDigit(data[j-1]) {
			j--
		}
		if j == i || j > 0 && !isBlank(data[j-1]) && !isLineEnd(data[j-1]) {
			break
		}
		start = j
	}
	return start
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func isLetterOrDigit(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }

// fromTextLabel checks the label of the name at written..ke, its colon at
// colon, and takes the label's class: the words before the name may say
// the value is not a secret (Public Key:) or what it is (Secret Key:).
func (a *assignment) fromTextLabel(data []byte, written, ke, colon int) bool {
	start, lineStart, ok := textLabel(data, written, ke, colon)
	if !ok {
		return false
	}
	if start < written {
		// The label is the name: "access key" is no bare key. A label
		// that names no class ("Use the key:") or names an id leaves the
		// name as it was.
		c := classifyKey(data[start:ke])
		if c == classNone || namesAnID(data[start:written]) {
			return false
		}
		a.class, a.keyStart = c, start
	}
	a.datum = lineStart
	return true
}

// fromPairValue reads the value of a pair inside a line of text (ID:u
// PW:v). A word of letters alone there is a state or a field's type
// (password:expired, token:none, pw:str), unless it is a password people
// really use (PW:admin).
func (a assignment) fromPairValue(data []byte, written, i int, buf *[]byte) (assignment, bool) {
	r, ok := a.fromValue(data, i, syntaxUnknown, buf)
	if !ok {
		return r, false
	}
	if !r.escaped {
		r = r.afterUser(data, written)
	}
	for _, c := range r.value {
		if !isLetter(c) {
			return r, true
		}
	}
	return r, r.class == classPassword && commonPassword(r.value)
}

// commonPassword reports a password from the lists of the most used ones.
func commonPassword(v []byte) bool {
	var buf [256]byte
	if len(v) > len(buf) {
		return false
	}
	low := lowerASCII(buf[:0], v)
	return weakPasswords[string(low)] || shortDefaultPassword(v)
}

// maxForWords bounds the words after "for" in "Password for the admin
// account:".
const maxForWords = 3

// forWhom reads " for WHO:" (or " of WHO:") at i, after a name: one to
// three words of a user's, an account's or a host's name, then a colon.
// It returns where the colon is, or i.
func forWhom(data []byte, i int) int {
	j := i
	if !bytes.HasPrefix(data[j:], []byte("for ")) && !bytes.HasPrefix(data[j:], []byte("of ")) {
		return i
	}
	j += bytes.IndexByte(data[j:], ' ')
	for n := 0; n < maxForWords; n++ {
		j = skipBlanks(data, j)
		w := j
		for j < len(data) && j-w < maxNameLen && (isNameByte(data[j]) || data[j] == '@') {
			j++
		}
		if j == w {
			return i
		}
		if j < len(data) && data[j] == ':' {
			return j
		}
	}
	return i
}

// pairUserWords name the user in a label of a user and a password
// written together (ID/PW:u/v, user/pass:u/v).
var pairUserWords = [...][]byte{[]byte("id"), []byte("user"), []byte("username"), []byte("login"), []byte("account")}

// afterUser keeps the password of a value that holds a user and a
// password under a label that names both (ID/PW:admin/v): the part after
// the value's only slash.
func (a assignment) afterUser(data []byte, written int) assignment {
	w := written - 1
	if w < 1 || data[w] != '/' {
		return a
	}
	u := w
	for u > 0 && isLetterOrDigit(data[u-1]) {
		u--
	}
	if !anyEqualFold(data[u:w], pairUserWords[:]) || bytes.Count(a.value, []byte("/")) != 1 {
		return a
	}
	s := bytes.IndexByte(a.value, '/')
	if s == 0 || s == len(a.value)-1 {
		return a
	}
	a.valStart += s + 1
	a.value = a.value[s+1:]
	return a
}

// namesAnID reports label words that say the value identifies something
// ("Certificate ID key: 303b...", an OCSP certificate id's DER): an id's
// key is not a credential.
func namesAnID(words []byte) bool {
	for _, w := range bytes.Fields(words) {
		if bytes.EqualFold(w, []byte("id")) || bytes.EqualFold(w, []byte("identifier")) {
			return true
		}
	}
	return false
}
