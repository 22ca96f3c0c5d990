package source

import (
	"bytes"
	"fmt"
)

// git diff --binary and git format-patch write a binary file's change as
// "GIT binary patch", then "literal SIZE" (the new content) or "delta
// SIZE" (a delta against the old), zlib-deflated and written in git's
// base85, one line per 52 bytes at most: a length character ('A'-'Z'
// for 1-26, 'a'-'z' for 27-52) then 5 characters for each 4 bytes (git's
// base85.c, diff.c). A token in the binary file is in no run of the
// patch; each hunk is decoded and scanned as FILE!(git binary patch N),
// where the zlib stream is inflated as any member's.

const gitBase85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"

var gitBase85Value = func() (v [256]byte) {
	for i := range v {
		v[i] = 0xff
	}
	for i := 0; i < len(gitBase85); i++ {
		v[gitBase85[i]] = byte(i)
	}
	return v
}()

// gitBinaryHunks returns the decoded (still deflated) hunks of the binary
// patches in text; they are shorter than the text.
func gitBinaryHunks(text []byte) [][]byte {
	var hunks [][]byte
	for {
		i := bytes.Index(text, []byte("GIT binary patch\n"))
		if i < 0 {
			return hunks
		}
		text = text[i+len("GIT binary patch\n"):]
		// A forward hunk, then a reverse one (format-patch writes both).
		for {
			head, rest := cutLine(text)
			if !bytes.HasPrefix(head, []byte("literal ")) && !bytes.HasPrefix(head, []byte("delta ")) {
				break
			}
			hunk, n := gitBase85Lines(rest)
			text = rest[n:]
			if len(hunk) > 0 {
				hunks = append(hunks, hunk)
			}
		}
	}
}

// gitBase85Lines decodes the base85 lines at the start of text up to the
// first that is not one (the blank line ending a hunk), and returns the
// bytes and how much of text it read.
func gitBase85Lines(text []byte) ([]byte, int) {
	var out []byte
	used := 0
	for used < len(text) {
		line, _ := cutLine(text[used:])
		n := len(line)
		line = bytes.TrimRight(line, "\r")
		if len(line) < 6 {
			break
		}
		var size int
		switch c := line[0]; {
		case 'A' <= c && c <= 'Z':
			size = int(c-'A') + 1
		case 'a' <= c && c <= 'z':
			size = int(c-'a') + 27
		default:
			return out, used
		}
		chars := line[1:]
		if len(chars) != (size+3)/4*5 {
			return out, used
		}
		start := len(out)
		for g := 0; g < len(chars); g += 5 {
			var v uint64
			for _, c := range chars[g : g+5] {
				d := gitBase85Value[c]
				if d == 0xff {
					return out[:start], used
				}
				v = v*85 + uint64(d)
			}
			if v > 0xffffffff {
				return out[:start], used
			}
			out = append(out, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
		}
		out = out[:start+size]
		used += n + 1
	}
	return out, min(used, len(text))
}

// gitBinaryPatches scans each hunk of the binary patches in text, held
// whole.
func (w *walk) gitBinaryPatches(u Unit, text []byte, depth int) error {
	if !mayHoldPatch(u.Path, text) || !bytes.Contains(text, []byte("GIT binary patch\n")) || w.nested(u.Path, depth) {
		return nil
	}
	for i, h := range gitBinaryHunks(text) {
		name := fmt.Sprintf("(git binary patch %d)", i+1)
		if err := w.member(u, name, int64(len(h)), content{head: h}, depth); err != nil {
			return err
		}
	}
	return nil
}

// patchExts are the files patches are kept and mailed in.
var patchExts = []string{".patch", ".diff", ".eml", ".mbox", ".mbx", ".txt"}

// mayHoldPatch tells the texts worth searching for a binary patch: those
// of patchExts and any that starts as git writes one (format-patch's
// "From <commit>" line, a diff's header), not every text of a history.
func mayHoldPatch(path string, text []byte) bool {
	if bytes.HasPrefix(text, []byte("From ")) || bytes.HasPrefix(text, []byte("diff --git ")) {
		return true
	}
	return hasExt(path, patchExts)
}
