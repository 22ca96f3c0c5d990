package detect

import (
	"bytes"
	"regexp"
)

// Noise filters: values that match a credential's shape but are not one.
// They run on the captured secret only, after the pattern matched.

// placeholderMarks are substrings (lower case) of values people write in
// docs and templates instead of a real credential.
var placeholderMarks = [][]byte{
	[]byte("xxxx"), []byte("****"), []byte("...."), []byte("example"),
	[]byte("your_"), []byte("your-"), []byte("yourapi"), []byte("yourtoken"), []byte("yourkey"),
	[]byte("changeme"), []byte("password"), []byte("passwd"), []byte("change_me"), []byte("placeholder"), []byte("redacted"),
	[]byte("dummy"), []byte("sample"), []byte("insert"), []byte("replace_me"), []byte("replaceme"),
	[]byte("<"), []byte(">"), []byte("12345678"), []byte("abcdefgh"), []byte("23456789"),
}

// weakWords are the placeholder marks that are default passwords too:
// alone a placeholder, with digits or symbols added (changeme1) a password
// someone set (weakVariant). "password123" stays a placeholder in a URL
// or a command line: documentation writes it there far more often than
// anyone sets it.
var weakWords = map[string]bool{"changeme": true, "change_me": true}

// referenceMarks are what a value looks like when it names where the secret
// lives instead of being it: ${VAR}, {{ .Values.x }}, os.environ[...],
// process.env.X, secrets manager calls.
var referenceMarks = [][]byte{
	[]byte("${"), []byte("{{"), []byte("#{"), []byte("$("),
	[]byte("process.env"), []byte("environ"), []byte("getenv"), []byte("env("), []byte("env["),
	[]byte("secrets."), []byte("vault:"), []byte("secretsmanager"), []byte("keyvault"),
	[]byte("ssm:"), []byte("arn:aws:"),
}

// hasReferenceMark reports a value (lower case) that holds a reference
// mark, the end of a template ("x }}", the value cut at its blank) or a
// Python %(name)s directive. "}}" or "%(" among a random password's
// characters are not, nor an opening "#{" or "${" inside it that nothing
// closes (pD3tfm.Pb#{D7).
func hasReferenceMark(low []byte) bool {
	for _, m := range referenceMarks {
		if i := bytes.Index(low, m); i >= 0 && !unclosedInside(low, i, m) {
			return true
		}
	}
	if i := bytes.Index(low, []byte("}}")); i >= 0 && (i == 0 || low[i-1] == ' ') {
		return true
	}
	return namedFormat(low) || doubleParenVar(low)
}

// unclosedInside reports a template opening m at i that is neither the
// value's start nor its end (a template cut at its inner blank: "x-{{")
// and that no closing brace or parenthesis follows: random characters of
// a password, not an interpolation.
func unclosedInside(low []byte, i int, m []byte) bool {
	var closer byte
	switch {
	case m[len(m)-1] == '{':
		closer = '}'
	case m[len(m)-1] == '(':
		closer = ')'
	default:
		return false
	}
	end := i + len(m)
	return i > 0 && end < len(low) && bytes.IndexByte(low[end:], closer) < 0
}

// doubleParenVar reports a ((name)) variable, as Concourse pipelines and
// credential managers' templates write them: ((db_password)), ((PWD)),
// ((vault:path.key)).
func doubleParenVar(v []byte) bool {
	inner, ok := bytes.CutPrefix(v, []byte("(("))
	if inner, ok = bytes.CutSuffix(inner, []byte("))")); !ok || len(inner) == 0 {
		return false
	}
	for _, c := range inner {
		if !isWordByte(c) && c != '.' && c != '-' && c != '/' && c != ':' {
			return false
		}
	}
	return true
}

// namedFormat reports a %(name)s directive of Python's %-formatting (or
// %(name)d, r, i, f), as logging and configparser write them.
func namedFormat(v []byte) bool {
	for i := 0; i+3 < len(v); i++ {
		if v[i] != '%' || v[i+1] != '(' {
			continue
		}
		j := i + 2
		for j < len(v) && (isWordByte(v[j]) || v[j] == '.') {
			j++
		}
		if j > i+2 && j+1 < len(v) && v[j] == ')' && bytes.IndexByte([]byte("sdrifx"), lower(v[j+1])) >= 0 {
			return true
		}
	}
	return false
}

// percentReference reports a value starting with % that is a reference
// or a format rather than a password starting with %: a Windows variable
// (%NAME%) or a printf directive alone or followed by other text
// (%s, %d:%s, %v), as code writes in a URL's or command line's place.
func percentReference(v []byte) bool {
	if len(v) < 2 || v[0] != '%' {
		return false
	}
	return windowsVariable(v) || formatVerbAt(v, 0)
}

// windowsVariable reports a Windows variable's reference: %NAME%.
func windowsVariable(v []byte) bool {
	n := len(v)
	return n > 2 && v[0] == '%' && v[n-1] == '%' && identifierOnly(v[1:n-1])
}

// formatVerbAt reports a printf directive at v[i]: % then s, d, v or q
// (flags and a width allowed), not followed by a letter or digit as a
// password's characters would be.
func formatVerbAt(v []byte, i int) bool {
	if i >= len(v) || v[i] != '%' {
		return false
	}
	j := i + 1
	for j < len(v) && j-i <= 4 && (v[j] == '-' || v[j] == '+' || '0' <= v[j] && v[j] <= '9') {
		j++
	}
	if j >= len(v) || bytes.IndexByte([]byte("sdvq"), v[j]) < 0 {
		return false
	}
	return j+1 == len(v) || !isWordByte(v[j+1]) || v[j+1] == '_'
}

// hasFormatVerb reports a printf directive anywhere in v.
func hasFormatVerb(v []byte) bool {
	for i := bytes.IndexByte(v, '%'); i >= 0 && i < len(v); {
		if formatVerbAt(v, i) {
			return true
		}
		k := bytes.IndexByte(v[i+1:], '%')
		if k < 0 {
			return false
		}
		i += k + 1
	}
	return false
}

// documentedExamples are real-looking values vendors print in their docs.
var documentedExamples = map[string]bool{
	// Stripe's API reference test key.
	"sk_test_4eC39HqLyjWDarjtT1zdp7dc": true,
	// Postmark's documented test token (accepted by the API, sends nothing).
	"POSTMARK_API_TEST": true,
	// The storage account key of Azurite and the Azure Storage Emulator
	// (devstoreaccount1), published by Microsoft: the same on every machine.
	"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==": true,
	// UPC Database's public demo key, printed on its API pages for anyone
	// to try (upcdatabase.org/api-auth).
	"THISISALIVEDEMOAPIKEY19651D54X47": true,
	// TOTP secrets of OTP libraries' documentation: Google Authenticator's
	// and otplib's JBSWY3DPEHPK3PXP ("Hello!" and 0xDEADBEEF in Base32),
	// and otplib's README secret.
	"JBSWY3DPEHPK3PXP":                 true,
	"KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD": true,
}

// noiseReason says why a secret is noise, or "" if it may be real.
func noiseReason(secret []byte, placeholders bool) string {
	return noiseReasonOf(secret, placeholders, true)
}

// noiseReasonOf is noiseReason, with parens telling whether a value
// holding ( and ) is taken for a call.
func noiseReasonOf(secret []byte, placeholders, parens bool) string {
	if documentedExamples[string(secret)] || documentedJWT(secret) {
		return "documented example"
	}
	var buf [256]byte
	low := lowerASCII(buf[:0], secret)
	if placeholders && (low[0] == '$' || percentReference(secret)) {
		return "reference" // formats that start so ($2b$ hashes) opt out
	}
	if hasReferenceMark(low) {
		return "reference"
	}
	if parens && bytes.IndexByte(low, '(') >= 0 && bytes.IndexByte(low, ')') >= 0 {
		return "reference"
	}
	if !placeholders {
		return ""
	}
	weak := weakVariant(low)
	for _, m := range placeholderMarks {
		if bytes.Contains(low, m) && !(weak && weakWords[string(m)]) {
			return "placeholder"
		}
	}
	if len(secret) >= 8 && distinct(secret) <= 3 {
		return "placeholder"
	}
	return ""
}

func distinct(b []byte) int {
	var seen [256]bool
	n := 0
	for _, c := range b {
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	return n
}

// charClasses counts which of lower case, upper case, digits and other
// characters a value uses.
func charClasses(b []byte) int {
	var lowerc, upper, digit, other int
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			lowerc = 1
		case 'A' <= c && c <= 'Z':
			upper = 1
		case '0' <= c && c <= '9':
			digit = 1
		default:
			other = 1
		}
	}
	return lowerc + upper + digit + other
}

var (
	// config.Token, a.b.C, C.NL80211_ATTR_X, parts[1], creds.Secret,
	codePath = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(?:(?:\.|->|::)[A-Za-z_$][A-Za-z0-9_$]*|\[[^\]]*\]|\(\))+[,;)]?$`)
	// useToken, validToken; (an identifier ending an argument or statement)
	codeIdent = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*[,;)]$`)
	// X-Amz-Security-Token, Content-Type (header names)
	headerName = regexp.MustCompile(`^(?:X|[A-Z][a-z][a-z0-9]*)(?:-[A-Z][a-z][a-z0-9]*)+$`)
	// UserAgentFeatureCredentials, yaml_DOUBLE_QUOTED_STYLE, DONOTNORMALIZE_config_akid:
	// letters and underscores only, read as a name
	wordsOnly = regexp.MustCompile(`^[A-Za-z_]+$`)
)

// looksLikeCode reports whether a value assigned to a password- or
// key-like name is code (a variable, a field, a constant) rather than a
// literal credential.
func looksLikeCode(b []byte) bool {
	return codePath.Match(b) || codeIdent.Match(b) || headerName.Match(b) || wordsOnly.Match(b)
}

// lowerASCII appends b in ASCII lower case to dst, which callers give a
// stack array's room so short values are not allocated. Other bytes are
// kept as they are, so offsets in the result are offsets in b.
func lowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, lower(c))
	}
	return dst
}
