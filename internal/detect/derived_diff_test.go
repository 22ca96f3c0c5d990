package detect

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/corpus"
	"github.com/leakhound/leakhound/internal/testutil"
)

// A differential test of ScanDerived against ScanFile: chains of versions
// of real files (the evaluation corpus, with its planted secrets and
// decoys, and Go's own sources), each version made from the last by the
// edits that change what the engine reads far from a keyword hit, and
// every finding of every version compared. Whatever ScanDerived takes
// from a version's base instead of working it out again must leave the
// findings exactly as a full scan of the same bytes has them.

// versionBuilder makes a version of base from pieces, recording the
// ranges it copies as a delta would.
type versionBuilder struct {
	base   []byte
	out    []byte
	copies []Copied
}

func (v *versionBuilder) copy(from, to int) {
	if to <= from {
		return
	}
	v.copies = append(v.copies, Copied{At: len(v.out), From: from, Len: to - from})
	v.out = append(v.out, v.base[from:to]...)
}

func (v *versionBuilder) insert(s string) { v.out = append(v.out, s...) }

// lineStarts returns the offsets at which data's lines start.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' && i+1 < len(data) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// contextEdits are lines that change how far-away values read: a heading
// naming a provider, an SQL insert, a label above a value, escapes, a
// closing quote, an allow marker, a key above a nested value, base64.
func contextEdits(g *testutil.Gen) []string {
	return []string{
		"# Postmark\n",
		"## Twilio settings\n",
		"INSERT INTO credentials (name, secret) VALUES\n",
		"password:\n",
		"api_key =\n",
		`  "token": "\x41\x42\u0043` + "\"\n",
		"\"\n",
		"'''\n",
		"// leakhound:allow\n",
		"# pragma: allowlist nextline secret\n",
		"stripe:\n  live:\n",
		"-----BEGIN RSA PRIVATE KEY-----\n",
		"Authorization: Bearer\n",
		"data = \"" + g.String(testutil.Base62+"+/", 120) + "\"\n",
		"const postmark = require('postmark');\n",
		"\tsecret := \"\\u0070\\u0061\\u0073\\u0073" + g.String(testutil.Base62, 20) + "\"\n",
		"`\n",
		"*/\n",
	}
}

// secretLines are lines holding a secret of a provider or a generic one.
func secretLines(g *testutil.Gen) []string {
	return append(versionLines(g),
		g.UUID()+"\n",
		"  server_token: "+g.UUID(),
		"SECRET_KEY = '"+g.String(testutil.Base62+"!@#%^&*(-_=+)", 50)+"'",
		"key: "+g.String(testutil.Base62, 40),
		"\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n"+g.String(testutil.Base62+"+/", 64)+"\\n-----END PRIVATE KEY-----\\n\"",
	)
}

// settingValues are new values for a setting: secrets of several shapes,
// quoted or not.
func settingValues(g *testutil.Gen) []string {
	return []string{
		" " + g.UUID(),
		` "` + g.UUID() + `"`,
		" '" + g.String(testutil.Base62, 32) + "'",
		` "` + g.String(testutil.Base62+"!#%&*", 18) + `",`,
		" " + g.GitHubToken("ghp_"),
		" " + g.AWSSecret(),
	}
}

// nextVersion returns a new version of base and its copies: one to three
// edits of the kinds a history holds, at line boundaries or anywhere.
func nextVersion(g *testutil.Gen, base []byte, context, secrets, values []string) ([]byte, []Copied) {
	starts := lineStarts(base)
	at := func() int {
		if g.IntN(4) == 0 {
			return g.IntN(len(base) + 1)
		}
		return starts[g.IntN(len(starts))]
	}
	// The edits, as ranges of base replaced by new text, in order.
	type edit struct {
		from, to int
		text     string
	}
	var edits []edit
	for range 1 + g.IntN(3) {
		p := at()
		switch g.IntN(9) {
		case 0, 1:
			edits = append(edits, edit{p, p, context[g.IntN(len(context))]})
		case 2, 3:
			edits = append(edits, edit{p, p, secrets[g.IntN(len(secrets))] + "\n"})
		case 4: // delete up to a few lines
			q := min(len(base), p+1+g.IntN(300))
			edits = append(edits, edit{p, q, ""})
		case 5: // change a byte or a few
			q := min(len(base), p+1+g.IntN(4))
			edits = append(edits, edit{p, q, g.String(testutil.Base62+" \n=:\"'\\", 1+g.IntN(6))})
		case 7: // set the value of a line's setting, as a rotation does
			line := starts[g.IntN(len(starts))]
			end := bytes.IndexByte(base[line:], '\n')
			if end < 0 {
				end = len(base) - line
			}
			v := bytes.IndexAny(base[line:line+end], "=:")
			if v < 0 {
				continue
			}
			edits = append(edits, edit{line + v + 1, line + end, values[g.IntN(len(values))]})
		case 8: // put a secret where one was taken out
			if i := bytes.Index(base[p:], []byte(placeholder)); i >= 0 {
				edits = append(edits, edit{p + i, p + i + len(placeholder), strings.Trim(values[g.IntN(len(values))], ` "',`)})
			}
		case 6: // move a block of lines elsewhere
			q := min(len(base), p+1+g.IntN(2000))
			r := at()
			if r >= p && r <= q {
				continue
			}
			edits = append(edits, edit{p, q, ""}, edit{r, r, string(base[p:q])})
		}
	}
	// Apply in order of place; overlapping edits keep the first.
	slices.SortStableFunc(edits, func(a, b edit) int { return a.from - b.from })
	v := versionBuilder{base: base}
	next := 0
	for _, e := range edits {
		if e.from < next {
			continue
		}
		// A delta copies long runs; cut the copy now and then anyway, as
		// git's deltas do where its index finds another match.
		if e.from-next > 4000 && g.IntN(3) == 0 {
			mid := next + g.IntN(e.from-next)
			v.copy(next, mid)
			v.copy(mid, e.from)
		} else {
			v.copy(next, e.from)
		}
		v.insert(e.text)
		next = e.to
	}
	v.copy(next, len(base))
	return v.out, v.copies
}

// diffUnit is a file whose versions the test makes.
type diffUnit struct {
	name string
	data []byte
}

// diffUnits returns files of the evaluation corpus, some joined into
// larger ones (far reaches only matter in large files), and Go sources.
func diffUnits(t *testing.T, s *Scanner, g *testutil.Gen, n int) []diffUnit {
	c, err := corpus.Generate(corpus.Options{Seed: 11, Scale: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	var units []diffUnit
	for i := 0; i < n && len(c.Files) > 0; i++ {
		f := c.Files[g.IntN(len(c.Files))]
		data := bytes.Clone(f.Content)
		if i%3 == 0 {
			// Grow it past the far reaches (64 KB) with files of the
			// same kind, so edits can fall far from its values.
			for k := 0; len(data) < 70<<10 && k < 200; k++ {
				o := c.Files[g.IntN(len(c.Files))]
				if filepath.Ext(o.Path) == filepath.Ext(f.Path) {
					data = append(append(data, '\n'), o.Content...)
				}
			}
		}
		units = append(units, diffUnit{f.Path, data})
		if q := quieted(s, f.Path, data); q != nil {
			units = append(units, diffUnit{f.Path, q})
		}
	}
	src := filepath.Join(runtime.GOROOT(), "src", "net", "http")
	entries, _ := os.ReadDir(src)
	for i, e := range entries {
		if i%7 != 0 || e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err == nil && len(data) > 0 {
			units = append(units, diffUnit{"net/http/" + e.Name(), data})
		}
	}
	return units
}

// quieted returns data with each finding's secret (and each candidate a
// rule rejected) replaced by a placeholder, so that what is left are
// decoys and the context of the values: the base a carried scan starts
// from. It returns nil when that does not leave a quiet unit.
func quieted(s *Scanner, name string, data []byte) []byte {
	for range 8 {
		ms := s.ScanFile(name, data)
		if quiet(s, ms) {
			return data
		}
		spans := s.vetoes
		for _, m := range ms {
			spans = append(spans, span{start: m.Start, end: m.End})
		}
		slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
		var out []byte
		next := 0
		for _, sp := range spans {
			if sp.start < next || sp.end > len(data) {
				continue
			}
			out = append(append(out, data[next:sp.start]...), placeholder...)
			next = sp.end
		}
		data = append(out, data[next:]...)
	}
	return nil
}

// placeholder stands for a secret taken out of a file.
const placeholder = "changeme"

// quiet tells whether the scan that returned ms found nothing, not even
// a candidate a provider rule rejected.
func quiet(s *Scanner, ms []Match) bool {
	return len(ms) == 0 && len(s.vetoes) == 0 && !s.unit.binary
}

// diffChains scans chains of versions of each unit both ways and returns
// the first difference, or "" when every version's findings agree.
func diffChains(s, full *Scanner, units []diffUnit, g *testutil.Gen, steps int) (string, int) {
	context, secrets, values := contextEdits(g), secretLines(g), settingValues(g)
	found := 0
	for _, u := range units {
		// A version that found nothing is kept as a base for later ones:
		// git deltas a version against any similar one, and a scan that
		// takes results from its base has most to take from those.
		var base, quietBase Prefilter
		version := u.data
		quietVersion := []byte(nil)
		if ms := s.ScanDerived(u.name, version, nil, nil, &base); quiet(s, ms) {
			quietVersion, quietBase = version, base
		}
		for step := range steps {
			if quietVersion != nil && g.IntN(2) == 0 {
				version, base = quietVersion, quietBase
			}
			next, copies := nextVersion(g, version, context, secrets, values)
			want := full.ScanFile(u.name, next)
			var keep Prefilter
			got := s.ScanDerived(u.name, next, &base, copies, &keep)
			if !reflect.DeepEqual(got, want) {
				return fmt.Sprintf("%s, version %d (%d bytes): derived scan\n%s\nfull scan\n%s", u.name, step+1, len(next), describe(got), describe(want)), found
			}
			found += len(want)
			if quiet(full, want) {
				// keep is this version's own: the next fills a new one.
				quietVersion, quietBase = next, keep
			}
			version, base = next, keep
		}
	}
	return "", found
}

func countQuiet(s *Scanner, units []diffUnit) int {
	n := 0
	for _, u := range units {
		if quiet(s, s.ScanFile(u.name, u.data)) {
			n++
		}
	}
	return n
}

func describe(ms []Match) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "  %s %d:%d [%d,%d) %s %q key %q\n", m.Rule.ID, m.Line, m.Column, m.Start, m.End, m.Confidence, m.Note, m.KeyPath)
	}
	return b.String()
}

// Version chains of real files, edited near and far from their values,
// are scanned by ScanDerived exactly as ScanFile scans each version.
func TestDerivedScanMatchesFullScanOnEditedFiles(t *testing.T) {
	e := CatalogueEngineForTest(t)
	g := testutil.NewGen(14)
	n, steps := 240, 12
	if testing.Short() {
		n, steps = 40, 6
	}
	units := diffUnits(t, e.NewScanner(), g, n)
	if q := countQuiet(e.NewScanner(), units); q < n/4 {
		t.Fatalf("%d of %d units found nothing: too few quiet bases, from which a scan could carry", q, len(units))
	}
	diff, found := diffChains(e.NewScanner(), e.NewScanner(), units, g, steps)
	if diff != "" {
		t.Fatal(diff)
	}
	// The chains must hold findings, or they test nothing.
	if found < 100*steps {
		t.Fatalf("%d findings in %d units' versions: too few to compare", found, len(units))
	}
	t.Logf("%d units, %d versions each, %d findings compared", len(units), steps, found)
}

// farEdits are versions of quiet files whose one edit makes a finding of
// a value whose keyword, or the evidence it needs, lies far from the
// edited bytes: what a scan that carried results from the base must
// still see. Each was missed by a prototype that re-evaluated only the
// hits within 512 bytes of an edit, the 4096-bit key also by one that
// kept every hit as evidence and re-evaluated those within 2 KB.
var farEdits = []struct{ name, base, old, new string }{
	// The provider's client call, 900 bytes below the value, is the
	// evidence that the value is a Postmark token.
	{"app/mail.js", "let token = \"changeme\";\n" + strings.Repeat("let someOtherVariableName = computeTheValue(1, 2, 3) + 42;\n", 15) +
		"const client = new postmark.ServerClient(token);\n", "changeme", "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2"},
	{"app/mail.js", "const client = new postmark.ServerClient(token);\n" + strings.Repeat("let someOtherVariableName = computeTheValue(1, 2, 3) + 42;\n", 15) +
		"let token = \"changeme\";\n", "changeme", "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2"},
	// A private key's end, 1.3 KB and (a 4096-bit key) 3.2 KB after the
	// keyword its rule starts at: a rule's window reaches 13 KB.
	{"keys/id.txt", "-----BEGIN RSA PRIVATE KEY-----\n" + strings.Repeat("MIIEowIBAAKCAQEAvT7qx4Q2Jm8Lr1Xk9wPz0YfN3b6HcUe5dKsG2aVtR8iLyOqM\n", 20) +
		"BODY\n", "BODY", "-----END RSA PRIVATE KEY-----"},
	{"keys/id4096.txt", "-----BEGIN RSA PRIVATE KEY-----\n" + strings.Repeat("MIIJKAIBAAKCAgEAvT7qx4Q2Jm8Lr1Xk9wPz0YfN3b6HcUe5dKsG2aVtR8iLyOqM\n", 50) +
		"BODY\n", "BODY", "-----END RSA PRIVATE KEY-----"},
	// A heading naming the provider 600 bytes above the setting.
	{"config/app.env", "# Postmark " + strings.Repeat("x", 600) + "\nSERVER_TOKEN=changeme\n", "changeme", "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2"},
}

// Each far edit, scanned derived from its quiet base, gives what a full
// scan gives: the finding the edit makes.
func TestDerivedScanSeesFarEvidence(t *testing.T) {
	e := CatalogueEngineForTest(t)
	full := e.NewScanner()
	for _, c := range farEdits {
		s := e.NewScanner()
		var base, keep Prefilter
		if ms := s.ScanDerived(c.name, []byte(c.base), nil, nil, &base); !quiet(s, ms) {
			t.Fatalf("%s: the base is not quiet:\n%s", c.name, describe(ms))
		}
		i := strings.Index(c.base, c.old)
		next := []byte(c.base[:i] + c.new + c.base[i+len(c.old):])
		copies := []Copied{{At: 0, From: 0, Len: i}, {At: i + len(c.new), From: i + len(c.old), Len: len(c.base) - i - len(c.old)}}
		want := full.ScanFile(c.name, next)
		if len(want) == 0 {
			t.Fatalf("%s: the edit makes no finding: the case tests nothing", c.name)
		}
		if got := s.ScanDerived(c.name, next, &base, copies, &keep); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: derived scan\n%s\nfull scan\n%s", c.name, describe(got), describe(want))
		}
	}
}
