package source

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
	"github.com/ulikunitz/xz"
)

// cpioNewc is a cpio archive in the "new ASCII" format rpm writes: each
// file a 110-byte header, its name, its data, both padded to four bytes,
// then the TRAILER!!! entry.
func cpioNewc(files map[string]string) []byte {
	var out []byte
	pad := func() {
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	add := func(name, data string) {
		out = fmt.Appendf(out, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", 1, 0o100644, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
		out = append(append(out, name...), 0)
		pad()
		out = append(out, data...)
		pad()
	}
	for name, data := range files {
		add(name, data)
	}
	add("TRAILER!!!", "")
	return out
}

// rpmHeader is a header structure with one string entry (its data a
// script, where %post lines go).
func rpmHeader(text string) []byte {
	data := append([]byte(text), 0)
	h := []byte(rpmHeaderMagic + "\x00\x00\x00\x00")
	h = binary.BigEndian.AppendUint32(h, 1)
	h = binary.BigEndian.AppendUint32(h, uint32(len(data)))
	for _, v := range []uint32{1024, 6, 0, 1} { // tag, type STRING, offset, count
		h = binary.BigEndian.AppendUint32(h, v)
	}
	return append(h, data...)
}

// rpmPackage builds an RPM package: a lead, a signature header, a header
// holding script, then files as an xz-compressed cpio payload; it returns
// the package and where its headers end.
func rpmPackage(t testing.TB, script string, files map[string]string) ([]byte, int) {
	lead := make([]byte, rpmLead)
	copy(lead, rpmMagic+"\x03\x00\x00\x00\x00\x01app")
	sig := rpmHeader("sig")
	for len(sig)%8 != 0 {
		sig = append(sig, 0)
	}
	pkg := append(append(lead, sig...), rpmHeader(script)...)
	return append(pkg, testutil.XZ(t, xz.WriterConfig{}, cpioNewc(files))...), len(pkg)
}

// TestRPMPackagesAreOpened: an RPM's payload (an xz-compressed cpio
// archive after its headers, where no magic number starts the file) is
// opened, and its bytes (headers with the package's scripts) are scanned; a package
// whose headers run past its end is named.
func TestRPMPackagesAreOpened(t *testing.T) {
	const token = "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"
	pkg, headersEnd := rpmPackage(t, "#!/bin/sh\ncurl -H 'X-Deploy: deploy' https://example.com\n", map[string]string{"./etc/app.env": "GITHUB_TOKEN=" + token + "\n"})
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "app-1.0.rpm", Data: pkg})
	if !strings.Contains(got["app-1.0.rpm!(payload)!content"], "GITHUB_TOKEN="+token) || !strings.Contains(got["app-1.0.rpm"], "curl -H") || len(rep.notices) > 0 {
		t.Errorf("got %v, notices %+v", keysOfText(got), rep.notices)
	}
	_, rep = expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "cut.rpm", Data: pkg[:headersEnd-20]})
	if n := noticeFor(rep, "cut.rpm"); n == nil || !n.Incomplete {
		t.Errorf("a cut package: notices %+v", rep.notices)
	}
}
