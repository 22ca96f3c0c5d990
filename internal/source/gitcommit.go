package source

import "bytes"

// CommitHeadersPath is the path reported for a secret in a commit's
// other headers: a signature (gpgsig, gpgsig-sha256), a merged tag
// (mergetag, with the tag's message) or any header a hand-made commit
// carries, and message bytes git log does not show.
const CommitHeadersPath = "(commit headers)"

// listedHeaders are the commit headers git log already shows the scan
// (through its format) or that hold nothing but object ids and times.
var listedHeaders = map[string]bool{"tree": true, "parent": true, "author": true, "committer": true, "encoding": true}

// commitExtras returns, in place in raw (a commit object as stored, see
// gitformat-commit), what the history listing does not show of it: every
// header but listedHeaders, a continuation line's leading space dropped,
// and the message as stored when git log shows it otherwise. git log
// stops a message at its first NUL, and re-encodes one whose encoding
// header names another charset than UTF-8 (so ASCII bytes read as
// UTF-16 come out as other characters). A listed header holding a NUL is
// kept whole too, as %an and the like stop there. Empty: nothing more.
func commitExtras(raw []byte) []byte {
	head, body, _ := bytes.Cut(raw, []byte("\n\n"))
	bodyAt := len(head) + 2
	out := raw[:0] // written at or before where it is read
	keep, rawBody := false, bytes.IndexByte(body, 0) >= 0
	for len(head) > 0 {
		line, rest, _ := bytes.Cut(head, []byte("\n"))
		head = rest
		if len(line) > 0 && line[0] == ' ' {
			// A continuation of the header before it.
			if keep {
				out = append(append(out, line[1:]...), '\n')
			}
			continue
		}
		key, value, _ := bytes.Cut(line, []byte(" "))
		keep = !listedHeaders[string(key)] || bytes.IndexByte(line, 0) >= 0
		if string(key) == "encoding" && !isUTF8Name(value) {
			rawBody = true
		}
		if keep {
			out = append(append(out, line...), '\n')
		}
	}
	if rawBody && bodyAt <= len(raw) {
		// The body lies after everything kept so far; NULs become line
		// breaks so that what follows one reads as text.
		n := len(out)
		out = append(out, raw[bodyAt:]...)
		nulsToLines(out[n:])
	}
	return out
}

// nulsToLines turns b's NULs into line breaks, in place: a NUL would have
// text taken for binary, and ends what git shows of a message.
func nulsToLines(b []byte) {
	for i, c := range b {
		if c == 0 {
			b[i] = '\n'
		}
	}
}

// isUTF8Name tells whether an encoding header names UTF-8, which git log
// shows as stored.
func isUTF8Name(name []byte) bool {
	n := bytes.ToLower(bytes.TrimSpace(name))
	return string(n) == "utf-8" || string(n) == "utf8"
}
