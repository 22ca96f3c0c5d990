package detect

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// Reading an assignment: given a hit of a key word (pass, token, key...)
// inside a name, find the whole name and the value assigned to it, in the
// many ways languages and formats write that:
//
//	NAME=value  name: value  "name": "value"  name => 'v'  name := "v"
//	name ?= v  name ::= v  name .= 'v'  name <- "v"  var name string = "v"
//	name: str = "v"  String name = "v"  setName("v")  name("v")
//	set("name", "v")  define('NAME', 'v')  auth=("user", "v")
//	new PasswordAuthentication("user", "v")  <name>v</name>  name="v"
//	<add key="Name" value="v"/>  - name: NAME \n value: v  --name v
//
// Everything is read within a bounded distance of the hit, so the cost of
// a hit does not depend on the input.

// assignment is a value found assigned to a secret-like name.
type assignment struct {
	keyStart, keyEnd int // the name
	valStart, valEnd int // the value as written (inside its quotes)
	value            []byte
	quoted           bool
	escaped          bool // value was unescaped: it is not data[valStart:valEnd]
	class            keyClass
	// datum marks a value stated as data in a file of no known syntax: a
	// table's cell under its column's name, or a Name: value line.
	datum bool
}

const (
	maxNameLen  = 96
	maxValueLen = 1024
)

func isNameByte(c byte) bool { return isWordByte(c) || c == '-' || c == '.' }

// readAssignment reads the assignment whose name holds data[hs:he]. buf is
// scratch space for an unescaped value; the returned value may point into
// data or into buf.
func readAssignment(data []byte, hs, he int, syn fileSyntax, buf *[]byte) (assignment, bool) {
	a, ok := readAssignmentAs(data, hs, he, syn, buf, classNone)
	if ok && nssDatabaseLine(data, a) {
		return a, false // passwd: files systemd, in /etc/nsswitch.conf
	}
	return a, ok
}

// readAssignmentAs is readAssignment with the name's class given: a
// provider's name used as the whole key (assemblyai = ...) names no class
// of its own. classNone reads the class from the name.
func readAssignmentAs(data []byte, hs, he int, syn fileSyntax, buf *[]byte, class keyClass) (assignment, bool) {
	ks := hs
	for ks > 0 && hs-ks < maxNameLen && isNameByte(data[ks-1]) {
		ks--
	}
	ke := he
	for ke < len(data) && ke-he < maxNameLen && isNameByte(data[ke]) {
		ke++
	}
	// --password value, -Password value: a command line's flag.
	flag := ks < ke && data[ks] == '-'
	written := ks // where the name starts, dashes included
	for ks < ke && (data[ks] == '.' || data[ks] == '-') {
		ks++
	}
	for ke > ks && (data[ke-1] == '.' || data[ke-1] == '-') {
		ke--
	}
	if ke <= ks {
		return assignment{}, false
	}
	if j := sectionPathStart(data, ks, ke); j < ks {
		ks, written = j, j
	}
	name := data[ks:ke]
	if class == classNone {
		class = classifyKey(name)
		if class == classNone && ke < len(data) && data[ke] == '(' {
			class = builderSetterClass(name)
		}
	}
	a := assignment{keyStart: ks, keyEnd: ke, class: class}
	if a.class == classNone {
		// password.equals("x"): a login check against a literal.
		if m := equalsMethod(name); m > 0 && ke < len(data) && data[ke] == '(' {
			if c := classifyKey(name[:m]); c == classPassword || c == classSecret {
				a.keyEnd, a.class = ks+m, c
				return a.fromArgs(data, ke, buf, 1)
			}
			return a, false
		}
		// A constructor or helper named for credentials takes the user
		// and the password as arguments.
		if ke < len(data) && data[ke] == '(' && credentialCallee(name) {
			return a.fromArgs(data, ke, buf, 2)
		}
		return a, false
	}
	// "x".equals(password), the literal first.
	if a.class == classPassword || a.class == classSecret {
		if v, ok := equalsReceiver(data, ks); ok {
			a.set(v)
			return a, true
		}
	}
	// The name written as a string: the value of a key= or name: pair,
	// whose value is in a value field of the same element.
	if v, ok := pairValue(data, ks, ke, syn, buf); ok {
		a.set(v)
		return a, true
	}
	if v, ok := headerFieldValue(data, ks, buf); ok {
		a.set(v)
		return a, true
	}
	i := ke
	quotedKey := false
	if i < len(data) && written > 0 && (data[i] == '"' || data[i] == '\'' || data[i] == '`') && data[written-1] == data[i] {
		i++
		quotedKey = true
	} else if escapedQuote(data, i) && written > 1 && data[written-1] == data[i+1] && data[written-2] == '\\' {
		i += 2 // "{\"token\": \"v\"}": JSON inside a string
		quotedKey = true
	}
	if i < len(data) && data[i] == ']' {
		i++ // $cfg['password'], ENV["TOKEN"]
	}
	if ks > 0 && data[ks-1] == '<' && !quotedKey {
		if string(bytes.ToLower(name)) == "key" && dictionaryKey(data, ke) {
			return a, false // <key>name</key>: a plist's or a dictionary's key
		}
		return a.fromElement(data, ks, ke)
	}
	if i < len(data) && data[i] == '(' {
		// setPassword("..."), password("..."), .withToken("...");
		// new UsernamePasswordCredentials("user", "password").
		if credentialCallee(name) && (!setterName(name) || basicAuthName(name)) {
			return a.fromArgs(data, i, buf, 2)
		}
		if !setterName(name) {
			return a, false
		}
		// setCredentials("user", "password"): a setter of a pair takes
		// the user first; given one string, that string is the value.
		if credentialPairName(name) {
			if r, ok := a.fromArgs(data, i, buf, 2); ok {
				return r, true
			}
		}
		return a.fromArgs(data, i, buf, 1)
	}
	// The name inside a string, as in putenv("DB_PASSWORD=x"), a header
	// "X-Api-Key: v" or "PWD="+dir: the value, if any, runs to the
	// string's end.
	if !quotedKey && ks > 0 && isQuote(data[ks-1]) && ke < len(data) && (data[ke] == '=' || data[ke] == ':') {
		return a.fromStringRest(data, skipBlanks(data, ke+1), data[ks-1])
	}
	// alias pwd='pwd -W' defines a command, not a value.
	if precededBy(data, ks, "alias") {
		return a, false
	}
	// proxy_set_header X-Api-Key value; (nginx), RequestHeader set
	// Authorization "Bearer v" (Apache httpd): a header a server's
	// directive sends, its value the directive's next argument.
	if syn == syntaxTOML && !quotedKey && headerDirective(data, ks) {
		return a.fromDirectiveArgument(data, skipBlanks(data, ke), buf)
	}
	// %define PASSWORD "value", %global token value: RPM spec macros.
	if macroDefine(data, ks) {
		return a.fromMacroBody(data, skipBlanks(data, ke), buf)
	}
	// #define PASSWORD "value"
	if isDefine(data, ks) {
		if v, ok := readQuoted(data, skipBlanks(data, ke), buf); ok {
			a.set(v)
			return a, true
		}
		return a, false
	}
	i = skipBlanks(data, i)
	// A C# property: string Password { get; set; } = "value".
	if j := skipAccessors(data, i); j > i {
		i = skipBlanks(data, j)
	}
	// An HCL variable: variable "db_password" { default = "value" }.
	if quotedKey && i < len(data) && data[i] == '{' {
		return a.fromBlockDefault(data, i, syn, buf)
	}
	// C++ brace initialisation: std::string password{"value"}; and
	// Kotlin's lazy delegate: val password by lazy { "value" }.
	if syn == syntaxCode {
		j := -1
		if i == ke {
			j = i
		} else if bytes.HasPrefix(data[i:], []byte("by lazy")) {
			j = skipBlanks(data, i+len("by lazy"))
		}
		if j >= 0 && j < len(data) && data[j] == '{' {
			if v, ok := readQuoted(data, skipSpace(data, j+1, min(len(data), j+64)), buf); ok {
				if k := skipSpace(data, v.end+1, min(len(data), v.end+64)); k < len(data) && data[k] == '}' {
					a.set(v)
					return a, true
				}
			}
			return a, false
		}
	}
	// ${NAME:-default}, ${NAME:=default} (shells, compose files, .env
	// loaders): the default is the value.
	if ks >= 2 && data[ks-2] == '$' && data[ks-1] == '{' {
		return a.fromShellDefault(data, i, syn, buf)
	}
	// An environment lookup with a literal fallback: process.env.TOKEN ||
	// "v", GetEnvironmentVariable("TOKEN") ?? "v", getenv("X") ?: "v",
	// os.environ.get("X") or "v".
	if v, ok := fallbackLiteral(data, i, quotedKey, buf); ok {
		a.set(v)
		return a, true
	}
	// os.getenv("DB_PASSWORD", "v"), ENV.fetch("DB_PASSWORD", "v"),
	// config("DB_PASSWORD", default="v"): a lookup's default argument.
	if quotedKey && i < len(data) && data[i] == ',' && envLookupArgument(data, ks-1) {
		if v, ok := defaultArgument(data, skipBlanks(data, i+1), buf); ok {
			a.set(v)
			return a, true
		}
		return a, false
	}
	// A Go struct tag's default for the variable it names:
	// env:"DB_PASSWORD" envDefault:"v" (caarlos0/env), default:"v"
	// (kelseyhightower/envconfig).
	if quotedKey && (bytes.HasPrefix(data[i:], []byte("envDefault:")) || bytes.HasPrefix(data[i:], []byte("default:"))) {
		if v, ok := readQuoted(data, i+bytes.IndexByte(data[i:], ':')+1, buf); ok {
			a.set(v)
			return a, true
		}
		return a, false
	}
	// Code, or syntax not known: where types, annotations and test
	// runners' output may stand around an operator.
	code := syn == syntaxCode || syn == syntaxUnknown
	// "API key (prod): v", "Password (root) = v": a label's qualifier in
	// parentheses stands between the name and its operator.
	if i > ke {
		if j := qualifierEnd(data, i); j > i {
			i = skipBlanks(data, j)
		}
	}
	op, ok := operator(data, i)
	// "Password for root: v", first on a line of text: the label says
	// whose password it is.
	if !ok && syn == syntaxUnknown && !quotedKey && lineStartsAt(data, written) {
		if j := forWhom(data, i); j > i {
			i, op, ok = j, ":", true
		}
	}
	// mapOf("password" to "v") (Kotlin's pairs), Map("password" -> "v")
	// (Scala's): an entry of a map, its value a string literal, as an
	// argument (not a comment's 'pass' -> 'password').
	if !ok && quotedKey && syn == syntaxCode && argumentStart(data, written-1) {
		if op = pairArrow(data, i); op != "" {
			i = skipBlanks(data, i+len(op))
			if v, ok := readQuoted(data, i, buf); ok {
				a.set(v)
				return a, true
			}
			return a, false
		}
	}
	if !ok && code {
		// A typed declaration: var password string = "...". (In a
		// Dockerfile's ENV NAME value, the value's first word is no type.)
		// No language writes NAME TYPE: value, and a word that says what
		// about the password is named is no type: "Password hint:
		// mydog2019", "Password Hint = x" name a hint. A quoted name is
		// no declaration: name="password" class="x" are an element's
		// attributes.
		if j := skipType(data, i); j > i && !quotedKey && !anyEqualFold(data[i:j], aboutWords[:]) {
			j = skipBlanks(data, j)
			if op, ok = operator(data, j); ok && op != "," && op != ":" {
				i = j
			} else {
				op, ok = "", false
			}
		}
	}
	if !ok {
		if (flag && !quotedKey || dockerfileEnv(data, ks) || setCommand(data, ks) || dslCall(data, ks, i, syn) || keywordValue(data, ks, ke, i, syn, a.class)) && i < len(data) && i > ke && !isLineEnd(data[i]) && data[i] != '-' && data[i] != '[' && data[i] != '<' {
			op, ok = "", true // --password value, not --password --next or --password <pw>
		} else {
			return a, false
		}
	}
	// curl_easy_setopt(h, CURLOPT_PASSWORD, "value"): an option's constant
	// and its value as a setter's arguments.
	if op == "," && !quotedKey && optionArgument(data, written, ke) {
		return a.fromOptionValue(data, skipBlanks(data, i+1), buf)
	}
	// ["--db-password", "value"]: a flag and its value as list items, in
	// a container's args or a subprocess call.
	if op == "," && !(quotedKey && (flag || setterArgument(data, ks-1)) || symbolSetting(data, ks)) {
		return a, false
	}
	labelled := false // a text's label read, "API Secret:" or "ID:u PW:v"
	if op == ":" && !keyPosition(data, ks, quotedKey) {
		if syn != syntaxUnknown || quotedKey || !a.fromTextLabel(data, written, ke, i) {
			return a, false
		}
		labelled = true
	}
	if op == ":" && string(name) == "PASS" && code && !labelled {
		return a, false // PASS: test-name, a test runner's output (a YAML key PASS: is one)
	}
	if comparison(op) && a.class != classPassword && a.class != classSecret {
		return a, false // token == "IDENT" compares kinds; password == "x" checks a password
	}
	i = skipBlanks(data, i+len(op))
	if syn == syntaxCode && i < len(data) && isLineEnd(data[i]) && (op == "=" || op == ":" || op == "=>" || op == ":=") {
		// password =\n    "value";: a long literal on the line after its
		// name, as formatters break it.
		return a.fromNextLine(data, i, buf)
	}
	if op == ":" && code && i < len(data) && (isWordByte(data[i]) || data[i] == '&') {
		// name: Type = "value" (TypeScript, Kotlin, Python annotations),
		// name: string | undefined = "value", NAME: &'static str = "v"
		// (Rust). Data formats have no types: in YAML, key: dGVzdA== is
		// base64 with its padding.
		if k := typeThenEquals(data, i); k > i {
			i = skipBlanks(data, k)
		}
	}
	// "Password: v" first on its line of a text file or a Markdown page
	// states the value as a YAML file would.
	a.datum = a.datum || !labelled && syn == syntaxUnknown && op == ":" && !quotedKey && lineStartsAt(data, written)
	if op == ":" && syn == syntaxYAML && a.class == classAuth && i < len(data) && isLineEnd(data[i]) {
		return a.fromHeaderList(data, i, buf)
	}
	if op == ":" && (syn == syntaxJSON || syn == syntaxYAML) {
		if j, ok := valueMember(data, a.keyStart, i, syn); ok {
			return a.fromValue(data, j, syn, buf)
		}
	}
	if labelled && !a.datum {
		return a.fromPairValue(data, written, i, buf)
	}
	return a.fromValue(data, i, syn, buf)
}

// sectionPathStart finds where a quoted configuration key path starts
// when the name at ks is its last segment: .NET's configuration writes a
// section's key as Section:Key ("Smtp:Password" in appsettings.json and
// user secrets, <add key="Mail:Password" .../>). The path must fill its
// quotes; otherwise ks is returned.
func sectionPathStart(data []byte, ks, ke int) int {
	if ks < 2 || data[ks-1] != ':' || !isNameByte(data[ks-2]) || ke >= len(data) || !isQuote(data[ke]) {
		return ks
	}
	j := ks - 1
	for j > 0 && ks-j < maxNameLen && (isNameByte(data[j-1]) || data[j-1] == ':') {
		j--
	}
	if j == 0 || data[j-1] != data[ke] || data[j] == ':' {
		return ks
	}
	return j
}

// valueMember finds the value of a credential written as an object whose
// first member is named value: "adminPassword": {"value": "v"} (Azure
// Resource Manager's parameter files), api_key: {value: v}, and in YAML
// api_key: then value: v on the next line, indented deeper. It returns
// where that member's value starts; i is where the name's own value
// starts, ks where the name does.
func valueMember(data []byte, ks, i int, syn fileSyntax) (int, bool) {
	limit := min(len(data), i+maxNameLen)
	var j int
	switch {
	case i < len(data) && data[i] == '{':
		j = skipSpace(data, i+1, limit)
	case syn == syntaxJSON && i < len(data) && data[i] == '[':
		// Postman's API key auth: "apikey": [{"key": "value", "value":
		// "v"}, {"key": "key", "value": "X-Api-Key"}], the item whose key
		// is value holding the credential.
		return apiKeyItem(data, skipSpace(data, i+1, limit), min(len(data), i+maxValueLen))
	case syn == syntaxYAML && i < len(data) && isLineEnd(data[i]):
		// lineEndAt finds the \n of a \r\n too.
		ls := lineEndAt(data, i) + 1
		if ls >= len(data) || indentAt(data, ls) <= indentOf(data[lineAt(data, ks):ks]) {
			return 0, false
		}
		j = ls + indentAt(data, ls)
	default:
		return 0, false
	}
	return quotedMember(data, j, "value")
}

// apiKeyItem finds, among the first items of the array at j (before
// limit), the object whose first member is "key": "value", and returns
// where its "value" member's value starts.
func apiKeyItem(data []byte, j, limit int) (int, bool) {
	for range 4 {
		if j >= limit || data[j] != '{' {
			return 0, false
		}
		if k, ok := quotedMember(data, skipSpace(data, j+1, limit), "key"); ok {
			if k, ok = quotedWord(data, skipBlanks(data, k), "value"); ok {
				if k = skipBlanks(data, k); k < len(data) && data[k] == ',' {
					return quotedMember(data, skipSpace(data, k+1, limit), "value")
				}
			}
		}
		end := bytes.IndexByte(data[j:limit], '}')
		if end < 0 {
			return 0, false
		}
		j = skipSpace(data, j+end+1, limit)
		if j >= limit || data[j] != ',' {
			return 0, false
		}
		j = skipSpace(data, j+1, limit)
	}
	return 0, false
}

// quotedMember reads a member's name, quoted or bare, and its colon at
// j: it returns where the member's value starts.
func quotedMember(data []byte, j int, name string) (int, bool) {
	j, ok := quotedWord(data, j, name)
	if !ok {
		return 0, false
	}
	j = skipBlanks(data, j)
	if j >= len(data) || data[j] != ':' {
		return 0, false
	}
	return skipBlanks(data, j+1), true
}

// quotedWord reads word at j, in double or single quotes or bare, and
// returns where it ends (after its closing quote).
func quotedWord(data []byte, j int, word string) (int, bool) {
	var q byte
	if j < len(data) && (data[j] == '"' || data[j] == '\'') {
		q = data[j]
		j++
	}
	if !bytes.HasPrefix(data[j:min(len(data), j+len(word))], []byte(word)) {
		return 0, false
	}
	j += len(word)
	switch {
	case q != 0 && (j >= len(data) || data[j] != q):
		return 0, false
	case q != 0:
		j++
	case j < len(data) && isWordByte(data[j]):
		return 0, false // value_from, not value
	}
	return j, true
}

func (a *assignment) set(v value) {
	a.valStart, a.valEnd, a.value, a.quoted, a.escaped = v.start, v.end, v.text, v.quoted, v.escaped
}

// value is a value read from data.
type value struct {
	start, end      int
	text            []byte
	quoted, escaped bool
}

// fromShellDefault reads the default of a parameter expansion whose name
// ends at i: ${NAME:-v}, ${NAME-v}, ${NAME:=v}, ${NAME=v}. ${NAME} and
// ${NAME:?message} have none. Outside shell syntax, Spring's, Quarkus' and
// MicroProfile's ${name:v} gives a default after the colon alone (in a
// shell ${NAME:2} is a substring).
func (a assignment) fromShellDefault(data []byte, i int, syn fileSyntax, buf *[]byte) (assignment, bool) {
	colon := i < len(data) && data[i] == ':'
	if colon {
		i++
	}
	switch {
	case i < len(data) && (data[i] == '-' || data[i] == '='):
		i++
	case colon && syn != syntaxEnv && i < len(data) && !isSpace(data[i]) && data[i] != '?' && data[i] != '+' && data[i] != '}':
	default:
		return a, false
	}
	limit := min(len(data), i+maxValueLen)
	end := bytes.IndexByte(data[i:limit], '}')
	if end <= 0 || bytes.IndexByte(data[i:i+end], '\n') >= 0 {
		return a, false
	}
	if v, ok := readQuoted(data, i, buf); ok && v.end+1 == i+end {
		a.set(v)
		return a, true
	}
	// In code the expansion is a string's content (@Value("${db.password:v}")):
	// its default is a literal.
	inString := syn == syntaxCode && (insideString(data, i, '"') || insideString(data, i, '\''))
	a.set(value{start: i, end: i + end, text: data[i : i+end], quoted: inString})
	return a, true
}

// fallbackLiteral reads the literal after a fallback operator (||, ??, ?:,
// or) that follows a name at i, a quoted name's closing parenthesis
// (getenv("X") ?? "v") allowed between.
func fallbackLiteral(data []byte, i int, quotedKey bool, buf *[]byte) (value, bool) {
	if quotedKey && i < len(data) && data[i] == ')' {
		i++
	}
	i = skipBlanks(data, i)
	n := 0
	switch {
	case bytes.HasPrefix(data[i:], []byte("||")), bytes.HasPrefix(data[i:], []byte("??")), bytes.HasPrefix(data[i:], []byte("?:")):
		n = 2
	case bytes.HasPrefix(data[i:], []byte("or ")):
		n = 3
	default:
		return value{}, false
	}
	v, ok := readQuoted(data, skipBlanks(data, i+n), buf)
	if !ok {
		return value{}, false
	}
	return v, true
}

// envLookupArgument reports whether the quote at q opens the first
// argument of a call that reads the environment or a settings store by
// name, whose next argument is the default: Python's os.getenv and
// os.environ.get, Ruby's ENV.fetch, Java's getOrDefault, python-decouple's
// config and django-environ's env("X", default=...).
func envLookupArgument(data []byte, q int) bool {
	i := q - 1
	for i >= 0 && (data[i] == ' ' || data[i] == '\t') {
		i--
	}
	if i < 0 || data[i] != '(' {
		return false
	}
	e := i
	for i > 0 && e-i < maxNameLen && isNameByte(data[i-1]) {
		i--
	}
	callee := bytes.ToLower(data[i:e])
	last := callee[bytes.LastIndexByte(callee, '.')+1:]
	switch string(last) {
	case "getenv", "getordefault", "config", "env", "getenvironmentvariable", "env_var", "env_or":
		return true
	case "get", "fetch", "str":
		// environ.get, ENV.fetch, env.str; a dict's get is not a lookup.
		return bytes.Contains(callee, []byte("env"))
	}
	return false
}

// defaultArgument reads a quoted default at i, written alone or as a
// keyword argument (default="v", default: "v").
func defaultArgument(data []byte, i int, buf *[]byte) (value, bool) {
	if bytes.HasPrefix(data[i:], []byte("default")) {
		j := skipBlanks(data, i+len("default"))
		if j >= len(data) || data[j] != '=' && data[j] != ':' {
			return value{}, false
		}
		i = skipBlanks(data, j+1)
	}
	return readQuoted(data, i, buf)
}

// fromNextLine reads a string literal that is the whole of the line after
// the line end at i, but for what closes the statement (; , ) }): the
// value of an assignment whose operator ends its line. Anything else there
// (a call, a concatenation, a nested object) is no literal value.
func (a assignment) fromNextLine(data []byte, i int, buf *[]byte) (assignment, bool) {
	if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
		i++
	}
	v, ok := readQuoted(data, skipBlanks(data, i+1), buf)
	if !ok {
		return a, false
	}
	j := skipBlanks(data, v.end+1)
	closed := false
	for j < len(data) && bytes.IndexByte([]byte(";,)}"), data[j]) >= 0 {
		closed = true
		j = skipBlanks(data, j+1)
	}
	if j < len(data) && !isLineEnd(data[j]) {
		return a, false
	}
	if !closed && continuedOnNextLine(data, j) {
		// "eyJhbGciOiJub25lIn0"\n"."\n...: one piece of a literal the
		// next lines continue (adjacent literals, +, .), not the value.
		return a, false
	}
	a.set(v)
	return a, true
}

// continuedOnNextLine reports whether the line after the line end at i
// starts by continuing an expression: another string literal (C and
// Python join adjacent ones) or a concatenation or conditional operator.
func continuedOnNextLine(data []byte, i int) bool {
	for i < len(data) && isLineEnd(data[i]) {
		i++
	}
	i = skipBlanks(data, i)
	return i < len(data) && bytes.IndexByte([]byte("\"'`+.&|?:"), data[i]) >= 0
}

// fromValue reads the value that starts at i.
func (a assignment) fromValue(data []byte, i int, syn fileSyntax, buf *[]byte) (assignment, bool) {
	if i >= len(data) || isLineEnd(data[i]) {
		return a, false
	}
	if data[i] == '\\' && i+1 < len(data) && data[i+1] == ')' {
		return a, false // sed 's,^\(password=\).*,\1'$PW',': a regex group's end
	}
	switch c := data[i]; {
	case c == '(':
		// token = (\n    "value"\n): a string in parentheses, as Python
		// wraps a long one.
		limit := min(len(data), i+maxValueLen)
		if v, ok := readQuoted(data, skipSpace(data, i+1, limit), buf); ok {
			if j := skipSpace(data, v.end+1, limit); j < limit && data[j] == ')' {
				a.set(v)
				return a, true
			}
		}
		// auth=("user", "password")
		return a.fromArgs(data, i, buf, 2)
	case c == '[' || c == '{':
		return a, false
	}
	if escapedQuote(data, i) {
		return a.fromEscapedQuotes(data, i)
	}
	if syn == syntaxYAML && (data[i] == '|' || data[i] == '>') {
		return a.fromYAMLBlock(data, i, buf)
	}
	if (data[i] == 'N' || data[i] == 'n') && i+1 < len(data) && data[i+1] == '\'' {
		i++ // N'v': SQL's national (Unicode) string literal, as T-SQL writes arguments
	}
	if v, ok := readQuoted(data, i, buf); ok {
		if data[v.start-1] == '`' && syn == syntaxEnv {
			return a, false // `cat ~/.secret`: a command's output
		}
		a.set(v)
		return a, true
	}
	// SECRET = base64.b64decode("..."): the literal a decoder takes.
	if v, ok := decodedLiteral(data, i, buf); ok {
		a.set(v)
		return a, true
	}
	// new NetworkCredential("user", "password") and other calls.
	if j := callStart(data, i); j > i {
		if credentialCallee(data[i:j]) {
			return a.fromArgs(data, j, buf, 2)
		}
		if v, ok := lookupDefault(data, j, buf); ok {
			a.set(v)
			return a, true
		}
		return a, false // a call's result, not a literal
	}
	// In code, a value inside a string literal (the name written inside
	// it, after a field separator: "Server=h;Password=p,w{;",
	// ";password=x", "user=u password=p") runs to the string's end or the
	// next field's separator.
	if syn == syntaxCode && a.keyStart > 0 && bytes.IndexByte([]byte(";&? "), data[a.keyStart-1]) >= 0 {
		for _, q := range [...]byte{'"', '\''} {
			if insideString(data, i, q) {
				if r, ok := a.fromStringRest(data, i, q); ok {
					return r, true
				}
				break
			}
		}
	}
	// password: v inside a """...""" of code: configuration text, read
	// as a YAML file's line.
	embedded := embeddedConfig(data, &a, syn)
	bareSyn := syn
	if embedded {
		bareSyn = syntaxYAML
	}
	v := withSchemeCredentials(data, readBare(data, i, bareSyn), a.class)
	if v.end == v.start {
		return a, false
	}
	v.quoted = v.quoted || embedded
	// In code, a bare value that ends at a quote opened earlier on the
	// line is the end of a string: "...;password=x" is a literal.
	if syn == syntaxCode && v.end < len(data) && isQuote(data[v.end]) && insideString(data, v.start, data[v.end]) {
		v.quoted = true
	}
	// So is the value of a setting commented out: # token: v is text.
	if syn == syntaxCode && commentedOut(data, a.keyStart) {
		v.quoted = true
	}
	// So is one that ends at a blank before the next name= of a string:
	// libpq's "host=h user=u password=p dbname=d".
	if syn == syntaxCode && v.end < len(data) && data[v.end] == ' ' && nextIsName(data, v.end+1, min(len(data), v.end+maxNameLen)) &&
		(insideString(data, v.start, '"') || insideString(data, v.start, '\'')) {
		v.quoted = true
	}
	a.set(v)
	return a, true
}

// fromYAMLBlock reads a YAML block scalar whose indicator (| literal or >
// folded, with chomping and indentation indicators) is at i: the lines
// after it indented deeper than the name's line (YAML 1.2 section 8.1).
// One line is the value as written; several are joined, with line breaks
// (|) or blanks (>).
func (a assignment) fromYAMLBlock(data []byte, i int, buf *[]byte) (assignment, bool) {
	folded := data[i] == '>'
	j := i + 1
	for j < len(data) && j < i+3 && (data[j] == '-' || data[j] == '+' || '1' <= data[j] && data[j] <= '9') {
		j++
	}
	j = skipBlanks(data, j)
	if j < len(data) && data[j] == '#' {
		j = lineEndAt(data, j)
	}
	if j >= len(data) || !isLineEnd(data[j]) {
		return a, false // |x: not an indicator, a bare value
	}
	keyIndent := indentOf(data[lineAt(data, a.keyStart):a.keyStart])
	limit := min(len(data), j+maxValueLen)
	var lines [][2]int // content lines' [start, end)
	indent := -1
	for ls := lineEndAt(data, j) + 1; ls < limit; {
		le := min(lineEndAt(data, ls), limit)
		n := indentAt(data, ls)
		if ls+n >= le || isLineEnd(data[ls+n]) {
			ls = le + 1 // a blank line inside or after the block
			continue
		}
		if n <= keyIndent || indent >= 0 && n < indent {
			break
		}
		if indent < 0 {
			indent = n
		}
		e := le
		for e > ls && (data[e-1] == ' ' || data[e-1] == '\t' || data[e-1] == '\r') {
			e--
		}
		lines = append(lines, [2]int{ls + indent, e})
		ls = le + 1
	}
	switch len(lines) {
	case 0:
		return a, false
	case 1:
		s, e := lines[0][0], lines[0][1]
		a.set(value{start: s, end: e, text: data[s:e], quoted: true})
		return a, true
	}
	sep := byte('\n')
	if folded {
		sep = ' '
	}
	text := (*buf)[:0]
	for k, l := range lines {
		if k > 0 {
			text = append(text, sep)
		}
		text = append(text, data[l[0]:l[1]]...)
	}
	*buf = text
	a.set(value{start: lines[0][0], end: lines[len(lines)-1][1], text: text, quoted: true, escaped: true})
	return a, true
}

// indentAt counts the blanks that start the line at ls.
func indentAt(data []byte, ls int) int {
	n := 0
	for ls+n < len(data) && (data[ls+n] == ' ' || data[ls+n] == '\t') {
		n++
	}
	return n
}

// escapedQuote reports \" or \' at i: a quote inside a string literal.
func escapedQuote(data []byte, i int) bool {
	return i+1 < len(data) && data[i] == '\\' && (data[i+1] == '"' || data[i+1] == '\'')
}

// fromEscapedQuotes reads a value quoted with escaped quotes, as JSON or
// a command written inside a string literal quotes it: \"v\". A value
// with escapes of its own is not read.
func (a assignment) fromEscapedQuotes(data []byte, i int) (assignment, bool) {
	start := i + 2
	limit := min(len(data), start+maxValueLen)
	for j := start; j < limit; j++ {
		switch data[j] {
		case '\n', '\r':
			return a, false
		case '\\':
			if !escapedQuote(data, j) || data[j+1] != data[i+1] {
				return a, false
			}
			if j == start {
				return a, false
			}
			a.set(value{start: start, end: j, text: data[start:j], quoted: true})
			return a, true
		}
	}
	return a, false
}

// fromElement reads <name attr="x">value</name>, the value possibly on
// lines of its own.
func (a assignment) fromElement(data []byte, ks, ke int) (assignment, bool) {
	i := ke
	limit := min(len(data), ke+maxValueLen)
	for i < limit && data[i] != '>' && data[i] != '\n' {
		i++
	}
	if i >= limit || data[i] != '>' || data[i-1] == '/' {
		return a, false
	}
	i++
	end := bytes.IndexByte(data[i:limit], '<')
	if end < 0 {
		return a, false
	}
	closing := data[i+end:]
	if len(closing) < 2+ke-ks || closing[1] != '/' || !bytes.EqualFold(closing[2:2+ke-ks], data[ks:ke]) {
		return a, false // an element with children
	}
	s, e := i, i+end
	for s < e && isSpace(data[s]) {
		s++
	}
	for e > s && isSpace(data[e-1]) {
		e--
	}
	if e == s {
		return a, false
	}
	v := data[s:e]
	if bytes.HasPrefix(v, []byte("<![CDATA[")) {
		return a, false
	}
	a.set(value{start: s, end: e, text: v, quoted: true})
	return a, true
}

// fromArgs reads a call's string arguments from the '(' at i: the first,
// or for credential constructors the second (user, password).
func (a assignment) fromArgs(data []byte, i int, buf *[]byte, which int) (assignment, bool) {
	var args [2]value
	n := 0
	j := i + 1
	limit := min(len(data), i+maxValueLen)
	for n < 2 && j < limit {
		j = skipSpace(data, j, limit)
		v, ok := readQuoted(data, j, nil)
		if !ok && n == 0 && which == 1 {
			// setCipherKey(Base64.decode("...")): a setter given a
			// literal through a decoder.
			if d, ok := decodedLiteral(data, j, buf); ok {
				a.set(d)
				return a, true
			}
		}
		if !ok {
			// A variable before the password, as in
			// NetworkCredential(user, "v"): a position, not a value.
			k := j
			for k < limit && (isNameByte(data[k]) || data[k] == '$') {
				k++
			}
			if n > 0 || which < 2 || k == j || k >= limit || data[k] != ',' || !takesUserFirst(data, i) {
				break
			}
			args[n] = value{start: -1}
			n++
			j = k + 1
			continue
		}
		args[n] = v
		n++
		j = skipSpace(data, v.end+1, limit)
		if j >= limit || data[j] != ',' {
			break
		}
		j++
	}
	if n < which {
		return a, false
	}
	v := args[which-1]
	if v.start < 0 {
		return a, false
	}
	if v, ok := readQuoted(data, v.start-1, buf); ok {
		a.set(v)
		if which == 2 {
			a.class = classPassword // (user, password)
		}
		return a, true
	}
	return a, false
}

// takesUserFirst reports whether the call whose arguments open at i is a
// credential's constructor or a basic-auth setter, whose first argument
// is the user whatever it is written as: NetworkCredential(user, ...),
// SetBasicAuth(name, ...). A function that looks credentials up or stores
// them (loadCredential(req, "host")) takes other arguments.
func takesUserFirst(data []byte, i int) bool {
	k := i
	for k > 0 && i-k < maxNameLen && isWordByte(data[k-1]) {
		k--
	}
	name := data[k:i]
	if len(name) == 0 {
		return false
	}
	if basicAuthName(name) {
		return true
	}
	if name[0] < 'A' || name[0] > 'Z' {
		return false
	}
	var w nameWords
	w.split(name)
	switch string(w.word(0)) {
	case "load", "store", "get", "read", "delete", "remove", "save", "write", "lookup", "find", "fetch", "check",
		"verify", "validate", "has", "is", "parse", "clear", "cache", "set", "new", "update":
		return false
	}
	return true
}

// setterArgument reports whether the quote at q opens an argument of a
// call that sets a named value: set("password", ...), define('DB_PASSWORD',
// ...), config.set("database", "password", ...), putenv. An argument of
// any other call (PlainAuth("", "user", "pass", host)) is a value itself.
func setterArgument(data []byte, q int) bool {
	i := q - 1
	floor := max(0, q-256)
	// Walk back over earlier string arguments to the parenthesis.
	for i >= floor {
		switch c := data[i]; {
		case c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r':
			i--
			continue
		case isQuote(c):
			j := bytes.LastIndexByte(data[floor:i], c)
			if j < 0 {
				return false
			}
			i = floor + j - 1
			continue
		case c == '(':
			e := i
			for i > floor && isNameByte(data[i-1]) {
				i--
			}
			return setterCallee(data[i:e])
		case c == '{':
			// { "key", value }: a pair in C#'s dictionary and C++'s map
			// initializers; not a list of words ([]string{"password",
			// "passwd", "pwd"}), whose items are no key and value.
			return i == lastBlankBefore(data, q) && bracedPair(data, q)
		case isWordByte(c) && i+1 < q && (data[i+1] == ' ' || data[i+1] == '\t'):
			// A call without parentheses, first on its line (Groovy,
			// Ruby): buildConfigField "String", "API_KEY", "...".
			e := i + 1
			for i > floor && isNameByte(data[i-1]) {
				i--
			}
			return lineStartsAt(data, i) && setterCallee(data[i:e])
		}
		return false
	}
	return false
}

// lastBlankBefore returns where the blanks before q start, minus one:
// the byte before them.
func lastBlankBefore(data []byte, q int) int {
	i := q - 1
	for i >= 0 && isSpace(data[i]) {
		i--
	}
	return i
}

// bracedPair reports whether the string at q, its key, is followed by a
// comma, one value and the closing brace: { "key", value }.
func bracedPair(data []byte, q int) bool {
	k, ok := readQuoted(data, q, nil)
	if !ok {
		return false
	}
	i := skipSpace(data, k.end+1, len(data))
	if i >= len(data) || data[i] != ',' {
		return false
	}
	i = skipSpace(data, i+1, len(data))
	if v, ok := readQuoted(data, i, nil); ok {
		i = v.end + 1
	} else {
		for i < len(data) && !isSpace(data[i]) && data[i] != ',' && data[i] != '}' {
			i++
		}
	}
	i = skipSpace(data, i, len(data))
	return i < len(data) && data[i] == '}'
}

// lineStartsAt reports whether only blanks come before i on its line.
func lineStartsAt(data []byte, i int) bool {
	for j := i - 1; j >= 0 && data[j] != '\n'; j-- {
		if data[j] != ' ' && data[j] != '\t' {
			return false
		}
	}
	return true
}

// setterCallee reports a function that stores a value under a name.
func setterCallee(name []byte) bool {
	full := bytes.ToLower(name)
	name = name[bytes.LastIndexByte(name, '.')+1:]
	var w nameWords
	w.split(name)
	if w.n == 0 {
		return false
	}
	switch string(full) {
	case "buildconfigfield", "resvalue":
		// Android's Gradle DSL: buildConfigField(type, name, value) and
		// resValue(type, name, value) compile a value into the app.
		return true
	}
	switch string(w.last(0)) {
	case "set", "put", "define", "setenv", "putenv", "add", "property", "option", "setting", "config", "store", "with", "env", "setdefault",
		"header", "headers", "entry", "singletonmap", "pair":
		// Pair("password", v) (Kotlin), make_pair (C++), Map.entry: a
		// name and its value.
		return true
	case "of":
		// Map.of("key", value, ...), ImmutableMap.of: pairs.
		return bytes.HasSuffix(full, []byte("map.of"))
	}
	switch string(w.word(0)) {
	case "set", "put", "add":
		return true
	}
	return false
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// fromStringRest reads the rest of a string after NAME= inside it, up to
// its closing quote q: putenv("DB_PASSWORD=x"), ";password=x;". An & ends
// the value only where it separates pairs (a query's "password=x&user=u",
// "&amp;" in markup, or an & the string ends with): a password may hold
// one, putenv("DB_PASSWORD=?u%i5Z+Emf&g").
func (a assignment) fromStringRest(data []byte, i int, q byte) (assignment, bool) {
	limit := min(len(data), i+maxValueLen)
	j := i
	for j < limit && data[j] != q && data[j] != '\n' && data[j] != ';' &&
		!(data[j] == '&' && pairsFollow(data, j+1, limit, q)) &&
		!(data[j] == ' ' && nextIsName(data, j+1, limit)) { // libpq's "user=u password=p host=h"
		j++
	}
	if j >= limit || j == i || data[j] == '\n' {
		return a, false // "PWD="+dir: the string ends at the =
	}
	a.set(value{start: i, end: j, text: data[i:j], quoted: true})
	return a, true
}

// symbolSetting reports a Ruby symbol set by a DSL's set: Capistrano's and
// Sinatra's set :db_password, "value".
func symbolSetting(data []byte, ks int) bool {
	return ks > 0 && data[ks-1] == ':' && precededBy(data, ks-1, "set")
}

// dslCall reports a name called with a string argument and no
// parentheses, first on its line in code: Gradle's and Groovy's
// password 'value', Ruby DSLs' password "value".
//
// The string must end the line, and the line before must not leave an
// expression open: in C, NAME " more" continues an argument list.
func dslCall(data []byte, ks, i int, syn fileSyntax) bool {
	if syn != syntaxCode || i >= len(data) || (data[i] != '"' && data[i] != '\'') || data[i-1] != ' ' {
		return false
	}
	start := lineAt(data, ks)
	for j := start; j < ks; j++ {
		if data[j] != ' ' && data[j] != '\t' {
			return false
		}
	}
	p := start - 1
	for p >= 0 && isSpace(data[p]) {
		p--
	}
	if p >= 0 && bytes.IndexByte([]byte(",(+=&|?:"), data[p]) >= 0 {
		return false
	}
	v, ok := readQuoted(data, i, nil)
	if !ok {
		return false
	}
	e := skipBlanks(data, v.end+1)
	return e >= len(data) || isLineEnd(data[e]) || data[e] == ';'
}

// keywordNames are the names a "keyword value" configuration file gives
// a password.
var keywordNames = [...][]byte{[]byte("password"), []byte("passwd"), []byte("pass")}

// userWords are the words that give a user's name before its password on
// a "keyword value" line.
var userWords = [...][]byte{[]byte("user"), []byte("username"), []byte("login")}

// keywordValue reports a password given as "keyword value", with no
// operator, in a configuration file: a line of its own (msmtprc's
// password v, Apache httpd's AuthLDAPBindPassword v), the value its last
// word, or after a user's name on the same line (fetchmailrc's user "u"
// password "v"). Java's .properties files allow it too: a key, blanks and
// its value (db.password v).
func keywordValue(data []byte, ks, ke, i int, syn fileSyntax, class keyClass) bool {
	if syn != syntaxTOML && syn != syntaxProperties || i <= ke || i >= len(data) || isLineEnd(data[i]) {
		return false
	}
	keyword := anyEqualFold(data[ks:ke], keywordNames[:])
	if !keyword && class != classPassword {
		return false
	}
	before := bytes.Fields(data[lineAt(data, ks):ks])
	if len(before) >= 2 {
		return keyword && anyEqualFold(before[len(before)-2], userWords[:])
	}
	if len(before) == 1 {
		return false
	}
	// Alone on its line: one word after the name, nothing after it.
	j := i
	if v, ok := readQuoted(data, i, nil); ok {
		j = v.end + 1
	} else {
		for j < len(data) && !isSpace(data[j]) {
			j++
		}
	}
	j = skipBlanks(data, j)
	return j >= len(data) || isLineEnd(data[j])
}

// headerDirectives are the server directives that set a request's or a
// response's header, its name the next argument: nginx's
// proxy_set_header, grpc_set_header and add_header, Apache httpd's
// RequestHeader and Header (after set, append or add).
var headerDirectives = [...][]byte{[]byte("proxy_set_header"), []byte("grpc_set_header"), []byte("add_header"), []byte("RequestHeader"), []byte("Header")}

// headerDirective reports whether the name at ks is the header argument of
// a directive that sets it, first on its line.
func headerDirective(data []byte, ks int) bool {
	before := bytes.Fields(data[lineAt(data, ks):ks])
	switch len(before) {
	case 1:
		return anyEqualFold(before[0], headerDirectives[:3])
	case 2:
		action := string(bytes.ToLower(before[1]))
		return anyEqualFold(before[0], headerDirectives[3:]) && (action == "set" || action == "append" || action == "add")
	}
	return false
}

// fromDirectiveArgument reads a server directive's argument at i: a quoted
// string, or a word that ends at a blank or the directive's ;.
func (a assignment) fromDirectiveArgument(data []byte, i int, buf *[]byte) (assignment, bool) {
	if i >= len(data) || isLineEnd(data[i]) {
		return a, false
	}
	if v, ok := readQuoted(data, i, buf); ok {
		a.set(v)
		return a, true
	}
	limit := min(len(data), i+maxValueLen)
	j := i
	for j < limit && !isSpace(data[j]) && data[j] != ';' {
		j++
	}
	if j == i {
		return a, false
	}
	a.set(value{start: i, end: j, text: data[i:j]})
	return a, true
}

func anyEqualFold(b []byte, words [][]byte) bool {
	for _, w := range words {
		if bytes.EqualFold(b, w) {
			return true
		}
	}
	return false
}

// dockerfileEnv reports a name after a Dockerfile's ENV, whose old form
// separates name and value by a blank: ENV DB_PASSWORD value.
func dockerfileEnv(data []byte, ks int) bool {
	i := ks - 1
	for i >= 0 && (data[i] == ' ' || data[i] == '\t') {
		i--
	}
	return i >= 2 && i < ks-1 && string(data[i-2:i+1]) == "ENV" && (i == 2 || data[i-3] == '\n')
}

// setCommand reports whether the name at ks is set by a command that
// takes the name and value as words at the start of a line: fish's set
// (set -gx NAME value), Tcl's set (set name "value") and CMake's
// set(NAME value).
func setCommand(data []byte, ks int) bool {
	start := lineAt(data, ks)
	if ks-start > 48 || ks == start {
		return false
	}
	if data[ks-1] == '(' {
		// CMake's set(NAME value), its commands in any case.
		rest := bytes.TrimLeft(data[start:ks], " \t")
		return bytes.EqualFold(rest, []byte("set("))
	}
	if data[ks-1] != ' ' && data[ks-1] != '\t' {
		return false
	}
	// Read without allocating: this runs for many key-word hits.
	rest := bytes.TrimLeft(data[start:ks], " \t")
	// csh's setenv NAME value and Windows' setx NAME value name their
	// variable the same way.
	n := len("set")
	if bytes.HasPrefix(rest, []byte("setenv")) {
		n = len("setenv")
	} else if bytes.HasPrefix(rest, []byte("setx")) {
		n = len("setx")
	}
	if !bytes.HasPrefix(rest, []byte("set")) || len(rest) <= n || rest[n] != ' ' && rest[n] != '\t' {
		return false
	}
	for rest = rest[n:]; ; {
		rest = bytes.TrimLeft(rest, " \t")
		if len(rest) == 0 {
			return true
		}
		if rest[0] != '-' {
			return false // set -gx NAME: only flags between
		}
		i := bytes.IndexAny(rest, " \t")
		if i < 0 {
			return false // a flag glued to the name
		}
		rest = rest[i:]
	}
}

// insideString reports whether i, on its line, follows an odd number of
// quote characters q: an opened string.
func insideString(data []byte, i int, q byte) bool {
	start := lineAt(data, i)
	n := 0
	for j := start; j < i; j++ {
		if data[j] == q && (j == 0 || data[j-1] != '\\') {
			n++
		}
	}
	return n%2 == 1
}

// precededBy reports whether the word before the name at ks, after
// blanks, is w.
func precededBy(data []byte, ks int, w string) bool {
	i := ks - 1
	for i >= 0 && (data[i] == ' ' || data[i] == '\t') {
		i--
	}
	j := i + 1 - len(w)
	return i < ks-1 && j >= 0 && string(data[j:i+1]) == w && (j == 0 || !isWordByte(data[j-1]))
}

// isDefine reports a name after "#define ".
func isDefine(data []byte, ks int) bool {
	const d = "#define"
	i := ks - 1
	for i >= 0 && (data[i] == ' ' || data[i] == '\t') {
		i--
	}
	return i+1 >= len(d) && i < ks-1 && string(data[i+1-len(d):i+1]) == d
}

// skipAccessors skips a C# property's { get; set; } or { get; init; }.
func skipAccessors(data []byte, i int) int {
	if i >= len(data) || data[i] != '{' {
		return i
	}
	end := bytes.IndexByte(data[i:min(len(data), i+40)], '}')
	if end < 0 {
		return i
	}
	inner := bytes.TrimSpace(data[i+1 : i+end])
	if !bytes.HasPrefix(inner, []byte("get;")) && !bytes.HasPrefix(inner, []byte("get ;")) {
		return i
	}
	return i + end + 1
}

// fromBlockDefault reads the default of an HCL variable block that opens
// at i: variable "db_password" { type = string  default = "x" }.
func (a assignment) fromBlockDefault(data []byte, i int, syn fileSyntax, buf *[]byte) (assignment, bool) {
	limit := min(len(data), i+512)
	end := bytes.IndexByte(data[i:limit], '}')
	if end < 0 {
		end = limit - i
	}
	block := data[i : i+end]
	j := bytes.Index(block, []byte("default"))
	if j < 0 {
		return a, false
	}
	k := skipBlanks(data, i+j+len("default"))
	if k >= len(data) || data[k] != '=' {
		return a, false
	}
	return a.fromValue(data, skipBlanks(data, k+1), syn, buf)
}

// typeThenEquals finds "Type = " after a name's colon: string,
// string | undefined, Optional[str], List<String>. It returns the position
// after the =, or i when what follows is not a type and an =.
func typeThenEquals(data []byte, i int) int {
	limit := min(len(data), i+80)
	for j := i; j < limit; j++ {
		c := data[j]
		switch {
		case c == '=':
			if j+1 < len(data) && (data[j+1] == '=' || data[j+1] == '>') {
				return i
			}
			if k := skipBlanks(data, j+1); k >= len(data) || isLineEnd(data[k]) {
				return i // nothing after: base64's padding, not a type's =
			}
			return j + 1
		case isWordByte(c) || c == ' ' || c == '\t' || c == '|' || c == '<' || c == '>' || c == '[' || c == ']' ||
			c == '?' || c == '.' || c == ',' || c == '*' || c == '&' || c == '!':
		case c == '\'' && j > i && data[j-1] == '&' && j+1 < limit && isLetter(data[j+1]):
			// a Rust lifetime: &'static str
		default:
			return i
		}
	}
	return i
}

// setterName reports a name that sets a value from its argument: the
// class word alone (password("x")) or after set, with, use or put.
func setterName(name []byte) bool {
	name = name[bytes.LastIndexByte(name, '.')+1:] // conn.setPassword
	var w nameWords
	w.split(name)
	if w.n == 1 {
		return true
	}
	switch string(w.word(0)) {
	case "set", "with", "use", "put", "add", "update":
		return true
	}
	return false
}

// argumentStart reports whether the quote at q opens a call's argument:
// after its opening parenthesis or a comma, blanks and line breaks
// between.
func argumentStart(data []byte, q int) bool {
	i := q - 1
	for i >= 0 && isSpace(data[i]) {
		i--
	}
	return i >= 0 && (data[i] == '(' || data[i] == ',')
}

// pairArrow returns the operator at i that makes a pair of the string
// before it and the value after it: Kotlin's infix to, Scala's ->.
func pairArrow(data []byte, i int) string {
	switch rest := data[i:min(len(data), i+3)]; {
	case bytes.HasPrefix(rest, []byte("->")):
		return "->"
	case bytes.HasPrefix(rest, []byte("to")) && len(rest) == 3 && isSpace(rest[2]):
		return "to"
	}
	return ""
}

// builderSetterClass is the class of a builder's setter named with a word
// that, first in other names, makes a switch: withApiKey("v") and
// withSMTPServerPassword("v") set the credential their name ends with,
// where WITH_TOKEN=1 turns one on. Only a string argument is read as the
// value.
func builderSetterClass(name []byte) keyClass {
	name = name[bytes.LastIndexByte(name, '.')+1:]
	var w nameWords
	w.split(name)
	if w.n < 2 || string(w.word(0)) != "with" || len(name) <= 4 || !bytes.EqualFold(name[:4], []byte("with")) {
		return classNone
	}
	return classifyKey(name[4:])
}

// headerFieldSelector labels the header's name in Apple's URL request
// API, whose value argument comes before it: [request
// setValue:@"v" forHTTPHeaderField:@"X-Api-Key"] (Objective-C),
// request.setValue("v", forHTTPHeaderField: "X-Api-Key") (Swift); the
// same for addValue.
var headerFieldSelector = []byte("forHTTPHeaderField:")

// headerFieldValue reads the value argument of a setValue or addValue
// call whose header name is the string at ks.
func headerFieldValue(data []byte, ks int, buf *[]byte) (value, bool) {
	j := ks - 1
	if j < 0 || !isQuote(data[j]) {
		return value{}, false
	}
	j--
	if j >= 0 && data[j] == '@' {
		j--
	}
	for j >= 0 && (data[j] == ' ' || data[j] == '\t') {
		j--
	}
	sel := j + 1 - len(headerFieldSelector)
	if sel < 0 || !bytes.Equal(data[sel:j+1], headerFieldSelector) {
		return value{}, false
	}
	ls := lineAt(data, ks)
	call := max(bytes.LastIndex(data[ls:sel], []byte("setValue")), bytes.LastIndex(data[ls:sel], []byte("addValue")))
	if call < 0 {
		return value{}, false
	}
	p := ls + call + len("setValue")
	if p >= sel || data[p] != ':' && data[p] != '(' {
		return value{}, false
	}
	v, ok := readQuoted(data, skipBlanks(data, p+1), buf)
	if !ok {
		return value{}, false
	}
	// The literal is the whole value argument: the selector follows it.
	e := skipBlanks(data, v.end+1)
	if e < sel && data[e] == ',' {
		e = skipBlanks(data, e+1)
	}
	if e != sel {
		return value{}, false
	}
	return v, true
}

// credentialPairWords end the names of setters of a user and password
// pair: setCredentials, with_credentials.
var credentialPairWords = [...][]byte{[]byte("credentials"), []byte("credential")}

// credentialPairName reports a setter of a user and password pair. It
// runs at every call of a setter, so it compares the name's end rather
// than splitting it into words.
func credentialPairName(name []byte) bool {
	for _, w := range credentialPairWords {
		if len(name) > len(w) && bytes.EqualFold(name[len(name)-len(w):], w) && isWordByte(name[len(name)-len(w)-1]) {
			return true
		}
	}
	return false
}

// commentedOut reports whether only a line comment's marker and blanks
// stand before i on its line: a setting commented out.
func commentedOut(data []byte, i int) bool {
	i--
	for i >= 0 && (data[i] == ' ' || data[i] == '\t') {
		i--
	}
	if i < 0 {
		return false
	}
	j := commentMarkerStart(data, i)
	if j < 0 {
		return false
	}
	for j--; j >= 0 && (data[j] == ' ' || data[j] == '\t'); j-- {
	}
	return j < 0 || data[j] == '\n' || data[j] == '\r'
}

// commentMarkerStart returns where a line comment's marker ending at
// data[i] starts (#, ##..., //, /*, *, --, ;), or -1.
func commentMarkerStart(data []byte, i int) int {
	switch c := data[i]; {
	case c == '#':
		for i > 0 && data[i-1] == '#' {
			i--
		}
		return i
	case c == ';':
		return i
	case c == '*':
		if i > 0 && data[i-1] == '/' {
			return i - 1
		}
		return i
	case (c == '/' || c == '-') && i > 0 && data[i-1] == c:
		return i - 1
	}
	return -1
}

// keyPosition reports whether a name followed by ':' stands where a key
// does: first on its line (after indentation, a YAML list's dash, an
// export), or after an opening brace, bracket, parenthesis or comma. Text
// such as "--- PASS: TestX" or "error: token: bad" is not a key.
func keyPosition(data []byte, ks int, quoted bool) bool {
	i := ks - 1
	if quoted && i >= 0 {
		i-- // the opening quote
		if i >= 0 && data[i] == '\\' {
			i-- // escaped, inside a string: "{\"token\": ...}"
		}
	}
	for i >= 0 && (data[i] == ' ' || data[i] == '\t') {
		i--
	}
	if i < 0 || data[i] == '\n' || data[i] == '\r' {
		return true
	}
	// A setting commented out (# token: v, // postmark: v, -- key: v)
	// is written as it was before its marker.
	if commentedOut(data, i+1) {
		return true
	}
	if isWordByte(data[i]) {
		// A declaration: const password: string = "..."
		j := i
		for j >= 0 && isWordByte(data[j]) {
			j--
		}
		switch string(data[j+1 : i+1]) {
		case "const", "let", "var", "val", "private", "public", "protected", "readonly", "static", "final", "internal", "lateinit":
			return true
		}
		return false
	}
	switch data[i] {
	case '{', '[', '(', ',':
		return true
	case '-':
		// A YAML list item: the dash alone after indentation.
		j := i - 1
		for j >= 0 && (data[j] == ' ' || data[j] == '\t') {
			j--
		}
		return j < 0 || data[j] == '\n'
	case '+':
		// A unified diff's added line: the + alone in the first column.
		return i == 0 || data[i-1] == '\n'
	}
	return false
}

// credentialCallee reports a function or class that takes a user and a
// password: PasswordAuthentication, NetworkCredential, HTTPBasicAuth,
// UsernamePasswordCredentials, BasicAuth, Credentials.
func credentialCallee(name []byte) bool {
	var w nameWords
	w.split(name)
	for i := 0; i < w.n; i++ {
		switch string(w.word(i)) {
		case "password", "credential", "credentials", "basicauth", "passwd":
			return true
		case "auth", "authentication":
			first := string(w.word(0))
			return w.n >= 2 && (first == "basic" || first == "http" || string(w.last(1)) == "basic")
		}
	}
	return false
}

// basicAuthName reports a name of HTTP basic authentication (SetBasicAuth,
// setBasicAuth, BasicAuthenticationInterceptor, basic_auth): a setter of
// it takes the user and the password.
func basicAuthName(name []byte) bool {
	var w nameWords
	w.split(name[bytes.LastIndexByte(name, '.')+1:])
	for i := 0; i+1 < w.n; i++ {
		if string(w.word(i)) == "basic" && string(w.word(i+1)) == "auth" {
			return true
		}
	}
	return false
}

// pairNameBefore reports whether text, up to a name written as a string,
// ends with the field that holds it: key=, name=, name:, "name":, Name =
// (blanks around the operator allowed).
func pairNameBefore(text []byte) bool {
	t := bytes.TrimRight(text, "\"' \t")
	if len(t) == 0 || t[len(t)-1] != '=' && t[len(t)-1] != ':' {
		return false
	}
	t = bytes.TrimRight(t[:len(t)-1], "\"' \t")
	for _, f := range [...]string{"key", "name", "Name", "Key"} {
		if bytes.HasSuffix(t, []byte(f)) && (len(t) == len(f) || !isWordByte(t[len(t)-len(f)-1])) {
			return true
		}
	}
	return false
}

// pairValue reads the value of a name written as the value of a key= or
// name: field: <add key="DbPassword" value="..."/>,
// <property name="password" value="..."/>, {"name": "X", "value": "..."},
// Kubernetes' "- name: DB_PASSWORD" with "value: ..." on the next line.
func pairValue(data []byte, ks, ke int, syn fileSyntax, buf *[]byte) (value, bool) {
	lineStart := bytes.LastIndexByte(data[max(0, ks-maxNameLen):ks], '\n') + 1 + max(0, ks-maxNameLen)
	q := ks
	if q > lineStart && data[q-1] == '/' {
		// A parameter's path: name = "/prod/db/password" (an SSM or
		// Vault path), read back to its opening quote.
		for q > lineStart && !isQuote(data[q-1]) && !isSpace(data[q-1]) {
			q--
		}
	}
	if !pairNameBefore(data[lineStart:q]) {
		return value{}, false
	}
	// <property name="db.password">value</property>: the element's text,
	// or that of a <value> child (Spring's bean definitions).
	if j := ke; j+1 < len(data) && isQuote(data[j]) && data[j+1] == '>' {
		k := j + 2
		if c := skipSpace(data, k, min(len(data), k+80)); bytes.HasPrefix(data[c:], []byte("<value>")) {
			k = c + len("<value>")
		}
		if end := bytes.IndexByte(data[k:min(len(data), k+maxValueLen)], '<'); end > 0 {
			s, e := k, k+end
			for s < e && isSpace(data[s]) {
				s++
			}
			for e > s && isSpace(data[e-1]) {
				e--
			}
			if e > s {
				return value{start: s, end: e, text: data[s:e], quoted: true}, true
			}
		}
	}
	// The value field: later on the same line, or on one of the next three
	// (Terraform's name, type, description, value).
	limit := min(len(data), ke+400)
	nl := 0
	for j := ke; j < limit; j++ {
		if data[j] == '\n' {
			if nl++; nl > 3 {
				break
			}
			continue
		}
		if (data[j] == 'v' || data[j] == 'V') && bytes.HasPrefix(bytes.ToLower(data[j:min(limit, j+5)]), []byte("value")) &&
			(j == 0 || !isWordByte(data[j-1])) {
			k := j + 5
			if k < limit && (data[k] == '"' || data[k] == '\'') {
				k++
			}
			k = skipBlanks(data, k)
			if k < limit && (data[k] == '=' || data[k] == ':') {
				k = skipBlanks(data, k+1)
				if v, ok := readQuoted(data, k, buf); ok {
					return v, true
				}
				if v := readBare(data, k, syn); v.end > v.start {
					return v, true
				}
			}
			return value{}, false
		}
	}
	return value{}, false
}

// operator returns the assignment operator at i, or ok false.
// maxQualifier bounds a label's qualifier in parentheses.
const maxQualifier = 40

// qualifierEnd returns where a qualifier in parentheses at data[i] ends,
// when words of letters and digits are inside it ("(prod)", "(EU
// region)", "(read-only)") and a colon or a single equals sign follows
// it; i otherwise. A call's arguments hold quotes, operators or nested
// parentheses, and a comparison has ==.
func qualifierEnd(data []byte, i int) int {
	if i >= len(data) || data[i] != '(' {
		return i
	}
	letters := false
	for j := i + 1; j < len(data) && j-i <= maxQualifier; j++ {
		c := data[j]
		switch {
		case isLetter(c):
			letters = true
		case c == ')':
			k := skipBlanks(data, j+1)
			if !letters || k >= len(data) || data[k] != ':' && data[k] != '=' || k+1 < len(data) && data[k+1] == '=' {
				return i
			}
			return j + 1
		case '0' <= c && c <= '9', c == ' ', c == '-', c == '_', c == '/', c == '.', c == ',', c == '&':
		default:
			return i
		}
	}
	return i
}

func operator(data []byte, i int) (string, bool) {
	if i >= len(data) {
		return "", false
	}
	rest := data[i:min(len(data), i+4)]
	for _, op := range [...]string{":::=", "::=", "||=", "??=", "===", "!==", ":=", "?=", ".=", "+=", "=>", "<-", "==", "!=", "=", ":", ","} {
		if bytes.HasPrefix(rest, []byte(op)) {
			if op == ":" && len(rest) > 1 && rest[1] == ':' {
				return "", false // a scope, Foo::Bar
			}
			return op, true
		}
	}
	return "", false
}

// equalsMethods are the methods that compare a string with another: Java's
// and Kotlin's equals, C#'s Equals, and their case-blind forms.
var equalsMethods = [...]string{".equals", ".Equals", ".equalsIgnoreCase", ".EqualFold", ".contentEquals"}

// equalsMethod returns where an equality method's call starts in a name
// (password.equals), or 0.
func equalsMethod(name []byte) int {
	for _, m := range equalsMethods {
		if len(name) > len(m) && string(name[len(name)-len(m):]) == m {
			return len(name) - len(m)
		}
	}
	return 0
}

// equalsReceiver reads the string literal whose equality method is called
// with the name at ks as its argument: "x".equals(password).
func equalsReceiver(data []byte, ks int) (value, bool) {
	i := ks - 1
	if i < 0 || data[i] != '(' {
		return value{}, false
	}
	e := i
	for i > 0 && e-i < 24 && isNameByte(data[i-1]) {
		i--
	}
	// The whole callee is the method, called on a literal: "x".equals(.
	if i == 0 || !isQuote(data[i-1]) || !slices.Contains(equalsMethods[:], string(data[i:e])) {
		return value{}, false
	}
	q := data[i-1]
	line := lineAt(data, i-1)
	open := bytes.LastIndexByte(data[line:i-1], q)
	if open < 0 || i-1-(line+open) < 2 {
		return value{}, false
	}
	s := line + open + 1
	return value{start: s, end: i - 1, text: data[s : i-1], quoted: true}, true
}

// comparison reports an operator that compares a name with a value: a
// login check against a literal (password != "x") holds the password.
func comparison(op string) bool {
	return op == "==" || op == "===" || op == "!=" || op == "!=="
}

// aboutWords follow a password's name to name something about it, not
// it: its hint, the rules it must meet, the field that asks for it.
var aboutWords = [...][]byte{
	[]byte("hint"), []byte("reminder"), []byte("question"), []byte("policy"), []byte("prompt"), []byte("label"),
	[]byte("placeholder"), []byte("requirement"), []byte("requirements"), []byte("rule"), []byte("rules"),
	[]byte("length"), []byte("format"), []byte("strength"), []byte("expiry"), []byte("expiration"), []byte("age"),
	[]byte("history"), []byte("complexity"), []byte("field"), []byte("reset"), []byte("confirmation"), []byte("change"),
}

// skipType skips a type name after a declared name: string, []byte,
// *string, Option<String>, List[str]. It returns i when there is none.
func skipType(data []byte, i int) int {
	j := i
	// Visual Basic declares the type after the name: Dim Token As String = "v".
	if bytes.HasPrefix(data[j:], []byte("As ")) {
		j = skipBlanks(data, j+3)
		i = j
	}
	limit := min(len(data), i+64)
	for j < limit && (isWordByte(data[j]) || data[j] == '.' || data[j] == '*' || data[j] == '[' || data[j] == ']' ||
		data[j] == '<' || data[j] == '>' || data[j] == '?') {
		j++
	}
	if j == i || j-i > 48 {
		return i
	}
	return j
}

// readQuoted reads a string literal starting at i (after an optional
// prefix such as r, b, f, u or @), unescaping backslash escapes into buf
// when the literal has any (JSON "p\"w", "\u0041"). buf may be nil, for
// a value only located.
func readQuoted(data []byte, i int, buf *[]byte) (value, bool) {
	prefix := 0
	for prefix < 2 && i+prefix < len(data) && bytes.IndexByte([]byte("rRbBuUfF@$"), data[i+prefix]) >= 0 {
		prefix++
	}
	if i+prefix >= len(data) {
		return value{}, false
	}
	q := data[i+prefix]
	if q != '"' && q != '\'' && q != '`' {
		return value{}, false
	}
	raw := q == '`' || prefix > 0 && (data[i] == 'r' || data[i] == 'R' || data[i] == '@')
	start := i + prefix + 1
	limit := min(len(data), start+maxValueLen)
	escaped := false
	j := start
	for ; j < limit; j++ {
		c := data[j]
		if c == '\n' && q != '`' {
			return value{}, false
		}
		if c == '\\' && !raw {
			escaped = true
			j++
			continue
		}
		if c == q {
			break
		}
	}
	if j >= limit {
		return value{}, false
	}
	v := value{start: start, end: j, text: data[start:j], quoted: true}
	if bytes.IndexByte(v.text, '{') >= 0 && prefix > 0 && (data[i] == 'f' || data[i] == 'F' || data[i] == '$') {
		v.text, v.escaped = []byte("{f-string}"), true // an interpolated string: a template
	} else if escaped && buf != nil {
		*buf = unescape((*buf)[:0], v.text)
		v.text, v.escaped = *buf, true
	}
	return v, true
}

// unescape decodes backslash escapes as JSON, JavaScript and most C-like
// languages write them (backslashEscape); a backslash before any other
// character stands for that character.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			dst = append(dst, c)
			continue
		}
		r, n, isByte := backslashEscape(s[i:])
		switch {
		case n == 0:
			dst = append(dst, s[i+1])
			n = 2
		case isByte:
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, r)
		}
		i += n - 1
	}
	return dst
}

// callStart returns where the arguments of a call that starts at i open
// (just past "new Name("), or i when data[i:] is not a call.
func callStart(data []byte, i int) int {
	j := i
	if bytes.HasPrefix(data[j:], []byte("new ")) {
		j += 4
	}
	k := j
	limit := min(len(data), j+maxNameLen)
	for k < limit && (isWordByte(data[k]) || data[k] == '.' || data[k] == ':' || data[k] == '$' || data[k] == '>' && data[k-1] == '-') {
		k++
	}
	if k > j && k < len(data) && data[k] == '(' {
		return k
	}
	return i
}

// readBare reads an unquoted value. Config files give the rest of the line
// (without a trailing comment); elsewhere the value ends at a blank or at
// punctuation that closes an expression, and in a connection string or a
// query at the separator before the next name.
func readBare(data []byte, i int, syn fileSyntax) value {
	limit := min(len(data), i+maxValueLen)
	toLineEnd := syn == syntaxYAML || syn == syntaxProperties || syn == syntaxTOML
	// Shell, .env, Dockerfile and Makefile values end at a blank; commas,
	// parentheses and brackets are part of them.
	shellLike := syn == syntaxEnv
	j := i
	for ; j < limit; j++ {
		c := data[j]
		if c == '\n' || c == '\r' {
			break
		}
		if toLineEnd {
			if (c == '#' || c == ';') && j > i && (data[j-1] == ' ' || data[j-1] == '\t') {
				break
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '`' {
			break
		}
		if !shellLike && (c == ',' || c == ')' || c == '}' || c == ']' || c == '<' || c == '>') {
			// In a file of no known syntax (an Ansible inventory, a
			// mount table) a comma or bracket inside a word is the
			// password's: one ends a value only before a blank, the
			// line's end or the next name=.
			if syn == syntaxUnknown && c != '<' && c != '>' && j+1 < limit && !isSpace(data[j+1]) && !nextIsName(data, j+1, limit) {
				continue
			}
			break
		}
		if shellLike && c == ',' && nextIsName(data, j+1, limit) {
			break // mount -o username=u,password=v,vers=3.0
		}
		if (c == ';' || c == '&') && nextIsName(data, j+1, limit) {
			break
		}
	}
	e := j
	for e > i && (data[e-1] == ' ' || data[e-1] == '\t' || data[e-1] == ';' && !toLineEnd) {
		e--
	}
	// NAME=v \ in a TOML or YAML string that holds a shell command: the
	// backslash continues the command, not the value. (A properties file
	// continues the value itself on the next line.)
	if toLineEnd && syn != syntaxProperties && e-i > 2 && data[e-1] == '\\' && (data[e-2] == ' ' || data[e-2] == '\t') {
		e--
		for e > i && (data[e-1] == ' ' || data[e-1] == '\t') {
			e--
		}
	}
	return value{start: i, end: e, text: data[i:e]}
}

// nextIsName reports "name=" at i: the next field of a connection string
// (Password=x;Host=y) or a query (password=x&user=y).
// pairsFollow tells whether what follows an & inside a string quoted by q
// is another pair, "&amp;", or the end of the string.
func pairsFollow(data []byte, i, limit int, q byte) bool {
	return i >= limit || data[i] == q || isSpace(data[i]) || bytes.HasPrefix(data[i:limit], []byte("amp;")) || nextIsName(data, i, limit)
}

func nextIsName(data []byte, i, limit int) bool {
	i = skipBlanks(data, i)
	j := i
	for j < limit && (isWordByte(data[j]) || data[j] == ' ') {
		j++
	}
	return j > i && j < limit && data[j] == '='
}

func skipBlanks(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return i
}

func skipSpace(data []byte, i, limit int) int {
	for i < limit && isSpace(data[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isLineEnd(c byte) bool { return c == '\n' || c == '\r' }
