package source

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

// TestUuencodedFilesAreRead: a file uuencoded into a mail or a post is
// in no run of the text's bytes; each block is decoded and scanned as
// FILE!NAME (uuencoded), and a gzip stream in one is opened. A "begin"
// line that starts no block is only text.
func TestUuencodedFilesAreRead(t *testing.T) {
	const token = "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"
	env := []byte("export GITHUB_TOKEN=" + token + "\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(env)
	zw.Close()
	mail := "From: a@example.com\nSubject: files\n\nhere they are\n\n" +
		uuencode("deploy.env", env) + "\nand the archive:\n" + uuencode("deploy.env.gz", gz.Bytes()) +
		"\nbegin the next part when ready\n"
	if strings.Contains(mail, token) {
		t.Fatal("the mail holds the token as it is")
	}
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "post.txt", Data: []byte(mail)})
	if got["post.txt!deploy.env (uuencoded)"] != string(env) || len(rep.notices) > 0 {
		t.Errorf("the block was not read: %v %+v", keysOfText(got), rep.notices)
	}
	found := false
	for name, text := range got {
		found = found || strings.HasPrefix(name, "post.txt!deploy.env.gz (uuencoded)!") && text == string(env)
	}
	if !found {
		t.Errorf("the gzip stream in a block was not opened: %v", keysOfText(got))
	}
}

// uuencode writes data as uuencode(1) does: 45 bytes a line, each 3 as
// 4 characters of 6 bits plus 32, "`" for 0.
func uuencode(name string, data []byte) string {
	enc := func(v byte) byte {
		if v == 0 {
			return '`'
		}
		return v + ' '
	}
	var b strings.Builder
	b.WriteString("begin 644 " + name + "\n")
	for i := 0; i < len(data); i += 45 {
		line := data[i:min(len(data), i+45)]
		b.WriteByte(enc(byte(len(line))))
		for g := 0; g < len(line); g += 3 {
			var p [3]byte
			copy(p[:], line[g:])
			b.Write([]byte{enc(p[0] >> 2), enc(p[0]<<4&0x30 | p[1]>>4), enc(p[1]<<2&0x3c | p[2]>>6), enc(p[2] & 0x3f)})
		}
		b.WriteByte('\n')
	}
	b.WriteString("`\nend\n")
	return b.String()
}

// FuzzUuencode: no text panics the block reader, and the blocks hold no
// more bytes than the text.
func FuzzUuencode(f *testing.F) {
	f.Add([]byte(uuencode("a.env", []byte("TOKEN=abc\n"))))
	f.Add([]byte("begin 644 x\nM\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		total := 0
		for _, b := range uuBlocks(text) {
			total += len(b.data)
		}
		if total > len(text) {
			t.Errorf("%d bytes from %d of text", total, len(text))
		}
	})
}

// TestUuencodeIsLookedForWhereItTravels: a uuencoded file is looked for
// in mail, news, text and uuencode's own files, and in any file that
// starts with one, not in every text of a history (source code is full
// of "begin "); a git binary patch likewise in patches and mail.
func TestUuencodeIsLookedForWhereItTravels(t *testing.T) {
	block := uuencode("deploy.env", []byte("export GITHUB_TOKEN=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\n"))
	for _, c := range []struct {
		path, text string
		read       bool
	}{
		{"inbox.mbox", "From a@example.com\n\n" + block, true},
		{"deploy.uue", block, true},
		{"attachment", block, true}, // starts with its begin line
		{"src/notes.go", "// begin\n" + block, false},
	} {
		got, _ := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: c.path, Data: []byte(c.text)})
		_, read := got[c.path+"!deploy.env (uuencoded)"]
		if read != c.read {
			t.Errorf("%s: block read %v, want %v (%v)", c.path, read, c.read, keysOfText(got))
		}
	}
	for _, c := range []struct {
		path string
		want bool
	}{{"fix.patch", true}, {"0001-fix.txt", true}, {"inbox.mbox", true}, {"main.go", false}} {
		if got := mayHoldPatch(c.path, []byte("index 1..2\nGIT binary patch\n")); got != c.want {
			t.Errorf("%s: looked for a binary patch %v, want %v", c.path, got, c.want)
		}
	}
	if !mayHoldPatch("main.go", []byte("diff --git a/x b/x\n")) {
		t.Error("a text that starts as a diff is not looked at")
	}
}
