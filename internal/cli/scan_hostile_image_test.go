package cli

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/compression"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/leakhound/leakhound/internal/testutil"
)

// rawTarEntry is one entry of a hand-made layer: any type flag, data or
// none.
type rawTarEntry struct {
	name     string
	typeflag byte
	data     string
	link     string
}

func rawLayerTar(t *testing.T, entries ...rawTarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, Typeflag: e.typeflag, Size: int64(len(e.data)), Linkname: e.link, Format: tar.FormatGNU}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHostileImageLayers: a layer ships every byte it holds, whatever a
// later layer or the entry's type says. A file deleted by a later
// whiteout, data written into the whiteout entry itself, a zstd and an
// uncompressed layer, a tarball inside a layer and an entry of a type
// docker does not extract (contiguous file) are all scanned; links are
// not followed out of the image; a layer whose gzip stream is cut short
// is an error, never clean.
func TestHostileImageLayers(t *testing.T) {
	g := testutil.NewGen(607)
	toks := map[string]string{}
	line := func(key string) string {
		toks[key] = g.GitHubToken("ghp_")
		return "GITHUB_TOKEN=" + toks[key] + "\n"
	}
	l1 := rawLayerTar(t,
		rawTarEntry{name: "etc/app/base.env", typeflag: tar.TypeReg, data: line("deleted")},
		rawTarEntry{name: "opt/bundle.tar", typeflag: tar.TypeReg, data: string(testutil.Tar(t, testutil.M("creds/app.env", line("nested"))))},
		rawTarEntry{name: "etc/aws", typeflag: tar.TypeSymlink, link: "/root/.aws/credentials"},
		rawTarEntry{name: "etc/hard", typeflag: tar.TypeLink, link: "../../../etc/shadow"},
	)
	l2 := rawLayerTar(t,
		rawTarEntry{name: "srv/zstd.env", typeflag: tar.TypeReg, data: line("zstd")},
		rawTarEntry{name: "etc/app/.wh.base.env", typeflag: tar.TypeReg, data: line("whiteout")},
	)
	l3 := rawLayerTar(t,
		rawTarEntry{name: "srv/plain.env", typeflag: tar.TypeReg, data: line("uncompressed")},
		rawTarEntry{name: "srv/cont.env", typeflag: tar.TypeCont, data: line("contiguous")},
	)
	opener := func(b []byte) tarball.Opener {
		return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	gz, err := tarball.LayerFromOpener(opener(l1))
	if err != nil {
		t.Fatal(err)
	}
	zst, err := tarball.LayerFromOpener(opener(l2), tarball.WithCompression(compression.ZStd), tarball.WithMediaType(types.OCILayerZStd))
	if err != nil {
		t.Fatal(err)
	}
	plain := static.NewLayer(l3, types.OCIUncompressedLayer)
	img := testutil.Image(t, []v1.Layer{gz, zst, plain}, []string{"ADD a /", "ADD b /", "ADD c /"}, nil)

	stdout, stderr, code := run(t, "", "scan", "image", layoutOf(t, img), "--format", "json", "--show-secrets")
	found := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		for key, tok := range toks {
			if f.Secret == tok {
				found[key] = f.Path
				if key == "deleted" && !f.Deleted {
					t.Errorf("the whited-out file is not reported as deleted")
				}
			}
		}
	}
	want := map[string]string{
		"deleted": "etc/app/base.env", "nested": "opt/bundle.tar!creds/app.env", "zstd": "srv/zstd.env",
		"whiteout": "etc/app/.wh.base.env", "uncompressed": "srv/plain.env", "contiguous": "srv/cont.env",
	}
	if code != ExitFindings || len(found) != len(want) {
		t.Errorf("exit %d, found %v\n%s", code, found, stderr)
	}
	for key, p := range want {
		if found[key] != p {
			t.Errorf("%s: found at %q, want %q", key, found[key], p)
		}
	}

	// A gzip layer cut short in an OCI layout.
	cut := testutil.Image(t, []v1.Layer{gz}, []string{"ADD a /"}, nil)
	lp := layoutOf(t, cut)
	layers, _ := cut.Layers()
	digest, _ := layers[0].Digest()
	blob := filepath.Join(lp, "blobs", "sha256", digest.Hex)
	data, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blob, data[:len(data)-30], 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, "", "scan", "image", lp, "--format", "json")
	if code != ExitError || !strings.Contains(stderr, "layer 1") || !strings.Contains(stderr, "the scan is incomplete") {
		t.Errorf("truncated gzip layer: exit %d\n%s", code, stderr)
	}
}
