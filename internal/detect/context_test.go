package detect_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
)

const postmarkToken = "8b79affd-1c2d-4e5f-9a0b-1c2d3e4f5a6b"

type contextCase struct {
	name, file, text string
	rule             string // "" when nothing may be found
	confidence       string
	key              string
}

func runContextCases(t *testing.T, cases []contextCase) {
	t.Helper()
	s := catalogueEngine(t).NewScanner()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := s.ScanFile(c.file, []byte(c.text))
			if c.rule == "" {
				for _, m := range ms {
					t.Errorf("found %s %q (confidence %s, key %s), want nothing", m.Rule.ID, m.Secret, m.Confidence, m.KeyPath)
				}
				return
			}
			if len(ms) != 1 {
				t.Fatalf("got %d matches, want 1 %s: %+v", len(ms), c.rule, ms)
			}
			m := ms[0]
			if m.Rule.ID != c.rule || m.Confidence.String() != c.confidence || c.key != "" && m.KeyPath != c.key {
				t.Errorf("got %s (confidence %s, key %q), want %s (confidence %s, key %q)", m.Rule.ID, m.Confidence, m.KeyPath, c.rule, c.confidence, c.key)
			}
		})
	}
}

// TestProviderContextShapes: a token without a prefix is found wherever its
// provider is named near it, with a confidence that falls with distance,
// and bare values with no provider near, or under non-secret names, are not.
func TestProviderContextShapes(t *testing.T) {
	tok := postmarkToken
	runContextCases(t, []contextCase{
		{"same line before", "app.env", "POSTMARK_SERVER_TOKEN=" + tok + "\n", "postmark-server-token", "high", ""},
		{"name holds provider", "app.env", "POSTMARK_SECRET=" + tok + "\n", "postmark-server-token", "high", "POSTMARK_SECRET"},
		{"yaml parent", "config.yaml", "postmark:\n  from: a@example.com\n  api_token: " + tok + "\n", "postmark-server-token", "medium", "postmark.api_token"},
		{"yaml grandparent", "config.yml", "mail:\n  postmark:\n    settings:\n      token: \"" + tok + "\"\n", "postmark-server-token", "medium", "mail.postmark.settings.token"},
		{"toml section", "app.toml", "[postmark]\ntoken = \"" + tok + "\"\n", "postmark-server-token", "medium", "postmark.token"},
		{"ini section", "app.ini", "[postmark]\nkey = " + tok + "\n", "postmark-server-token", "medium", "postmark.key"},
		{"json parent", "app.json", "{\"postmark\": {\"serverToken\": \"" + tok + "\"}}\n", "postmark-server-token", "high", "postmark.serverToken"},
		{"json parent above", "app.json", "{\n  \"postmark\": {\n    \"from\": \"a@example.com\",\n    \"x\": 1,\n    \"y\": 2,\n    \"z\": 3,\n    \"serverToken\": \"" + tok + "\"\n  }\n}\n", "postmark-server-token", "medium", "postmark.serverToken"},
		{"xml parent", "app.xml", "<postmark>\n  <token>" + tok + "</token>\n</postmark>\n", "postmark-server-token", "medium", "postmark.token"},
		{"name after value", "send.py", "headers = {\"X-Server-Token\": \"" + tok + "\"}  # postmark\n", "postmark-server-token", "medium", ""},
		{"comment above", "send.go", "// Sending request to the Postmark API\nkey := \"" + tok + "\"\n", "postmark-server-token", "medium", ""},
		{"log five lines above", "send.go", "// Postmark\n\n\n\n\napiKey := \"" + tok + "\"\n", "postmark-server-token", "medium", ""},
		{"account kind by name", "config.yaml", "postmark:\n  account_token: " + tok + "\n", "postmark-account-token", "medium", "postmark.account_token"},
		{"test file is lower", "internal/mail/send_test.go", "// Postmark\napiKey := \"" + tok + "\"\n", "postmark-server-token", "low", ""},
		// Decoys.
		{"bare uuid", "a.go", "key := \"" + tok + "\"\n", "", "", ""},
		{"uuid no name", "a.txt", "postmark\n" + tok + "\n", "", "", ""},
		{"message id under provider", "a.yaml", "postmark:\n  message_id: " + tok + "\n", "", "", ""},
		{"request id near provider", "a.py", "# postmark response\nrequest_id = \"" + tok + "\"\n", "", "", ""},
		// A UUID under a key name with no provider near: only the generic
		// rule, with low confidence (hidden by default).
		{"too far", "a.go", "// Postmark\n" + repeatLines(30) + "apiKey := \"" + tok + "\"\n", "generic-api-key", "low", ""},
		{"reference", "a.yaml", "postmark:\n  token: ${POSTMARK_TOKEN}\n", "", "", ""},
	})
}

func repeatLines(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s += "x := 1\n"
	}
	return s
}

// TestGenericPasswordSyntaxes: a literal password assigned in any syntax
// the engine reads is found; references, templates, calls, masks, type
// names and prose are not.
func TestGenericPasswordSyntaxes(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"env", ".env", "DB_PASSWORD=" + pw + "\n", g, "high", "DB_PASSWORD"},
		{"makefile ?=", "Makefile", "DB_PASSWORD ?= " + pw + "\n", g, "high", ""},
		{"makefile ::=", "Makefile", "DB_PASSWORD ::= " + pw + "\n", g, "high", ""},
		{"makefile :::=", "Makefile", "DB_PASSWORD :::= " + pw + "\n", g, "high", ""},
		{"php .=", "db.php", "$cfg['password'] .= '" + pw + "';\n", g, "medium", ""},
		{"go var", "db.go", "var password string = \"" + pw + "\"\n", g, "medium", ""},
		{"go :=", "db.go", "dbPassword := \"" + pw + "\"\n", g, "medium", ""},
		{"ts typed", "db.ts", "const password: string = '" + pw + "';\n", g, "medium", ""},
		{"python typed", "db.py", "password: str = \"" + pw + "\"\n", g, "medium", ""},
		{"r arrow", "db.R", "password <- \"" + pw + "\"\n", g, "medium", ""},
		{"ruby hash", "db.rb", "{ :password => '" + pw + "' }\n", g, "medium", ""},
		{"set call", "Db.java", "ds.set(\"password\", \"" + pw + "\");\n", g, "medium", ""},
		{"setter", "Db.java", "ds.setPassword(\"" + pw + "\");\n", g, "medium", ""},
		{"constructor", "Db.java", "new PasswordAuthentication(\"bob\", \"" + pw + "\".toCharArray());\n", g, "medium", ""},
		{"auth tuple", "db.py", "requests.get(u, auth=(\"bob\", \"" + pw + "\"))\n", g, "medium", ""},
		{"php define", "wp-config.php", "define('DB_PASSWORD', '" + pw + "');\n", g, "medium", ""},
		{"xml element", "settings.xml", "<server>\n  <password>" + pw + "</password>\n</server>\n", g, "high", "server.password"},
		{"xml own line", "settings.xml", "<server>\n  <password>\n    " + pw + "\n  </password>\n</server>\n", g, "high", ""},
		{"xml attribute", "app.config", "<add key=\"DbPassword\" value=\"" + pw + "\"/>\n", g, "high", ""},
		{"json escaped", "a.json", "{\"password\": \"Tr0u\\\"b4dor3x\"}\n", g, "high", ""},
		{"yaml", "a.yaml", "db:\n  password: " + pw + "\n", g, "high", "db.password"},
		{"properties", "application.properties", "spring.datasource.password=" + pw + "\n", g, "high", ""},
		{"k8s env", "deploy.yaml", "env:\n  - name: DB_PASSWORD\n    value: " + pw + "\n", g, "high", ""},
		{"dockerfile env", "Dockerfile", "ENV DB_PASSWORD=" + pw + "\n", g, "high", ""},
		{"shell export", "run.sh", "export PGPASSWORD=" + pw + "\n", g, "high", ""},
		{"cli flag", "run.sh", "mysqldump --password=" + pw + " shop\n", g, "high", ""},
		{"cli flag space", "run.sh", "tool --password " + pw + " --verbose\n", g, "high", ""},
		{"tfvars", "prod.tfvars", "db_password = \"" + pw + "\"\n", g, "high", ""},
		{"weak in config", "docker-compose.yml", "environment:\n  POSTGRES_PASSWORD: changeme\n", g, "high", ""},
		{"weak in code", "db.py", "password = \"admin123\"\n", g, "medium", ""},
		{"weak in a test", "tests/test_db.py", "password = \"admin123\"\n", g, "low", ""},
		{"strong in a test", "tests/test_db.py", "password = \"" + pw + "\"\n", g, "low", ""},
		{"strong config in a test", "tests/fixtures/app.env", "DB_PASSWORD=" + pw + "\n", g, "medium", ""},
		{"comparison", "auth.py", "if password == \"" + pw + "\":\n", g, "medium", ""},
		{"not equal", "auth.go", "if password != \"" + pw + "\" {\n", g, "medium", ""},
		{"strict not equal", "auth.js", "if (req.body.password !== '" + pw + "') {\n", g, "medium", ""},
		{"equals", "Login.java", "if (password.equals(\"" + pw + "\")) {\n", g, "medium", ""},
		{"Equals", "Login.cs", "if (!user.Password.Equals(\"" + pw + "\")) return Unauthorized();\n", g, "medium", ""},
		{"equals literal first", "Login.java", "if (\"" + pw + "\".equals(password)) {\n", g, "medium", ""},
		{"secret compared", "auth.go", "if creds.Secret != \"" + pw + "\" {\n", "generic-secret", "medium", ""},
		{"gradle buildConfigField", "app/build.gradle", "        buildConfigField 'String', 'DB_PASSWORD', '\"" + pw + "\"'\n", g, "medium", ""},
		{"gradle kts buildConfigField", "app/build.gradle.kts", "    buildConfigField(\"String\", \"DB_PASSWORD\", \"\\\"" + pw + "\\\"\")\n", g, "medium", ""},
		{"gradle resValue", "app/build.gradle", "    resValue \"string\", \"smtp_password\", \"" + pw + "\"\n", g, "medium", ""},
		// Not passwords.
		{"env reference", ".env", "DB_PASSWORD=${SECRET}\n", "", "", ""},
		{"template", "a.yaml", "password: \"{{ .Values.password }}\"\n", "", "", ""},
		{"call", "db.py", "password = get_password(user)\n", "", "", ""},
		{"variable", "db.py", "password = config_password\n", "", "", ""},
		{"masked", "a.yaml", "password: \"********\"\n", "", "", ""},
		{"type name", "a.ts", "password: string;\n", "", "", ""},
		{"prose", "a.yaml", "hint: \"the password must be at least 8 characters\"\n", "", "", ""},
		{"policy", "a.yaml", "password_policy: strict-and-long\n", "", "", ""},
		{"path", "a.yaml", "password_file: /run/secrets/db\n", "", "", ""},
		{"placeholder", ".env", "DB_PASSWORD=<your password>\n", "", "", ""},
		{"env var name", "a.py", "PASSWORD_ENV = \"DB_PASSWORD\"\n", "", "", ""},
		{"test output", "out.txt", "--- PASS: TestLogin (0.00s)\n", "", "", ""},
		{"plist key", "Info.plist", "<key>CFBundleKey</key>\n", "", "", ""},
		{"js fetch mode", "a.js", "opt.Set(\"credentials\", \"same-origin\")\n", "", "", ""},
		{"compared with empty", "auth.go", "if password != \"\" {\n", "", "", ""},
		{"compared with variable", "Login.java", "if (password.equals(confirmPassword)) {\n", "", "", ""},
		{"empty literal first", "Login.java", "if (!\"\".equals(password)) {\n", "", "", ""},
		{"compared with constant", "auth.go", "if password != DefaultPassword {\n", "", "", ""},
		{"token kind", "lex.go", "if tok.Token != \"IDENT123\" {\n", "", "", ""},
		{"other method", "Login.java", "if (\"Tr0ub4dor-3x\".startsWith(password)) {\n", "", "", ""},
		{"gradle field from a property", "app/build.gradle", "    buildConfigField 'String', 'DB_PASSWORD', \"\\\"${dbPassword}\\\"\"\n", "", "", ""},
		{"other call without parentheses", "app/build.gradle", "    println 'String', 'DB_PASSWORD', '" + pw + "'\n", "", "", ""},
	})
}

// TestConfidenceNames keeps the report's vocabulary fixed.
func TestConfidenceNames(t *testing.T) {
	for _, s := range []string{"high", "medium", "low"} {
		c, ok := detect.ParseConfidence(s)
		if !ok || c.String() != s {
			t.Errorf("%s: got %v %v", s, c, ok)
		}
	}
}

// TestProviderNamedAsAWord: a provider's name counts where it starts a
// word, a camelCase hump included, and not inside another word.
func TestProviderNamedAsAWord(t *testing.T) {
	tok := postmarkToken
	runContextCases(t, []contextCase{
		{"camel hump", "a.go", "dbPostmarkSecret := \"" + tok + "\"\n", "postmark-server-token", "high", ""},
		{"inside a word", "a.go", "// xpostmarkx\napiKey := \"" + tok + "\"\n", "generic-api-key", "low", ""},
	})
}

// TestProviderClientCalls: a provider's client constructor names the
// provider, so its token argument needs nothing more; the kind named in
// the constructor decides between a provider's rules.
func TestProviderClientCalls(t *testing.T) {
	tok := postmarkToken
	runContextCases(t, []contextCase{
		{"php namespace", "a.php", "$c = new Postmark\\PostmarkClient('" + tok + "');\n", "postmark-server-token", "high", ""},
		{"second argument", "a.go", "c := postmark.NewClient(\"https://api.example.com\", \"" + tok + "\")\n", "postmark-server-token", "high", ""},
		{"kind by constructor", "a.js", "const c = new postmark.AccountClient(\"" + tok + "\");\n", "postmark-account-token", "high", ""},
		{"header in a string", "a.sh", "curl https://api.postmarkapp.com -H \"X-Server-Token: " + tok + "\"\n", "postmark-server-token", "high", ""},
		{"not a token", "a.go", "postmark.Send(\"hello\")\n", "", "", ""},
	})
}

// TestValuesInsideStrings: a NAME=value inside a string literal is a
// literal; a value read up to a quote that closes another string is not.
func TestValuesInsideStrings(t *testing.T) {
	runContextCases(t, []contextCase{
		{"dsn fragment", "db.php", "$dsn .= \";password=Tr0ub4dor-3x\";\n", "generic-password", "medium", ""},
		{"putenv", "db.php", "putenv(\"DB_PASSWORD=Tr0ub4dor-3x\");\n", "generic-password", "medium", ""},
		{"indexed value", "app.py", "settings[\"redis_password\"] = request.form[\"password\"]\n", "", "", ""},
		{"typed union", "a.ts", "let pass: string | undefined = 'Pepper=kettle278';\n", "generic-password", "medium", ""},
		{"object field pass", "a.ts", "const smtp = { host: \"h\", auth: { user: \"u\", pass: \"bl-PGz,8C]CeF\" } };\n", "generic-password", "medium", ""},
		{"test output", "check.log", "PASS: gdb.ada/arr_arr.exp: print a2\n", "", "", ""},
	})
}

// TestProviderCallSkipsOtherArguments: the token may follow arguments that
// are not strings.
func TestProviderCallSkipsOtherArguments(t *testing.T) {
	runContextCases(t, []contextCase{
		{"after an identifier", "a.go", "c := postmark.NewClient(cfg, \"" + postmarkToken + "\")\n", "postmark-server-token", "high", ""},
	})
}

// TestScriptValuesThatAreNotLiterals: interpolation, command output,
// aliases, calls and Perl variables, seen in git/git's history.
func TestScriptValuesThatAreNotLiterals(t *testing.T) {
	runContextCases(t, []contextCase{
		{"interpolated", "subtree.sh", "pass=\"$pass\\n$dir\\n\"\n", "", "", ""},
		{"command output", "setup.sh", "PASSWORD=`cat $HOME/.secret`\n", "", "", ""},
		{"alias", "setup.sh", "alias pwd='pwd -W'\n", "", "", ""},
		{"perl call", "daemon", "#!/usr/bin/perl\nmy $pass = encode_base64 shift, '';\n", "", "", ""},
		{"perl hash", "remote.perl", "lgpassword => $credential{password},\n", "", "", ""},
		{"call", "cvsserver.perl", "my $descrambled_password = descramble($password);\n", "", "", ""},
		{"a $ inside a password", ".env", "DB_PASSWORD=Tr0$ub4dor-3x\n", "generic-password", "high", ""},
		{"shell script by its #!", "run", "#!/bin/sh\nexport DB_PASSWORD=Tr0ub4dor-3x\n", "generic-password", "high", ""},
	})
}

// A digest of a secret under a name that says so is not the secret (a
// detect-secrets baseline records every secret so); a key to hash with is.
func TestHashedSecretsAreDigests(t *testing.T) {
	digest := "25d55ad283aa400af464c76d713c07ad7c7b2f2b"
	runContextCases(t, []contextCase{
		{"detect-secrets baseline", ".secrets.baseline", "{\"results\": {\"a.py\": [{\"type\": \"Secret Keyword\", \"hashed_secret\": \"" + digest + "\"}]}}\n", "", "", ""},
		{"hashed password column", "seed.yaml", "hashed_password: \"" + digest + "\"\n", "", "", ""},
		{"key to hash with", "app.env", "HASH_SECRET=Qm9vX2t1cE5pZ2h0Lg7\n", "generic-secret", "high", "HASH_SECRET"},
	})
}

// TestProviderNamedInProse: a log message or a note names the value with
// words, not an operator ("token V rejected by Postmark", "> api_key: V"
// in a request log); only a provider rule that knows the value's exact
// shape reads it, with its provider near.
func TestProviderNamedInProse(t *testing.T) {
	tok := postmarkToken
	hex := "502240001e297d9e42d103259393b733"
	runContextCases(t, []contextCase{
		{"provider after", "app.log", "WARN [http] token " + tok + " rejected by Postmark: 401\n", "postmark-server-token", "medium", ""},
		{"provider before", "app.log", "DEBUG [db] using bugsnag api key " + hex + "\n", "bugsnag-api-key", "high", ""},
		{"in parentheses", "app.log", "INFO [mail] Postmark client ready (token " + tok + ")\n", "postmark-server-token", "high", ""},
		{"request log header", "app.log", "DEBUG [http] > POST /email HTTP/1.1\nDEBUG [http] > X-Postmark-Server-Token: " + tok + "\n", "postmark-server-token", "high", ""},
		{"header below the url", "app.log", "DEBUG [http] POST https://api.postmarkapp.com/email\nDEBUG [http] header token: " + tok + "\n", "postmark-server-token", "medium", ""},
		{"linking words", "notes.txt", "- the token for Postmark is " + tok + ", also in the vault\n", "postmark-server-token", "high", ""},
		{"key is", "notes.txt", "- Postmark: the production key is " + tok + " (rotate in June)\n", "postmark-server-token", "high", ""},
		{"at the end of the data", "app.log", "WARN [http] Postmark token " + tok, "postmark-server-token", "high", ""},
		{"a dash in a list", "notes.md", "- Postmark server token - " + tok + "\n", "postmark-server-token", "high", ""},
		{"an en dash, quoted", "notes.md", "- Pepipost API key \u2013 `" + hex + "`\n", "pepipost-api-key", "high", ""},
		{"an em dash", "notes.md", "* postmark token \u2014 '" + tok + "'\n", "postmark-server-token", "high", ""},
		// Not read.
		{"longer than any token", "app.log", "WARN [http] Postmark token " + tok + strings.Repeat("a1", 200) + "\n", "", "", ""},
		{"no provider near", "app.log", "WARN [http] token " + tok + " rejected: 401\n", "", "", ""},
		{"message id", "app.log", "INFO [mail] postmark accepted message MessageID=" + tok + " ErrorCode=0\n", "", "", ""},
		{"a word, not a value", "app.log", "INFO [mail] postmark token rotated by the operator yesterday\n", "", "", ""},
		{"a dash to words", "notes.md", "- Postmark token - rotated on 2024-05-14, ticket " + tok + "\n", "", "", ""},
		{"an option, not a dash", "run.sh", "# postmark\nsend --token -" + tok + "\n", "", "", ""},
		{"a dash without a key word", "notes.md", "- Postmark - " + tok + "\n", "", "", ""},
		{"a command's argument", "run.sh", "# postmark\ntool key store " + tok + "\n", "", "", ""},
		{"a call", "a.py", "# postmark\ntoken = fetch_token_for(" + tok[:8] + "x)\n", "", "", ""},
		{"generic rules do not read prose", "app.log", "INFO [main] secret key Zq8vR2mN7pL4xW9kT3yB\n", "", "", ""},
	})
}

// TestValuePassedToProviderClient: a value bound to a name that the
// provider's client or SDK takes further down (or up) the file is the
// provider's, however many lines apart; the name must be the one passed.
func TestValuePassedToProviderClient(t *testing.T) {
	tok := postmarkToken
	pad := repeatLines(12)
	runContextCases(t, []contextCase{
		{"client below", "mail.py", "SERVER_TOKEN = \"" + tok + "\"\n" + pad + "client = PostmarkClient(server_token=SERVER_TOKEN)\n", "postmark-server-token", "medium", ""},
		{"sdk name below", "mail.ts", "import { ServerClient } from \"postmark\";\nconst apiToken: string = \"" + tok + "\";\n" + pad + "const client = new ServerClient(apiToken);\n", "postmark-server-token", "medium", ""},
		{"sdk name near", "mail.js", "const apiToken = \"" + tok + "\";\nconst client = new ServerClient(apiToken);\n", "postmark-server-token", "medium", ""},
		{"header set below", "mail.go", "token := \"" + tok + "\"\n" + pad + "req.Header.Set(\"X-Postmark-Server-Token\", token)\n", "postmark-server-token", "medium", ""},
		{"client above", "mail.go", "client := postmark.NewClient(serverToken, \"\")\n" + pad + "const serverToken = \"" + tok + "\"\n", "postmark-server-token", "medium", ""},
		{"kind by sdk name", "admin.js", "const adminToken = \"" + tok + "\";\n" + pad + "const admin = new AccountClient(adminToken);\n", "postmark-account-token", "medium", ""},
		{"in a test", "tests/mail_test.py", "SERVER_TOKEN = \"" + tok + "\"\n" + pad + "client = PostmarkClient(server_token=SERVER_TOKEN)\n", "postmark-server-token", "low", ""},
		// Not linked.
		{"another name passed", "mail.py", "REQUEST_TOKEN = \"" + tok + "\"\n" + pad + "client = PostmarkClient(server_token=SERVER_TOKEN)\n", "generic-api-key", "low", ""},
		{"name inside a longer one", "mail.py", "TOKEN = \"" + tok + "\"\n" + pad + "client = PostmarkClient(server_token=SERVER_TOKEN)\n", "", "", ""},
		{"a query parameter of the same name", "mail.py", "api_key = \"" + tok + "\"\n" + pad + "URL = \"https://api.postmarkapp.com/email?api_key=x\"\n", "generic-api-key", "low", ""},
		{"a named argument of the same name", "mail.py", "server_token = \"" + tok + "\"\n" + pad + "client = PostmarkClient(server_token=os.environ[\"T\"])\n", "generic-api-key", "low", ""},
		{"a field of the same name", "mail.py", "token = \"" + tok + "\"\n" + pad + "client = PostmarkClient(cfg.token)\n", "", "", ""},
		{"not the sdk's name", "mail.js", "const apiToken = \"" + tok + "\";\n" + pad + "const client = new MyServerClient(apiToken);\n", "generic-api-key", "low", ""},
	})
}

// TestProviderCallArgumentsWithBrackets: a call's token may follow an
// argument with brackets and strings of its own (ENV['DD_API_KEY']).
func TestProviderCallArgumentsWithBrackets(t *testing.T) {
	app := "3c9e1f7a5b2d4e8f60a1c3e5b7d9f2a4c6e8b0d1"
	runContextCases(t, []contextCase{
		{"env lookup first", "dog.rb", "dog = Dogapi::Client.new(ENV['DD_API_KEY'], '" + app + "')\n", "datadog-app-key", "high", ""},
		{"nested call first", "mail.go", "c := postmark.NewClient(cfg.Get(\"url\"), \"" + postmarkToken + "\")\n", "postmark-server-token", "high", ""},
	})
}

// TestProviderNamedByFileName: the file's own name, and the folder it sits
// in, are the outermost key of its values (config/postmark.yml,
// pepipost.env, integrations/postmark/settings.py); a folder further up,
// or the provider inside another word of the name, is not.
func TestProviderNamedByFileName(t *testing.T) {
	tok := postmarkToken
	runContextCases(t, []contextCase{
		{"yaml named after provider", "config/postmark.yml", "from: noreply@example.com\napi_token: " + tok + "\n", "postmark-server-token", "medium", ""},
		{"env named after provider", "deploy/postmark.env", "SERVER_TOKEN=" + tok + "\n", "postmark-server-token", "medium", ""},
		{"code named after provider", "lib/postmark_client.rb", "TOKEN = '" + tok + "'\n", "postmark-server-token", "medium", ""},
		{"in a test", "spec/postmark_spec.rb", "TOKEN = '" + tok + "'\n", "postmark-server-token", "low", ""},
		{"archive member", "conf.zip!conf/postmark.yml", "api_token: " + tok + "\n", "postmark-server-token", "medium", ""},
		// Not named.
		{"folder named after provider", "postmark/config.yml", "api_token: " + tok + "\n", "postmark-server-token", "medium", ""},
		{"code in a folder named after provider", "integrations/postmark/settings.py", "API_TOKEN = \"" + tok + "\"\n", "postmark-server-token", "medium", ""},
		{"folder further up", "integrations/postmark/mail/settings.py", "API_TOKEN = \"" + tok + "\"\n", "generic-api-key", "low", ""},
		{"archive named after provider", "postmark.zip!settings.yml", "api_token: " + tok + "\n", "generic-api-key", "low", ""},
		{"id in a folder named after provider", "integrations/postmark/settings.py", "MESSAGE_ID = \"" + tok + "\"\n", "", "", ""},
		{"inside another word", "config/nopostmarks.yml", "api_token: " + tok + "\n", "generic-api-key", "low", ""},
		{"not a secret's name", "config/postmark.yml", "message_id: " + tok + "\n", "", "", ""},
	})
}

// TestShortFormatWithRepeats: a short random key (IPinfo's 14 hex) that
// repeats a few characters, as about a third of them do, is found; a value
// repeating a unit is not.
func TestShortFormatWithRepeats(t *testing.T) {
	runContextCases(t, []contextCase{
		{"short key with repeats", ".env", "IPINFO_TOKEN=3ff77bb6fe6885\n", "ipinfo-access-token", "high", ""},
		{"in a log line", "app.log", "INFO [geo] ipinfo client ready (token 3ff77bb6fe6885)\n", "ipinfo-access-token", "high", ""},
		{"a repeated unit", ".env", "IPINFO_TOKEN=ab12ab12ab12ab\n", "", "", ""},
	})
}

// TestProviderAPINamed: a name that is the provider's and "api" and
// nothing else (CLARIFAI_API, postmarkApi, pepipost-api) holds its key
// when the value has the key's exact shape; a longer name (postmark_api_id)
// or the word glued in lower case (postmarkapi) does not.
func TestProviderAPINamed(t *testing.T) {
	tok := postmarkToken
	hex := "502240001e297d9e42d103259393b733"
	runContextCases(t, []contextCase{
		{"upper snake", ".env", "POSTMARK_API=" + tok + "\n", "postmark-server-token", "high", ""},
		{"camel", "app.js", "const postmarkApi = \"" + tok + "\";\n", "postmark-server-token", "high", ""},
		{"kebab", "config.yaml", "pepipost-api: " + hex + "\n", "pepipost-api-key", "high", ""},
		// Not named for the key.
		{"a longer name", ".env", "POSTMARK_API_ID=" + tok + "\n", "", "", ""},
		{"glued in lower case", ".env", "postmarkapi=" + tok + "\n", "", "", ""},
		{"not of the key's shape", ".env", "POSTMARK_API=https://api.postmarkapp.com\n", "", "", ""},
	})
}
