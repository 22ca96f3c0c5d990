package testutil

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"os/exec"
	"testing"

	"github.com/ulikunitz/xz"
)

// Member is one file of an archive written for a test, in order.
type Member struct {
	Name    string
	Content []byte
}

// M makes a Member of a string.
func M(name, content string) Member { return Member{name, []byte(content)} }

// Tar writes a tarball of regular files.
func Tar(t testing.TB, members ...Member) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range members {
		if err := tw.WriteHeader(&tar.Header{Name: m.Name, Mode: 0o644, Size: int64(len(m.Content)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(m.Content); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Zip writes a zip of deflated files.
func Zip(t testing.TB, members ...Member) []byte {
	t.Helper()
	return ZipMethod(t, zip.Deflate, members...)
}

// ZipMethod writes a zip of files compressed with method (zip.Store or
// zip.Deflate).
func ZipMethod(t testing.TB, method uint16, members ...Member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.Content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Zlib compresses data as a raw zlib stream (RFC 1950), as PDF streams,
// git loose objects and application caches hold it.
func Zlib(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	return compressed(t, &buf, zw, data)
}

// Deflate compresses data at level as a raw DEFLATE stream (RFC 1951),
// with no header: Java's Deflater(nowrap), zlib's raw mode.
func Deflate(t testing.TB, level int, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	return compressed(t, &buf, w, data)
}

// XZ compresses data as an xz stream with the Go library, as c says
// (block size, check).
func XZ(t testing.TB, c xz.WriterConfig, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := c.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return compressed(t, &buf, w, data)
}

// Gzip compresses data, recording name in the header when it is set.
func Gzip(t testing.TB, name string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name = name
	return compressed(t, &buf, zw, data)
}

// compressed writes data through w, which writes to buf, and returns what
// buf holds once w is closed.
func compressed(t testing.TB, buf *bytes.Buffer, w io.WriteCloser, data []byte) []byte {
	t.Helper()
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Compressed compresses data with the command-line tool (bzip2, xz)
// given args and -c, as users' files are written; the test is skipped
// where the tool is not installed (the standard library writes no
// bzip2).
func Compressed(t testing.TB, tool string, data []byte, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skip(tool + " is not installed")
	}
	cmd := exec.Command(tool, append([]string{"-c"}, args...)...)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}
