package rule

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// LoadCached is LoadFS with a cache: parsing and checking hundreds of YAML
// files takes a quarter of a second, too long for a pre-commit hook, so
// the checked result is kept in cacheDir under a hash of the files'
// contents and reused while they are unchanged. The cache is only an
// optimisation: any problem with it falls back to parsing.
func LoadCached(fsys fs.FS, cacheDir string) ([]*Provider, error) {
	key, err := contentKey(fsys)
	if err != nil || cacheDir == "" {
		return LoadFS(fsys)
	}
	path := filepath.Join(cacheDir, "catalogue-"+key+".gob")
	if data, err := os.ReadFile(path); err == nil {
		markUsed(path)
		var providers []*Provider
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&providers) == nil && len(providers) > 0 {
			// Only a catalogue that passed Check is written here.
			for _, p := range providers {
				for i := range p.Rules {
					p.Rules[i].markParsed()
				}
			}
			return providers, nil
		}
	}
	providers, err := LoadFS(fsys)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(providers) == nil && os.MkdirAll(cacheDir, 0o700) == nil {
		tmp, err := os.CreateTemp(cacheDir, "catalogue-*.tmp")
		if err == nil {
			_, werr := tmp.Write(buf.Bytes())
			cerr := tmp.Close()
			if werr == nil && cerr == nil && os.Rename(tmp.Name(), path) == nil {
				pruneCache(cacheDir, path)
			}
			_ = os.Remove(tmp.Name())
		}
	}
	return providers, nil
}

// contentKey hashes every catalogue file's name and content, plus the
// shape of the Go types (gob's own description of them), so an edit to a
// rule or to the schema misses the cache. The key guards against
// accidents, not attacks (the catalogue is the binary's own, or the
// user's): two CRC-32s computed in hardware, 64 bits, cost a fifth of
// the SHA-256 that made up a fifth of a run's start-up.
func contentKey(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	ieee, castagnoli := crc32.NewIEEE(), crc32.New(crc32.MakeTable(crc32.Castagnoli))
	h := io.MultiWriter(ieee, castagnoli)
	// Encoding an empty value still writes gob's full type description.
	if err := gob.NewEncoder(h).Encode([]*Provider{{Rules: []Rule{{Validate: &Validate{BasicAuth: &BasicAuth{}}}}}}); err != nil {
		return "", err
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", err
		}
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(data)
		h.Write([]byte{0})
	}
	var sum [8]byte
	binary.BigEndian.PutUint32(sum[:4], ieee.Sum32())
	binary.BigEndian.PutUint32(sum[4:], castagnoli.Sum32())
	return hex.EncodeToString(sum[:]), nil
}

// keptCatalogues is how many catalogue versions the cache keeps: each
// upgrade or rule edit writes a new one (about 3 MB), and a cache that
// only grew held 180 MB after a day of edits. The ones kept are those used
// last (markUsed), so several leakhound versions in use side by side (one
// per project on a CI runner, one per worktree) do not evict each other.
const keptCatalogues = 8

// markUsed records that a cached catalogue was just read, at most once an
// hour so a run does not write for every read.
func markUsed(path string) {
	if info, err := os.Stat(path); err == nil && time.Since(info.ModTime()) > time.Hour {
		now := time.Now()
		_ = os.Chtimes(path, now, now)
	}
}

// pruneCache removes all but the newest keptCatalogues catalogues, never
// current, and temporary files a killed run left behind. It is best
// effort: a cache that cannot be pruned still works.
func pruneCache(dir, current string) {
	type entry struct {
		path string
		mod  time.Time
	}
	var old []entry
	names, _ := filepath.Glob(filepath.Join(dir, "catalogue-*"))
	for _, name := range names {
		info, err := os.Stat(name)
		if err != nil || name == current {
			continue
		}
		if strings.HasSuffix(name, ".tmp") {
			if time.Since(info.ModTime()) > time.Hour {
				_ = os.Remove(name)
			}
			continue
		}
		old = append(old, entry{name, info.ModTime()})
	}
	sort.Slice(old, func(i, j int) bool { return old[i].mod.After(old[j].mod) })
	for i, e := range old {
		if i >= keptCatalogues-1 {
			_ = os.Remove(e.path)
		}
	}
}
