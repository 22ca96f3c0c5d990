// Package selfid names the build of the running executable: the Go build
// ID the linker writes into every binary, which changes whenever anything
// built into it changes (code or embedded files). A cache of what the
// binary derives from its embedded data can be keyed by it instead of by
// hashing that data at every start.
package selfid

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"runtime"
)

// ELF facts used below (System V ABI, and the Go linker's note):
// a 64-bit little-endian header is 64 bytes, a program header 56; a
// PT_NOTE segment (type 4) holds notes of namesz, descsz, type, then the
// name and the description, each padded to 4 bytes. Go's build ID note is
// named "Go" and has type 4.
const (
	elfHeaderSize     = 64
	programHeaderSize = 56
	ptNote            = 4
	goBuildIDNote     = 4
	// maxNotes bounds how much of a note segment is read: the build ID
	// note is about 100 bytes.
	maxNotes = 4 << 10
)

var errNoBuildID = errors.New("no Go build ID")

// BuildID returns the running executable's Go build ID. It reads
// /proc/self/exe, which stays the running file even if its path is
// replaced meanwhile, so it answers only on Linux; elsewhere, or for a
// binary built without an ID (-buildid=), it returns an error and the
// caller hashes what it needed the name for.
func BuildID() (string, error) {
	if runtime.GOOS != "linux" {
		return "", errNoBuildID
	}
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		return "", err
	}
	defer f.Close()
	return readBuildID(f)
}

// readBuildID finds the Go build ID note in a 64-bit little-endian ELF
// file's note segments.
func readBuildID(r io.ReaderAt) (string, error) {
	var head [elfHeaderSize]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return "", err
	}
	// Magic, 64-bit class, little-endian data.
	if string(head[:4]) != "\x7fELF" || head[4] != 2 || head[5] != 1 {
		return "", errNoBuildID
	}
	le := binary.LittleEndian
	phoff, phentsize, phnum := le.Uint64(head[32:]), le.Uint16(head[54:]), le.Uint16(head[56:])
	if phentsize != programHeaderSize || phnum == 0 || phnum > 64 || phoff > 1<<20 {
		return "", errNoBuildID
	}
	phdrs := make([]byte, int(phnum)*programHeaderSize)
	if _, err := r.ReadAt(phdrs, int64(phoff)); err != nil {
		return "", err
	}
	for i := range int(phnum) {
		ph := phdrs[i*programHeaderSize:]
		if le.Uint32(ph) != ptNote {
			continue
		}
		off, size := le.Uint64(ph[8:]), le.Uint64(ph[32:])
		if size == 0 || size > maxNotes || off > 1<<30 {
			continue
		}
		notes := make([]byte, size)
		if _, err := r.ReadAt(notes, int64(off)); err != nil {
			return "", err
		}
		if id, ok := goNote(notes); ok {
			return id, nil
		}
	}
	return "", errNoBuildID
}

// goNote walks one note segment for the Go build ID note.
func goNote(notes []byte) (string, bool) {
	le := binary.LittleEndian
	pad := func(n uint32) int { return int((n + 3) &^ 3) }
	for len(notes) >= 12 {
		namesz, descsz, typ := le.Uint32(notes), le.Uint32(notes[4:]), le.Uint32(notes[8:])
		notes = notes[12:]
		if namesz > uint32(len(notes)) || pad(namesz) > len(notes) {
			return "", false
		}
		name := notes[:namesz]
		notes = notes[pad(namesz):]
		if descsz > uint32(len(notes)) {
			return "", false
		}
		desc := notes[:descsz]
		if pad(descsz) > len(notes) {
			notes = nil
		} else {
			notes = notes[pad(descsz):]
		}
		if typ == goBuildIDNote && string(bytes.TrimRight(name, "\x00")) == "Go" && len(desc) > 0 {
			return string(desc), true
		}
	}
	return "", false
}
