package detect

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"hash"
	"slices"
	"unicode/utf16"

	"github.com/leakhound/leakhound/internal/rule"
)

// Keystores are binary files that hold private keys: PKCS#12 (.p12, .pfx,
// RFC 7292) and Java's JKS and JCEKS. Patterns cannot read DER, so a
// file's first bytes are checked by ScanFile, and a keystore is one
// finding for the whole file, whatever its name. The base64 text of one
// (a CI variable, a Kubernetes secret) is found by the keystore rules'
// patterns and checked here the same way (see keystoreText). A keystore
// that holds certificates only (a trust store) is no credential. When a
// well-known password opens it, the finding is critical and its note says
// which; the password is never read otherwise. The Android SDK's debug
// keystore is the exception: its password ("android") and alias
// ("androiddebugkey") are public defaults and its key signs only debug
// builds, so it is reported low, with a note naming it.

const (
	keystoreProvider = "keystore"
	rulePKCS12       = "keystore-pkcs12"
	ruleJavaKeystore = "keystore-java"
)

// wellKnownKeystorePasswords are the passwords keystores are left with:
// none, the JDK's default ("changeit", its cacerts' own), the Android
// SDK's debug keystore's ("android"), and the commonest guesses.
var wellKnownKeystorePasswords = []string{"", "changeit", "android", "password", "changeme", "secret", "123456"}

// Android's debug keystore (developer.android.com/studio/publish/app-signing,
// "Sign your debug build"): the SDK creates ~/.android/debug.keystore with
// this password and alias.
const (
	androidDebugPassword = "android"
	androidDebugAlias    = "androiddebugkey"
)

// keystore is what inspecting a keystore found.
type keystore struct {
	rule string // rulePKCS12 or ruleJavaKeystore
	// opened: one of wellKnownKeystorePasswords opens it, password.
	opened   bool
	password string
	aliases  []string // the entries' names, where the file shows them
}

// androidDebug reports the Android SDK's debug keystore: its public
// password opens it and it holds the SDK's alias.
func (k keystore) androidDebug() bool {
	return k.opened && k.password == androidDebugPassword && slices.Contains(k.aliases, androidDebugAlias)
}

// note says how weak the keystore's protection is, or "" when no
// well-known password opens it.
func (k keystore) note() string {
	switch {
	case k.androidDebug():
		return `Android SDK debug keystore (alias "androiddebugkey", public password "android"): it signs debug builds only; check it is not also a release key`
	case !k.opened:
		return ""
	case k.password == "":
		return "keystore opens with an empty password"
	}
	return `keystore opens with the well-known password "` + k.password + `"`
}

// keystoreMatch reports data as a keystore finding when it is one and the
// engine has the rule for it. Ordinary content costs a look at its first
// bytes.
func (s *Scanner) keystoreMatch(data []byte) (Match, bool) {
	if sniffKeystore(data) == "" {
		return Match{}, false
	}
	k, ok := inspectKeystore(data)
	if !ok {
		return Match{}, false
	}
	c := s.e.ruleByID(k.rule)
	if c == nil {
		return Match{}, false // the user's rules leave it out
	}
	m := Match{Rule: c.Rule, Secret: base64.StdEncoding.EncodeToString(data), Start: 0, End: len(data), Confidence: ConfidenceHigh}
	k.describe(&m)
	if s.unit.test || s.unit.docs {
		m.Confidence = testConfidence(c, m.Confidence, nil)
	}
	return m, true
}

// keystoreText checks a keystore rule's match of base64 text: it must
// decode to a keystore of the rule's kind. The secret becomes the
// keystore's canonical base64, so the file and its text share a
// fingerprint.
func keystoreText(m *Match) bool {
	b64 := bytes.TrimRight([]byte(m.Secret), "=")
	data := make([]byte, base64.RawStdEncoding.DecodedLen(len(b64)))
	n, err := base64.RawStdEncoding.Decode(data, b64)
	if err != nil {
		return false
	}
	k, ok := inspectKeystore(data[:n])
	if !ok || k.rule != m.Rule.ID {
		return false
	}
	m.Secret = base64.StdEncoding.EncodeToString(data[:n])
	k.describe(m)
	return true
}

func (k keystore) describe(m *Match) {
	switch {
	case k.androidDebug():
		m.Severity, m.Confidence, m.Note = rule.SeverityLow, ConfidenceLow, k.note()
	case k.opened:
		m.Severity, m.Note = rule.SeverityCritical, k.note()
	}
}

// ruleByID returns the engine's rule with that id, or nil. Only a keystore
// asks, so a linear search costs nothing worth a map.
func (e *Engine) ruleByID(id string) *compiled {
	for i := range e.rules {
		if e.rules[i].ID == id {
			return &e.rules[i]
		}
	}
	return nil
}

// sniffKeystore names the rule of the keystore kind data's first bytes
// announce, or "": a SEQUENCE whose first element is INTEGER 3 (a PKCS#12
// PFX's version), in DER or in BER with an indefinite length (30 80, as
// Windows' and some Java providers' writers make them), or JKS's or
// JCEKS's magic number.
func sniffKeystore(data []byte) string {
	switch {
	case len(data) < 16:
		return ""
	case data[0] == 0x30:
		// 30 len 02 01 03, len in one to four bytes or indefinite (80).
		i := 2
		if l := data[1]; l&0x80 != 0 {
			i += int(l & 0x7f)
		}
		if i+3 <= len(data) && data[1] <= 0x84 && bytes.Equal(data[i:i+3], []byte{0x02, 0x01, 0x03}) {
			return rulePKCS12
		}
	case bytes.HasPrefix(data, jksMagic), bytes.HasPrefix(data, jceksMagic):
		return ruleJavaKeystore
	}
	return ""
}

// inspectKeystore checks the whole structure of a keystore that
// sniffKeystore announced, so random bytes and certificates are not
// keystores, and whether it holds a key.
func inspectKeystore(data []byte) (keystore, bool) {
	switch sniffKeystore(data) {
	case rulePKCS12:
		return inspectPKCS12(data)
	case ruleJavaKeystore:
		return inspectJavaKeystore(data)
	}
	return keystore{}, false
}

// PKCS#12 (RFC 7292 section 4): PFX ::= SEQUENCE { version INTEGER {v3(3)},
// authSafe ContentInfo, macData MacData OPTIONAL }, authSafe being
// pkcs7-data whose octets are a SEQUENCE OF ContentInfo, each plain
// (data) SafeContents or encrypted.

var (
	oidPKCS7Data          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidPKCS7EncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidPKCS7EnvelopedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}
	// Bag types that hold a key (RFC 7292 section 4.2): keyBag,
	// pkcs8ShroudedKeyBag, secretBag.
	oidKeyBags = []asn1.ObjectIdentifier{
		{1, 2, 840, 113549, 1, 12, 10, 1, 1},
		{1, 2, 840, 113549, 1, 12, 10, 1, 2},
		{1, 2, 840, 113549, 1, 12, 10, 1, 5},
	}
)

type pfxPDU struct {
	Version  int
	AuthSafe contentInfo
	MacData  macData `asn1:"optional"`
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type safeBag struct {
	ID    asn1.ObjectIdentifier
	Value asn1.RawValue `asn1:"tag:0,explicit"`
	Attrs asn1.RawValue `asn1:"optional"`
}

type macData struct {
	Mac struct {
		Algorithm struct {
			Algorithm  asn1.ObjectIdentifier
			Parameters asn1.RawValue `asn1:"optional"`
		}
		Digest []byte
	}
	Salt       []byte
	Iterations int `asn1:"optional,default:1"`
}

func inspectPKCS12(data []byte) (keystore, bool) {
	var pfx pfxPDU
	// BER (indefinite lengths, octet strings in pieces) is read as DER:
	// the MAC covers the content octets, which the conversion keeps.
	if !unmarshalBER(data, &pfx) || pfx.Version != 3 || !pfx.AuthSafe.ContentType.Equal(oidPKCS7Data) {
		return keystore{}, false
	}
	var octets []byte
	if !unmarshalBER(pfx.AuthSafe.Content.Bytes, &octets) {
		return keystore{}, false
	}
	var safe []contentInfo
	if !unmarshalBER(octets, &safe) || len(safe) == 0 {
		return keystore{}, false
	}
	hasKey := false
	var aliases []string
	for _, ci := range safe {
		switch {
		case ci.ContentType.Equal(oidPKCS7EncryptedData), ci.ContentType.Equal(oidPKCS7EnvelopedData):
			hasKey = true // sealed: a key may be inside
		case ci.ContentType.Equal(oidPKCS7Data):
			var contents []byte
			var bags []safeBag
			if !unmarshalBER(ci.Content.Bytes, &contents) || !unmarshalBER(contents, &bags) {
				return keystore{}, false
			}
			for _, b := range bags {
				for _, oid := range oidKeyBags {
					hasKey = hasKey || b.ID.Equal(oid)
				}
				if name, ok := friendlyName(b.Attrs); ok {
					aliases = append(aliases, name)
				}
			}
		default:
			return keystore{}, false
		}
	}
	if !hasKey {
		return keystore{}, false // certificates in plain sight only: a trust store
	}
	k := keystore{rule: rulePKCS12, aliases: aliases}
	k.opened, k.password = pkcs12Opens(&pfx.MacData, octets)
	return k, true
}

// unmarshalBER reads b, one whole element, into v: as DER, or as BER
// written again as DER.
func unmarshalBER(b []byte, v any) bool {
	rest, err := asn1.Unmarshal(b, v)
	if err != nil {
		der, ok := berToDER(b)
		if !ok {
			return false
		}
		rest, err = asn1.Unmarshal(der, v)
	}
	return err == nil && len(rest) == 0
}

// oidFriendlyName is PKCS#9's friendlyName attribute (RFC 2985 section
// 5.5.1), a bag's alias, a BMPString.
var oidFriendlyName = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}

// friendlyName reads the friendlyName among a bag's attributes.
func friendlyName(attrs asn1.RawValue) (string, bool) {
	if len(attrs.FullBytes) == 0 {
		return "", false
	}
	var list []struct {
		ID     asn1.ObjectIdentifier
		Values asn1.RawValue
	}
	if _, err := asn1.UnmarshalWithParams(attrs.FullBytes, &list, "set"); err != nil {
		return "", false
	}
	for _, a := range list {
		var v asn1.RawValue
		if !a.ID.Equal(oidFriendlyName) {
			continue
		}
		if _, err := asn1.Unmarshal(a.Values.Bytes, &v); err != nil || v.Tag != 30 || len(v.Bytes)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(v.Bytes)/2)
		for i := range u {
			u[i] = binary.BigEndian.Uint16(v.Bytes[2*i:])
		}
		return string(utf16.Decode(u)), true
	}
	return "", false
}

// maxMacIterations bounds the work a file may ask of the password check;
// tools use 2048 (OpenSSL) to 10000 (the JDK).
const maxMacIterations = 100_000

// pkcs12Opens tells which well-known password the PFX's MAC accepts: the
// MAC key derives from the password (RFC 7292 appendix B), so a MAC that
// verifies means the tools that wrote the file open it with it.
func pkcs12Opens(mac *macData, authSafe []byte) (bool, string) {
	newHash, v := macHash(mac.Mac.Algorithm.Algorithm)
	if newHash == nil || len(mac.Mac.Digest) == 0 || mac.Iterations < 1 || mac.Iterations > maxMacIterations {
		return false, "" // no MAC, or one we do not read: unknown
	}
	u := newHash().Size()
	check := func(pw []byte) bool {
		key := pkcs12KDF(newHash, v, mac.Salt, pw, mac.Iterations, 3, u)
		h := hmac.New(newHash, key)
		h.Write(authSafe)
		return hmac.Equal(h.Sum(nil), mac.Mac.Digest)
	}
	for _, pw := range wellKnownKeystorePasswords {
		// A BMPString with its two zero bytes; an empty password is
		// written by some tools as no bytes at all.
		if check(bmpPassword(pw)) || pw == "" && check(nil) {
			return true, pw
		}
	}
	return false, ""
}

// macHash returns the hash a MAC's digest algorithm names with its block
// size in bytes, or nil.
func macHash(oid asn1.ObjectIdentifier) (func() hash.Hash, int) {
	switch oid.String() {
	case "1.3.14.3.2.26":
		return sha1.New, 64
	case "2.16.840.1.101.3.4.2.4":
		return sha256.New224, 64
	case "2.16.840.1.101.3.4.2.1":
		return sha256.New, 64
	case "2.16.840.1.101.3.4.2.2":
		return sha512.New384, 128
	case "2.16.840.1.101.3.4.2.3":
		return sha512.New, 128
	}
	return nil, 0
}

// bmpPassword is a password as PKCS#12 feeds it to its KDF: UTF-16 big
// endian with a terminating zero (RFC 7292 appendix B.1).
func bmpPassword(pw string) []byte {
	out := make([]byte, 0, 2*len(pw)+2)
	for _, r := range utf16.Encode([]rune(pw)) {
		out = binary.BigEndian.AppendUint16(out, r)
	}
	return append(out, 0, 0)
}

// pkcs12KDF derives n bytes for purpose id (3: the MAC key) from salt and
// password with hash h of block size v (RFC 7292 appendix B.2).
func pkcs12KDF(h func() hash.Hash, v int, salt, password []byte, iterations int, id byte, n int) []byte {
	fill := func(b []byte) []byte {
		if len(b) == 0 {
			return nil
		}
		out := make([]byte, v*((len(b)+v-1)/v))
		for i := range out {
			out[i] = b[i%len(b)]
		}
		return out
	}
	d := bytes.Repeat([]byte{id}, v)
	in := append(fill(salt), fill(password)...)
	var out []byte
	for len(out) < n {
		hh := h()
		hh.Write(d)
		hh.Write(in)
		a := hh.Sum(nil)
		for range iterations - 1 {
			hh.Reset()
			hh.Write(a)
			a = hh.Sum(a[:0])
		}
		out = append(out, a...)
		if len(out) >= n {
			break
		}
		// Each v-byte block of the input += B + 1, B being A repeated to
		// v bytes, as big-endian numbers.
		b := fill(a)[:v]
		for j := 0; j < len(in); j += v {
			carry := 1
			for k := v - 1; k >= 0; k-- {
				sum := int(in[j+k]) + int(b[k]) + carry
				in[j+k], carry = byte(sum), sum>>8
			}
		}
	}
	return out[:n]
}

// Java keystores (the JDK's sun.security.provider.JavaKeyStore and
// com.sun.crypto.provider.JceKeyStore): magic, version 1 or 2, an entry
// count, the entries, then a SHA-1 digest of the password (UTF-16 big
// endian), the words "Mighty Aphrodite" and everything before it. Each
// entry is a tag (1: private key, 2: trusted certificate, 3: JCEKS secret
// key), an alias and a date.

var (
	jksMagic   = []byte{0xfe, 0xed, 0xfe, 0xed}
	jceksMagic = []byte{0xce, 0xce, 0xce, 0xce}
)

func inspectJavaKeystore(data []byte) (keystore, bool) {
	r := javaReader{b: data[4:], ok: true}
	version := r.u32()
	count := r.u32()
	// An entry is at least 4 (tag) + 2 (alias) + 8 (date) + 4 bytes.
	if !r.ok || version != 1 && version != 2 || count == 0 || int(count) > len(data)/18 || len(data) < 4+8+20 {
		return keystore{}, false
	}
	hasKey, sealed := false, false
	var aliases []string
	for i := uint32(0); i < count && r.ok && !sealed; i++ {
		tag := r.u32()
		// The alias, in Java's modified UTF-8 (plain ASCII for keytool's).
		aliases = append(aliases, string(r.take(int(r.u16()))))
		r.skip(8) // date
		switch tag {
		case 1: // the encrypted key, then its certificate chain
			hasKey = true
			r.skip(int(r.u32()))
			chain := r.u32()
			for j := uint32(0); j < chain && r.ok; j++ {
				r.skipCert(version)
			}
		case 2:
			r.skipCert(version)
		case 3:
			// A JCEKS secret key is a serialised Java object, which only
			// Java reads to its end: its stream magic is checked, and
			// the walk stops there.
			hasKey, sealed = true, bytes.HasPrefix(r.b, []byte{0xac, 0xed, 0x00, 0x05})
			if !sealed {
				return keystore{}, false
			}
		default:
			return keystore{}, false
		}
	}
	if !r.ok || !hasKey || !sealed && len(r.b) != sha1.Size {
		return keystore{}, false // cut short, or a trust store
	}
	k := keystore{rule: ruleJavaKeystore, aliases: aliases}
	body, digest := data[:len(data)-sha1.Size], data[len(data)-sha1.Size:]
	for _, pw := range wellKnownKeystorePasswords {
		h := sha1.New()
		for _, c := range utf16.Encode([]rune(pw)) {
			h.Write([]byte{byte(c >> 8), byte(c)})
		}
		h.Write([]byte("Mighty Aphrodite"))
		h.Write(body)
		if bytes.Equal(h.Sum(nil), digest) {
			k.opened, k.password = true, pw
			break
		}
	}
	return k, true
}

// javaReader reads a Java keystore's big-endian fields; ok turns false,
// for good, at the first read past the end.
type javaReader struct {
	b  []byte
	ok bool
}

func (r *javaReader) take(n int) []byte {
	if !r.ok || n < 0 || n > len(r.b) {
		r.ok = false
		return make([]byte, max(n, 0))
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *javaReader) u32() uint32 { return binary.BigEndian.Uint32(r.take(4)) }
func (r *javaReader) u16() uint16 { return binary.BigEndian.Uint16(r.take(2)) }
func (r *javaReader) skip(n int)  { r.take(n) }

// skipCert skips a certificate: its type's name (version 2) and its
// encoding.
func (r *javaReader) skipCert(version uint32) {
	if version == 2 {
		r.skip(int(r.u16()))
	}
	r.skip(int(r.u32()))
}
