package detect

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/leakhound/leakhound/internal/rule"
)

// Confidence is how sure the engine is that a match is the credential its
// rule names: a vendor prefix or the provider's name right before the
// value is high; the provider named in an enclosing key or after the value
// on its line is medium; named a few lines away, or anything in a test,
// fixture or example file, is low. A guessable password (NoteWeakPassword)
// is at most medium when a pattern rule read it (a URL, a command line),
// and keeps its level when it was assigned to a password's name.
type Confidence uint8

const (
	ConfidenceLow Confidence = iota + 1
	ConfidenceMedium
	ConfidenceHigh
)

func (c Confidence) String() string {
	switch c {
	case ConfidenceHigh:
		return "high"
	case ConfidenceMedium:
		return "medium"
	case ConfidenceLow:
		return "low"
	}
	return ""
}

// ParseConfidence reads high, medium or low.
func ParseConfidence(s string) (Confidence, bool) {
	switch s {
	case "high":
		return ConfidenceHigh, true
	case "medium":
		return ConfidenceMedium, true
	case "low":
		return ConfidenceLow, true
	}
	return 0, false
}

func (c Confidence) lower() Confidence { return max(ConfidenceLow, c-1) }

// NoteWeakPassword marks a password found in breach lists or too simple to
// resist guessing: a real credential, and an easy one.
const NoteWeakPassword = "weak password"

// assigned is a rule's compiled Assigned block.
type assigned struct {
	rule    int32
	classes uint8 // bit per keyClass; all when the rule lists none
	// value compiles the shape on first use (most rules never see a
	// candidate value; compiling hundreds up front slows start-up).
	value  func() *regexp.Regexp
	near   int
	minLen int
	name   string
}

func compileAssigned(ri int32, a *rule.Assigned) assigned {
	c := assigned{rule: ri, near: a.Near, minLen: a.MinLength, name: strings.ToLower(a.Name)}
	if c.minLen == 0 {
		c.minLen = 6
	}
	for _, k := range a.Keys {
		c.classes |= 1 << classNames[k]
	}
	if c.classes == 0 {
		c.classes = 0xff
	}
	if a.Value != "" {
		c.value = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:` + a.Value + `)$`) })
	}
	return c
}

func (c *assigned) wants(k keyClass) bool { return c.classes&(1<<k) != 0 }

// unit is what the engine knows about the content being scanned.
type unit struct {
	syntax fileSyntax
	test   bool
	// docs marks documentation and commit messages: like tests, but a
	// generic pattern there (a runbook's command line) is only one level
	// less sure, not low.
	docs bool
	// labels marks localisation files, whose values are words for people.
	labels bool
	// binary marks compiled code, databases and other binary content:
	// its strings are scanned for tokens that carry their own format, but
	// names and values there are not written as assignments (a string
	// table runs them together), so no assignment is read.
	binary bool
	path   string
}

// assignments reads the assignments at the key-word hits of a segment and
// turns them into matches.
func (s *Scanner) assignments(data []byte, outer *span, u unit, matches []Match) []Match {
	if u.binary {
		s.keyHits, s.sqlInsert = s.keyHits[:0], false
		return matches
	}
	sqlInsert := s.sqlInsert
	s.sqlInsert = false
	for _, h := range s.keyHits {
		if h.start < s.lastName {
			continue // a name already read (api_key_token holds two key words)
		}
		a, ok := readAssignment(data, h.start, h.end, u.syntax, &s.unescaped)
		s.lastName = max(s.lastName, a.keyEnd)
		if !ok {
			// A plist's or a map's <key>NAME</key> names the value
			// element after it.
			if d, isEntry := dictionaryEntry(data, h.start, h.end); isEntry {
				s.lastName = max(s.lastName, d.keyEnd)
				matches = s.evaluate(data, d, outer, u, matches, false)
				continue
			}
			// A table's header cell names the cells below it, a SQL
			// table's column the values inserted in it.
			cells, isTable := tableCells(data, h.start, h.end, u)
			if !isTable && sqlInsert && listItemStart(data, h.start) {
				cells, isTable = sqlColumnCells(data, h.start, h.end)
			}
			if isTable {
				for _, c := range cells {
					matches = s.evaluate(data, c, outer, u, matches, false)
				}
				continue
			}
			if c, ok := rowCell(data, h.start, h.end); ok {
				s.lastName = max(s.lastName, c.keyEnd)
				matches = s.evaluate(data, c, outer, u, matches, false)
				continue
			}
			// Not an assignment: perhaps a sentence or a log line that
			// names the value ("token V rejected by Postmark"), which only
			// a provider's rule, with its provider near, may read.
			// Or a chat message or an e-mail that asks for the
			// credential, and the reply that holds it.
			if a.keyEnd > a.keyStart && s.providerHitNear(a.keyStart) {
				if a, ok = readLoose(data, a); !ok {
					a, ok = s.readReply(data, a)
				}
			}
			if ok {
				matches = s.evaluate(data, a, outer, u, matches, true)
			}
			continue
		}
		matches = s.evaluate(data, a, outer, u, matches, false)
	}
	s.keyHits = s.keyHits[:0]
	return matches
}

// evaluate checks one assignment against the generic and the context rules;
// a loose one (read from prose by readLoose) only against the context
// rules that know their value's exact shape.
func (s *Scanner) evaluate(data []byte, a assignment, outer *span, u unit, matches []Match, loose bool) []Match {
	v := unquoteNested(bytes.TrimSpace(a.value))
	// A Kubernetes Secret's data holds its values in base64: the
	// credential is what they decode to, found where they are written.
	dec, path, ok := secretDataValue(data, a, v, u.syntax)
	if ok {
		first := len(matches)
		matches = s.evaluateValue(data, a, dec, path, outer, u, matches, loose)
		for i := first; i < len(matches); i++ {
			if matches[i].Encoding == "" {
				matches[i].Encoding = EncodingBase64
			}
		}
		return matches
	}
	return s.evaluateValue(data, a, v, path, outer, u, matches, loose)
}

// evaluateValue is evaluate with the value read, and the key's path when
// it was worked out already ("": not yet).
func (s *Scanner) evaluateValue(data []byte, a assignment, v []byte, path string, outer *span, u unit, matches []Match, loose bool) []Match {
	e := s.e
	if a.class == classAuth || a.class == classToken {
		v = stripAuthScheme(v, a.class == classAuth)
	}
	verdict := classifyValue(v, a.quoted, u.syntax == syntaxCode)
	if verdict != valueLiteral && verdict != valueWeak {
		return matches
	}
	if echoesName(data[a.keyStart:a.keyEnd], v) {
		return matches
	}
	// A value that reads as a name in code is only trusted when a
	// provider's rule recognises its shape (a JWT's dots, Vault's s.).
	codeLike := a.quoted && codeLikeValue(v, a.class == classPassword) || !a.quoted && u.syntax == syntaxUnknown && !a.datum && looksLikeName(v, a.class == classPassword)
	if u.labels && a.class == classPassword {
		return matches // a localisation file's "password": "Kennwort"
	}
	var provider []keywordPlace
	if len(e.contextRules) > 0 && verdict == valueLiteral {
		if path == "" {
			path = keyPath(data, a.keyStart, a.keyEnd, u.syntax)
		}
		provider = s.providerNear(data, a, path, u.syntax)
	}
	// Of the provider rules that accept the value, only the best placed
	// report it: a rule that names this kind of token (name:) beats one
	// that only knows the provider, then the nearest provider wins.
	first, best := len(matches), -1
	lowPath := strings.ToLower(path)
	if loose {
		// A loose value's label goes on before its key word ("Algolia
		// admin api key - V"): those words say which kind of token it is.
		lowPath += " " + strings.ToLower(string(looseLabel(data, a.keyStart)))
	}
	for _, p := range provider {
		cands := e.contextRules[p.keyword]
		if p.call {
			cands = e.callRules[p.keyword]
		}
		for _, ci := range cands {
			c := &e.assigned[ci]
			r := &e.rules[c.rule]
			// A heading reaches past the lines a rule reads only for rules
			// that read the usual lines above.
			if !c.wants(a.class) || len(v) < c.minLen || p.place == placeLines && p.lines > c.near || p.place == placeHeading && c.near < mediumLines || (p.place == placeImport || p.place == placeBlockHost) && c.value == nil || p.place == placeBlockHost && c.near < mediumLines ||
				p.place == placeBelow && p.lines > c.near/2 || loose && c.value == nil {
				continue
			}
			// An SDK name a rule lists is that rule's, whatever the key's
			// name says (new AccountClient(adminToken)).
			if c.name != "" && !p.call && !strings.Contains(lowPath, c.name) {
				continue
			}
			if c.value == nil && codeLike || c.value != nil && !c.value().Match(v) || !r.accepts(v) {
				continue
			}
			rank := int(p.confidence())
			if c.name != "" {
				rank += 10
			}
			switch {
			case rank > best:
				matches, best = matches[:first], rank
			case rank < best:
				continue
			}
			matches = append(matches, s.assignedMatch(r, a, v, outer, u, p.confidence(), path, ""))
		}
	}
	if codeLike || loose {
		return matches
	}
	// Hex and UUIDs under a bare "key", and long hex anywhere (DER, hashes
	// and test vectors), are data as often as credentials: only a rule
	// that knows the shape, with its provider near, reports them.
	bareKey := bareKeyName(data[a.keyStart:a.keyEnd], true)
	bareName := bareKeyName(data[a.keyStart:a.keyEnd], false)
	queryToken := a.keyStart > 0 && (data[a.keyStart-1] == '?' || data[a.keyStart-1] == '&') &&
		bareKeyName(data[a.keyStart:a.keyEnd], false)
	ambiguous := hexOrUUID(v) && bareName
	for _, ci := range e.genericAssigned {
		c := &e.assigned[ci]
		r := &e.rules[c.rule]
		if !c.wants(a.class) || len(v) < c.minLen && !(a.class == classPassword && shortDefaultPassword(v)) || c.value != nil && !c.value().Match(v) {
			continue
		}
		if ambiguous && c.value == nil {
			continue
		}
		if a.class != classPassword && (slug(v) || bytes.ContainsAny(v, " \t") || bytes.IndexAny(v, "0123456789") < 0 && !randomLetters(v)) {
			continue // keys and tokens have no blanks, are not names, and have digits or random letters
		}
		if bareKey {
			continue // a YAML list's key:, a C struct's .key: data, not a credential
		}
		if queryToken {
			continue // ?token= in a link: a one-time reset or sign-in token
		}

		note := ""
		conf := ConfidenceMedium
		if u.syntax != syntaxCode && u.syntax != syntaxUnknown || a.datum {
			conf = ConfidenceHigh
		}
		if verdict == valueWeak {
			if a.class != classPassword {
				continue
			}
			note = NoteWeakPassword
		} else if !r.acceptsShape(v) && !r.acceptsLetters(v) {
			continue
		}
		if hexOrUUID(v) && (a.class == classToken || a.class == classKey) && (uuidShaped(v) || !privateKeyName(data[a.keyStart:a.keyEnd])) {
			// Ids and hashes look the same, and public app keys are hex
			// too; a secret's, a signing key's or an API key's hex is a
			// key, and an API, auth or secret token's hex a token.
			conf = ConfidenceLow
		}
		if path == "" {
			path = keyPath(data, a.keyStart, a.keyEnd, u.syntax)
		}
		if encryptedPath(path) {
			continue // a sealed secret's encryptedData: ciphertext
		}
		matches = append(matches, s.assignedMatch(r, a, v, outer, u, conf, path, note))
	}
	return matches
}

func (s *Scanner) assignedMatch(r *compiled, a assignment, v []byte, outer *span, u unit, conf Confidence, path, note string) Match {
	if u.test || u.docs {
		conf = testConfidence(r, conf, v)
	}
	// The secret's place is the value as written: an unescaped value
	// spans its whole literal, a trimmed one (an auth scheme dropped) its
	// part of it.
	start, end := a.valStart, a.valEnd
	if !a.escaped {
		if i := bytes.Index(a.value, v); i >= 0 {
			start, end = a.valStart+i, a.valStart+i+len(v)
		}
	}
	m := Match{Rule: r.Rule, Secret: string(v), Start: start, End: end, Confidence: conf, KeyPath: path, Note: note}
	if bytes.HasPrefix(v, jwtStart) {
		s.e.describeJWT(&m, nil)
	}
	if outer != nil {
		m.Start, m.End, m.Encoding = outer.start, outer.end, "base64"
	}
	return m
}

// testConfidence lowers the confidence of a match in a test, fixture or
// example file by one level: a credential committed there is real as often
// as not (a live token in a test is still live). A generic value that
// reads as made up (test-pass, dummy_secret, store-user-pass, or weak) is
// low.
func testConfidence(r *compiled, c Confidence, v []byte) Confidence {
	if r.Generic() && madeUp(v) {
		return ConfidenceLow
	}
	return c.lower()
}

// madeUpWords are what test values are made of.
var madeUpWords = [][]byte{
	[]byte("test"), []byte("fake"), []byte("dummy"), []byte("example"), []byte("sample"), []byte("mock"),
	[]byte("pass"), []byte("secret"), []byte("foo"), []byte("bar"), []byte("changeme"), []byte("stub"),
	[]byte("user"), []byte("store"), []byte("xyz"), []byte("abc"), []byte("qwerty"), []byte("hunter"), []byte("token"),
}

// madeUp reports a value that reads as invented for a test: one of the
// words tests use, a weak password, plain words joined by dashes, or hex.
func madeUp(v []byte) bool {
	// Test credentials are often encoded: user:pass in base64 for a
	// basic-auth header, p%40ss in a URL.
	if dec, err := base64.StdEncoding.DecodeString(string(v)); err == nil && len(dec) > 0 && printable(dec) && madeUpPlain(dec) {
		return true
	}
	if u, err := url.PathUnescape(string(v)); err == nil && u != string(v) && madeUpPlain([]byte(u)) {
		return true
	}
	return madeUpPlain(v)
}

func madeUpPlain(v []byte) bool {
	var buf [256]byte
	low := lowerASCII(buf[:0], v)
	for _, w := range madeUpWords {
		if bytes.Contains(low, w) {
			return true
		}
	}
	// Hex in a test is a test vector (a key, a digest, a nonce).
	return weakPasswords[string(low)] || weakShape(v) || slug(v) || hexOrUUID(v)
}

// echoesName reports a value that repeats its own name, as labels, keys and
// constants do: "encryptionKey": "encryptionKey1024",
// jsFetchCreds = "js.fetch:credentials".
func echoesName(name, v []byte) bool {
	var w nameWords
	w.split(name)
	if w.n == 0 {
		return false
	}
	var buf [256]byte
	lv := lowerASCII(buf[:0], v)
	if w.n > 1 || len(w.word(0)) >= 6 {
		var squeezed [256]byte
		sq := squeezed[:0]
		for _, c := range lv {
			if c != '_' && c != '-' && c != '.' && c != ' ' {
				sq = append(sq, c)
			}
		}
		if bytes.Contains(sq, w.joined()) {
			return true
		}
	}
	root := classRoots[classifyKey(name)]
	return root != "" && bytes.Contains(lv, []byte(root)) && bytes.ContainsAny(v, ".:/_")
}

// classRoots are what every spelling of a class's names contains.
var classRoots = [...]string{classPassword: "pass", classSecret: "secret", classToken: "token", classKey: "key",
	classAuth: "auth", classCredential: "cred"}

// slug reports lower-case words joined by dashes or underscores
// (same-origin, metrics-side-panel): a name or a setting, not a key. A
// word may end in up to three digits after two letters or more, as
// names of algorithms and versions do (pubkey-sha384-sha256, aes128-gcm).
func slug(v []byte) bool {
	seps, letters, run, digits := 0, 0, 0, 0
	for i, c := range v {
		switch {
		case 'a' <= c && c <= 'z':
			if digits > 0 {
				return false // sha2x: digits inside a word
			}
			letters++
			run++
		case '0' <= c && c <= '9':
			if digits++; run < 2 || digits > 3 {
				return false
			}
		case (c == '-' || c == '_' || c == ':' || c == '.' || c == '/') && i > 0 && i < len(v)-1:
			seps++
			run, digits = 0, 0
		default:
			return false
		}
	}
	return seps > 0 && letters > 0
}

// encryptedPath reports a key path under an encrypted block (Bitnami
// sealed secrets' encryptedData, sops' data).
func encryptedPath(p string) bool {
	var buf [256]byte
	low := lowerASCII(buf[:0], []byte(p))
	return bytes.Contains(low, []byte("encrypted")) || bytes.Contains(low, []byte("sealed"))
}

// bareKeyName reports a name that is only "key", "token" or "id"-like: a
// map key, a cache key, a request token as often as a credential.
func bareKeyName(name []byte, keyOnly bool) bool {
	var w nameWords
	w.split(name)
	return w.n == 1 && (string(w.word(0)) == "key" || !keyOnly && string(w.word(0)) == "token")
}

// privateKeyName reports a key name that says the key is private: api_key,
// secret_key, signing_key, not app_key or client_key.
func privateKeyName(name []byte) bool {
	var w nameWords
	w.split(name)
	for i := 0; i < w.n; i++ {
		switch string(w.word(i)) {
		case "api", "apikey", "secret", "secretkey", "private", "privatekey", "signing", "signingkey", "encryption",
			"encryptionkey", "hmac", "master", "masterkey", "access", "accesskey", "auth", "authkey", "license", "licensekey":
			return true
		}
	}
	return false
}

// uuidShaped reports 8-4-4-4-12 hex.
func uuidShaped(v []byte) bool {
	return len(v) == 36 && v[8] == '-' && v[13] == '-' && v[18] == '-' && v[23] == '-' && hexOrUUID(v)
}

// hexOrUUID reports a value that is only hex digits (with UUID dashes):
// hashes, ids and build numbers look the same, so without a provider named
// near, such a value under a bare name is not reported.
func hexOrUUID(v []byte) bool {
	for _, c := range v {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == '-') {
			return false
		}
	}
	return true
}

// secretDataValue decodes the value of a Kubernetes Secret's data field
// (kubernetes.io/docs/concepts/configuration/secret: "The values for all
// keys in the data field have to be base64-encoded strings"): a value
// under data in a document of kind Secret, standard base64 of printable
// text. Values that decode to bytes (a key, a keystore) are left to the
// rules that read them encoded. It returns the key's path when it worked
// it out, so the value's evaluation does not walk the parents again.
func secretDataValue(data []byte, a assignment, v []byte, syn fileSyntax) ([]byte, string, bool) {
	if syn != syntaxYAML && syn != syntaxJSON || len(v) < 8 || len(v)%4 != 0 || len(v) > maxValueLen || !base64Text(v) {
		return nil, "", false
	}
	path := keyPath(data, a.keyStart, a.keyEnd, syn)
	parent := path[:max(0, strings.LastIndexByte(path, '.'))]
	if parent != "data" && !strings.HasSuffix(parent, ".data") || !kubernetesSecret(data, a.keyStart) {
		return nil, path, false
	}
	dec, err := base64.StdEncoding.DecodeString(string(v))
	if err != nil || len(dec) == 0 || !printable(dec) || !utf8.Valid(dec) {
		return nil, path, false
	}
	return dec, path, true
}

// base64Text reports standard base64 characters, padding only at the end.
func base64Text(v []byte) bool {
	end := len(bytes.TrimRight(v, "="))
	if len(v)-end > 2 {
		return false
	}
	for _, c := range v[:end] {
		if !(isWordByte(c) && c != '_' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// secretReach is how far either side of a value its YAML or JSON document
// is looked for.
const secretReach = 8192

// documentAround returns the bounds of the YAML or JSON document holding
// i: between --- lines, at most secretReach either side.
func documentAround(data []byte, i int) (lo, hi int) {
	lo, hi = max(0, i-secretReach), min(len(data), i+secretReach)
	if k := bytes.LastIndex(data[lo:i], []byte("\n---")); k >= 0 {
		lo += k + 4
	}
	if k := bytes.Index(data[i:hi], []byte("\n---")); k >= 0 {
		hi = i + k
	}
	return lo, hi
}

// objectName returns the metadata.name of the Kubernetes object in the
// YAML document that holds i, when metadata comes before i.
func objectName(data []byte, i int) []byte {
	lo, _ := documentAround(data, i)
	m := bytes.Index(data[lo:i], []byte("\nmetadata:"))
	if m < 0 {
		return nil
	}
	child := -1 // the indentation of metadata's own keys
	for j := lo + m + len("\nmetadata:"); j < i; {
		le := lineEndAt(data, j+1)
		line := data[j+1 : le]
		j = le
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		if line[0] != ' ' {
			return nil // metadata ended
		}
		if child < 0 {
			child = indentOf(line)
		}
		if indentOf(line) == child && bytes.HasPrefix(t, []byte("name:")) {
			return bytes.Trim(bytes.TrimSpace(t[len("name:"):]), `"'`)
		}
	}
	return nil
}

// kubernetesSecret reports whether the YAML or JSON document holding i
// declares kind Secret; kubectl writes kind after data, so both sides are
// read.
func kubernetesSecret(data []byte, i int) bool {
	lo, hi := documentAround(data, i)
	doc := data[lo:hi]
	return bytes.Contains(doc, []byte("kind: Secret")) || bytes.Contains(doc, []byte(`"kind": "Secret"`)) ||
		bytes.Contains(doc, []byte(`"kind":"Secret"`)) || bytes.Contains(doc, []byte("kind: \"Secret\"")) || bytes.Contains(doc, []byte("kind: 'Secret'"))
}

// unquoteNested drops a second pair of quotes inside a string: a value
// that is itself source code, as Gradle's buildConfigField writes a Java
// literal ('"v"', "\"v\"").
func unquoteNested(v []byte) []byte {
	if n := len(v); n > 2 && (v[0] == '"' || v[0] == '\'') && v[n-1] == v[0] {
		return v[1 : n-1]
	}
	return v
}

// stripAuthScheme drops an HTTP authentication scheme from a value:
// "Bearer x" is x; "Basic base64(user:password)" is the password. An
// Authorization value (anyScheme) is "scheme credentials" whatever the
// scheme (RFC 9110 section 11.4): "Api-Token x", "Splunk x", "GenieKey x"
// are x too.
func stripAuthScheme(v []byte, anyScheme bool) []byte {
	for _, scheme := range [...]string{"bearer ", "token ", "basic ", "apikey ", "api-key ", "sso-key "} {
		if len(v) > len(scheme) && bytes.EqualFold(v[:len(scheme)], []byte(scheme)) {
			rest := bytes.TrimSpace(v[len(scheme):])
			if scheme == "basic " {
				if dec, err := base64.StdEncoding.DecodeString(string(rest)); err == nil {
					if i := bytes.IndexByte(dec, ':'); i > 0 && i < len(dec)-1 && printable(dec) {
						return rest // the encoded pair is the secret as it leaks
					}
				}
			}
			return rest
		}
	}
	if anyScheme {
		if i := bytes.IndexAny(v, " \t"); i > 0 && authScheme(v[:i]) {
			if rest := bytes.TrimLeft(v[i:], " \t"); len(rest) > 0 && bytes.IndexAny(rest, " \t") < 0 {
				return rest
			}
		}
	}
	return v
}

// authScheme reports a word that can name an authentication scheme: an
// HTTP token of letters, digits, dots, dashes and underscores that starts
// with a letter.
func authScheme(w []byte) bool {
	if len(w) > 32 || !isLetter(w[0]) {
		return false
	}
	for _, c := range w {
		if !isWordByte(c) && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// Where a provider's name was found relative to a value.
type place uint8

const (
	placeName      place = iota + 1 // in the name itself, or before it on the line
	placePath                       // in an enclosing key
	placeAfter                      // after the value on its line
	placeUse                        // on a line that passes the value's name to the provider's client
	placeImport                     // in an import of the provider's SDK above, in the same file
	placeHeading                    // in the comment that heads the value's block
	placeBlockHost                  // in an API host named in the value's block
	placeLines                      // on a line before
	placeBelow                      // on a line after
)

// mediumLines is how many lines away a provider's name still gives medium
// confidence: a comment or a log line above a block of settings. Rules
// that reach further (near > 5) report the rest as low.
const mediumLines = 5

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// insideWord reports a keyword starting in the middle of a word, which
// does not name its provider: dd_api in ADD_API_KEY, nhost in knownhost.
// A camelCase hump starts a word (dbPostmarkToken).
func insideWord(data []byte, start int) bool {
	if start == 0 || !isLetter(data[start-1]) || !isLetter(data[start]) {
		return false
	}
	hump := 'a' <= data[start-1] && data[start-1] <= 'z' && 'A' <= data[start] && data[start] <= 'Z'
	return !hump
}

type keywordPlace struct {
	keyword int32
	place   place
	lines   int
	// call marks an SDK name (Assigned.Calls) rather than the provider's.
	call bool
}

func (p keywordPlace) confidence() Confidence {
	switch p.place {
	case placeName:
		return ConfidenceHigh
	case placePath, placeAfter, placeUse, placeImport, placeHeading, placeBlockHost:
		return ConfidenceMedium
	case placeLines, placeBelow:
		if p.lines <= mediumLines {
			return ConfidenceMedium
		}
	}
	return ConfidenceLow
}

// providerNear finds the context keywords around an assignment: in its
// name and key path, on its line, and on the lines around it, each with
// where it was (the nearest place per keyword).
func (s *Scanner) providerNear(data []byte, a assignment, path string, syn fileSyntax) []keywordPlace {
	e := s.e
	s.places = s.places[:0]
	add := func(k int32, p place, lines int) {
		if len(e.contextRules[k]) == 0 {
			return
		}
		for i := range s.places {
			if s.places[i].keyword == k {
				if p < s.places[i].place || p == s.places[i].place && lines < s.places[i].lines {
					s.places[i].place, s.places[i].lines = p, lines
				}
				return
			}
		}
		s.places = append(s.places, keywordPlace{keyword: k, place: p, lines: lines})
	}
	pb := []byte(path)
	e.ac.scanRange(pb, 0, 0, func(k int32, end int) {
		if !insideWord(pb, end-e.keywordLen[k]) {
			add(k, placePath, 0)
		}
	})
	for _, k := range s.fileNamed {
		add(k, placePath, 0)
	}
	// A Kubernetes Secret's own name is the outermost key of its data:
	// metadata.name postmark-credentials, then stringData.token.
	if syn == syntaxYAML && (strings.HasPrefix(path, "data.") || strings.HasPrefix(path, "stringData.")) && kubernetesSecret(data, a.keyStart) {
		if name := objectName(data, a.keyStart); len(name) > 0 {
			for _, k := range e.providersInWord(name, nil) {
				add(k, placePath, 0)
			}
		}
	}
	// The value's line (within a line's reach of the value) and the lines
	// around it, at most 4 KB before and 2 KB after.
	lineStart := max(lineAt(data, a.keyStart), a.keyStart-maxLineReach)
	lineEnd := min(lineEndAt(data, a.valEnd), a.valEnd+maxLineReach)
	lo, hi := linesAround(data, lineStart, lineEnd, e.maxNear, e.maxNear/2)
	e.ac.scanRange(data[lo:hi], lo, 0, func(k int32, end int) {
		start := end - e.keywordLen[k]
		if insideWord(data, start) {
			return
		}
		switch {
		case start >= lineStart && end <= a.valStart:
			add(k, placeName, 0)
		case start >= a.valEnd && end <= lineEnd:
			add(k, placeAfter, 0)
		case end <= lineStart:
			add(k, placeLines, bytes.Count(data[end:lineStart], []byte{'\n'}))
		case start > lineEnd:
			add(k, placeBelow, bytes.Count(data[lineEnd:start], []byte{'\n'}))
		}
	})
	placed := func(k int32) bool {
		return slices.ContainsFunc(s.places, func(p keywordPlace) bool { return p.keyword == k })
	}
	// Every keyword wholly inside data[lo:hi] is placed already, and a
	// heading or a host names only keywords not placed: the passes below
	// stop a keyword's length past lo.
	above := func(from, to int) []byte { return data[from:max(from, min(to, lo+e.ac.maxLen-1))] }
	top, from, to := blockHeading(data, lineStart, syn)
	if to > from {
		e.ac.scanRange(above(from, to), from, 0, func(k int32, end int) {
			if !insideWord(data, end-e.keywordLen[k]) && !placed(k) {
				add(k, placeHeading, 0)
			}
		})
	}
	// A block of settings that points at the provider's API host is that
	// provider's: API_HOST = "api.postmarkapp.com", then the token.
	if top >= 0 && headedBlocks(syn) {
		e.ac.scanRange(above(top, lineStart), top, 0, func(k int32, end int) {
			if start := end - e.keywordLen[k]; !insideWord(data, start) && !placed(k) && inHostName(data, start, end) {
				add(k, placeBlockHost, 0)
			}
		})
	}
	s.usesOf(data, a, lineStart, lineEnd, lo, hi)
	if syn == syntaxCode {
		s.importsAbove(data, lineStart)
	}
	return s.places
}

// importsAbove places the providers whose SDK a line within useReach above
// imports: import postmark, from postmarker.core import PostmarkClient,
// const postmark = require("postmark"), use Pepipost\Client. A file that
// imports a provider's SDK talks to that provider.
func (s *Scanner) importsAbove(data []byte, lineStart int) {
	e := s.e
	hits := s.providerHits
	first, _ := slices.BinarySearchFunc(hits, lineStart-useReach, func(h providerHit, at int) int { return h.start - at })
	for _, h := range hits[first:] {
		if h.start >= lineStart {
			break
		}
		if len(e.contextRules[h.keyword]) == 0 || insideWord(data, h.start) {
			continue
		}
		if importLine(data[lineAt(data, h.start):lineEndAt(data, h.start)]) {
			s.addPlace(keywordPlace{keyword: h.keyword, place: placeImport})
		}
	}
}

// importLine reports a line that brings a module into a source file.
func importLine(line []byte) bool {
	t := bytes.TrimSpace(line)
	for _, p := range []string{"import ", "from ", "require ", "require(", "require_once", "use ", "using ", "#include", "@import "} {
		if bytes.HasPrefix(t, []byte(p)) {
			return true
		}
	}
	// const postmark = require("postmark"); let x = await import("x")
	return bytes.Contains(t, []byte("= require(")) || bytes.Contains(t, []byte("= await import("))
}

// headedBlocks reports the syntaxes whose blocks a comment heads: source
// code and flat NAME=value files, which have no nesting to say whose a
// setting is. In YAML, JSON, TOML/INI and XML the keys and sections say
// it, and a comment reaches the usual lines.
func headedBlocks(syn fileSyntax) bool {
	return syn == syntaxCode || syn == syntaxEnv || syn == syntaxProperties
}

// headingReach is how many lines a comment may head: a block of settings
// or constants under "# Postmark" or "// Datadog delivery settings",
// with no blank line between, is that provider's up to this many lines
// below the comment.
const headingReach = 16

// blockHeading returns the lines that head the block (the run of lines
// without a blank one) holding the line at lineStart, when that block
// starts at most headingReach lines above it: in code and flat files,
// the comment lines that open it (a comment inside the block, after
// settings, heads nothing); a Markdown fenced block is headed by the
// prose that leads to it, up to its section's heading, within the same
// reach.
func blockHeading(data []byte, lineStart int, syn fileSyntax) (top, from, to int) {
	if !headedBlocks(syn) && syn != syntaxUnknown {
		return -1, 0, 0 // keys and sections say whose a setting is
	}
	top, n := lineStart, 0
	for ; top > 0; n++ {
		prev := lineAt(data, top-1)
		if len(bytes.TrimSpace(data[prev:top-1])) == 0 {
			break
		}
		if n == headingReach {
			return -1, 0, 0
		}
		top = prev
	}
	if syn == syntaxUnknown && fence(data[top:lineEndAt(data, top)]) {
		from = top
		for ; from > 0 && n < headingReach; n++ {
			prev := lineAt(data, from-1)
			t := bytes.TrimSpace(data[prev : from-1])
			if fence(t) {
				break // the block before ends here
			}
			from = prev
			if len(t) > 0 && t[0] == '#' {
				break // the section's heading
			}
		}
		return top, from, top
	}
	if !headedBlocks(syn) {
		return top, 0, 0
	}
	to = top
	for to < lineStart && commentLine(data[to:lineEndAt(data, to)]) {
		to = lineEndAt(data, to) + 1
	}
	return top, top, min(to, lineStart)
}

// inHostName reports whether start:end lies in a host name written in
// lower case, with a dot after it and a top-level domain of letters:
// api.postmarkapp.com, https://api.pepipost.com/v5. Not a call
// (postmark.ServerClient) or a key (postmark_token).
func inHostName(data []byte, start, end int) bool {
	hostByte := func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' }
	for i := start; i < end; i++ {
		if !hostByte(data[i]) {
			return false
		}
	}
	j := end
	for j < len(data) && j-end < 253 && hostByte(data[j]) {
		j++
	}
	host := data[end:j]
	dot := bytes.LastIndexByte(host, '.')
	if dot < 0 || j < len(data) && isWordByte(data[j]) {
		return false
	}
	tld := host[dot+1:]
	if len(tld) < 2 || len(tld) > 6 {
		return false
	}
	for _, c := range tld {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// fence reports a Markdown code fence's line (``` or ~~~).
func fence(line []byte) bool {
	t := bytes.TrimSpace(line)
	return bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~"))
}

// commentLine reports a line that is a comment in the usual syntaxes:
// #, //, /* and its * lines, -- (SQL, Lua), ; (INI).
func commentLine(line []byte) bool {
	t := bytes.TrimSpace(line)
	for _, p := range []string{"#", "//", "/*", "* ", "-- ", ";"} {
		if bytes.HasPrefix(t, []byte(p)) {
			return true
		}
	}
	return len(t) == 1 && t[0] == '*'
}

// providerHitNear reports whether the segment has a provider or SDK name
// within useReach of i: without one, a loose reading has nothing to be
// linked to and is not evaluated.
func (s *Scanner) providerHitNear(i int) bool {
	hits := s.providerHits
	k, _ := slices.BinarySearchFunc(hits, i-useReach, func(h providerHit, at int) int { return h.start - at })
	return k < len(hits) && hits[k].start <= i+useReach
}

// providersInName appends to dst the context keywords that the base name
// of a file (an archive member's own) or the folder it sits in hold as
// words: postmark.yml, pepipost-secret.yaml, datadog_client.py,
// integrations/pepipost/settings.py. The folder is the file's outermost
// key as much as its name is; folders further up group more than one
// concern and name nothing.
func (e *Engine) providersInName(name string, dst []int32) []int32 {
	cut := strings.LastIndexAny(name, "/\\!")
	dst = e.providersInWord([]byte(name[cut+1:]), dst)
	if cut > 0 && name[cut] != '!' {
		dir := name[:cut]
		if j := strings.LastIndexAny(dir, "/\\!"); j >= 0 {
			dir = dir[j+1:]
		}
		dst = e.providersInWord([]byte(dir), dst)
	}
	return dst
}

// providersInWord appends to dst the context keywords that start a word
// of a file's or a folder's name.
func (e *Engine) providersInWord(w []byte, dst []int32) []int32 {
	e.ac.scanRange(w, 0, 0, func(k int32, end int) {
		if len(e.contextRules[k]) > 0 && !insideWord(w, end-e.keywordLen[k]) && !slices.Contains(dst, k) {
			dst = append(dst, k)
		}
	})
	return dst
}

// useReach is how far from a binding its name is followed to the provider
// client or header that takes it.
const useReach = 4096

// usesOf adds the provider and SDK names found, beyond the lines already
// read (lo:hi), on a line that also holds the assignment's name: token =
// "..." then, lines below, new postmark.ServerClient(token) or
// headers["X-Postmark-Server-Token"] = token. The segment's provider hits
// are where the prefilter left them, in order.
func (s *Scanner) usesOf(data []byte, a assignment, lineStart, lineEnd, lo, hi int) {
	e := s.e
	name := bytes.Trim(data[a.keyStart:a.keyEnd], ".-")
	if len(name) < 3 {
		return
	}
	hits := s.providerHits
	first, _ := slices.BinarySearchFunc(hits, lineStart-useReach, func(h providerHit, at int) int { return h.start - at })
	for _, h := range hits[first:] {
		if h.start > lineEnd+useReach {
			break
		}
		if insideWord(data, h.start) {
			continue
		}
		ls, le := lineAt(data, h.start), lineEndAt(data, h.end)
		if ls == lineStart || !passesName(data[ls:le], name) {
			continue
		}
		// A provider's name on the lines read is placed already.
		if len(e.contextRules[h.keyword]) > 0 && (h.start < lo || h.end > hi) {
			s.addPlace(keywordPlace{keyword: h.keyword, place: placeUse})
		}
		// An SDK name counts when it is the whole name (not MyServerClient).
		if len(e.callRules[h.keyword]) > 0 && (h.start == 0 || !isWordByte(data[h.start-1])) {
			s.addPlace(keywordPlace{keyword: h.keyword, place: placeUse, call: true})
		}
	}
}

// addPlace records p unless its keyword is already placed as near.
func (s *Scanner) addPlace(p keywordPlace) {
	for i := range s.places {
		if q := &s.places[i]; q.keyword == p.keyword && q.call == p.call {
			if p.place < q.place {
				*q = p
			}
			return
		}
	}
	s.places = append(s.places, p)
}

// passesName reports whether line uses name as a whole identifier, as a
// value: not a URL's query parameter or a path (?api_key=, /token), not a
// field of something else (cfg.token), not a key or a named argument
// being given a value of its own (api_key=..., "token": ...).
func passesName(line, name []byte) bool {
	for off := 0; ; {
		i := bytes.Index(line[off:], name)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		end := i + len(name)
		if i > 0 && (isWordByte(line[i-1]) || bytes.IndexByte([]byte("?&./-"), line[i-1]) >= 0) ||
			end < len(line) && isWordByte(line[end]) {
			continue
		}
		j := end
		if i > 0 && isQuote(line[i-1]) && j < len(line) && line[j] == line[i-1] {
			j++ // $cfg['token'] or "token": as written
		}
		j = skipBlanks(line, j)
		if j < len(line) && (line[j] == '=' && (j+1 == len(line) || line[j+1] != '=') ||
			line[j] == ':' && (j+1 == len(line) || line[j+1] != ':')) {
			continue
		}
		return true
	}
}

// wordAt returns the word of letters at i followed by a blank, and where
// the next word starts.
func wordAt(data []byte, i int) ([]byte, int) {
	j := i
	for j < len(data) && j-i <= 12 && isLetter(data[j]) {
		j++
	}
	if j == i || j-i > 12 || j >= len(data) || data[j] != ' ' {
		return nil, i
	}
	return data[i:j], skipBlanks(data, j)
}

var linkWords = [][]byte{[]byte("is"), []byte("was"), []byte("for"), []byte("of"), []byte("the"), []byte("to"),
	[]byte("from"), []byte("with"), []byte("as"), []byte("in"), []byte("set"), []byte("now")}

func linkWord(w []byte) bool {
	for _, l := range linkWords {
		if bytes.EqualFold(w, l) {
			return true
		}
	}
	return false
}

// readLoose reads the value a name introduces in prose or a log line
// rather than an assignment, after readAssignment found none: "token V
// rejected by Postmark", "using bugsnag api key V", "> api_key: V" in a
// request log. The value is one run of token characters on the name's
// line, an optional ':' or '=' before it; short runs and runs without a
// digit (words) are not read.
func readLoose(data []byte, a assignment) (assignment, bool) {
	const (
		maxLooseLen = 256 // words, blanks and a token of the longest unprefixed format
		// The shortest run read: shorter formats (IPinfo's 14 hex) are
		// read too, as only rules that know the exact shape judge it.
		minLooseLen = 12
	)
	if a.class == classNone || a.keyEnd <= a.keyStart {
		return a, false
	}
	limit := min(len(data), a.keyEnd+maxLooseLen)
	i := a.keyEnd
	if i < limit && isQuote(data[i]) {
		i++ // "api_key": value
	}
	i = skipBlanks(data[:limit], i)
	below := -1 // the end of the value's line, when it stands under its label
	if i < limit && (data[i] == ':' || data[i] == '=') {
		colon := data[i] == ':'
		i = skipBlanks(data[:limit], i+1)
		if start, end, ok := valueBelow(data, i); colon && ok {
			i, below = start, end
			limit = min(len(data), i+maxLooseLen)
		}
	} else if n := dashSeparator(data[:limit], i); n > 0 {
		i = skipBlanks(data[:limit], i+n) // notes list "API key - V", "token – V"
	} else if n := valueOption(data[:limit], i); n > 0 {
		i = i + n // gh secret set POSTMARK_TOKEN --body V
	} else if j, ok := labelEnd(data, i); ok {
		// "Postmark server token for staging:" and the value below.
		if start, end, ok := valueBelow(data, j); ok {
			i, below = start, end
			limit = min(len(data), i+maxLooseLen)
		}
	} else if start, end, ok := valueBelow(data, i); ok && bareLabel(data, i) {
		// "Postmark server token" with no colon, and the value below.
		i, below = start, end
		limit = min(len(data), i+maxLooseLen)
	}
	// Up to three linking words between, one of them perhaps a name
	// before "is": "the key is V", "the token for Postmark is V" (not
	// "api-key store ID SECRET", a command's argument).
	for n := 0; n < 3 && below < 0; n++ {
		w, next := wordAt(data[:limit], i)
		if w == nil {
			break
		}
		if !linkWord(w) {
			if w2, _ := wordAt(data[:limit], next); w2 == nil || !bytes.EqualFold(w2, []byte("is")) {
				break
			}
		}
		i = next
	}
	var q byte
	if i < limit && isQuote(data[i]) {
		q = data[i]
		i++
	}
	j := i
	digits := false
	for j < limit && (isWordByte(data[j]) || data[j] == '-' || data[j] == '+' || data[j] == '/' || data[j] == '.' || data[j] == '=') {
		digits = digits || '0' <= data[j] && data[j] <= '9'
		j++
	}
	for j > i && (data[j-1] == '.' || data[j-1] == '=') {
		j-- // a sentence's full stop
	}
	if j-i < minLooseLen || !digits || j == limit && limit < len(data) {
		return a, false // too short, a word, or longer than any token
	}
	if j < len(data) && data[j] != q && !isSpace(data[j]) && !bytes.ContainsRune([]byte("),;]}<"), rune(data[j])) {
		return a, false // a call, a path or a longer expression
	}
	if below >= 0 && !aloneToLineEnd(data, j, below, q) {
		return a, false // the line under the label says more than the value
	}
	a.valStart, a.valEnd, a.value, a.quoted, a.escaped = i, j, data[i:j], q != 0, false
	return a, true
}

// looseLabel returns the words before a loose value's key word on its
// line, at most a name's length.
func looseLabel(data []byte, keyStart int) []byte {
	return data[max(lineAt(data, keyStart), keyStart-maxNameLen):keyStart]
}

// valueOptions are the options with which secret stores' command lines
// take the value of a secret named before them: gh secret set NAME --body
// V (GitHub CLI), aws ssm put-parameter --name NAME --value V, aws
// secretsmanager put-secret-value --secret-id NAME --secret-string V.
var valueOptions = []string{"--body", "--value", "--secret-string"}

// valueOption returns how far past i the value begins when an option of
// valueOptions starts at i, followed by a blank or '='; 0 otherwise.
func valueOption(data []byte, i int) int {
	for _, o := range valueOptions {
		if j := i + len(o); j < len(data) && bytes.HasPrefix(data[i:], []byte(o)) && (data[j] == ' ' || data[j] == '=') {
			return skipBlanks(data, j+1) - i
		}
	}
	return 0
}

// dashSeparator returns the length of a dash that separates a name from
// its value in notes and lists (a hyphen, an en or an em dash, with a
// blank after it, as in "API key - V" or "token – V"), or 0: "-x" is an
// option, "a-b" a word.
func dashSeparator(data []byte, i int) int {
	n := 0
	switch {
	case i < len(data) && data[i] == '-':
		n = 1
	case bytes.HasPrefix(data[i:], []byte("\u2013")) || bytes.HasPrefix(data[i:], []byte("\u2014")):
		n = 3
	}
	if n == 0 || i == 0 || !isSpace(data[i-1]) || i+n >= len(data) || data[i+n] != ' ' && data[i+n] != '\t' {
		return 0
	}
	return n
}

// linesAround widens the line data[lineStart:lineEnd] by up to before
// lines above and after lines below, at most 4 KB before and 2 KB after.
func linesAround(data []byte, lineStart, lineEnd, before, after int) (lo, hi int) {
	lo, hi = lineStart, lineEnd
	for n := 0; n < before && lo > 0 && lineStart-lo < 4096; n++ {
		lo = lineAt(data, lo-1)
	}
	lo = max(lo, lineStart-4096)
	for n := 0; n < after && hi < len(data) && hi-lineEnd < 2048; n++ {
		hi = lineEndAt(data, hi+1)
	}
	return lo, min(hi, lineEnd+2048)
}

// keyHit is a key word's place, kept until the segment's assignments are
// read.
type keyHit struct{ start, end int }

// skipArgument returns the position of the comma that ends a call's
// argument starting at k (an identifier or an expression on one line, with
// balanced brackets and short strings, such as ENV['DD_API_KEY']), or -1
// when the call ends or the argument is not simple.
func skipArgument(data []byte, k int) int {
	limit := min(len(data), k+128)
	depth := 0
	for j := k; j < limit; j++ {
		switch c := data[j]; {
		case c == ',' && depth == 0:
			return j
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			if depth == 0 {
				return -1
			}
			depth--
		case isQuote(c) && depth > 0:
			end := bytes.IndexByte(data[j+1:limit], c)
			if end < 0 {
				return -1
			}
			j += end + 1
		case c == '\n' || isQuote(c) || c == '{':
			return -1
		}
	}
	return -1
}

// providerNamed reads a value whose name is the provider's keyword itself
// (assemblyai = <hex>, cloudflare: "<key>", "postmark": "<uuid>"), or ends
// in it after credential words (TOKEN_POSTMARK, apiKeyAssemblyai): a key
// that names a provider and nothing else, or its credential, holds that
// provider's credential when the value has one of its rules' exact
// shapes. Only those rules read it, as a loose value is read.
func (s *Scanner) providerNamed(data []byte, h providerHit, outer *span, u unit, matches []Match) []Match {
	if len(s.e.contextRules[h.keyword]) == 0 {
		return matches
	}
	// CLARIFAI_API, deepgram-api, openWeatherApi: the provider's API
	// named for its key.
	end := h.end + apiSuffix(data, h.end)
	if end < len(data) && isNameByte(data[end]) {
		return matches
	}
	ks, class := h.start, classKey
	if h.start > 0 && data[h.start-1] == '.' {
		// config.postmark_api, process.env.POSTMARK_API,
		// module.exports.postmarkApi: a field of a settings object.
		ks = fieldPathStart(data, h.start)
	} else if h.start > 0 && isNameByte(data[h.start-1]) {
		if ks, class = credentialBefore(data, h.start); class == classNone {
			return matches
		}
	}
	if !s.namesProvider(data, h) {
		return matches
	}
	a, ok := readAssignmentAs(data, h.start, h.end, u.syntax, &s.unescaped, class)
	if !ok || a.keyStart != ks || a.keyEnd != end || a.valStart >= a.keyEnd && labelGoesOn(data[a.keyEnd:a.valStart]) {
		return matches
	}
	return s.evaluate(data, a, outer, u, matches, true)
}

// labelGoesOn reports whether what stands between a provider's name and
// its value is a blank, one word and a colon (Gitea commit: V, AssemblyAI
// build: V): a label about something of the provider's, not its
// credential. A type in a declaration comes before '=' (var gitea string
// = "V"); a name: and value: pair spans lines or quotes.
func labelGoesOn(between []byte) bool {
	t := bytes.TrimRight(between, " \t\"'`")
	if len(t) < 3 || t[len(t)-1] != ':' || t[0] != ' ' && t[0] != '\t' {
		return false
	}
	w := bytes.TrimLeft(t[:len(t)-1], " \t")
	return len(w) > 0 && isLetter(w[0]) && !slices.ContainsFunc(w, func(c byte) bool { return !isNameByte(c) })
}

// apiSuffix returns the length of "api" written after a provider's name at
// i as the last word of a name (_api, -api, .api, Api, API), or 0.
func apiSuffix(data []byte, i int) int {
	j := i
	if j < len(data) && (data[j] == '_' || data[j] == '-' || data[j] == '.') {
		j++
	} else if j > 0 && j < len(data) && isLetter(data[j-1]) && data[j] != 'A' {
		return 0 // glued in lower case: another word (postmarkapi is not)
	}
	if j+3 > len(data) || !bytes.EqualFold(data[j:j+3], []byte("api")) {
		return 0
	}
	if j+3 < len(data) && isNameByte(data[j+3]) {
		return 0 // api_id, apikey: a longer name, read as such
	}
	return j + 3 - i
}

// credentialBefore reads the words of a name written before a provider's
// name at end (TOKEN_ in TOKEN_POSTMARK, apiKey in apiKeyPostmark): where
// the name starts and the class they give, classNone unless they name a
// credential.
func credentialBefore(data []byte, end int) (int, keyClass) {
	ks := fieldPathStart(data, end)
	words := bytes.TrimRight(data[ks:end], "_-")
	words = words[bytes.LastIndexByte(words, '.')+1:] // config.token_postmark
	if len(words) == 0 {
		return ks, classNone
	}
	return ks, classifyKey(words)
}

// fieldPathStart returns where the dotted path of objects before the
// field at end starts (config.postmark: config), as readAssignment reads
// the name back from the field.
func fieldPathStart(data []byte, end int) int {
	ks := end
	for ks > 0 && end-ks < maxNameLen && isNameByte(data[ks-1]) {
		ks--
	}
	for ks < end && (data[ks] == '.' || data[ks] == '-') {
		ks++
	}
	return ks
}

// providerHit is a context keyword's place.

// sameName reports whether a name as written (Postmark, ASSEMBLYAI,
// get_response) is a provider's id (postmark, assemblyai, getresponse):
// letters and digits compared without case, other characters skipped.
func sameName(written []byte, id string) bool {
	i := 0
	for _, c := range written {
		if !isWordByte(c) || c == '_' {
			continue
		}
		for i < len(id) && (id[i] == '-' || id[i] == '_') {
			i++
		}
		if i >= len(id) || lower(c) != id[i] {
			return false
		}
		i++
	}
	for i < len(id) && (id[i] == '-' || id[i] == '_') {
		i++
	}
	return i == len(id)
}

type providerHit struct {
	keyword    int32
	start, end int
}

// providerCalls reads the calls of a provider's own client or SDK, whose
// name holds the provider's (new PepipostClient("..."),
// postmark.NewClient("..."), Datadog::Client.new('...')) or is one of the
// SDK names a rule lists (new ServerClient("...") after an import): a
// string argument of the token's shape is the token, with high confidence.
func (s *Scanner) providerCalls(data []byte, outer *span, u unit, matches []Match) []Match {
	e := s.e
	if u.binary {
		s.providerHits = s.providerHits[:0]
		return matches
	}
	for _, h := range s.providerHits {
		if insideWord(data, h.start) {
			continue
		}
		var url bool
		if matches, url = s.providerURL(data, h, outer, u, matches); url {
			continue
		}
		j := h.end
		limit := min(len(data), h.end+maxNameLen)
		for j < limit && (isNameByte(data[j]) || data[j] == ':' || data[j] == '\\' || data[j] == '>' && data[j-1] == '-') {
			j++
		}
		if j >= limit || data[j] != '(' {
			var row bool
			if matches, row = s.providerRow(data, h, outer, u, matches); !row {
				matches = s.providerNamed(data, h, outer, u, matches)
			}
			continue
		}
		// Up to three string arguments: (token), (id, token), (url, id, token).
		k := j + 1
		for n := 0; n < 3; n++ {
			k = skipSpace(data, k, min(len(data), k+64))
			v, ok := readQuoted(data, k, nil)
			if !ok {
				// Not a string (publicKey, 42, opts): go to the next argument.
				next := skipArgument(data, k)
				if next < 0 {
					break
				}
				k = next + 1
				continue
			}
			if v.escaped {
				break
			}
			literal := classifyValue(v.text, true, false) == valueLiteral
			// A rule that names its kind (AccountClient) beats one that
			// only knows the provider.
			var pick *compiled
			callee := bytes.ToLower(data[h.start:j])
			// Rules that know the provider's name, then rules that list
			// the callee as their SDK's: an SDK name a rule lists is that
			// rule's, whatever its kind, when it is the whole name (not
			// MyServerClient).
			for n, cands := range [2][]int32{e.contextRules[h.keyword], e.callRules[h.keyword]} {
				sdk := n == 1
				if sdk && h.start > 0 && isWordByte(data[h.start-1]) {
					continue
				}
				for _, ci := range cands {
					c := &e.assigned[ci]
					r := &e.rules[c.rule]
					if !literal || c.value == nil || len(v.text) < c.minLen || !c.value().Match(v.text) || !r.accepts(v.text) {
						continue
					}
					if !sdk && c.name != "" && !bytes.Contains(callee, []byte(c.name)) {
						continue
					}
					if pick == nil || c.name != "" || sdk {
						pick = r
					}
				}
			}
			if pick != nil {
				a := assignment{keyStart: h.start, keyEnd: j, valStart: v.start, valEnd: v.end, value: v.text, quoted: true}
				matches = append(matches, s.assignedMatch(pick, a, v.text, outer, u, ConfidenceHigh, "", ""))
			}
			k = skipSpace(data, v.end+1, min(len(data), v.end+65))
			if k >= len(data) || data[k] != ',' {
				break
			}
			k++
		}
	}
	s.providerHits = s.providerHits[:0]
	return matches
}

// shareProviderKeywords lets a context keyword of one of a provider's
// rules name the provider for all of them: DD_API_KEY on the line names
// Datadog for the application key beside it as much as for the API key
// whose rule lists dd_api. Each rule still asks for its own value shape,
// name and key classes.
func (e *Engine) shareProviderKeywords() {
	byProvider := map[string][]int32{}
	for ci := range e.assigned {
		c := &e.assigned[ci]
		if c.near > 0 {
			p := e.rules[c.rule].Provider
			byProvider[p] = append(byProvider[p], int32(ci))
		}
	}
	for k, cands := range e.contextRules {
		if len(cands) == 0 {
			continue
		}
		var providers []string
		for _, ci := range cands {
			if p := e.rules[e.assigned[ci].rule].Provider; !slices.Contains(providers, p) {
				providers = append(providers, p)
			}
		}
		for _, p := range providers {
			for _, ci := range byProvider[p] {
				if !slices.Contains(e.contextRules[k], ci) {
					e.contextRules[k] = append(e.contextRules[k], ci)
				}
			}
		}
	}
}

// contextKeywordRules maps each keyword to the Assigned blocks (indexes into
// e.assigned) that need it near.
func (e *Engine) addAssigned(ri int32, r *rule.Rule, keywordID func(string) int32) {
	ci := int32(len(e.assigned))
	e.assigned = append(e.assigned, compileAssigned(ri, r.Assigned))
	for _, name := range r.Assigned.Calls {
		id := keywordID(name)
		if !slices.Contains(e.callRules[id], ci) {
			e.callRules[id] = append(e.callRules[id], ci)
		}
	}
	if r.Assigned.Near == 0 {
		e.genericAssigned = append(e.genericAssigned, ci)
		return
	}
	e.maxNear = max(e.maxNear, r.Assigned.Near)
	for _, k := range r.Keywords {
		id := keywordID(k)
		if !slices.Contains(e.contextRules[id], ci) {
			e.contextRules[id] = append(e.contextRules[id], ci)
		}
	}
}
