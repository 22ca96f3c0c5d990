package detect

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// versionLines are lines a file's versions are made of: keywords of many
// rules, secrets, base64 and plain code.
func versionLines(g *testutil.Gen) []string {
	return []string{
		"GITHUB_TOKEN=" + g.GitHubToken("ghp_"),
		"aws_access_key_id = " + g.AWSKeyID(),
		"aws_secret_access_key = " + g.AWSSecret(),
		`password: "` + g.String(testutil.Base62, 14) + `!"`,
		`const client = new postmark.ServerClient("` + g.UUID() + `");`,
		"Authorization: Basic " + g.String(testutil.Base62, 28) + "==",
		"data: " + g.String(testutil.Base62, 80),
		"// token secret key api password passwd pwd",
		"func f(x int) int { return x * " + g.String("0123456789", 3) + " }",
		"sk_live_" + g.String(testutil.Base62, 24),
		"tokentokentokentokentoken",
		"postgres://app:" + g.String(testutil.Base62, 12) + "@db.internal:5432/app",
	}
}

// randomVersion returns a new version of base made as git's deltas make
// them: ranges of base copied (cut anywhere, also through keywords) and
// new bytes inserted, with the ranges it copied.
func randomVersion(g *testutil.Gen, base string, lines []string) (string, []Copied) {
	var b strings.Builder
	var copies []Copied
	for b.Len() < len(base) {
		if g.IntN(3) == 0 {
			// Insert a line or a few bytes.
			if g.IntN(2) == 0 {
				b.WriteString(lines[g.IntN(len(lines))] + "\n")
			} else {
				b.WriteString(g.String(testutil.Base62+" \n=:\"", 1+g.IntN(20)))
			}
			continue
		}
		from := g.IntN(len(base))
		n := min(len(base)-from, 1+g.IntN(600))
		copies = append(copies, Copied{At: b.Len(), From: from, Len: n})
		b.WriteString(base[from : from+n])
	}
	return b.String(), copies
}

// Hits taken from a base through copies are the hits a full pass finds,
// and a derived scan returns what a full scan returns, down a chain of
// versions each rebuilt from the last.
func TestDerivedScanIsAFullScan(t *testing.T) {
	e := CatalogueEngineForTest(t)
	s := e.NewScanner()
	g := testutil.NewGen(5)
	lines := versionLines(g)
	for round := range 6 {
		var text strings.Builder
		for text.Len() < 2000+round*3000 {
			text.WriteString(lines[g.IntN(len(lines))] + "\n")
		}
		version := text.String()
		var base Prefilter
		if ms := s.ScanDerived("config/app.env", []byte(version), nil, nil, &base); !reflect.DeepEqual(ms, s.ScanFile("config/app.env", []byte(version))) {
			t.Fatal("a scan keeping its pass differs from ScanFile")
		}
		inherited, runs := 0, 0
		for step := range 25 {
			next, copies := randomVersion(g, version, lines)
			data := []byte(next)
			full := s.passOver(data, 1, len(data), nil)
			derived := s.derivedHits(data, &base, copies, nil)
			if !reflect.DeepEqual(derived, full) {
				t.Fatalf("round %d step %d: %d hits taken through copies, %d found by a full pass", round, step, len(derived), len(full))
			}
			want := s.ScanFile("config/app.env", data)
			var keep Prefilter
			got := s.ScanDerived("config/app.env", data, &base, copies, &keep)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d step %d: derived scan found %d matches, full scan %d", round, step, len(got), len(want))
			}
			if !reflect.DeepEqual(keep.hits, full) {
				t.Fatalf("round %d step %d: the kept pass differs from a full one", round, step)
			}
			if runs := findRuns(data, 0, len(data), nil); !slices.Equal(keep.runs, runs) {
				t.Fatalf("round %d step %d: %d base64 runs kept, a full search finds %d", round, step, len(keep.runs), len(runs))
			}
			if derived := derivedRuns(data, &base, copies, nil); !slices.Equal(derived, findRuns(data, 0, len(data), nil)) {
				t.Fatalf("round %d step %d: base64 runs taken through copies differ from a full search", round, step)
			}
			runs += len(keep.runs)
			for _, c := range copies {
				inherited += max(0, c.Len-e.ac.maxLen)
			}
			version, base = next, keep
		}
		if inherited < len(version) {
			t.Fatalf("round %d: copies long enough to take hits from covered %d bytes in 25 versions", round, inherited)
		}
		if runs < 25 {
			t.Fatalf("round %d: %d base64 runs in 25 versions: the test does not test them", round, runs)
		}
	}
}

// A derived scan is only as good as its base: an empty or reset one
// means a full pass, and a kept pass over one unit is not taken for
// another after Reset.
func TestDerivedScanWithoutBase(t *testing.T) {
	e := CatalogueEngineForTest(t)
	s := e.NewScanner()
	g := testutil.NewGen(8)
	data := []byte(strings.Join(versionLines(g), "\n"))
	var keep Prefilter
	want := s.ScanFile("a.env", data)
	if got := s.ScanDerived("a.env", data, &keep, []Copied{{At: 0, From: 0, Len: len(data)}}, &keep); !reflect.DeepEqual(got, want) || !keep.valid {
		t.Fatalf("with an empty base: %d matches, want %d (kept: %v)", len(got), len(want), keep.valid)
	}
	keep.Reset()
	other := []byte(strings.Repeat("nothing to see\n", 100))
	var next Prefilter
	s.ScanDerived("a.env", other, &keep, []Copied{{At: 0, From: 0, Len: 100}}, &next)
	if full := s.passOver(other, 1, len(other), nil); !reflect.DeepEqual(next.hits, full) {
		t.Fatalf("a reset base gave its hits to other bytes: %d kept, a full pass finds %d", len(next.hits), len(full))
	}
}

// Copies too short to carry hits leave the whole unit to one pass.
func TestDerivedScanNeedsLongCopies(t *testing.T) {
	e := CatalogueEngineForTest(t)
	s := e.NewScanner()
	data := make([]byte, 10000)
	base := &Prefilter{size: 10000, valid: true}
	var short, long []Copied
	for at := 0; at+40 <= len(data); at += 50 {
		short = append(short, Copied{At: at, From: at, Len: 40})
	}
	long = []Copied{{At: 0, From: 0, Len: 4000}, {At: 5000, From: 5000, Len: 5000}}
	if s.inherits(data, base, short) {
		t.Error("copies shorter than a keyword's reach carry the unit's hits")
	}
	if !s.inherits(data, base, long) {
		t.Error("copies of nine tenths of the unit do not carry its hits")
	}
}

// The base64 runs found in part of a unit are the unit's runs that reach
// into that part, wherever the search starts: what lets a version take
// the others from its base.
func TestFindRunsInPartIsAFullSearch(t *testing.T) {
	g := testutil.NewGen(11)
	for round := range 200 {
		var b strings.Builder
		for b.Len() < 3000 {
			switch g.IntN(4) {
			case 0:
				b.WriteString(g.String(testutil.Base62+"+/", 18+g.IntN(12)) + strings.Repeat("=", g.IntN(3)))
			case 1:
				b.WriteString(g.String(testutil.Base62, 40+g.IntN(100)))
			default:
				b.WriteString(g.String(" \n.,;:\"'()", 1+g.IntN(3)) + g.String("abcdefghij", g.IntN(8)))
			}
		}
		data := []byte(b.String())
		all := findRuns(data, 0, len(data), nil)
		lo := g.IntN(len(data))
		hi := lo + g.IntN(len(data)-lo+1)
		var want []b64run
		for _, r := range all {
			if r.end > lo && r.start < hi {
				want = append(want, r)
			}
		}
		var got []b64run
		for _, r := range findRuns(data, lo, hi, nil) {
			if !slices.Contains(all, r) {
				t.Fatalf("round %d: [%d,%d) found %+v, not a run of the whole", round, lo, hi, r)
			}
			if r.end > lo && r.start < hi {
				got = append(got, r)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: [%d,%d) found %d runs reaching into it, the whole has %d", round, lo, hi, len(got), len(want))
		}
	}
}

// TestFindRunsFindsEveryRun compares findRuns with its definition, every
// maximal run of base64 characters tried: runs of every length around the
// bounds, words around probes, padding of every length.
func TestFindRunsFindsEveryRun(t *testing.T) {
	definition := func(data []byte) []b64run {
		var out []b64run
		for start := 0; start < len(data); {
			if !base64Chars[data[start]] {
				start++
				continue
			}
			end := start
			for end < len(data) && base64Chars[data[end]] {
				end++
			}
			pad := end
			for pad < len(data) && data[pad] == '=' && pad-end < 2 {
				pad++
			}
			if n := pad - start; n >= minBase64Run && n <= maxBase64Run {
				out = append(out, b64run{start, end, pad})
			}
			start = end
		}
		return out
	}
	g := testutil.NewGen(12)
	for round := range 2000 {
		var b strings.Builder
		for b.Len() < 200+g.IntN(800) {
			switch g.IntN(5) {
			case 0:
				b.WriteString(g.String(testutil.Base62+"+/", 18+g.IntN(10)) + strings.Repeat("=", g.IntN(4)))
			case 1:
				b.WriteString(g.String(testutil.Base62, g.IntN(60)))
			default:
				b.WriteString(g.String(" \n.,;:\"'()=", 1+g.IntN(3)) + g.String("abcdefghij_-", g.IntN(14)))
			}
		}
		data := []byte(b.String())
		if got, want := findRuns(data, 0, len(data), nil), definition(data); !slices.Equal(got, want) {
			t.Fatalf("round %d: found %v, want %v in %q", round, got, want, data)
		}
	}
}

// keywordText returns text made of the catalogue's keywords whole and cut
// anywhere, joined by bytes few states follow (newlines, quotes, braces)
// and by letters: every kind of state a pass can be in at any byte.
func keywordText(g *testutil.Gen, words []string, size int) []byte {
	var b strings.Builder
	for b.Len() < size {
		w := words[g.IntN(len(words))]
		switch g.IntN(3) {
		case 0:
			b.WriteString(w)
		case 1:
			b.WriteString(w[g.IntN(len(w)):])
		default:
			b.WriteString(w[:g.IntN(len(w)+1)])
		}
		b.WriteString(g.String("\n\"'{}();= \tabcxyz_-.", g.IntN(3)))
	}
	return []byte(b.String())
}

// A pass that starts where warmStart says, mostly a byte or two before
// the first end it reports instead of a keyword's length, finds every hit
// ending there or later that a pass over the whole text finds.
func TestWarmStartKeepsEveryHit(t *testing.T) {
	s := CatalogueEngineForTest(t).NewScanner()
	words := catalogueKeywords(t)
	g := testutil.NewGen(21)
	short := 0
	for round := range 200 {
		data := keywordText(g, words, 300)
		full := s.passOver(data, 0, len(data), nil)
		for from := 1; from <= len(data); from++ {
			var want []hitAt
			for _, h := range full {
				if int(h.end) >= from {
					want = append(want, h)
				}
			}
			if got := s.passOver(data, from, len(data), nil); !slices.Equal(got, want) {
				t.Fatalf("round %d, from %d (pass starts at %d): %d hits, a whole pass has %d", round, from, s.e.ac.warmStart(data, from), len(got), len(want))
			}
			if from-s.e.ac.warmStart(data, from) < s.e.ac.maxLen/2 {
				short++
			}
		}
	}
	if short == 0 {
		t.Fatal("no pass started less than a keyword's length early: the test does not test warmStart")
	}
}

// A copy's hits are taken from its base from the first byte where the
// pass into it holds nothing before the copy: whatever was inserted
// before it (keywords cut anywhere, so the pass is deep as the copy
// starts) and wherever the copy starts in the base, the hits are a whole
// pass's.
func TestPassIntoCopyStopsOnlyWhenExact(t *testing.T) {
	s := CatalogueEngineForTest(t).NewScanner()
	words := catalogueKeywords(t)
	g := testutil.NewGen(22)
	early := 0
	for round := range 40 {
		base := keywordText(g, words, 600)
		var kept Prefilter
		s.ScanDerived("a.txt", base, nil, nil, &kept)
		for from := 0; from+s.e.ac.maxLen <= len(base); from++ {
			inserted := keywordText(g, words, 1+g.IntN(60))
			data := append(slices.Clone(inserted), base[from:]...)
			copies := []Copied{{At: len(inserted), From: from, Len: len(base) - from}}
			got := s.derivedHits(data, &kept, copies, nil)
			if want := s.passOver(data, 0, len(data), nil); !slices.Equal(got, want) {
				t.Fatalf("round %d, copy from %d after %q: %d hits through the copy, a whole pass has %d", round, from, inserted, len(got), len(want))
			}
			if _, end := s.passInto(data, 1, len(inserted), len(inserted)+s.e.ac.maxLen-1, nil); end < len(inserted)+s.e.ac.maxLen/2 {
				early++
			}
		}
	}
	if early == 0 {
		t.Fatal("no pass into a copy stopped early: the test does not test passInto")
	}
}
