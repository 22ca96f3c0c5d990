// Package web holds the dashboard's templates and static files, embedded
// in the binary so the server is one file to deploy.
package web

import "embed"

// FS holds templates/*.html and static/*.
//
//go:embed templates static
var FS embed.FS
