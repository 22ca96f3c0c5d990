package detect_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/pkcs12"

	"github.com/leakhound/leakhound/internal/detect"
)

// The fixtures are real keystores made by openssl and keytool
// (testdata/keystore/gen.sh).
func keystoreFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "keystore", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const strongKeystorePassword = "Vq8-rT2m-Lz7x-Pw4k" // gen.sh's

// keystoreFindings returns the keystore rules' matches in data scanned as
// name.
func keystoreFindings(s *detect.Scanner, name string, data []byte) []detect.Match {
	var out []detect.Match
	for _, m := range s.ScanFile(name, data) {
		if strings.HasPrefix(m.Rule.ID, "keystore-") {
			out = append(out, m)
		}
	}
	return out
}

// TestKeystoreFiles: each keystore holding a key is one finding for the
// whole file, critical with a note when a well-known password opens it;
// trust stores, certificates and random bytes are not findings.
func TestKeystoreFiles(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	cases := []struct {
		file, rule, severity, note string // rule "": no finding
	}{
		{"openssl-changeit.p12", "keystore-pkcs12", "critical", `keystore opens with the well-known password "changeit"`},
		{"openssl-empty.pfx", "keystore-pkcs12", "critical", "keystore opens with an empty password"},
		{"openssl-strong.p12", "keystore-pkcs12", "", ""},
		{"keytool-password.p12", "keystore-pkcs12", "critical", `keystore opens with the well-known password "password"`},
		{"keytool-changeit.jks", "keystore-java", "critical", `keystore opens with the well-known password "changeit"`},
		{"keytool-strong.jceks", "keystore-java", "", ""},
		{"openssl-certs-only.p12", "", "", ""},
		{"truststore.jks", "", "", ""},
		{"cert.der", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data := keystoreFixture(t, c.file)
			// The name does not matter: content decides.
			for _, name := range []string{"deploy/" + c.file, "notes.txt", ""} {
				ms := keystoreFindings(s, name, data)
				if c.rule == "" {
					if len(ms) > 0 {
						t.Errorf("%s: found %s, want nothing", name, ms[0].Rule.ID)
					}
					continue
				}
				if len(ms) != 1 {
					t.Fatalf("%s: %d keystore findings, want 1", name, len(ms))
				}
				m := ms[0]
				if m.Rule.ID != c.rule || m.Severity != c.severity || m.Note != c.note {
					t.Errorf("%s: got %s severity %q note %q, want %s severity %q note %q", name, m.Rule.ID, m.Severity, m.Note, c.rule, c.severity, c.note)
				}
				if m.Confidence != detect.ConfidenceHigh || m.Line != 1 || m.Column != 1 {
					t.Errorf("%s: confidence %s at %d:%d, want high at 1:1", name, m.Confidence, m.Line, m.Column)
				}
				if m.Secret != base64.StdEncoding.EncodeToString(data) {
					t.Errorf("%s: the secret is not the file's base64", name)
				}
				if strings.Contains(m.Note, strongKeystorePassword) {
					t.Errorf("%s: note %q tells the password", name, m.Note)
				}
			}
		})
	}
}

// TestKeystoreTamperedIntegrity: a keystore whose integrity check no
// longer holds is still a keystore, but no password is said to open it:
// the password check is a real one.
func TestKeystoreTamperedIntegrity(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, file := range []string{"openssl-changeit.p12", "openssl-empty.pfx", "keytool-changeit.jks"} {
		data := bytes.Clone(keystoreFixture(t, file))
		if strings.HasSuffix(file, ".jks") {
			data[len(data)-1] ^= 1 // the SHA-1 digest ends the file
		} else {
			// The middle of the file is ciphertext the MAC covers.
			data[len(data)/2] ^= 1
		}
		ms := keystoreFindings(s, file, data)
		if len(ms) != 1 {
			t.Errorf("%s tampered: %d findings, want 1", file, len(ms))
			continue
		}
		if ms[0].Severity != "" || ms[0].Note != "" {
			t.Errorf("%s tampered: severity %q note %q, want neither", file, ms[0].Severity, ms[0].Note)
		}
	}
}

// TestKeystoreNegatives: bytes that start like a keystore but are not
// one, and an archive, are not findings.
func TestKeystoreNegatives(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	random := func(prefix []byte, n int) []byte {
		b := make([]byte, n)
		if _, err := rand.Read(b); err != nil {
			t.Fatal(err)
		}
		return append(bytes.Clone(prefix), b...)
	}
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, err := zw.Create("readme.txt")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("nothing to see\n"))
	zw.Close()
	p12 := keystoreFixture(t, "openssl-changeit.p12")
	jks := keystoreFixture(t, "keytool-changeit.jks")
	cases := map[string][]byte{
		"random":               random(nil, 4096),
		"pkcs12 header random": random([]byte{0x30, 0x82, 0x04, 0x1c, 0x02, 0x01, 0x03}, 1053),
		"jks header random":    random([]byte{0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1}, 520),
		"pkcs12 cut short":     p12[:len(p12)-40],
		"jks cut short":        jks[:len(jks)-21],
		"pkcs12 trailing data": append(bytes.Clone(p12), '\n'),
		"zip":                  zipped.Bytes(),
	}
	for name, data := range cases {
		if ms := keystoreFindings(s, "x.p12", data); len(ms) > 0 {
			t.Errorf("%s: found %s", name, ms[0].Rule.ID)
		}
	}
}

// TestKeystoreInTestsAndText: a keystore in a test's resources loses one
// level of confidence, and its base64 text in a config file is the same
// finding (same secret) as the file.
func TestKeystoreInTestsAndText(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	data := keystoreFixture(t, "keytool-changeit.jks")
	ms := keystoreFindings(s, "src/test/resources/server.jks", data)
	if len(ms) != 1 || ms[0].Confidence != detect.ConfidenceMedium {
		t.Fatalf("in test resources: %+v, want one medium finding", ms)
	}
	for _, file := range []string{"keytool-changeit.jks", "openssl-empty.pfx", "openssl-strong.p12"} {
		data := keystoreFixture(t, file)
		b64 := base64.StdEncoding.EncodeToString(data)
		text := "env:\n  - name: KEYSTORE\n    value: \"" + b64 + "\"\n"
		ms := keystoreFindings(s, "deploy.yaml", []byte(text))
		if len(ms) != 1 {
			t.Errorf("%s as base64: %d findings, want 1", file, len(ms))
			continue
		}
		direct := keystoreFindings(s, file, data)[0]
		if ms[0].Secret != direct.Secret || ms[0].Note != direct.Note || ms[0].Rule != direct.Rule {
			t.Errorf("%s as base64: %s note %q, want the file's finding (%s note %q)", file, ms[0].Rule.ID, ms[0].Note, direct.Rule.ID, direct.Note)
		}
		if got := text[ms[0].Start:ms[0].End]; got != b64 {
			t.Errorf("placed at %.20q..., want the base64", got)
		}
	}
}

// TestKeystoreMACAgreesWithXCrypto checks the MAC check against an
// independent reader: golang.org/x/crypto/pkcs12 opens the legacy
// (SHA-1 MAC) fixture with the empty password, as the finding says, and
// cannot read the SHA-256 MACs of OpenSSL 3's and the JDK's defaults,
// which is why the engine verifies MACs itself.
func TestKeystoreMACAgreesWithXCrypto(t *testing.T) {
	if _, err := pkcs12.ToPEM(keystoreFixture(t, "openssl-empty.pfx"), ""); err != nil {
		t.Errorf("x/crypto/pkcs12 does not open openssl-empty.pfx with the empty password: %v", err)
	}
	if _, err := pkcs12.ToPEM(keystoreFixture(t, "openssl-empty.pfx"), "changeit"); err != pkcs12.ErrIncorrectPassword {
		t.Errorf("x/crypto/pkcs12 with a wrong password: %v, want ErrIncorrectPassword", err)
	}
	for _, f := range []string{"openssl-changeit.p12", "keytool-password.p12"} {
		var unsupported pkcs12.NotImplementedError
		if _, err := pkcs12.ToPEM(keystoreFixture(t, f), ""); !errors.As(err, &unsupported) {
			t.Errorf("%s: x/crypto/pkcs12 says %v, want NotImplementedError (SHA-256 MAC)", f, err)
		}
	}
}

// TestAndroidDebugKeystore: the Android SDK's debug keystore (public
// password "android", alias androiddebugkey) is low, with a note naming
// it; a keystore that only shares the password is not the debug key and
// stays critical.
func TestAndroidDebugKeystore(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, c := range []struct {
		file, rule, severity, note string
		confidence                 detect.Confidence
	}{
		{"android-debug.jks", "keystore-java", "low", "Android SDK debug keystore", detect.ConfidenceLow},
		{"android-debug.p12", "keystore-pkcs12", "low", "Android SDK debug keystore", detect.ConfidenceLow},
		{"android-password.p12", "keystore-pkcs12", "critical", `keystore opens with the well-known password "android"`, detect.ConfidenceHigh},
	} {
		for _, name := range []string{"app/debug.keystore", "keys/upload.jks"} {
			ms := keystoreFindings(s, name, keystoreFixture(t, c.file))
			if len(ms) != 1 {
				t.Fatalf("%s as %s: %d findings, want 1", c.file, name, len(ms))
			}
			m := ms[0]
			if m.Rule.ID != c.rule || m.Severity != c.severity || !strings.HasPrefix(m.Note, c.note) || m.Confidence != c.confidence {
				t.Errorf("%s as %s: %s severity %q confidence %s note %q, want %s %q %s %q...", c.file, name, m.Rule.ID, m.Severity, m.Confidence, m.Note, c.rule, c.severity, c.confidence, c.note)
			}
		}
	}
}

// TestKeystorePKCS12InBER: a PKCS#12 file written in BER, with indefinite
// lengths and its octet strings in pieces, is the same finding as the DER
// file, and the same password check holds (the MAC covers the content,
// not its encoding). Written in BER throughout, inside the MAC's content
// too, it is still found; the MAC over the DER content then no longer
// holds, so no password is said to open it.
func TestKeystorePKCS12InBER(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	for _, file := range []string{"openssl-changeit.p12", "keytool-password.p12", "android-debug.p12"} {
		der := keystoreFixture(t, file)
		want := keystoreFindings(s, file, der)[0]
		for _, deep := range []bool{false, true} {
			ber := toBER(t, der, deep)
			if bytes.Equal(ber, der) || ber[1] != 0x80 {
				t.Fatalf("%s: the BER copy is not indefinite-length", file)
			}
			ms := keystoreFindings(s, file, ber)
			if len(ms) != 1 {
				t.Fatalf("%s in BER (deep %v): %d findings, want 1", file, deep, len(ms))
			}
			note := want.Note
			if deep {
				note = ""
			}
			if ms[0].Rule != want.Rule || ms[0].Note != note {
				t.Errorf("%s in BER (deep %v): %s note %q, want %s note %q", file, deep, ms[0].Rule.ID, ms[0].Note, want.Rule.ID, note)
			}
		}
	}
	// Indefinite lengths that never close, or close too early, are not
	// keystores.
	ber := toBER(t, keystoreFixture(t, "openssl-changeit.p12"), false)
	for name, data := range map[string][]byte{"unclosed": ber[:len(ber)-2], "cut": ber[:len(ber)/2]} {
		if ms := keystoreFindings(s, "x.p12", data); len(ms) > 0 {
			t.Errorf("%s BER: found %s", name, ms[0].Rule.ID)
		}
	}
}

// toBER writes DER again as BER: every constructed element with an
// indefinite length, every OCTET STRING longer than 16 bytes in 16-byte
// pieces. With deep, the DER held inside OCTET STRINGs (PKCS#12's
// authSafe and SafeContents) is written in BER too.
func toBER(t *testing.T, der []byte, deep bool) []byte {
	t.Helper()
	var out []byte
	for len(der) > 0 {
		tag := der[0]
		l, n := int(der[1]), 2
		if l&0x80 != 0 {
			k := l & 0x7f
			l = 0
			for _, c := range der[2 : 2+k] {
				l = l<<8 | int(c)
			}
			n += k
		}
		content := der[n : n+l]
		der = der[n+l:]
		switch {
		case tag&0x20 != 0:
			out = append(out, tag, 0x80)
			out = append(out, toBER(t, content, deep)...)
			out = append(out, 0, 0)
		case tag == 0x04 && len(content) > 16:
			if deep && content[0] == 0x30 && validDER(content, 0) {
				content = toBER(t, content, deep)
			}
			out = append(out, 0x24, 0x80)
			for len(content) > 0 {
				piece := content[:min(16, len(content))]
				content = content[len(piece):]
				out = append(out, 0x04, byte(len(piece)))
				out = append(out, piece...)
			}
			out = append(out, 0, 0)
		default:
			out = append(out, tag)
			out = appendLength(out, len(content))
			out = append(out, content...)
		}
	}
	return out
}

// validDER reports whether b is a run of DER elements, constructed ones
// made of elements all the way down: a SEQUENCE, not ciphertext that
// happens to start like one.
func validDER(b []byte, depth int) bool {
	for len(b) > 0 {
		var v asn1.RawValue
		rest, err := asn1.Unmarshal(b, &v)
		if err != nil || depth > 20 || v.IsCompound && !validDER(v.Bytes, depth+1) {
			return false
		}
		b = rest
	}
	return true
}

func appendLength(out []byte, n int) []byte {
	if n < 0x80 {
		return append(out, byte(n))
	}
	var b []byte
	for ; n > 0; n >>= 8 {
		b = append([]byte{byte(n)}, b...)
	}
	return append(append(out, 0x80|byte(len(b))), b...)
}
