package detect

import "bytes"

// Options set by a call that takes a constant naming the option, then its
// value: curl_easy_setopt(h, CURLOPT_PASSWORD, "v") (libcurl),
// env.put(Context.SECURITY_CREDENTIALS, "v") (JNDI), ldap_set_option and
// mysql_options alike.

// optionArgument reports whether the name at ks..ke is an option's
// constant, written in capitals (after a class or module name and a dot),
// given as an argument of a setter's call.
func optionArgument(data []byte, ks, ke int) bool {
	name := data[ks:ke]
	if d := bytes.LastIndexByte(name, '.'); d >= 0 {
		name = name[d+1:]
	}
	if len(name) < 2 || userAndPassword(name) {
		return false
	}
	for _, c := range name {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	i := ks - 1
	for i >= 0 && isBlank(data[i]) {
		i--
	}
	if i < 0 || data[i] != '(' && data[i] != ',' {
		return false
	}
	open := callOpen(data, i)
	if open < 0 {
		return false
	}
	cs := open
	for cs > 0 && open-cs < maxNameLen && isWordByte(data[cs-1]) {
		cs--
	}
	callee := bytes.ToLower(data[cs:open])
	for _, w := range [...]string{"set", "opt", "put"} {
		if bytes.Contains(callee, []byte(w)) {
			return true
		}
	}
	return false
}

// callOpen finds the '(' that opens the argument list holding i, on i's
// line, or -1.
func callOpen(data []byte, i int) int {
	depth := 0
	for j := i; j >= 0 && i-j < 256 && !isLineEnd(data[j]); j-- {
		switch data[j] {
		case ')':
			depth++
		case '(':
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return -1
}

// fromOptionValue reads the option's value at i: a string literal that is
// the call's last argument.
func (a assignment) fromOptionValue(data []byte, i int, buf *[]byte) (assignment, bool) {
	v, ok := readQuoted(data, i, buf)
	if !ok {
		return a, false
	}
	if j := skipBlanks(data, v.end+1); j >= len(data) || data[j] != ')' {
		return a, false
	}
	a.set(v)
	return a, true
}

// userAndPassword reports an option that takes "user:password" together
// (CURLOPT_USERPWD, pycurl.USERPWD): generic-curl-userpwd-option reads its
// password out of the pair.
func userAndPassword(name []byte) bool {
	var w nameWords
	w.split(name)
	if w.n == 0 {
		return false
	}
	last := w.last(0)
	return bytes.HasPrefix(last, []byte("user")) && classifyKey(last) == classPassword
}
