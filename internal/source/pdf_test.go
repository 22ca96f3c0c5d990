package source

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// TestPDFStreamBombIsBounded: a stream deflated twice (/Filter
// [/FlateDecode /FlateDecode]) multiplies its expansion like nested
// archives; what it inflates to is held to the archive bound and named.
func TestPDFStreamBombIsBounded(t *testing.T) {
	const n = 100 << 20
	twice := testutil.Zlib(t, testutil.Zlib(t, make([]byte, n)))
	doc := testutil.PDF("", []byte("<< /Type /Catalog >>"), testutil.PDFStream("/Filter [/FlateDecode /FlateDecode]", twice))
	rep := &memReport{}
	inflated := 0
	(&Expander{MaxDepth: 4}).Expand(Unit{Path: "bomb.pdf", Data: doc}, rep, func(u Unit) {
		if u.Path != "bomb.pdf" {
			inflated += len(u.Data)
		}
	})
	if inflated > bombFloor+bombRatio*len(doc) || len(rep.notices) != 1 || !strings.Contains(rep.notices[0].Reason, "an archive bomb") || !rep.notices[0].Incomplete {
		t.Errorf("%d bytes inflated of %d, notices %+v", inflated, n, rep.notices)
	}
}

// A UTF-16BE text string decodes surrogate pairs to the character they
// stand for, not to two replacement characters.
func TestPDFTextStringJoinsSurrogatePairs(t *testing.T) {
	in := []byte("\xfe\xff\x00k\x00=\xd8\x3d\xde\x00")
	if got, _ := pdfTextString(in, false); string(got) != "k=\U0001F600" {
		t.Errorf("got %q", got)
	}
}
