package corpus

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/testutil"
)

// gen is the corpus's one source of randomness: every value, choice and
// file comes from it, so a seed gives the same corpus every time.
type gen struct{ *testutil.Gen }

const (
	lower   = "abcdefghijklmnopqrstuvwxyz"
	upper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits  = "0123456789"
	urlSafe = testutil.Base62 + "_-"
	b64std  = testutil.Base62 + "+/"
	// crypt(3) and bcrypt write hashes in this alphabet.
	cryptB64 = "./" + digits + upper + lower
)

func (g gen) pick(xs ...string) string { return xs[g.IntN(len(xs))] }

// one picks an element of xs.
func one[T any](g gen, xs []T) T { return xs[g.IntN(len(xs))] }

// chance is true about percent times in a hundred.
func (g gen) chance(percent int) bool { return g.IntN(100) < percent }

func (g gen) hex(n int) string    { return g.String(testutil.Hex, n) }
func (g gen) base62(n int) string { return g.String(testutil.Base62, n) }
func (g gen) urlsafe(n int) string {
	// A value that ends in - or _ reads oddly in most formats; real tokens
	// rarely do, so keep the last character alphanumeric.
	return g.String(urlSafe, n-1) + g.base62(1)
}
func (g gen) digits(n int) string { return g.String("123456789", 1) + g.String(digits, n-1) }

func (g gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.IntN(256))
	}
	return b
}

// word lists for realistic names and passwords; none is a placeholder a
// scanner could be expected to ignore.
var (
	nouns = []string{"harbor", "lantern", "maple", "orbit", "falcon", "cobalt", "meadow", "quartz", "willow", "ember", "canyon", "glacier", "saffron", "violet", "tundra", "juniper", "copper", "marble", "pepper", "raven", "summit", "thistle", "walnut", "zephyr", "blossom", "crimson", "dahlia", "galaxy", "horizon", "island", "jasmine", "kettle", "lagoon", "mosaic", "nectar", "oyster", "pebble", "quill", "ripple", "sierra"}
	// Weak passwords people really deploy; they count as leaks.
	weakBases = []string{"changeme1", "admin123", "letmein!", "qwerty123", "Passw0rd!", "P@ssw0rd", "Welcome1!", "root1234", "abc12345", "iloveyou1", "dragon123", "monkey123", "trustno1", "master123", "football1"}
	seasons   = []string{"Summer", "Winter", "Spring", "Autumn", "Fall"}
)

// Password characters allowed by the syntax around the value.
type pwProfile int

const (
	pwQuoted pwProfile = iota // inside a quoted string
	pwBare                    // unquoted value (env, ini, properties, yaml)
	pwURL                     // userinfo of a URL: unreserved characters only
	pwXML                     // XML text or attribute
	pwShell                   // a shell word in single quotes or bare
)

func (p pwProfile) symbols() string {
	switch p {
	case pwQuoted:
		return "!@#%^&*()-_=+[]{}:,.?~"
	case pwURL:
		return "-_.~"
	case pwXML:
		return "!@#%^*()-_=+[]{}:,.?~"
	case pwShell:
		return "@%+-_.,~"
	default:
		return "!@%^*-_+.,~"
	}
}

// password returns a realistic password for the profile and whether it is
// a weak, common one.
func (g gen) password(p pwProfile) (string, bool) {
	sym := p.symbols()
	allowed := func(s string) bool {
		for _, r := range s {
			if !strings.ContainsRune(testutil.Base62, r) && !strings.ContainsRune(sym, r) {
				return false
			}
		}
		return true
	}
	switch n := g.IntN(20); {
	case n < 2: // weak, from the usual list
		for {
			w := g.pick(weakBases...)
			if allowed(w) {
				return w, true
			}
		}
	case n < 3: // weak, season and year
		w := fmt.Sprintf("%s%d", g.pick(seasons...), 2018+g.IntN(8))
		if strings.ContainsRune(sym, '!') {
			w += "!"
		}
		return w, true
	case n < 10: // random characters
		cls := testutil.Base62 + sym
		for {
			s := g.String(cls, 12+g.IntN(13))
			// Not ending in a comma or a full stop, which text around a
			// bare value ends its sentence or list item with.
			if strings.ContainsAny(s, digits) && strings.ContainsAny(s, upper) && strings.ContainsAny(s, lower) && !strings.ContainsAny(s[:1], "-") && !strings.ContainsAny(s[len(s)-1:], ",.") {
				return s, false
			}
		}
	case n < 15: // words, digits and a symbol
		w := g.pick(nouns...)
		w = strings.ToUpper(w[:1]) + w[1:]
		sep := string(sym[g.IntN(len(sym))])
		return w + sep + g.pick(nouns...) + g.digits(2+g.IntN(3)), false
	default: // passphrase
		sep := g.pick("-", ".", "_")
		if !strings.Contains(sym, sep) {
			sep = "-"
		}
		parts := []string{g.pick(nouns...), g.pick(nouns...), g.pick(nouns...)}
		if g.chance(50) {
			parts = append(parts, g.digits(2))
		}
		return strings.Join(parts, sep), false
	}
}

// username returns a service account or person name.
func (g gen) username() string {
	return g.pick("app", "svc_"+g.pick(nouns...), "deploy", "admin", "root", "backup", g.pick(nouns...)+"_rw", "etl", "jenkins", "ci-bot", "reporting", g.pick("alice", "bob", "carol", "dmitri", "erin", "farid"))
}

func (g gen) hostname() string {
	host := g.pick("db", "pg", "mysql", "mongo", "cache", "mq", "ldap", "files", "mail", "proxy") + fmt.Sprintf("%02d", 1+g.IntN(20))
	if g.chance(20) {
		return host + "." + g.pick("default", "data", "platform") + ".svc.cluster.local"
	}
	return host + "." + g.pick("internal", "corp", "prod", "eu-west-1") + "." + g.pick("acme-corp.net", "northwind.io", "globex.dev", "initech.co")
}

// --- password hashes ---------------------------------------------------

// The crypt(3) formats: "$id$salt$hash" (man 5 crypt, and
// akkadia.org/drepper/SHA-crypt.txt for $5$/$6$); bcrypt is
// "$2b$cost$" + 22 salt + 31 hash characters (openwall.com/crypt/).
func (g gen) bcrypt() string {
	return fmt.Sprintf("$%s$%02d$%s", g.pick("2a", "2b", "2y"), 10+g.IntN(3), g.String(cryptB64, 53))
}
func (g gen) sha512crypt() string {
	rounds := ""
	if g.chance(20) {
		rounds = "rounds=656000$"
	}
	return "$6$" + rounds + g.String(cryptB64, 8+g.IntN(9)) + "$" + g.String(cryptB64, 86)
}
func (g gen) sha256crypt() string {
	return "$5$" + g.String(cryptB64, 16) + "$" + g.String(cryptB64, 43)
}
func (g gen) md5crypt() string { return "$1$" + g.String(cryptB64, 8) + "$" + g.String(cryptB64, 22) }
func (g gen) apr1() string     { return "$apr1$" + g.String(cryptB64, 8) + "$" + g.String(cryptB64, 22) }

// Django's "<algorithm>$<iterations>$<salt>$<hash>"
// (docs.djangoproject.com/en/stable/topics/auth/passwords/).
func (g gen) djangoPBKDF2() string {
	iters := g.pick("260000", "320000", "390000", "600000", "720000", "870000")
	return "pbkdf2_sha256$" + iters + "$" + g.base62(22) + "$" + base64.StdEncoding.EncodeToString(g.bytes(32))
}
func (g gen) djangoArgon2() string {
	return "argon2$argon2id$v=19$m=102400,t=2,p=8$" + g.base62(22) + "$" + strings.TrimRight(base64.RawStdEncoding.EncodeToString(g.bytes(32)), "=")
}

// Kerberos roasting output as hashcat reads it (modes 18200 and 13100).
func (g gen) asrep(user, realm string) string {
	return fmt.Sprintf("$krb5asrep$23$%s@%s:%s$%s", user, realm, g.hex(32), g.hex(2*(150+g.IntN(60))))
}
func (g gen) tgs(user, realm, spn string) string {
	return fmt.Sprintf("$krb5tgs$23$*%s$%s$%s*$%s$%s", user, realm, spn, g.hex(32), g.hex(2*(500+g.IntN(200))))
}

// --- private keys ---------------------------------------------------------

// Keys are real and parse (ed25519 and P-256 from random seeds, RSA from
// primes found with the corpus's own randomness), so a scanner that checks
// a key's structure sees a valid one. Go's crypto/rand-based generators are
// not used: they cannot be made to repeat for a seed.

func (g gen) ed25519Key() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(g.bytes(32)) }

func (g gen) p256Key() *ecdh.PrivateKey {
	for {
		k, err := ecdh.P256().NewPrivateKey(g.bytes(32))
		if err == nil {
			return k
		}
	}
}

// rsaKey builds an RSA key of the given size from two primes.
func (g gen) rsaKey(bits int) *rsa.PrivateKey {
	for {
		p, q := g.prime(bits/2), g.prime(bits/2)
		if p.Cmp(q) == 0 {
			continue
		}
		n := new(big.Int).Mul(p, q)
		if n.BitLen() != bits {
			continue
		}
		one := big.NewInt(1)
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		e := big.NewInt(65537)
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		k.Precompute()
		if k.Validate() == nil {
			return k
		}
	}
}

// prime is the first prime from a random odd start, sieving small
// factors out before the costly test.
func (g gen) prime(bits int) *big.Int {
	b := g.bytes(bits / 8)
	b[0] |= 0xc0 // top two bits: the product has the full size
	b[len(b)-1] |= 1
	base := new(big.Int).SetBytes(b)
	res := make([]uint64, len(smallPrimes))
	m := new(big.Int)
	for i, p := range smallPrimes {
		res[i] = m.Mod(base, big.NewInt(int64(p))).Uint64()
	}
	for delta := uint64(0); ; delta += 2 {
		composite := false
		for i, p := range smallPrimes {
			if (res[i]+delta)%p == 0 {
				composite = true
				break
			}
		}
		if composite {
			continue
		}
		n := new(big.Int).Add(base, new(big.Int).SetUint64(delta))
		if n.ProbablyPrime(0) { // Baillie-PSW: no composite is known to pass it
			return n
		}
	}
}

// smallPrimes are the odd primes below 8192.
var smallPrimes = func() []uint64 {
	const limit = 8192
	var out []uint64
	sieve := make([]bool, limit)
	for i := 3; i < limit; i += 2 {
		if !sieve[i] {
			out = append(out, uint64(i))
			for j := i * i; j < limit; j += 2 * i {
				sieve[j] = true
			}
		}
	}
	return out
}()

func pemBlock(typ string, headers map[string]string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Headers: headers, Bytes: der}))
}

// privateKeyPEM returns a private key in one of the containers scanners
// meet, and the name of that container.
func (g gen) privateKeyPEM(kind string) string {
	switch kind {
	case "pkcs1":
		return pemBlock("RSA PRIVATE KEY", nil, x509.MarshalPKCS1PrivateKey(g.rsaKey(g.rsaBits())))
	case "pkcs1-encrypted":
		// RFC 1421 headers as OpenSSL writes them; the body is ciphertext.
		size := 1192 + 16*g.IntN(4)
		return pemBlock("RSA PRIVATE KEY", map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC," + strings.ToUpper(g.hex(32))}, g.bytes(size))
	case "pkcs8-rsa":
		der, _ := x509.MarshalPKCS8PrivateKey(g.rsaKey(g.rsaBits()))
		return pemBlock("PRIVATE KEY", nil, der)
	case "pkcs8-ed25519":
		der, _ := x509.MarshalPKCS8PrivateKey(g.ed25519Key())
		return pemBlock("PRIVATE KEY", nil, der)
	case "pkcs8-ec":
		der, err := x509.MarshalPKCS8PrivateKey(g.p256Key())
		if err != nil {
			panic(err)
		}
		return pemBlock("PRIVATE KEY", nil, der)
	case "pkcs8-encrypted":
		// PBES2 with PBKDF2 and AES-256-CBC (RFC 8018): a real header
		// (algorithm identifiers, salt, IV) before random ciphertext.
		der := encryptedPKCS8(g)
		return pemBlock("ENCRYPTED PRIVATE KEY", nil, der)
	case "sec1-ec":
		// SEC 1 "EC PRIVATE KEY" for P-256 (RFC 5915): version, key, curve OID, public key.
		k := g.p256Key()
		der := sec1(k)
		return pemBlock("EC PRIVATE KEY", nil, der)
	case "openssh":
		return openSSHKey(g, g.ed25519Key(), false)
	case "openssh-encrypted":
		return openSSHKey(g, g.ed25519Key(), true)
	}
	panic("unknown key kind " + kind)
}

func (g gen) rsaBits() int {
	if g.chance(25) {
		return 2048
	}
	return 1024
}

func encryptedPKCS8(g gen) []byte {
	// SEQUENCE { SEQUENCE { pbes2 OID, params }, OCTET STRING ciphertext }
	salt, iv := g.bytes(8), g.bytes(16)
	pbkdf2 := seq(oid("1.2.840.113549.1.5.12"), seq(octet(salt), integer(2048), seq(oid("1.2.840.113549.2.9"), []byte{5, 0})))
	aes := seq(oid("2.16.840.1.101.3.4.1.42"), octet(iv))
	algo := seq(oid("1.2.840.113549.1.5.13"), seq(pbkdf2, aes))
	return seq(algo, octet(g.bytes(1216+16*g.IntN(4))))
}

func sec1(k *ecdh.PrivateKey) []byte {
	pub := append([]byte{0}, k.PublicKey().Bytes()...)
	curve := append([]byte{0xa0}, derLen(oid("1.2.840.10045.3.1.7"))...)
	bits := append([]byte{0xa1}, derLen(tlv(0x03, pub))...)
	return seq(integer(1), octet(k.Bytes()), curve, bits)
}

// Minimal DER writers for the few structures above.
func tlv(tag byte, body []byte) []byte { return append([]byte{tag}, derLen(body)...) }
func derLen(body []byte) []byte {
	n := len(body)
	switch {
	case n < 0x80:
		return append([]byte{byte(n)}, body...)
	case n < 0x100:
		return append([]byte{0x81, byte(n)}, body...)
	default:
		return append([]byte{0x82, byte(n >> 8), byte(n)}, body...)
	}
}
func seq(parts ...[]byte) []byte { return tlv(0x30, concat(parts)) }
func octet(b []byte) []byte      { return tlv(0x04, b) }
func integer(n int) []byte       { return tlv(0x02, big.NewInt(int64(n)).Bytes()) }
func oid(s string) []byte {
	var ids []int
	for _, p := range strings.Split(s, ".") {
		var v int
		fmt.Sscan(p, &v)
		ids = append(ids, v)
	}
	out := []byte{byte(ids[0]*40 + ids[1])}
	for _, v := range ids[2:] {
		var enc []byte
		for {
			enc = append([]byte{byte(v & 0x7f)}, enc...)
			v >>= 7
			if v == 0 {
				break
			}
		}
		for i := 0; i < len(enc)-1; i++ {
			enc[i] |= 0x80
		}
		out = append(out, enc...)
	}
	return tlv(0x06, out)
}
func concat(parts [][]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// sshString is the SSH wire "string": a uint32 length, then the bytes (RFC 4251 §5).
func sshString(b []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(b)))
	return append(out, b...)
}

func ed25519PublicBlob(k ed25519.PrivateKey) []byte {
	return append(sshString([]byte("ssh-ed25519")), sshString(k.Public().(ed25519.PublicKey))...)
}

// openSSHKey writes the "openssh-key-v1" container (OpenSSH's PROTOCOL.key):
// magic, cipher, KDF, one public key, then the private section padded to the
// cipher's block size. Encrypted keys carry bcrypt KDF options and ciphertext.
func openSSHKey(g gen, k ed25519.PrivateKey, encrypted bool) string {
	check := g.bytes(4)
	priv := concat([][]byte{check, check, sshString([]byte("ssh-ed25519")), sshString(k.Public().(ed25519.PublicKey)), sshString(k), sshString([]byte(g.username() + "@" + g.pick(nouns...)))})
	block := 8
	cipher, kdf, opts := "none", "none", []byte{}
	if encrypted {
		block = 16
		cipher, kdf = "aes256-ctr", "bcrypt"
		opts = append(sshString(g.bytes(16)), binary.BigEndian.AppendUint32(nil, 16)...)
	}
	for i := 1; len(priv)%block != 0; i++ {
		priv = append(priv, byte(i))
	}
	if encrypted {
		priv = g.bytes(len(priv) + 16) // ciphertext and tag
	}
	body := concat([][]byte{[]byte("openssh-key-v1\x00"), sshString([]byte(cipher)), sshString([]byte(kdf)), sshString(opts), binary.BigEndian.AppendUint32(nil, 1), sshString(ed25519PublicBlob(k)), sshString(priv)})
	b64 := base64.StdEncoding.EncodeToString(body)
	return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + wrap(b64, 70) + "-----END OPENSSH PRIVATE KEY-----\n"
}

func wrap(s string, width int) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width] + "\n")
		s = s[width:]
	}
	if s != "" {
		b.WriteString(s + "\n")
	}
	return b.String()
}

// puttyKey writes a PuTTY .ppk (format 3: the PuTTY manual's appendix C,
// "PPK file format"). Unencrypted keys carry an HMAC-SHA-256 under the empty
// key over the key's fields; encrypted ones Argon2 parameters and ciphertext.
func puttyKey(g gen, encrypted bool) string {
	k := g.ed25519Key()
	comment := "eddsa-key-" + time.Date(2019+g.IntN(6), time.Month(1+g.IntN(12)), 1+g.IntN(28), 0, 0, 0, 0, time.UTC).Format("20060102")
	pub := ed25519PublicBlob(k)
	priv := sshString(k.Seed())
	enc := "none"
	var kdf string
	if encrypted {
		enc = "aes256-cbc"
		for len(priv)%16 != 0 {
			priv = append(priv, byte(g.IntN(256)))
		}
		priv = g.bytes(len(priv))
		kdf = fmt.Sprintf("Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: %d\nArgon2-Parallelism: 1\nArgon2-Salt: %s\n", 8+g.IntN(30), g.hex(32))
	}
	mac := hmac.New(sha256.New, nil)
	for _, f := range [][]byte{[]byte("ssh-ed25519"), []byte(enc), []byte(comment), pub, priv} {
		mac.Write(sshString(f))
	}
	pubB64, privB64 := wrap(base64.StdEncoding.EncodeToString(pub), 64), wrap(base64.StdEncoding.EncodeToString(priv), 64)
	return fmt.Sprintf("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: %s\nComment: %s\nPublic-Lines: %d\n%s%sPrivate-Lines: %d\n%sPrivate-MAC: %s\n",
		enc, comment, strings.Count(pubB64, "\n"), pubB64, kdf, strings.Count(privB64, "\n"), privB64, hex.EncodeToString(mac.Sum(nil)))
}

// pgpPrivateKey writes an ASCII-armored OpenPGP secret key (RFC 4880 §6):
// a secret-key packet (version 4, EdDSA) and a user ID packet, with the
// armor's CRC-24 checksum line.
func pgpPrivateKey(g gen) string {
	body := g.bytes(80 + g.IntN(40))
	pkt := append([]byte{0x95, 0, byte(6 + len(body))}, 4)
	pkt = binary.BigEndian.AppendUint32(pkt, uint32(1500000000+g.IntN(200000000)))
	pkt = append(append(pkt, 22), body...)
	uid := []byte(fmt.Sprintf("%s %s <%s@%s>", strings.ToUpper(g.pick(nouns...)[:1])+g.pick(nouns...)[1:], "Release Signing", g.pick(nouns...), g.pick("acme-corp.net", "northwind.io", "globex.dev")))
	pkt = append(append(pkt, 0xb4, byte(len(uid))), uid...)
	b64 := base64.StdEncoding.EncodeToString(pkt)
	crc := crc24(pkt)
	sum := base64.StdEncoding.EncodeToString([]byte{byte(crc >> 16), byte(crc >> 8), byte(crc)})
	return "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + wrap(b64, 64) + "=" + sum + "\n-----END PGP PRIVATE KEY BLOCK-----\n"
}

func crc24(data []byte) uint32 {
	crc := uint32(0xB704CE)
	for _, b := range data {
		crc ^= uint32(b) << 16
		for i := 0; i < 8; i++ {
			crc <<= 1
			if crc&0x1000000 != 0 {
				crc ^= 0x1864CFB
			}
		}
	}
	return crc & 0xFFFFFF
}

// --- public material (decoys) -----------------------------------------------

func (g gen) sshPublicKey() string {
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(ed25519PublicBlob(g.ed25519Key())) + " " + g.username() + "@" + g.pick(nouns...)
}

func (g gen) publicKeyPEM() string {
	der, _ := x509.MarshalPKIXPublicKey(g.ed25519Key().Public())
	return pemBlock("PUBLIC KEY", nil, der)
}

// certificatePEM is a self-signed ed25519 certificate: public by nature.
func (g gen) certificatePEM() string {
	k := g.ed25519Key()
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).SetBytes(g.bytes(16)),
		Subject:      pkix.Name{CommonName: g.hostname(), Organization: []string{"Acme Corp"}},
		NotBefore:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, k.Public(), k)
	if err != nil {
		panic(err)
	}
	return pemBlock("CERTIFICATE", nil, der)
}

// bech32 for age identities (age-encryption.org/v1: "AGE-SECRET-KEY-1" +
// Bech32 of the 32-byte X25519 key, upper-cased; BIP 173 checksum).
func bech32(hrp string, data []byte) string {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	var five []byte
	acc, bits := 0, 0
	for _, b := range data {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			five = append(five, byte(acc>>bits&31))
		}
	}
	if bits > 0 {
		five = append(five, byte(acc<<(5-bits)&31))
	}
	values := []byte{}
	for _, c := range hrp {
		values = append(values, byte(c>>5))
	}
	values = append(values, 0)
	for _, c := range hrp {
		values = append(values, byte(c&31))
	}
	values = append(append(values, five...), 0, 0, 0, 0, 0, 0)
	gen := []uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if top>>i&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	chk ^= 1
	out := hrp + "1"
	for _, v := range five {
		out += string(charset[v])
	}
	for i := 0; i < 6; i++ {
		out += string(charset[chk>>(5*(5-i))&31])
	}
	return out
}
