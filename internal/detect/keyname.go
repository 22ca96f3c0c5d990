package detect

// Names that hold secrets. A name is split into words (db_password,
// dbPassword, spring.datasource.password, --password, X-Api-Key) and read
// from its last word, the head: db_password is a password, password_policy
// is a policy. The head may be followed by a word that only says how the
// value is written (password_value, token_b64).

// keyClass is what kind of secret a name says its value is.
type keyClass uint8

const (
	classNone keyClass = iota
	classPassword
	classSecret
	classToken
	classKey
	classAuth
	classCredential
)

var classNames = map[string]keyClass{
	"password": classPassword, "secret": classSecret, "token": classToken,
	"key": classKey, "auth": classAuth, "credential": classCredential,
}

// keyWords are the prefilter keywords that make the engine read an
// assignment: every secret-like name contains one of them.
var keyWords = []string{"pass", "pwd", "secret", "token", "key", "auth", "cred", "pw"}

// headClass classifies a head word, or a word that ends in a class word
// (apitoken, clientsecret, dbpassword, apikey).
func headClass(w string) keyClass {
	switch w {
	case "password", "passwd", "pwd", "pass", "passphrase", "passwort", "pw", "passw", "pword", "pswd":
		return classPassword
	case "secret":
		return classSecret
	case "token", "bearer", "jwt":
		return classToken
	case "key", "apikey", "accesskey", "secretkey", "privatekey", "authkey", "appkey", "masterkey",
		"signingkey", "encryptionkey", "clientkey", "serverkey", "licensekey", "accountkey",
		"sharedkey", "servicekey", "writekey", "adminkey", "restkey", "sdkkey", "subscriptionkey",
		"hmackey", "cryptkey", "devkey", "livekey", "testkey", "prodkey", "userkey":
		return classKey
	case "auth", "authorization", "authstring", "basicauth":
		return classAuth
	case "credential", "credentials", "creds", "cred":
		return classCredential
	}
	for _, suf := range [...]struct {
		s string
		c keyClass
	}{{"password", classPassword}, {"passwd", classPassword}, {"secret", classSecret}, {"token", classToken}} {
		if len(w) > len(suf.s) && w[len(w)-len(suf.s):] == suf.s {
			return suf.c
		}
	}
	return classNone
}

// valueSuffixes say how a secret is written, not what it is.
var valueSuffixes = map[string]bool{
	"value": true, "str": true, "string": true, "text": true, "plain": true, "plaintext": true,
	"raw": true, "b64": true, "base64": true, "hex": true, "literal": true, "val": true,
}

// notSecretWords anywhere in a name mean its value is not a credential of
// the class the head names: a public key, an example.
var notSecretWords = map[string]bool{
	"public": true, "publishable": true, "example": true, "sample": true, "dummy": true,
	"fake": true, "mock": true, "placeholder": true, "pub": true,
}

// notSecretKeys are words before "key" that make it a data structure's key,
// not a credential: cache_key, primary_key, sort_key, kms_key (an id).
var notSecretKeys = map[string]bool{
	"cache": true, "foreign": true, "primary": true, "sort": true, "partition": true, "idempotency": true,
	"hash": true, "range": true, "map": true, "lookup": true, "index": true, "routing": true, "shard": true,
	"row": true, "column": true, "group": true, "object": true, "bucket": true, "s3": true, "unique": true,
	"composite": true, "dedup": true, "dedupe": true, "cursor": true, "page": true, "translation": true,
	"i18n": true, "locale": true, "message": true, "label": true, "state": true, "storage": true, "kms": true,
	"ssh": true, "gpg": true, "pgp": true, "registry": true, "dictionary": true, "sorting": true, "natural": true,
	"surrogate": true, "join": true, "lock": true, "mutex": true, "queue": true, "event": true, "field": true,
	"attribute": true, "property": true, "metadata": true, "config": true, "setting": true, "env": true,
	"header": true, "query": true, "param": true, "form": true, "json": true, "yaml": true, "context": true,
	"react": true, "list": true, "item": true, "node": true, "tree": true, "table": true, "record": true,
	"file": true, "path": true, "hot": true, "short": true, "shortcut": true, "keyboard": true, "music": true,
	"musical": true, "foreignkey": true, "request": true, "trace": true, "idempotent": true, "cachekey": true,
}

// maxKeyWords bounds how many words of a name are read.
const maxKeyWords = 12

// classifyKey splits a name into words and returns its class, or classNone.
func classifyKey(name []byte) keyClass {
	if string(name) == "PWD" || string(name) == "OLDPWD" {
		return classNone // the shell's working directory
	}
	var words [maxKeyWords]string
	n := splitWords(name, words[:])
	if n == 0 {
		return classNone
	}
	for _, w := range words[:n] {
		if notSecretWords[w] {
			return classNone
		}
	}
	head := words[n-1]
	if c := headClass(head); c != classNone {
		if c == classKey && n >= 2 && notSecretKeys[words[n-2]] {
			return classNone
		}
		return c
	}
	if n >= 2 && valueSuffixes[head] {
		return headClass(words[n-2])
	}
	return classNone
}

// splitWords writes the lower-case words of name into words and returns
// how many there are (the last ones, when there are more than fit).
// Separators are anything but letters and digits; an upper-case letter
// after a lower-case one starts a word (dbPassword), as does the last
// capital of a run followed by lower case (APIKey = API, Key). Trailing
// digits of a word are dropped (password2).
func splitWords(name []byte, words []string) int {
	n := 0
	var buf [64]byte
	w := buf[:0]
	flush := func() {
		for len(w) > 0 && '0' <= w[len(w)-1] && w[len(w)-1] <= '9' {
			w = w[:len(w)-1]
		}
		if len(w) > 0 {
			if n == len(words) {
				copy(words, words[1:])
				n--
			}
			words[n] = string(w)
			n++
		}
		w = buf[:0]
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		isUpper := 'A' <= c && c <= 'Z'
		isLower := 'a' <= c && c <= 'z'
		isDigit := '0' <= c && c <= '9'
		if !isUpper && !isLower && !isDigit {
			flush()
			continue
		}
		if isUpper && len(w) > 0 {
			prev := name[i-1]
			prevLower := 'a' <= prev && prev <= 'z' || '0' <= prev && prev <= '9'
			nextLower := i+1 < len(name) && 'a' <= name[i+1] && name[i+1] <= 'z'
			prevUpper := 'A' <= prev && prev <= 'Z'
			if prevLower || (prevUpper && nextLower) {
				flush()
			}
		}
		if len(w) < cap(buf) {
			w = append(w, lower(c))
		}
	}
	flush()
	return n
}
