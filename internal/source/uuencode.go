package source

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
)

// uuencode(1) writes a file as text: "begin MODE NAME", lines of up to 45
// bytes in 61 characters (a length character, then each 3 bytes as 4
// characters, each 6 bits plus 32, "`" for 0), a "`" line, "end" (POSIX
// uuencode, the historical format). Mail, Usenet posts and old build
// scripts carry files so; no run of a token's bytes is in the text, so
// each block is decoded and scanned as FILE!NAME (uuencoded), and a
// compressed archive in one is opened. (begin-base64 blocks are base64,
// which the scan decodes.)

// uuBlock is one uuencoded file: its name and the bytes it holds.
type uuBlock struct {
	name string
	data []byte
}

// uuBlocks returns the uuencoded files in text, at most len(text) bytes
// of them in all (each 4 characters hold 3 bytes).
func uuBlocks(text []byte) []uuBlock {
	var blocks []uuBlock
	for at := 0; ; {
		i := bytes.Index(text[at:], []byte("begin "))
		if i < 0 {
			return blocks
		}
		at += i
		start := at
		at += len("begin ")
		if start > 0 && text[start-1] != '\n' {
			continue
		}
		line, rest := cutLine(text[start:])
		name, ok := uuHeader(line)
		if !ok {
			continue
		}
		data, used := uuDecode(rest)
		at = len(text) - len(rest) + used
		if len(data) > 0 {
			blocks = append(blocks, uuBlock{name: name, data: data})
		}
	}
}

// uuHeader reads "begin MODE NAME": MODE three or four octal digits.
func uuHeader(line []byte) (string, bool) {
	f := bytes.Fields(line)
	if len(f) < 3 || len(f[1]) < 3 || len(f[1]) > 4 {
		return "", false
	}
	for _, c := range f[1] {
		if c < '0' || c > '7' {
			return "", false
		}
	}
	return string(bytes.Join(f[2:], []byte(" "))), true
}

// uuDecode decodes the lines of a block up to its empty line or "end",
// or up to a line that is not uuencoded; it returns the bytes and how
// much of text it read.
func uuDecode(text []byte) ([]byte, int) {
	var out []byte
	used := 0
	for len(text) > used {
		line, _ := cutLine(text[used:])
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 || bytes.Equal(line, []byte("end")) {
			break
		}
		n := int(line[0]-' ') & 63
		if n == 0 {
			break
		}
		chars := line[1:]
		if need := (n + 2) / 3 * 4; len(chars) < need {
			if len(chars) <= need-4 || line[0] > '`' {
				break // not a uuencoded line
			}
			// Trailing blanks some mailers strip.
			chars = append(bytes.Clone(chars), bytes.Repeat([]byte(" "), need-len(chars))...)
		}
		for g := 0; g < (n+2)/3; g++ {
			var v uint32
			for _, c := range chars[4*g : 4*g+4] {
				v = v<<6 | uint32(c-' ')&63
			}
			out = append(out, byte(v>>16), byte(v>>8), byte(v))
		}
		out = out[:len(out)-((n+2)/3*3-n)]
		used += len(line)
		if used < len(text) && text[used] == '\r' {
			used++
		}
		if used < len(text) {
			used++ // the newline
		}
	}
	return out, used
}

// cutLine returns text's first line, without its newline, and the rest.
func cutLine(text []byte) (line, rest []byte) {
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		return text[:i], text[i+1:]
	}
	return text, nil
}

// uuencoded scans each uuencoded file in text, the whole content.
func (w *walk) uuencoded(u Unit, text []byte, depth int) error {
	if !mayHoldUuencode(u.Path, text) || !bytes.Contains(text, []byte("begin ")) || w.nested(u.Path, depth) {
		return nil
	}
	for _, b := range uuBlocks(text) {
		name := fmt.Sprintf("%s (uuencoded)", b.name)
		if err := w.member(u, name, int64(len(b.data)), content{head: b.data}, depth); err != nil {
			return err
		}
	}
	return nil
}

// uuencodeExts are the files uuencoded content travels in: its own
// files, mail and news, and the text files posts are saved as.
var uuencodeExts = []string{".uu", ".uue", ".xxe", ".eml", ".mbox", ".mbx", ".msg", ".txt", ".news", ".nws"}

// mayHoldUuencode tells the texts worth searching for a uuencoded file:
// those of uuencodeExts and any that starts with one. Searching every
// text for "begin " cost a history scan of git/git 1 s of its 22 s
// (5.6 GB of file versions, source code full of the word).
func mayHoldUuencode(path string, text []byte) bool {
	if bytes.HasPrefix(text, []byte("begin ")) {
		return true
	}
	return hasExt(path, uuencodeExts)
}

// hasExt reports whether the last part of p (a member's, after "!")
// ends in one of exts, without regard to case.
func hasExt(p string, exts []string) bool {
	if i := strings.LastIndexByte(p, '!'); i >= 0 {
		p = p[i+1:]
	}
	return slices.Contains(exts, strings.ToLower(path.Ext(p)))
}
