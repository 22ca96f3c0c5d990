package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/ascii85"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/leakhound/leakhound/internal/testutil"
)

// Formats that hid a credential from scan dir, which reported "clean"
// (exit 0) with it inside: each is opened now, or named as not opened.

// foundAt checks that the scan exited code and found secret at exactly
// the paths want.
func foundAt(t *testing.T, files map[string]string, secret string, code int, want ...string) string {
	t.Helper()
	paths, stderr, got := scanFiles(t, files, secret)
	slices.Sort(paths)
	slices.Sort(want)
	if got != code || !slices.Equal(paths, want) {
		t.Errorf("exit %d, found at %v; want exit %d at %v\n%s", got, paths, code, want, stderr)
	}
	return stderr
}

// TestDebianPackagesAndArArchivesAreOpened: a .deb is an ar archive
// holding compressed tarballs; it was scanned as bytes, its tarballs
// unopened: exit 0 with a token in the package's files. Its members are
// opened now, and so are static
// libraries'.
func TestDebianPackagesAndArArchivesAreOpened(t *testing.T) {
	tok := testutil.NewGen(601).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok + "\n"
	data := testutil.Tar(t, testutil.M("./etc/app/app.env", env))
	control := testutil.Gzip(t, "", testutil.Tar(t, testutil.M("./control", "Package: app\nVersion: 1.0\n")))
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	deb := func(name string, payload []byte) string {
		return string(testutil.Ar(testutil.M("debian-binary", "2.0\n"), testutil.Member{Name: "control.tar.gz", Content: control},
			testutil.Member{Name: name, Content: payload}))
	}
	foundAt(t, map[string]string{
		"app_1.0_all.deb":  deb("data.tar.gz", testutil.Gzip(t, "", data)),
		"app_1.1_all.deb":  deb("data.tar.zst", enc.EncodeAll(data, nil)),
		"libcreds.a":       string(testutil.Ar(testutil.M("a_rather_long_object_name.o", "\x7fELF\x00\x00"+env))),
		"vendor/notes.deb": string(testutil.Ar(testutil.Member{Name: "notes.txt.gz", Content: testutil.Gzip(t, "notes.txt", []byte(env))})),
	}, tok, ExitFindings,
		"app_1.0_all.deb!data.tar.gz!etc/app/app.env", "app_1.1_all.deb!data.tar.zst!etc/app/app.env",
		"libcreds.a!a_rather_long_object_name.o", "vendor/notes.deb!notes.txt.gz!notes.txt")

	// A bzip2 member that is no valid stream is named as damaged, exit 2
	// (a valid one is read: see TestBzip2IsOpened).
	bz := append([]byte("BZh91AY&SY"), make([]byte, 64)...)
	stderr := foundAt(t, map[string]string{"app_1.2_all.deb": deb("data.tar.bz2", bz)}, tok, ExitError)
	if !strings.Contains(stderr, "app_1.2_all.deb!data.tar.bz2!data.tar: damaged archive") {
		t.Errorf("the bzip2 member is not named:\n%s", stderr)
	}
	// A member cut short is named too.
	whole := deb("data.tar.gz", testutil.Gzip(t, "", data))
	stderr = foundAt(t, map[string]string{"cut.deb": whole[:len(whole)-40]}, tok, ExitError)
	if !strings.Contains(stderr, "cut.deb") {
		t.Errorf("the damaged package is not named:\n%s", stderr)
	}
}

// TestZipAppendedToAnyLengthIsOpened: a zip appended to content over 4
// MiB (a self-extracting installer's executable, a script's payload) was
// looked for only in content read whole, up to 4 MiB: exit 0. Its end
// record is found at the end of the file whatever the file's length; a
// long stream that cannot be read again names it.
func TestZipAppendedToAnyLengthIsOpened(t *testing.T) {
	tok := testutil.NewGen(602).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok + "\n" + strings.Repeat("# padding\n", 30)
	zipped := testutil.Zip(t, testutil.M("conf/app.env", env))
	noise := make([]byte, 5<<20)
	rand.Read(noise)
	exe := "MZ\x90\x00" + string(noise) + string(zipped)
	// A makeself-style script: its payload is a tarball after a line.
	payload := testutil.Gzip(t, "", testutil.Tar(t, testutil.Member{Name: "blob.bin", Content: noise}, testutil.M("setup.env", env)))
	script := "#!/bin/sh\nexec tail -n +4 \"$0\" | tar xz\nexit 0\n" + string(payload)
	foundAt(t, map[string]string{"setup.exe": exe, "install.run": script}, tok, ExitFindings,
		"setup.exe!(appended archive)!conf/app.env", "install.run!(appended archive)!setup.env")

	// Standard input cannot be read again: the zip is named, exit 2.
	stdout, stderr, code := run(t, exe, "scan", "stdin", "--format", "json")
	if code != ExitError || len(decodeReport(t, stdout)) != 0 || !strings.Contains(stderr, "(appended archive): an archive appended to content read as a stream, not opened") {
		t.Errorf("stdin: exit %d\n%s", code, stderr)
	}
}

// TestPDFStreamsAreDecoded: a PDF's page text, form values and
// attachments sit in compressed streams, which were scanned as their
// compressed bytes: exit 0. They are decoded, page text read as its
// strings (a TJ array's kerned pieces joined); an encrypted PDF and a
// stream in a filter not opened are named.
func TestPDFStreamsAreDecoded(t *testing.T) {
	tok := testutil.NewGen(603).GitHubToken("ghp_")
	// Page text as a typesetter writes it: the token in kerned pieces,
	// a parenthesis escaped.
	page := "BT /F1 10 Tf 72 700 Td [(GITHUB_TOKEN=)-12(" + tok[:9] + ")3.5(" + tok[9:] + ")] TJ 0 -12 Td (notes \\(draft\\)) Tj ET"
	form := "<< /T (github) /V (" + tok + ") >>" // an object stream's field value
	var a85 bytes.Buffer
	aw := ascii85.NewEncoder(&a85)
	aw.Write([]byte("GITHUB_TOKEN=" + tok + "\n"))
	aw.Close()
	doc := testutil.PDF("",
		[]byte("<< /Type /Catalog /Pages 2 0 R >>"),
		[]byte("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
		[]byte("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
		testutil.PDFStream("/Filter /FlateDecode", testutil.Zlib(t, []byte(page))),
		testutil.PDFStream("/Type /ObjStm /N 1 /First 4 /Filter [/ASCIIHexDecode /FlateDecode]", []byte(hex.EncodeToString(testutil.Zlib(t, []byte("9 0 "+form)))+">")),
		testutil.PDFStream("/Type /EmbeddedFile /Filter /ASCII85Decode", append(a85.Bytes(), "~>"...)),
	)
	foundAt(t, map[string]string{"report.pdf": string(doc)}, tok, ExitFindings,
		"report.pdf!(object 4)", "report.pdf!(object 5)", "report.pdf!(object 6)")

	encrypted := testutil.PDF("/Encrypt 3 0 R /ID [<01><01>]",
		[]byte("<< /Type /Catalog >>"),
		testutil.PDFStream("/Filter /FlateDecode", []byte("\x8a\x12\x99ciphertext")),
		[]byte("<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"))
	lzw := testutil.PDF("", []byte("<< /Type /Catalog >>"), testutil.PDFStream("/Filter /LZWDecode", []byte("\x80\x0b\x60\x50")))
	stderr := foundAt(t, map[string]string{"locked.pdf": string(encrypted), "old.pdf": string(lzw)}, tok, ExitError)
	for _, want := range []string{"locked.pdf: encrypted PDF, its streams are not opened", "old.pdf!(object 2): PDF stream in the /LZWDecode filter"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("not named: %q\n%s", want, stderr)
		}
	}
}

// TestZlibStreamsAreInflated: a raw zlib stream has no magic number of
// its own (git's loose objects, program caches), and was scanned as its
// compressed bytes: exit 0. It is inflated; text that merely starts with
// the same two bytes is scanned as text.
func TestZlibStreamsAreInflated(t *testing.T) {
	tok := testutil.NewGen(604).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok + "\n"
	foundAt(t, map[string]string{
		"backup/objects/3f/9a1c2e": string(testutil.Zlib(t, []byte("blob 53\x00"+env))),
		"cache/session.zlib":       string(testutil.Zlib(t, []byte(strings.Repeat("cached=1\n", 50)+env))),
		"notes.txt":                "x^2 is the square; " + env,
	}, tok, ExitFindings, "backup/objects/3f/9a1c2e!(git object)", "cache/session.zlib!session", "notes.txt")
}

// TestImageMetadataIsScanned: images were skipped whole as binary, so a
// token in a PNG text chunk, a JPEG comment or EXIF field, a GIF comment,
// WebP XMP, or text appended after an image's end gave exit 0. Their
// metadata is read (never their pixels) and scanned.
func TestImageMetadataIsScanned(t *testing.T) {
	tok := testutil.NewGen(605).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok
	xmp := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description dc:description="` + env + `"/></x:xmpmeta>`
	png := func(c testutil.Chunk) string { return string(testutil.PNG(c)) }
	foundAt(t, map[string]string{
		"text.png":     png(testutil.Chunk{Type: "tEXt", Data: []byte("Comment\x00" + env)}),
		"ztext.png":    png(testutil.Chunk{Type: "zTXt", Data: append([]byte("Comment\x00\x00"), testutil.Zlib(t, []byte(env))...)}),
		"itext.png":    png(testutil.Chunk{Type: "iTXt", Data: append([]byte("Description\x00\x01\x00en\x00\x00"), testutil.Zlib(t, []byte(env))...)}),
		"appended.png": string(testutil.PNG()) + env + "\n",
		"comment.jpg":  string(testutil.JPEG(testutil.Chunk{Type: "\xfe", Data: []byte(env)})),
		"exif.jpg":     string(testutil.JPEG(testutil.Chunk{Type: "\xe1", Data: testutil.EXIF(env)})),
		"xmp.jpg":      string(testutil.JPEG(testutil.Chunk{Type: "\xe1", Data: []byte("http://ns.adobe.com/xap/1.0/\x00" + xmp)})),
		"anim.gif":     string(testutil.GIF(env)),
		"photo.webp":   string(testutil.WebP(testutil.Chunk{Type: "XMP ", Data: []byte(xmp)})),
	}, tok, ExitFindings,
		"text.png!(metadata)", "ztext.png!(metadata)", "itext.png!(metadata)", "appended.png!(after image end)",
		"comment.jpg!(metadata)", "exif.jpg!(metadata)", "xmp.jpg!(metadata)", "anim.gif!(metadata)", "photo.webp!(metadata)")

	// Pixel data is stepped over, not read as text.
	pixels := testutil.PNG(testutil.Chunk{Type: "IDAT", Data: []byte(env)})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pixels.png"), pixels, 0o600); err != nil {
		t.Fatal(err)
	}
	if stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json"); code != ExitClean || len(decodeReport(t, stdout)) != 0 {
		t.Errorf("pixel data: exit %d\n%s", code, stderr)
	}
}

// TestTarEntriesOfOtherTypesAreRead: a tar entry of a type other than
// "regular file" that holds data (a contiguous file, a type no tool
// knows, which GNU tar extracts as a file) was skipped unread: exit 0.
func TestTarEntriesOfOtherTypesAreRead(t *testing.T) {
	tok := testutil.NewGen(608).GitHubToken("ghp_")
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range []struct {
		name string
		flag byte
	}{{"cont.env", tar.TypeCont}, {"odd.env", 'X'}} {
		data := "GITHUB_TOKEN=" + tok + "\n"
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Typeflag: e.flag, Size: int64(len(data)), Mode: 0o644, Format: tar.FormatGNU}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(data))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	foundAt(t, map[string]string{"bundle.tar": buf.String()}, tok, ExitFindings, "bundle.tar!cont.env", "bundle.tar!odd.env")
}

// TestOtherHidingPlacesAreRead: a gzip header's comment, a tar entry's
// PAX records, bytes after a tarball's or a zip's end, an environment
// dump whose records end in NULs (read as binary, where no KEY=value is
// read) and a folder merely named .git all hid a credential: exit 0.
func TestOtherHidingPlacesAreRead(t *testing.T) {
	tok := testutil.NewGen(609).GitHubToken("ghp_")
	env := "GITHUB_TOKEN=" + tok
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Comment = env
	zw.Write([]byte("nothing here\n"))
	zw.Close()
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	tw.WriteHeader(&tar.Header{Name: "readme.txt", Mode: 0o644, Size: 5, PAXRecords: map[string]string{"comment": env}, Format: tar.FormatPAX})
	tw.Write([]byte("hello"))
	tw.Close()
	foundAt(t, map[string]string{
		"notes.gz":           gz.String(),
		"bundle.tar":         tb.String(),
		"stash/.git/app.env": env + "\n",
		"tail.tar":           tb.String() + env + "\n", // after the end-of-archive blocks
		"tail.zip":           string(testutil.Zip(t, testutil.M("a.txt", "hello"))) + "\n" + env + "\n",
	}, tok, ExitFindings, "notes.gz!(gzip comment)", "bundle.tar!readme.txt (tar header)", "stash/.git/app.env",
		"tail.tar!readme.txt (tar header)", "tail.tar!(after archive end)", "tail.zip!(after archive end)")

	secret := testutil.NewGen(609).AWSSecret()
	paths, stderr, code := scanFiles(t, map[string]string{"proc/1/environ": "PATH=/usr/bin\x00HOME=/root\x00AWS_SECRET_ACCESS_KEY=" + secret + "\x00LANG=C\x00"}, secret)
	if code != ExitFindings || len(paths) != 1 {
		t.Errorf("environment dump: exit %d, found at %v\n%s", code, paths, stderr)
	}
}

// TestPDFEncryptionIsReadFromTheTrailer: a PDF was taken for encrypted,
// its streams left unopened (exit 2, the token in a deflated stream
// found by nothing), whenever its bytes held "/Encrypt" anywhere, such as
// in a page's words. The trailer or cross-reference stream's dictionary
// says it now; a PDF encrypted either way, or with the key's name
// written in #xx escapes, is still named as not read.
func TestPDFEncryptionIsReadFromTheTrailer(t *testing.T) {
	tok := testutil.NewGen(614).GitHubToken("ghp_")
	// Repeated lines, so that the stream is deflated, not stored.
	env := []byte(strings.Repeat("# exported settings\n", 40) + "GITHUB_TOKEN=" + tok + "\n")
	quoted := testutil.PDF("",
		[]byte("<< /Type /Catalog >>"),
		testutil.PDFStream("", []byte("BT (Set /Encrypt in the trailer:) Tj (trailer << /Encrypt 9 0 R >>) Tj ET")),
		testutil.PDFStream("/Filter /FlateDecode", testutil.Zlib(t, env)),
		[]byte("<< /Type /Annot /Contents (/Encrypt) >>"))
	foundAt(t, map[string]string{"manual.pdf": string(quoted)}, tok, ExitFindings, "manual.pdf!(object 3)")

	secret := testutil.PDFStream("/Filter /FlateDecode", testutil.Zlib(t, env))
	xrefStream := testutil.PDF("",
		[]byte("<< /Type /Catalog >>"), secret,
		testutil.PDFStream("/Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Encrypt 4 0 R", []byte{1, 0, 9, 0}),
		[]byte("<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"))
	escaped := testutil.PDF("/Encr#79pt 3 0 R", []byte("<< /Type /Catalog >>"), secret,
		[]byte("<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"))
	stderr := foundAt(t, map[string]string{"xref.pdf": string(xrefStream), "escaped.pdf": string(escaped)}, tok, ExitError)
	for _, name := range []string{"xref.pdf", "escaped.pdf"} {
		if !strings.Contains(stderr, name+": encrypted PDF, its streams are not opened") {
			t.Errorf("%s is not named as encrypted:\n%s", name, stderr)
		}
	}
}
