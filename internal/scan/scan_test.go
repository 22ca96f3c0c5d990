package scan

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/source"
	"github.com/leakhound/leakhound/internal/testutil"
)

func newEngine(t testing.TB) *detect.Engine {
	t.Helper()
	e, err := detect.New(testutil.Catalogue(t))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// textBuilder writes filler text and plants secrets at chosen offsets,
// remembering the line and column of each.
type textBuilder struct {
	b       bytes.Buffer
	line    int
	lineAt  int // offset where the current line starts
	planted []string
	words   []string
}

func (t *textBuilder) write(s string) {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			t.b.WriteString(s)
			return
		}
		t.b.WriteString(s[:i+1])
		t.line++
		t.lineAt = t.b.Len()
		s = s[i+1:]
	}
}

// pad writes filler up to offset at; with newlines false the filler
// continues the current line (a minified file's endless line).
func (t *textBuilder) pad(at int, newlines bool) {
	for i := 0; t.b.Len() < at; i++ {
		w := t.words[i%len(t.words)]
		if n := at - t.b.Len(); len(w)+1 > n {
			t.write(strings.Repeat(".", n))
			return
		}
		sep := " "
		if newlines && t.b.Len()-t.lineAt > 70 {
			sep = "\n"
		}
		t.write(w + sep)
	}
}

// plant writes prefix then secret so the secret starts at offset at, and
// records where it is.
func (t *textBuilder) plant(at int, prefix, secret string, newlines bool) {
	t.pad(at-len(prefix), newlines)
	t.write(prefix)
	t.planted = append(t.planted, fmt.Sprintf("%d:%d", t.line+1, t.b.Len()-t.lineAt+1))
	t.write(secret)
}

func openSSHKey(g *testutil.Gen, lines int) string {
	var b strings.Builder
	b.WriteString("-----BEGIN OPENSSH PRIVATE KEY-----\n")
	for range lines {
		b.WriteString(g.String(testutil.Base62+"+/", 70) + "\n")
	}
	b.WriteString("-----END OPENSSH PRIVATE KEY-----\n")
	return b.String()
}

func scanStream(t *testing.T, e *detect.Engine, x source.Expander, data []byte) []finding.Finding {
	t.Helper()
	res, err := Run(context.Background(), Options{Engine: e, Workers: 1, Expander: x}, &source.Reader{Name: "stream", R: bytes.NewReader(data)})
	if err != nil || res.Incomplete() {
		t.Fatalf("scan: %v %+v %+v", err, res.Problems, res.Notices)
	}
	return res.Findings
}

func places(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%d:%d", f.Line, f.Column))
	}
	sort.Strings(out)
	return out
}

// TestPiecesFindWhatAWholeScanFinds plants secrets across every place
// where pieces meet (a piece's start, the middle of the overlap where one
// piece hands over to the next, a piece's end), in lines and inside one
// endless line, keywords before their secrets and private keys longer
// than a line: the pieces find each exactly once, at the line and column
// a whole scan gives.
func TestPiecesFindWhatAWholeScanFinds(t *testing.T) {
	e := newEngine(t)
	g := testutil.NewGen(9)
	const size, overlap = 256 << 10, 128 << 10
	step := size - overlap
	tb := &textBuilder{words: strings.Fields("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua")}
	for j := 1; j <= 24; j++ {
		for k, at := range []int{j * step, j*step + overlap/2, j*step + overlap} {
			newlines := j < 9 || j > 16 // boundaries 9..16 fall inside one long line
			var prefix, secret string
			switch (j + k) % 5 {
			case 0:
				prefix, secret = "GITHUB_TOKEN=", g.GitHubToken("ghp_")
			case 1:
				prefix, secret = "postmark_server_token = ", g.UUID()
			case 2:
				prefix, secret = "\n", openSSHKey(g, 40)
				if !newlines {
					prefix, secret = " ", g.GitHubToken("gho_")
				}
			case 3:
				// A provider named by the enclosing key, lines above.
				prefix, secret = "\npostmark:\n  region: eu\n  api_token: ", g.UUID()
				if !newlines {
					prefix, secret = " ", g.GitHubToken("ghu_")
				}
			case 4:
				prefix, secret = ` db_password = "`, g.String(testutil.Base62+"!#%", 16)+`"`
			}
			// Start the secret just before, at or just after the point.
			at += []int{-len(secret) / 2, -1, 0, 1}[(j+k)%4]
			tb.plant(at, prefix, secret, newlines)
			tb.write(map[bool]string{true: "\n", false: " "}[newlines])
		}
	}
	tb.pad(tb.b.Len()+1000, true)
	data := tb.b.Bytes()

	whole := scanStream(t, e, source.Expander{MaxDepth: 4, PieceSize: len(data) + 1}, data)
	pieced := scanStream(t, e, source.Expander{MaxDepth: 4, PieceSize: size, Overlap: overlap}, data)
	want := append([]string(nil), tb.planted...)
	sort.Strings(want)
	if got := places(whole); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("the whole scan found\n%v\nplanted\n%v", got, want)
	}
	if got := places(pieced); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the pieces found\n%v\nplanted\n%v", got, want)
	}
	for i := range min(len(whole), len(pieced)) {
		if whole[i].RawSecret != pieced[i].RawSecret || whole[i].RuleID != pieced[i].RuleID {
			t.Errorf("finding %d: %s %q in pieces, %s %q whole", i, pieced[i].RuleID, pieced[i].RawSecret, whole[i].RuleID, whole[i].RawSecret)
		}
	}
}
