package detectsecrets

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/config"
)

// Translate turns the settings a baseline was made with into leakhound
// config: its file, line and secret filters into allowlists, its word
// list into stopwords. leakhound's catalogue stands in for its plugins
// and its own filters for the heuristic ones; the notes say so, and name
// what could not be carried over exactly. dir is where the baseline is,
// to find a word list named relative to it.
func Translate(b *Baseline, dir string) (*config.Config, []config.Note) {
	t := &translator{cfg: &config.Config{}}
	t.plugins(b.Plugins)
	var files, lines, secrets []string
	var others []string
	for _, f := range b.Filters {
		switch f.Path {
		case FilterExcludeFiles:
			files = append(files, f.Pattern...)
		case FilterExcludeLines:
			lines = append(lines, f.Pattern...)
		case FilterExcludeSecrets:
			secrets = append(secrets, f.Pattern...)
		case FilterWordList:
			t.wordList(f, dir)
		default:
			if strings.Contains(f.Path, "://") || strings.Contains(f.Path, "::") {
				t.note("filter "+f.Path, true, "a custom filter (code of your own) cannot be carried over")
				continue
			}
			others = append(others, strings.TrimPrefix(f.Path, "detect_secrets.filters."))
		}
	}
	if e := b.Exclude; e != nil {
		if e.Files != nil && *e.Files != "" {
			files = append(files, *e.Files)
		}
		if e.Lines != nil && *e.Lines != "" {
			lines = append(lines, *e.Lines)
		}
	}
	if len(others) > 0 {
		sort.Strings(others)
		t.note("filters", false, "leakhound's own filters (placeholders, references, templates, inline allow comments, its own baseline files) stand in for %s", strings.Join(others, ", "))
	}
	t.list("--exclude-files", "", files, func(a *config.Allowlist, res []string) { a.Paths = res })
	t.list("--exclude-lines", "line", lines, func(a *config.Allowlist, res []string) { a.Regexes = res })
	t.list("--exclude-secrets", "", secrets, func(a *config.Allowlist, res []string) { a.Regexes = res })
	if n := len(b.Secrets()); n > 0 {
		t.note("results", false, "the %d recorded %s stay in the baseline, which leakhound reads as suppressions at the scanned root (or with --baseline)", n, config.Plural(n, "secret", "secrets"))
	}
	return t.cfg, t.notes
}

type translator struct {
	cfg   *config.Config
	notes []config.Note
}

func (t *translator) note(subject string, inexact bool, format string, args ...any) {
	t.notes = append(t.notes, config.Note{Subject: subject, Text: fmt.Sprintf(format, args...), Inexact: inexact})
}

// plugins notes how the baseline's detectors are carried over: leakhound's
// catalogue stands in for them; settings that change what they find are
// named.
func (t *translator) plugins(plugins []map[string]any) {
	var names []string
	for _, p := range plugins {
		name, _ := p["name"].(string)
		if path, ok := p["path"].(string); ok && name == "" {
			t.note("plugin "+path, true, "a custom plugin (code of your own) cannot be carried over")
			continue
		}
		names = append(names, name)
		if ex, ok := p["keyword_exclude"].(string); ok && ex != "" {
			t.note("plugin "+name, true, "keyword_exclude %q is not carried over: leakhound reads names with rules of its own", ex)
		}
	}
	if len(names) > 0 {
		sort.Strings(names)
		t.note("plugins", false, "leakhound's catalogue stands in for %s (entropy limits included: its rules set their own)", strings.Join(names, ", "))
	}
}

// list adds an allowlist of the patterns that RE2 reads as Python does;
// the others are named and left out (which reports more, never less).
func (t *translator) list(flag, target string, patterns []string, set func(*config.Allowlist, []string)) {
	var ok []string
	for _, p := range patterns {
		re, note, err := pythonRegex(p)
		if err != nil {
			t.note(flag+" "+p, true, "does not compile in RE2: %v; not carried over", err)
			continue
		}
		if note != "" {
			// Worth knowing, but paths and secrets are ASCII nearly always:
			// not counted as a difference.
			t.note(flag+" "+p, false, "%s", note)
		}
		ok = append(ok, re)
	}
	if len(ok) == 0 {
		return
	}
	a := config.Allowlist{Description: "detect-secrets " + flag, RegexTarget: target}
	set(&a, ok)
	t.cfg.Allowlists = append(t.cfg.Allowlists, a)
}

// pythonRegex rewrites a Python regex for RE2 where their syntax differs
// but their meaning does not (\Z is \z), and says where the meaning may
// differ: Python's \d, \w, \s and \b match Unicode text, RE2's ASCII.
func pythonRegex(p string) (string, string, error) {
	var b strings.Builder
	unicode := false
	for i := 0; i < len(p); i++ {
		if p[i] != '\\' || i+1 == len(p) {
			b.WriteByte(p[i])
			continue
		}
		next := p[i+1]
		switch next {
		case 'Z':
			b.WriteString(`\z`)
		default:
			if strings.IndexByte("dwsbDWSB", next) >= 0 {
				unicode = true
			}
			b.WriteByte('\\')
			b.WriteByte(next)
		}
		i++
	}
	out := b.String()
	if _, err := regexp.Compile(out); err != nil {
		return "", "", err
	}
	note := ""
	if unicode {
		note = `\d, \w, \s and \b match only ASCII in RE2, any Unicode letter or digit in Python: text that is not ASCII may be treated differently`
	}
	return out, note, nil
}

// wordList carries a word list over as stopwords: detect-secrets drops a
// secret that contains one of its words (of at least min_length bytes),
// in any case.
func (t *translator) wordList(f Filter, dir string) {
	subject := "word list " + f.FileName
	if f.FileName == "" {
		t.note("word list", true, "the baseline names no word list file; not carried over")
		return
	}
	path := f.FileName
	if !filepath.IsAbs(path) {
		if near := filepath.Join(dir, path); fileExists(near) {
			path = near
		}
	}
	file, err := os.Open(path)
	if err != nil {
		t.note(subject, true, "cannot be read (%v); not carried over", err)
		return
	}
	defer file.Close()
	minLen := f.MinLength
	if minLen == 0 {
		minLen = 3
	}
	var words []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		if w := strings.ToLower(strings.TrimSpace(sc.Text())); len(w) >= minLen {
			words = append(words, w)
		}
	}
	if err := sc.Err(); err != nil {
		t.note(subject, true, "reading it failed (%v); not carried over", err)
		return
	}
	if len(words) == 0 {
		t.note(subject, false, "holds no word of %d bytes or more", minLen)
		return
	}
	t.cfg.Allowlists = append(t.cfg.Allowlists, config.Allowlist{Description: "detect-secrets --word-list " + f.FileName, Stopwords: words})
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
