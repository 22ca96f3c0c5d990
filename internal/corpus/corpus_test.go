package corpus

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/testutil"
)

func generate(t *testing.T, seed uint64, scale float64) *Corpus {
	t.Helper()
	c, err := Generate(Options{Seed: seed, Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSameSeedSameCorpusOtherSeedOtherValues(t *testing.T) {
	a, b := generate(t, 7, 0.2), generate(t, 7, 0.2)
	if !reflect.DeepEqual(a.Files, b.Files) || !reflect.DeepEqual(a.Truth, b.Truth) {
		t.Fatal("seed 7 generated two different corpora")
	}
	c := generate(t, 8, 0.2)
	secrets := map[string]bool{}
	for _, tr := range a.Truth {
		if tr.Positive() && !tr.Weak {
			secrets[tr.Secret] = true
		}
	}
	for _, tr := range c.Truth {
		if tr.Positive() && !tr.Weak && secrets[tr.Secret] {
			t.Fatalf("seeds 7 and 8 share the secret %q", tr.Secret)
		}
	}
}

// Every truth entry points at a file and line that hold its value.
func TestTruthPointsAtItsValue(t *testing.T) {
	c := generate(t, 3, 1)
	files := map[string][]string{}
	for _, f := range c.Files {
		if _, dup := files[f.Path]; dup {
			t.Fatalf("%s written twice", f.Path)
		}
		files[f.Path] = strings.Split(string(f.Content), "\n")
	}
	for _, tr := range c.Truth {
		lines, ok := files[tr.Path]
		if !ok {
			t.Fatalf("%+v: no such file", tr)
		}
		end := max(tr.EndLine, tr.Line)
		if tr.Line < 1 || end > len(lines) {
			t.Fatalf("%+v: lines %d-%d outside the file (%d lines)", tr, tr.Line, end, len(lines))
		}
		text := strings.Join(lines[tr.Line-1:end], "\n")
		if !holds(text, tr) {
			t.Fatalf("%s:%d-%d does not hold %q (%s/%s):\n%s", tr.Path, tr.Line, end, tr.Secret, tr.Class, tr.Shape, text)
		}
	}
}

func holds(text string, tr Truth) bool {
	squash := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, `\n`, "")), "") }
	for _, v := range append([]string{tr.Secret}, tr.Alt...) {
		if strings.Contains(text, v) || strings.Contains(squash(text), squash(v)) {
			return true
		}
	}
	return false
}

// The corpus is as broad as promised: every shape of every unprefixed
// kind, at least 20 prefixed providers, more decoys than secrets.
func TestCoverage(t *testing.T) {
	c := generate(t, 5, 1)
	kindShapes := map[string]bool{}
	classes := map[string]int{}
	prefixedProviders := map[string]bool{}
	formats := map[string]bool{}
	for _, tr := range c.Truth {
		classes[tr.Class]++
		formats[tr.Format] = true
		switch tr.Class {
		case ClassUnprefixed:
			kindShapes[strings.SplitN(tr.Variant, "/", 2)[0]+" "+tr.Shape] = true
		case ClassPrefixed:
			prefixedProviders[tr.Expect] = true
		}
	}
	for _, k := range unprefixedKinds {
		for _, s := range unprefixedShapes {
			if !kindShapes[k.id+" "+s] {
				t.Errorf("no %s token planted in shape %s", k.id, s)
			}
		}
	}
	for _, k := range unprefixedKinds {
		if k.header != "" && !kindShapes[k.id+" "+ShapeHeader] {
			t.Errorf("no %s token sent in its provider's header", k.id)
		}
		if len(clientVarLangs(k)) > 0 && !kindShapes[k.id+" "+ShapeClientVar] {
			t.Errorf("no %s token passed to its client through a variable", k.id)
		}
		if !kindShapes[k.id+" "+ShapeFileName] {
			t.Errorf("no %s token planted in a file named after its provider", k.id)
		}
		if !kindShapes[k.id+" "+ShapeProse] {
			t.Errorf("no %s token planted in prose", k.id)
		}
	}
	if len(prefixedProviders) < 20 {
		t.Errorf("prefixed tokens of %d providers, want at least 20", len(prefixedProviders))
	}
	positives := classes[ClassPrefixed] + classes[ClassUnprefixed] + classes[ClassGeneric]
	if positives < 2500 || classes[ClassDecoy] < positives {
		t.Errorf("%d secrets and %d decoys: want a few thousand secrets and at least as many decoys", positives, classes[ClassDecoy])
	}
	for _, f := range []string{"yaml", "json", "toml", "ini", "properties", "env", "xml", "go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "makefile", "dockerfile", "tf", "tfvars", "k8s", "helm", "ansible", "log", "md"} {
		if !formats[f] {
			t.Errorf("nothing planted in a %s file", f)
		}
	}
}

// A bare decoy has no provider's name anywhere in its file.
func TestBareDecoysHaveNoProviderContext(t *testing.T) {
	c := generate(t, 9, 0.5)
	content := map[string]string{}
	for _, f := range c.Files {
		content[f.Path] = strings.ToLower(string(f.Content))
	}
	var names []*regexp.Regexp
	for _, k := range append(append([]tokenKind{}, unprefixedKinds...), prefixedKinds...) {
		for _, n := range []string{strings.ToLower(k.name), k.provider} {
			names = append(names, regexp.MustCompile(`\b`+regexp.QuoteMeta(n)+`\b`))
		}
	}
	for _, tr := range c.Truth {
		if tr.Shape != DecoyBareUUID && tr.Shape != DecoyBareHex {
			continue
		}
		for _, n := range names {
			if n.MatchString(content[tr.Path]) {
				t.Fatalf("%s (a %s decoy) mentions %q", tr.Path, tr.Shape, n)
			}
		}
	}
}

// Values follow their documented formats: checksums verify, keys parse.
func TestValuesAreWellFormed(t *testing.T) {
	g := gen{testutil.NewGen(11)}
	for i := 0; i < 20; i++ {
		tok := prefixedKind("github-pat").value(g)
		if rule.Base62CRC32([]byte(tok[4:34])) != tok[34:] {
			t.Fatalf("GitHub token %s: bad checksum", tok)
		}
		if !regexp.MustCompile(`^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$`).MatchString(prefixedKind("age").value(g)) {
			t.Fatal("age key not in Bech32")
		}
	}
	parse := map[string]func([]byte) error{
		"pkcs1":         func(b []byte) error { _, err := x509.ParsePKCS1PrivateKey(b); return err },
		"pkcs8-rsa":     func(b []byte) error { _, err := x509.ParsePKCS8PrivateKey(b); return err },
		"pkcs8-ec":      func(b []byte) error { _, err := x509.ParsePKCS8PrivateKey(b); return err },
		"pkcs8-ed25519": func(b []byte) error { _, err := x509.ParsePKCS8PrivateKey(b); return err },
		"sec1-ec":       func(b []byte) error { _, err := x509.ParseECPrivateKey(b); return err },
	}
	for kind, p := range parse {
		block, _ := pem.Decode([]byte(g.privateKeyPEM(kind)))
		if block == nil {
			t.Fatalf("%s: no PEM block", kind)
		}
		if err := p(block.Bytes); err != nil {
			t.Errorf("%s does not parse: %v", kind, err)
		}
	}
	if _, err := ssh.ParseRawPrivateKey([]byte(g.privateKeyPEM("openssh"))); err != nil {
		t.Errorf("OpenSSH key does not parse: %v", err)
	}
	if _, err := ssh.ParseRawPrivateKey([]byte(g.privateKeyPEM("openssh-encrypted"))); err == nil {
		t.Error("an encrypted OpenSSH key parsed without its passphrase")
	} else if _, ok := err.(*ssh.PassphraseMissingError); !ok {
		t.Errorf("encrypted OpenSSH key: %v, want a missing passphrase", err)
	}
	if _, err := ssh.ParsePublicKey(mustB64(t, strings.Fields(g.sshPublicKey())[1])); err != nil {
		t.Errorf("SSH public key decoy does not parse: %v", err)
	}
}

// The git variant hides each history case as its label says.
func TestGitHistoryHidesSecrets(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	c := generate(t, 4, 0.1)
	repo := t.TempDir() + "/repo.git"
	truth, err := c.WriteGit(repo)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.WriteGit(t.TempDir() + "/again.git")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(truth, again) {
		t.Fatal("the same corpus written twice gave different commits")
	}
	git := func(args ...string) (string, error) {
		out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).CombinedOutput()
		return string(out), err
	}
	seen := map[string]int{}
	for _, tr := range truth {
		if tr.History == "" {
			continue
		}
		seen[tr.History]++
		if tr.Path == MessagePath {
			msg, err := git("log", "-1", "--format=%B", tr.Commit)
			if err != nil || !strings.Contains(strings.Split(msg, "\n")[tr.Line-1], tr.Secret) {
				t.Fatalf("commit %s: message line %d does not hold the secret: %v\n%s", tr.Commit, tr.Line, err, msg)
			}
			continue
		}
		blob, err := git("show", tr.Commit+":"+tr.Path)
		if err != nil {
			t.Fatalf("%s at %s: %v", tr.Path, tr.Commit, err)
		}
		if !holds(strings.Join(strings.Split(blob, "\n")[tr.Line-1:max(tr.EndLine, tr.Line)], "\n"), tr) {
			t.Fatalf("%s:%d at %s does not hold %q", tr.Path, tr.Line, tr.Commit, tr.Secret)
		}
		head, headErr := git("show", "main:"+tr.Path)
		switch tr.History {
		case HistoryRemoved:
			if headErr != nil || strings.Contains(head, tr.Secret) && tr.Positive() {
				t.Fatalf("%s: still holds the secret on main (%v)", tr.Path, headErr)
			}
		case HistoryDeleted, HistoryBranch:
			if headErr == nil {
				t.Fatalf("%s (%s) is on main", tr.Path, tr.History)
			}
		case HistoryRenamed:
			if moved, err := git("show", "main:"+tr.AltPaths[0]); headErr == nil || err != nil || !strings.Contains(moved, tr.Secret) {
				t.Fatalf("%s was not renamed to %s with its content", tr.Path, tr.AltPaths[0])
			}
		}
		if tr.History == HistoryBranch {
			if _, err := git("merge-base", "--is-ancestor", tr.Commit, "main"); err == nil {
				t.Fatalf("%s: the branch commit is on main", tr.Path)
			}
		}
	}
	for _, k := range historyKinds {
		if seen[k] == 0 {
			t.Errorf("no %s case in the history", k)
		}
	}
}

func TestTruthRoundTrip(t *testing.T) {
	c := generate(t, 2, 0.05)
	var buf bytes.Buffer
	if err := WriteTruth(&buf, c.Truth); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTruth(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(c.Truth) {
		t.Fatalf("read %d entries back, wrote %d", len(back), len(c.Truth))
	}
	if _, err := ReadTruth(strings.NewReader("{\"path\": 3}\n")); err == nil {
		t.Fatal("a malformed truth line was accepted")
	}
}

func mustB64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
