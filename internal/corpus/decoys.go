package corpus

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Decoy kinds: values a scanner must not report.
const (
	DecoyBareUUID     = "bare-uuid" // a UUID with no provider anywhere near
	DecoyBareHex      = "bare-hex"  // 32/40/64 hex under a neutral key
	DecoyNearProvider = "nonsecret-near-provider"
	DecoyPublicID     = "public-id" // documented public identifiers (app ids, SIDs, DSNs, publishable keys)
	DecoyReference    = "reference" // ${X}, {{ x }}, os.environ[...], secret manager paths
	DecoyCodeValue    = "code-value"
	DecoyEmptyMasked  = "empty-masked"
	DecoyPlaceholder  = "placeholder"
	DecoyTypeName     = "type-name"
	DecoyProse        = "prose"
	DecoyResetURL     = "reset-url"
	DecoyUILabel      = "ui-label"
	DecoyLockFile     = "lock-file"
	DecoyMinified     = "minified-js"
	DecoyBase64Image  = "base64-image"
	DecoyGoSum        = "go-sum"
	DecoyGitSHA       = "git-sha"
	DecoyChecksum     = "checksum"
	DecoyBuildID      = "build-id"
	DecoyPublicKey    = "public-key"
	DecoyEncrypted    = "encrypted"
	DecoyDataIDs      = "ids-in-data"
	DecoyMalformed    = "malformed-prefixed" // a provider's prefix on a body that is not the token's
)

func decoyMark(v, kind, variant, imitates string) mark {
	return mark{value: v, expect: imitates, class: ClassDecoy, shape: kind, variant: variant}
}

func (b *builder) decoys() {
	b.bareDecoys()
	b.nearProviderDecoys()
	b.publicIDDecoys()
	b.valueDecoys()
	b.typeNameDecoys()
	b.proseDecoys()
	b.fileDecoys()
	b.malformedPrefixDecoys()
}

// malformedPrefixDecoys plants, under the provider's own names, values that
// start with a prefixed kind's prefix but are not its token: masked with
// x's at full length, cut short with an ellipsis (as documentation writes
// them), or truncated to a few characters of the body.
func (b *builder) malformedPrefixDecoys() {
	for ki, k := range prefixedKinds {
		if k.prefix == "" {
			continue
		}
		for i := 0; i < b.n(20); i++ {
			g := b.g
			full := k.value(g)
			body := full[len(k.prefix):]
			var v, variant string
			switch i % 3 {
			case 0:
				v, variant = k.prefix+strings.Repeat(g.pick("x", "X"), len(body)), k.id+"/masked"
			case 1:
				v, variant = k.prefix+body[:4]+"...", k.id+"/ellipsis"
			default:
				v, variant = k.prefix+body[:8], k.id+"/truncated"
			}
			b.valueIn(decoyFormats[(ki*3+i)%len(decoyFormats)], one(g, k.names), v, decoyMark(v, DecoyMalformed, variant, k.provider))
		}
	}
}

var (
	neutralIDKeys  = [][]string{{"id"}, {"tenant", "id"}, {"correlation", "id"}, {"default", "org", "id"}, {"workspace", "id"}, {"instance", "id"}, {"node", "id"}, {"guid"}, {"installation", "id"}, {"device", "id"}, {"request", "id"}, {"cluster", "id"}}
	neutralHexKeys = [][]string{{"etag"}, {"digest"}, {"content", "hash"}, {"cache", "buster"}, {"asset", "version"}, {"build", "hash"}, {"commit"}, {"checksum"}, {"revision"}, {"object", "id"}}
	decoyFormats   = []string{"yaml", "json", "toml", "ini", "properties", "env", "xml", "tfvars", "helm", "go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "log"}
)

// bareDecoys: random-looking identifiers with no provider in the file.
func (b *builder) bareDecoys() {
	for i := 0; i < b.n(160); i++ {
		g := b.g
		v := g.uuid()
		if g.chance(30) {
			v = strings.ToUpper(v)
		}
		b.valueIn(decoyFormats[i%len(decoyFormats)], one(g, neutralIDKeys), v, decoyMark(v, DecoyBareUUID, "", "uuid"))
	}
	for i := 0; i < b.n(160); i++ {
		g := b.g
		v := g.hex(one(g, []int{32, 40, 64}))
		b.valueIn(decoyFormats[(i*3)%len(decoyFormats)], one(g, neutralHexKeys), v, decoyMark(v, DecoyBareHex, fmt.Sprintf("hex%d", len(v)), "hex"))
	}
}

// valueIn writes key = v in a file of format, v being unique in it.
func (b *builder) valueIn(format string, key []string, v string, m mark) {
	g := b.g
	dir, svc := b.svc()
	var lines []string
	switch {
	case isData(format):
		lines, m.key = b.dataFile(format, svc, b.style(format), []*entry{leaf(key, v)}, v)
	case format == "log":
		lines = b.logFile([]string{fmt.Sprintf("INFO  [%s] %s=%s status=ok", g.pick(logComponents...), snake.join(key), v)})
	default:
		l := langs[format]
		lines = b.codeFile(l, svc, []string{l.assigns[g.IntN(len(l.assigns))].write(key, l.quote(g, v))})
	}
	b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
}

var nonSecretWords = [][]string{{"message", "id"}, {"request", "id"}, {"sha"}, {"checksum"}, {"uuid"}, {"template", "id"}, {"server", "id"}, {"account", "id"}, {"stream", "id"}, {"trace", "id"}, {"webhook", "id"}, {"event", "id"}, {"list", "id"}, {"project", "id"}, {"batch", "id"}}

// nearProviderDecoys: the provider's name next to a value of its token's
// format, under a key that says it is not the credential.
func (b *builder) nearProviderDecoys() {
	for ki, k := range unprefixedKinds {
		for i := 0; i < b.n(8); i++ {
			g := b.g
			v := k.value(g)
			word := one(g, nonSecretWords)
			m := decoyMark(v, DecoyNearProvider, k.id+"/"+strings.Join(word, "-"), k.provider)
			format := decoyFormats[(ki*8+i)%len(decoyFormats)]
			dir, svc := b.svc()
			var lines []string
			switch {
			case isData(format):
				var es []*entry
				switch i % 3 {
				case 0:
					es = []*entry{leaf(append(append([]string{}, k.section...), word...), v)}
				case 1:
					es = []*entry{section(k.section, g.neutral(), leaf(word, v))}
				default:
					e := leaf(word, v)
					e.above = []string{fmt.Sprintf("%s response", k.name)}
					es = []*entry{e}
				}
				lines, m.key = b.dataFile(format, svc, b.style(format), es, v)
			case format == "log":
				lines = b.logFile([]string{fmt.Sprintf(`INFO  [%s] %s API response: {"ErrorCode": 0, "Message": "OK", %q: %q}`, strings.ToLower(k.name), k.name, pascal.join(word), v)})
			default:
				l := langs[format]
				bind := l.assigns[g.IntN(len(l.assigns))]
				lines = b.codeFile(l, svc, []string{l.comment + " " + k.name + " " + strings.Join(word, " ") + " of the last delivery", bind.write(append(append([]string{}, k.section...), word...), l.quote(g, v))})
			}
			b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
		}
	}
}

// publicIDDecoys: identifiers vendors document as public.
func (b *builder) publicIDDecoys() {
	type pub struct {
		name, imitates string
		value          func(g gen) string
	}
	pubs := []pub{
		{"cloudflare zone id", "cloudflare", func(g gen) string { return g.hex(32) }},
		{"cloudflare account id", "cloudflare", func(g gen) string { return g.hex(32) }},
		{"twilio account sid", "twilio", func(g gen) string { return "AC" + g.hex(32) }},
		{"algolia app id", "algolia", func(g gen) string { return g.String(upper+digits, 10) }},
		{"pusher app key", "pusher", func(g gen) string { return g.hex(20) }},
		{"okta client id", "okta", func(g gen) string { return "0oa" + g.base62(17) }},
		{"contentful space id", "contentful", func(g gen) string { return g.String(lower+digits, 12) }},
		{"sentry dsn", "sentry", func(g gen) string {
			return fmt.Sprintf("https://%s@o%s.ingest.sentry.io/%s", g.hex(32), g.digits(6), g.digits(7))
		}},
		{"heroku app id", "heroku", gen.uuid},
		{"pagerduty service id", "pagerduty", func(g gen) string { return "P" + g.String(upper+digits, 6) }},
		// Publishable keys are meant for browsers (docs.stripe.com/keys).
		{"stripe publishable key", "stripe", func(g gen) string { return "pk_live_" + g.base62(99) }},
		{"google oauth client id", "google", func(g gen) string {
			return g.digits(12) + "-" + g.String(lower+digits, 32) + ".apps.googleusercontent.com"
		}},
		{"datadog rum application id", "datadog", gen.uuid},
	}
	for i := 0; i < b.n(120); i++ {
		g := b.g
		p := pubs[i%len(pubs)]
		v := p.value(g)
		b.valueIn(decoyFormats[(i*5)%len(decoyFormats)], strings.Fields(p.name), v, decoyMark(v, DecoyPublicID, strings.ReplaceAll(p.name, " ", "-"), p.imitates))
	}
}

// Values that are not values: references, code, masks, placeholders.
var (
	refTemplates         = []string{"${%s}", "$%s", "%%%s%%", "{{ %s }}", "{{ .Values.%s }}", "<%s>", "@%s@", "${{ secrets.%s }}", "#{%s}", "%%(%s)s", "$(%s)", "((%s))", "{{ lookup('env', '%s') }}"}
	refLiterals          = []string{"vault:secret/data/app#%s", "op://Production/app/%s", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:%s-AbCdEf", "projects/acme/secrets/%s/versions/latest", "file:/run/secrets/%s", "$__file{/run/secrets/%s}"}
	masked               = []string{"", "****", "********", "xxx", "XXXXXXXX", "<redacted>", "[REDACTED]", "null", "~", "•••••••"}
	tokenPlaceholders    = []string{"your-api-key", "<YOUR_API_KEY>", "REPLACE_ME", "insert-token-here", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "00000000-0000-0000-0000-000000000000", "your_server_token", "<server-token>", "TODO"}
	passwordPlaceholders = []string{"YOUR_PASSWORD_HERE", "<password>", "REPLACE_ME", "<db-password>", "your-password", "TODO", "set-me-in-vault"}
	codeRefs             = map[string][]string{
		"py":   {`os.environ["%s"]`, `os.getenv("%s")`, `os.environ.get("%s", "")`, `config("%s")`},
		"js":   {"process.env.%s", `process.env["%s"]`, `config.get("%s")`},
		"ts":   {"process.env.%s ?? \"\"", `config.get<string>("%s")`},
		"go":   {`os.Getenv("%s")`, `viper.GetString("%s")`},
		"java": {`System.getenv("%s")`, `env.getProperty("%s")`},
		"cs":   {`Environment.GetEnvironmentVariable("%s")`, `Configuration["%s"]`},
		"php":  {`getenv('%s')`, `env('%s')`, `$_ENV['%s']`},
		"rb":   {`ENV["%s"]`, `ENV.fetch("%s")`},
		"sh":   {`"${%s}"`, `"$%s"`, `$(cat /run/secrets/%s)`},
	}
	codeValues = map[string][]string{
		"py":   {"get_password()", "keyring.get_password(\"app\", \"db\")", "args.password", "self.password", "request.form[\"password\"]", "secrets.token_hex(32)", "getpass.getpass()", "decrypt(encrypted_value)"},
		"js":   {"this.options.password", "await vault.read(path)", "crypto.randomBytes(32).toString(\"hex\")", "req.body.password", "getSecret()"},
		"ts":   {"this.config.apiKey", "await secrets.get(name)", "input.value", "generatePassword(24)"},
		"go":   {"cfg.Password", "secrets.Lookup(name)", "r.FormValue(\"password\")", "string(decrypted)"},
		"java": {"props.getProperty(key)", "passwordField.getText()", "vault.read(path).getData()", "generatePassword(24)"},
		"cs":   {"_options.Value.Password", "PasswordBox.Password", "await client.GetSecretAsync(name)"},
		"php":  {"$request->input('password')", "config('mail.password')", "bin2hex(random_bytes(16))"},
		"rb":   {"params[:password]", "SecureRandom.hex(32)", "credentials.dig(:smtp, :password)"},
	}
)

// valueDecoys plants references, code values, masks and placeholders under
// credential keys: a provider's name or a password key.
func (b *builder) valueDecoys() {
	kinds := []string{DecoyReference, DecoyCodeValue, DecoyEmptyMasked, DecoyPlaceholder}
	counts := map[string]int{DecoyReference: 300, DecoyCodeValue: 150, DecoyEmptyMasked: 200, DecoyPlaceholder: 150}
	for _, kind := range kinds {
		for i := 0; i < b.n(counts[kind]); i++ {
			g := b.g
			key := one(g, passwordKeys)
			imitates := FamilyPassword
			if g.chance(50) {
				k := one(g, unprefixedKinds)
				if g.chance(30) {
					k = one(g, prefixedKinds)
				}
				key, imitates = b.pname(k), k.provider
			}
			format := decoyFormats[i%len(decoyFormats)]
			if kind == DecoyCodeValue {
				format = codeLangs[i%len(codeLangs)]
			}
			b.valueDecoy(kind, format, key, imitates)
		}
	}
}

func (b *builder) valueDecoy(kind, format string, key []string, imitates string) {
	g := b.g
	name := upperSnake.join(key)
	var v, variant string
	expr := false
	switch kind {
	case DecoyReference:
		if l := codeRefs[format]; l != nil && g.chance(60) {
			v, variant, expr = fmt.Sprintf(g.pick(l...), name), "env-lookup", format != "sh"
			if format == "sh" {
				variant = "shell-expansion"
			}
		} else if g.chance(75) {
			t := g.pick(refTemplates...)
			v, variant = fmt.Sprintf(t, name), strings.ReplaceAll(fmt.Sprintf(t, "X"), " ", "")
			if strings.Contains(t, "{{") || strings.Contains(t, "Values") {
				v = fmt.Sprintf(t, snake.join(key))
			}
		} else {
			v, variant = fmt.Sprintf(g.pick(refLiterals...), kebab.join(key)), "secret-manager-path"
		}
	case DecoyCodeValue:
		v, variant, expr = g.pick(codeValues[format]...), "call-or-variable", true
	case DecoyEmptyMasked:
		v = g.pick(masked...)
		variant = map[bool]string{true: "empty", false: "masked"}[v == ""]
	default:
		v, variant = g.pick(tokenPlaceholders...), "placeholder"
		if imitates == FamilyPassword {
			v = g.pick(passwordPlaceholders...)
		}
	}
	m := decoyMark(v, kind, variant, imitates)
	dir, svc := b.svc()
	var lines []string
	switch {
	case isData(format):
		e := leaf(key, v)
		lines, m.line, m.key = b.dataFileAt(format, svc, b.style(format), []*entry{e}, e)
		m.alt = escapedForm(format, v)
	case format == "log":
		lines = b.logFile([]string{fmt.Sprintf("INFO  [config] %s=%s", name, v)})
		m.find = name + "=" + v
	default:
		l := langs[format]
		lit := v
		if !expr {
			lit = l.quote(g, v)
		}
		stmt := l.assigns[g.IntN(len(l.assigns))].write(key, lit)
		lines = b.codeFile(l, svc, []string{stmt})
		m.find = strings.TrimSpace(stmt)
	}
	b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
}

// typeNameDecoys: declarations and schemas that name a credential field.
func (b *builder) typeNameDecoys() {
	decls := []struct{ format, line string }{
		{"go", "Password string `json:\"password\"`"}, {"go", "APIKey string `yaml:\"api_key\" env:\"SERVER_TOKEN\"`"},
		{"java", "private String password;"}, {"java", "private final String apiToken;"},
		{"cs", "public string Password { get; set; }"}, {"cs", "public string? ApiKey { get; init; }"},
		{"ts", "password?: string;"}, {"ts", "apiKey: string;"}, {"ts", "token: string | null;"},
		{"py", "password: str"}, {"py", "api_key: Optional[str] = None"}, {"py", "password = models.CharField(max_length=128)"}, {"py", "password = serializers.CharField(write_only=True)"},
		{"rb", "attr_accessor :password"}, {"rb", `t.string :encrypted_password, null: false, default: ""`},
		{"sql", "password VARCHAR(255) NOT NULL,"}, {"sql", "api_token CHAR(36) DEFAULT NULL,"},
		{"graphql", "password: String!"}, {"proto", "string password = 3;"},
		{"json", `"password": { "type": "string", "minLength": 12, "format": "password" },`},
		{"yaml", "password: {type: string, format: password}"}, {"ts", "apiKey: z.string().min(32),"},
	}
	for i := 0; i < b.n(150); i++ {
		d := decls[i%len(decls)]
		m := decoyMark(d.line, DecoyTypeName, d.format, FamilyPassword)
		b.plantDecl(d.format, d.line, m)
	}
}

// plantDecl puts one declaration line into a plausible file of format.
func (b *builder) plantDecl(format, line string, m mark) {
	g := b.g
	switch format {
	case "go":
		b.plantRaw("go", "internal/config/types.go", []string{"package config", "", "type Settings struct {", "\tHost string `json:\"host\"`", "\t" + line, "\tTimeout int `json:\"timeout\"`", "}"}, m)
	case "java":
		b.plantRaw("java", "src/main/java/com/acme/model/Account.java", []string{"package com.acme.model;", "", "public class Account {", "    private String username;", "    " + line, "}"}, m)
	case "cs":
		b.plantRaw("cs", "Models/Credentials.cs", []string{"namespace Acme.Models;", "", "public class Credentials", "{", "    public string UserName { get; set; }", "    " + line, "}"}, m)
	case "ts":
		b.plantRaw("ts", "src/types/config.ts", []string{"export interface ClientOptions {", "  baseUrl: string;", "  " + line, "  timeoutMs?: number;", "}"}, m)
	case "py":
		b.plantRaw("py", g.pick("app/models.py", "app/schemas.py"), []string{"from typing import Optional", "", "class Account:", "    username: str", "    " + line}, m)
	case "rb":
		b.plantRaw("rb", "app/models/user.rb", []string{"class User < ApplicationRecord", "  " + line, "  validates :email, presence: true", "end"}, m)
	case "sql":
		b.plantRaw("sql", "db/schema.sql", []string{"CREATE TABLE users (", "  id BIGSERIAL PRIMARY KEY,", "  email VARCHAR(255) NOT NULL,", "  " + line, "  created_at TIMESTAMP NOT NULL", ");"}, m)
	case "graphql":
		b.plantRaw("graphql", "schema/auth.graphql", []string{"input SignUpInput {", "  email: String!", "  " + line, "}"}, m)
	case "proto":
		b.plantRaw("proto", "proto/auth.proto", []string{`syntax = "proto3";`, "", "message LoginRequest {", "  string username = 1;", "  string otp = 2;", "  " + line, "}"}, m)
	case "json":
		b.plantRaw("json", "schemas/user.schema.json", []string{"{", `  "type": "object",`, `  "properties": {`, `    "email": { "type": "string", "format": "email" },`, "    " + line, `    "name": { "type": "string" }`, "  }", "}"}, m)
	default:
		b.plantRaw("yaml", "openapi/components.yaml", []string{"components:", "  schemas:", "    Login:", "      type: object", "      properties:", "        " + line}, m)
	}
}

// plantRaw writes lines at name in a new service dir.
func (b *builder) plantRaw(format, name string, lines []string, marks ...mark) {
	dir, _ := b.svc()
	b.add(dir+"/"+name, format, lines, marks, false)
}

// proseDecoys: sentences about credentials, password reset links, form labels.
func (b *builder) proseDecoys() {
	sentences := []string{
		"The password must be at least 12 characters and contain a digit.",
		"Enter your API token below; it is shown only once.",
		"Tokens expire after 30 days: rotate the secret before then.",
		"The server token lives in 1Password under Platform / Mail.",
		"Never commit the password; CI reads it from the vault.",
		"If the api_key is missing the client falls back to anonymous access.",
		"Reset your password from the account page.",
	}
	logs := []string{"INFO  [auth] password reset requested for user alice", "WARN  [auth] invalid password for user bob (attempt 3)", "INFO  [auth] api token rotated for service billing", "ERROR [smtp] authentication failed: wrong password"}
	for i := 0; i < b.n(150); i++ {
		g := b.g
		switch i % 3 {
		case 0:
			s := sentences[i%len(sentences)]
			b.plantRaw("md", g.pick("docs/security.md", "README.md", "docs/onboarding.md"), []string{"# Credentials", "", "Each service reads its credentials at start-up.", s, "", "Ask #platform for access."}, decoyMark(s, DecoyProse, "markdown", FamilyPassword))
		case 1:
			s := g.pick(logs...)
			b.plantText("log", []string{s}, decoyMark(s, DecoyProse, "log", FamilyPassword))
		default:
			l := langs[one(g, codeLangs)]
			c := l.comment + " TODO: move the " + g.pick("password", "api key", "token", "secret") + " to Vault before release"
			b.plantText(l.id, []string{c}, decoyMark(strings.TrimSpace(c), DecoyProse, "comment", FamilyPassword))
		}
	}
	for i := 0; i < b.n(80); i++ {
		g := b.g
		url := fmt.Sprintf("https://app.%s/%s", g.pick("acme-corp.net", "northwind.io"), g.pick("password/reset?token="+g.hex(40), "reset-password/"+g.uuid(), "account/verify-email?token="+g.urlsafe(43)))
		m := decoyMark(url, DecoyResetURL, "", FamilyPassword)
		switch i % 3 {
		case 0:
			b.plantText("log", []string{"INFO  [mailer] sent password reset link " + url + " to alice@acme-corp.net"}, m)
		case 1:
			b.plantRaw("html", "templates/emails/reset.html", []string{"<p>Hello {{ name }},</p>", `<p><a href="` + url + `">Reset your password</a></p>`, "<p>The link expires in one hour.</p>"}, m)
		default:
			b.plantText("md", []string{"Example link: " + url}, m)
		}
	}
	labels := []struct{ format, name, line string }{
		{"html", "templates/login.html", `<input type="password" id="password" name="password" placeholder="Enter your password" autocomplete="current-password">`},
		{"html", "src/views/settings.html", `<label for="api-token">API token</label>`},
		{"yaml", "config/locales/fr.yml", `    password: "Mot de passe"`},
		{"json", "src/i18n/es.json", i18nMember("password", "Contraseña")},
		{"json", "src/i18n/de.json", i18nMember("confirm_password", "Passwort bestätigen")},
		{"properties", "src/main/resources/messages_de.properties", "login.password=Passwort"},
		{"ts", "src/components/Login.tsx", `<TextField label="Password" type="password" value={password} onChange={onChange} />`},
		{"py", "app/forms.py", `password = forms.CharField(label="Password", widget=forms.PasswordInput)`},
	}
	for i := 0; i < b.n(100); i++ {
		l := labels[i%len(labels)]
		lines := []string{l.line}
		switch l.format {
		case "yaml":
			lines = []string{"fr:", "  login:", "    username: \"Nom d'utilisateur\"", l.line}
		case "json":
			lines = []string{"{", `  "username": "Usuario",`, l.line, `  "submit": "OK"`, "}"}
		case "html":
			lines = []string{"<form method=\"post\" action=\"/login\">", "  " + l.line, "  <button type=\"submit\">Sign in</button>", "</form>"}
		}
		b.plantRaw(l.format, l.name, lines, decoyMark(strings.TrimSpace(l.line), DecoyUILabel, l.format, FamilyPassword))
	}
}

// i18nMember is a JSON translation entry. It is built here rather than
// written out so this source is not itself a scanner's false positive.
func i18nMember(key, text string) string {
	return "  " + jsonString(key) + ": " + jsonString(text) + ","
}

// fileDecoys: whole files full of hashes and random-looking strings.
func (b *builder) fileDecoys() {
	g := b.g
	for i := 0; i < b.n(60); i++ {
		b.lockFile(i)
	}
	for i := 0; i < b.n(40); i++ {
		b.minified()
	}
	for i := 0; i < b.n(60); i++ {
		img := "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA" + base64.StdEncoding.EncodeToString(g.bytes(120+g.IntN(400)))
		m := decoyMark(img, DecoyBase64Image, "", "base64")
		switch i % 3 {
		case 0:
			b.plantRaw("css", "public/css/app.css", []string{".logo {", "  width: 32px;", "  background-image: url(" + img + ");", "}"}, m)
		case 1:
			b.plantRaw("html", "public/index.html", []string{"<header>", `  <img alt="logo" src="` + img + `">`, "</header>"}, m)
		default:
			b.plantRaw("json", "manifest.json", []string{"{", `  "name": "Acme",`, `  "icon": "` + img + `"`, "}"}, m)
		}
	}
	for i := 0; i < b.n(40); i++ {
		var lines []string
		var marks []mark
		for j := 0; j < 5; j++ {
			mod := fmt.Sprintf("github.com/%s/%s v1.%d.%d", g.pick(nouns...), g.pick(nouns...), g.IntN(20), g.IntN(10))
			h := "h1:" + base64.StdEncoding.EncodeToString(g.bytes(32))
			lines = append(lines, mod+" "+h, mod+"/go.mod h1:"+base64.StdEncoding.EncodeToString(g.bytes(32)))
			marks = append(marks, decoyMark(h, DecoyGoSum, "", "base64"))
		}
		b.plantRaw("go-sum", "go.sum", lines, marks...)
	}
	for i := 0; i < b.n(120); i++ {
		sha := g.hex(40)
		m := decoyMark(sha, DecoyGitSHA, "", "hex")
		switch i % 5 {
		case 0:
			b.plantRaw("md", "CHANGELOG.md", []string{"## 2.4.0", "", "* " + sha[:7] + " fix retry of failed deliveries", "* " + sha + " bump dependencies"}, m)
		case 1:
			b.plantRaw("json", "package.json", []string{"{", `  "name": "@acme/ui",`, `  "version": "4.2.1",`, `  "gitHead": "` + sha + `"`, "}"}, m)
		case 2:
			b.plantRaw("ci", ".github/workflows/release.yml", []string{"jobs:", "  release:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@" + sha + " # v4.1.1"}, m)
		case 3:
			d := "sha256:" + g.hex(64)
			m = decoyMark(d, DecoyGitSHA, "image-digest", "hex")
			b.plantRaw("k8s", "k8s/deployment.yaml", []string{"spec:", "  template:", "    spec:", "      containers:", "        - name: api", "          image: registry.acme-corp.net/api@" + d}, m)
		default:
			b.plantRaw("yaml", "argocd/app.yaml", []string{"spec:", "  source:", "    repoURL: https://git.acme-corp.net/platform/deploy.git", "    targetRevision: " + sha}, m)
		}
	}
	for i := 0; i < b.n(120); i++ {
		sum := g.hex(64)
		m := decoyMark(sum, DecoyChecksum, "", "hex")
		switch i % 4 {
		case 0:
			b.plantRaw("txt", "dist/SHA256SUMS", []string{sum + "  app-linux-amd64.tar.gz", g.hex(64) + "  app-darwin-arm64.tar.gz"}, m)
		case 1:
			sri := "sha384-" + base64.StdEncoding.EncodeToString(g.bytes(48))
			m = decoyMark(sri, DecoyChecksum, "sri", "base64")
			b.plantRaw("html", "public/index.html", []string{`<script src="https://cdn.jsdelivr.net/npm/htmx.org@1.9.10" integrity="` + sri + `" crossorigin="anonymous"></script>`}, m)
		case 2:
			b.plantRaw("rb", "Formula/acme-cli.rb", []string{"class AcmeCli < Formula", `  url "https://downloads.acme-corp.net/cli-2.4.0.tar.gz"`, `  sha256 "` + sum + `"`, "end"}, m)
		default:
			b.plantRaw("dockerfile", "Dockerfile", []string{"FROM debian:bookworm-slim", "ARG HELM_SHA256=" + sum, "RUN curl -fsSLo helm.tgz https://get.helm.sh/helm-v3.14.0-linux-amd64.tar.gz && echo \"${HELM_SHA256}  helm.tgz\" | sha256sum -c -"}, m)
		}
	}
	for i := 0; i < b.n(100); i++ {
		switch i % 3 {
		case 0:
			id := g.uuid()
			b.plantText("log", []string{"INFO  [ci] Build ID: " + id + " finished in 312s"}, decoyMark(id, DecoyBuildID, "build-id", "uuid"))
		case 1:
			t, s := g.hex(32), g.hex(16)
			b.plantText("log", []string{fmt.Sprintf("INFO  [http] trace_id=%s span_id=%s GET /v1/orders 200", t, s)}, decoyMark(t, DecoyBuildID, "trace-id", "hex"), decoyMark(s, DecoyBuildID, "span-id", "hex"))
		default:
			id := g.urlsafe(21)
			b.plantRaw("json", ".next/BUILD_MANIFEST.json", []string{"{", `  "buildId": "` + id + `",`, `  "pages": {}`, "}"}, decoyMark(id, DecoyBuildID, "next-build-id", "base64"))
		}
	}
	for i := 0; i < b.n(100); i++ {
		switch i % 3 {
		case 0:
			k := g.sshPublicKey()
			b.plantRaw("txt", ".ssh/authorized_keys", []string{k}, decoyMark(k, DecoyPublicKey, "ssh", FamilyPrivateKey))
		case 1:
			k := strings.TrimRight(g.publicKeyPEM(), "\n")
			b.plantRaw("key", "keys/jwt-public.pem", strings.Split(k, "\n"), decoyMark(k, DecoyPublicKey, "pem-public-key", FamilyPrivateKey))
		default:
			c := strings.TrimRight(g.certificatePEM(), "\n")
			b.plantRaw("key", "tls/server.crt", strings.Split(c, "\n"), decoyMark(c, DecoyPublicKey, "certificate", FamilyPrivateKey))
		}
	}
	for i := 0; i < b.n(80); i++ {
		switch i % 3 {
		case 0:
			v := fmt.Sprintf("ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]", base64.StdEncoding.EncodeToString(g.bytes(18)), base64.StdEncoding.EncodeToString(g.bytes(32)), base64.StdEncoding.EncodeToString(g.bytes(16)))
			b.plantRaw("yaml", "secrets/"+g.pick(envs...)+".enc.yaml", []string{"db_password: " + v, "sops:", "    version: 3.8.1"}, decoyMark(v, DecoyEncrypted, "sops", FamilyPassword))
		case 1:
			lines := []string{"db_password: !vault |", "  $ANSIBLE_VAULT;1.1;AES256"}
			first := g.hex(80)
			lines = append(lines, "  "+first)
			for j := 0; j < 4; j++ {
				lines = append(lines, "  "+g.hex(80))
			}
			b.plantRaw("ansible", "ansible/group_vars/all/vault.yml", lines, decoyMark(first, DecoyEncrypted, "ansible-vault", FamilyPassword))
		default:
			v := "AgB" + base64.StdEncoding.EncodeToString(g.bytes(300))
			b.plantRaw("k8s", "k8s/sealed-secret.yaml", []string{"apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:", "  name: db", "spec:", "  encryptedData:", "    password: " + v}, decoyMark(v, DecoyEncrypted, "sealed-secret", FamilyPassword))
		}
	}
	for i := 0; i < b.n(40); i++ {
		var lines []string
		var marks []mark
		lines = append(lines, "[")
		for j := 0; j < 5; j++ {
			id := g.uuid()
			sep := ","
			if j == 4 {
				sep = ""
			}
			lines = append(lines, fmt.Sprintf(`  {"id": %q, "name": %q, "active": true}%s`, id, g.pick(nouns...), sep))
			marks = append(marks, decoyMark(id, DecoyDataIDs, "json-records", "uuid"))
		}
		b.plantRaw("json", g.pick("data/customers.json", "seed/accounts.json"), append(lines, "]"), marks...)
	}
}

func (b *builder) lockFile(i int) {
	g := b.g
	var lines []string
	var marks []mark
	add := func(v, variant string) { marks = append(marks, decoyMark(v, DecoyLockFile, variant, "hash")) }
	switch i % 4 {
	case 0:
		lines = []string{"{", `  "name": "web",`, `  "lockfileVersion": 3,`, `  "packages": {`}
		for j := 0; j < 4; j++ {
			in := "sha512-" + base64.StdEncoding.EncodeToString(g.bytes(64))
			add(in, "package-lock")
			sep := ","
			if j == 3 {
				sep = ""
			}
			name := g.pick(nouns...) + fmt.Sprint(j)
			lines = append(lines, fmt.Sprintf(`    "node_modules/%s": {`, name), `      "version": "1.2.3",`, fmt.Sprintf(`      "resolved": "https://registry.npmjs.org/%s/-/%s-1.2.3.tgz",`, name, name), fmt.Sprintf(`      "integrity": %q`, in), "    }"+sep)
		}
		lines = append(lines, "  }", "}")
		b.plantRaw("json", "package-lock.json", lines, marks...)
	case 1:
		for j := 0; j < 4; j++ {
			name := g.pick(nouns...) + fmt.Sprint(j)
			sha := g.hex(40)
			add(sha, "yarn-lock")
			lines = append(lines, name+"@^2.0.0:", `  version "2.0.4"`, fmt.Sprintf(`  resolved "https://registry.yarnpkg.com/%s/-/%s-2.0.4.tgz#%s"`, name, name, sha), "", "")
		}
		b.plantRaw("lock", "yarn.lock", lines, marks...)
	case 2:
		lines = []string{"# This file is automatically @generated by Cargo.", "version = 3", ""}
		for j := 0; j < 4; j++ {
			sum := g.hex(64)
			add(sum, "cargo-lock")
			lines = append(lines, "[[package]]", fmt.Sprintf(`name = "%s%d"`, g.pick(nouns...), j), `version = "0.4.1"`, `source = "registry+https://github.com/rust-lang/crates.io-index"`, fmt.Sprintf(`checksum = "%s"`, sum), "")
		}
		b.plantRaw("toml", "Cargo.lock", lines, marks...)
	default:
		lines = []string{"[[package]]", `name = "requests"`, `version = "2.31.0"`, "files = ["}
		for j := 0; j < 3; j++ {
			h := "sha256:" + g.hex(64)
			add(h, "poetry-lock")
			lines = append(lines, fmt.Sprintf(`    {file = "requests-2.31.0-%d.whl", hash = %q},`, j, h))
		}
		b.plantRaw("toml", "poetry.lock", append(lines, "]"), marks...)
	}
}

func (b *builder) minified() {
	g := b.g
	var parts, ids []string
	for j := 0; j < 3; j++ {
		id := g.base62(32 + g.IntN(12))
		ids = append(ids, id)
		parts = append(parts, fmt.Sprintf(`%s:function(e,t,n){"use strict";var r=n(%d),o="%s";t.a=function(){return r.%s(o)}}`, g.String(lower, 2), g.IntN(900), id, g.String(lower+upper, 1)))
	}
	line := "(self.webpackChunkapp=self.webpackChunkapp||[]).push([[" + fmt.Sprint(g.IntN(900)) + "],{" + strings.Join(parts, ",") + "}]);"
	var marks []mark
	for _, id := range ids {
		marks = append(marks, decoyMark(id, DecoyMinified, "webpack-chunk", "base62"))
	}
	b.plantRaw("js", "public/static/js/"+fmt.Sprint(g.IntN(900))+"."+g.hex(8)+".chunk.js", []string{line, "//# sourceMappingURL=main.chunk.js.map"}, marks...)
}

// fixtures plants obvious fake credentials in test files; a scanner may
// report them at low confidence, so they are scored apart.
func (b *builder) fixtures() {
	fakes := []string{"test-password", "fake-api-key-123", "dummy-token-for-tests", "not-a-real-secret", "example-password", "s3cr3t-for-unit-tests", "testtest", "password123-test"}
	awsExample := "AKIAIOSFODNN7" + "EXAMPLE" // the AWS documentation's example key id
	for i := 0; i < b.n(200); i++ {
		g := b.g
		v := fakes[i%len(fakes)]
		if i%9 == 8 {
			v = awsExample
		}
		key := one(g, passwordKeys)
		if g.chance(40) {
			key = b.pname(one(g, unprefixedKinds))
		}
		m := mark{value: v, expect: FamilyPassword, class: ClassFixture, shape: "obvious-fake", variant: v}
		dir, svc := b.svc()
		var path, format string
		var lines []string
		switch i % 5 {
		case 0:
			format, path = "yaml", dir+"/tests/fixtures/config.yaml"
			e := leaf(key, v)
			lines, m.line, m.key = b.dataFileAt("yaml", svc, snake, []*entry{e}, e)
			m.alt = escapedForm("yaml", v)
		case 1:
			format, path = "go", dir+"/internal/"+strings.ReplaceAll(svc, "-", "")+"/client_test.go"
			stmt := camel.join(key) + " := " + fmt.Sprintf("%q", v)
			lines = []string{"package " + strings.ReplaceAll(svc, "-", ""), "", "import \"testing\"", "", "func TestClientAuth(t *testing.T) {", "\t" + stmt, "\tif err := newClient(" + camel.join(key) + ").Ping(); err != nil {", "\t\tt.Fatal(err)", "\t}", "}"}
			m.find = stmt
		case 2:
			format, path = "ts", dir+"/src/__tests__/client.test.ts"
			stmt := "const " + camel.join(key) + " = \"" + v + "\";"
			lines = []string{`import { createClient } from "../client";`, "", `describe("client", () => {`, "  " + stmt, `  it("authenticates", async () => {`, "    expect(await createClient(" + camel.join(key) + ").ping()).toBe(true);", "  });", "});"}
			m.find = stmt
		case 3:
			format, path = "env", dir+"/testdata/test.env"
			e := leaf(key, v)
			lines, m.line, m.key = b.dataFileAt("env", svc, upperSnake, []*entry{e}, e)
		default:
			format, path = "properties", dir+"/src/test/resources/application-test.properties"
			e := leaf(key, v)
			lines, m.line, m.key = b.dataFileAt("properties", svc, dotted, []*entry{e}, e)
		}
		b.add(path, format, lines, []mark{m}, false)
	}
}

// escapedForm is v as format writes it, when that differs.
func escapedForm(format, v string) []string {
	if r := renderScalar(format, v); r != v && strings.Trim(r, `"'`) != v {
		return []string{r}
	}
	return nil
}
