package pipeline

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/selfid"
	"github.com/leakhound/leakhound/rules"
)

// BuiltinCatalogue returns the built-in providers, from the cache in
// cacheDir when it holds them ("" keeps nothing). Without full, what only
// explaining, checking and investigating read is left out: most of what a
// scan's start-up would decode.
func BuiltinCatalogue(cacheDir string, full bool) ([]*rule.Provider, error) {
	return rule.LoadCachedAs(rules.FS, cacheDir, BuiltinCatalogueKey(), full)
}

// BuiltinCatalogueKey names the embedded catalogue by the build of the
// binary that holds it, so a start does not hash 2.6 MB of rule files to
// find its cache. "" (no build ID to read) hashes them.
func BuiltinCatalogueKey() string {
	id, err := selfid.BuildID()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(id))
	return "build-" + hex.EncodeToString(sum[:8])
}
