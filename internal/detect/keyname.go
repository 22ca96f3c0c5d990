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
// psw, pssw and pasw start the abbreviations and misspellings of password
// that hold no "pass" or "pw" (PSWD, PSSWD, PASWORD); the others are the
// word for password in other languages, as code names it (localizedPasswords).
var keyWords = []string{"pass", "pwd", "pw", "psw", "pssw", "pasw", "secret", "token", "key", "auth", "cred",
	"senha", "contrase", "kennwort", "wachtwoord", "haslo", "parol", "sifre", "mima", "losenord", "salasana"}

// localizedPasswords are the word for password in other languages, in
// ASCII as variable names write it: Portuguese senha, Spanish contraseña,
// German Kennwort, Dutch wachtwoord, Polish hasło, Russian пароль and
// Turkish şifre transliterated, Chinese 密码 in pinyin (mima), Swedish
// lösenord, Finnish salasana, Norwegian passord.
var localizedPasswords = []string{"senha", "contrasena", "contrasenia", "kennwort", "wachtwoord", "haslo", "parol", "sifre", "mima", "losenord", "salasana", "passord"}

// headClasses are the words that name a secret by themselves.
var headClasses = func() map[string]keyClass {
	m := map[string]keyClass{}
	for c, words := range map[keyClass][]string{
		// requirepass and masterauth are Redis' own names for its passwords;
		// bindpw and rootpw LDAP clients' and slapd's (nslcd.conf(5),
		// slapd.conf(5)); authtok, PAM's word for it, is sssd's
		// ldap_default_authtok (sssd-ldap(5)).
		classPassword: {"password", "passwd", "pwd", "pw", "pass", "passphrase", "passwort", "passw", "pword", "pswd", "requirepass", "masterauth",
			"bindpw", "rootpw", "authtok",
			// Shortened and misspelt as people type them.
			"pswrd", "psword", "psswd", "psswrd", "pssword", "paswd", "paswrd", "pasword"},
		classSecret: {"secret"},
		classToken:  {"token", "bearer", "jwt"},
		classKey: {"key", "apikey", "accesskey", "secretkey", "privatekey", "authkey", "appkey", "masterkey",
			"signingkey", "encryptionkey", "clientkey", "serverkey", "licensekey", "accountkey",
			"sharedkey", "servicekey", "writekey", "adminkey", "restkey", "sdkkey", "subscriptionkey",
			"hmackey", "cryptkey", "devkey", "livekey", "testkey", "prodkey", "userkey"},
		classAuth:       {"auth", "authorization", "authstring", "basicauth"},
		classCredential: {"credential", "credentials", "creds", "cred"},
	} {
		for _, w := range words {
			m[w] = c
		}
	}
	for _, w := range localizedPasswords {
		m[w] = classPassword
	}
	return m
}()

// headClass classifies a head word, or a word that ends in a class word
// (apitoken, clientsecret, dbpassword).
func headClass(w []byte) keyClass {
	if c, ok := headClasses[string(w)]; ok {
		return c
	}
	for _, suf := range [...]struct {
		s string
		c keyClass
	}{{"password", classPassword}, {"passwd", classPassword}, {"secret", classSecret}, {"token", classToken}} {
		if len(w) > len(suf.s) && string(w[len(w)-len(suf.s):]) == suf.s {
			return suf.c
		}
	}
	// dbpass, rootpass, mailpwd, userpwd: a short password word glued to
	// what it is for, as PHP and Perl scripts name them ($dbpass). Only
	// after a word that says whose password it is: askpass is a program,
	// bypass a word, DIRNAMEPWD and OLDPWD are directories.
	for _, suf := range [...]string{"pass", "pwd"} {
		if len(w) > len(suf) && string(w[len(w)-len(suf):]) == suf && passOwners[string(w[:len(w)-len(suf)])] && string(w) != "oldpwd" {
			return classPassword
		}
	}
	return classNone
}

// passOwners are the words glued before "pass" or "pwd" in the names of
// passwords: the account, the service or the store they open.
var passOwners = map[string]bool{
	"db": true, "database": true, "user": true, "usr": true, "admin": true, "adm": true, "root": true, "sa": true,
	"sys": true, "mysql": true, "pg": true, "psql": true, "sql": true, "mssql": true, "oracle": true, "ora": true,
	"mongo": true, "ftp": true, "sftp": true, "smtp": true, "mail": true, "email": true, "imap": true, "pop": true,
	"ldap": true, "redis": true, "login": true, "app": true, "api": true, "svc": true, "service": true, "wifi": true,
	"wlan": true, "ssh": true, "vnc": true, "bind": true, "master": true, "key": true, "store": true, "my": true,
	"new": true, "old": true, "web": true, "site": true, "server": true, "srv": true, "proxy": true, "rabbit": true,
	"amqp": true, "mqtt": true, "broker": true, "auth": true, "account": true, "acct": true, "default": true,
}

// valueSuffixes say how a secret is written, not what it is.
var valueSuffixes = map[string]bool{
	"value": true, "str": true, "string": true, "text": true, "plain": true, "plaintext": true,
	"raw": true, "b64": true, "base64": true, "hex": true, "literal": true, "val": true,
}

// deploymentSuffixes say which deployment or which of several copies a
// credential is for (STRIPE_KEY_LIVE, api_token_prod, SECRET_KEY_BACKUP):
// like a value suffix, the class is the word's before.
var deploymentSuffixes = map[string]bool{
	"prod": true, "production": true, "live": true, "dev": true, "development": true, "staging": true,
	"stage": true, "stg": true, "sandbox": true, "preprod": true, "qa": true, "uat": true, "local": true,
	"primary": true, "secondary": true, "backup": true,
}

// notSecretWords anywhere in a name mean its value is not a credential of
// the class the head names: a public key, an example, a digest of the
// secret (hashed_secret, as detect-secrets' baseline records it; a
// hash_secret is a key to hash with, and stays a secret).
var notSecretWords = map[string]bool{
	"public": true, "publishable": true, "example": true, "sample": true, "dummy": true,
	"fake": true, "mock": true, "placeholder": true, "pub": true, "hashed": true,
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

// flagWords, first in a name, make it a switch about a credential rather
// than one.
var flagWords = map[string]bool{
	"no": true, "have": true, "has": true, "use": true, "enable": true, "disable": true, "with": true,
	"without": true, "allow": true, "skip": true, "require": true, "is": true, "should": true, "can": true,
	"show": true, "hide": true, "ask": true, "prompt": true, "check": true, "verify": true, "validate": true,
	"need": true, "needs": true, "support": true, "supports": true, "min": true, "max": true,
}

// maxKeyWords bounds how many words of a name are read.
const maxKeyWords = 12

// nameWords are the lower-case words of a name, stored one after another
// in buf (so the words joined are buf[:len]) without allocating.
type nameWords struct {
	buf   [maxNameLen]byte
	len   int
	spans [maxKeyWords][2]uint8
	n     int
}

func (w *nameWords) word(i int) []byte { return w.buf[w.spans[i][0]:w.spans[i][1]] }
func (w *nameWords) last(i int) []byte { return w.word(w.n - 1 - i) }
func (w *nameWords) joined() []byte    { return w.buf[:w.len] }

// classifyKey splits a name into words and returns its class, or classNone.
func classifyKey(name []byte) keyClass {
	var w nameWords
	w.split(name)
	if w.n == 0 {
		return classNone
	}
	for i := 0; i < w.n; i++ {
		if notSecretWords[string(w.word(i))] {
			return classNone
		}
	}
	if w.n >= 2 && flagWords[string(w.word(0))] {
		return classNone // NO_ETC_PASSWD, HAVE_PASSWORD, USE_TOKEN: build switches
	}
	if c := headClass(w.last(0)); c != classNone {
		if c == classKey && w.n >= 2 && notSecretKeys[string(w.last(1))] {
			return classNone
		}
		// Two letters turn up by chance in random text (an IV's base64
		// ending ...E2Pw=): "pw" names a password only in a name made of
		// words.
		if string(w.last(0)) == "pw" && !wordy(name) {
			return classNone
		}
		return c
	}
	if w.n >= 2 && (valueSuffixes[string(w.last(0))] || deploymentSuffixes[string(w.last(0))]) {
		if c := headClass(w.last(1)); c != classKey || w.n < 3 || !notSecretKeys[string(w.last(2))] {
			return c
		}
	}
	return classNone
}

// split reads the words of name: separators are anything but letters and
// digits; an upper-case letter after a lower-case one starts a word
// (dbPassword), as does the last capital of a run followed by lower case
// (APIKey = api, key). Trailing digits of a word are dropped (password2).
// Only the last maxKeyWords words are kept.
func (w *nameWords) split(name []byte) {
	w.n, w.len = 0, 0
	start := 0
	flush := func() {
		for w.len > start && '0' <= w.buf[w.len-1] && w.buf[w.len-1] <= '9' {
			w.len--
		}
		if w.len > start {
			if w.n == maxKeyWords {
				// Keep the last words: drop the first one.
				drop := int(w.spans[0][1])
				copy(w.buf[:], w.buf[drop:w.len])
				w.len -= drop
				copy(w.spans[:], w.spans[1:])
				w.n--
				for i := 0; i < w.n; i++ {
					w.spans[i][0] -= uint8(drop)
					w.spans[i][1] -= uint8(drop)
				}
				start -= drop
			}
			w.spans[w.n] = [2]uint8{uint8(start), uint8(w.len)}
			w.n++
		}
		start = w.len
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
		if isUpper && w.len > start {
			prev := name[i-1]
			prevLower := 'a' <= prev && prev <= 'z' || '0' <= prev && prev <= '9'
			nextLower := i+1 < len(name) && 'a' <= name[i+1] && name[i+1] <= 'z'
			prevUpper := 'A' <= prev && prev <= 'Z'
			if prevLower || (prevUpper && nextLower) {
				flush()
			}
		}
		if w.len < len(w.buf) {
			w.buf[w.len] = lower(c)
			w.len++
		}
	}
	flush()
}

// wordy reports whether a name is made of words: no digit inside it, and
// no run of more than four capitals (as a random string has).
func wordy(name []byte) bool {
	caps := 0
	for i, c := range name {
		switch {
		case '0' <= c && c <= '9':
			if i+1 < len(name) && isLetter(name[i+1]) {
				return false
			}
		case 'A' <= c && c <= 'Z':
			if caps++; caps > 4 && i+1 < len(name) && 'a' <= name[i+1] && name[i+1] <= 'z' {
				return false
			}
			continue
		}
		caps = 0
	}
	return true
}
