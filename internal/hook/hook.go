// Package hook installs and removes leakhound's git hooks. An existing hook
// is kept and chained (run first, its failure stops the commit or push),
// never overwritten.
package hook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marker identifies a hook script leakhound wrote.
const Marker = "# leakhound hook: installed by `leakhound hook install`"

// chainedSuffix is where a pre-existing hook is moved to.
const chainedSuffix = ".leakhound-chained"

// Kinds maps a hook name to the leakhound command it runs.
var Kinds = map[string]string{
	"pre-commit": "scan staged --no-progress",
	"pre-push":   "scan pre-push --no-progress",
}

// Script is the hook for a kind. binary is the leakhound to run; the
// LEAKHOUND variable overrides it at run time. pre-push hooks read their
// input twice (for a chained hook and for leakhound), so it is kept.
//
// A global hook (core.hooksPath) also runs the repository's own hook of
// the same kind, which git would otherwise skip.
func Script(kind, binary string, global bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n%s\n", Marker)
	fmt.Fprintf(&b, "leakhound=${LEAKHOUND:-%s}\n", shellQuote(binary))
	b.WriteString("hook_dir=$(dirname \"$0\")\n")
	chained := "\"$hook_dir/" + kind + chainedSuffix + "\""
	if global {
		fmt.Fprintf(&b, "repo_hook=\"$(git rev-parse --git-dir)/hooks/%s\"\n", kind)
		if kind == "pre-push" {
			b.WriteString("input=$(cat)\n")
			b.WriteString("if [ -x \"$repo_hook\" ]; then printf '%s\\n' \"$input\" | \"$repo_hook\" \"$@\" || exit $?; fi\n")
			fmt.Fprintf(&b, "if [ -x %s ]; then printf '%%s\\n' \"$input\" | %s \"$@\" || exit $?; fi\n", chained, chained)
			fmt.Fprintf(&b, "printf '%%s\\n' \"$input\" | \"$leakhound\" %s \"$@\"\n", Kinds[kind])
			return b.String()
		}
		b.WriteString("if [ -x \"$repo_hook\" ]; then \"$repo_hook\" \"$@\" || exit $?; fi\n")
	}
	if kind == "pre-push" {
		b.WriteString("input=$(cat)\n")
		fmt.Fprintf(&b, "if [ -x %s ]; then printf '%%s\\n' \"$input\" | %s \"$@\" || exit $?; fi\n", chained, chained)
		fmt.Fprintf(&b, "printf '%%s\\n' \"$input\" | \"$leakhound\" %s \"$@\"\n", Kinds[kind])
		return b.String()
	}
	fmt.Fprintf(&b, "if [ -x %s ]; then %s \"$@\" || exit $?; fi\n", chained, chained)
	fmt.Fprintf(&b, "exec \"$leakhound\" %s\n", Kinds[kind])
	return b.String()
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Install writes the hook of kind into dir, moving an existing foreign
// hook aside to be chained. Installing twice updates the script.
func Install(dir, kind, binary string, global bool) (chained bool, err error) {
	if _, ok := Kinds[kind]; !ok {
		return false, fmt.Errorf("unknown hook %q", kind)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	path := filepath.Join(dir, kind)
	existing, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return false, err
	case !bytes.Contains(existing, []byte(Marker)):
		if _, err := os.Stat(path + chainedSuffix); err == nil {
			return false, fmt.Errorf("%s exists and so does %s: resolve by hand", path, path+chainedSuffix)
		}
		if err := os.Rename(path, path+chainedSuffix); err != nil {
			return false, err
		}
		chained = true
	}
	if _, err := os.Stat(path + chainedSuffix); err == nil {
		chained = true
	}
	tmp := path + ".leakhound-tmp"
	if err := os.WriteFile(tmp, []byte(Script(kind, binary, global)), 0o755); err != nil {
		return false, err
	}
	return chained, os.Rename(tmp, path)
}

// Uninstall removes leakhound's hook of kind from dir and puts a chained
// hook back. A hook leakhound did not write is left alone.
func Uninstall(dir, kind string) (removed bool, err error) {
	path := filepath.Join(dir, kind)
	existing, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !bytes.Contains(existing, []byte(Marker)) {
		return false, nil
	}
	if err := os.Remove(path); err != nil {
		return false, err
	}
	if _, err := os.Stat(path + chainedSuffix); err == nil {
		if err := os.Rename(path+chainedSuffix, path); err != nil {
			return true, err
		}
	}
	return true, nil
}
