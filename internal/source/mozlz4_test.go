package source

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/pierrec/lz4/v4"
)

// mozLZ4File writes text as Firefox does: the magic, the size, one block.
func mozLZ4File(t testing.TB, text string, size uint32) []byte {
	t.Helper()
	block := make([]byte, lz4.CompressBlockBound(len(text)))
	n, err := lz4.CompressBlock([]byte(text), block, nil)
	if err != nil || n == 0 {
		t.Fatalf("compress: %d %v", n, err)
	}
	return append(binary.LittleEndian.AppendUint32([]byte(mozLZ4Magic), size), block[:n]...)
}

// TestFirefoxLZ4FilesAreOpened: Firefox's session store (cookies and
// form data of open tabs) is one LZ4 block after its own header, which
// no other reader opens: it is decompressed and scanned as its JSON; a
// header that claims more than an archive may expand to is named, not
// allocated.
func TestFirefoxLZ4FilesAreOpened(t *testing.T) {
	const token = "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"
	text := `{"windows":[{"cookies":[{"host":"github.com","name":"token","value":"` + token + `"}]}],` + strings.Repeat(`"pad":"abcabcabc",`, 200) + `"v":1}`
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "profile/sessionstore.jsonlz4", Data: mozLZ4File(t, text, uint32(len(text)))})
	if got["profile/sessionstore.jsonlz4!sessionstore.json"] != text || len(rep.notices)+len(rep.problems) > 0 {
		t.Errorf("got %v, notices %+v %+v", keysOfText(got), rep.notices, rep.problems)
	}
	_, rep = expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "bomb.mozlz4", Data: mozLZ4File(t, text, 1<<31)})
	if n := noticeFor(rep, "bomb.mozlz4"); n == nil || !n.Incomplete {
		t.Errorf("a size of 2 GiB in a small file: notices %+v", rep.notices)
	}
}
