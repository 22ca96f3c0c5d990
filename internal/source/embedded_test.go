package source

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestGzipInsideBinaryContent: a gzip stream inside binary content (an
// HTTP body in a packet capture, an asset a program embeds) is inflated
// and scanned; one cut short, or bytes that only start like one, add no
// notice (the bytes were scanned as they are).
func TestGzipInsideBinaryContent(t *testing.T) {
	const token = "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"
	body := `{"token":"` + token + `"}` + strings.Repeat(" padding", 2000)
	stream := testutil.Gzip(t, "", []byte(body))
	head := []byte("\xd4\xc3\xb2\xa1\x02\x00\x04\x00 capture header \x00\x00HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n")
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"whole.pcap": {append(append(head, stream...), "\x00\x00trailer"...), body},
		"cut.pcap":   {append(head, stream[:len(stream)/2]...), ""},
		"fake.bin":   {append(head, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03not deflate at all"...), ""},
	} {
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: name, Data: c.data})
		inner := got[fmt.Sprintf("%s!(gzip at %d)", name, len(head))]
		if !strings.HasPrefix(inner, c.want) || len(rep.notices)+len(rep.problems) > 0 {
			t.Errorf("%s: got %v (%d bytes inside), notices %+v", name, keysOfText(got), len(inner), rep.notices)
		}
	}
}
