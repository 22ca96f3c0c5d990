// Package gitpack reads the objects of a git repository in-process: packs
// through their indexes (.idx version 2, and a multi-pack-index when there
// is one), loose objects, and the object directories of alternates. It
// only reads: it never writes, repacks or fetches.
//
// What it reads is checked, not trusted: each packed entry's stored bytes
// against the CRC-32 its index records, each zlib stream against its
// Adler-32, each inflated size against the size its header states, each
// delta's base and result sizes against what it is applied to and
// produces, each loose object against its SHA-1. A layout it does not know
// (another index or pack version, SHA-256 object names) is an
// *UnsupportedError from Open, so the caller can hand the repository to
// git instead of half-reading it.
//
// The formats are git's own, as documented in git's
// Documentation/gitformat-pack.txt (pack, index and multi-pack-index
// files) and Documentation/technical/hash-function-transition.txt.
package gitpack

import (
	"encoding/hex"
	"errors"
	"fmt"
)

// ID is a SHA-1 object name.
type ID [20]byte

// ParseID reads a 40-digit hexadecimal object name.
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 2*len(id) {
		return id, fmt.Errorf("object name %q is not 40 hexadecimal digits", s)
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, fmt.Errorf("object name %q is not 40 hexadecimal digits", s)
	}
	return id, nil
}

func (id ID) String() string { return hex.EncodeToString(id[:]) }

// Type is an object's type, as numbered in pack entries.
type Type uint8

const (
	Commit Type = 1
	Tree   Type = 2
	Blob   Type = 3
	Tag    Type = 4
	// Entries of these types hold a delta against a base object, named
	// by its offset in the same pack or by its object name.
	ofsDelta Type = 6
	refDelta Type = 7
)

func (t Type) String() string {
	switch t {
	case Commit:
		return "commit"
	case Tree:
		return "tree"
	case Blob:
		return "blob"
	case Tag:
		return "tag"
	case ofsDelta:
		return "ofs-delta"
	case refDelta:
		return "ref-delta"
	}
	return fmt.Sprintf("type %d", uint8(t))
}

// typeNamed is the type a loose object's header names.
func typeNamed(name string) (Type, bool) {
	for _, t := range []Type{Commit, Tree, Blob, Tag} {
		if t.String() == name {
			return t, true
		}
	}
	return 0, false
}

// ErrNotFound is returned (wrapped in a *NotFoundError) for an object the
// repository does not hold.
var ErrNotFound = errors.New("object not found")

// NotFoundError names an object the repository does not hold.
type NotFoundError struct {
	ID ID
	// Promisor is set when the repository holds packs fetched from a
	// promisor remote: it is a partial clone, whose filter may have left
	// the object out.
	Promisor bool
}

func (e *NotFoundError) Error() string {
	if e.Promisor {
		return fmt.Sprintf("object %s is not in the repository (it has promisor packs: a partial clone may lack it)", e.ID)
	}
	return fmt.Sprintf("object %s is not in the repository", e.ID)
}

func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// CorruptError is damage found while reading an object: the data does not
// say what its header, its index or its checksum say.
type CorruptError struct {
	// ID is the object asked for; Entry names the stored entry where the
	// damage is (the object itself, or a delta base it needs).
	ID     ID
	Entry  string
	Reason string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("object %s is corrupt: %s: %s", e.ID, e.Entry, e.Reason)
}

// UnsupportedError is a repository layout this package does not read; git
// itself may.
type UnsupportedError struct{ What string }

func (e *UnsupportedError) Error() string { return "unsupported repository layout: " + e.What }

// TooLargeError is returned by Read for an object over the size limit,
// which is not inflated.
type TooLargeError struct {
	ID   ID
	Type Type
	Size int64
	// Head holds the object's first bytes when they could be read without
	// rebuilding the object (it is stored whole); nil when it is stored
	// as a delta.
	Head []byte
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("object %s is %d bytes, over the limit", e.ID, e.Size)
}
