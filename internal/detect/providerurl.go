package detect

import "bytes"

// A URL names the provider whose credentials its user information holds
// in its scheme, or in a host of one label that is the provider's name.
// Symfony's Mailer and Notifier take their transports this way
// (symfony.com/doc/current/mailer.html, .../notifier.html):
//
//	MAILER_DSN=postmark+api://5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f@default
//	MAILER_DSN=mailjet+api://ACCESS_KEY:SECRET_KEY@default
//	TWILIO_DSN=twilio://SID:TOKEN@default?from=FROM
//	MAILER_DSN=api://KEY@postmark       (Symfony 4.3's form)
//
// No key word stands before the value, so nothing read it. Each field of
// the user information is read by the provider's rules that know their
// value's exact shape, as a string argument of the provider's SDK call is.

// maxUserinfo is how far a URL's user information is read.
const maxUserinfo = 256

// providerURL reads the URL whose scheme, or single-label host, is the
// provider hit h. ok is false when h is neither.
func (s *Scanner) providerURL(data []byte, h providerHit, outer *span, u unit, matches []Match) ([]Match, bool) {
	if len(s.e.contextRules[h.keyword]) == 0 || !s.namesProvider(data, h) {
		return matches, false
	}
	from, to, ok := schemeUserinfo(data, h)
	if !ok {
		from, to, ok = hostUserinfo(data, h)
	}
	if !ok {
		return matches, false
	}
	for f := from; f < to; {
		end := f + bytes.IndexByte(data[f:to], ':')
		if end < f {
			end = to
		}
		matches = s.providerURLField(data, h, f, end, outer, u, matches)
		f = end + 1
	}
	return matches, true
}

// providerURLField evaluates data[f:end], one field of a provider's URL's
// user information, against the provider's exact-shape rules.
func (s *Scanner) providerURLField(data []byte, h providerHit, f, end int, outer *span, u unit, matches []Match) []Match {
	e := s.e
	v := data[f:end]
	if classifyValue(v, true, false) != valueLiteral {
		return matches // ID, KEY, %env(KEY)%: the documentation's names
	}
	var pick *compiled
	for _, ci := range e.contextRules[h.keyword] {
		c := &e.assigned[ci]
		r := &e.rules[c.rule]
		// A rule of one kind of the provider's tokens (an account
		// token, not a server one) is not told which kind a URL holds.
		if c.name != "" || c.value == nil || len(v) < c.minLen || !c.value().Match(v) || !r.accepts(v) {
			continue
		}
		if pick == nil {
			pick = r
		}
	}
	if pick == nil {
		return matches
	}
	a := assignment{keyStart: h.start, keyEnd: h.end, valStart: f, valEnd: end, value: v}
	return append(matches, s.assignedMatch(pick, a, v, outer, u, ConfidenceHigh, "", ""))
}

// namesProvider reports whether the hit h is a provider's own name, not a
// header or host its rules also look for (X-Auth-Token is many services'
// header).
func (s *Scanner) namesProvider(data []byte, h providerHit) bool {
	for _, ci := range s.e.contextRules[h.keyword] {
		if sameName(data[h.start:h.end], s.e.rules[s.e.assigned[ci].rule].Provider) {
			return true
		}
	}
	return false
}

// schemeUserinfo returns the user information of the URL whose scheme is
// the hit h, alone or with a transport after a plus (postmark+api://).
func schemeUserinfo(data []byte, h providerHit) (from, to int, ok bool) {
	if h.start > 0 && schemeByte(data[h.start-1]) {
		return 0, 0, false
	}
	i := h.end
	if i < len(data) && data[i] == '+' {
		i++
		for i < len(data) && i < h.end+16 && schemeByte(data[i]) && data[i] != '+' {
			i++
		}
	}
	if !bytes.HasPrefix(data[i:], []byte("://")) {
		return 0, 0, false
	}
	from = i + 3
	for to = from; to < len(data) && to < from+maxUserinfo && userinfoByte(data[to]); to++ {
	}
	if to == from || to >= len(data) || data[to] != '@' {
		return 0, 0, false
	}
	return from, to, true
}

// hostUserinfo returns the user information of the URL whose host is the
// hit h and nothing more: scheme://userinfo@postmark, then its end, a
// port, a path or a query.
func hostUserinfo(data []byte, h providerHit) (from, to int, ok bool) {
	if h.start == 0 || data[h.start-1] != '@' || h.end < len(data) && (hostByte(data[h.end]) || data[h.end] == '@') {
		return 0, 0, false
	}
	to = h.start - 1
	for from = to; from > 0 && from > to-maxUserinfo && userinfoByte(data[from-1]); from-- {
	}
	if from == to || from < 4 || !bytes.Equal(data[from-3:from], []byte("://")) || !schemeByte(data[from-4]) {
		return 0, 0, false
	}
	return from, to, true
}

// schemeByte reports a byte a URL's scheme may hold (RFC 3986 section 3.1).
func schemeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// userinfoByte reports a byte of a URL's user information: unreserved,
// percent-encoded or the colon between its fields (RFC 3986 section
// 3.2.1). The other delimiters it may hold stand around URLs in code
// (quotes, commas, parentheses), and a credential that holds one is
// written percent-encoded in a DSN.
func userinfoByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~' || c == '%' || c == ':' || c == '+'
}

// hostByte reports a byte a host name may hold.
func hostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
}
