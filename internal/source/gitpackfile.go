package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/leakhound/leakhound/internal/gitpack"
)

// gitPackFile names content that is a git pack (gitformat-pack: "PACK",
// version 2 or 3) or bundle (gitformat-bundle: a text head listing refs,
// then a pack), or "".
func gitPackFile(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PACK\x00\x00\x00\x02")), bytes.HasPrefix(head, []byte("PACK\x00\x00\x00\x03")):
		return "pack"
	case bytes.HasPrefix(head, []byte("# v2 git bundle\n")), bytes.HasPrefix(head, []byte("# v3 git bundle\n")):
		return "bundle"
	}
	return ""
}

// gitPack scans the objects of a git pack or bundle: every object in it
// is zlib-compressed, most as deltas of others, so the pack is indexed by
// `git index-pack` into a temporary repository, then each commit, tag and
// blob is scanned as FILE!(git object OID) (trees hold names and ids
// only). A thin pack (one whose deltas need objects it does not hold, as
// an incremental bundle's may) cannot be indexed alone and is named.
func (w *walk) gitPack(u Unit, c content, depth int, kind string) error {
	data, err := c.all(u.Path, w.held(), "a git pack is indexed whole")
	if err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	format := "sha1"
	if kind == "bundle" {
		// The head ends at its first empty line; a v3 bundle may name
		// its object format in a capability line.
		head, pack, ok := bytes.Cut(data, []byte("\n\n"))
		if !ok {
			return w.unread(u.Path, errors.New("a git bundle with no pack after its head"), "not scanned")
		}
		for _, line := range strings.Split(string(head), "\n") {
			if f, ok := strings.CutPrefix(line, "@object-format="); ok {
				format = f
			}
		}
		data = pack
	}
	// git index-pack inflates and hashes every object before one can be
	// read: what that produces counts against the archive bomb limit
	// first, checked without git.
	idLen := 20
	if format == "sha256" {
		idLen = 32
	}
	if _, err := gitpack.Expansion(data, idLen, w.bombRoom()); errors.Is(err, gitpack.ErrExpansion) {
		return w.unread(u.Path, w.bombError(u.Path), "not scanned")
	} else if err != nil {
		return w.unread(u.Path, err, "not scanned")
	}
	dir, err := os.MkdirTemp("", "leakhound-pack-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	g := &Git{Repo: dir, own: true}
	notRead := func(why string, err error) error {
		w.rep.Notice(Notice{Path: u.Path, Reason: fmt.Sprintf("a git %s %s (%v), not scanned", kind, why, err), Incomplete: true})
		return nil
	}
	if _, err := g.output(ctx, "init", "-q", "--bare", "--object-format="+format); err != nil {
		return notRead("is read with git, which could not start a repository for it", err)
	}
	if _, err := g.outputFrom(ctx, bytes.NewReader(data), "index-pack", "--stdin"); err != nil {
		return notRead("that git cannot index alone: damaged, or thin (its deltas need objects it does not hold, as an incremental bundle's may)", err)
	}
	return w.packObjects(u, g, depth)
}

// packObjects scans every object but trees of the repository g, whose
// one pack was just indexed.
func (w *walk) packObjects(u Unit, g *Git, depth int) error {
	cmd := g.command(context.Background(), "cat-file", "--batch-all-objects", "--unordered", "--batch")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return w.unread(u.Path, fmt.Errorf("starting git cat-file: %w", err), "not scanned")
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	// What the objects inflate to counts against the archive bomb limit.
	br := bufio.NewReaderSize(w.inflate(stdout, u.Path), 64<<10)
	for {
		// <oid> SP <type> SP <size> LF <content> LF
		header, err := br.ReadString('\n')
		if err == io.EOF && header == "" {
			break
		}
		f := strings.Fields(header)
		if err != nil || len(f) != 3 {
			return w.unread(u.Path, fmt.Errorf("reading its objects: %v %s", err, gitMessage(stderr.Bytes())), "the rest was not scanned")
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return w.unread(u.Path, fmt.Errorf("git cat-file said %q", header), "the rest was not scanned")
		}
		name := "(git object " + f[0] + ")"
		if f[1] == "tree" || w.MaxMemberSize > 0 && size > w.MaxMemberSize {
			if f[1] != "tree" {
				head, _ := br.Peek(int(min(size, sniffLen)))
				w.rep.Notice(oversized(u.Path+"!"+name, head, w.MaxMemberSize))
			}
			if _, err := br.Discard(int(size) + 1); err != nil {
				return w.unread(u.Path, err, "the rest was not scanned")
			}
			continue
		}
		obj := make([]byte, size+1)
		if _, err := io.ReadFull(br, obj); err != nil {
			return w.unread(u.Path, err, "the rest was not scanned")
		}
		if err := w.member(u, name, size, content{head: obj[:size]}, depth); err != nil {
			return err
		}
	}
	return nil
}
