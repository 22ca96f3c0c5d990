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

// referenceMarks are what a value looks like when it names where the secret
// lives instead of being it: ${VAR}, {{ .Values.x }}, os.environ[...],
// process.env.X, secrets manager calls.
var referenceMarks = [][]byte{
	[]byte("${"), []byte("{{"), []byte("}}"), []byte("%("), []byte("#{"), []byte("$("),
	[]byte("process.env"), []byte("environ"), []byte("getenv"), []byte("env("), []byte("env["),
	[]byte("secrets."), []byte("vault:"), []byte("secretsmanager"), []byte("keyvault"),
	[]byte("ssm:"), []byte("arn:aws:"),
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
	if placeholders && (low[0] == '$' || low[0] == '%') {
		return "reference" // formats that start so ($2b$ hashes) opt out
	}
	for _, m := range referenceMarks {
		if bytes.Contains(low, m) {
			return "reference"
		}
	}
	if parens && bytes.IndexByte(low, '(') >= 0 && bytes.IndexByte(low, ')') >= 0 {
		return "reference"
	}
	if !placeholders {
		return ""
	}
	for _, m := range placeholderMarks {
		if bytes.Contains(low, m) {
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
