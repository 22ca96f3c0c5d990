package source

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/leakhound/leakhound/internal/pathmatch"
)

// Image scans container images: every string of the config (Env, Cmd,
// Entrypoint, Labels, history and the rest) and every file of every layer. Layers are streamed from their
// blobs, never extracted to disk. They are read from the top layer down, so
// that when a file is read every layer above it has been listed and the
// scan knows whether the final image still shows the file.
type Image struct {
	// Targets are image references, `docker save` tarballs, OCI image
	// layout folders or tars of one. An existing path wins over a
	// reference.
	Targets []string
	// Platform selects one image of a multi-platform index; nil scans
	// every image of the index (layers they share are read once).
	Platform *v1.Platform
	// Insecure allows plain HTTP registries.
	Insecure bool
	// Keychain finds registry credentials; nil means anonymous.
	Keychain    authn.Keychain
	Exclude     *pathmatch.Matcher
	MaxFileSize int64 // 0 means no limit
	// MaxLayerSize bounds the uncompressed bytes of one layer, so a
	// decompression bomb ends with an error instead of running for hours.
	MaxLayerSize int64
	Workers      int
}

// imageUnit is a unit on its way to a scanning worker; buf goes back to the
// pool when the scan is done.
type imageUnit struct {
	unit Unit
	buf  *[]byte
}

// Run reads every target and hands its units to handle. A target or layer
// that cannot be read is a Problem naming the image and the layer; the
// other layers and targets are still scanned.
func (s *Image) Run(ctx context.Context, rep Report, handle Handler) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	units := make(chan imageUnit, 2*max(1, s.Workers))
	pool := &sync.Pool{}
	var wg sync.WaitGroup
	// Decompression is sequential within a layer, so one goroutine reads
	// and the workers only scan.
	for w := range max(1, s.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range units {
				handle(w, u.unit)
				if u.buf != nil {
					pool.Put(u.buf)
				}
			}
		}()
	}
	r := &imageReader{src: s, rep: rep, out: units, pool: pool, seen: map[v1.Hash][]shadowEntry{}}
	err := r.readTargets(ctx)
	close(units)
	wg.Wait()
	return err
}

// imageReader is the state of one Run.
type imageReader struct {
	src  *Image
	rep  Report
	out  chan<- imageUnit
	pool *sync.Pool
	// seen holds, for every layer already read in this run (by diff ID),
	// what it does to the layers below it, so a layer shared by several
	// images is scanned once and still hides what it deletes.
	seen map[v1.Hash][]shadowEntry
}

// namedImage is one image to scan and the name findings give it.
type namedImage struct {
	name     string
	platform string
	img      v1.Image
}

func (r *imageReader) readTargets(ctx context.Context) error {
	for _, target := range r.src.Targets {
		if err := r.scanTarget(ctx, target); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// scanTarget scans the images of one target; only a cancelled context is
// returned, a target that cannot be read is a Problem.
func (r *imageReader) scanTarget(ctx context.Context, target string) error {
	images, closeTarget, err := r.resolve(ctx, target)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.rep.Problem(Problem{Path: target, Err: err})
		return nil
	}
	defer closeTarget()
	for _, ni := range images {
		if err := r.scanImage(ctx, ni); err != nil {
			return err
		}
	}
	return nil
}

// resolve finds the images a target names: a folder is an OCI layout, a
// file a tarball, anything else a registry reference. closeTarget, set
// when err is nil, releases what the images read from.
func (r *imageReader) resolve(ctx context.Context, target string) (images []namedImage, closeTarget func(), err error) {
	noop := func() {}
	info, statErr := os.Stat(target)
	switch {
	case statErr == nil && info.IsDir():
		idx, err := layout.ImageIndexFromPath(target)
		if err != nil {
			return nil, nil, fmt.Errorf("not an OCI image layout: %w", err)
		}
		images, err = r.fromIndex(target, idx)
		return images, noop, err
	case statErr == nil:
		return r.fromTar(target)
	case looksLikePath(target):
		return nil, nil, cleanErr(statErr)
	}
	images, err = r.fromRegistry(ctx, target)
	return images, noop, err
}

// looksLikePath tells a missing file from a registry reference, so a typo
// in a file name is reported as such rather than as a failed pull.
func looksLikePath(s string) bool {
	return strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.HasSuffix(s, ".tar") ||
		strings.HasSuffix(s, ".tar.gz") || strings.HasSuffix(s, ".tgz")
}

func (r *imageReader) fromRegistry(ctx context.Context, target string) ([]namedImage, error) {
	var nameOpts []name.Option
	if r.src.Insecure {
		nameOpts = append(nameOpts, name.Insecure)
	}
	ref, err := name.ParseReference(target, nameOpts...)
	if err != nil {
		return nil, fmt.Errorf("no such file, and not an image reference: %w", err)
	}
	opts := []remote.Option{remote.WithContext(ctx)}
	if r.src.Keychain != nil {
		opts = append(opts, remote.WithAuthFromKeychain(r.src.Keychain))
	}
	desc, err := remote.Get(ref, opts...)
	if err != nil {
		return nil, fmt.Errorf("fetching the manifest: %w", err)
	}
	if desc.MediaType.IsIndex() {
		idx, err := desc.ImageIndex()
		if err != nil {
			return nil, err
		}
		return r.fromIndex(target, idx)
	}
	img, err := desc.Image()
	if err != nil {
		return nil, err
	}
	return []namedImage{{name: target, img: img}}, nil
}

// fromTar opens a `docker save` tarball (it has manifest.json; newer
// Docker versions also write an OCI layout beside it, which lists
// platforms whose blobs were not saved) or the tar of an OCI layout.
func (r *imageReader) fromTar(target string) ([]namedImage, func(), error) {
	t, err := openTarLayout(target)
	if err != nil {
		return nil, nil, err
	}
	if t.has("manifest.json") {
		t.Close()
		images, err := dockerSaveImages(target)
		return images, func() {}, err
	}
	if !t.has("index.json") {
		t.Close()
		return nil, nil, errors.New("neither a `docker save` tarball (no manifest.json) nor an OCI image layout (no index.json)")
	}
	raw, err := t.read("index.json")
	var images []namedImage
	if err == nil {
		images, err = r.fromIndex(target, &blobIndex{store: t, raw: raw, mediaType: types.OCIImageIndex})
	}
	if err != nil {
		t.Close()
		return nil, nil, err
	}
	return images, func() { t.Close() }, nil
}

// dockerSaveImages reads every image of a `docker save` tarball; when it
// holds several, each is selected by its tag.
func dockerSaveImages(target string) ([]namedImage, error) {
	opener := func() (io.ReadCloser, error) { return os.Open(target) }
	m, err := tarball.LoadManifest(opener)
	if err != nil {
		return nil, fmt.Errorf("reading manifest.json: %w", err)
	}
	if len(m) == 1 {
		img, err := tarball.Image(opener, nil)
		if err != nil {
			return nil, err
		}
		return []namedImage{{name: target, img: img}}, nil
	}
	var images []namedImage
	for i, d := range m {
		if len(d.RepoTags) == 0 {
			return nil, fmt.Errorf("manifest.json lists %d images and image %d has no tag to select it by", len(m), i+1)
		}
		tag, err := name.NewTag(d.RepoTags[0])
		if err != nil {
			return nil, err
		}
		img, err := tarball.Image(opener, &tag)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.RepoTags[0], err)
		}
		images = append(images, namedImage{name: target, platform: d.RepoTags[0], img: img})
	}
	return nameImages(images), nil
}

// fromIndex lists the images of an index, nested indexes included, keeping
// those of the selected platform. Attestations are not filesystems and
// are left out; so are platforms a layout lists but does not hold.
func (r *imageReader) fromIndex(target string, idx v1.ImageIndex) ([]namedImage, error) {
	images, err := r.indexImages(target, idx, 0)
	if err != nil {
		return nil, err
	}
	if len(images) == 0 {
		if r.src.Platform != nil {
			return nil, fmt.Errorf("no image for platform %s", r.src.Platform)
		}
		return nil, errors.New("the index holds no image")
	}
	return nameImages(images), nil
}

const maxIndexDepth = 4

func (r *imageReader) indexImages(target string, idx v1.ImageIndex, depth int) ([]namedImage, error) {
	if depth >= maxIndexDepth {
		return nil, fmt.Errorf("indexes nested deeper than %d levels", maxIndexDepth)
	}
	m, err := idx.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("reading the index: %w", err)
	}
	var images []namedImage
	for _, d := range m.Manifests {
		switch {
		case d.MediaType.IsIndex():
			child, err := idx.ImageIndex(d.Digest)
			if err != nil {
				return nil, fmt.Errorf("index %s: %w", d.Digest, err)
			}
			more, err := r.indexImages(target, child, depth+1)
			if err != nil {
				return nil, err
			}
			images = append(images, more...)
		case d.MediaType.IsImage() && d.Annotations["vnd.docker.reference.type"] != "attestation-manifest":
			ni, ok, err := r.indexImage(target, idx, d)
			if err != nil {
				return nil, err
			}
			if ok {
				images = append(images, ni)
			}
		}
	}
	return images, nil
}

// indexImage opens one image of an index; ok is false when it is not of
// the selected platform or its manifest is not in the layout.
func (r *imageReader) indexImage(target string, idx v1.ImageIndex, d v1.Descriptor) (namedImage, bool, error) {
	want := r.src.Platform
	if want != nil && d.Platform != nil && !d.Platform.Satisfies(*want) {
		return namedImage{}, false, nil // not even fetched
	}
	img, err := idx.Image(d.Digest)
	if err == nil {
		_, err = img.RawManifest()
	}
	if errors.Is(err, fs.ErrNotExist) {
		r.rep.Notice(Notice{Path: target, Reason: fmt.Sprintf("image %s (%s) is listed but not in the layout", d.Digest, platformName(d.Platform))})
		return namedImage{}, false, nil
	}
	if err != nil {
		return namedImage{}, false, fmt.Errorf("image %s: %w", d.Digest, err)
	}
	p := d.Platform
	if p == nil {
		// Layouts often leave the platform out of the index: the config
		// has it.
		cfg, err := img.ConfigFile()
		if err != nil {
			return namedImage{}, false, fmt.Errorf("image %s: reading the config: %w", d.Digest, err)
		}
		p = cfg.Platform()
	}
	if want != nil && (p == nil || !p.Satisfies(*want)) {
		return namedImage{}, false, nil
	}
	return namedImage{name: target, platform: platformName(p), img: img}, true, nil
}

func platformName(p *v1.Platform) string {
	if p == nil {
		return "unknown platform"
	}
	return p.String()
}

// nameImages adds the platform (or tag) to the names of images that share
// a target, so findings say which one they are in.
func nameImages(images []namedImage) []namedImage {
	if len(images) > 1 {
		for i := range images {
			images[i].name += " (" + images[i].platform + ")"
		}
	}
	return images
}

// layerInfo is what units of one layer say about where they come from.
type layerInfo struct {
	index   int // from 1
	diffID  v1.Hash
	present *ImageLayer
	deleted *ImageLayer
}

func (l *layerInfo) label(image string) string {
	return fmt.Sprintf("%s layer %d %s", image, l.index, l.diffID)
}

// scanImage sends the config's units, then every layer's files from the
// top layer down. Only a cancelled context is returned; everything else is
// a Problem.
func (r *imageReader) scanImage(ctx context.Context, ni namedImage) error {
	cfg, err := ni.img.ConfigFile()
	if err != nil {
		r.rep.Problem(Problem{Path: ni.name, Err: fmt.Errorf("reading the image config: %w", err)})
		return nil
	}
	layers, err := ni.img.Layers()
	if err != nil {
		r.rep.Problem(Problem{Path: ni.name, Err: fmt.Errorf("listing the layers: %w", err)})
		return nil
	}
	if len(layers) != len(cfg.RootFS.DiffIDs) {
		r.rep.Problem(Problem{Path: ni.name, Err: fmt.Errorf("the manifest lists %d layers but the config %d diff IDs", len(layers), len(cfg.RootFS.DiffIDs))})
		return nil
	}
	made := historyLayers(cfg.History, len(layers))
	infos := layerInfos(ni.name, cfg, made)
	raw, err := ni.img.RawConfigFile()
	var fields []Unit
	if err == nil {
		fields, err = configFields(ni.name, raw)
	}
	if err != nil {
		r.rep.Problem(Problem{Path: ni.name, Err: fmt.Errorf("reading the image config: %w", err)})
		return nil
	}
	for _, u := range append(configUnits(ni.name, cfg, infos, made), fields...) {
		r.rep.Read(int64(len(u.Data)))
		if err := r.send(ctx, u, nil); err != nil {
			return err
		}
	}
	sh := shadows{}
	for i := len(layers) - 1; i >= 0; i-- {
		info := &infos[i]
		if entries, ok := r.seen[info.diffID]; ok {
			sh.add(entries)
			continue
		}
		entries, err := r.scanLayer(ctx, layers[i], info, sh)
		r.seen[info.diffID] = entries
		sh.add(entries)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			r.rep.Problem(Problem{Path: info.label(ni.name), Err: err})
		}
	}
	return nil
}

// historyLayers maps each history entry to the layer it made (from 1; 0
// for an empty_layer entry such as ENV), or is nil when the history does
// not have exactly one non-empty entry per layer and cannot be matched.
func historyLayers(history []v1.History, layers int) []int {
	made := make([]int, len(history))
	n := 0
	for i, h := range history {
		if !h.EmptyLayer {
			n++
			made[i] = n
		}
	}
	if n != layers {
		return nil
	}
	return made
}

// layerInfos describes each layer, with the instruction that made it when
// the history says.
func layerInfos(image string, cfg *v1.ConfigFile, made []int) []layerInfo {
	createdBy := make([]string, len(cfg.RootFS.DiffIDs))
	for i, layer := range made {
		if layer > 0 {
			createdBy[layer-1] = cfg.History[i].CreatedBy
		}
	}
	infos := make([]layerInfo, len(cfg.RootFS.DiffIDs))
	for i, d := range cfg.RootFS.DiffIDs {
		present := ImageLayer{Image: image, Layer: i + 1, Digest: d.String(), CreatedBy: createdBy[i]}
		deleted := present
		deleted.Deleted = true
		infos[i] = layerInfo{index: i + 1, diffID: d, present: &present, deleted: &deleted}
	}
	return infos
}

// configUnits turns the config fields where secrets are most often put
// (environment, command lines, labels and the history, which records RUN
// lines and build arguments) into units, one line per entry; configFields
// covers the rest of the config.
func configUnits(image string, cfg *v1.ConfigFile, infos []layerInfo, made []int) []Unit {
	whole := &ImageLayer{Image: image}
	var units []Unit
	add := func(p string, lines []string, at *ImageLayer) {
		text := strings.Join(lines, "\n")
		if strings.TrimSpace(text) != "" {
			units = append(units, Unit{Path: p, Data: []byte(text), Image: at})
		}
	}
	add("config:Env", cfg.Config.Env, whole)
	add("config:Cmd", []string{strings.Join(cfg.Config.Cmd, " ")}, whole)
	add("config:Entrypoint", []string{strings.Join(cfg.Config.Entrypoint, " ")}, whole)
	labels := make([]string, 0, len(cfg.Config.Labels))
	for k, v := range cfg.Config.Labels {
		labels = append(labels, k+"="+v)
	}
	slices.Sort(labels)
	add("config:Labels", labels, whole)

	for i, h := range cfg.History {
		at := whole
		if made != nil && made[i] > 0 {
			// The entry made this layer: say so, without repeating the
			// line itself as created_by.
			l := infos[made[i]-1]
			at = &ImageLayer{Image: image, Layer: l.index, Digest: l.diffID.String()}
		}
		add(fmt.Sprintf("config:history[%d].created_by", i), []string{h.CreatedBy}, at)
	}
	return units
}

// scanLayer streams one layer's tar, sends its regular files and returns
// what the layer does to the layers below (its shadow entries), complete
// or as far as it could be read. The stream's hash is checked against the
// diff ID, so a damaged or substituted layer is an error.
func (r *imageReader) scanLayer(ctx context.Context, layer v1.Layer, info *layerInfo, above shadows) ([]shadowEntry, error) {
	rc, err := layer.Uncompressed()
	if err != nil {
		return nil, fmt.Errorf("opening the layer: %w", err)
	}
	defer rc.Close()
	h := sha256.New()
	stream := &limitedReader{r: io.TeeReader(rc, h), limit: r.src.MaxLayerSize}
	tr := tar.NewReader(stream)
	var entries []shadowEntry
	named := pathNames{}
	for {
		if err := ctx.Err(); err != nil {
			return entries, err
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return entries, fmt.Errorf("reading the layer: %w", err)
		}
		p := cleanTarPath(hdr.Name)
		entries = append(entries, shadowOf(p, hdr.Typeflag))
		// Every entry with data is scanned, whatever docker makes of it:
		// a whiteout or an entry of a type it does not extract still
		// ships its bytes in the layer.
		if r.src.Exclude.Match(p, false) {
			continue
		}
		at := info.present
		if above.hides(p) {
			at = info.deleted
		}
		if err := r.sendNames(ctx, named, p, hdr, at); err != nil {
			return entries, err
		}
		if text := tarHeaderText(hdr); text != nil {
			if err := r.send(ctx, Unit{Path: p + " (tar header)", Image: at, Data: text}, nil); err != nil {
				return entries, err
			}
		}
		if !tarData(hdr) || isWhiteout(p) && hdr.Size == 0 {
			continue
		}
		if err := r.readFile(ctx, tr, hdr.Size, Unit{Path: p, Image: at}); err != nil {
			return entries, err
		}
	}
	// The end-of-archive marker can be followed by padding: read it so
	// the hash covers the whole blob.
	if _, err := io.Copy(io.Discard, stream); err != nil {
		return entries, fmt.Errorf("reading the layer: %w", err)
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); info.diffID.Algorithm == "sha256" && got != info.diffID.String() {
		return entries, fmt.Errorf("the layer's content has digest %s, not its diff ID: the layer is damaged or not the one the config names", got)
	}
	return entries, nil
}

// sendNames sends the names of the layer's entry at p and of its folders
// not named before in the layer, and a link's target (see tarNames).
func (r *imageReader) sendNames(ctx context.Context, named pathNames, p string, hdr *tar.Header, at *ImageLayer) error {
	var err error
	named.unnamed(p, 0, hdr.Typeflag == tar.TypeDir, func(q string) bool {
		if u, ok := nameUnit(q, 0, nil); ok {
			u.Image = at
			err = r.send(ctx, u, nil)
		}
		return err == nil
	})
	if target := linkTarget(hdr); err == nil && target != "" {
		err = r.send(ctx, Unit{Path: p + linkSuffix, Image: at, Data: []byte(target)}, nil)
	}
	return err
}

// readFile reads one file of a layer into a pooled buffer and sends it,
// or says why it is skipped.
func (r *imageReader) readFile(ctx context.Context, tr io.Reader, size int64, u Unit) error {
	limit := r.src.MaxFileSize
	if size > limit && limit > 0 || size > maxHeld {
		head, err := readSized(tr, min(size, sniffLen), nil)
		if err != nil {
			return fmt.Errorf("reading %s: %w", u.Path, err)
		}
		n := oversized(noticePath(u), head, limit)
		if n.Incomplete && (limit <= 0 || limit > maxHeld) {
			// A file is read whole, and a sparse entry's holes can claim
			// any size.
			n.Reason = fmt.Sprintf("larger than %d bytes, the most a file of a layer is read into memory, not scanned", int64(maxHeld))
		}
		r.rep.Notice(n)
		return nil
	}
	bp, _ := r.pool.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	data, err := readSized(tr, size, *bp)
	*bp = data
	if err != nil {
		r.pool.Put(bp)
		return fmt.Errorf("reading %s: %w", u.Path, err)
	}
	r.rep.Read(int64(len(data)))
	u.Data = data
	return r.send(ctx, u, bp)
}

func noticePath(u Unit) string {
	return fmt.Sprintf("%s (%s layer %d)", u.Path, u.Image.Image, u.Image.Layer)
}

// maxPrealloc bounds what a tar header's size can make us allocate before
// the bytes arrive: a damaged header may claim anything.
const maxPrealloc = 64 << 20

// readSized reads exactly size bytes into buf, growing it as data arrives.
func readSized(r io.Reader, size int64, buf []byte) ([]byte, error) {
	buf = slices.Grow(buf[:0], int(min(size, maxPrealloc)))
	for int64(len(buf)) < size {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(size-int64(len(buf)), int64(cap(buf)))))
		}
		end := int(min(int64(cap(buf)), size))
		n, err := io.ReadFull(r, buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return buf, err
		}
	}
	return buf, nil
}

// send hands u to a worker; buf, when set, holds u.Data and returns to the
// pool after the scan.
func (r *imageReader) send(ctx context.Context, u Unit, buf *[]byte) error {
	select {
	case r.out <- imageUnit{unit: u, buf: buf}:
		return nil
	case <-ctx.Done():
		if buf != nil {
			r.pool.Put(buf)
		}
		return ctx.Err()
	}
}

// limitedReader fails once more than limit bytes (when limit > 0) have
// been read.
type limitedReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.limit > 0 && l.n > l.limit {
		return n, fmt.Errorf("the layer is larger than the %d-byte limit (--max-layer-size) uncompressed", l.limit)
	}
	return n, err
}

// cleanTarPath makes a layer's entry name a path inside the image with no
// leading slash ("" for the root).
func cleanTarPath(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

const (
	whiteoutPrefix = ".wh."
	opaqueWhiteout = ".wh..wh..opq"
)

func isWhiteout(p string) bool {
	return strings.HasPrefix(path.Base(p), whiteoutPrefix)
}

// shadowKind is what an entry of a layer does to the layers below it.
type shadowKind uint8

const (
	// replaces: a lower file at this very path is gone (a directory here
	// merges with a lower directory, but files are all that is checked).
	replaces shadowKind = 1 << iota
	// hidesTree: a whiteout or a non-directory: the path and everything
	// under it in lower layers are gone.
	hidesTree
	// hidesChildren: an opaque whiteout: everything under this directory
	// in lower layers is gone, the directory stays.
	hidesChildren
)

type shadowEntry struct {
	path string
	kind shadowKind
}

func shadowOf(p string, typeflag byte) shadowEntry {
	base := path.Base(p)
	dir := path.Dir(p)
	if dir == "." {
		dir = ""
	}
	switch {
	case base == opaqueWhiteout:
		return shadowEntry{dir, hidesChildren}
	case strings.HasPrefix(base, whiteoutPrefix):
		return shadowEntry{path.Join(dir, strings.TrimPrefix(base, whiteoutPrefix)), hidesTree}
	case typeflag == tar.TypeDir:
		return shadowEntry{p, replaces}
	}
	return shadowEntry{p, hidesTree}
}

// shadows merges the entries of the layers above the one being read.
type shadows map[string]shadowKind

func (s shadows) add(entries []shadowEntry) {
	for _, e := range entries {
		s[e.path] |= e.kind
	}
}

// hides tells whether the layers above remove or replace the file at p.
func (s shadows) hides(p string) bool {
	if s[p] != 0 {
		return true
	}
	for dir := p; dir != ""; {
		if i := strings.LastIndexByte(dir, '/'); i >= 0 {
			dir = dir[:i]
		} else {
			dir = ""
		}
		if k := s[dir]; k&(hidesTree|hidesChildren) != 0 && (dir != "" || k&hidesChildren != 0) {
			return true
		}
	}
	return false
}

// tarLayout is an OCI image layout inside a tar file, read in place: a
// blob is a section of the file, so nothing is extracted.
type tarLayout struct {
	f     *os.File
	name  string
	files map[string]tarSection
}

type tarSection struct{ offset, size int64 }

// openTarLayout lists the regular files of a tar with their offsets. The
// tar reader does not read ahead, so after Next the file's position is
// where the entry's content starts.
func openTarLayout(p string) (*tarLayout, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, cleanErr(err)
	}
	t := &tarLayout{f: f, name: p, files: map[string]tarSection{}}
	tr := tar.NewReader(f)
	last := "its start"
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Close()
			// Next fails when it skips over the previous entry's content:
			// name that entry, usually a layer.
			return nil, fmt.Errorf("the tarball is truncated or damaged in %s: %w", last, err)
		}
		last = hdr.Name
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		off, err := f.Seek(0, io.SeekCurrent)
		if err != nil {
			f.Close()
			return nil, err
		}
		t.files[cleanTarPath(hdr.Name)] = tarSection{off, hdr.Size}
	}
	return t, nil
}

func (t *tarLayout) Close() error { return t.f.Close() }

func (t *tarLayout) has(name string) bool {
	_, ok := t.files[name]
	return ok
}

func (t *tarLayout) open(name string) (io.ReadCloser, error) {
	s, ok := t.files[name]
	if !ok {
		return nil, fmt.Errorf("%s: %w in %s", name, fs.ErrNotExist, t.name)
	}
	return io.NopCloser(io.NewSectionReader(t.f, s.offset, s.size)), nil
}

func (t *tarLayout) read(name string) ([]byte, error) {
	rc, err := t.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func (t *tarLayout) Blob(h v1.Hash) (io.ReadCloser, error) {
	return t.open(path.Join("blobs", h.Algorithm, h.Hex))
}

// blobStore is where a layout keeps its blobs.
type blobStore interface {
	Blob(h v1.Hash) (io.ReadCloser, error)
}

func readBlob(s blobStore, h v1.Hash) ([]byte, error) {
	rc, err := s.Blob(h)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// blobIndex is a v1.ImageIndex over a blob store, as the layout package
// provides over a folder.
type blobIndex struct {
	store     blobStore
	raw       []byte
	mediaType types.MediaType
}

func (i *blobIndex) MediaType() (types.MediaType, error) { return i.mediaType, nil }
func (i *blobIndex) Digest() (v1.Hash, error)            { return partial.Digest(i) }
func (i *blobIndex) Size() (int64, error)                { return partial.Size(i) }
func (i *blobIndex) RawManifest() ([]byte, error)        { return i.raw, nil }

func (i *blobIndex) IndexManifest() (*v1.IndexManifest, error) {
	return v1.ParseIndexManifest(bytes.NewReader(i.raw))
}

func (i *blobIndex) Image(h v1.Hash) (v1.Image, error) {
	raw, err := readBlob(i.store, h)
	if err != nil {
		return nil, err
	}
	m, err := v1.ParseManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %w", h, err)
	}
	return partial.CompressedToImage(&blobImage{store: i.store, raw: raw, manifest: m})
}

func (i *blobIndex) ImageIndex(h v1.Hash) (v1.ImageIndex, error) {
	raw, err := readBlob(i.store, h)
	if err != nil {
		return nil, err
	}
	return &blobIndex{store: i.store, raw: raw, mediaType: types.OCIImageIndex}, nil
}

// blobImage is an image whose manifest, config and layers are blobs.
type blobImage struct {
	store    blobStore
	raw      []byte
	manifest *v1.Manifest
}

func (b *blobImage) RawManifest() ([]byte, error) { return b.raw, nil }
func (b *blobImage) RawConfigFile() ([]byte, error) {
	return readBlob(b.store, b.manifest.Config.Digest)
}

func (b *blobImage) MediaType() (types.MediaType, error) {
	if b.manifest.MediaType != "" {
		return b.manifest.MediaType, nil
	}
	return types.OCIManifestSchema1, nil
}

func (b *blobImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	for _, d := range append([]v1.Descriptor{b.manifest.Config}, b.manifest.Layers...) {
		if d.Digest == h {
			return &blobLayer{store: b.store, desc: d}, nil
		}
	}
	return nil, fmt.Errorf("blob %s is not in the manifest", h)
}

type blobLayer struct {
	store blobStore
	desc  v1.Descriptor
}

func (l *blobLayer) Digest() (v1.Hash, error)            { return l.desc.Digest, nil }
func (l *blobLayer) Size() (int64, error)                { return l.desc.Size, nil }
func (l *blobLayer) MediaType() (types.MediaType, error) { return l.desc.MediaType, nil }
func (l *blobLayer) Compressed() (io.ReadCloser, error)  { return l.store.Blob(l.desc.Digest) }
