package source

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/leakhound/leakhound/internal/pathmatch"

	"github.com/leakhound/leakhound/internal/testutil"
)

// entry is one tar entry of a test layer; a name ending in "/" is a
// directory, a link target makes a symlink.
type entry struct{ name, content, link string }

func tarBytes(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.content)), Typeflag: tar.TypeReg}
		switch {
		case strings.HasSuffix(e.name, "/"):
			h.Typeflag, h.Mode, h.Size = tar.TypeDir, 0o755, 0
		case e.link != "":
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, e.link, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func layerOf(t testing.TB, data []byte) v1.Layer {
	t.Helper()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// got is a unit as the tests compare it.
type got struct {
	path    string
	layer   int
	deleted bool
	data    string
}

func (g got) String() string { return fmt.Sprintf("%s@%d deleted=%v", g.path, g.layer, g.deleted) }

// runImage runs the source and returns its units sorted by path and layer.
func runImage(t testing.TB, src *Image) ([]got, *memReport, error) {
	t.Helper()
	if src.Workers == 0 {
		src.Workers = 2
	}
	var mu sync.Mutex
	var units []got
	rep := &memReport{}
	err := src.Run(context.Background(), rep, func(_ int, u Unit) {
		mu.Lock()
		defer mu.Unlock()
		if nameOrLink(u) {
			return
		}
		if u.Image == nil {
			t.Errorf("%s: unit without image metadata", u.Path)
			return
		}
		units = append(units, got{u.Path, u.Image.Layer, u.Image.Deleted, string(u.Data)})
	})
	sort.Slice(units, func(i, j int) bool {
		if units[i].path != units[j].path {
			return units[i].path < units[j].path
		}
		return units[i].layer < units[j].layer
	})
	return units, rep, err
}

// whiteoutImage has a file replaced, one deleted by a whiteout, a folder
// emptied by an opaque whiteout and one replaced by a symlink.
func whiteoutImage(t testing.TB) v1.Image {
	l1 := tarBytes(t, entry{name: "etc/"}, entry{name: "etc/os-release", content: "base"}, entry{name: "app/config.txt", content: "one"},
		entry{name: "var/cache/a.txt", content: "a"}, entry{name: "opt/tool.sh", content: "tool"})
	l2 := tarBytes(t, entry{name: "./app/secret.env", content: "TOKEN=x"}, entry{name: "app/config.txt", content: "two"},
		entry{name: "var/cache/b.txt", content: "b"})
	l3 := tarBytes(t, entry{name: "app/.wh.secret.env"}, entry{name: "var/cache/.wh..wh..opq"}, entry{name: "var/cache/c.txt", content: "c"})
	l4 := tarBytes(t, entry{name: "opt", link: "/usr/local"}, entry{name: "/srv/new.txt", content: "new"})
	return testutil.Image(t, []v1.Layer{layerOf(t, l1), layerOf(t, l2), layerOf(t, l3), layerOf(t, l4)},
		[]string{"ADD rootfs.tar /", "COPY secret.env config.txt /app/", "RUN rm /app/secret.env && rm -rf /var/cache/*", "RUN ln -s /usr/local /opt"},
		func(cfg *v1.ConfigFile) {
			cfg.Config.Env = []string{"PATH=/usr/bin", "API_TOKEN=abc"}
			cfg.Config.Cmd = []string{"/bin/sh", "-c", "serve --key k"}
			cfg.Config.Labels = map[string]string{"b": "2", "a": "1"}
			// An ENV line makes no layer: the history has it between
			// the layers' entries.
			cfg.History = append(cfg.History[:1], append([]v1.History{{CreatedBy: "ENV API_TOKEN=abc", EmptyLayer: true}}, cfg.History[1:]...)...)
		})
}

var whiteoutWant = []got{
	{"app/config.txt", 1, true, "one"},
	{"app/config.txt", 2, false, "two"},
	{"app/secret.env", 2, true, "TOKEN=x"},
	{"config:Cmd", 0, false, "/bin/sh -c serve --key k"},
	{"config:Env", 0, false, "PATH=/usr/bin\nAPI_TOKEN=abc"},
	{"config:Labels", 0, false, "a=1\nb=2"},
	{"config:architecture", 0, false, "architecture=amd64"},
	{"config:history[0].created_by", 1, false, "ADD rootfs.tar /"},
	{"config:history[1].created_by", 0, false, "ENV API_TOKEN=abc"},
	{"config:history[2].created_by", 2, false, "COPY secret.env config.txt /app/"},
	{"config:history[3].created_by", 3, false, "RUN rm /app/secret.env && rm -rf /var/cache/*"},
	{"config:history[4].created_by", 4, false, "RUN ln -s /usr/local /opt"},
	{"config:os", 0, false, "os=linux"},
	{"etc/os-release", 1, false, "base"},
	{"opt/tool.sh", 1, true, "tool"},
	{"srv/new.txt", 4, false, "new"},
	{"var/cache/a.txt", 1, true, "a"},
	{"var/cache/b.txt", 2, true, "b"},
	{"var/cache/c.txt", 3, false, "c"},
}

func equalGot(a, b []got) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Every form an image comes in: a registry, a `docker save` tarball, an
// OCI layout folder and the tar of one.
func imageForms(t *testing.T, img v1.Image) map[string]string {
	t.Helper()
	dir := t.TempDir()
	forms := map[string]string{}

	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	ref := strings.TrimPrefix(srv.URL, "http://") + "/test/app:1"
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r, img); err != nil {
		t.Fatal(err)
	}
	forms["registry"] = ref

	saved := filepath.Join(dir, "saved.tar")
	if err := tarball.WriteToFile(saved, name.MustParseReference("test/app:1"), img); err != nil {
		t.Fatal(err)
	}
	forms["docker save"] = saved

	lp := filepath.Join(dir, "layout")
	p, err := layout.Write(lp, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	forms["layout"] = lp
	forms["layout tar"] = tarDir(t, lp)
	return forms
}

// tarDir writes a folder as a tar file beside it.
func tarDir(t testing.TB, dir string) string {
	t.Helper()
	out := dir + ".tar"
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(f)
	if err := tw.AddFS(os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImageLayersWhiteoutsAndConfig(t *testing.T) {
	img := whiteoutImage(t)
	for form, target := range imageForms(t, img) {
		t.Run(form, func(t *testing.T) {
			units, rep, err := runImage(t, &Image{Targets: []string{target}})
			if err != nil || len(rep.problems) > 0 {
				t.Fatalf("err %v, problems %v", err, rep.problems)
			}
			if !equalGot(units, whiteoutWant) {
				t.Errorf("units differ\n got: %v\nwant: %v", units, whiteoutWant)
			}
		})
	}
}

func TestImageUnitMetadata(t *testing.T) {
	img := whiteoutImage(t)
	cfg, _ := img.ConfigFile()
	saved := imageForms(t, img)["docker save"]
	var secret *ImageLayer
	src := &Image{Targets: []string{saved}, Workers: 1}
	err := src.Run(context.Background(), &memReport{}, func(_ int, u Unit) {
		if u.Path == "app/secret.env" {
			secret = u.Image
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := ImageLayer{Image: saved, Layer: 2, Digest: cfg.RootFS.DiffIDs[1].String(), CreatedBy: "COPY secret.env config.txt /app/", Deleted: true}
	if secret == nil || *secret != want {
		t.Errorf("secret.env: %+v, want %+v", secret, want)
	}
}

func TestImageExcludeAndSizeLimit(t *testing.T) {
	big := strings.Repeat("x", 100)
	img := testutil.Image(t, []v1.Layer{layerOf(t, tarBytes(t, entry{name: "big.txt", content: big}, entry{name: "doc/a.txt", content: "a"}, entry{name: "b.txt", content: "b"}))},
		[]string{"ADD . /"}, nil)
	lp := filepath.Join(t.TempDir(), "layout")
	p, _ := layout.Write(lp, empty.Index)
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	ex, err := pathmatch.New([]string{"doc/"})
	if err != nil {
		t.Fatal(err)
	}
	units, rep, err := runImage(t, &Image{Targets: []string{lp}, Exclude: ex, MaxFileSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, u := range units {
		paths = append(paths, u.path)
	}
	if strings.Join(paths, " ") != "b.txt config:architecture config:history[0].created_by config:os" {
		t.Errorf("paths %v", paths)
	}
	if len(rep.notices) != 1 || !strings.HasPrefix(rep.notices[0].Path, "big.txt (") || !strings.Contains(rep.notices[0].Reason, "--max-file-size") {
		t.Errorf("notices %v", rep.notices)
	}
}

// Two platforms of one index share their base layer: without --platform
// both are scanned and the shared layer once; with it, only one.
func TestImageIndexPlatformsAndSharedLayers(t *testing.T) {
	base := layerOf(t, tarBytes(t, entry{name: "etc/base", content: "base"}))
	amd := testutil.Image(t, []v1.Layer{base, layerOf(t, tarBytes(t, entry{name: "bin/app", content: "amd64"}))}, []string{"ADD base /", "COPY app /bin/"}, nil)
	arm := testutil.Image(t, []v1.Layer{base, layerOf(t, tarBytes(t, entry{name: "bin/app", content: "arm64"}))}, []string{"ADD base /", "COPY app /bin/"},
		func(cfg *v1.ConfigFile) { cfg.Architecture = "arm64" })
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}})
	lp := filepath.Join(t.TempDir(), "layout")
	if _, err := layout.Write(lp, idx); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	files := map[string][]string{} // path -> image names
	collect := func(_ int, u Unit) {
		if !strings.HasPrefix(u.Path, "config:") && !nameOrLink(u) {
			mu.Lock()
			files[u.Path] = append(files[u.Path], u.Image.Image+"="+string(u.Data))
			mu.Unlock()
		}
	}
	if err := (&Image{Targets: []string{lp}, Workers: 2}).Run(context.Background(), &memReport{}, collect); err != nil {
		t.Fatal(err)
	}
	sort.Strings(files["bin/app"])
	if len(files["etc/base"]) != 1 || strings.Join(files["bin/app"], " ") != lp+" (linux/amd64)=amd64 "+lp+" (linux/arm64)=arm64" {
		t.Errorf("all platforms: %v", files)
	}

	files = map[string][]string{}
	arm64 := &v1.Platform{OS: "linux", Architecture: "arm64"}
	if err := (&Image{Targets: []string{lp}, Platform: arm64}).Run(context.Background(), &memReport{}, collect); err != nil {
		t.Fatal(err)
	}
	if strings.Join(files["bin/app"], " ") != lp+"=arm64" || len(files["etc/base"]) != 1 {
		t.Errorf("--platform linux/arm64: %v", files)
	}
	rep := &memReport{}
	if err := (&Image{Targets: []string{lp}, Platform: &v1.Platform{OS: "windows"}}).Run(context.Background(), rep, collect); err != nil {
		t.Fatal(err)
	}
	if len(rep.problems) != 1 || !strings.Contains(rep.problems[0].Error(), "no image for platform windows") {
		t.Errorf("unknown platform: %v", rep.problems)
	}
}

// A damaged layer is a Problem naming the image, the layer and its diff
// ID; the other layers are still read.
func TestImageDamagedLayers(t *testing.T) {
	good := layerOf(t, tarBytes(t, entry{name: "ok.txt", content: "fine"}))
	cases := map[string]struct {
		layer v1.Layer
		want  string
		limit int64
	}{
		"not a tar": {layerOf(t, bytes.Repeat([]byte("not a tar "), 100)), "reading the layer: archive/tar", 0},
		"truncated": {layerOf(t, tarBytes(t, entry{name: "a.txt", content: strings.Repeat("a", 5000)})[:2000]), "unexpected EOF", 0},
		"too large": {layerOf(t, tarBytes(t, entry{name: "a.txt", content: strings.Repeat("a", 5000)})), "--max-layer-size", 4096},
	}
	for label, c := range cases {
		t.Run(label, func(t *testing.T) {
			img := testutil.Image(t, []v1.Layer{good, c.layer}, []string{"ADD ok.txt /", "ADD bad /"}, nil)
			cfg, _ := img.ConfigFile()
			saved := imageForms(t, img)["layout"]
			units, rep, err := runImage(t, &Image{Targets: []string{saved}, MaxLayerSize: c.limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.problems) != 1 {
				t.Fatalf("problems %v", rep.problems)
			}
			msg := rep.problems[0].Error()
			if !strings.HasPrefix(msg, saved+" layer 2 "+cfg.RootFS.DiffIDs[1].String()+": ") || !strings.Contains(msg, c.want) {
				t.Errorf("problem %q, want the image, layer 2, its diff ID and %q", msg, c.want)
			}
			found := false
			for _, u := range units {
				found = found || u.path == "ok.txt"
			}
			if !found {
				t.Error("the good layer was not scanned")
			}
		})
	}
}

// A blob replaced by other valid content in a layout: the layer reads as a
// fine tar, but its digest is not the one the config names.
func TestImageWrongDigest(t *testing.T) {
	img := testutil.Image(t, []v1.Layer{layerOf(t, tarBytes(t, entry{name: "a.txt", content: "original"}))}, []string{"ADD a.txt /"}, nil)
	lp := imageForms(t, img)["layout"]
	layers, _ := img.Layers()
	digest, _ := layers[0].Digest()
	other, _ := layerOf(t, tarBytes(t, entry{name: "a.txt", content: "tampered"})).Compressed()
	data, _ := io.ReadAll(other)
	if err := os.WriteFile(filepath.Join(lp, "blobs", "sha256", digest.Hex), data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, rep, err := runImage(t, &Image{Targets: []string{lp}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.problems) != 1 || !strings.Contains(rep.problems[0].Error(), "not its diff ID") {
		t.Errorf("problems %v", rep.problems)
	}
}

func TestImageBadTargets(t *testing.T) {
	dir := t.TempDir()
	notImage := filepath.Join(dir, "plain.tar")
	if err := os.WriteFile(notImage, tarBytes(t, entry{name: "a.txt", content: "a"}), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		notImage:                         "neither a `docker save` tarball",
		filepath.Join(dir, "absent.tar"): "no such file",
		dir:                              "not an OCI image layout",
		"UPPER/case:tag":                 "not an image reference",
	}
	for target, want := range cases {
		_, rep, err := runImage(t, &Image{Targets: []string{target}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.problems) != 1 || rep.problems[0].Path != target || !strings.Contains(rep.problems[0].Error(), want) {
			t.Errorf("%s: problems %v, want %q", target, rep.problems, want)
		}
	}
}

func TestShadowsHides(t *testing.T) {
	s := shadows{}
	for _, e := range []struct {
		name string
		flag byte
	}{{"a/.wh.gone", tar.TypeReg}, {"b/.wh..wh..opq", tar.TypeReg}, {"c", tar.TypeSymlink}, {"d/file", tar.TypeReg}, {"e", tar.TypeDir}} {
		s.add([]shadowEntry{shadowOf(e.name, e.flag)})
	}
	cases := map[string]bool{
		"a/gone": true, "a/gone/deeper": true, "a/kept": false, "a/gonex": false,
		"b": true, "b/x": true, "b/x/y": true, "bb/x": false,
		"c/x": true, "d/file": true, "d/other": false, "e": true, "e/x": false, "top": false,
	}
	for p, want := range cases {
		if got := s.hides(p); got != want {
			t.Errorf("hides(%q) = %v, want %v", p, got, want)
		}
	}
	root := shadows{}
	root.add([]shadowEntry{shadowOf(".wh..wh..opq", tar.TypeReg)})
	if !root.hides("anything/at/all") || !root.hides("top") {
		t.Error("an opaque whiteout at the root hides nothing")
	}
	if _, err := (&tarLayout{files: map[string]tarSection{}}).open("x"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing blob: %v", err)
	}
}

// BenchmarkImageSource reads a generated 4-layer image of text files from
// an OCI layout (gzip-compressed layers, as registries serve them):
// decompression, tar parsing, whiteout tracking and the diff ID check,
// with a handler that only counts.
func BenchmarkImageSource(b *testing.B) {
	const layers, filesPerLayer, fileSize = 4, 400, 40 << 10
	// Source-like lines with varied identifiers and numbers, so the
	// layers compress about as well as real code (3-4x), not 100x.
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("func return if err nil token request handler config value string int64 buffer reader writer context options")
	var ls []v1.Layer
	var total int64
	for l := range layers {
		var es []entry
		for f := range filesPerLayer {
			var sb strings.Builder
			for sb.Len() < fileSize {
				fmt.Fprintf(&sb, "\t%s := %s%d(%s, %d) // %s %x\n", words[rng.IntN(len(words))], words[rng.IntN(len(words))], rng.IntN(100),
					words[rng.IntN(len(words))], rng.IntN(1e6), words[rng.IntN(len(words))], rng.Uint32())
			}
			es = append(es, entry{name: fmt.Sprintf("src/l%d/f%d.go", l, f), content: sb.String()})
			total += int64(sb.Len())
		}
		ls = append(ls, layerOf(b, tarBytes(b, es...)))
	}
	img := testutil.Image(b, ls, []string{"a", "b", "c", "d"}, nil)
	lp := filepath.Join(b.TempDir(), "layout")
	p, _ := layout.Write(lp, empty.Index)
	if err := p.AppendImage(img); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		var n int64
		var mu sync.Mutex
		err := (&Image{Targets: []string{lp}, Workers: 2}).Run(context.Background(), &memReport{}, func(_ int, u Unit) {
			mu.Lock()
			n += int64(len(u.Data))
			mu.Unlock()
		})
		if err != nil || n < total {
			b.Fatalf("err %v, read %d of %d bytes", err, n, total)
		}
	}
}
