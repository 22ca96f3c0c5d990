// Package corpus generates an evaluation corpus for secret scanners: a tree
// of realistic files (and, on request, a git history) in which credentials
// are planted in many context shapes, syntaxes and file types, next to
// decoys that look like credentials but are not, with a truth file that
// says where each one is. The same seed gives the same corpus; values are
// random per seed and follow each vendor's documented format.
package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/leakhound/leakhound/internal/testutil"
)

// Classes of planted values.
const (
	ClassPrefixed   = "prefixed"   // provider token with a unique prefix
	ClassUnprefixed = "unprefixed" // provider token that needs context
	ClassGeneric    = "generic"    // credential without a vendor
	ClassDecoy      = "decoy"      // looks like a credential, is not one
	ClassFixture    = "fixture"    // obvious fake value in a test file: scored apart
)

// Truth is one planted value, one line of the truth file.
type Truth struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`               // 1-based line of the value's start
	EndLine int    `json:"end_line,omitempty"` // last line of a multi-line value
	Secret  string `json:"secret"`
	// Other spellings a scanner may report: the value as escaped in the
	// file, or decoded (basic-auth base64).
	Alt []string `json:"alt_secrets,omitempty"`
	// Expect is the provider a finding should name (leakhound's provider
	// ids: postmark, aws...) or the generic family (generic-password,
	// generic-connection-string...). For decoys, what it imitates.
	Expect   string   `json:"expect"`
	Class    string   `json:"class"`
	Shape    string   `json:"shape"`             // context shape, generic syntax family, or decoy kind
	Variant  string   `json:"variant,omitempty"` // finer detail: token kind, syntax, distance
	Format   string   `json:"format"`            // file type
	Decoy    bool     `json:"decoy"`
	Weak     bool     `json:"weak,omitempty"`      // a weak, common password (still a leak)
	TestDir  bool     `json:"test_dir,omitempty"`  // a real secret in a test directory
	Key      string   `json:"key,omitempty"`       // dotted key path the value sits under
	History  string   `json:"history,omitempty"`   // git only: how history hides it
	Commit   string   `json:"commit,omitempty"`    // git only: the commit that adds it
	AltPaths []string `json:"alt_paths,omitempty"` // git only: the same blob at other paths
}

// Positive reports whether a scanner should find t.
func (t Truth) Positive() bool { return !t.Decoy && t.Class != ClassFixture }

// File is one generated file.
type File struct {
	Path    string
	Content []byte
}

// Corpus is a generated tree and what was planted in it.
type Corpus struct {
	Seed  uint64
	Files []File
	Truth []Truth
	// history holds the cases only the git variant plants.
	history []historyCase
}

// Options size a corpus.
type Options struct {
	Seed  uint64
	Scale float64 // 1 gives a few thousand cases of each polarity
}

// Generate builds the corpus for opt.
func Generate(opt Options) (*Corpus, error) {
	if opt.Scale <= 0 {
		return nil, fmt.Errorf("scale must be positive, got %v", opt.Scale)
	}
	b := &builder{g: gen{testutil.NewGen(opt.Seed)}, scale: opt.Scale, c: &Corpus{Seed: opt.Seed}, paths: map[string]bool{}}
	b.unprefixed()
	b.prefixed()
	b.generic()
	b.decoys()
	b.fixtures()
	b.historyCases()
	// Last, so that adding them left the cases before as they were.
	b.contextCases()
	b.genericShapes()
	b.genericShapeDecoys()
	b.configShapes()
	b.configShapeDecoys()
	b.plantLayoutShapes()
	b.plantDepthShapes()
	b.plantAwayShapes()
	b.providerLabelDecoys()
	b.labelBelowCases()
	b.noteLabelCases()
	b.serviceShapes()
	b.plantTextShapes()
	b.plantCallShapes()
	b.plantBenchmarkShapes()
	b.plantHandoverShapes()
	b.plantLettersShapes()
	b.plantOTPShapes()
	b.plantHexTokenShapes()
	if b.err != nil {
		return nil, b.err
	}
	return b.c, nil
}

// mark is a value planted in a file, before its line is known.
type mark struct {
	value   string // the truth's secret
	find    string // what is written in the file, when it differs from value
	alt     []string
	expect  string
	class   string
	shape   string
	variant string
	key     string
	weak    bool
	line    int // known 1-based line, for values that are not unique (decoys)
}

type builder struct {
	g     gen
	scale float64
	c     *Corpus
	paths map[string]bool
	svcN  int
	err   error
}

// n scales a base count, never below one.
func (b *builder) n(base int) int {
	return max(1, int(math.Round(float64(base)*b.scale)))
}

var (
	teams    = []string{"payments", "platform", "growth", "data", "identity", "messaging", "infra", "mobile", "search", "ops", "billing", "core"}
	services = []string{"notifier", "ledger", "gateway", "checkout", "mailer", "reports", "scheduler", "importer", "webhooks", "catalog", "pricing", "sso", "audit", "alerts", "uploader", "sync", "crm", "invoicing", "onboarding", "shipping", "loyalty", "inventory", "analytics", "backoffice"}
	envs     = []string{"production", "staging", "prod", "dev", "eu", "us-east"}
)

// svc returns a fresh service directory: each case lives in its own, so
// context from one case never reaches another.
func (b *builder) svc() (dir, name string) {
	b.svcN++
	name = b.g.pick(services...)
	return fmt.Sprintf("%s/%s-%04d", b.g.pick(teams...), name, b.svcN), name
}

// add writes a file and records its marks with their lines. Every mark
// must be found exactly once, or the generator is wrong.
func (b *builder) add(path, format string, lines []string, marks []mark, testDir bool) {
	if b.err != nil {
		return
	}
	if b.paths[path] {
		b.err = fmt.Errorf("corpus: path %s generated twice", path)
		return
	}
	b.paths[path] = true
	content := strings.Join(lines, "\n")
	if !strings.HasSuffix(content, "\n") {
		content += "\n"
	}
	b.c.Files = append(b.c.Files, File{Path: path, Content: []byte(content)})
	for _, m := range marks {
		t, err := locate(content, m)
		if err != nil {
			b.err = fmt.Errorf("corpus: %s: %v", path, err)
			return
		}
		t.Path, t.Format, t.TestDir = path, format, testDir && m.class != ClassDecoy && m.class != ClassFixture
		b.c.Truth = append(b.c.Truth, t)
	}
}

// locate finds m in content: as written, JSON- or XML-escaped, or line by
// line for a multi-line value that the file indents.
func locate(content string, m mark) (Truth, error) {
	t := Truth{Secret: m.value, Alt: m.alt, Expect: m.expect, Class: m.class, Shape: m.shape, Variant: m.variant, Key: m.key, Weak: m.weak, Decoy: m.class == ClassDecoy}
	if m.line > 0 {
		lines := strings.Split(content, "\n")
		if m.line > len(lines) || (m.find != "" && !strings.Contains(lines[m.line-1], m.find)) {
			return t, fmt.Errorf("line %d does not hold %q (%s/%s)", m.line, m.find, m.class, m.shape)
		}
		t.Line = m.line
		return t, nil
	}
	find := m.find
	if find == "" {
		find = m.value
	}
	jsonForm := jsonString(find)
	for _, form := range []string{find, jsonForm[1 : len(jsonForm)-1], xmlEscape(find)} {
		if n := strings.Count(content, form); n == 1 {
			i := strings.Index(content, form)
			t.Line = strings.Count(content[:i], "\n") + 1
			if k := strings.Count(strings.TrimRight(form, "\n"), "\n"); k > 0 {
				t.EndLine = t.Line + k
			}
			if form != m.value && !contains(t.Alt, form) {
				t.Alt = append(t.Alt, form)
			}
			return t, nil
		} else if n > 1 {
			return t, fmt.Errorf("%q (%s/%s) occurs %d times", form, m.class, m.shape, n)
		}
	}
	// A multi-line value indented by the file (YAML block, XML, heredoc).
	want := strings.Split(strings.TrimRight(find, "\n"), "\n")
	if len(want) > 1 {
		lines := strings.Split(content, "\n")
		for i := 0; i+len(want) <= len(lines); i++ {
			ok := true
			last := len(want) - 1
			for j, w := range want {
				got, w := strings.TrimSpace(lines[i+j]), strings.TrimSpace(w)
				// The first line may follow code (`key := []byte(`), the
				// last may precede it (a closing quote).
				if !(got == w || j == 0 && strings.HasSuffix(got, w) || j == last && strings.HasPrefix(got, w)) {
					ok = false
					break
				}
			}
			if ok {
				t.Line, t.EndLine = i+1, i+len(want)
				return t, nil
			}
		}
	}
	return t, fmt.Errorf("%q (%s/%s) not found", find, m.class, m.shape)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// WriteDir writes the corpus's files under dir.
func (c *Corpus) WriteDir(dir string) error {
	for _, f := range c.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteTruth writes truth as JSON lines, sorted by path and line.
func WriteTruth(w io.Writer, truth []Truth) error {
	sorted := append([]Truth(nil), truth...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Path != sorted[j].Path {
			return sorted[i].Path < sorted[j].Path
		}
		return sorted[i].Line < sorted[j].Line
	})
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, t := range sorted {
		if err := enc.Encode(t); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteTruthFile writes truth to a new file at path.
func WriteTruthFile(path string, truth []Truth) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteTruth(f, truth); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadTruth reads a truth file written by WriteTruth.
func ReadTruth(r io.Reader) ([]Truth, error) {
	var out []Truth
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var t Truth
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			return nil, fmt.Errorf("truth line %d: %v", n, err)
		}
		out = append(out, t)
	}
	return out, sc.Err()
}
