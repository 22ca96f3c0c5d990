package cli

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/leakhound/leakhound/internal/testutil"
)

// imageLayerOf builds a layer from tar entries (name -> content, in the
// given order; whiteouts are plain empty files named .wh.*).
func imageLayerOf(t testing.TB, files ...[2]string) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f[0], Mode: 0o644, Size: int64(len(f[1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(f[1]))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// imageStack appends layers with their history lines, then sets Env and
// inserts empty-layer history entries at their positions.
func imageStack(t testing.TB, layers []v1.Layer, createdBy []string, env []string, emptyAt map[int]string) v1.Image {
	t.Helper()
	return testutil.Image(t, layers, createdBy, func(cfg *v1.ConfigFile) {
		cfg.Config.Env = env
		var history []v1.History
		for _, h := range cfg.History {
			if line, ok := emptyAt[len(history)]; ok {
				history = append(history, v1.History{CreatedBy: line, EmptyLayer: true})
			}
			history = append(history, h)
		}
		cfg.History = history
	})
}

// testRegistry serves an in-process registry over loopback; wrap, when
// set, can answer a request in its place.
func testRegistry(t *testing.T, wrap func(w http.ResponseWriter, r *http.Request) bool) string {
	t.Helper()
	reg := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wrap != nil && wrap(w, r) {
			return
		}
		reg.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	// No credentials from the machine's docker config.
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	return strings.TrimPrefix(srv.URL, "http://")
}

func pushImage(t *testing.T, ref string, img v1.Image) {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(r, img); err != nil {
		t.Fatal(err)
	}
}

func saveImage(t *testing.T, img v1.Image) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "image.tar")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := tarball.Write(name.MustParseReference("example.test/app:1"), img, f); err != nil {
		t.Fatal(err)
	}
	return p
}

func layoutOf(t testing.TB, img v1.Image) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "oci")
	lp, err := layout.Write(p, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := lp.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	return p
}

type imageWant struct {
	rule, path string
	layer      int
	deleted    bool
}

func (w imageWant) String() string {
	return fmt.Sprintf("%s %s layer=%d deleted=%v", w.rule, w.path, w.layer, w.deleted)
}

// TestScanImageEndToEnd puts secrets in an ENV, in history lines (build
// arguments of RUN lines), in a file of layer 2 deleted in layer 3 and in a
// tar.gz inside layer 4, and scans the image from a registry, as a
// `docker save` tarball and as an OCI layout: each secret is found with
// its layer, the deleted file is reported as deleted, and no secret is
// printed without --show-secrets.
func TestScanImageEndToEnd(t *testing.T) {
	g := testutil.NewGen(5)
	envToken, deletedToken, argToken, tgzToken := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("gho_")
	awsID, awsSecret := g.AWSKeyID(), g.AWSSecret()
	layers := []v1.Layer{
		imageLayerOf(t, [2]string{"etc/os-release", "ID=test\n"}, [2]string{"bin/tool", "\x7fELF\x00\x00binary"}),
		imageLayerOf(t, [2]string{"app/.env", "# deploy\nGITHUB_TOKEN=" + deletedToken + "\n"}),
		imageLayerOf(t, [2]string{"app/.wh..env", ""}),
		imageLayerOf(t, [2]string{"opt/backup.tgz", tarGzOf(t, map[string]string{"creds/token.txt": "token: " + tgzToken + "\n"})}),
	}
	createdBy := []string{
		"ADD rootfs.tar /",
		"COPY .env /app/",
		"RUN |2 AWS_ACCESS_KEY_ID=" + awsID + " AWS_SECRET_ACCESS_KEY=" + awsSecret + " /bin/sh -c rm /app/.env && aws s3 ls",
		"RUN |1 GH_TOKEN=" + argToken + " /bin/sh -c curl -o /opt/backup.tgz https://example.test/b.tgz",
	}
	img := imageStack(t, layers, createdBy, []string{"PATH=/usr/bin", "GITHUB_TOKEN=" + envToken}, map[int]string{1: "ENV GITHUB_TOKEN=" + envToken})
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}

	host := testRegistry(t, nil)
	ref := host + "/team/app:1"
	pushImage(t, ref, img)

	wants := []imageWant{
		{"github-personal-access-token", "config:Env", 0, false},
		{"github-personal-access-token", "config:history[1].created_by", 0, false},
		{"github-personal-access-token", "app/.env", 2, true},
		{"aws-access-key-id", "config:history[3].created_by", 3, false},
		{"aws-secret-access-key", "config:history[3].created_by", 3, false},
		{"github-personal-access-token", "config:history[4].created_by", 4, false},
		{"github-oauth-token", "opt/backup.tgz!creds/token.txt", 4, false},
	}
	sort.Slice(wants, func(i, j int) bool { return wants[i].String() < wants[j].String() })
	secrets := []string{envToken, deletedToken, argToken, tgzToken, awsSecret}

	for form, target := range map[string]string{"registry": ref, "docker save": saveImage(t, img), "layout": layoutOf(t, img)} {
		t.Run(form, func(t *testing.T) {
			stdout, stderr, code := run(t, "", "scan", "image", "--insecure", "--format", "json", target)
			if code != ExitFindings {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, ExitFindings, stderr)
			}
			var got []imageWant
			for _, f := range decodeReport(t, stdout) {
				got = append(got, imageWant{f.RuleID, f.Path, f.Layer, f.Deleted})
				if f.Image != target {
					t.Errorf("%s: image %q, want %q", f.Path, f.Image, target)
				}
				if f.Layer > 0 && f.LayerDigest != cfg.RootFS.DiffIDs[f.Layer-1].String() {
					t.Errorf("%s: layer digest %s, want layer %d's %s", f.Path, f.LayerDigest, f.Layer, cfg.RootFS.DiffIDs[f.Layer-1])
				}
				switch f.Path {
				case "app/.env":
					if f.Line != 2 || f.CreatedBy != "COPY .env /app/" {
						t.Errorf("app/.env: line %d, created_by %q", f.Line, f.CreatedBy)
					}
				case "opt/backup.tgz!creds/token.txt":
					// The layer's RUN line holds a build argument: it is
					// shown, with the secret redacted.
					if want := "RUN |1 GH_TOKEN=" + argToken[:4] + "**** /bin/sh -c curl"; !strings.HasPrefix(f.CreatedBy, want) {
						t.Errorf("created_by %q, want it to start with %q", f.CreatedBy, want)
					}
				case "config:Env":
					if f.Line != 2 {
						t.Errorf("config:Env line %d, want 2", f.Line)
					}
				}
			}
			sort.Slice(got, func(i, j int) bool { return got[i].String() < got[j].String() })
			if fmt.Sprint(got) != fmt.Sprint(wants) {
				t.Errorf("findings differ\n got: %v\nwant: %v", got, wants)
			}
			for _, s := range secrets {
				if strings.Contains(stdout, s) || strings.Contains(stderr, s) {
					t.Errorf("secret %s... printed without --show-secrets", s[:4])
				}
			}
		})
	}

	stdout, _, code := run(t, "", "scan", "image", "--insecure", ref)
	if code != ExitFindings || !strings.Contains(stdout, "image "+ref+" layer 2 "+cfg.RootFS.DiffIDs[1].String()[:19]+` made by "COPY .env /app/", deleted by a later layer`) {
		t.Errorf("text report: exit %d\n%s", code, stdout)
	}
	stdout, _, _ = run(t, "", "scan", "image", "--insecure", "--format", "sarif", ref)
	if !strings.Contains(stdout, `"layer_digest": "`+cfg.RootFS.DiffIDs[1].String()+`"`) || !strings.Contains(stdout, `"deleted": true`) {
		t.Errorf("sarif report lacks the layer properties:\n%s", stdout)
	}
	stdout, _, _ = run(t, "", "scan", "image", "--insecure", "--format", "json", "--show-secrets", ref)
	if !strings.Contains(stdout, "GH_TOKEN="+argToken) || !strings.Contains(stdout, deletedToken) {
		t.Error("--show-secrets did not show the secrets and the full RUN line")
	}
}

// A multi-platform index: --platform picks one image, and without it every
// image is scanned, the layers they share once.
func TestScanImagePlatforms(t *testing.T) {
	g := testutil.NewGen(6)
	shared := imageLayerOf(t, [2]string{"etc/app.conf", "token = " + g.GitHubToken("ghp_") + "\n"})
	amd := imageStack(t, []v1.Layer{shared, imageLayerOf(t, [2]string{"amd.txt", "ok\n"})}, []string{"ADD conf /", "ADD amd /"}, nil, nil)
	arm := imageStack(t, []v1.Layer{shared, imageLayerOf(t, [2]string{"arm.txt", "ok\n"})}, []string{"ADD conf /", "ADD arm /"}, nil, nil)
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}})
	ref := testRegistry(t, nil) + "/multi/app:1"
	r, _ := name.ParseReference(ref)
	if err := remote.WriteIndex(r, idx); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "scan", "image", "--insecure", "--format", "json", ref)
	fs := decodeReport(t, stdout)
	if code != ExitFindings || len(fs) != 1 || fs[0].Path != "etc/app.conf" || !strings.HasPrefix(fs[0].Image, ref+" (linux/") {
		t.Errorf("every platform: exit %d, findings %+v\n%s", code, fs, stderr)
	}
	stdout, _, code = run(t, "", "scan", "image", "--insecure", "--format", "json", "--platform", "linux/arm64", ref)
	if fs := decodeReport(t, stdout); code != ExitFindings || len(fs) != 1 || fs[0].Image != ref {
		t.Errorf("--platform linux/arm64: exit %d, findings %+v", code, fs)
	}
	_, stderr, code = run(t, "", "scan", "image", "--insecure", "--platform", "windows/arm64", ref)
	if code != ExitError || !strings.Contains(stderr, "no image for platform windows/arm64") {
		t.Errorf("missing platform: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = run(t, "", "scan", "image", "--platform", "", "--max-layer-size", "lots", ref)
	if code != ExitError || !strings.Contains(stderr, "--max-layer-size") {
		t.Errorf("bad --max-layer-size: exit %d, stderr %q", code, stderr)
	}
}

// Registry errors and damaged images exit 2 with a message naming the
// image and, when a layer is at fault, its digest; what could be read is
// still reported, never as a clean scan.
func TestScanImageErrors(t *testing.T) {
	img, err := random.Image(2048, 2)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := img.ConfigFile()
	layers, _ := img.Layers()
	blobDigest, _ := layers[1].Digest()
	var failBlob atomic.Bool
	host := testRegistry(t, func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case strings.HasPrefix(r.URL.Path, "/v2/locked/"):
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
			return true
		case failBlob.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/blobs/"+blobDigest.String()):
			http.Error(w, "disk on fire", http.StatusInternalServerError)
			return true
		}
		return false
	})
	pushImage(t, host+"/team/app:1", img)
	failBlob.Store(true)
	layer2 := "layer 2 " + cfg.RootFS.DiffIDs[1].String()

	notTar := imageStack(t, []v1.Layer{imageLayerOf(t, [2]string{"a.txt", "fine\n"}), mustStatic(t, strings.Repeat("this is not a tar archive, only text\n", 30))}, []string{"ADD a /", "ADD b /"}, nil, nil)
	notTarCfg, _ := notTar.ConfigFile()
	saved := saveImage(t, img)
	truncated := filepath.Join(t.TempDir(), "truncated.tar")
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(truncated, data[:len(data)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	notTarLayout := layoutOf(t, notTar)

	cases := []struct {
		label string
		args  []string
		want  []string
	}{
		{"401", []string{host + "/locked/app:1"}, []string{host + "/locked/app:1: ", "UNAUTHORIZED"}},
		{"404", []string{host + "/team/app:absent"}, []string{host + "/team/app:absent: ", "MANIFEST_UNKNOWN"}},
		{"500 on a layer", []string{host + "/team/app:1"}, []string{host + "/team/app:1 " + layer2 + ": ", "500"}},
		{"truncated tarball", []string{truncated}, []string{truncated + ": ", "truncated or damaged in " + blobDigest.Hex + ".tar.gz"}},
		{"layer not a tar", []string{notTarLayout}, []string{notTarLayout + " layer 2 " + notTarCfg.RootFS.DiffIDs[1].String() + ": ", "archive/tar"}},
		{"huge layer", []string{"--max-layer-size", "1KB", saved}, []string{saved + " layer 1 " + cfg.RootFS.DiffIDs[0].String() + ": ", "larger than the 1000-byte limit (--max-layer-size)"}},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			stdout, stderr, code := run(t, "", append([]string{"scan", "image", "--insecure", "--format", "json"}, c.args...)...)
			if code != ExitError {
				t.Errorf("exit %d, want %d", code, ExitError)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, "leakhound: error: ") || !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if !strings.Contains(stderr, "the scan is incomplete") {
				t.Errorf("stderr does not say the scan is incomplete:\n%s", stderr)
			}
			decodeReport(t, stdout) // still a well-formed report
		})
	}
}

// mustStatic is a layer whose blob is the given bytes, uncompressed.
func mustStatic(t *testing.T, content string) v1.Layer {
	t.Helper()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// BenchmarkScanImage is the whole pipeline (layout reading, gzip, tar,
// engine, report) over a generated 4-layer image of 64 MB of source-like
// text.
func BenchmarkScanImage(b *testing.B) {
	const layers, filesPerLayer, fileSize = 4, 400, 40 << 10
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("func return if err nil token request handler config value string int64 buffer reader writer context options")
	var ls []v1.Layer
	var history []string
	var total int64
	for l := range layers {
		var files [][2]string
		for f := range filesPerLayer {
			var sb strings.Builder
			for sb.Len() < fileSize {
				fmt.Fprintf(&sb, "\t%s := %s%d(%s, %d) // %s %x\n", words[rng.IntN(len(words))], words[rng.IntN(len(words))], rng.IntN(100),
					words[rng.IntN(len(words))], rng.IntN(1e6), words[rng.IntN(len(words))], rng.Uint32())
			}
			files = append(files, [2]string{fmt.Sprintf("src/l%d/f%d.go", l, f), sb.String()})
			total += int64(sb.Len())
		}
		ls = append(ls, imageLayerOf(b, files...))
		history = append(history, fmt.Sprintf("COPY src/l%d /src/", l))
	}
	target := layoutOf(b, imageStack(b, ls, history, nil, nil))
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		var errb bytes.Buffer
		code := Main([]string{"scan", "image", "--format", "json", "--no-progress", target}, &IO{In: strings.NewReader(""), Out: io.Discard, Err: &errb})
		if code != ExitClean {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
}

// TestImageConfigFieldsAreAllScanned: every string of the config is
// scanned, not only Env, Cmd, Entrypoint, Labels and the history: a
// health check's command, ONBUILD lines, the user, the working folder and
// the keys of Volumes and ExposedPorts, each at its JSON path.
func TestImageConfigFieldsAreAllScanned(t *testing.T) {
	g := testutil.NewGen(97)
	toks := map[string]string{}
	tok := func(path string) string {
		toks[path] = g.GitHubToken("ghp_")
		return toks[path]
	}
	img := testutil.Image(t, []v1.Layer{imageLayerOf(t, [2]string{"app/readme.txt", "hello\n"})}, []string{"COPY . /app"}, func(cfg *v1.ConfigFile) {
		cfg.Config.Healthcheck = &v1.HealthConfig{Test: []string{"CMD-SHELL", "curl -fsH 'Authorization: token " + tok("config:Healthcheck.Test[1]") + "' http://localhost/"}}
		cfg.Config.OnBuild = []string{"RUN echo " + tok("config:OnBuild[0]") + " > /root/.token"}
		cfg.Config.User = "deploy:" + tok("config:User")
		cfg.Config.WorkingDir = "/srv/" + tok("config:WorkingDir")
		cfg.Config.Volumes = map[string]struct{}{"/data": {}, "/run/" + tok("config:Volumes"): {}}
		cfg.Config.ExposedPorts = map[string]struct{}{"8080/tcp": {}, tok("config:ExposedPorts") + "/udp": {}}
	})
	saved := filepath.Join(t.TempDir(), "img.tar")
	if err := tarball.WriteToFile(saved, name.MustParseReference("test/app:1"), img); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "scan", "image", saved, "--format", "json")
	found := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		found[f.Path] = f.RawSecret
	}
	if code != ExitFindings || len(found) != len(toks) {
		t.Errorf("exit %d, found %v\n%s", code, found, stderr)
	}
	for path := range toks {
		if _, ok := found[path]; !ok {
			t.Errorf("nothing found at %s", path)
		}
	}
}
