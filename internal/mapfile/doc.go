// Package mapfile maps files read-only into memory (see Map).
package mapfile
