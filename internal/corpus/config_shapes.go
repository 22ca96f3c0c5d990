package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Credentials in the configuration and tooling formats that real
// repositories leak them in and the shapes before these do not write:
// Kubernetes Secrets' base64 data, compose environment lists, Ansible
// inventories, Java properties with their escapes, .NET appSettings and
// NuGet.config, Jupyter notebooks (source lines JSON-escaped), SQL users,
// heredocs, systemd units, Windows answer files, Helm and docker command
// lines, YAML block scalars, JSON in an environment variable, TOML inline
// tables, Go composite literals, Laravel's env defaults, wpa_supplicant,
// CI login steps, MySQL and ODBC option files. Each shape has decoys of
// its own form: references, empty values, placeholders, redactions and
// examples.

// DecoyConfigShape is a decoy written in one of the shapes of configCases.
const DecoyConfigShape = "config-shape"

// configCase is one way of writing a credential: {v} is where the value
// goes as the file writes it (encode), {u}, {h}, {db} and {domain} as in
// builder.sub.
type configCase struct {
	shape, format, path, tmpl string
	family                    string
	prof                      pwProfile
	// prep makes a generated password fit the syntax (an unquoted Oracle
	// password is letters, digits and _); nil keeps it.
	prep func(g gen, v string) string
	// encode is how the file writes the password (base64 in a Secret's
	// data, \uXXXX in a .properties file); nil writes it as is.
	encode func(v string) string
}

var configCases = []configCase{
	// Kubernetes Secret data: base64 of the value (kubernetes.io/docs/concepts/configuration/secret/).
	{"k8s-secret-data", "k8s", "k8s/db-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\ndata:\n  DB_USER: YXBw\n  DB_PASSWORD: {v}", FamilyPassword, pwBare, nil, b64},
	{"k8s-secret-data", "k8s", "deploy/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: smtp\n  namespace: mail\ndata:\n  username: bm90aWZpZXI=\n  password: {v}", FamilyPassword, pwBare, nil, b64},
	// Compose's environment as a list of NAME=value.
	{"compose-env-list", "compose", "docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_USER={u}\n      - POSTGRES_PASSWORD={v}\n      - POSTGRES_DB={db}", FamilyPassword, pwBare, nil, nil},
	// Ansible inventories' connection variables (docs.ansible.com, "Connecting to hosts: behavioral inventory parameters").
	{"ansible-inventory", "ini", "inventory/hosts.ini", "[web]\nweb01.{domain} ansible_user={u} ansible_password={v}\n\n[web:vars]\nansible_port=22", FamilyPassword, pwBare, nil, nil},
	{"ansible-inventory", "ini", "inventory/production", "[db]\ndb01.{domain}\n\n[db:vars]\nansible_become=true\nansible_become_pass={v}", FamilyPassword, pwBare, nil, nil},
	{"ansible-inventory", "ansible", "inventory/hosts.yml", "all:\n  hosts:\n    web01:\n      ansible_host: 10.0.4.12\n      ansible_user: {u}\n      ansible_ssh_pass: {v}", FamilyPassword, pwBare, nil, nil},
	// .properties files are ISO-8859-1: tools write other characters as
	// \uXXXX, and escape = : # ! with a backslash (java.util.Properties.store).
	{"properties-escapes", "properties", "src/main/resources/application.properties", "spring.datasource.url=jdbc:postgresql://{h}:5432/{db}\nspring.datasource.username={u}\nspring.datasource.password={v}", FamilyPassword, pwBare, nonASCII, propertiesEscape},
	{"properties-escapes", "properties", "conf/mail.properties", "mail.smtp.host=smtp.{domain}\nmail.smtp.user={u}\nmail.smtp.password={v}", FamilyPassword, pwQuoted, withSeparator, propertiesEscape},
	// .NET appSettings and NuGet's package source credentials
	// (learn.microsoft.com/nuget/reference/nuget-config-file).
	{"xml-appsettings", "xml", "Web.config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <appSettings>\n    <add key=\"SmtpHost\" value=\"smtp.{domain}\" />\n    <add key=\"SmtpUser\" value=\"{u}\" />\n    <add key=\"SmtpPassword\" value=\"{v}\" />\n  </appSettings>\n</configuration>", FamilyPassword, pwXML, nil, xmlEscape},
	{"nuget-config", "xml", "NuGet.Config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <add key=\"nexus\" value=\"https://nexus.{domain}/repository/nuget-group/index.json\" />\n  </packageSources>\n  <packageSourceCredentials>\n    <nexus>\n      <add key=\"Username\" value=\"{u}\" />\n      <add key=\"ClearTextPassword\" value=\"{v}\" />\n    </nexus>\n  </packageSourceCredentials>\n</configuration>", FamilyPassword, pwXML, nil, xmlEscape},
	// Jupyter notebooks: code cells' source lines are JSON strings.
	{"jupyter", "json", "notebooks/explore.ipynb", notebook(`"import psycopg2\n",`, `"conn = psycopg2.connect(host=\"{h}\", user=\"{u}\", password=\"{v}\", dbname=\"{db}\")\n",`, `"df = pd.read_sql(\"select * from orders\", conn)"`), FamilyPassword, pwURL, nil, nil},
	{"jupyter", "json", "analysis/report.ipynb", notebook(`"import os\n",`, `"DB_PASSWORD = \"{v}\"\n",`, `"engine = create_engine(f\"postgresql://app:{DB_PASSWORD}@db/warehouse\")"`), FamilyPassword, pwURL, nil, nil},
	// SQL: Oracle's unquoted IDENTIFIED BY, MySQL's SET PASSWORD, PostgreSQL's roles.
	{"sql-user", "sql", "db/create_users.sql", "CREATE USER app_owner IDENTIFIED BY {v};\nGRANT CONNECT, RESOURCE TO app_owner;", FamilyPassword, pwURL, oracleWord, nil},
	{"sql-user", "sql", "db/unlock.sql", "ALTER USER system IDENTIFIED BY {v} ACCOUNT UNLOCK;", FamilyPassword, pwURL, oracleWord, nil},
	{"sql-user", "sql", "db/users.sql", "SET PASSWORD FOR 'report'@'%' = PASSWORD('{v}');", FamilyPassword, pwShell, nil, nil},
	{"sql-user", "sql", "db/roles.sql", "ALTER ROLE app WITH LOGIN PASSWORD '{v}' VALID UNTIL 'infinity';", FamilyPassword, pwShell, nil, nil},
	// Heredocs that write a credential into a file or a client.
	{"heredoc", "sh", "scripts/bootstrap.sh", "#!/bin/sh\nset -eu\ncat > /etc/app/app.env <<EOF\nDB_HOST={h}\nDB_PASSWORD={v}\nEOF\nchmod 600 /etc/app/app.env", FamilyPassword, pwShell, nil, nil},
	{"heredoc", "sh", "scripts/init-db.sh", "#!/bin/sh\nmysql -u root <<'SQL'\nCREATE USER 'app'@'%' IDENTIFIED BY '{v}';\nGRANT ALL ON {db}.* TO 'app'@'%';\nSQL", FamilyPassword, pwShell, nil, nil},
	{"heredoc", "sh", "scripts/pgpass.sh", "#!/bin/sh\ncat > ~/.pgpass <<EOF\n{h}:5432:{db}:{u}:{v}\nEOF\nchmod 600 ~/.pgpass", FamilyPassword, pwBare, noColon, nil},
	{"heredoc", "sh", "scripts/k8s-secret.sh", "#!/bin/sh\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {v}\nEOF", FamilyPassword, pwBare, nil, nil},
	// systemd units' Environment= (man 5 systemd.exec).
	{"systemd-env", "conf", "deploy/app.service", "[Unit]\nDescription=App\n\n[Service]\nUser=app\nEnvironment=\"DB_PASSWORD={v}\"\nExecStart=/usr/local/bin/app", FamilyPassword, pwShell, nil, nil},
	{"systemd-env", "conf", "systemd/worker.service", "[Service]\nEnvironment=DB_USER={u} DB_PASSWORD={v}\nExecStart=/opt/worker/bin/worker --config /etc/worker.yml", FamilyPassword, pwShell, nil, nil},
	// Windows answer files (learn.microsoft.com, unattend AdministratorPassword and AutoLogon).
	{"unattend-xml", "xml", "autounattend.xml", "<UserAccounts>\n  <AdministratorPassword>\n    <Value>{v}</Value>\n    <PlainText>true</PlainText>\n  </AdministratorPassword>\n</UserAccounts>", FamilyPassword, pwXML, nil, xmlEscape},
	{"unattend-xml", "xml", "unattend.xml", "<AutoLogon>\n  <Password>\n    <Value>{v}</Value>\n    <PlainText>true</PlainText>\n  </Password>\n  <Enabled>true</Enabled>\n  <Username>Administrator</Username>\n</AutoLogon>", FamilyPassword, pwXML, nil, xmlEscape},
	// Helm's --set and docker's build arguments.
	{"helm-set", "sh", "scripts/deploy.sh", "helm upgrade --install {db} bitnami/postgresql --set auth.username={u} --set auth.password={v} --namespace data", FamilyCLI, pwShell, nil, nil},
	{"docker-build-arg", "sh", "scripts/build.sh", "docker build --build-arg DB_PASSWORD={v} -t registry.{domain}/app:latest .", FamilyCLI, pwShell, nil, nil},
	{"dockerfile-arg", "dockerfile", "Dockerfile", "FROM python:3.12-slim\nARG DB_PASSWORD={v}\nENV APP_ENV=production", FamilyPassword, pwShell, nil, nil},
	// YAML block scalars, JSON in an environment variable, TOML inline tables.
	{"yaml-block-scalar", "yaml", "config/app.yml", "database:\n  host: {h}\n  password: >-\n    {v}\n  pool: 5", FamilyPassword, pwBare, nil, nil},
	{"yaml-block-scalar", "yaml", "config/settings.yaml", "smtp:\n  user: {u}\n  password: |\n    {v}\n  port: 587", FamilyPassword, pwBare, nil, nil},
	{"json-in-env", "env", "deploy/app.env", "SPRING_PROFILES_ACTIVE=prod\nSPRING_APPLICATION_JSON='{\"spring.datasource.password\":\"{v}\"}'", FamilyPassword, pwURL, nil, nil},
	{"toml-inline-table", "toml", "config.toml", "[servers]\ndb = { host = \"{h}\", user = \"{u}\", password = \"{v}\" }", FamilyPassword, pwQuoted, nil, nil},
	// Go composite literals, Laravel's env() defaults.
	{"go-composite", "go", "internal/db/db.go", "package db\n\nfunc config() mysql.Config {\n\treturn mysql.Config{User: \"{u}\", Passwd: \"{v}\", Net: \"tcp\", Addr: \"{h}:3306\", DBName: \"{db}\"}\n}", FamilyPassword, pwQuoted, nil, nil},
	{"laravel-env-default", "php", "config/database.php", "<?php\n\nreturn [\n    'mysql' => [\n        'username' => env('DB_USERNAME', 'forge'),\n        'password' => env('DB_PASSWORD', '{v}'),\n    ],\n];", FamilyPassword, pwShell, nil, nil},
	// Wi-Fi, CI login steps, MySQL and ODBC option files.
	{"wpa-psk", "conf", "etc/wpa_supplicant/wpa_supplicant.conf", "ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev\nnetwork={\n    ssid=\"HomeNet-5G\"\n    psk=\"{v}\"\n    key_mgmt=WPA-PSK\n}", FamilyPassword, pwQuoted, minEight, nil},
	{"ci-login-step", "ci", ".github/workflows/release.yml", "jobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: registry.{domain}\n          username: {u}\n          password: {v}", FamilyPassword, pwBare, nil, nil},
	{"option-file", "ini", ".my.cnf", "[client]\nuser={u}\npassword={v}\nhost={h}", FamilyPassword, pwBare, nil, nil},
	{"option-file", "ini", "etc/odbc.ini", "[warehouse]\nDriver=ODBC Driver 18 for SQL Server\nServer={h}\nUID={u}\nPWD={v}", FamilyPassword, pwBare, nil, nil},
	// PowerShell's PSCredential and a JDBC URL inside XML.
	{"ps-credential", "ps1", "scripts/deploy.ps1", "$cred = New-Object System.Management.Automation.PSCredential(\"{u}\", (ConvertTo-SecureString \"{v}\" -AsPlainText -Force))", FamilyCLI, pwURL, nil, nil},
	{"jdbc-in-xml", "xml", "src/main/resources/hibernate.cfg.xml", "<hibernate-configuration>\n  <session-factory>\n    <property name=\"hibernate.connection.url\">jdbc:mysql://{h}:3306/{db}?user={u}&amp;password={v}</property>\n  </session-factory>\n</hibernate-configuration>", FamilyConnString, pwURL, nil, nil},
}

// notebook writes a Jupyter notebook (nbformat 4) with one code cell of
// the given source lines, as they are written in the JSON.
func notebook(lines ...string) string {
	return "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 1,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    " +
		strings.Join(lines, "\n    ") + "\n   ]\n  }\n ],\n \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}"
}

// propertiesEscape writes v as java.util.Properties.store does: a
// character outside ISO-8859-1's printable ASCII as \uXXXX, and = : # !
// after a backslash.
func propertiesEscape(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r == '=' || r == ':' || r == '#' || r == '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r > 0x7e:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nonASCII puts a letter outside ASCII into a password, as German, French
// or Spanish users' passwords have.
func nonASCII(g gen, v string) string {
	i := g.IntN(len(v) + 1)
	return v[:i] + g.pick("ä", "ö", "ü", "ß", "é", "ñ", "ç") + v[i:]
}

// withSeparator puts one of the characters a .properties file escapes
// into a password.
func withSeparator(g gen, v string) string {
	i := 1 + g.IntN(len(v))
	return v[:i] + g.pick("=", ":", "#", "!") + v[i:]
}

// oracleWord makes a password an unquoted Oracle identifier: a letter,
// then letters, digits and _.
func oracleWord(g gen, v string) string {
	v = strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (isLetterByte(byte(r)) || '0' <= r && r <= '9') {
			return r
		}
		return '_'
	}, v)
	if !isLetterByte(v[0]) {
		v = g.pick("K", "T", "W") + v
	}
	return v
}

func isLetterByte(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func noColon(_ gen, v string) string { return strings.ReplaceAll(v, ":", "") }

// minEight pads a password to WPA's minimum of eight characters.
func minEight(g gen, v string) string {
	for len(v) < 8 {
		v += g.digits(1)
	}
	return v
}

// configShapes plants every config case a few times.
func (b *builder) configShapes() {
	for _, c := range configCases {
		for i := 0; i < b.n(3); i++ {
			g := b.g
			v, weak := g.password(c.prof)
			if c.prep != nil {
				v = c.prep(g, v)
			}
			m := pwMark(v, weak, c.family, c.shape, c.format)
			written := v
			if c.encode != nil {
				written = c.encode(v)
			}
			if written != v {
				m.find, m.alt = written, []string{written}
			}
			b.plantRaw(c.format, c.path, strings.Split(b.sub(c.tmpl, written), "\n"), m)
		}
	}
}

// configDecoys are the same shapes holding no credential; at is the part
// of the text that holds the shape.
var configDecoys = []struct{ format, path, text, at string }{
	{"k8s", "k8s/db-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\ndata:\n  DB_HOST: ZGIwMS5pbnRlcm5hbA==\n  DB_PASSWORD: \"\"", `DB_PASSWORD: ""`},
	{"compose", "docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}", "POSTGRES_PASSWORD=${POSTGRES_PASSWORD"},
	{"compose", "compose.yaml", "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n    secrets:\n      - db_password", "POSTGRES_PASSWORD_FILE"},
	{"ini", "inventory/hosts.ini", "[web]\nweb01.acme-corp.net ansible_user=deploy ansible_password=\"{{ vault_web_password }}\"", "vault_web_password"},
	{"properties", "src/main/resources/application.properties", "spring.datasource.username=app\nspring.datasource.password=${DB_PASSWORD}", "password=${DB_PASSWORD}"},
	{"properties", "src/main/resources/i18n/messages_de.properties", "login.password=Passwort\nlogin.password.change=Passwort \\u00e4ndern", `Passwort \u00e4ndern`},
	{"xml", "Web.config", "<configuration>\n  <appSettings>\n    <add key=\"SmtpPassword\" value=\"\" />\n    <add key=\"PasswordMinLength\" value=\"12\" />\n  </appSettings>\n</configuration>", `key="SmtpPassword" value=""`},
	{"xml", "NuGet.Config", "<configuration>\n  <packageSourceCredentials>\n    <nexus>\n      <add key=\"Username\" value=\"ci\" />\n      <add key=\"ClearTextPassword\" value=\"%NEXUS_PASSWORD%\" />\n    </nexus>\n  </packageSourceCredentials>\n</configuration>", "%NEXUS_PASSWORD%"},
	{"json", "notebooks/explore.ipynb", notebook(`"import getpass\n",`, `"password = getpass.getpass(\"Database password: \")\n",`, `"conn = psycopg2.connect(host=\"db01\", user=\"app\", password=password)"`), "getpass.getpass"},
	{"json", "analysis/report.ipynb", notebook(`"import os\n",`, `"DB_PASSWORD = os.environ[\"DB_PASSWORD\"]\n",`, `"print(len(DB_PASSWORD))"`), `os.environ[\"DB_PASSWORD\"]`},
	{"sql", "db/create_users.sql", "CREATE USER app_owner IDENTIFIED BY &app_password;\nCREATE USER ops IDENTIFIED EXTERNALLY;", "&app_password"},
	{"sql", "db/roles.sql", "ALTER ROLE app WITH LOGIN PASSWORD NULL;", "PASSWORD NULL"},
	{"sh", "scripts/bootstrap.sh", "#!/bin/sh\ncat > /etc/app/app.env <<EOF\nDB_PASSWORD=${DB_PASSWORD}\nEOF", "DB_PASSWORD=${DB_PASSWORD}"},
	{"conf", "deploy/app.service", "[Service]\nEnvironmentFile=/etc/app/secrets.env\nEnvironment=\"DB_PASSWORD_FILE=/run/credentials/app.service/db\"\nExecStart=/usr/local/bin/app", "DB_PASSWORD_FILE"},
	// What Windows writes in an answer file once sysprep has used it.
	{"xml", "unattend.xml", "<AdministratorPassword>\n  <Value>*SENSITIVE*DATA*DELETED*</Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>", "*SENSITIVE*DATA*DELETED*"},
	{"sh", "scripts/deploy.sh", "helm upgrade --install db bitnami/postgresql --set auth.password=$DB_PASSWORD --set auth.existingSecret=db-credentials", "auth.password=$DB_PASSWORD"},
	{"sh", "scripts/build.sh", "docker build --build-arg DB_PASSWORD -t app:latest .", "--build-arg DB_PASSWORD"},
	{"dockerfile", "Dockerfile", "FROM python:3.12-slim\nARG DB_PASSWORD\nRUN --mount=type=secret,id=db_password ./configure", "ARG DB_PASSWORD"},
	{"yaml", "config/app.yml", "database:\n  host: db01\n  password: >-\n    ${DB_PASSWORD}", "${DB_PASSWORD}"},
	{"env", "deploy/app.env", "SPRING_APPLICATION_JSON='{\"spring.datasource.password\":\"${DB_PASSWORD}\"}'", "SPRING_APPLICATION_JSON"},
	{"toml", "config.toml", "[servers]\ndb = { host = \"db01\", user = \"app\", password = \"\" }", `password = ""`},
	{"go", "internal/db/db.go", "package db\n\nfunc config() mysql.Config {\n\treturn mysql.Config{User: os.Getenv(\"DB_USER\"), Passwd: os.Getenv(\"DB_PASSWORD\")}\n}", "Passwd: os.Getenv"},
	{"php", "config/database.php", "<?php\n\nreturn [\n    'mysql' => [\n        'password' => env('DB_PASSWORD', ''),\n    ],\n];", "env('DB_PASSWORD', '')"},
	{"conf", "etc/wpa_supplicant/wpa_supplicant.conf", "network={\n    ssid=\"Guest\"\n    key_mgmt=NONE\n}\n# network={ ssid=\"Office\" psk=\"your-wifi-password\" }", "your-wifi-password"},
	{"ci", ".github/workflows/release.yml", "      - uses: docker/login-action@v3\n        with:\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}", "secrets.GITHUB_TOKEN"},
	{"ini", ".my.cnf", "[client]\nuser=app\npassword=\nhost=localhost", "password="},
	{"ps1", "scripts/deploy.ps1", "$cred = New-Object System.Management.Automation.PSCredential($env:DEPLOY_USER, (ConvertTo-SecureString $env:DEPLOY_PASSWORD -AsPlainText -Force))", "$env:DEPLOY_PASSWORD"},
	{"xml", "src/main/resources/hibernate.cfg.xml", "<property name=\"hibernate.connection.url\">jdbc:mysql://db01:3306/app?user=app&amp;password=${db.password}</property>", "${db.password}"},
	// Redactions and examples that documentation and logs write.
	{"json", "logs/request-dump.json", "{\"url\": \"https://api.acme-corp.net/login\", \"body\": {\"username\": \"ops\", \"password\": \"[REDACTED]\"}}", "[REDACTED]"},
	{"yaml", "config/example.yml", "database:\n  password: \"***\"", `"***"`},
	{"md", "docs/setup.md", "# Setup\n\nCopy `.env.example` to `.env` and set `DB_PASSWORD=<choose-a-password>` before the first start.", "<choose-a-password>"},
}

// configShapeDecoys plants each decoy six times, as many decoys as the
// cases plant secrets.
func (b *builder) configShapeDecoys() {
	for i := 0; i < b.n(6); i++ {
		for _, d := range configDecoys {
			lines := strings.Split(d.text, "\n")
			line := 0
			for j, l := range lines {
				if strings.Contains(l, d.at) {
					line = j + 1
					break
				}
			}
			m := decoyMark(strings.TrimSpace(lines[line-1]), DecoyConfigShape, d.format, FamilyPassword)
			m.line, m.find = line, d.at
			b.plantRaw(d.format, d.path, lines, m)
		}
	}
}
