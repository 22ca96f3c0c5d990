// Package rules holds the built-in detector catalogue: one YAML file per
// provider, embedded in the binary.
package rules

import "embed"

// FS holds every provider file.
//
//go:embed *.yaml
var FS embed.FS
