package detect_test

import "testing"

// TestGenericCredentialShapes: hard-coded credentials in the shapes public
// benchmarks find in real code (declarations, lookups with a default,
// calls that take a user and a password, DSLs, command lines, installer
// answers), each beside the same shape holding no credential.
func TestGenericCredentialShapes(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		// Names: a password word glued to what it is for.
		{"php dbpass", "db.php", "$dbpass = '" + pw + "';\n", g, "medium", ""},
		{"php dbpwd", "db.php", "$dbpwd = '" + pw + "';\n", g, "medium", ""},
		{"perl rootpass", "report.pl", "my $rootpass = \"" + pw + "\";\n", g, "medium", ""},
		{"bypass is not a password", "mode.php", "$bypass = 'maintenance-on-2024';\n", "", "", ""},
		{"compass is not a password", "nav.py", "compass = \"north-by-northwest\"\n", "", "", ""},
		{"OLDPWD is a directory", "cd.sh", "OLDPWD=/srv/app/releases/current\n", "", "", ""},
		{"a directory glued to pwd", "t3910.sh", "DIRNAMEPWD=dir.Odiarnfc &&\n", "", "", ""},
		{"askpass is a program", "lib-credential.sh", "\taskpass: Password for 'http://example.com':\n", "", "", ""},
		{"dotted passphrase in an unknown syntax", "etc/fstab", "//fs/backup /mnt/b cifs username=svc,password=raven.crimson.lantern,uid=1000 0 0\n", g, "medium", ""},
		{"a flag quoted in prose", "send-email.adoc", "however `--smtp-pass` always overrides this value.\n", "", "", ""},

		// Lookups with a literal default.
		{"os.getenv default", "settings.py", "DB_PASSWORD = os.getenv(\"DB_PASSWORD\", \"" + pw + "\")\n", g, "medium", ""},
		{"environ.get default", "settings.py", "pw = os.environ.get(\"SMTP_PASSWORD\", \"" + pw + "\")\n", g, "medium", ""},
		{"decouple default keyword", "settings.py", "EMAIL_HOST_PASSWORD = config(\"EMAIL_HOST_PASSWORD\", default=\"" + pw + "\")\n", g, "medium", ""},
		{"ENV.fetch default", "mail.rb", "password = ENV.fetch(\"SMTP_PASSWORD\", \"" + pw + "\")\n", g, "medium", ""},
		{"getOrDefault", "Db.java", "String p = System.getenv().getOrDefault(\"DB_PASSWORD\", \"" + pw + "\");\n", g, "medium", ""},
		{"getenv empty default", "settings.py", "DB_PASSWORD = os.getenv(\"DB_PASSWORD\", \"\")\n", "", "", ""},
		{"getenv variable default", "settings.py", "DB_PASSWORD = os.getenv(\"DB_PASSWORD\", fallback)\n", "", "", ""},
		{"dict get is not a lookup", "forms.py", "label = fields.get(\"password\", \"" + pw + "\")\n", "", "", ""},
		{"spring default yaml", "application.yml", "spring:\n  datasource:\n    password: ${DB_PASSWORD:" + pw + "}\n", g, "high", ""},
		{"spring default @Value", "MailConfig.java", "@Value(\"${mail.password:" + pw + "}\")\nprivate String mailPassword;\n", g, "medium", ""},
		{"spring no default", "application.yml", "spring:\n  datasource:\n    password: ${DB_PASSWORD}\n", "", "", ""},
		{"shell substring is not a default", "run.sh", "echo ${DB_PASSWORD:2}\n", "", "", ""},
		{"spring error message", "application.yml", "password: ${DB_PASSWORD:?set it}\n", "", "", ""},

		// Calls that take a user and a password.
		{"SetBasicAuth", "client.go", "req.SetBasicAuth(\"deploy\", \"" + pw + "\")\n", g, "medium", ""},
		{"setBasicAuth", "Client.java", "headers.setBasicAuth(\"deploy\", \"" + pw + "\");\n", g, "medium", ""},
		{"interceptor", "RestConfig.java", "rest.getInterceptors().add(new BasicAuthenticationInterceptor(\"deploy\", \"" + pw + "\"));\n", g, "medium", ""},
		{"credential with a variable user", "Http.java", "creds.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(user, \"" + pw + "\"));\n", g, "medium", ""},
		{"SetBasicAuth variables", "client.go", "req.SetBasicAuth(cfg.User, cfg.Password)\n", "", "", ""},
		{"credential lookup by host", "auth.go", "ok := loadCredential(req, \"api.github.com\")\n", "", "", ""},
		{"set credentials takes more", "kafka.c", "rd_kafka_sasl_set_credentials(rk, \"someuser\", \"" + pw + "\");\n", "", "", ""},

		// Declarations and DSLs.
		{"c++ brace init", "db.cpp", "static const std::string password{\"" + pw + "\"};\n", g, "medium", ""},
		{"c++ empty brace init", "db.cpp", "std::string password{};\n", "", "", ""},
		{"gradle credentials", "build.gradle", "credentials {\n    username 'deploy'\n    password '" + pw + "'\n}\n", g, "medium", ""},
		{"c string continued", "ssl.c", "test_conf_set(conf, \"ssl.key.password\",\n              KEY_PASSWORD \" and more\");\n", "", "", ""},
		{"spring value child", "applicationContext.xml", "<bean id=\"ds\">\n  <property name=\"password\">\n    <value>" + pw + "</value>\n  </property>\n</bean>\n", g, "high", ""},
		{"spring value child reference", "applicationContext.xml", "<bean id=\"ds\">\n  <property name=\"password\">\n    <value>${db.password}</value>\n  </property>\n</bean>\n", "", "", ""},
		{"flag in a list", "backup.py", "subprocess.run([\"pg_dump\", \"--password\", \"" + pw + "\", \"shop\"])\n", g, "medium", ""},
		{"flag in a yaml list", "deploy.yaml", "args: [\"--db-password\", \"" + pw + "\"]\n", g, "high", ""},
		{"flag without a value", "backup.py", "subprocess.run([\"pg_dump\", \"--no-password\", host])\n", "", "", ""},
		{"capistrano set", "deploy.rb", "set :db_password, \"" + pw + "\"\n", g, "medium", ""},
		{"capistrano set from env", "deploy.rb", "set :db_password, ENV[\"DB_PASSWORD\"]\n", "", "", ""},
		{"short vendor default in config", ".env", "DB_PASSWORD=root\n", g, "high", ""},
		{"short vendor default in compose", "docker-compose.yml", "environment:\n  - GF_SECURITY_ADMIN_PASSWORD=admin\n", g, "high", ""},
		{"short test word is not a default", "server.rs", "password: \"test\".to_string(),\n", "", "", ""},
		{"short random value stays below the minimum", ".env", "DB_PASSWORD=x7Qz\n", "", "", ""},
		{"libpq conninfo in a string", "db.py", "conn = psycopg2.connect(\"dbname=app user=app password=" + pw + " host=db01\")\n", g, "medium", ""},
		{"libpq conninfo template", "db.py", "conn = psycopg2.connect(f\"dbname=app user={u} password={p} host=db01\")\n", "", "", ""},
		{"struct tag default", "env.go", "type DB struct {\n\tPassword string `env:\"DB_PASSWORD\" envDefault:\"" + pw + "\"`\n}\n", g, "medium", ""},
		{"struct tag without default", "env.go", "type DB struct {\n\tPassword string `env:\"DB_PASSWORD,required\"`\n}\n", "", "", ""},
		{"redis requirepass flag", "run.sh", "redis-server --requirepass " + pw + "\n", g, "high", ""},
		{"mount options", "mount.sh", "mount -t cifs //fs/share /mnt -o username=svc,password=" + pw + ",vers=3.0\n", g, "high", ""},
	})
}

// TestGenericCallAndCommandRules: credentials in calls and commands that no
// name announces, found by their rule, and the same calls with variables.
func TestGenericCallAndCommandRules(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	runContextCases(t, []contextCase{
		{"b64encode user:password", "sync.py", "token = base64.b64encode(b\"deploy:" + pw + "\").decode()\n", "generic-basic-auth-encode-call", "high", ""},
		{"btoa user:password", "api.js", "const auth = \"Basic \" + btoa(\"deploy:" + pw + "\");\n", "generic-basic-auth-encode-call", "high", ""},
		{"b64encode template", "sync.py", "token = base64.b64encode(f\"{user}:{password}\".encode()).decode()\n", "", "", ""},
		{"jwt.sign literal", "auth.js", "const t = jwt.sign({ sub: id }, \"" + pw + "\", { expiresIn: \"1h\" });\n", "generic-signing-secret-argument", "high", ""},
		{"jwt.sign env", "auth.js", "const t = jwt.sign({ sub: id }, process.env.JWT_SECRET, { expiresIn: \"1h\" });\n", "", "", ""},
		{"SignedString literal", "jwt.go", "s, err := token.SignedString([]byte(\"" + pw + "\"))\n", "generic-signing-secret-argument", "high", ""},
		{"WiFi.begin", "sensor.ino", "WiFi.begin(ssid, \"" + pw + "\");\n", "generic-device-login-password", "high", ""},
		{"WiFi.begin variables", "sensor.ino", "WiFi.begin(WIFI_SSID, WIFI_PASSWORD);\n", "", "", ""},
		{"zip -P", "backup.sh", "zip -r -P '" + pw + "' out.zip data/\n", "generic-archive-password", "high", ""},
		{"7z -p", "backup.sh", "7z a -p" + pw + " out.7z data/\n", "generic-archive-password", "high", ""},
		{"zip -P with parentheses", "backup.sh", "zip -r -P 'Tr0(b4)dor-3x' out.zip data/\n", "generic-archive-password", "high", ""},
		{"7z prompts", "backup.sh", "7z a -p out.7z data/\n", "", "", ""},
		{"sqlplus", "schema.sh", "sqlplus -s app_owner/" + pw + "@ORCLPDB1 @schema.sql\n", "generic-oracle-cli-password", "high", ""},
		{"sqlplus sysdba", "schema.sh", "sqlplus -s / as sysdba @schema.sql\n", "", "", ""},
		{"chpasswd", "Dockerfile", "RUN echo \"ops:" + pw + "\" | chpasswd\n", "generic-piped-password", "high", ""},
		{"chpasswd variable", "Dockerfile", "RUN echo \"ops:${OPS_PASSWORD}\" | chpasswd\n", "", "", ""},
		{"sudo -S", "restart.sh", "echo '" + pw + "' | sudo -S systemctl restart app\n", "generic-piped-password", "high", ""},
		{"cmdkey", "map.bat", "cmdkey /add:fs01 /user:CORP\\svc /pass:" + pw + "\n", "generic-cmdkey-password", "high", ""},
		{"preseed", "preseed.cfg", "d-i passwd/root-password password " + pw + "\n", "generic-installer-password", "high", ""},
		{"preseed crypted", "preseed.cfg", "d-i passwd/root-password-crypted password $6$rounds=4096$salt$hash\n", "", "", ""},
		{"kickstart", "ks.cfg", "rootpw --plaintext " + pw + "\n", "generic-installer-password", "high", ""},
		{"jedis auth", "Cache.java", "jedis.auth(\"" + pw + "\");\n", "generic-redis-auth-password", "high", ""},
		{"jedis auth variable", "Cache.java", "jedis.auth(password);\n", "", "", ""},
		{"cloud-init chpasswd", "user-data.yaml", "#cloud-config\nchpasswd:\n  list: |\n    ops:" + pw + "\n  expire: false\n", "generic-cloud-init-password", "high", ""},
		{"cloud-init random", "user-data.yaml", "#cloud-config\nchpasswd:\n  list: |\n    ops:RANDOM\n  expire: false\n", "", "", ""},
		{"redis.conf", "redis.conf", "port 6379\nrequirepass " + pw + "\n", "generic-redis-conf-password", "high", ""},
		{"redis.conf commented", "redis.conf", "# requirepass foobared\n", "", "", ""},
		{"told in a comment", "seed.py", "# admin login for the staging box: password " + pw + "\n", "generic-password-in-comment", "high", ""},
		{"comment about the policy", "seed.py", "# password must be at least 12 characters\n", "", "", ""},
		{"syscall signature comment", "zsyscall.go", "//sys\tLogonUser(username *uint16, password *uint16, logonType uint32) (err error)\n", "", "", ""},
	})
}
