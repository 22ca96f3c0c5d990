package corpus

import (
	"strings"
)

// Hard-coded credentials as public benchmarks of them find them in real
// repositories (CredData's kind of material): literals in every language's
// declarations, calls and DSLs, in config files of many tools, on command
// lines, and the weak passwords people really use; each shape next to
// decoys of the same shape that are not credentials.

// DecoyShape is a decoy written in one of the shapes of shapeCases.
const DecoyShape = "generic-shape"

// shapeCase is one way of writing a credential: {v} is where the value
// goes ({u}, {h}, {db}, {domain} as in builder.sub), in a file at path.
type shapeCase struct {
	shape, format, path string
	tmpl                string
	family              string
	prof                pwProfile
	minLen              int // the shape's own lower bound (a WPA passphrase has 8)
}

// Paths of formats the other generic families do not write.
const (
	pathRust   = "src/config.rs"
	pathScala  = "src/main/scala/com/acme/Db.scala"
	pathLua    = "lua/app/config.lua"
	pathGradle = "build.gradle"
	pathCpp    = "src/db_client.cpp"
	pathObjC   = "ios/App/Keychain.m"
	pathIno    = "firmware/sensor/sensor.ino"
	pathExs    = "config/prod.exs"
	pathGroovy = "Jenkinsfile"
)

var shapeCases = []shapeCase{
	// Declarations in languages and forms the language table lacks.
	{"decl-rust", "rs", pathRust, `let db_password = "{v}";`, FamilyPassword, pwQuoted, 0},
	{"decl-rust", "rs", pathRust, `let opts = PgConnectOptions::new().host("{h}").username("{u}").password("{v}");`, FamilyPassword, pwQuoted, 0},
	{"decl-scala", "scala", pathScala, `val dbPassword: String = "{v}"`, FamilyPassword, pwQuoted, 0},
	{"decl-lua", "lua", pathLua, `local redis_password = "{v}"`, FamilyPassword, pwQuoted, 0},
	{"decl-cpp", "cpp", pathCpp, `const std::string kDbPassword = "{v}";`, FamilyPassword, pwQuoted, 0},
	{"decl-cpp-brace", "cpp", pathCpp, `static const std::string password{"{v}"};`, FamilyPassword, pwQuoted, 0},
	{"decl-c-array", "c", "src/secrets.h", `static const char ADMIN_PASSWORD[] = "{v}";`, FamilyPassword, pwQuoted, 0},
	{"decl-objc", "m", pathObjC, `NSString *password = @"{v}";`, FamilyPassword, pwQuoted, 0},
	{"decl-csharp-verbatim", "cs", "src/Acme/Settings.cs", `private const string AdminPassword = @"{v}";`, FamilyPassword, pwQuoted, 0},
	{"decl-python-bytes", "py", "app/crypto.py", `KEYSTORE_PASSWORD = b"{v}"`, FamilyPassword, pwQuoted, 0},
	{"decl-elixir", "ex", pathExs, "config :app, App.Repo,\n  username: \"{u}\",\n  password: \"{v}\",\n  hostname: \"{h}\"", FamilyPassword, pwQuoted, 0},
	{"decl-groovy", "groovy", pathGroovy, "pipeline {\n  agent any\n  environment {\n    DB_PASSWORD = '{v}'\n  }\n}", FamilyPassword, pwShell, 0},
	{"dsl-gradle", "gradle", pathGradle, "publishing {\n  repositories {\n    maven {\n      url 'https://nexus.{domain}/repository/releases/'\n      credentials {\n        username '{u}'\n        password '{v}'\n      }\n    }\n  }\n}", FamilyPassword, pwShell, 0},
	// Compound names: $dbpass, $dbpwd, smtppass.
	{"name-compound", "php", "includes/db.php", `$dbpass = '{v}';`, FamilyPassword, pwShell, 0},
	{"name-compound", "php", "includes/db.php", `$dbpwd = "{v}";`, FamilyPassword, pwShell, 0},
	{"name-compound", "pl", "cgi-bin/report.pl", `my $dbpass = '{v}';`, FamilyPassword, pwShell, 0},
	{"name-compound", "py", "scripts/mailer.py", `smtppass = "{v}"`, FamilyPassword, pwQuoted, 0},
	// Environment and settings lookups with a literal default.
	{"lookup-default", "py", "app/settings.py", `DB_PASSWORD = os.getenv("DB_PASSWORD", "{v}")`, FamilyPassword, pwQuoted, 0},
	{"lookup-default", "py", "app/settings.py", `password = os.environ.get("SMTP_PASSWORD", "{v}")`, FamilyPassword, pwQuoted, 0},
	{"lookup-default", "py", "app/settings.py", `EMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", default="{v}")`, FamilyPassword, pwQuoted, 0},
	{"lookup-default", "rb", "config/initializers/mail.rb", `password = ENV.fetch("SMTP_PASSWORD", "{v}")`, FamilyPassword, pwQuoted, 0},
	{"lookup-default", "java", "src/main/java/com/acme/Db.java", `String pw = System.getenv().getOrDefault("DB_PASSWORD", "{v}");`, FamilyPassword, pwQuoted, 0},
	{"spring-default", "yaml", "src/main/resources/application.yml", "spring:\n  datasource:\n    url: jdbc:postgresql://{h}:5432/{db}\n    username: {u}\n    password: ${DB_PASSWORD:{v}}", FamilyPassword, pwShell, 0},
	{"spring-default", "java", "src/main/java/com/acme/MailConfig.java", "@Value(\"${mail.password:{v}}\")\nprivate String mailPassword;", FamilyPassword, pwShell, 0},
	// Calls that take a user and a password.
	{"basic-auth-setter", "go", "internal/client/http.go", `req.SetBasicAuth("{u}", "{v}")`, FamilyPassword, pwQuoted, 0},
	{"basic-auth-setter", "java", "src/main/java/com/acme/Client.java", `headers.setBasicAuth("{u}", "{v}");`, FamilyPassword, pwQuoted, 0},
	{"basic-auth-setter", "java", "src/main/java/com/acme/RestConfig.java", `rest.getInterceptors().add(new BasicAuthenticationInterceptor("{u}", "{v}"));`, FamilyPassword, pwQuoted, 0},
	{"credential-variable-user", "cs", "src/Acme/Mailer.cs", `client.Credentials = new NetworkCredential(userName, "{v}");`, FamilyPassword, pwQuoted, 0},
	{"basic-auth-encode", "py", "scripts/sync.py", `token = base64.b64encode(b"{u}:{v}").decode()`, FamilyBasicAuth, pwURL, 6},
	{"basic-auth-encode", "js", "src/api.js", `const auth = "Basic " + btoa("{u}:{v}");`, FamilyBasicAuth, pwURL, 6},
	{"basic-auth-encode", "js", "src/api.js", `const auth = Buffer.from("{u}:{v}").toString("base64");`, FamilyBasicAuth, pwURL, 6},
	{"basic-auth-encode", "java", "src/main/java/com/acme/Api.java", `String auth = Base64.getEncoder().encodeToString("{u}:{v}".getBytes(StandardCharsets.UTF_8));`, FamilyBasicAuth, pwURL, 6},
	{"basic-auth-encode", "cs", "src/Acme/ApiClient.cs", `var auth = Convert.ToBase64String(Encoding.ASCII.GetBytes("{u}:{v}"));`, FamilyBasicAuth, pwURL, 6},
	{"basic-auth-encode", "go", "internal/client/auth.go", `auth := base64.StdEncoding.EncodeToString([]byte("{u}:{v}"))`, FamilyBasicAuth, pwURL, 6},
	{"device-login", "ino", pathIno, "const char* ssid = \"HomeNet-5G\";\nvoid setup() {\n  WiFi.begin(ssid, \"{v}\");\n}", FamilyPassword, pwQuoted, 8},
	{"device-login", "py", "sensor/mqtt_client.py", `client.username_pw_set("{u}", "{v}")`, FamilyPassword, pwQuoted, 0},
	// Secrets that sign tokens.
	{"signing-secret", "py", "app/auth.py", `token = jwt.encode(payload, "{v}", algorithm="HS256")`, FamilySecret, pwQuoted, 8},
	{"signing-secret", "js", "src/auth.js", `const token = jwt.sign({ sub: user.id }, "{v}", { expiresIn: "1h" });`, FamilySecret, pwQuoted, 8},
	{"signing-secret", "go", "internal/auth/jwt.go", `signed, err := token.SignedString([]byte("{v}"))`, FamilySecret, pwQuoted, 8},
	{"signing-secret", "java", "src/main/java/com/acme/Tokens.java", `Algorithm algorithm = Algorithm.HMAC256("{v}");`, FamilySecret, pwQuoted, 8},
	{"signing-secret", "js", "src/webhooks.js", `const sig = crypto.createHmac("sha256", "{v}").update(body).digest("hex");`, FamilySecret, pwQuoted, 8},
	// Configuration formats.
	{"xml-value-child", "xml", "src/main/resources/applicationContext.xml", "<beans>\n  <bean id=\"dataSource\" class=\"org.apache.commons.dbcp2.BasicDataSource\">\n    <property name=\"username\" value=\"{u}\"/>\n    <property name=\"password\">\n      <value>{v}</value>\n    </property>\n  </bean>\n</beans>", FamilyPassword, pwXML, 0},
	{"args-list-flag", "k8s", "k8s/deployment.yaml", "spec:\n  containers:\n    - name: app\n      image: registry.{domain}/app:1.4\n      args: [\"--db-host\", \"{h}\", \"--db-password\", \"{v}\"]", FamilyPassword, pwShell, 0},
	{"args-list-flag", "py", "scripts/backup.py", `subprocess.run(["pg_dump", "--host", "{h}", "--password", "{v}", "{db}"], check=True)`, FamilyPassword, pwShell, 0},
	{"mount-options", "sh", "scripts/mount.sh", "mount -t cifs //fs01.{domain}/share /mnt/share -o username={u},password={v},vers=3.0", FamilyCLI, pwURL, 0},
	{"mount-options", "fstab", "etc/fstab", "//fs01.{domain}/backup /mnt/backup cifs username={u},password={v},uid=1000 0 0", FamilyPassword, pwURL, 0},
	{"installer-answer", "preseed", "preseed.cfg", "d-i passwd/root-login boolean true\nd-i passwd/root-password password {v}\nd-i passwd/make-user boolean false", FamilyPassword, pwShell, 0},
	{"installer-answer", "dockerfile", "Dockerfile", "RUN echo \"mysql-server mysql-server/root_password password {v}\" | debconf-set-selections", FamilyPassword, pwShell, 0},
	{"installer-answer", "ks", "ks.cfg", "lang en_US.UTF-8\nrootpw --plaintext {v}\ntimezone UTC", FamilyPassword, pwShell, 0},
	// Command lines.
	{"cli-archive", "sh", "scripts/backup.sh", "zip -r -P '{v}' /backup/export.zip /srv/export", FamilyCLI, pwShell, 0},
	{"cli-archive", "sh", "scripts/backup.sh", "7z a -p{v} -mhe=on /backup/db.7z /var/lib/dump", FamilyCLI, pwURL, 0},
	{"cli-oracle", "sh", "scripts/schema.sh", "sqlplus -s app_owner/{v}@ORCLPDB1 @schema.sql", FamilyCLI, pwURL, 0},
	{"cli-piped", "dockerfile", "Dockerfile", "RUN useradd -m {u} && echo \"{u}:{v}\" | chpasswd", FamilyCLI, pwURL, 0},
	{"cli-piped", "sh", "scripts/restart.sh", "echo '{v}' | sudo -S systemctl restart app", FamilyCLI, pwShell, 0},
	{"cli-cmdkey", "bat", "scripts/map-share.bat", `cmdkey /add:fs01.corp.local /user:CORP\{u} /pass:{v}`, FamilyCLI, pwURL, 0},
	{"libpq-conninfo", "py", "app/db.py", `conn = psycopg2.connect("dbname={db} user={u} password={v} host={h}")`, FamilyConnString, pwURL, 0},
	{"libpq-conninfo", "go", "internal/store/pg.go", `db, err := sql.Open("postgres", "host={h} user={u} password={v} dbname={db} sslmode=disable")`, FamilyConnString, pwURL, 0},
	{"struct-tag-default", "go", "internal/config/env.go", "type DB struct {\n\tHost     string `env:\"DB_HOST\" envDefault:\"{h}\"`\n\tPassword string `env:\"DB_PASSWORD\" envDefault:\"{v}\"`\n}", FamilyPassword, pwURL, 0},
	{"cloud-init-chpasswd", "yaml", "cloud-init/user-data.yaml", "#cloud-config\nchpasswd:\n  list: |\n    {u}:{v}\n  expire: false", FamilyPassword, pwURL, 0},
	{"redis-conf", "conf", "redis/redis.conf", "bind 0.0.0.0\nport 6379\nrequirepass {v}\nappendonly yes", FamilyPassword, pwBare, 0},
	{"symbol-setting", "rb", "config/deploy.rb", `set :db_password, "{v}"`, FamilyPassword, pwQuoted, 0},
	{"redis-auth", "java", "src/main/java/com/acme/Cache.java", `jedis.auth("{v}");`, FamilyPassword, pwQuoted, 0},
	{"redis-auth", "php", "lib/cache.php", `$redis->auth('{v}');`, FamilyPassword, pwShell, 0},
	// Prose: a password told in a comment line (read), or in a README's text
	// (not read: no comment marks it, and docs would be low anyway).
	{"comment-told", "py", "scripts/seed.py", `# admin login for the staging box: password {v} (rotate it after the demo)`, FamilyPassword, pwQuoted, 0},
	{"comment-told", "md", "docs/staging.md", "Staging admin: user `{u}`, password `{v}`.", FamilyPassword, pwQuoted, 0},
}

// Well-known default passwords shorter than six characters, as compose
// files, .env files and settings ship them.
var shortDefaultCases = []shapeCase{
	{"weak-short-default", "compose", "docker-compose.yml", "services:\n  grafana:\n    image: grafana/grafana:11.0.0\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD={v}", FamilyPassword, pwBare, 0},
	{"weak-short-default", "env", ".env", "DB_HOST={h}\nDB_USER=app\nDB_PASSWORD={v}", FamilyPassword, pwBare, 0},
	{"weak-short-default", "py", "app/settings.py", "DATABASES = {\n    \"default\": {\n        \"ENGINE\": \"django.db.backends.mysql\",\n        \"USER\": \"app\",\n        \"PASSWORD\": \"{v}\",\n    }\n}", FamilyPassword, pwBare, 0},
}

// genericShapes plants every shape case a few times.
func (b *builder) genericShapes() {
	for _, c := range shapeCases {
		for i := 0; i < b.n(3); i++ {
			g := b.g
			var v string
			var weak bool
			for v == "" || len(v) < c.minLen {
				v, weak = g.password(c.prof)
			}
			if c.family == FamilyBasicAuth {
				v = strings.ReplaceAll(v, ":", "")
			}
			if c.shape == "comment-told" {
				// In prose a final full stop or comma is the sentence's.
				v = strings.TrimRight(v, ".,;:)")
			}
			m := pwMark(v, weak, c.family, c.shape, c.format)
			b.plantRaw(c.format, c.path, strings.Split(b.sub(c.tmpl, v), "\n"), m)
		}
	}
	for _, c := range shortDefaultCases {
		for i := 0; i < b.n(2); i++ {
			v := b.g.pick("admin", "root", "toor", "guest", "12345")
			b.plantRaw(c.format, c.path, strings.Split(b.sub(c.tmpl, v), "\n"), pwMark(v, true, c.family, c.shape, c.format))
		}
	}
}

// shapeDecoys are the same shapes holding no credential: references,
// empty defaults, variables, policy text, labels and function names.
var shapeDecoys = []shapeDecoy{
	{"rs", pathRust, `let db_password = std::env::var("DB_PASSWORD").expect("DB_PASSWORD not set");`},
	{"cpp", pathCpp, `std::string password{};`},
	{"php", "includes/db.php", `$bypass = 'maintenance-mode-on';`},
	{"sh", "scripts/cd.sh", `OLDPWD=/srv/app/releases/current`},
	{"py", "app/settings.py", `DB_PASSWORD = os.getenv("DB_PASSWORD", "")`},
	{"py", "app/settings.py", `SECRET_KEY = config("SECRET_KEY", default=None)`},
	{"py", "app/settings.py", `password = os.environ.get("SMTP_PASSWORD", default_password)`},
	{"rb", "config/initializers/mail.rb", `password = ENV.fetch("SMTP_PASSWORD") { raise "SMTP_PASSWORD missing" }`},
	{"yaml", "src/main/resources/application.yml", "spring:\n  datasource:\n    password: ${DB_PASSWORD}"},
	{"java", "src/main/java/com/acme/MailConfig.java", "@Value(\"${mail.password}\")\nprivate String mailPassword;"},
	{"go", "internal/client/http.go", `req.SetBasicAuth(cfg.User, cfg.Password)`},
	{"java", "src/main/java/com/acme/Client.java", `headers.setBasicAuth(username, password);`},
	{"py", "scripts/sync.py", `token = base64.b64encode(f"{user}:{password}".encode()).decode()`},
	{"js", "src/api.js", "const auth = \"Basic \" + btoa(`${user}:${password}`);"},
	{"ino", pathIno, `WiFi.begin(WIFI_SSID, WIFI_PASSWORD);`},
	{"py", "sensor/mqtt_client.py", `client.username_pw_set(os.environ["MQTT_USER"], os.environ["MQTT_PASSWORD"])`},
	{"py", "app/auth.py", `token = jwt.encode(payload, settings.SECRET_KEY, algorithm="HS256")`},
	{"js", "src/auth.js", `const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" });`},
	{"go", "internal/auth/jwt.go", `signed, err := token.SignedString(signingKey)`},
	{"xml", "src/main/resources/applicationContext.xml", "<bean id=\"dataSource\" class=\"org.apache.commons.dbcp2.BasicDataSource\">\n  <property name=\"password\">\n    <value>${db.password}</value>\n  </property>\n</bean>"},
	{"k8s", "k8s/deployment.yaml", "spec:\n  containers:\n    - name: app\n      args: [\"--db-password-file\", \"/run/secrets/db\"]"},
	{"py", "scripts/backup.py", `subprocess.run(["pg_dump", "--no-password", "--host", host, dbname], check=True)`},
	{"sh", "scripts/mount.sh", `mount -t cifs //fs01/share /mnt/share -o credentials=/root/.smbcredentials,vers=3.0`},
	{"preseed", "preseed.cfg", `d-i passwd/root-password-crypted password $6$rounds=4096$saltsalt$hashhashhashhash`},
	{"ks", "ks.cfg", `rootpw --lock`},
	{"sh", "scripts/backup.sh", `zip -r -P "$ZIP_PASSWORD" /backup/export.zip /srv/export`},
	{"sh", "scripts/schema.sh", `sqlplus -s / as sysdba @schema.sql`},
	{"dockerfile", "Dockerfile", `RUN echo "app:${APP_PASSWORD}" | chpasswd`},
	{"sh", "scripts/restart.sh", `echo "$SUDO_PASSWORD" | sudo -S systemctl restart app`},
	{"bat", "scripts/map-share.bat", `cmdkey /add:fs01.corp.local /user:CORP\svc_backup /pass:%SHARE_PASSWORD%`},
	{"py", "app/validators.py", `MIN_PASSWORD_LENGTH = 12`},
	{"py", "app/db.py", `conn = psycopg2.connect(f"dbname={name} user={user} password={password} host={host}")`},
	{"go", "internal/config/env.go", "type DB struct {\n\tPassword string `env:\"DB_PASSWORD,required\"`\n}"},
	{"conf", "redis/redis.conf", "# requirepass foobared"},
	{"yaml", "cloud-init/user-data.yaml", "#cloud-config\nchpasswd:\n  list: |\n    root:RANDOM\n  expire: false"},
	{"py", "app/views.py", `def check_password(raw_password, encoded):`},
	{"ts", "src/i18n/en.ts", `passwordLabel: "Password:",`},
	{"java", "src/main/java/com/acme/Messages.java", `public static final String PASSWORD_HINT = "Use at least 12 characters.";`},
	{"py", "scripts/seed.py", `# the admin password is read from the vault at start-up`},
	{"md", "docs/staging.md", "Log in with your own user and the password from 1Password."},
	// Lessons from real trees: names that end like a password's and are not,
	// comments that name a password field.
	{"sh", "t/lib-credential.sh", "cat >expect <<-EOF\n\taskpass: Password for 'https://git.acme-corp.net':\nEOF"},
	{"sh", "t/precompose.sh", `DIRNAMEPWD=dir.Odiarnfc &&`},
	{"go", "internal/winapi/zsyscall.go", "//sys\tLogonUser(username *uint16, domain *uint16, password *uint16, logonType uint32) (err error)"},
	{"md", "docs/security.md", "* **Password Recovery:** a reset link valid for 15 minutes"},
	{"py", "app/auth.py", "# password must be at least 12 characters, see PASSWORD_POLICY"},
}

// shapeDecoy is a decoy file of one shape: its lines (\n-separated) at path.
type shapeDecoy struct{ format, path, line string }

func (b *builder) genericShapeDecoys() {
	// Twice as many as each shape's positives: a corpus keeps at least as
	// many decoys as secrets.
	for i := 0; i < b.n(6); i++ {
		for _, d := range shapeDecoys {
			b.plantShapeDecoy(d, DecoyShape)
		}
	}
}

// plantShapeDecoy plants d as a decoy of kind; its longest line is the one
// that holds the shape.
func (b *builder) plantShapeDecoy(d shapeDecoy, kind string) {
	lines := strings.Split(d.line, "\n")
	longest := ""
	for _, l := range lines {
		if l = strings.TrimSpace(l); len(l) > len(longest) {
			longest = l
		}
	}
	b.plantRaw(d.format, d.path, lines, decoyMark(longest, kind, d.format, FamilyPassword))
}
