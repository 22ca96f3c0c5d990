package selfid

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The test binary is a Go executable like leakhound: its build ID is what
// the go tool reads from it.
func TestBuildIDIsWhatGoReads(t *testing.T) {
	if runtime.GOOS != "linux" {
		if _, err := BuildID(); err == nil {
			t.Fatal("BuildID answered off Linux, where /proc/self/exe is not there to pin the running file")
		}
		t.Skip("Linux only")
	}
	got, err := BuildID()
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if got != strings.TrimSpace(string(want)) {
		t.Fatalf("BuildID = %q, go tool buildid says %q", got, want)
	}
}

// The cache keyed by the build ID relies on this: changing only an
// embedded file changes the ID.
func TestBuildIDChangesWithEmbeddedData(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds two programs; Linux only")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module probe\n\ngo 1.22\n")
	write("main.go", "package main\n\nimport _ \"embed\"\n\n//go:embed data.txt\nvar data string\n\nfunc main() { println(len(data)) }\n")
	ids := map[string]bool{}
	for _, content := range []string{"first version\n", "second version\n"} {
		write("data.txt", content)
		bin := filepath.Join(dir, "probe")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = dir
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		f, err := os.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		id, err := readBuildID(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		ids[id] = true
	}
	if len(ids) != 2 {
		t.Fatalf("two builds differing only in an embedded file share the build ID %v", ids)
	}
}

func TestNoBuildIDIsAnError(t *testing.T) {
	// A minimal 64-bit little-endian ELF header with one PT_NOTE segment
	// whose note is not Go's.
	elf := make([]byte, elfHeaderSize+programHeaderSize+32)
	copy(elf, "\x7fELF\x02\x01")
	le := binary.LittleEndian
	le.PutUint64(elf[32:], elfHeaderSize)
	le.PutUint16(elf[54:], programHeaderSize)
	le.PutUint16(elf[56:], 1)
	ph := elf[elfHeaderSize:]
	le.PutUint32(ph, ptNote)
	le.PutUint64(ph[8:], elfHeaderSize+programHeaderSize)
	le.PutUint64(ph[32:], 20)
	note := elf[elfHeaderSize+programHeaderSize:]
	le.PutUint32(note, 4)
	le.PutUint32(note[4:], 4)
	le.PutUint32(note[8:], 3) // GNU build ID's type, under another name
	copy(note[12:], "GNU\x00abcd")
	cases := map[string][]byte{
		"other note":  elf,
		"not ELF":     []byte("#!/bin/sh\necho hello\n" + strings.Repeat(" ", 64)),
		"big-endian":  append([]byte("\x7fELF\x02\x02"), make([]byte, 64)...),
		"truncated":   elf[:elfHeaderSize+10],
		"empty":       nil,
		"note cut":    elf[:len(elf)-8],
		"header only": elf[:elfHeaderSize],
	}
	for name, data := range cases {
		if id, err := readBuildID(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: read build ID %q", name, id)
		}
	}
	// The same file with the note renamed "Go" and typed 4 is read.
	copy(note[12:], "Go\x00\x00")
	le.PutUint32(note[8:], goBuildIDNote)
	if id, err := readBuildID(bytes.NewReader(elf)); err != nil || id != "abcd" {
		t.Fatalf("Go note: %q, %v", id, err)
	}
}
