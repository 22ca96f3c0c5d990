// Package filecache keeps what is costly to derive and cheap to read again
// (the checked catalogue, the keyword automaton) in the user's cache
// directory, under a key of what it was derived from. A cache is only an
// optimisation: every problem with it is a miss, and the caller derives the
// value again.
package filecache

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/mapfile"
)

// Kind names one kind of cached file: Prefix+key+Suffix. Keep is how many
// versions stay: each upgrade or rule edit writes a new one, and a cache
// that only grew held 180 MB after a day of edits. The ones kept are those
// used last, so several leakhound versions in use side by side (one per
// project on a CI runner, one per worktree) do not evict each other.
type Kind struct {
	Prefix, Suffix string
	Keep           int
}

func (k Kind) path(dir, key string) string {
	return filepath.Join(dir, k.Prefix+key+k.Suffix)
}

// Map returns the file cached under key, mapped read-only where the
// system allows (read otherwise), and marks it used; "" dir is a miss. The
// bytes must not be used after release is called.
func (k Kind) Map(dir, key string) (data []byte, release func(), ok bool) {
	if dir == "" {
		return nil, nil, false
	}
	path := k.path(dir, key)
	data, release, err := mapfile.Map(path)
	if err != nil {
		return nil, nil, false
	}
	markUsed(path)
	return data, release, true
}

// Write stores data under key, whole or not at all (written aside, then
// renamed), and prunes older versions. It is best effort: a cache that
// cannot be written still leaves the scan working.
func (k Kind) Write(dir, key string, data []byte) {
	if dir == "" || os.MkdirAll(dir, 0o700) != nil {
		return
	}
	path := k.path(dir, key)
	tmp, err := os.CreateTemp(dir, k.Prefix+"*.tmp")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil && cerr == nil && os.Rename(tmp.Name(), path) == nil {
		k.prune(dir, path)
	}
	_ = os.Remove(tmp.Name())
}

// markUsed records that a cached file was just read, at most once an hour
// so a run does not write for every read.
func markUsed(path string) {
	if info, err := os.Stat(path); err == nil && time.Since(info.ModTime()) > time.Hour {
		now := time.Now()
		_ = os.Chtimes(path, now, now)
	}
}

// prune removes all but the newest Keep files of the kind, never current,
// and temporary files a killed run left behind.
func (k Kind) prune(dir, current string) {
	type entry struct {
		path string
		mod  time.Time
	}
	var old []entry
	names, _ := filepath.Glob(filepath.Join(dir, k.Prefix+"*"))
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
		if !strings.HasSuffix(name, k.Suffix) {
			continue
		}
		old = append(old, entry{name, info.ModTime()})
	}
	sort.Slice(old, func(i, j int) bool { return old[i].mod.After(old[j].mod) })
	for i, e := range old {
		if i >= k.Keep-1 {
			_ = os.Remove(e.path)
		}
	}
}
