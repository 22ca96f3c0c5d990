// Package trufflehog reads what a team switching from TruffleHog brings
// along and translates it into leakhound config: its custom detectors
// config (the --config file; docs/custom_detector.md and
// pkg/custom_detectors/custom_detectors.proto in TruffleHog's repository),
// its --exclude-paths and --include-paths files (one Go regular
// expression per line, matched anywhere in the path) and its
// --exclude-detectors names.
package trufflehog

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detectormap"
	"github.com/leakhound/leakhound/internal/regexconv"
	"github.com/leakhound/leakhound/internal/rule"
)

// Provider is the provider of imported custom detectors.
const Provider = "trufflehog"

// Detector is one custom detector of a TruffleHog config.
type Detector struct {
	Name                  string            `yaml:"name"`
	Description           string            `yaml:"description"`
	Keywords              []string          `yaml:"keywords"`
	Regex                 map[string]string `yaml:"regex"`
	PrimaryRegexName      string            `yaml:"primary_regex_name"`
	Entropy               float64           `yaml:"entropy"`
	ExcludeWords          []string          `yaml:"exclude_words"`
	ExcludeRegexesCapture []string          `yaml:"exclude_regexes_capture"`
	ExcludeRegexesMatch   []string          `yaml:"exclude_regexes_match"`
	Verify                []yaml.Node       `yaml:"verify"`
	Validations           yaml.Node         `yaml:"validations"`
	// Line is where the detector starts in the file.
	Line int `yaml:"-"`
}

// Input is everything a TruffleHog user configured.
type Input struct {
	Detectors        []Detector
	ExcludePaths     []Line
	IncludePaths     []Line
	ExcludeDetectors []string
}

// Line is an entry of a paths file with where it came from.
type Line struct {
	File  string
	N     int
	Value string
}

// IsConfig tells a custom detectors config (YAML with a detectors key)
// from a paths file.
func IsConfig(data []byte) bool {
	var probe map[string]yaml.Node
	if yaml.Unmarshal(data, &probe) != nil {
		return false
	}
	_, ok := probe["detectors"]
	return ok
}

// ReadConfig parses a custom detectors config strictly: an unknown key
// is an error naming its line, as TruffleHog rejects it too.
func ReadConfig(path string) ([]Detector, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Detectors []yaml.Node `yaml:"detectors"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Detector
	for _, n := range doc.Detectors {
		var d Detector
		if err := decodeStrict(&n, &d); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		d.Line = n.Line
		switch {
		case strings.TrimSpace(d.Name) == "":
			return nil, fmt.Errorf("%s: line %d: detector has no name", path, n.Line)
		case len(d.Regex) == 0:
			return nil, fmt.Errorf("%s: line %d: detector %q has no regex", path, n.Line, d.Name)
		}
		for name, re := range d.Regex {
			if _, err := regexp.Compile(re); err != nil {
				return nil, fmt.Errorf("%s: line %d: detector %q: regex %q: %v", path, n.Line, d.Name, name, err)
			}
		}
		if d.PrimaryRegexName != "" && d.Regex[d.PrimaryRegexName] == "" {
			return nil, fmt.Errorf("%s: line %d: detector %q: primary_regex_name %q is not one of its regexes", path, n.Line, d.Name, d.PrimaryRegexName)
		}
		out = append(out, d)
	}
	return out, nil
}

// decodeStrict decodes a node rejecting unknown keys (yaml.v3 checks
// them only through a Decoder).
func decodeStrict(n *yaml.Node, v any) error {
	data, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		// Lines in the error count from the detector's first line.
		return fmt.Errorf("detector at line %d: %w", n.Line, err)
	}
	return nil
}

// ReadPaths reads a paths file: one regex per line; blank lines and lines
// starting with # are skipped. A regex that does not compile is an error
// naming its line (TruffleHog stops on it too).
func ReadPaths(path string) ([]Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Line
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if _, err := regexp.Compile(s); err != nil {
			return nil, fmt.Errorf("%s:%d: %q is not a regular expression: %v", path, n, s, err)
		}
		out = append(out, Line{File: path, N: n, Value: s})
	}
	return out, sc.Err()
}

// Translate turns the input into leakhound config: custom detectors into
// custom rules, exclude-paths into a path allowlist, include-paths into
// excludes where each is a plain directory or file prefix, and excluded
// detectors into disabled rules. rules are the catalogue's.
func Translate(in *Input, rules []*rule.Rule) (*config.Config, []config.Note) {
	t := &translator{cfg: &config.Config{}}
	for _, d := range in.Detectors {
		t.detector(d)
	}
	if len(in.ExcludePaths) > 0 {
		a := config.Allowlist{Description: "TruffleHog --exclude-paths"}
		for _, l := range in.ExcludePaths {
			a.Paths = append(a.Paths, l.Value)
		}
		t.cfg.Allowlists = append(t.cfg.Allowlists, a)
		t.note("--exclude-paths", false, "%d %s: findings in matching paths are suppressed (the files are still read)", len(a.Paths), config.Plural(len(a.Paths), "regex", "regexes"))
	}
	t.include(in.IncludePaths)
	if len(in.ExcludeDetectors) > 0 {
		m := detectormap.New(rules)
		for _, name := range in.ExcludeDetectors {
			subject := fmt.Sprintf("--exclude-detectors %q", name)
			var text string
			var inexact bool
			t.cfg.Scan.DisabledRules, text, inexact = m.Disable(t.cfg.Scan.DisabledRules, name)
			t.note(subject, inexact, "%s", text)
		}
	}
	return t.cfg, t.notes
}

type translator struct {
	cfg   *config.Config
	notes config.Notes
}

func (t *translator) note(subject string, inexact bool, format string, args ...any) {
	t.notes.Add(subject, inexact, format, args...)
}

// detector makes a custom rule of a custom detector. TruffleHog runs the
// regexes over the whole chunk once a keyword is in it, so the rule is
// whole_file and exact, as imported gitleaks rules are.
func (t *translator) detector(d Detector) {
	subject := fmt.Sprintf("line %d: detector %q", d.Line, d.Name)
	names := make([]string, 0, len(d.Regex))
	for n := range d.Regex {
		names = append(names, n)
	}
	sort.Strings(names)
	primary := d.PrimaryRegexName
	if primary == "" {
		primary = names[0] // TruffleHog's default: the first name in sorted order
	}
	src := d.Regex[primary]
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		t.note(subject, true, "regex %q: %v; not carried over", primary, err)
		return
	}
	group := 0
	if re.MaxCap() > 0 {
		group = 1 // the first capture group holds the value TruffleHog reports
	}
	pattern, err := regexconv.NameSecretGroup(src, group)
	if err != nil {
		t.note(subject, true, "regex %q: %v; not carried over", primary, err)
		return
	}
	if d.Entropy < 0 || d.Entropy > 8 {
		t.note(subject, true, "entropy %.2f is outside 0..8; not carried over", d.Entropy)
		return
	}
	id := config.ImportID(Provider, d.Name, "detector", t.taken)
	cr := config.CustomRule{
		Rule: rule.Rule{
			ID: id, Name: d.Name, Aliases: []string{d.Name}, Severity: rule.SeverityHigh,
			Pattern: pattern, Entropy: d.Entropy, WholeFile: true, Exact: true,
		},
		ProviderID: Provider, ProviderName: "Imported from TruffleHog",
	}
	cr.Keywords = config.ImportKeywords(d.Keywords, subject, &t.notes)
	if len(names) > 1 {
		t.note(subject, true, "has %d regexes; TruffleHog reports only when each matches, leakhound's rule is its primary regex %q alone (it may find more)", len(names), primary)
	}
	if len(d.ExcludeWords) > 0 {
		cr.Allowlists = append(cr.Allowlists, config.Allowlist{Description: "exclude_words", Stopwords: d.ExcludeWords})
	}
	if len(d.ExcludeRegexesCapture) > 0 {
		cr.Allowlists = append(cr.Allowlists, config.Allowlist{Description: "exclude_regexes_capture", Regexes: d.ExcludeRegexesCapture})
	}
	if len(d.ExcludeRegexesMatch) > 0 {
		cr.Allowlists = append(cr.Allowlists, config.Allowlist{Description: "exclude_regexes_match", RegexTarget: "match", Regexes: d.ExcludeRegexesMatch})
	}
	for _, a := range cr.Allowlists {
		for _, e := range a.Regexes {
			if _, err := regexp.Compile(e); err != nil {
				t.note(subject, true, "%s %q: %v; the detector is not carried over", a.Description, e, err)
				return
			}
		}
	}
	if len(d.Verify) > 0 {
		t.note(subject, true, "its verify webhook is not carried over: leakhound does not call user endpoints, so its matches are reported without a validity verdict")
	}
	if !d.Validations.IsZero() {
		t.note(subject, true, "validations (character requirements on a match) are not carried over (it may find more)")
	}
	t.note(subject, false, "imported as %s", id)
	t.cfg.Rules = append(t.cfg.Rules, cr)
}

func (t *translator) taken(id string) bool {
	for _, r := range t.cfg.Rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// plainPrefix reads an include regex that names a directory or file
// prefix, ^src/app or ^src/app/, as that literal path.
var plainPrefix = regexp.MustCompile(`^\^((?:[A-Za-z0-9_\-]|\\\.)+(?:/(?:[A-Za-z0-9_\-]|\\\.)+)*)(/?)(?:\.\*)?$`)

// include carries --include-paths over as excludes: everything, but the
// named prefixes. Only plain prefixes can be written so; with any other
// regex the whole list is left out, and leakhound scans every path
// (it may find more, never less).
func (t *translator) include(lines []Line) {
	if len(lines) == 0 {
		return
	}
	var prefixes []string
	for _, l := range lines {
		m := plainPrefix.FindStringSubmatch(l.Value)
		if m == nil {
			t.note(fmt.Sprintf("--include-paths %s:%d", l.File, l.N), true, "%q is not a plain path prefix such as ^src/; the include list is not carried over and every path is scanned (it may find more)", l.Value)
			return
		}
		p := strings.ReplaceAll(m[1], `\.`, ".")
		if m[2] == "/" {
			p += "/" // a directory: ^src/ does not include srcgen/
		}
		prefixes = append(prefixes, p)
	}
	// Deeper prefixes first: a shorter one's re-include, written last,
	// must not be shut again by a deeper one's parent directory.
	sort.SliceStable(prefixes, func(i, j int) bool { return strings.Count(prefixes[i], "/") > strings.Count(prefixes[j], "/") })
	excludes := []string{"/*"}
	reopened := map[string]bool{}
	for _, p := range prefixes {
		dir := strings.HasSuffix(p, "/")
		p = strings.TrimSuffix(p, "/")
		parts := strings.Split(p, "/")
		// Re-include each parent directory, then shut its other entries,
		// so the walk reaches the prefix and nothing beside it.
		for i := 1; i < len(parts); i++ {
			parent := strings.Join(parts[:i], "/")
			if !reopened[parent] {
				reopened[parent] = true
				excludes = append(excludes, "!/"+parent+"/", "/"+parent+"/*")
			}
		}
		if dir {
			excludes = append(excludes, "!/"+p+"/")
		} else {
			// A regex prefix also matches longer names: ^src matches srcgen/.
			excludes = append(excludes, "!/"+p+"*")
		}
	}
	t.cfg.Scan.Exclude = append(t.cfg.Scan.Exclude, excludes...)
	t.note("--include-paths", false, "%d %s written as excludes of every other path", len(prefixes), config.Plural(len(prefixes), "prefix", "prefixes"))
}
