// Package redact takes credentials out of addresses before they are
// stored, shown or logged: one function serves the scan's report, the
// server's store and the webhook receiver's log, so they cannot disagree.
package redact

import (
	"net/url"
	"strings"
)

// URL returns s without the user name and password of its user:pass@
// part. It also works on text that does not parse as a URL: a password
// holding '%', '/', '#' or '@' makes url.Parse fail, and such a password
// is exactly the one that must not leak. Then everything between
// "scheme://" and the last '@' is dropped, which may take part of a path
// with it but never leaves a credential behind. Without "://", an
// scp-style address keeps a plain user (git@host:repo) and loses a
// user:password. Text with no credentials is returned unchanged.
func URL(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		at := strings.IndexByte(s, '@')
		if at < 0 || strings.ContainsAny(s[:at], "/") || !strings.Contains(s[:at], ":") {
			return s
		}
		return s[at+1:]
	}
	if u, err := url.Parse(s); err == nil {
		if u.User == nil {
			return s
		}
		u.User = nil
		return u.String()
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return s
	}
	return scheme + "://" + rest[at+1:]
}
