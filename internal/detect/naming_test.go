package detect_test

import (
	"strings"
	"testing"
)

// A provider's unprefixed token is tied to the provider's name written in
// the name it is assigned to. These tables write that name in every common
// style, with every common assignment operator and quoting, for providers
// whose tokens have different shapes, and check that the token is found by
// its provider's rule; then that lookups, placeholders, names without a
// value and another provider's name give no provider finding.

type namingProvider struct {
	rule  string
	words []string   // the provider's name as words
	creds [][]string // credential words its rule accepts after the name
	value string     // a realistic token of the rule's shape
}

var namingProviders = []namingProvider{
	{"nytimes-api-key", []string{"nytimes"}, [][]string{{"token"}, {"api", "key"}, {"apikey"}, {"access", "token"}}, "Q7vKd2LmXp9RtWz4BnHc6YsJf1GaUe8N"},
	{"bugsnag-api-key", []string{"bugsnag"}, [][]string{{"key"}, {"api", "token"}, {"secret"}}, "9f3c2a7e41b85d06c1e2f9a8b7d43e5c"},
	{"kucoin-api-secret", []string{"kucoin"}, [][]string{{"secret"}, {"api", "secret"}, {"secret", "key"}}, "6b1f0c2e-8d4a-4f7b-9e3c-2a5d7f8b1c40"},
	{"cohere-api-key", []string{"cohere"}, [][]string{{"token"}, {"api", "key"}, {"key"}}, "Zt4Kq8WmN2xVb7Lc9RpHs3Dj6Fg1Ty5Ue0Ao4Ik7"},
}

func title(w string) string { return strings.ToUpper(w[:1]) + w[1:] }

// namingStyles write a provider's words p and credential words c as one
// name. The identifier styles can name a variable in any language.
var namingStyles = []struct {
	name       string
	identifier bool
	write      func(p, c []string) string
}{
	{"snake", true, func(p, c []string) string { return strings.Join(append(append([]string{}, p...), c...), "_") }},
	{"screaming", true, func(p, c []string) string {
		return strings.ToUpper(strings.Join(append(append([]string{}, p...), c...), "_"))
	}},
	{"camel", true, func(p, c []string) string {
		s := strings.Join(p, "")
		for _, w := range c {
			s += title(w)
		}
		return s
	}},
	{"pascal", true, func(p, c []string) string {
		s := ""
		for _, w := range append(append([]string{}, p...), c...) {
			s += title(w)
		}
		return s
	}},
	{"kebab", false, func(p, c []string) string { return strings.Join(append(append([]string{}, p...), c...), "-") }},
	{"dotted", false, func(p, c []string) string { return strings.Join(append(append([]string{}, p...), c...), ".") }},
	{"prefixed", true, func(p, c []string) string {
		return "MY_APP_" + strings.ToUpper(strings.Join(append(append([]string{}, p...), c...), "_"))
	}},
	// A deployment after the credential word: STRIPE_KEY_LIVE.
	{"deployment suffix", true, func(p, c []string) string {
		return strings.ToUpper(strings.Join(append(append([]string{}, p...), c...), "_")) + "_PROD"
	}},
	// The provider's name last: TOKEN_POSTMARK, apiKeyPostmark.
	{"provider last", true, func(p, c []string) string { return strings.Join(append(append([]string{}, c...), p...), "_") }},
	{"provider last camel", true, func(p, c []string) string {
		s := c[0]
		for _, w := range append(append([]string{}, c[1:]...), p...) {
			s += title(w)
		}
		return s
	}},
}

// namingOperators are assignments in languages and config formats: {N} is
// the name, {Q} the quote, {V} the value. quotes lists the quotes the
// form takes ("-" for none); identifier marks forms whose name must be an
// identifier.
var namingOperators = []struct {
	name, file, text, quotes string
	identifier               bool
}{
	{"python =", "settings.py", "{N} = {Q}{V}{Q}\n", `"'`, true},
	{"python annotated", "settings.py", "{N}: str = {Q}{V}{Q}\n", `"'`, true},
	{"python kwarg", "client.py", "client = Client({N}={Q}{V}{Q})\n", `"'`, true},
	{"python self", "client.py", "class A:\n    def __init__(self):\n        self.{N} = {Q}{V}{Q}\n", `"'`, true},
	{"os.environ", "setup.py", "import os\nos.environ[\"{N}\"] = {Q}{V}{Q}\n", `"'`, false},
	{"environ setdefault", "setup.py", "os.environ.setdefault(\"{N}\", {Q}{V}{Q})\n", `"'`, false},
	{"python dict", "conf.py", "CONF = {\"{N}\": {Q}{V}{Q}}\n", `"'`, false},
	{"yaml", "config.yaml", "{N}: {Q}{V}{Q}\n", `"'-`, false},
	{"yaml nested", "config.yml", "app:\n  {N}: {Q}{V}{Q}\n", `"'-`, false},
	{"yaml env list", "deploy.yaml", "env:\n  - name: {N}\n    value: {Q}{V}{Q}\n", `"'-`, false},
	{"compose environment", "docker-compose.yml", "services:\n  app:\n    environment:\n      - {N}={V}\n", "-", false},
	{"json", "config.json", "{\"{N}\": {Q}{V}{Q}}\n", `"`, false},
	{"json in a string", "fixture.js", "const body = \"{\\\"{N}\\\": \\\"{V}\\\"}\";\n", "-", false},
	{"toml", "config.toml", "[app]\n{N} = {Q}{V}{Q}\n", `"'`, false},
	{"ini", "app.ini", "[app]\n{N} = {V}\n", "-", false},
	{"properties", "app.properties", "{N}={V}\n", "-", false},
	{"properties colon", "app.properties", "{N}: {V}\n", "-", false},
	{"dotenv", ".env", "{N}={Q}{V}{Q}\n", `"'-`, true},
	{"export", "env.sh", "export {N}={Q}{V}{Q}\n", `"'-`, true},
	{"inline env", "run.sh", "{N}={Q}{V}{Q} ./server\n", `"'-`, true},
	{"docker run -e", "run.sh", "docker run -e {N}={Q}{V}{Q} app\n", `"'-`, true},
	{"cli flag", "run.sh", "tool --{N} {Q}{V}{Q}\n", `"'-`, false},
	{"cli flag =", "run.sh", "tool --{N}={Q}{V}{Q}\n", `"'-`, false},
	{"csh setenv", "env.csh", "setenv {N} {Q}{V}{Q}\n", `"'-`, true},
	{"fish set", "config.fish", "set -x {N} {Q}{V}{Q}\n", `"'-`, true},
	{"setx", "env.bat", "setx {N} {Q}{V}{Q}\n", `"-`, true},
	{"bat set", "env.bat", "set {N}={V}\n", "-", true},
	{"powershell env", "env.ps1", "$env:{N} = {Q}{V}{Q}\n", `"'`, true},
	{"powershell SetEnvironmentVariable", "env.ps1", "[Environment]::SetEnvironmentVariable(\"{N}\", {Q}{V}{Q}, \"User\")\n", `"'`, false},
	{"dockerfile ENV", "Dockerfile", "FROM alpine\nENV {N}={Q}{V}{Q}\n", `"-`, true},
	{"dockerfile ENV blank", "Dockerfile", "FROM alpine\nENV {N} {V}\n", "-", true},
	{"make ?=", "Makefile", "{N} ?= {V}\n", "-", true},
	{"make :=", "Makefile", "{N} := {V}\n", "-", true},
	{"make ::=", "Makefile", "{N} ::= {V}\n", "-", true},
	{"make :::=", "Makefile", "{N} :::= {V}\n", "-", true},
	{"make +=", "Makefile", "{N} += {V}\n", "-", true},
	{"go :=", "main.go", "func main() {\n\t{N} := {Q}{V}{Q}\n}\n", "\"`", true},
	{"go var", "main.go", "var {N} string = {Q}{V}{Q}\n", "\"`", true},
	{"go struct", "main.go", "var c = Config{{N}: {Q}{V}{Q}}\n", "\"`", true},
	{"go map", "main.go", "var m = map[string]string{\"{N}\": {Q}{V}{Q}}\n", "\"`", false},
	{"go Setenv", "main.go", "func init() { os.Setenv(\"{N}\", {Q}{V}{Q}) }\n", "\"`", false},
	{"java field", "A.java", "class A { String {N} = {Q}{V}{Q}; }\n", `"`, true},
	{"java setProperty", "A.java", "class A { void f() { System.setProperty(\"{N}\", {Q}{V}{Q}); } }\n", `"`, false},
	{"java put", "A.java", "class A { void f() { props.put(\"{N}\", {Q}{V}{Q}); } }\n", `"`, false},
	{"spring @Value default", "A.java", "class A { @Value(\"${{N}:{V}}\") String t; }\n", "-", false},
	{"kotlin val", "A.kt", "val {N}: String = {Q}{V}{Q}\n", `"`, true},
	{"scala val", "A.scala", "object A { val {N} = {Q}{V}{Q} }\n", `"`, true},
	{"c# const", "A.cs", "class A { private const string {N} = {Q}{V}{Q}; }\n", `"`, true},
	{"c# SetEnvironmentVariable", "A.cs", "class A { void F() { Environment.SetEnvironmentVariable(\"{N}\", {Q}{V}{Q}); } }\n", `"`, false},
	{"visual basic", "A.vb", "Dim {N} As String = {Q}{V}{Q}\n", `"`, true},
	{"c define", "keys.h", "#define {N} {Q}{V}{Q}\n", `"`, true},
	{"c char pointer", "keys.c", "static const char *{N} = {Q}{V}{Q};\n", `"`, true},
	{"rust const", "keys.rs", "const {N}: &str = {Q}{V}{Q};\n", `"`, true},
	{"rust static", "keys.rs", "static {N}: &'static str = {Q}{V}{Q};\n", `"`, true},
	{"rust let", "main.rs", "fn main() { let {N} = {Q}{V}{Q}; }\n", `"`, true},
	{"swift let", "Keys.swift", "let {N}: String = {Q}{V}{Q}\n", `"`, true},
	{"dart const", "keys.dart", "const String {N} = {Q}{V}{Q};\n", `"'`, true},
	{"javascript const", "keys.js", "const {N} = {Q}{V}{Q};\n", "\"'`", true},
	{"javascript object", "keys.js", "module.exports = { {N}: {Q}{V}{Q} };\n", "\"'`", true},
	{"javascript this", "client.js", "class A { constructor() { this.{N} = {Q}{V}{Q}; } }\n", "\"'`", true},
	{"process.env", "setup.js", "process.env.{N} = {Q}{V}{Q};\n", `"'`, true},
	{"typescript typed", "keys.ts", "export const {N}: string = {Q}{V}{Q};\n", "\"'`", true},
	{"localStorage", "app.js", "localStorage.setItem(\"{N}\", {Q}{V}{Q});\n", `"'`, false},
	{"php variable", "config.php", "<?php\n${N} = {Q}{V}{Q};\n", `"'`, true},
	{"php .=", "config.php", "<?php\n${N} .= {Q}{V}{Q};\n", `"'`, true},
	{"php array =>", "config.php", "<?php\nreturn [\n    '{N}' => {Q}{V}{Q},\n];\n", `"'`, false},
	{"php define", "config.php", "<?php\ndefine('{N}', {Q}{V}{Q});\n", `"'`, false},
	{"php putenv", "config.php", "<?php\nputenv(\"{N}={V}\");\n", "-", false},
	{"ruby ENV[]", "env.rb", "ENV[\"{N}\"] = {Q}{V}{Q}\n", `"'`, false},
	{"ruby hash =>", "conf.rb", "CONF = { \"{N}\" => {Q}{V}{Q} }\n", `"'`, false},
	{"ruby symbol =>", "conf.rb", "CONF = { :{N} => {Q}{V}{Q} }\n", `"'`, true},
	{"ruby ivar", "client.rb", "@{N} = {Q}{V}{Q}\n", `"'`, true},
	{"perl my", "conf.pl", "my ${N} = {Q}{V}{Q};\n", `"'`, true},
	{"r <-", "keys.R", "{N} <- {Q}{V}{Q}\n", `"'`, true},
	{"lua local", "keys.lua", "local {N} = {Q}{V}{Q}\n", `"'`, true},
	{"groovy def", "keys.groovy", "def {N} = {Q}{V}{Q}\n", `"'`, true},
	{"gradle buildConfigField", "build.gradle", "buildConfigField \"String\", \"{N}\", \"\\\"{V}\\\"\"\n", "-", false},
	{"terraform variable", "vars.tf", "variable \"{N}\" {\n  default = {Q}{V}{Q}\n}\n", `"`, false},
	{"hcl", "main.tf", "{N} = {Q}{V}{Q}\n", `"`, true},
	{"nix", "default.nix", "{ {N} = {Q}{V}{Q}; }\n", `"`, true},
	{"xml element", "app.xml", "<config>\n  <{N}>{V}</{N}>\n</config>\n", "-", true},
	{"xml attribute", "app.xml", "<config {N}=\"{V}\"/>\n", "-", false},
	{"app.config add", "web.config", "<appSettings>\n  <add key=\"{N}\" value=\"{V}\"/>\n</appSettings>\n", "-", false},
}

func namingText(text, name, quote, value string) string {
	return strings.NewReplacer("{N}", name, "{Q}", quote, "{V}", value).Replace(text)
}

func TestProviderNamingStylesAndOperators(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	failures := 0
	for _, p := range namingProviders {
		for _, creds := range p.creds {
			for _, st := range namingStyles {
				name := st.write(p.words, creds)
				for _, op := range namingOperators {
					if op.identifier && !st.identifier {
						continue
					}
					for _, q := range op.quotes {
						quote := string(q)
						if quote == "-" {
							quote = ""
						}
						text := namingText(op.text, name, quote, p.value)
						found := false
						ms := s.ScanFile(op.file, []byte(text))
						for _, m := range ms {
							found = found || m.Rule.ID == p.rule && m.Secret == p.value
						}
						if !found {
							if failures++; failures <= 40 {
								t.Errorf("%s, %s, %s: %s %q found %v, want %s", p.rule, st.name, op.name, op.file, text, ruleIDs(ms), p.rule)
							}
						}
					}
				}
			}
		}
	}
	if failures > 40 {
		t.Errorf("%d failures in all", failures)
	}
}

// TestProviderNamingNegatives: the same names give no provider finding
// when what they are given is not a token: an environment lookup, a
// placeholder, nothing; nor does another provider's name, nor a name that
// holds the provider's but says the value is something else.
func TestProviderNamingNegatives(t *testing.T) {
	s := catalogueEngine(t).NewScanner()
	const nyt = "Q7vKd2LmXp9RtWz4BnHc6YsJf1GaUe8N"
	cases := []struct{ file, text string }{
		{"settings.py", "NYTIMES_TOKEN = os.getenv(\"NYTIMES_TOKEN\")\n"},
		{"settings.py", "nytimes_api_key = os.environ[\"NYTIMES_API_KEY\"]\n"},
		{"main.go", "func main() {\n\tnytimesToken := os.Getenv(\"NYTIMES_TOKEN\")\n}\n"},
		{"keys.js", "const nytimesToken = process.env.NYTIMES_TOKEN;\n"},
		{"config.yaml", "nytimes_token: ${NYTIMES_TOKEN}\n"},
		{"Makefile", "NYTIMES_TOKEN ?= $(shell cat .token)\n"},
		{"A.java", "class A { String t = System.getProperty(\"NYTIMES_TOKEN\"); }\n"},
		{".env", "NYTIMES_TOKEN=<your-nytimes-token>\n"},
		{".env", "NYTIMES_TOKEN=your_nytimes_token_here\n"},
		{"config.json", "{\"nytimesToken\": \"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"}\n"},
		{".env", "NYTIMES_TOKEN=\n"},
		{"env.sh", "export NYTIMES_TOKEN\n"},
		{"config.yaml", "nytimes_token:\n"},
		{"README.md", "Set NYTIMES_TOKEN to your key.\n"},
		// Another provider's name: its rule wants hex, nytimes' rule
		// wants its own name.
		{".env", "BUGSNAG_TOKEN=" + nyt + "\n"},
		{"keys.js", "const tokenBugsnag = \"" + nyt + "\";\n"},
		{"main.go", "var apiKeyBugsnag = \"" + nyt + "\"\n"},
		// The provider's name, but not a credential's.
		{".env", "NYTIMES_CACHE_KEY_PROD=" + nyt + "\n"},
		{"keys.js", "const templateNytimes = \"" + nyt + "\";\n"},
		{"keys.js", "const token = { nytimes: 1 };\nconst x = token.nytimes;\n"},
		{"settings.py", "SORT_KEY_NYTIMES = \"" + nyt + "\"\n"},
	}
	for _, c := range cases {
		for _, m := range s.ScanFile(c.file, []byte(c.text)) {
			if !m.Rule.Generic() {
				t.Errorf("%s: %q found %s %q", c.file, c.text, m.Rule.ID, m.Secret)
			}
		}
	}
}
