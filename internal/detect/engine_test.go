package detect

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

func testRules() []*rule.Rule {
	return []*rule.Rule{
		{ID: "acme-token", Name: "Acme", Severity: "high", Keywords: []string{"acme_"}, Pattern: `\b(?P<secret>acme_[a-z0-9]{20})\b`, Provider: "acme"},
		{ID: "acme-multiline", Name: "Acme block", Severity: "high", Keywords: []string{"BEGIN ACME"}, Pattern: `(?s)(?P<secret>BEGIN ACME.{10,}?END ACME)`, Window: 200, Provider: "acme", NoPlaceholderFilter: true},
		{ID: "generic-thing", Name: "Generic", Severity: "medium", Keywords: []string{"token"}, Pattern: `token\s*=\s*"(?P<secret>[^"]{8,})"`, Entropy: 3, Provider: "generic"},
	}
}

func mustEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(testRules())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestScanFindsLinesColumnsAndPrecedence(t *testing.T) {
	e := mustEngine(t)
	secret := "acme_" + "q8z2m4x7c1v9b3n6l0k5"
	data := "first line\n\n  token = \"" + secret + "\"\nACME_Q8Z2M4X7C1V9B3N6L0K5 upper-case prefix does not match the pattern\n"
	ms := e.Scan([]byte(data))
	if len(ms) != 1 {
		t.Fatalf("got %d matches, want 1 (generic must yield): %+v", len(ms), ms)
	}
	m := ms[0]
	if m.Rule.ID != "acme-token" || m.Secret != secret || m.Line != 3 || m.Column != 12 {
		t.Errorf("got %s %q line %d col %d", m.Rule.ID, m.Secret, m.Line, m.Column)
	}
}

func TestScanGenericAloneAndEntropy(t *testing.T) {
	e := mustEngine(t)
	ms := e.Scan([]byte(`token = "Zq8Rt2Lm9Xv4Wn7B"` + "\n" + `token = "aaaaaaaabbbbbbbb"`))
	if len(ms) != 1 || ms[0].Rule.ID != "generic-thing" || ms[0].Line != 1 {
		t.Fatalf("got %+v", ms)
	}
}

func TestScanNoiseFilters(t *testing.T) {
	e := mustEngine(t)
	for _, s := range []string{
		`token = "${ACME_TOKEN}xyzzy"`,
		`token = "{{ .Values.acme }}"`,
		`token = "process.env.ACME_TOKEN"`,
		`token = "your-token-goes-here"`,
		`token = "<insert token>"`,
		`token = "xxxxxxxxxxxxxxxx"`,
		`key: acme_xxxxxxxxxxxxxxxxxxxx`,
		`key: acme_example0example0ab`,
	} {
		if ms := e.Scan([]byte(s)); len(ms) != 0 {
			t.Errorf("%s: got %s %q", s, ms[0].Rule.ID, ms[0].Secret)
		}
	}
}

func TestScanAllowMarkerMultilineAndBase64(t *testing.T) {
	e := mustEngine(t)
	secret := "acme_" + "q8z2m4x7c1v9b3n6l0k5"
	if ms := e.Scan([]byte("x = \"" + secret + "\" # leakhound:allow\n")); len(ms) != 0 {
		t.Errorf("allow marker ignored: %+v", ms)
	}
	block := "pre\nBEGIN ACME\nq8z2m4x7c1v9\nb3n6l0k5\nEND ACME\n"
	if ms := e.Scan([]byte(block)); len(ms) != 1 || ms[0].Rule.ID != "acme-multiline" || ms[0].Line != 2 {
		t.Errorf("multiline: %+v", ms)
	}
	enc := base64.StdEncoding.EncodeToString([]byte("ACME_TOKEN=" + secret))
	ms := e.Scan([]byte("a: 1\ndata:\n  value: " + enc + "\n"))
	if len(ms) != 1 || ms[0].Secret != secret || ms[0].Encoding != "base64" || ms[0].Line != 3 || ms[0].Column != 10 {
		t.Fatalf("base64: %+v", ms)
	}
	// Base64 inside base64.
	double := base64.StdEncoding.EncodeToString([]byte("inner: " + enc))
	if ms := e.Scan([]byte(double)); len(ms) != 1 || ms[0].Secret != secret {
		t.Errorf("nested base64: %+v", ms)
	}
}

func TestScanMinifiedLineIsBounded(t *testing.T) {
	e := mustEngine(t)
	secret := "acme_" + "q8z2m4x7c1v9b3n6l0k5"
	line := strings.Repeat("a=1;", 100000) + "k=\"" + secret + "\";" + strings.Repeat("b=2;", 100000)
	ms := e.Scan([]byte(line))
	if len(ms) != 1 || ms[0].Column != 400004 {
		t.Fatalf("got %+v", ms)
	}
}

func TestNewRejectsBadRules(t *testing.T) {
	_, err := New([]*rule.Rule{{ID: "x-y", Keywords: []string{"abc"}, Pattern: `(a)(b)`}})
	if err == nil {
		t.Fatal("two unnamed groups accepted")
	}
	_, err = New([]*rule.Rule{{ID: "x-y", Keywords: []string{"abc"}, Pattern: `abc`, Checksum: "nope"}})
	if err == nil {
		t.Fatal("pattern without group accepted")
	}
	// A checked rule is not parsed again, unless it was edited since: a
	// bad expression must still be an error here, not a panic when its
	// keyword is first seen.
	p, err := rule.ParseProvider("acme.yaml", []byte("provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-z0-9]{20})'\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := &p.Rules[0]
	r.Pattern = `(?P<secret>acme_[a-z`
	if _, err := New([]*rule.Rule{r}); err == nil {
		t.Fatal("a rule edited into a bad pattern after its check was accepted")
	}
}

func TestForEachBase64FindsEveryRun(t *testing.T) {
	plain := "ACME_TOKEN=" + "acme_q8z2m4x7c1v9b3n6l0k5 and more text"
	enc := base64.StdEncoding.EncodeToString([]byte(plain))
	for _, prefix := range []string{"", "x ", "a b ", strings.Repeat("word ", 7), strings.Repeat("z", 30) + " "} {
		for _, suffix := range []string{"", "\n", " tail", "\"}"} {
			data := prefix + enc + suffix
			var got []string
			forEachBase64([]byte(data), func([]byte) []byte { return nil }, func(run span, decoded []byte, _ string) { got = append(got, string(decoded)) })
			if len(got) != 1 || got[0] != plain {
				t.Errorf("prefix %q suffix %q: decoded %q", prefix, suffix, got)
			}
		}
	}
}

// TestGzipInBase64: a Helm release Secret holds the release (its values
// included) gzipped then base64-encoded twice; the token inside is found
// at the Secret's line. A gzip bomb in base64 is inflated only up to the
// unit's budget.
func TestGzipInBase64(t *testing.T) {
	const tok = "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"
	release := gzipped(t, []byte(`{"name":"mail","config":{"values":{"sendgrid":{"apiKey":"`+tok+`"}}}}`))
	inner := base64.StdEncoding.EncodeToString(release)
	data := "kind: Secret\ntype: helm.sh/release.v1\ndata:\n  release: " + base64.StdEncoding.EncodeToString([]byte(inner)) + "\n"
	e, err := New([]*rule.Rule{{ID: "sendgrid-api-key", Keywords: []string{"SG."}, Pattern: `(?P<secret>SG\.[\w\-]{22}\.[\w\-]{43})`}})
	if err != nil {
		t.Fatal(err)
	}
	ms := e.NewScanner().Scan([]byte(data))
	if len(ms) != 1 || ms[0].Line != 4 || ms[0].Secret != tok {
		t.Errorf("helm release: %+v", ms)
	}

	// 8 MiB inflate from 11 KB: past the budget below (the bomb's length
	// and a base64 run's) as 64 MiB are, at an eighth of the compressing.
	bomb := base64.StdEncoding.EncodeToString(gzipped(t, []byte(strings.Repeat("a", 8<<20))))
	s := e.NewScanner()
	inflated := 0
	s.inflateBudget = len(bomb) + maxBase64Run
	forEachBase64([]byte(bomb), s.inflate, func(_ span, decoded []byte, _ string) { inflated += len(decoded) })
	if inflated != 0 {
		t.Errorf("a gzip bomb in base64 inflated %d bytes", inflated)
	}
}

// TestZlibAndUTF16InBase64: base64 of zlib-compressed text (as Helm and
// Kubernetes values hold it, beside gzip) and of UTF-16LE text
// (PowerShell's -EncodedCommand) is read; a zlib bomb stays within the
// unit's budget, and UTF-16 whose high bytes are not zero is no text.
func TestZlibAndUTF16InBase64(t *testing.T) {
	const tok = "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"
	e, err := New([]*rule.Rule{{ID: "sendgrid-api-key", Keywords: []string{"SG."}, Pattern: `(?P<secret>SG\.[\w\-]{22}\.[\w\-]{43})`}})
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(`{"sendgrid":{"apiKey":"` + tok + `"}}`))
	zw.Close()
	cmd := `$env:SENDGRID_API_KEY = "` + tok + `"; .\\send.ps1`
	wide := make([]byte, 0, 2*len(cmd))
	for _, c := range []byte(cmd) {
		wide = append(wide, c, 0)
	}
	for name, data := range map[string]string{
		"zlib":   "values: " + base64.StdEncoding.EncodeToString(z.Bytes()) + "\n",
		"utf-16": "powershell.exe -NoProfile -EncodedCommand " + base64.StdEncoding.EncodeToString(wide) + "\n",
	} {
		if ms := e.NewScanner().Scan([]byte(data)); len(ms) != 1 || ms[0].Secret != tok {
			t.Errorf("%s in base64: %+v", name, ms)
		}
	}
	var bomb bytes.Buffer
	zw = zlib.NewWriter(&bomb)
	zw.Write([]byte(strings.Repeat("a", 8<<20)))
	zw.Close()
	run := base64.StdEncoding.EncodeToString(bomb.Bytes())
	s := e.NewScanner()
	inflated := 0
	s.inflateBudget = len(run) + maxBase64Run
	forEachBase64([]byte(run), s.inflate, func(_ span, decoded []byte, _ string) { inflated += len(decoded) })
	if inflated != 0 {
		t.Errorf("a zlib bomb in base64 inflated %d bytes", inflated)
	}
	if narrowUTF16LE([]byte("\x41\x04\x42\x04\x43\x04\x44\x04\x45\x04\x46\x04\x47\x04\x48\x04")) != nil {
		t.Error("Cyrillic UTF-16LE read as ASCII")
	}
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLooksLikeCode(t *testing.T) {
	for v, want := range map[string]bool{
		"config.Token": true, "a.tokenKnownFields.ExpiresAt": true, "parts[1],": true, "creds.Secret": true,
		"useToken,": true, "X-Amz-Security-Token": true, "X-Aws-Ec2-Metadata-Token-Ttl-Seconds": true,
		"UserAgentFeatureCredentials": true, "yaml_DOUBLE_QUOTED_SCALAR_STYLE": true, "C.NL80211_ATTR_TDLS": true,
		"S3cure-Pa55w0rd-2024": false, "Xk29vLq!mZ7p": false, "hV9$kq2Pz7!w": false, "a9Xk2Lq8Zt4Vn7Bw1Mp6": false,
	} {
		if got := looksLikeCode([]byte(v)); got != want {
			t.Errorf("looksLikeCode(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestAllowMarkersOfEveryTool: the allow comments of leakhound, gitleaks,
// TruffleHog, ggshield, Kingfisher and detect-secrets (same line, and
// detect-secrets' nextline form) drop a finding and count it; a marker
// elsewhere does not.
func TestAllowMarkersOfEveryTool(t *testing.T) {
	s := mustEngine(t).NewScanner()
	secret := "acme_" + "q8z2m4x7c1v9b3n6l0k5"
	for _, text := range []string{
		"x = \"" + secret + "\" # leakhound:allow\n",
		"x = \"" + secret + "\" // gitleaks:allow\n",
		"x = \"" + secret + "\" # trufflehog:ignore\n",
		"x = \"" + secret + "\" # ggignore\n",
		"x = \"" + secret + "\" // kingfisher:ignore\n",
		"x = \"" + secret + "\" // kingfisher:allow\n",
		"x = \"" + secret + "\"  # pragma: allowlist secret\n",
		"# pragma: allowlist nextline secret\nx = \"" + secret + "\"\n",
	} {
		if ms := s.Scan([]byte(text)); len(ms) != 0 || s.Allowed() != 1 {
			t.Errorf("%q: %d matches, %d allowed; want 0 and 1", text, len(ms), s.Allowed())
		}
	}
	for _, text := range []string{
		"# gitleaks:allow\nx = \"" + secret + "\"\n",                      // a marker on another line
		"# ggignore\nx = \"" + secret + "\"\n",                            // ggshield's too
		"# pragma: allowlist nextline secret\n\nx = \"" + secret + "\"\n", // not the next line
	} {
		if ms := s.Scan([]byte(text)); len(ms) != 1 || s.Allowed() != 0 {
			t.Errorf("%q: %d matches, %d allowed; want 1 and 0", text, len(ms), s.Allowed())
		}
	}
}

// TestAzuriteKeyIsNotALeak: the emulator's published account key is the
// same everywhere; reporting it would be noise in every project using it.
func TestAzuriteKeyIsNotALeak(t *testing.T) {
	key := "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
	if noiseReason([]byte(key), true) != "documented example" {
		t.Errorf("the Azurite key is not recognised as a documented example")
	}
}

// TestWrappedBase64IsJoinedOnce: a wrapped block is joined from its first
// line only; its later lines are decoded alone, never joined again with
// the rest of the block (a 1.6 MB block of a binary, as Go's own test data
// holds, took minutes that way).
func TestWrappedBase64IsJoinedOnce(t *testing.T) {
	raw := make([]byte, 3000)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	enc := base64.StdEncoding.EncodeToString(raw)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\n")
	data := []byte(b.String())
	last, ok := wrapped(data, 0, 76, 0)
	if !ok || last != len(data)-1 {
		t.Fatalf("the block is joined to %d (%v), want %d", last, ok, len(data)-1)
	}
	if _, ok := wrapped(data, 77, 77+76, last); ok {
		t.Error("a later line of a joined block is joined again")
	}
	if _, ok := wrapped(data, 77, 77+76, 0); !ok {
		t.Error("the second line starts a block of its own when no block was joined")
	}
}

// TestSameName: a name as written is a provider's id when its letters and
// digits are, whatever the case and separators.
func TestSameName(t *testing.T) {
	for _, c := range []struct {
		written, id string
		want        bool
	}{
		{"Postmark", "postmark", true}, {"ASSEMBLYAI", "assemblyai", true}, {"get_response", "getresponse", true},
		{"cloudflare", "cloud-flare", true}, {"X-Auth-Token", "getresponse", false}, {"postmarks", "postmark", false},
		{"post", "postmark", false},
	} {
		if got := sameName([]byte(c.written), c.id); got != c.want {
			t.Errorf("sameName(%q, %q) = %v", c.written, c.id, got)
		}
	}
}
