package detect

import (
	"bytes"
	"slices"
)

// A credential is often handed over in a conversation: a chat message or
// an e-mail asks for it, naming the provider, and the reply holds it.
//
//	[10:02] alice: can you send me the postmark key?
//	[10:03] bob: sure: 5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f
//
//	Subject: Pepipost API key
//
//	Hi, here it is: 2748c9795f2efd6541e53639e312b8c4
//
// The request names the value and the reply holds nothing but it and a
// few words of handing over; only a provider's rule that knows the
// value's exact shape reads it, as it reads a loose value.

const (
	// replyLines is how many lines after a chat request its reply is
	// looked for (a chat client's sender and time line between), and
	// mailLines how many after an e-mail's subject (the other headers, a
	// blank line and a greeting between).
	replyLines = 3
	mailLines  = 12
	// maxReplyWords is how many words of handing over may stand before
	// the value.
	maxReplyWords = 5
)

// readReply reads the value a request for a credential is answered with,
// when the key word at a asks for one in a chat message (requestLine) or
// names it in an e-mail's subject,
// with the provider named on that line or the two above it. ok is false
// when no line below offers a value as a reply does.
func (s *Scanner) readReply(data []byte, a assignment) (assignment, bool) {
	if a.class == classNone || a.keyEnd <= a.keyStart {
		return a, false
	}
	ls, le := lineAt(data, a.keyStart), lineEndAt(data, a.keyStart)
	line := bytes.TrimSpace(data[ls:le])
	reach := replyLines
	switch {
	case bytes.HasPrefix(line, []byte("Subject:")):
		reach = mailLines
	case requestLine(line):
	default:
		return a, false
	}
	from, _ := linesAround(data, ls, le, 2, 0)
	if !s.providerOnLines(data, from, le) {
		return a, false
	}
	at := le
	for n := 0; n < reach; n++ {
		next := lineAfter(data, at)
		if next < 0 {
			return a, false
		}
		at = lineEndAt(data, next)
		vs, ve, offered := replyValue(data[next:at])
		if !offered {
			continue // a sender's line, a greeting, a blank line
		}
		if ve < 0 {
			return a, false // a value named as something else
		}
		a.valStart, a.valEnd, a.value, a.quoted, a.escaped = next+vs, next+ve, data[next+vs:next+ve], false, false
		return a, true
	}
	return a, false
}

// requestLine reports a chat message that asks for something: it ends in
// a question mark, says please, or opens with a word that asks (chats
// often drop the question mark: "what's our postmark token again").
func requestLine(line []byte) bool {
	t := bytes.TrimRight(line, " \t\"')")
	if len(t) > 0 && t[len(t)-1] == '?' {
		return true
	}
	var buf [512]byte
	if bytes.Contains(lowerASCII(buf[:0], line[:min(len(line), len(buf))]), []byte("please")) {
		return true
	}
	words := bytes.Fields(messageText(line))
	return len(words) > 0 && slices.ContainsFunc(askingWords, func(w string) bool { return bytes.EqualFold(words[0], []byte(w)) })
}

// askingWords open a chat message that asks for something.
var askingWords = []string{"what", "what's", "whats", "where", "where's", "wheres", "which", "can", "could", "would", "does",
	"anyone", "send", "share", "dm", "pls", "plz", "need"}

// messageText drops what a chat line writes before its message: a quote
// mark, a time or sender in brackets ([10:03], <bob>), and a sender
// before a colon (bob:).
func messageText(line []byte) []byte {
	b := bytes.TrimLeft(line, "> \t")
	for len(b) > 0 && (b[0] == '[' || b[0] == '<') {
		end := bytes.IndexByte(b, map[byte]byte{'[': ']', '<': '>'}[b[0]])
		if end < 0 {
			return b
		}
		b = bytes.TrimLeft(b[end+1:], " \t")
	}
	if sp := bytes.IndexAny(b, " \t"); sp > 1 && b[sp-1] == ':' && sender(b[:sp-1]) {
		b = bytes.TrimLeft(b[sp:], " \t")
	}
	return b
}

// providerOnLines reports a provider's name, as a word, in data[from:to].
func (s *Scanner) providerOnLines(data []byte, from, to int) bool {
	hits := s.providerHits
	k, _ := slices.BinarySearchFunc(hits, from, func(h providerHit, at int) int { return h.start - at })
	for _, h := range hits[k:] {
		if h.end > to {
			break
		}
		if len(s.e.contextRules[h.keyword]) > 0 && !insideWord(data, h.start) {
			return true
		}
	}
	return false
}

// replyValue finds the value a reply line offers: its last field, a run
// of token characters long enough to be a credential, with a digit.
// offered is false when the line offers none; then the line is passed
// over. vs:ve is the value when what stands before it is a sender (bob:,
// <bob>, [10:03], > for a quoted mail) and at most maxReplyWords words of
// handing over (sure, here it is:, here you go -); ve is -1 when other
// words name the value as something else (request id: ...).
func replyValue(line []byte) (vs, ve int, offered bool) {
	end := len(bytes.TrimRight(line, " \t\r.!"))
	if end > 0 && line[end-1] == ')' {
		// A note in parentheses after the value: "`V` (prod)".
		if open := bytes.LastIndex(line[:end], []byte(" (")); open > 0 {
			end = len(bytes.TrimRight(line[:open], " \t.,"))
		}
	}
	start := bytes.LastIndexAny(line[:end], " \t") + 1
	// The value in quotes, or in a Markdown code span of one to three
	// backticks (`V`, ```V```).
	q := 0
	for q < 3 && end-start-2*q >= 2 && isQuote(line[start+q]) && line[end-1-q] == line[start+q] && line[start+q] == line[start] {
		q++
	}
	v := line[start+q : end-q]
	if len(v) < minReplyValue || bytes.IndexAny(v, "0123456789") < 0 {
		return 0, 0, false
	}
	for _, c := range v {
		if !isWordByte(c) && c != '-' && c != '+' && c != '/' && c != '.' && c != '=' {
			return 0, 0, false
		}
	}
	if !handingOver(line[:start]) {
		return 0, -1, true
	}
	return start + q, end - q, true
}

// minReplyValue is the shortest value a reply is read for, as for a loose
// value.
const minReplyValue = 12

// handingOver reports whether the words before a reply's value are a
// sender and a few words that hand it over.
func handingOver(before []byte) bool {
	words := bytes.Fields(messageText(before))
	if len(words) > maxReplyWords {
		return false
	}
	for _, w := range words {
		if !replyWord(bytes.TrimRight(w, ":,-\u2013\u2014")) {
			return false
		}
	}
	return true
}

// sender reports a word before a colon that can be a chat's sender: not
// a word of handing over, nor one that names an identifier (id:, ref:).
func sender(w []byte) bool {
	if replyWord(w) {
		return false
	}
	for _, id := range []string{"id", "uuid", "hash", "sha", "ref", "ticket", "request", "trace", "commit", "message", "order", "build", "version"} {
		if bytes.EqualFold(w, []byte(id)) {
			return false
		}
	}
	return true
}

// replyWords are what a reply that hands a value over says before it.
var replyWords = []string{"sure", "here", "here's", "heres", "it", "it's", "its", "is", "you", "go", "ok", "okay", "yes", "yep",
	"yeah", "the", "this", "one", "use", "try", "np", "done", "sent", "new", "that's", "hi", "hey", "key", "token", "secret",
	"api", "", "-", "\u2013", "\u2014"}

func replyWord(w []byte) bool {
	for _, r := range replyWords {
		if bytes.EqualFold(w, []byte(r)) {
			return true
		}
	}
	return false
}
