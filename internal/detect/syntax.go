package detect

import (
	"bytes"
	"path"
	"slices"
	"strings"
)

// fileSyntax is how a file writes names and values, as far as reading an
// assignment needs to know: whether an unquoted value is a literal (config)
// or an expression (code), and how enclosing keys are written.
type fileSyntax uint8

const (
	syntaxUnknown fileSyntax = iota
	syntaxYAML
	syntaxJSON
	syntaxTOML // also INI and other [section] files
	syntaxProperties
	syntaxEnv // .env, shell, Dockerfile, Makefile: NAME=value lines
	syntaxXML
	syntaxCode
)

// config reports whether an unquoted value is a literal in this syntax.
func (s fileSyntax) config() bool { return s != syntaxCode }

var syntaxByExt = map[string]fileSyntax{
	".yaml": syntaxYAML, ".yml": syntaxYAML,
	".json": syntaxJSON, ".jsonc": syntaxJSON, ".json5": syntaxJSON, ".ipynb": syntaxJSON,
	".toml": syntaxTOML, ".ini": syntaxTOML, ".cfg": syntaxTOML, ".conf": syntaxTOML, ".cnf": syntaxTOML,
	".s3cfg": syntaxTOML, ".boto": syntaxTOML, ".pypirc": syntaxTOML, ".gitconfig": syntaxTOML,
	".properties": syntaxProperties, ".tfvars": syntaxEnv, ".hcl": syntaxEnv,
	".env": syntaxEnv, ".sh": syntaxEnv, ".bash": syntaxEnv, ".zsh": syntaxEnv, ".envrc": syntaxEnv,
	".mk": syntaxEnv, ".npmrc": syntaxEnv, ".ps1": syntaxCode, ".bat": syntaxEnv, ".cmd": syntaxEnv,
	".xml": syntaxXML, ".config": syntaxXML, ".csproj": syntaxXML, ".pom": syntaxXML, ".plist": syntaxXML,
	".xaml": syntaxXML, ".html": syntaxCode, ".htm": syntaxCode, ".erb": syntaxCode, ".jsp": syntaxCode,
	".go": syntaxCode, ".py": syntaxCode, ".js": syntaxCode, ".mjs": syntaxCode, ".cjs": syntaxCode,
	".ts": syntaxCode, ".tsx": syntaxCode, ".jsx": syntaxCode, ".java": syntaxCode, ".kt": syntaxCode,
	".kts": syntaxCode, ".scala": syntaxCode, ".groovy": syntaxCode, ".gradle": syntaxCode, ".cs": syntaxCode,
	".vb": syntaxCode, ".fs": syntaxCode, ".php": syntaxCode, ".rb": syntaxCode, ".rs": syntaxCode,
	".swift": syntaxCode, ".m": syntaxCode, ".c": syntaxCode, ".h": syntaxCode, ".cc": syntaxCode,
	".cpp": syntaxCode, ".hpp": syntaxCode, ".dart": syntaxCode, ".lua": syntaxCode, ".pl": syntaxCode,
	".r": syntaxCode, ".jl": syntaxCode, ".perl": syntaxCode, ".pm": syntaxCode, ".t": syntaxCode, ".ex": syntaxCode, ".exs": syntaxCode, ".erl": syntaxCode,
	".clj": syntaxCode, ".sql": syntaxCode, ".tf": syntaxEnv, ".vue": syntaxCode, ".svelte": syntaxCode,
}

var syntaxByName = map[string]fileSyntax{
	"dockerfile": syntaxEnv, "makefile": syntaxEnv, "gnumakefile": syntaxEnv, ".env": syntaxEnv,
	".npmrc": syntaxEnv, ".yarnrc": syntaxYAML, ".pypirc": syntaxTOML, ".s3cfg": syntaxTOML, ".boto": syntaxTOML,
	"rclone.conf": syntaxTOML, "credentials": syntaxTOML, "config": syntaxTOML, ".gitconfig": syntaxTOML,
	"gradle.properties": syntaxProperties, "jenkinsfile": syntaxCode, "vagrantfile": syntaxCode,
	"gemfile": syntaxCode, "rakefile": syntaxCode, "procfile": syntaxEnv,
	// Mail clients' "keyword value" files (msmtp(1), fetchmail(1)).
	".msmtprc": syntaxTOML, "msmtprc": syntaxTOML, ".fetchmailrc": syntaxTOML,
}

// syntaxOf guesses a file's syntax from its path; archive members are
// named by their own path (a.zip!conf/app.yaml).
func syntaxOf(p string) fileSyntax {
	if i := strings.LastIndexByte(p, '!'); i >= 0 {
		p = p[i+1:]
	}
	base := strings.ToLower(path.Base(p))
	if s, ok := syntaxByName[base]; ok {
		return s
	}
	if strings.HasPrefix(base, ".env") || strings.HasSuffix(base, ".env") {
		return syntaxEnv
	}
	if strings.HasPrefix(base, "dockerfile") || strings.HasSuffix(base, ".dockerfile") {
		return syntaxEnv
	}
	return syntaxByExt[path.Ext(base)]
}

// syntaxOfScript reads a script's #! line when its name said nothing:
// shells write NAME=value, other interpreters are program source.
func syntaxOfScript(data []byte) fileSyntax {
	if len(data) < 3 || data[0] != '#' || data[1] != '!' {
		return syntaxUnknown
	}
	line := data[:min(len(data), 128)]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	for _, sh := range []string{"/sh", "bash", "zsh", "ksh", "dash", "/ash"} {
		if bytes.Contains(line, []byte(sh)) {
			return syntaxEnv
		}
	}
	return syntaxCode // perl, python, ruby, node, php...
}

// testPathWords mark files whose credentials are usually made up: tests,
// fixtures, examples, docs. Findings there keep their rule but get a lower
// confidence.
var testPathWords = []string{
	"test", "tests", "testing", "testdata", "spec", "specs", "fixture", "fixtures", "example", "examples",
	"sample", "samples", "mock", "mocks", "fake", "fakes", "demo", "__tests__", "e2e",
	"t", "testutil", "testutils", "testhelpers", "stubs",
}

// docsPathWords mark documentation: its credentials are examples more often
// than not, but runbooks hold real ones too.
var docsPathWords = []string{"docs", "doc", "documentation"}

// isDocsPath reports whether p is documentation or a commit or tag message.
func isDocsPath(p string) bool {
	if p == "(commit message)" || strings.HasPrefix(p, "(tag message") {
		return true // prose: credentials there are mostly examples
	}
	p = strings.ToLower(p)
	for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '!' }) {
		for _, w := range docsPathWords {
			if part == w {
				return true
			}
		}
	}
	return false
}

// recordedPathWords mark recorded HTTP traffic: VCR and vcrpy cassettes
// replay what a test once sent to the real service, with the credentials
// it sent unless the recording filtered them, so their tokens are as real
// as anywhere, although they sit in a test folder.
var recordedPathWords = []string{"cassettes", "cassette", "vcr_cassettes", "vcr"}

// isTestPath reports whether p is under a test, fixture or example folder,
// or names a test file (foo_test.go, test_foo.py, foo.spec.ts), and is no
// recording of real traffic.
func isTestPath(p string) bool {
	p = strings.ToLower(p)
	if strings.HasSuffix(p, ".har") {
		return false // an HTTP archive
	}
	parts := strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '!' })
	if slices.ContainsFunc(parts, func(part string) bool { return slices.Contains(recordedPathWords, part) }) {
		return false
	}
	if slices.ContainsFunc(parts, func(part string) bool { return slices.Contains(testPathWords, part) }) {
		return true
	}
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	return stem == "test" || stem == "tests" || strings.HasSuffix(stem, "_test") || strings.HasPrefix(stem, "test_") || strings.HasSuffix(stem, ".spec") ||
		strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, "_spec") || strings.HasSuffix(stem, "tests") ||
		strings.Contains(base, ".example") || strings.Contains(base, ".sample") || strings.HasSuffix(base, ".dist") ||
		strings.HasSuffix(base, ".template") || strings.HasSuffix(base, ".tmpl")
}

// labelPathWords and labelExts mark localisation files: their values are
// translations ("password": "Kennwort"), never credentials.
var labelPathWords = []string{"i18n", "l10n", "locale", "locales", "lang", "langs", "translations", "translation", "lproj"}

var labelExts = []string{".po", ".pot", ".xlf", ".xliff", ".strings", ".resx", ".arb", ".ftl"}

func isLabelPath(p string) bool {
	p = strings.ToLower(p[strings.LastIndexByte(p, '!')+1:])
	parts := strings.Split(p, "/")
	for i, part := range parts {
		for _, w := range labelPathWords {
			if part == w {
				return true
			}
		}
		// Xcode's en.lproj and Android's res/values-de hold one
		// language's strings each.
		if strings.HasSuffix(part, ".lproj") || i+1 == len(parts)-1 && i > 0 && parts[i-1] == "res" && strings.HasPrefix(part, "values-") && parts[i+1] == "strings.xml" {
			return true
		}
	}
	base := path.Base(p)
	for _, ext := range labelExts {
		if strings.HasSuffix(base, ext) {
			return true
		}
	}
	return strings.HasPrefix(base, "messages") && strings.HasSuffix(base, ".properties")
}
