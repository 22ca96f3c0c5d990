package detect_test

import (
	"testing"
)

// secretCase is a contextCase that also says which secret is reported
// ("" for nothing found).
type secretCase struct {
	name, file, text string
	rule, secret     string
	confidence       string
}

func runSecretCases(t *testing.T, cases []secretCase) {
	t.Helper()
	s := catalogueEngine(t).NewScanner()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := s.ScanFile(c.file, []byte(c.text))
			if c.secret == "" {
				for _, m := range ms {
					t.Errorf("found %s %q (confidence %s), want nothing", m.Rule.ID, m.Secret, m.Confidence)
				}
				return
			}
			if len(ms) != 1 {
				t.Fatalf("got %d matches, want 1 %s %q: %+v", len(ms), c.rule, c.secret, ms)
			}
			m := ms[0]
			if m.Rule.ID != c.rule || m.Secret != c.secret || m.Confidence.String() != c.confidence {
				t.Errorf("got %s %q (confidence %s), want %s %q (confidence %s)", m.Rule.ID, m.Secret, m.Confidence, c.rule, c.secret, c.confidence)
			}
		})
	}
}

// TestConfigFormatShapes: passwords in configuration formats, each beside
// the same form holding none.
func TestConfigFormatShapes(t *testing.T) {
	pw := "Vq7-mZ2x-Lp9k"
	g := "generic-password"
	runSecretCases(t, []secretCase{
		// YAML block scalars: the value is on the lines below.
		{"yaml folded block", "app.yml", "database:\n  password: >-\n    " + pw + "\n  pool: 5\n", g, pw, "high"},
		{"yaml literal block", "app.yml", "smtp:\n  password: |\n    " + pw + "\n  port: 587\n", g, pw, "high"},
		{"yaml block in a list item", "app.yml", "users:\n  - name: ops\n    password: |-\n      " + pw + "\n", g, pw, "high"},
		{"yaml block reference", "app.yml", "database:\n  password: >-\n    ${DB_PASSWORD}\n", "", "", ""},
		{"yaml block ends at the next key", "app.yml", "database:\n  password: |\n  pool: 5\n", "", "", ""},
		// Kubernetes Secret data is base64 (VnE3LW1aMngtTHA5aw== is pw).
		{"secret data", "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  DB_PASSWORD: VnE3LW1aMngtTHA5aw==\n", g, pw, "high"},
		{"secret data, kind after (kubectl)", "secret.yaml", "apiVersion: v1\ndata:\n  password: VnE3LW1aMngtTHA5aw==\nkind: Secret\nmetadata:\n  name: db\n", g, pw, "high"},
		{"secret data in JSON", "secret.json", "{\"kind\": \"Secret\", \"data\": {\"password\": \"VnE3LW1aMngtTHA5aw==\"}}\n", g, pw, "high"},
		{"secret data empty", "secret.yaml", "kind: Secret\ndata:\n  DB_PASSWORD: \"\"\n", "", "", ""},
		{"secret data of a reference", "secret.yaml", "kind: Secret\ndata:\n  DB_PASSWORD: JHtEQl9QQVNTV09SRH0=\n", "", "", ""}, // ${DB_PASSWORD}
		{"configmap data is not base64", "cm.yaml", "kind: ConfigMap\ndata:\n  DB_PASSWORD: VnE3LW1aMngtTHA5aw==\n", g, "VnE3LW1aMngtTHA5aw==", "high"},
		{"secret in another document", "all.yaml", "kind: Secret\nmetadata:\n  name: a\n---\nkind: ConfigMap\ndata:\n  DB_PASSWORD: VnE3LW1aMngtTHA5aw==\n", g, "VnE3LW1aMngtTHA5aw==", "high"},
		// Base64 padding is no TypeScript type's "= value".
		{"yaml value ending in =", "app.yaml", "smtp:\n  password: VnE3LW1aMngtTHA5aw==\n", g, "VnE3LW1aMngtTHA5aw==", "high"},
		// Java's .properties: a blank may stand for = (a key, then its value).
		{"properties, blank for =", "app.properties", "db.url jdbc:postgresql://db/app\ndb.password " + pw + "\n", g, pw, "high"},
		{"properties, a sentence after the key", "app.properties", "help.password Enter your password here\n", "", "", ""},
		{"properties, a reference", "app.properties", "db.password ${DB_PASSWORD}\n", "", "", ""},
		{"typescript typed declaration", "db.ts", "const password: string = \"" + pw + "\";\n", g, pw, "medium"},
		// A YAML key named PASS is data; a test runner's PASS: line is not.
		{"PASS key in compose", "docker-compose.yml", "services:\n  ftp:\n    environment:\n      PASS: " + pw + "\n", g, pw, "high"},
		{"PASS line in a log", "build.log", "--- PASS: TestLogin4x (0.01s)\nPASS: " + pw + "\n", "", "", ""},
		// In a file of no known syntax a comma inside the word is the
		// password's; a comma before a blank or the next name= ends it.
		{"ansible inventory", "inventory/production", "[db:vars]\nansible_become_pass=eqk,cp*~kY6+u5\n", g, "eqk,cp*~kY6+u5", "medium"},
		{"mount options", "fstab", "//fs/b /mnt/b cifs username=svc,password=" + pw + ",uid=1000 0 0\n", g, pw, "medium"},
		{"ansible inventory reference", "inventory/production", "[db:vars]\nansible_become_pass=\"{{ vault_become }}\"\n", "", "", ""},
		// A Dockerfile's old ENV form: the value's first word is no type.
		{"dockerfile env, comma", "Dockerfile", "ENV SMTP_PASSWORD wB,~Y7XlBUOlg_o8Gma\n", g, "wB,~Y7XlBUOlg_o8Gma", "high"},
		{"go typed declaration", "db.go", "var adminPassword string = \"" + pw + "\"\n", g, pw, "medium"},
		// A field of a string in code runs to the string's end.
		{"field in a string", "db.php", "$dsn .= \";password=?r_7lxb{,jN5VXP]=S\";\n", g, "?r_7lxb{,jN5VXP]=S", "medium"},
		{"field in a minified object is code", "app.min.js", "this._username=s._username,this._password=null,this._host=\"\",this._port=\"\"\n", "", "", ""},
	})
}

// TestRandomPasswordsAreNotNames: characters a random password may hold
// ("%s", "}}", a dot, a leading * or %) do not make it a reference, a
// format string, a template or a name in code; the forms that are stay so.
func TestRandomPasswordsAreNotNames(t *testing.T) {
	g := "generic-password"
	runSecretCases(t, []secretCase{
		{"dotted random", "app.php", "$db = ['password' => 'cA4XXHP1l.eSQAY'];\n", g, "cA4XXHP1l.eSQAY", "medium"},
		{"dotted random with underscore", "nb.py", "DB_PASSWORD = \"V_Cj.iMiUZeQUofg6s_\"\n", g, "V_Cj.iMiUZeQUofg6s_", "medium"},
		{"dotted code path", "app.py", "password = \"config.dbPassword\"\n", "", "", ""},
		{"dotted settings path", "app.py", "password = \"db_conf.password_value\"\n", "", "", ""},
		{"percent s inside a word", "db.py", "redis_password = \"Quill%saffron27\"\n", g, "Quill%saffron27", "medium"},
		{"format verbs in a mixed password", "app.r", "smtp_password <- \"lBqJI%4v@cW?fn\"\n", g, "lBqJI%4v@cW?fn", "medium"},
		{"format string", "db.py", "password = \"user=%s pass=%s\"\n", "", "", ""},
		{"format alone", "db.py", "password = \"%s\"\n", "", "", ""},
		{"python named format", "db.py", "password = \"%(db_password)s\"\n", "", "", ""},
		{"braces closing in a password", "unattend.xml", "<Password>\n  <Value>yQ}}wjfW!*d1UGTj@]J[so=</Value>\n</Password>\n", "generic-windows-unattend-password", "yQ}}wjfW!*d1UGTj@]J[so=", "high"},
		{"template cut at its blank", "app.ini", "[db]\npassword = x }}\n", "", "", ""},
		{"star in an ini value", ".pypirc", "[nexus]\nusername = ci\npassword = *m.Py2tQN2K7Nx5\n", g, "*m.Py2tQN2K7Nx5", "high"},
		{"yaml alias", "app.yml", "db:\n  password: *default_password\n", "", "", ""},
		{"percent first in SQL", "roles.sql", "ALTER ROLE app WITH LOGIN PASSWORD '%BaT6I0v09Ni~' VALID UNTIL 'infinity';\n", "database-sql-user-password", "%BaT6I0v09Ni~", "high"},
		{"percent-encoded first character in a URL, reported decoded", "app.env", "BROKER=amqp://etl:%40Xk29vLq7Rt@mq01.corp.lan:5672/orders\n", "database-connection-url", "@Xk29vLq7Rt", "high"},
		{"base64 of a sequence", "config.rs", "let cs = \"DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=;\";\n", "", "", ""},
		{"windows variable in a URL", "app.env", "BROKER=amqp://etl:%MQ_PASSWORD%@mq01.corp.lan:5672/orders\n", "", "", ""},
		{"printf in a URL", "db.go", "dsn := fmt.Sprintf(\"amqp://etl:%s@mq01.corp.lan:5672/orders\", pw)\n", "", "", ""},
		// A list of words is no pair; a dictionary's { key, value } is.
		{"a list of names", "names.go", "var names = []string{\"password\", \"passwd\", \"pwd\", \"passphrase\", \"secret\"}\n", "", "", ""},
		{"a list's first two items", "names.cs", "var names = new[] {\"password\", \"passphrase\", \"pin\"};\n", "", "", ""},
		{"a dictionary pair", "creds.cs", "var d = new Dictionary<string, string> {\n    { \"password\", \"Xq7!vR2mK9pL\" },\n};\n", g, "Xq7!vR2mK9pL", "medium"},
	})
}

// TestGuessableDefaultsOnCommandLines: a default password with digits
// added (changeme1) is a weak password, reported as such, where the word
// alone stays a placeholder.
func TestGuessableDefaultsOnCommandLines(t *testing.T) {
	runSecretCases(t, []secretCase{
		{"changeme1 in a URL", "app.env", "CACHE_URL=rediss://default:changeme1@cache01.corp.lan:6380/1\n", "database-connection-url", "changeme1", "medium"},
		{"changeme1 for redis-cli", "ops.sh", "redis-cli -h cache01 -a 'changeme1' INFO\n", "generic-database-cli-password", "changeme1", "medium"},
		{"changeme in a URL", "app.env", "CACHE_URL=rediss://default:changeme@cache01.corp.lan:6380/1\n", "", "", ""},
		{"password123 in a URL stays an example", "app.env", "DATABASE_URL=postgres://app:password123@db01.corp.lan/app\n", "", "", ""},
	})
}

// TestSQLRowsByColumn: a password column named by a CREATE TABLE or an
// INSERT's column list names its values in the rows inserted.
func TestSQLRowsByColumn(t *testing.T) {
	g := "generic-password"
	create := "CREATE TABLE `users` (\n  `id` int NOT NULL,\n  `login` varchar(64),\n  `password` varchar(255),\n  PRIMARY KEY (`id`),\n  KEY `login` (`login`)\n);\n"
	runSecretCases(t, []secretCase{
		{"dump rows", "dump.sql", create + "LOCK TABLES `users` WRITE;\nINSERT INTO `users` VALUES (1,'admin','Kettle,marble@7318');\nUNLOCK TABLES;\n", g, "Kettle,marble@7318", "medium"},
		{"second row", "dump.sql", create + "INSERT INTO `users` VALUES (1,'admin',NULL),(2,'etl','Lan''tern@falcon5585');\n", g, "Lan''tern@falcon5585", "medium"},
		{"another table's rows", "dump.sql", create + "INSERT INTO `orders` VALUES (1,'widget','SKU-4411-xq');\n", "", "", ""},
		{"a column that is no password", "dump.sql", "CREATE TABLE t (id int, password_hint varchar(64), note text);\nINSERT INTO t VALUES (1,'my dog','Kettle,marble@7318');\n", "", "", ""},
		{"a hint, not a password", "notes.txt", "Password hint: mydog2019\nPassword Hint = cats4ever\n", "", "", ""},
		{"a typed declaration still is one", "db.go", "var dbPassword string = \"Xq7!vR2mK9pL\"\n", "generic-password", "Xq7!vR2mK9pL", "medium"},
		{"column list", "seed.sql", "INSERT INTO accounts (email, password, role)\nVALUES ('ops@corp.lan', 'Zt5w,Q8nB@2kLm', 'admin');\n", g, "Zt5w,Q8nB@2kLm", "medium"},
		{"column list, placeholders", "seed.sql", "INSERT INTO accounts (email, password) VALUES (?, ?);\n", "", "", ""},
	})
}

// TestProviderKeywordNamesAllItsRules: a keyword of one of a provider's
// rules names the provider for its other rules too, each with its own
// value shape.
func TestProviderKeywordNamesAllItsRules(t *testing.T) {
	app := "0b17ffd3ad1e2141f326d03d990eab78de9c9ab7"
	runSecretCases(t, []secretCase{
		{"app key beside DD_API_KEY", "settings.py", "initialize(api_key=os.environ[\"DD_API_KEY\"], app_key=\"" + app + "\")\n", "datadog-app-key", app, "high"},
		{"no provider named", "settings.py", "initialize(api_key=os.environ[\"API_KEY\"], app_key=\"" + app + "\")\n", "generic-api-key", app, "low"},
	})
}

// TestLabelsInNotes: a credential in notes under a label of a few words,
// with a qualifier in parentheses before its colon, beside lines of the
// same look that are no label: a log line's prefix, a sentence, a call.
func TestLabelsInNotes(t *testing.T) {
	pepi, pm := "4c9e1f0a7b3d52e8a6f1c0d9b2e7a4f3", "0b7f6c1e-3d2a-4e59-9c8b-1f2e3d4c5b6a"
	runSecretCases(t, []secretCase{
		{"qualifier after the key word", "notes.md", "Netcore API key (prod): " + pepi + "\n", "pepipost-api-key", pepi, "high"},
		{"four words and a qualifier", "notes.md", "Netcore Email API key (prod): `" + pepi + "`\n", "pepipost-api-key", pepi, "high"},
		{"qualifier, value in backticks", "handover.md", "- Postmark server token (production): `" + pm + "`\n", "postmark-server-token", pm, "high"},
		{"qualifier before an equals sign", "notes.txt", "Postmark server token (prod) = " + pm + "\n", "postmark-server-token", pm, "high"},
		{"qualifier in YAML", "config.yml", "postmark:\n  token (eu): " + pm + "\n", "postmark-server-token", pm, "medium"},
		{"words before a key word", "notes.txt", "Staging database password: Vq8#kT2pLm9x\n", "generic-password", "Vq8#kT2pLm9x", "high"},
		{"a log line's prefix is no label", "app.log", "error: token: " + pepi + "\n", "", "", ""},
		{"a sentence is no label", "notes.txt", "We rotated the old password, see ticket OPS-4411: Vq8#kT2pLm9x\n", "", "", ""},
		{"a call's arguments are no qualifier", "main.c", "key (buf, len): " + pepi + "\n", "", "", ""},
	})
}

// TestCommentedOutSettings: a setting commented out keeps its value, in
// code as in configuration; a comment that only talks about a key does
// not.
func TestCommentedOutSettings(t *testing.T) {
	pm := "0b7f6c1e-3d2a-4e59-9c8b-1f2e3d4c5b6a"
	runSecretCases(t, []secretCase{
		{"hash comment in Python", "settings.py", "# postmark: " + pm + "\nPOSTMARK = os.environ[\"POSTMARK\"]\n", "postmark-server-token", pm, "high"},
		{"block comment in C", "mail.c", "/* postmark: " + pm + " */\n", "postmark-server-token", pm, "high"},
		{"SQL comment", "seed.sql", "-- postmark: " + pm + "\n", "postmark-server-token", pm, "high"},
		{"YAML comment", "values.yaml", "mail:\n  # postmark: " + pm + "\n  driver: smtp\n", "postmark-server-token", pm, "high"},
		{"a comment naming a key word in a sentence", "main.go", "// The token: see the README for how to make one.\n", "", "", ""},
		{"a log line after the marker", "run.sh", "# error: postmark: " + pm + "\n", "", "", ""},
	})
}

// TestRandomHexUnderKeyNames: a key of 32 random hex digits is as random as
// hex gets (3.61 bits on average, one in five below 3.5): it is a key even
// when its entropy falls short of what values of every alphabet must
// reach, while a run or a repeat of hex digits stays out.
func TestRandomHexUnderKeyNames(t *testing.T) {
	key := "72c488eca8f7b5ce8f88c7a45d2ca86b" // 3.35 bits
	runSecretCases(t, []secretCase{
		{"a secret key of random hex", "config.py", "SECRET_KEY = \"" + key + "\"\n", "generic-api-key", key, "medium"},
		{"hex that repeats", "config.py", "SECRET_KEY = \"0a0b0c0d0a0b0c0d0a0b0c0d0a0b0c0d\"\n", "", "", ""},
	})
}

// TestLanguageFilesAndAlgorithmNames: one language's strings (Android's
// res/values-de, Xcode's en.lproj) are words for people, and a setting
// naming algorithms (pubkey-sha384-sha256) is no key; the same text
// elsewhere still is read.
func TestLanguageFilesAndAlgorithmNames(t *testing.T) {
	runSecretCases(t, []secretCase{
		{"Android strings of one language", "app/src/main/res/values-de/strings.xml", "<resources>\n  <string name=\"login_password\">Kennwort7x</string>\n</resources>\n", "", "", ""},
		{"the same outside res/values-*", "app/src/main/assets/config.xml", "<resources>\n  <string name=\"login_password\">Kennwort7xQ2</string>\n</resources>\n", "generic-password", "Kennwort7xQ2", "high"},
		{"an Xcode language folder", "osx/App/en.lproj/MainMenu.xib", "<string key=\"password\">NSTextField</string>\n", "", "", ""},
		{"algorithm names", "swanctl.conf", "remote {\n  auth = pubkey-sha384-sha256\n}\n", "", "", ""},
	})
}
