package detect_test

import (
	"bytes"
	"testing"
)

// TestBinaryContentKeepsFormattedTokensOnly: in compiled code and other
// binary content, a token with a format of its own is found, but names and
// values run together in string tables are not read as assignments; a
// text file with a stray NUL byte is still read as text.
func TestBinaryContentKeepsFormattedTokensOnly(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	const key = "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"
	table := bytes.Repeat([]byte("\x00\x01\x02runtime.main\x00\x04\x08"), 40)
	cases := []struct {
		name string
		data []byte
		want []string
	}{
		{"binary string table", append(append([]byte{}, table...), []byte("\x03ExecPWD=PATHAtoiMarkAhomChamKawiLisu2\x00\x05")...), nil},
		{"binary with a formatted key", append(append([]byte{}, table...), []byte("\x10"+key+"\x00")...), []string{"sendgrid-api-key"}},
		{"text with a NUL", []byte("\x00\nDB_PASSWORD=Lq8vZ2mX7pK4\n"), []string{"generic-password"}},
		// Literal-password patterns (commands, calls) are text someone
		// typed: not run in binary content, run in text.
		{"binary with a piped sudo password", append(append([]byte{}, table...), []byte("\x03echo 'Lq8vZ2mX7pK4' | sudo -S apt-get update\x00")...), nil},
		{"text with a piped sudo password", []byte("#!/bin/sh\necho 'Lq8vZ2mX7pK4' | sudo -S apt-get update\n"), []string{"generic-piped-password"}},
	}
	for _, c := range cases {
		var got []string
		for _, m := range s.ScanFile("bin/app", c.data) {
			got = append(got, m.Rule.ID)
		}
		if len(got) != len(c.want) || len(got) > 0 && got[0] != c.want[0] {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
