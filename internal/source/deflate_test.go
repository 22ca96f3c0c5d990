package source

import (
	"bytes"
	"compress/flate"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestRawDeflateStreamsAreOpened: DEFLATE data with no header (Java's
// Deflater(nowrap), a .deflate file) is inflated and scanned, short or
// long, stored or compressed, whatever its name; bytes that are no such
// stream, or whose stream inflates to binary, are not opened.
func TestRawDeflateStreamsAreOpened(t *testing.T) {
	const token = "GITHUB_TOKEN=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\n"
	r := rand.New(rand.NewPCG(1, 2))
	var long strings.Builder
	for long.Len() < 1<<20 {
		long.WriteString([]string{"alpha ", "beta ", "gamma\n", "delta ", "epsilon "}[r.IntN(5)])
		long.WriteString(string(rune('a' + r.IntN(26))))
	}
	long.WriteString(token)
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	for _, c := range []struct {
		name   string
		data   []byte
		member string // "" when not opened
	}{
		{"cache.deflate", testutil.Deflate(t, flate.BestCompression, []byte(token)), "cache.deflate!cache"},
		{"blob.bin", testutil.Deflate(t, flate.DefaultCompression, []byte(long.String())), "blob.bin!content"},
		{"stored", testutil.Deflate(t, flate.NoCompression, []byte(token)), "stored!content"},
		{"noise.bin", noise, ""},
		{"packed.bin", testutil.Deflate(t, flate.BestSpeed, noise), ""},
	} {
		u := Unit{Path: c.name, Data: c.data}
		if len(c.data) > sniffLen {
			// Read as a stream: only its head is tried.
			u.Data, u.More = c.data[:100], bytes.NewReader(c.data[100:])
		}
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, u)
		if len(rep.problems)+len(rep.notices) > 0 {
			t.Errorf("%s: %+v %+v", c.name, rep.problems, rep.notices)
		}
		if c.member == "" {
			if _, ok := got[c.name]; !ok || len(got) != 1 {
				t.Errorf("%s: opened as %v", c.name, keysOfText(got))
			}
			continue
		}
		if !strings.HasSuffix(got[c.member], token) {
			t.Errorf("%s: scanned %v, want %s ending with the token", c.name, keysOfText(got), c.member)
		}
	}
}

func keysOfText(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
