package source

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
)

func TestTextRuns(t *testing.T) {
	in := "\x00\x01short\x00\xffa long run of text\x01\x02KEY=value1\nnext line\x00" + "1234567" + "\x00" + "12345678"
	want := "a long run of text\nKEY=value1\nnext line\n12345678\n"
	for name, r := range map[string]io.Reader{
		"whole":        bytes.NewReader([]byte(in)),
		"byte by byte": iotest.OneByteReader(bytes.NewReader([]byte(in))),
	} {
		got, err := io.ReadAll(newTextRuns(r))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
}
