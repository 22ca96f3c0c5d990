package gitpack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxAlternateDepth is how deep git follows alternates of alternates.
const maxAlternateDepth = 5

// objectDirs lists the object directories to read: dir, then those its
// objects/info/alternates names (recursively), then those of env, the
// value of GIT_ALTERNATE_OBJECT_DIRECTORIES, with theirs. Each appears
// once; one that does not exist is passed over, as git does.
func objectDirs(dir, env string) ([]string, error) {
	var dirs []string
	seen := map[string]bool{}
	var visit func(d string, depth int) error
	visit = func(d string, depth int) error {
		abs, err := filepath.Abs(d)
		if err != nil {
			return err
		}
		abs = filepath.Clean(abs)
		if seen[abs] {
			return nil
		}
		seen[abs] = true
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			if depth == 0 {
				return fmt.Errorf("object directory %s: not a directory", d)
			}
			return nil
		}
		dirs = append(dirs, abs)
		data, err := os.ReadFile(filepath.Join(abs, "info", "alternates"))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading alternates: %w", err)
		}
		if depth >= maxAlternateDepth {
			return &UnsupportedError{What: fmt.Sprintf("alternates of %s are nested deeper than %d", abs, maxAlternateDepth)}
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" || line[0] == '#' {
				continue
			}
			if line[0] == '"' {
				if line, err = unquoteC(line); err != nil {
					return fmt.Errorf("alternates of %s: %w", abs, err)
				}
			}
			// Relative entries are relative to the directory that lists them.
			if !filepath.IsAbs(line) {
				line = filepath.Join(abs, line)
			}
			if err := visit(line, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(dir, 0); err != nil {
		return nil, err
	}
	for _, d := range splitAlternateEnv(env) {
		if err := visit(d, 1); err != nil {
			return nil, err
		}
	}
	return dirs, nil
}

// splitAlternateEnv splits GIT_ALTERNATE_OBJECT_DIRECTORIES at the path
// list separator; an entry that opens with a double quote is C-quoted and
// may hold the separator.
func splitAlternateEnv(env string) []string {
	var out []string
	for env != "" {
		if env[0] == '"' {
			end := closingQuote(env)
			if end > 0 {
				if s, err := unquoteC(env[:end+1]); err == nil {
					out = append(out, s)
					env = strings.TrimPrefix(env[end+1:], string(os.PathListSeparator))
					continue
				}
			}
		}
		entry, rest, _ := strings.Cut(env, string(os.PathListSeparator))
		if entry != "" {
			out = append(out, entry)
		}
		env = rest
	}
	return out
}

// closingQuote finds the quote that closes a C-quoted string, or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// unquoteC undoes git's C-style quoting of a path: the escapes \a \b \f
// \n \r \t \v \\ \" and three octal digits for any byte.
func unquoteC(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", fmt.Errorf("badly quoted path %q", s)
	}
	s = s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", fmt.Errorf("badly quoted path %q", s)
		}
		switch s[i] {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\', '"':
			b.WriteByte(s[i])
		default:
			if i+3 > len(s) {
				return "", fmt.Errorf("badly quoted path %q", s)
			}
			v, err := strconv.ParseUint(s[i:i+3], 8, 8)
			if err != nil {
				return "", fmt.Errorf("badly quoted path %q", s)
			}
			b.WriteByte(byte(v))
			i += 2
		}
	}
	return b.String(), nil
}
