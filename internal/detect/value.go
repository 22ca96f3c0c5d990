package detect

import (
	"bytes"
	"encoding/base64"
)

// Value classification, shared by every rule that reads a value assigned
// to a name: is it a literal credential, or something that names where the
// credential lives (a reference, a template, a call), a mask, a
// placeholder, a type name or prose?

// valueVerdict is what a value is.
type valueVerdict uint8

const (
	valueLiteral valueVerdict = iota
	valueWeak                 // a literal, and a guessable password
	valueReference
	valuePlaceholder
	valueMasked
	valueTypeName
	valueProse
	valuePath
	valueNumber
	valueEmpty
)

// weakPasswords are passwords found in every breach list and in vendors'
// default configurations. Assigned in a config file they are real
// credentials (often a default nobody changed), reported as weak.
var weakPasswords = map[string]bool{
	"password": true, "password1": true, "password123": true, "passw0rd": true, "p@ssw0rd": true, "p@ssword": true,
	"changeme": true, "changeit": true, "change_me": true, "admin": true, "admin123": true, "admin1234": true,
	"administrator": true, "root": true, "toor": true, "secret": true, "secret123": true, "letmein": true,
	"welcome": true, "welcome1": true, "qwerty": true, "qwerty123": true, "123456": true, "1234567": true,
	"12345678": true, "123456789": true, "1234567890": true, "abc123": true, "test": true, "test123": true,
	"testing": true, "guest": true, "default": true, "master": true, "postgres": true, "mysql": true,
	"oracle": true, "sa": true, "pass": true, "pass123": true, "pa55word": true, "trustno1": true,
	"iloveyou": true, "dragon": true, "monkey": true, "football": true, "sunshine": true, "superman": true,
	"hunter2": true, "mypassword": true, "mysecret": true, "s3cret": true, "s3cr3t": true, "rootpass": true,
	"adminadmin": true, "raspberry": true, "alpine": true, "ubuntu": true, "vagrant": true, "redis": true,
	"rabbitmq": true, "elastic": true, "kibana": true, "tomcat": true, "jenkins": true, "nexus": true,
	"1234": true, "12345": true, "admin1": true, "root1": true,
}

// shortDefaultPassword reports a password shorter than a rule's minimum
// that is a well-known default account password (root, admin, toor, the
// database's own name): short, and still the password that opens the
// account. Words that tests use for anything (test, pass) are not.
func shortDefaultPassword(v []byte) bool {
	if len(v) < 4 || len(v) > 5 {
		return false
	}
	var buf [5]byte
	return shortDefaults[string(lowerASCII(buf[:0], v))]
}

var shortDefaults = map[string]bool{
	"root": true, "admin": true, "toor": true, "guest": true, "1234": true, "12345": true, "mysql": true,
	"redis": true, "root1": true,
}

// placeholderValues are whole values that stand in for a credential.
var placeholderValues = map[string]bool{
	"none": true, "null": true, "nil": true, "undefined": true, "empty": true, "true": true, "false": true,
	"todo": true, "tbd": true, "fixme": true, "n/a": true, "na": true, "unset": true, "notset": true,
	"required": true, "optional": true, "xxx": true, "replace": true, "replaceme": true, "replace_me": true,
	"secret_here": true, "token_here": true, "password_here": true, "key_here": true, "yourpassword": true,
	"your_password": true, "your-password": true, "yoursecret": true, "your_secret": true, "yourtoken": true,
	"your_token": true, "your_api_key": true, "yourapikey": true, "your-api-key": true, "api_key": true,
	"apikey": true, "token": true, "my_password": true, "mytoken": true, "foobar": true, "foo": true, "bar": true,
	"baz": true, "dummy": true, "fake": true, "example": true, "sample": true, "placeholder": true,
	"redacted": true, "hidden": true, "masked": true, "removed": true, "omitted": true, "secure": true,
	"generated": true, "random": true, "auto": true, "prompt": true, "ask": true, "env": true,
}

// typeNames are what a typed declaration or a schema puts where a value
// would be (password: string).
var typeNames = map[string]bool{
	"string": true, "str": true, "text": true, "varchar": true, "char": true, "bytes": true, "byte": true,
	"int": true, "integer": true, "number": true, "bool": true, "boolean": true, "object": true,
	"any": true, "unknown": true, "securestring": true, "secstr": true,
	"[]byte": true, "*string": true, "option<string>": true, "optional[str]": true, "list": true,
	"dict": true, "map": true, "function": true, "func": true, "void": true, "float": true, "double": true,
	"long": true, "uuid": true, "datetime": true, "date": true, "json": true, "nullable": true, "id": true,
}

// classifyValue says what a value is. quoted tells whether the value was
// written as a string literal; code tells whether it sits in program source,
// where an unquoted value is an expression, not a literal.
func classifyValue(v []byte, quoted, code bool) valueVerdict {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return valueEmpty
	}
	if !quoted && code {
		return valueReference
	}
	var buf [256]byte
	low := lowerASCII(buf[:0], v)
	if isReference(v, low, quoted) {
		return valueReference
	}
	if isMasked(v, low) {
		return valueMasked
	}
	if placeholderValues[string(low)] || hasPlaceholderMark(low) || documentedJWT(v) || encodedSequence(v) || madeUpSequence(v) {
		return valuePlaceholder
	}
	if typeNames[string(bytes.Trim(low, "[]!?"))] {
		return valueTypeName // password: String!, token: [ID!]!
	}
	if isProse(v) || isLabel(v) {
		return valueProse
	}
	if isPathLike(v) {
		return valuePath
	}
	if symbolChain(v) || !quoted && openIndex(v) {
		return valueReference
	}
	if !quoted && hexIntLiteral(v) || dottedNumbers(v) {
		return valueNumber
	}
	if weakPasswords[string(low)] || weakVariant(low) || weakShape(v) {
		return valueWeak
	}
	return valueLiteral
}

// templateExpression reports an Azure Resource Manager template
// expression, which the deployment evaluates: [parameters('pw')],
// [concat(variables('p'), uniqueString(resourceGroup().id))]. A string
// that starts with [[ is a literal one.
func templateExpression(v []byte) bool {
	if len(v) < 4 || v[0] != '[' || v[1] == '[' || v[len(v)-1] != ']' {
		return false
	}
	i := 1
	for i < len(v) && (isLetter(v[i]) || i > 1 && (v[i] == '.' || '0' <= v[i] && v[i] <= '9')) {
		i++
	}
	return i > 1 && i < len(v) && v[i] == '(' && bytes.LastIndexByte(v, ')') == len(v)-2
}

// symbolChain reports a value made of program symbols joined by
// separators: a sanitizer's stack signature (__interceptor_malloc--
// do_xmalloc--cmd_main--main), a list of snake_case names. Three or more
// of its parts are names with an underscore between letters, which random
// tokens and passphrases (correct-horse-battery) do not have.
func symbolChain(v []byte) bool {
	names := 0
	for part := range bytes.FieldsFuncSeq(v, func(r rune) bool { return r == '-' || r == '.' || r == '@' || r == '/' || r == ':' || r == ',' }) {
		if snakeName(part) {
			names++
		}
	}
	return names >= 3
}

// snakeName reports a name of letters with an underscore between two of
// them (do_xmalloc, __libc_start_main), digits allowed only at its end.
func snakeName(b []byte) bool {
	b = bytes.TrimLeft(b, "_")
	inner := false
	for i, c := range b {
		switch {
		case isLetter(c):
		case c == '_' && i > 0 && i+1 < len(b) && isLetter(b[i-1]) && isLetter(b[i+1]):
			inner = true
		case '0' <= c && c <= '9' && bytes.IndexFunc(b[i:], func(r rune) bool { return r < '0' || r > '9' }) < 0:
			return inner
		default:
			return false
		}
	}
	return inner
}

// openIndex reports an unquoted value cut at the bracket that closes an
// index or a macro's attributes it opened (parts[1, annotate:x[exclude):
// what comes before a ] is a name, not a password ending in [.
func openIndex(v []byte) bool {
	i := bytes.LastIndexByte(v, '[')
	return i > 0 && bytes.IndexByte(v[i:], ']') < 0 && isWordByte(v[i-1]) && identifierOnly(v[i+1:])
}

// weakVariant reports a breach list's password with up to four digits or
// symbols added (changeme1, Welcome1!, root1234): as guessable as the
// word, and a password rather than the placeholder the word alone may be.
func weakVariant(low []byte) bool {
	base := bytes.TrimRight(low, "0123456789!@#$%^&*.?_-")
	return len(base) < len(low) && len(low)-len(base) <= 4 && weakPasswords[string(base)]
}

// referenceStarts are how a value that names a variable, a template or a
// secret store begins.
var referenceStarts = [][]byte{
	[]byte("${"), []byte("$("), []byte("{{"), []byte("#{"), []byte("<%"), []byte("!ref"),
	[]byte("!sub"), []byte("!getatt"), []byte("!vault"), []byte("!secret"), []byte("!env"), []byte("enc("),
	[]byte("vault:"), []byte("ssm:"), []byte("arn:aws:"), []byte("projects/"), []byte("secret://"),
	[]byte("op://"), []byte("env:"), []byte("file:"), []byte("keyvault:"), []byte("sops:"),
	[]byte("akv:"), []byte("gcp:"), []byte("aws:"), []byte("secretref:"), []byte("valuefrom"),
	// Encrypted values: sops, Ansible Vault, Vault transit, PGP. What
	// leaked is ciphertext; the key that opens it is a finding of its own.
	[]byte("enc["), []byte("$ansible_vault"), []byte("vault:v"), []byte("-----begin pgp message"),
}

func isReference(v, low []byte, quoted bool) bool {
	for _, m := range referenceStarts {
		if bytes.HasPrefix(low, m) {
			return true
		}
	}
	if hasReferenceMark(low) || interpolates(v) || templateExpression(v) {
		return true
	}
	switch c := v[0]; {
	case c == '$' && len(v) > 1 && (isWordByte(v[1]) || v[1] == '{'):
		// $VAR, $var; a password may start with $ but rarely with $ and a
		// name and nothing else.
		return identifierOnly(v[1:])
	case c == '%' && v[len(v)-1] == '%' && len(v) > 2:
		return windowsVariable(v)
	case c == '@' && v[len(v)-1] == '@' && len(v) > 2:
		return identifierOnly(v[1 : len(v)-1]) // @maven.property@
	case c == '#' && len(v) > 4 && bytes.HasPrefix(v, []byte("##")) && bytes.HasSuffix(v, []byte("##")):
		// ###ORACLE_PWD###: a template's token that a setup script
		// replaces (sed s/###ORACLE_PWD###/.../) before the file is used.
		t := bytes.Trim(v, "#")
		return len(t) > 0 && identifierOnly(t)
	case c == '<' && (v[len(v)-1] == '>' || len(v) > 1 && isLetter(v[1]) && bytes.IndexByte(v, '>') < 0 && identifierOnly(v[1:])):
		return true // <your password>, or its first word: <your
	case c == '{' && v[len(v)-1] == '}':
		return identifierOnly(v[1 : len(v)-1]) // {password}
	case c == '*' && !quoted:
		return identifierOnly(v[1:]) && namedWords(v[1:]) // a YAML alias (*defaults), not *m.Py2tQN2K
	case c == '[' && v[len(v)-1] == ']' && !quoted:
		return true // a list, not a value
	}
	// Format strings: "%s", "{}", "{0}", in a value with text around
	// them. A random password may hold "%s" or "{}" by chance: in
	// "Quill%sage" the directive is followed by a letter, and
	// "lBqJI%4v@cW?fn" or a WordPress salt "MRp;#a{}NoE=y..." mixes all four
	// kinds of character without a blank, as format strings do not.
	random := charClasses(v) == 4 && !bytes.ContainsAny(v, " \t")
	format := hasFormatVerb(v) || bytes.Contains(v, []byte("{}")) || bytes.Contains(v, []byte("{0}"))
	if format && !random && (len(v) < 16 || bytes.ContainsAny(v, " :/=@")) {
		return true
	}
	// A call: name(...), os.environ[...].
	if i := bytes.IndexByte(v, '('); i > 0 && v[len(v)-1] == ')' && identifierOnly(bytes.TrimRight(v[:i], ".")) {
		return true
	}
	return false
}

// interpolates reports a value that a shell, Perl or PHP string fills in
// from variables: "$pass\n$dir", "${HOME}/x", $credential{password},
// $cfg->{x}. A $ inside a random password (Tr0$ub4) does not start a name
// after a separator, so it is not taken for one.
func interpolates(v []byte) bool {
	for i := 0; i+2 < len(v); i++ {
		if v[i] != '$' || i > 0 && !bytes.ContainsRune([]byte(" \t\"'=:/\\n"), rune(v[i-1])) && !(i > 1 && v[i-2] == '\\') {
			continue
		}
		if v[i+1] == '{' || v[i+1] == '(' {
			return true
		}
		j := i + 1
		for j < len(v) && (isLetter(v[j]) || v[j] == '_') {
			j++
		}
		if j-i-1 >= 3 && (j == len(v) || !isWordByte(v[j])) {
			return true // $pass, $HOME, $credential{password}, $cfg->x
		}
	}
	return false
}

// identifierOnly reports whether b is a name: word characters and dots.
func identifierOnly(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isWordByte(c) && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

func isMasked(v, low []byte) bool {
	if len(v) >= 3 && distinct(v) == 1 && !isWordByte(v[0]) {
		return true // ****, ...., ----
	}
	if len(v) >= 4 && distinct(low) == 1 && (low[0] == 'x' || low[0] == '*') {
		return true
	}
	if len(v) >= 8 && distinct(v) <= 2 {
		return true // 00000000-0000-0000-0000-000000000000
	}
	return bytes.Contains(low, []byte("***")) || bytes.Contains(low, []byte("xxxx")) || bytes.Contains(low, []byte("•••"))
}

// placeholderMarksInValue are parts of values written for a reader to
// replace.
var placeholderMarksInValue = [][]byte{
	[]byte("your_"), []byte("your-"), []byte("yourpass"), []byte("yourtoken"), []byte("yourkey"), []byte("yoursecret"),
	[]byte("replace_me"), []byte("replace-me"), []byte("replaceme"), []byte("change_this"), []byte("changethis"),
	[]byte("insert_"), []byte("insert-"), []byte("enter_"), []byte("enter-your"), []byte("put_your"), []byte("put-your"),
	[]byte("_here"), []byte("-here"), []byte("goes_here"), []byte("example"), []byte("placeholder"),
	[]byte("redacted"), []byte("dummy"), []byte("not_a_real"), []byte("not-a-real"), []byte("notreal"),
	[]byte("fake_"), []byte("fake-"), []byte("sample_"), []byte("sample-"), []byte("todo"),
	[]byte("&lt;"), []byte("set-me"), []byte("set_me"), []byte("setme"), []byte("in-vault"), []byte("from-vault"),
	[]byte("in_vault"), []byte("from_vault"), []byte("fill-in"), []byte("fill_in"), []byte("fillme"),
}

// encodedSequence reports base64 of a made-up value: a run of sequential
// characters (MDEyMzQ1Njc4OWFiY2RlZg== is "0123456789abcdef"), as
// documentation fills a key's field with.
func encodedSequence(v []byte) bool {
	if len(v) < 16 || len(v)%4 != 0 || len(v) > 512 {
		return false
	}
	dec := make([]byte, base64.StdEncoding.DecodedLen(len(v)))
	n, err := base64.StdEncoding.Decode(dec, v)
	if err != nil {
		return false
	}
	return sequenceRun(dec[:n], 8)
}

func hasPlaceholderMark(low []byte) bool {
	for _, m := range placeholderMarksInValue {
		if bytes.Contains(low, m) {
			return true
		}
	}
	return false
}

// isProse reports a sentence: several words separated by spaces.
func isProse(v []byte) bool {
	spaces := bytes.Count(v, []byte(" "))
	if spaces >= 3 {
		return true
	}
	if spaces >= 1 {
		last := v[len(v)-1]
		return last == '.' || last == '?' || last == '!' || last == ':'
	}
	return false
}

// isLabel reports text in a natural language other than English letters
// only (Contraseña, Passwort bestätigen, Mot de passe): what localisation
// files put under a password key. Passwords mix in digits or symbols.
func isLabel(v []byte) bool {
	nonASCII := false
	for _, c := range v {
		switch {
		case c >= 0x80:
			nonASCII = true
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == ' ':
		default:
			return false
		}
	}
	return nonASCII || bytes.IndexByte(v, ' ') > 0 && v[0] >= 'A' && v[0] <= 'Z'
}

// isPathLike reports a file path or a plain URL (a URL with a password is
// a rule of its own).
func isPathLike(v []byte) bool {
	if bytes.HasPrefix(v, []byte("/")) && bytes.Count(v, []byte("/")) >= 2 && !bytes.ContainsAny(v, " \t") {
		return true
	}
	if bytes.HasPrefix(v, []byte("./")) || bytes.HasPrefix(v, []byte("../")) || bytes.HasPrefix(v, []byte("~/")) {
		return true
	}
	if len(v) > 3 && v[1] == ':' && (v[2] == '\\' || v[2] == '/') {
		return true // C:\path
	}
	if i := bytes.Index(v, []byte("://")); i > 0 && bytes.IndexByte(v[i+3:], '@') < 0 {
		return true
	}
	for _, ext := range [...]string{".pem", ".key", ".json", ".txt", ".crt", ".p12", ".pfx", ".jks", ".yaml", ".yml", ".env", ".conf"} {
		if bytes.HasSuffix(bytes.ToLower(v), []byte(ext)) && !bytes.ContainsAny(v, " ") {
			return true
		}
	}
	return false
}

// weakShape reports a short password of one kind of character, or a word
// followed by digits: guessable whatever the word.
func weakShape(v []byte) bool {
	if len(v) < 6 {
		return true
	}
	if len(v) <= 10 && charClasses(v) == 1 {
		return true
	}
	return false
}

// codeLikeValue reports a quoted value that is a name rather than a
// credential: an environment variable's name (DB_PASSWORD), a dotted
// property (spring.datasource.password), a header name.
//
// A password may be words joined by dots (pepper.thistle.lantern), so for
// passwords a dotted value is a name only when it has capitals or
// underscores, as property and field paths do.
func codeLikeValue(v []byte, password bool) bool {
	if len(v) == 0 {
		return false
	}
	upperSnake := true
	for _, c := range v {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			upperSnake = false
			break
		}
	}
	if upperSnake && bytes.IndexByte(v, '_') >= 0 {
		return true
	}
	if headerName.Match(v) {
		return true
	}
	if !codePath.Match(v) {
		return false
	}
	if password {
		// Violet.orbit5629 is a password; config.dbPassword, Settings.Secret
		// and db_conf.password are paths.
		return dottedName(v)
	}
	return true
}

// dottedName reports a dotted value that reads as a path of names: a part
// after the first that starts with a capital, a camelCase hump, an
// underscore, an index or a call, in words (cA4XXHP1l.eSQAY is a random
// password's characters).
func dottedName(v []byte) bool {
	if !namedWords(v) {
		return false
	}
	if bytes.ContainsAny(v, "_[]()") {
		return true
	}
	for i := 1; i < len(v); i++ {
		if 'A' <= v[i] && v[i] <= 'Z' && (v[i-1] == '.' || 'a' <= v[i-1] && v[i-1] <= 'z') {
			return true
		}
	}
	return false
}

// namedWords reports a value whose parts read as words, as names in code
// do (config.dbPassword, Settings.Secret, db_conf.password, parts[1]): no
// digit inside a word, at most one word of a single letter, not mostly
// words of one or two letters, and no long run of capitals (wordy),
// unlike a random password's characters (V_Cj.iMiUZeQUofg6s_,
// sXqDnCJR9.FCPu47: s Xq Dn CJR FC Pu).
func namedWords(v []byte) bool {
	var w nameWords
	w.split(v)
	short, tiny := 0, 0
	for i := 0; i < w.n; i++ {
		word := w.word(i)
		if bytes.ContainsAny(word, "0123456789") {
			return false
		}
		if len(word) < 2 {
			short++
		}
		if len(word) <= 2 {
			tiny++
		}
	}
	return w.n > 0 && short <= 1 && !(tiny >= 3 && 2*tiny > w.n) && wordy(v)
}

// looksLikeName reports an unquoted value that reads as a name in code
// rather than a literal, where the syntax does not say: config.Token,
// parts[1], Content-Type, DB_PASSWORD, userPassword. A lower-case word
// (changeme) may be a weak password and is kept, as is, for a password,
// lower-case words joined by dots (raven.crimson.lantern), as with
// codeLikeValue.
func looksLikeName(v []byte, password bool) bool {
	if codePath.Match(v) && (!password || dottedName(v)) || codeIdent.Match(v) || headerName.Match(v) {
		return true
	}
	if !wordsOnly.Match(v) {
		return false
	}
	return bytes.IndexByte(v, '_') >= 0 || bytes.ContainsAny(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}
