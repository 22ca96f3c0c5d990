package rule

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
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
		var providers []*Provider
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&providers) == nil && len(providers) > 0 {
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
			if werr == nil && cerr == nil {
				_ = os.Rename(tmp.Name(), path)
			}
			_ = os.Remove(tmp.Name())
		}
	}
	return providers, nil
}

// contentKey hashes every catalogue file's name and content, plus the
// shape of the Go types (gob's own description of them), so an edit to a
// rule or to the schema misses the cache.
func contentKey(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
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
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}
