package source

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadRevisions returns the content of files at revisions ("commit:path"
// specs, read with one git cat-file --batch), for the specs that name a
// blob of at most maxSize bytes: others are absent from the result, as is
// everything when repo is not a git repository.
func ReadRevisions(ctx context.Context, repo string, specs []string, maxSize int64) (map[string][]byte, error) {
	out := map[string][]byte{}
	if len(specs) == 0 {
		return out, nil
	}
	g := &Git{Repo: repo}
	if g.check(ctx) != nil {
		return out, nil
	}
	cmd := g.command(ctx, "cat-file", "--batch")
	var input strings.Builder
	var asked []string
	for _, s := range specs {
		if strings.ContainsAny(s, "\n\r") {
			continue
		}
		input.WriteString(s + "\n")
		asked = append(asked, s)
	}
	cmd.Stdin = strings.NewReader(input.String())
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting git cat-file: %w", err)
	}
	br := bufio.NewReader(stdout)
	readErr := func() error {
		for _, spec := range asked {
			header, err := br.ReadString('\n')
			if err != nil {
				return fmt.Errorf("reading git cat-file output: %w", err)
			}
			f := strings.Fields(header)
			if len(f) != 3 {
				continue // "<spec> missing" or "ambiguous"
			}
			size, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil {
				return fmt.Errorf("unexpected git cat-file header %q", strings.TrimSpace(header))
			}
			if f[1] != "blob" || maxSize > 0 && size > maxSize {
				if _, err := br.Discard(int(size) + 1); err != nil {
					return err
				}
				continue
			}
			data := make([]byte, size+1)
			if _, err := io.ReadFull(br, data); err != nil {
				return fmt.Errorf("reading %s: %w", spec, err)
			}
			out[spec] = data[:size]
		}
		return nil
	}()
	if readErr != nil {
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if waitErr != nil {
		return nil, fmt.Errorf("git cat-file failed: %s", gitMessage([]byte(stderr.String())))
	}
	return out, nil
}

// NotFiles returns which of names rev holds as something other than a
// file, each with what it is: a symbolic link (whose blob is its link's
// text, not a file's content), a folder or a submodule. A rev with no
// tree holds none of them.
func NotFiles(ctx context.Context, repo, rev string, names []string) (map[string]string, error) {
	out := map[string]string{}
	if len(names) == 0 {
		return out, nil
	}
	g := &Git{Repo: repo}
	tree, err := g.output(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{tree}")
	if err != nil {
		// No tree (a pushed tag of a blob): no file is read at rev.
		return out, nil
	}
	// <mode> SP <type> SP <oid> TAB <path>, NUL-terminated.
	list, err := g.output(ctx, append([]string{"ls-tree", "-z", "--full-tree", strings.TrimSpace(string(tree)), "--"}, names...)...)
	if err != nil {
		return nil, err
	}
	for _, rec := range strings.Split(string(list), "\x00") {
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			continue
		}
		switch f[0] {
		case "120000":
			out[path] = "a symbolic link"
		case "040000":
			out[path] = "a folder"
		case "160000":
			out[path] = "a submodule"
		}
	}
	return out, nil
}
