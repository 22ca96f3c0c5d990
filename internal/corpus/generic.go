package corpus

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Generic families: credentials without a vendor format.
const (
	FamilyPassword   = "generic-password"
	FamilySecret     = "generic-secret"
	FamilyConnString = "generic-connection-string"
	FamilyCLI        = "generic-cli-credential"
	FamilyBasicAuth  = "generic-basic-auth"
	FamilyHash       = "password-hash"
	FamilyPrivateKey = "private-key"
)

var passwordKeys = [][]string{{"password"}, {"db", "password"}, {"database", "password"}, {"admin", "password"}, {"smtp", "password"}, {"root", "password"},
	{"ldap", "bind", "password"}, {"mail", "password"}, {"redis", "password"}, {"rabbitmq", "password"}, {"keystore", "password"}, {"passwd"}, {"pwd"},
	{"pass"}, {"passphrase"}, {"db", "pass"}, {"master", "password"}, {"service", "account", "password"}, {"bind", "password"}, {"proxy", "password"}}

var credSections = [][]string{{"database"}, {"db"}, {"datasource"}, {"smtp"}, {"mail"}, {"ldap"}, {"redis"}, {"broker"}, {"admin"}, {"ftp"}}

func (b *builder) generic() {
	b.passwordsInData()
	b.passwordsInCode()
	b.passwordSyntaxes()
	b.connectionStrings()
	b.commandLines()
	b.basicAuth()
	b.credentialFiles()
	b.secrets()
	b.hashes()
	b.privateKeys()
}

// sub fills {v}, {u}, {h}, {db} and {domain} placeholders.
func (b *builder) sub(tmpl, v string) string {
	g := b.g
	return strings.NewReplacer("{v}", v, "{u}", g.username(), "{h}", g.hostname(), "{db}", g.pick("app", "orders", "billing", "analytics", "crm"),
		"{domain}", g.pick("acme-corp.net", "northwind.io", "globex.dev", "initech.co")).Replace(tmpl)
}

// wrapText puts body lines into a whole file of a text format.
func (b *builder) wrapText(format, svc string, body []string) []string {
	g := b.g
	switch format {
	case "log":
		return b.logFile(body)
	case "md":
		return b.mdFile(svc, g.pick("Run this once on the new host:", "Manual steps:", "For local development:", ""), "", body)
	case "sql":
		head := []string{g.pick("-- MySQL dump 10.13  Distrib 8.0.36", "-- PostgreSQL database dump"), "--", "-- Host: " + g.hostname(), "", "CREATE TABLE accounts (id integer PRIMARY KEY, name varchar(64));", "INSERT INTO accounts VALUES (1, 'acme');", ""}
		return append(append(head, body...), "", "-- Dump completed")
	case "ci":
		out := []string{"name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4", "      - name: deploy", "        run: |"}
		for _, l := range body {
			out = append(out, "          "+l)
		}
		return out
	case "nginx":
		out := []string{"server {", "    listen 443 ssl;", "    server_name " + svc + ".acme-corp.net;", "", "    location /api/ {", "        proxy_pass http://upstream_" + strings.ReplaceAll(svc, "-", "_") + ";"}
		for _, l := range body {
			out = append(out, "        "+l)
		}
		return append(out, "    }", "}")
	case "http", "txt", "ldif", "raw":
		return body
	}
	if l := langs[format]; l != nil {
		return b.codeFile(l, svc, body)
	}
	panic("no text wrapper for " + format)
}

// plant writes one generic case: lines of format in a new service dir.
func (b *builder) plant(format string, lines []string, marks ...mark) {
	dir, svc := b.svc()
	b.add(b.path(dir, svc, format, false), format, lines, marks, false)
}

func (b *builder) plantText(format string, body []string, marks ...mark) {
	dir, svc := b.svc()
	testDir := b.g.chance(4)
	b.add(b.path(dir, svc, format, testDir), format, b.wrapText(format, svc, body), marks, testDir)
}

func pwMark(v string, weak bool, family, shape, variant string) mark {
	return mark{value: v, expect: family, class: ClassGeneric, shape: shape, variant: variant, weak: weak}
}

// passwordsInData plants password settings in every structured format.
func (b *builder) passwordsInData() {
	formats := []string{"yaml", "json", "toml", "ini", "properties", "env", "xml", "tfvars", "helm", "ansible", "compose", "k8s"}
	for i := 0; i < b.n(12)*len(formats); i++ {
		g := b.g
		format := formats[i%len(formats)]
		prof := pwBare
		if format == "xml" {
			prof = pwXML
		}
		v, weak := g.password(prof)
		key := one(g, passwordKeys)
		e := leaf(key, v)
		variant := "flat"
		shape := format
		switch {
		case format == "xml" && i%3 == 0:
			e.ownLine, shape = true, "xml-own-line"
		case format == "xml":
			shape = "xml-element"
		case format == "k8s":
			shape = "k8s-secret"
		}
		es := []*entry{e}
		if g.chance(50) && format != "env" && format != "k8s" && format != "compose" {
			variant = "nested"
			es = []*entry{section(one(g, credSections), leaf([]string{g.pick("user", "username", "login")}, g.username()), leaf([]string{"host"}, g.hostname()), leaf([]string{"password"}, v))}
		}
		dir, svc := b.svc()
		lines, k := b.dataFile(format, svc, b.style(format), es, v)
		m := pwMark(v, weak, FamilyPassword, shape, variant)
		m.key = k
		b.add(b.path(dir, svc, format, g.chance(4)), format, lines, []mark{m}, false)
	}
	// JSON values with escaped characters, and k8s env name/value pairs.
	for i := 0; i < b.n(12); i++ {
		g := b.g
		v, _ := g.password(pwQuoted)
		cut := 1 + g.IntN(len(v)-1)
		v = v[:cut] + g.pick(`"`, `\`, `\"`, `/"`) + v[cut:]
		dir, svc := b.svc()
		lines, k := b.dataFile("json", svc, camel, []*entry{leaf(one(g, passwordKeys), v)}, v)
		m := pwMark(v, false, FamilyPassword, "json-escaped", "escaped-quote-or-backslash")
		m.key = k
		b.add(b.path(dir, svc, "json", false), "json", lines, []mark{m}, false)
	}
	for i := 0; i < b.n(12); i++ {
		g := b.g
		v, weak := g.password(pwBare)
		dir, svc := b.svc()
		name := upperSnake.join(one(g, passwordKeys))
		lines := b.k8sDeployment(svc, []*entry{{rawKey: "name", value: name}, {rawKey: "value", value: v}})
		m := pwMark(v, weak, FamilyPassword, "k8s-env", "name-value-pair")
		m.key = "env." + name
		b.add(b.path(dir, svc, "k8s", false), "k8s", lines, []mark{m}, false)
	}
}

// bindingShape names the assignment syntax of a language binding.
func bindingShape(l *lang, tmpl string) string {
	// Longest operators first: ":::=" also contains "::=" and ":=".
	for _, op := range [][2]string{{":::=", "op-triple-colon"}, {"::=", "op-double-colon"}, {"?=", "op-conditional"}, {":=", "op-walrus"}, {"<-", "op-left-arrow"}, {"var %n string", "go-typed-var"}} {
		if strings.Contains(tmpl, op[0]) {
			return op[1]
		}
	}
	switch {
	case l.id == "sh" && strings.HasPrefix(tmpl, "export"):
		return "shell-export"
	case l.id == "dockerfile":
		return "dockerfile-env"
	case strings.Contains(tmpl, "("):
		return "call-name-value"
	case strings.Contains(tmpl, "String") || strings.Contains(tmpl, "string") || strings.Contains(tmpl, ": str") || strings.Contains(tmpl, "#define"):
		return "typed-decl"
	}
	return "op-equals"
}

// passwordsInCode binds a password to a variable in every binding syntax
// of every language.
func (b *builder) passwordsInCode() {
	for _, id := range []string{"go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "makefile", "dockerfile", "r", "kt", "swift", "ps1", "bat", "c", "pl"} {
		l := langs[id]
		for _, bind := range l.assigns {
			for i := 0; i < b.n(4); i++ {
				g := b.g
				prof := pwQuoted
				switch id {
				case "sh", "makefile", "dockerfile", "bat":
					prof = pwShell
				}
				v, weak := g.password(prof)
				if id == "bat" || id == "makefile" {
					v = strings.NewReplacer("%", "", "$", "").Replace(v)
				}
				b.plantText(id, []string{bind.write(one(g, passwordKeys), l.quote(g, v))}, pwMark(v, weak, FamilyPassword, bindingShape(l, bind.tmpl), id))
			}
		}
	}
}

// passwordSyntax is a password written in one syntax; {v} is the password.
type passwordSyntax struct {
	shape, format, tmpl string
}

var passwordSyntaxList = []passwordSyntax{
	{"op-colon", "js", `const db = { host: "{h}", user: "{u}", password: "{v}" };`},
	{"op-colon", "ts", `export const smtp = { host: "smtp.{domain}", port: 587, auth: { user: "{u}", pass: "{v}" } };`},
	{"op-colon", "rb", `DB = { host: '{h}', password: '{v}' }.freeze`},
	{"op-arrow", "rb", `DB = { :adapter => 'postgresql', :username => '{u}', :password => '{v}' }`},
	{"op-arrow", "php", `$db = ['driver' => 'mysql', 'username' => '{u}', 'password' => '{v}'];`},
	{"op-arrow", "pl", `my %db = (user => '{u}', password => '{v}', host => '{h}');`},
	{"op-left-arrow", "r", `db_password <- "{v}"`},
	{"op-left-arrow", "r", `pwd <- "{v}"`},
	{"op-dot-equals", "php", `$password .= '{v}';`},
	{"op-dot-equals", "php", `$dsn .= ";password={v}";`},
	{"go-typed-var", "go", `var adminPassword string = "{v}"`},
	{"typed-decl", "java", `String password = "{v}";`},
	{"typed-decl", "cs", `string dbPassword = "{v}";`},
	{"typed-decl", "ts", `const password: string = "{v}";`},
	{"typed-decl", "kt", `val dbPassword: String = "{v}"`},
	{"setter", "java", `dataSource.setPassword("{v}");`},
	{"setter", "java", `mailSender.setPassword("{v}");`},
	{"setter", "js", `client.setPassword("{v}");`},
	{"setter", "py", `user.set_password("{v}")`},
	{"setter", "go", `cfg.SetPassword("{v}")`},
	{"setter", "php", `$mail->Password = '{v}';`},
	{"setter", "cs", `builder.Password = "{v}";`},
	{"setter", "java", `private final HikariConfig pool = HikariConfigs.of("{h}").password("{v}");`},
	{"constructor-arg", "java", `new PasswordAuthentication("{u}", "{v}".toCharArray());`},
	{"constructor-arg", "cs", `var credentials = new NetworkCredential("{u}", "{v}");`},
	{"constructor-arg", "java", `CredentialsProvider creds = new BasicCredentialsProvider(); creds.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials("{u}", "{v}"));`},
	{"constructor-arg", "java", `Connection conn = DriverManager.getConnection(url, "{u}", "{v}");`},
	{"constructor-arg", "py", `conn = mysql.connector.connect(host="{h}", user="{u}", password="{v}", database="{db}")`},
	{"constructor-arg", "py", `conn = psycopg2.connect(host="{h}", user="{u}", password="{v}", dbname="{db}")`},
	{"constructor-arg", "py", `server.login("{u}", "{v}")`},
	{"constructor-arg", "py", `resp = requests.get(url, auth=("{u}", "{v}"), timeout=10)`},
	{"constructor-arg", "py", `auth = HTTPBasicAuth("{u}", "{v}")`},
	{"constructor-arg", "py", `client = pymongo.MongoClient("{h}", username="{u}", password="{v}")`},
	{"constructor-arg", "py", `ssh.connect("{h}", username="{u}", password="{v}")`},
	{"constructor-arg", "rb", `Net::SSH.start("{h}", "{u}", password: "{v}") do |ssh|`},
	{"constructor-arg", "go", `auth := smtp.PlainAuth("", "{u}", "{v}", "smtp.{domain}")`},
	{"constructor-arg", "go", `err := conn.Bind("cn={u},dc=acme,dc=corp", "{v}")`},
	{"constructor-arg", "php", `$pdo = new PDO($dsn, '{u}', '{v}');`},
	{"constructor-arg", "php", `$link = mysqli_connect('{h}', '{u}', '{v}', '{db}');`},
	{"constructor-arg", "js", `const conn = mysql.createConnection({ host: "{h}", user: "{u}", password: "{v}" });`},
	{"constructor-arg", "cs", `var smtp = new SmtpClient("smtp.{domain}") { Credentials = new NetworkCredential("{u}", "{v}") };`},
	{"call-name-value", "py", `config.set("database", "password", "{v}")`},
	{"call-name-value", "java", `props.put("mail.smtp.password", "{v}");`},
	{"call-name-value", "java", `System.setProperty("db.password", "{v}");`},
	{"call-name-value", "go", `viper.Set("database.password", "{v}")`},
	{"call-name-value", "go", `os.Setenv("DB_PASSWORD", "{v}")`},
	{"call-name-value", "cs", `Environment.SetEnvironmentVariable("DB_PASSWORD", "{v}");`},
	{"call-name-value", "php", `putenv("DB_PASSWORD={v}");`},
	{"call-name-value", "js", `conf.set("password", "{v}");`},
	{"call-name-value", "c", `setenv("DB_PASSWORD", "{v}", 1);`},
	{"call-name-value", "rb", `Settings.set("smtp_password", "{v}")`},
	{"docker-run-e", "sh", `docker run -d --name db -e POSTGRES_PASSWORD={v} -p 5432:5432 postgres:16`},
	{"docker-run-e", "sh", `docker run --rm --env MYSQL_ROOT_PASSWORD='{v}' mysql:8.0`},
	{"docker-run-e", "md", `docker run -d -e "RABBITMQ_DEFAULT_PASS={v}" rabbitmq:3-management`},
	{"docker-run-e", "makefile", "db:\n\tdocker run -d -e POSTGRES_PASSWORD={v} postgres:16"},
	{"terraform", "tf", "variable \"db_password\" {\n  type      = string\n  default   = \"{v}\"\n  sensitive = true\n}"},
	{"terraform", "tf", "resource \"aws_db_instance\" \"main\" {\n  engine   = \"postgres\"\n  username = \"{u}\"\n  password = \"{v}\"\n}"},
	{"terraform", "tf", "provider \"postgresql\" {\n  host     = \"{h}\"\n  username = \"{u}\"\n  password = \"{v}\"\n}"},
	{"sql-create-user", "sql", `CREATE USER app WITH PASSWORD '{v}';`},
	{"sql-create-user", "sql", `ALTER USER 'root'@'localhost' IDENTIFIED BY '{v}';`},
	{"sql-create-user", "sql", `CREATE LOGIN svc_app WITH PASSWORD = '{v}';`},
	{"sql-create-user", "sql", `GRANT ALL PRIVILEGES ON app.* TO 'etl'@'%' IDENTIFIED BY '{v}';`},
	{"sql-insert", "sql", `INSERT INTO users (id, email, password) VALUES (1, 'admin@acme-corp.net', '{v}');`},
	{"xml-attribute", "xml", `<user username="{u}" password="{v}" roles="manager-gui,admin-gui"/>`},
	{"xml-attribute", "xml", `<Resource name="jdbc/AppDB" auth="Container" type="javax.sql.DataSource" username="{u}" password="{v}" url="jdbc:postgresql://{h}:5432/{db}"/>`},
	{"xml-attribute", "xml", `<connection host="{h}" user="{u}" password="{v}" />`},
	{"xml-element", "xml", `<property name="hibernate.connection.password">{v}</property>`},
	{"xml-attribute", "xml", `<property name="password" value="{v}"/>`},
}

func (b *builder) passwordSyntaxes() {
	for _, s := range passwordSyntaxList {
		for i := 0; i < b.n(3); i++ {
			g := b.g
			prof := pwQuoted
			switch s.format {
			case "sh", "makefile", "md":
				prof = pwShell
			case "xml":
				prof = pwXML
			case "sql":
				prof = pwBare
			}
			v, weak := g.password(prof)
			if s.shape == "op-dot-equals" && strings.Contains(s.tmpl, ";password=") {
				v = strings.ReplaceAll(v, ";", "")
			}
			body := strings.Split(b.sub(s.tmpl, v), "\n")
			m := pwMark(v, weak, FamilyPassword, s.shape, s.format)
			if s.format == "xml" {
				b.plant("xml", append(append([]string{`<?xml version="1.0" encoding="UTF-8"?>`, "<configuration>"}, indentAll("  ", body)...), "</configuration>"), m)
				continue
			}
			if s.format == "tf" {
				b.plant("tf", append([]string{"terraform {", "  required_version = \">= 1.5.0\"", "}", ""}, body...), m)
				continue
			}
			b.plantText(s.format, body, m)
		}
	}
}

func indentAll(indent string, ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = indent + l
	}
	return out
}

// template is a text with a credential at {v}, labelled with its shape.
type template struct{ shape, tmpl string }

// Connection strings with the password at {v}.
var connStrings = []template{
	{"url-postgres", "postgres://{u}:{v}@{h}:5432/{db}"},
	{"url-postgres", "postgresql://{u}:{v}@{h}:5432/{db}?sslmode=require"},
	{"url-mysql", "mysql://{u}:{v}@{h}:3306/{db}"},
	{"url-mariadb", "mariadb://{u}:{v}@{h}:3306/{db}"},
	{"url-mongodb", "mongodb://{u}:{v}@mongo01.internal.acme-corp.net:27017,mongo02.internal.acme-corp.net:27017/{db}?replicaSet=rs0&authSource=admin"},
	{"url-mongodb-srv", "mongodb+srv://{u}:{v}@cluster0.x7k2q.mongodb.net/{db}?retryWrites=true&w=majority"},
	{"url-redis", "redis://:{v}@{h}:6379/0"},
	{"url-redis", "redis://default:{v}@{h}:6379"},
	{"url-rediss", "rediss://default:{v}@{h}:6380/1"},
	{"url-amqp", "amqp://{u}:{v}@{h}:5672/orders"},
	{"url-amqps", "amqps://{u}:{v}@{h}:5671/%2f"},
	{"url-ftp", "ftp://{u}:{v}@files.{domain}/incoming/"},
	{"url-sftp", "sftp://{u}:{v}@{h}:22/uploads"},
	{"url-smtp", "smtp://{u}:{v}@smtp.{domain}:587"},
	{"url-smtps", "smtps://{u}%40{domain}:{v}@smtp.{domain}:465"},
	{"url-ldap", "ldap://{u}:{v}@{h}:389/dc=acme,dc=corp"},
	{"url-ldaps", "ldaps://{u}:{v}@{h}:636"},
	{"url-http", "http://{u}:{v}@proxy.{domain}:3128"},
	{"url-https", "https://{u}:{v}@nexus.{domain}/repository/pypi/simple"},
	{"url-https", "https://{u}:{v}@git.{domain}/platform/deploy-tools.git"},
	{"jdbc-postgresql", "jdbc:postgresql://{h}:5432/{db}?user={u}&password={v}&ssl=true"},
	{"jdbc-mysql", "jdbc:mysql://{h}:3306/{db}?user={u}&password={v}&useSSL=false"},
	{"jdbc-sqlserver", "jdbc:sqlserver://{h}:1433;databaseName={db};user={u};password={v};encrypt=true"},
	{"jdbc-oracle", "jdbc:oracle:thin:{u}/{v}@//{h}:1521/ORCLPDB1"},
	{"jdbc-mariadb", "jdbc:mariadb://{h}:3306/{db}?user={u}&password={v}"},
	{"odbc", "Driver={ODBC Driver 18 for SQL Server};Server=tcp:{h},1433;Database={db};Uid={u};Pwd={v};Encrypt=yes;"},
	{"odbc", "DSN=warehouse;UID={u};PWD={v}"},
	{"adonet-sqlserver", "Server=tcp:{h},1433;Initial Catalog={db};User ID={u};Password={v};Encrypt=True;"},
	{"adonet-sqlserver", "Data Source={h};Initial Catalog={db};User Id={u};Password={v};"},
	{"adonet-npgsql", "Host={h};Port=5432;Database={db};Username={u};Password={v}"},
	{"sqlalchemy", "postgresql+psycopg2://{u}:{v}@{h}/{db}"},
	{"sqlalchemy", "mysql+pymysql://{u}:{v}@{h}:3306/{db}?charset=utf8mb4"},
	{"sqlalchemy", "mssql+pyodbc://{u}:{v}@{h}/{db}?driver=ODBC+Driver+18+for+SQL+Server"},
	{"sqlalchemy", "oracle+cx_oracle://{u}:{v}@{h}:1521/?service_name=ORCLPDB1"},
	{"dsn-go-mysql", "{u}:{v}@tcp({h}:3306)/{db}?parseTime=true"},
}

// connContainers put a connection string in a file, by the kind of string;
// the key that holds it never says password.
func connContainers(shape string) []string {
	switch {
	case strings.HasPrefix(shape, "jdbc"):
		return []string{"properties", "java", "yaml", "env", "xml-webconfig", "log"}
	case strings.HasPrefix(shape, "odbc"), strings.HasPrefix(shape, "adonet"):
		return []string{"json-appsettings", "cs", "xml-webconfig", "env", "yaml", "log"}
	case shape == "sqlalchemy":
		return []string{"py", "env", "yaml", "ini", "log"}
	case shape == "dsn-go-mysql":
		return []string{"go", "env", "yaml", "log"}
	}
	return []string{"env", "yaml", "json-appsettings", "properties", "py", "js", "go", "rb", "compose", "k8s", "tf", "log", "sh", "md"}
}

func (b *builder) connectionStrings() {
	for ci, cs := range connStrings {
		for i := 0; i < b.n(6); i++ {
			g := b.g
			prof := pwURL
			if strings.HasPrefix(cs.shape, "odbc") || strings.HasPrefix(cs.shape, "adonet") {
				prof = pwBare
			}
			v, weak := g.password(prof)
			v = strings.NewReplacer(";", "", "=", "", ",", "").Replace(v)
			s := b.sub(cs.tmpl, v)
			m := pwMark(v, weak, FamilyConnString, cs.shape, "")
			containers := connContainers(cs.shape)
			container := containers[(ci*6+i)%len(containers)]
			m.variant = container
			b.plantConn(container, s, m)
		}
	}
}

func (b *builder) plantConn(container, s string, m mark) {
	g := b.g
	key := g.pick("database url", "db url", "connection string", "dsn", "uri", "url", "broker url", "cache url")
	switch container {
	case "env", "yaml", "properties", "compose", "k8s", "ini":
		dir, svc := b.svc()
		lines, k := b.dataFile(container, svc, b.style(container), []*entry{leaf(strings.Fields(key), s)}, s)
		m.key = k
		b.add(b.path(dir, svc, container, false), container, lines, []mark{m}, false)
	case "json-appsettings":
		dir, svc := b.svc()
		lines, k := b.dataFile("json", svc, pascal, []*entry{section([]string{"connection", "strings"}, leaf([]string{"default"}, s))}, s)
		m.key = k
		b.add(dir+"/appsettings.json", "json", lines, []mark{m}, false)
	case "xml-webconfig":
		b.plant("xml", []string{`<?xml version="1.0" encoding="utf-8"?>`, "<configuration>", "  <connectionStrings>", `    <add name="Default" connectionString="` + xmlEscape(s) + `" providerName="System.Data.SqlClient" />`, "  </connectionStrings>", "</configuration>"}, m)
	case "tf":
		b.plant("tf", []string{`resource "kubernetes_secret" "db" {`, `  metadata {`, `    name = "db"`, `  }`, `  data = {`, fmt.Sprintf(`    url = %q`, s), `  }`, `}`}, m)
	case "log":
		b.plantText("log", []string{"INFO  [db] connecting to " + s, "INFO  [db] pool ready (10 connections)"}, m)
	case "sh":
		b.plantText("sh", []string{fmt.Sprintf("%s %q", g.pick("psql", "pg_dump --no-owner", "mongosh", "migrate -database", "alembic -x url="), s)}, m)
	case "md":
		b.plantText("md", []string{"DATABASE_URL=" + s}, m)
	default:
		l := langs[container]
		call := map[string]string{
			"py":   `engine = create_engine(%s, pool_pre_ping=True)`,
			"js":   `await mongoose.connect(%s);`,
			"go":   `db, err := sql.Open("postgres", %s)`,
			"rb":   `ActiveRecord::Base.establish_connection(%s)`,
			"java": `private final DataSource ds = DataSourceBuilder.create().url(%s).build();`,
			"cs":   `private readonly SqlConnection _conn = new SqlConnection(%s);`,
		}[container]
		b.plantText(container, []string{fmt.Sprintf(call, l.quote(g, s))}, m)
	}
}

// Command lines carrying a password at {v}.
var cliTemplates = []template{
	{"cli-curl-u", "curl -fsS -u {u}:{v} https://jenkins.{domain}/api/json"},
	{"cli-curl-user", "curl --user '{u}:{v}' -X POST https://registry.{domain}/v2/token"},
	{"cli-curl-proxy-user", "curl -x http://proxy.{domain}:3128 --proxy-user {u}:{v} https://downloads.{domain}/agent.tgz -o agent.tgz"},
	{"cli-wget", "wget --user={u} --password='{v}' https://files.{domain}/exports/latest.csv"},
	{"cli-mysql-p", "mysql -h {h} -u {u} -p{v} {db} < schema.sql"},
	{"cli-mysql-p", "mysqldump -u{u} -p'{v}' --single-transaction {db} > dump.sql"},
	{"cli-pgpassword", "PGPASSWORD='{v}' psql -h {h} -U {u} {db} -c 'select 1'"},
	{"cli-sshpass", "sshpass -p '{v}' ssh -o StrictHostKeyChecking=no {u}@{h} 'sudo systemctl restart app'"},
	{"cli-psexec", `psexec \\fs01.corp.local -u CORP\{u} -p {v} cmd /c "ipconfig /all"`},
	{"cli-net-use", `net use Z: \\fs01.corp.local\share /user:CORP\{u} {v} /persistent:no`},
	{"cli-connect-viserver", "Connect-VIServer -Server vcenter.corp.local -User administrator@vsphere.local -Password '{v}'"},
	{"cli-securestring", `$secure = ConvertTo-SecureString "{v}" -AsPlainText -Force`},
	{"cli-smbclient", "smbclient //{h}/backup -U {u}%{v} -c 'put dump.tgz'"},
	{"cli-redis-cli", "redis-cli -h {h} -a '{v}' --no-auth-warning INFO replication"},
	{"cli-mongosh", "mongosh \"mongodb://{h}:27017/admin\" -u admin -p '{v}' --eval 'db.stats()'"},
	{"cli-sqlcmd", "sqlcmd -S {h} -U sa -P '{v}' -Q \"SELECT @@VERSION\""},
	{"cli-docker-login", "docker login -u {u} -p {v} registry.{domain}"},
	{"cli-htpasswd", "htpasswd -b -c /etc/nginx/.htpasswd {u} '{v}'"},
	{"cli-rabbitmqctl", "rabbitmqctl add_user {u} '{v}'"},
	{"cli-ldapsearch", `ldapsearch -x -H ldap://{h} -D "cn=admin,dc=acme,dc=corp" -w '{v}' -b "dc=acme,dc=corp"`},
	{"cli-openssl-pass", "openssl pkcs12 -export -in cert.pem -inkey key.pem -out bundle.p12 -passout pass:{v}"},
}

var cliContainers = map[string][]string{
	"cli-psexec":           {"bat", "ps1", "md"},
	"cli-net-use":          {"bat", "md"},
	"cli-connect-viserver": {"ps1", "md"},
	"cli-securestring":     {"ps1"},
}

func (b *builder) commandLines() {
	for ti, t := range cliTemplates {
		for i := 0; i < b.n(8); i++ {
			g := b.g
			containers := cliContainers[t.shape]
			if containers == nil {
				containers = []string{"sh", "md", "ci", "makefile", "dockerfile", "log"}
			}
			format := containers[(ti+i)%len(containers)]
			prof := pwShell
			if format == "bat" || format == "ps1" || format == "makefile" || format == "dockerfile" {
				prof = pwURL
			}
			v, weak := g.password(prof)
			cmd := b.sub(t.tmpl, v)
			m := pwMark(v, weak, FamilyCLI, t.shape, format)
			switch format {
			case "makefile":
				b.plantText(format, []string{"", "restore:", "\t" + cmd}, m)
			case "dockerfile":
				b.plantText(format, []string{"RUN " + cmd}, m)
			case "log":
				b.plantText(format, []string{"INFO  [deploy] + " + cmd}, m)
			default:
				b.plantText(format, []string{cmd}, m)
			}
		}
	}
}

func (b *builder) basicAuth() {
	formats := []string{"sh", "http", "nginx", "py", "js", "yaml", "log", "md"}
	for i := 0; i < b.n(8)*len(formats); i++ {
		g := b.g
		format := formats[i%len(formats)]
		u := g.username()
		v, weak := g.password(pwBare)
		enc := base64.StdEncoding.EncodeToString([]byte(u + ":" + v))
		m := pwMark(enc, weak, FamilyBasicAuth, "authorization-basic", format)
		m.alt = []string{u + ":" + v, v}
		host := "https://" + g.pick("jenkins", "nexus", "grafana", "registry", "api") + "." + g.pick("acme-corp.net", "northwind.io")
		switch format {
		case "sh":
			b.plantText("sh", []string{fmt.Sprintf(`curl -H "Authorization: Basic %s" %s/api/health`, enc, host)}, m)
		case "http":
			b.plantText("http", []string{"### list builds", "GET " + host + "/api/json?tree=jobs[name]", "Accept: application/json", "Authorization: Basic " + enc, ""}, m)
		case "nginx":
			b.plantText("nginx", []string{fmt.Sprintf(`proxy_set_header Authorization "Basic %s";`, enc)}, m)
		case "py":
			b.plantText("py", []string{fmt.Sprintf(`HEADERS = {"Authorization": "Basic %s", "Accept": "application/json"}`, enc)}, m)
		case "js":
			b.plantText("js", []string{fmt.Sprintf(`const res = await fetch("%s/api/items", { headers: { Authorization: "Basic %s" } });`, host, enc)}, m)
		case "yaml":
			dir, svc := b.svc()
			lines, k := b.dataFile("yaml", svc, snake, []*entry{section([]string{"webhook"}, leaf([]string{"url"}, host+"/hooks/deploy"), section([]string{"headers"}, &entry{rawKey: "Authorization", value: "Basic " + enc}))}, "Basic "+enc)
			m.key = k
			b.add(b.path(dir, svc, "yaml", false), "yaml", lines, []mark{m}, false)
		case "log":
			b.plantText("log", []string{"DEBUG [http] > GET " + host + "/api/json", "DEBUG [http] > Authorization: Basic " + enc}, m)
		default:
			b.plantText("md", []string{fmt.Sprintf(`curl -H 'Authorization: Basic %s' %s/api/json`, enc, host)}, m)
		}
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// credentialFiles writes credential stores recognised by their name and
// format, one to three credentials each.
func (b *builder) credentialFiles() {
	for i := 0; i < b.n(6); i++ {
		for _, f := range credentialFileWriters {
			f(b)
		}
	}
}

func fileMark(v, expect, shape, variant string, weak bool) mark {
	return mark{value: v, expect: expect, class: ClassGeneric, shape: shape, variant: variant, weak: weak}
}

// addFile writes a credential file at its conventional name.
func (b *builder) addFile(name, format string, lines []string, marks ...mark) {
	dir, _ := b.svc()
	b.add(dir+"/"+name, format, lines, marks, false)
}

var credentialFileWriters = []func(b *builder){
	func(b *builder) { // .netrc: machine/login/password (man 5 netrc)
		g := b.g
		v, weak := g.password(pwBare)
		h := g.hostname()
		lines := []string{fmt.Sprintf("machine %s login %s password %s", h, g.username(), v)}
		marks := []mark{fileMark(v, FamilyPassword, "file-netrc", "one-line", weak)}
		if g.chance(50) {
			hk := g.uuid()
			lines = append(lines, "machine api.heroku.com", "  login ops@acme-corp.net", "  password "+hk)
			marks = append(marks, fileMark(hk, "heroku", "file-netrc", "heroku-cli", false))
		}
		b.addFile(g.pick(".netrc", "_netrc", "home/deploy/.netrc"), "netrc", lines, marks...)
	},
	func(b *builder) { // .pgpass: hostname:port:database:username:password (PostgreSQL libpq docs)
		g := b.g
		v, weak := g.password(pwBare)
		v2, weak2 := g.password(pwBare)
		b.addFile(g.pick(".pgpass", "home/postgres/.pgpass"), "pgpass", []string{
			fmt.Sprintf("%s:5432:app:%s:%s", g.hostname(), g.username(), v),
			fmt.Sprintf("%s:5432:*:replicator:%s", g.hostname(), v2),
		}, fileMark(v, FamilyPassword, "file-pgpass", "", weak), fileMark(v2, FamilyPassword, "file-pgpass", "", weak2))
	},
	func(b *builder) { // .npmrc auth settings (docs.npmjs.com/cli/v10/configuring-npm/npmrc)
		g := b.g
		switch g.IntN(4) {
		case 0:
			t := prefixedKind("npm").value(g)
			b.addFile(".npmrc", "npmrc", []string{"registry=https://registry.npmjs.org/", "//registry.npmjs.org/:_authToken=" + t}, fileMark(t, "npm", "file-npmrc", "_authToken", false))
		case 1:
			u := g.uuid()
			b.addFile(".npmrc", "npmrc", []string{"//registry.npmjs.org/:_authToken=" + u, "always-auth=true"}, fileMark(u, "npm", "file-npmrc", "_authToken-legacy-uuid", false))
		case 2:
			v, weak := g.password(pwBare)
			user := g.username()
			enc := b64(user + ":" + v)
			m := fileMark(enc, FamilyPassword, "file-npmrc", "_auth", weak)
			m.alt = []string{user + ":" + v, v}
			b.addFile(".npmrc", "npmrc", []string{"registry=https://nexus.acme-corp.net/repository/npm-group/", "_auth=" + enc, "email=ci@acme-corp.net", "always-auth=true"}, m)
		default:
			v, weak := g.password(pwBare)
			enc := b64(v)
			m := fileMark(enc, FamilyPassword, "file-npmrc", "_password", weak)
			m.alt = []string{v}
			b.addFile(".npmrc", "npmrc", []string{"//nexus.acme-corp.net/repository/npm/:username=" + g.username(), "//nexus.acme-corp.net/repository/npm/:_password=" + enc, "//nexus.acme-corp.net/repository/npm/:email=ci@acme-corp.net"}, m)
		}
	},
	func(b *builder) { // .pypirc (packaging.python.org/specifications/pypirc/)
		g := b.g
		if g.chance(50) {
			t := prefixedKind("pypi").value(g)
			b.addFile(".pypirc", "ini", []string{"[distutils]", "index-servers =", "    pypi", "", "[pypi]", "username = __token__", "password = " + t}, fileMark(t, "pypi", "file-pypirc", "token", false))
			return
		}
		v, weak := g.password(pwBare)
		b.addFile(".pypirc", "ini", []string{"[distutils]", "index-servers = nexus", "", "[nexus]", "repository = https://nexus.acme-corp.net/repository/pypi-internal/", "username = " + g.username(), "password = " + v}, fileMark(v, FamilyPassword, "file-pypirc", "password", weak))
	},
	func(b *builder) { // docker config.json: auths.<registry>.auth = base64(user:password)
		g := b.g
		var m mark
		var reg, enc string
		if g.chance(40) {
			pat := prefixedKind("dockerhub").value(g)
			enc = b64(g.username() + ":" + pat)
			m = fileMark(enc, "dockerhub", "file-docker-config", "hub-pat", false)
			m.alt = []string{pat}
			reg = "https://index.docker.io/v1/"
		} else {
			v, weak := g.password(pwBare)
			u := g.username()
			enc = b64(u + ":" + v)
			m = fileMark(enc, FamilyPassword, "file-docker-config", "registry-auth", weak)
			m.alt = []string{u + ":" + v, v}
			reg = "registry." + g.pick("acme-corp.net", "northwind.io")
		}
		name := g.pick(".docker/config.json", "home/ci/.docker/config.json")
		lines := []string{"{", `  "auths": {`, fmt.Sprintf(`    %q: {`, reg), fmt.Sprintf(`      "auth": %q`, enc), "    }", "  },", `  "credsStore": ""`, "}"}
		if g.chance(30) {
			name = ".dockercfg"
			lines = []string{"{", fmt.Sprintf(`  %q: {`, reg), fmt.Sprintf(`    "auth": %q,`, enc), `    "email": "ci@acme-corp.net"`, "  }", "}"}
		}
		b.addFile(name, "json", lines, m)
	},
	func(b *builder) { // .git-credentials: one URL with credentials per line (git-credential-store)
		g := b.g
		if g.chance(50) {
			t := prefixedKind("github-pat").value(g)
			b.addFile(".git-credentials", "git-credentials", []string{"https://x-access-token:" + t + "@github.com"}, fileMark(t, "github", "file-git-credentials", "github-token", false))
			return
		}
		v, weak := g.password(pwURL)
		b.addFile(".git-credentials", "git-credentials", []string{fmt.Sprintf("https://%s:%s@git.acme-corp.net", g.username(), v)}, fileMark(v, FamilyPassword, "file-git-credentials", "password", weak))
	},
	func(b *builder) { // Maven settings.xml <servers>
		g := b.g
		v, weak := g.password(pwXML)
		b.addFile(g.pick("settings.xml", ".m2/settings.xml"), "xml", []string{`<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">`, "  <servers>", "    <server>", "      <id>nexus-releases</id>", "      <username>" + g.username() + "</username>", "      <password>" + xmlEscape(v) + "</password>", "    </server>", "  </servers>", "</settings>"}, fileMark(v, FamilyPassword, "file-maven-settings", "", weak))
	},
	func(b *builder) { // gradle.properties
		g := b.g
		v, weak := g.password(pwBare)
		key := g.pick("nexusPassword", "signing.password", "systemProp.https.proxyPassword", "ossrhPassword", "artifactoryPassword")
		b.addFile("gradle.properties", "properties", []string{"org.gradle.jvmargs=-Xmx2g", "org.gradle.parallel=true", "nexusUsername=" + g.username(), key + "=" + v}, fileMark(v, FamilyPassword, "file-gradle-properties", key, weak))
	},
	func(b *builder) { // .htpasswd: user:hash (apr1, bcrypt or {SHA})
		g := b.g
		var h, variant string
		switch g.IntN(3) {
		case 0:
			h, variant = g.apr1(), "apr1"
		case 1:
			h, variant = g.bcrypt(), "bcrypt"
		default:
			h, variant = "{SHA}"+base64.StdEncoding.EncodeToString(g.bytes(20)), "sha1"
		}
		b.addFile(g.pick(".htpasswd", "nginx/.htpasswd"), "htpasswd", []string{g.username() + ":" + h}, fileMark(h, FamilyHash, "file-htpasswd", variant, false))
	},
	func(b *builder) { // wp-config.php: DB_PASSWORD and the authentication keys and salts
		g := b.g
		v, weak := g.password(pwQuoted)
		v = strings.ReplaceAll(v, `\`, "")
		salt := g.String(testutilPrintable, 64)
		b.addFile(g.pick("wp-config.php", "public_html/wp-config.php"), "php", []string{"<?php", "define( 'DB_NAME', 'wordpress' );", "define( 'DB_USER', 'wp_" + g.pick(nouns...) + "' );", "define( 'DB_PASSWORD', '" + v + "' );", "define( 'DB_HOST', 'localhost' );", "", "define( 'AUTH_KEY',         '" + salt + "' );", "$table_prefix = 'wp_';"},
			fileMark(v, FamilyPassword, "file-wp-config", "DB_PASSWORD", weak), fileMark(salt, FamilySecret, "file-wp-config", "AUTH_KEY", false))
	},
	func(b *builder) { // Rails config/database.yml and config/secrets.yml
		g := b.g
		if g.chance(50) {
			v, weak := g.password(pwBare)
			b.addFile("config/database.yml", "yaml", []string{"default: &default", "  adapter: postgresql", "  encoding: unicode", "  pool: 5", "", "production:", "  <<: *default", "  database: app_production", "  username: " + g.username(), "  password: " + v, "  host: " + g.hostname()}, fileMark(v, FamilyPassword, "file-rails-database-yml", "", weak))
			return
		}
		s := g.hex(128)
		b.addFile("config/secrets.yml", "yaml", []string{"production:", "  secret_key_base: " + s}, fileMark(s, FamilySecret, "file-rails-secrets-yml", "secret_key_base", false))
	},
	func(b *builder) { // Spring Boot application.properties / application.yml
		g := b.g
		v, weak := g.password(pwBare)
		if g.chance(50) {
			key := g.pick("spring.datasource.password", "spring.mail.password", "spring.rabbitmq.password", "spring.data.redis.password")
			b.addFile("src/main/resources/application.properties", "properties", []string{"spring.application.name=" + g.pick(services...), "spring.datasource.url=jdbc:postgresql://" + g.hostname() + ":5432/app", "spring.datasource.username=" + g.username(), key + "=" + v}, fileMark(v, FamilyPassword, "file-spring-properties", key, weak))
			return
		}
		b.addFile("src/main/resources/application.yml", "yaml", []string{"spring:", "  datasource:", "    url: jdbc:mysql://" + g.hostname() + ":3306/app", "    username: " + g.username(), "    password: " + v, "  jpa:", "    open-in-view: false"}, fileMark(v, FamilyPassword, "file-spring-yml", "spring.datasource.password", weak))
	},
	func(b *builder) { // FileZilla sitemanager.xml / recentservers.xml: <Pass encoding="base64">
		g := b.g
		v, weak := g.password(pwXML)
		enc := b64(v)
		m := fileMark(enc, FamilyPassword, "file-filezilla", "base64-pass", weak)
		m.alt = []string{v}
		name := g.pick("sitemanager.xml", "recentservers.xml", "AppData/Roaming/FileZilla/sitemanager.xml")
		b.addFile(name, "xml", []string{`<?xml version="1.0" encoding="UTF-8"?>`, `<FileZilla3 version="3.66.4" platform="windows">`, "  <Servers>", "    <Server>", "      <Host>" + g.hostname() + "</Host>", "      <Port>21</Port>", "      <Protocol>0</Protocol>", "      <User>" + g.username() + "</User>", `      <Pass encoding="base64">` + enc + "</Pass>", "    </Server>", "  </Servers>", "</FileZilla3>"}, m)
	},
	func(b *builder) { // AWS key pairs in .s3cfg, .boto, ~/.aws/credentials and rclone.conf
		g := b.g
		id, secret := g.AWSKeyID(), g.AWSSecret()
		marks := []mark{fileMark(id, "aws", "", "access-key-id", false), fileMark(secret, "aws", "", "secret-access-key", false)}
		var name, shape string
		var lines []string
		switch g.IntN(4) {
		case 0:
			name, shape, lines = ".s3cfg", "file-s3cfg", []string{"[default]", "access_key = " + id, "host_base = s3.amazonaws.com", "secret_key = " + secret, "use_https = True"}
		case 1:
			name, shape, lines = ".boto", "file-boto", []string{"[Credentials]", "aws_access_key_id = " + id, "aws_secret_access_key = " + secret, "", "[Boto]", "https_validate_certificates = True"}
		case 2:
			name, shape, lines = g.pick(".aws/credentials", "home/ci/.aws/credentials"), "file-aws-credentials", []string{"[default]", "aws_access_key_id = " + id, "aws_secret_access_key = " + secret, "", "[reporting]", "region = eu-west-1"}
		default:
			name, shape, lines = g.pick("rclone.conf", ".config/rclone/rclone.conf"), "file-rclone", []string{"[archive]", "type = s3", "provider = AWS", "access_key_id = " + id, "secret_access_key = " + secret, "region = eu-west-1"}
		}
		for i := range marks {
			marks[i].shape = shape
		}
		b.addFile(name, "ini", lines, marks...)
	},
	func(b *builder) { // gcloud application-default credentials for a user: an OAuth refresh token
		// and the client it was issued to (developers.google.com/identity/protocols/oauth2;
		// refresh tokens are opaque, issued as "1//" + URL-safe characters).
		g := b.g
		secret := prefixedKind("google-client-secret").value(g)
		refresh := "1//0" + g.urlsafe(99)
		b.addFile(g.pick(".config/gcloud/application_default_credentials.json", "home/ci/.config/gcloud/application_default_credentials.json"), "json", []string{"{",
			`  "account": "",`,
			fmt.Sprintf(`  "client_id": "%s-%s.apps.googleusercontent.com",`, g.digits(12), g.String(lower+digits, 32)),
			fmt.Sprintf(`  "client_secret": %q,`, secret),
			`  "quota_project_id": "acme-` + g.pick(nouns...) + `",`,
			fmt.Sprintf(`  "refresh_token": %q,`, refresh),
			`  "type": "authorized_user"`, "}"},
			fileMark(secret, "google", "file-gcloud-adc", "client_secret", false), fileMark(refresh, "google", "file-gcloud-adc", "refresh_token", false))
	},
	func(b *builder) { // rclone sftp remote: pass is obscured (reversible), still a credential
		g := b.g
		obscured := strings.TrimRight(base64.URLEncoding.EncodeToString(g.bytes(24+g.IntN(12))), "=")
		b.addFile(g.pick("rclone.conf", ".config/rclone/rclone.conf"), "ini", []string{"[backup]", "type = sftp", "host = " + g.hostname(), "user = " + g.username(), "pass = " + obscured, "shell_type = unix"}, fileMark(obscured, FamilyPassword, "file-rclone", "obscured-pass", false))
	},
	func(b *builder) { // kubeconfig with a basic-auth user
		g := b.g
		v, weak := g.password(pwBare)
		b.addFile(g.pick(".kube/config", "kubeconfig.yaml"), "yaml", []string{"apiVersion: v1", "kind: Config", "clusters:", "- cluster:", "    server: https://k8s." + g.pick("acme-corp.net", "northwind.io") + ":6443", "  name: prod", "users:", "- name: admin", "  user:", "    username: admin", "    password: " + v, "current-context: prod"}, fileMark(v, FamilyPassword, "file-kubeconfig", "basic-auth", weak))
	},
	func(b *builder) { // SQL dump: a users table with a plain password and hashes
		g := b.g
		v, weak := g.password(pwBare)
		h := g.bcrypt()
		b.addFile(g.pick("db/dump.sql", "backups/users.sql"), "sql", []string{"-- MySQL dump 10.13", "DROP TABLE IF EXISTS `users`;", "CREATE TABLE `users` (`id` int NOT NULL, `login` varchar(64), `password` varchar(255), PRIMARY KEY (`id`));", "LOCK TABLES `users` WRITE;",
			fmt.Sprintf("INSERT INTO `users` VALUES (1,'admin','%s'),(2,'%s','%s');", v, g.username(), h), "UNLOCK TABLES;"},
			fileMark(v, FamilyPassword, "file-sql-dump", "plaintext", weak), fileMark(h, FamilyHash, "file-sql-dump", "bcrypt", false))
	},
}

// testutilPrintable is the character set of WordPress's generated salts.
const testutilPrintable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#%^&*()-_[]{}<>~+=,.;:/?|"

func prefixedKind(id string) tokenKind {
	for _, k := range prefixedKinds {
		if k.id == id {
			return k
		}
	}
	panic("no prefixed kind " + id)
}

// secrets plants vendor-less secrets: framework keys, signing secrets,
// OAuth client secrets.
func (b *builder) secrets() {
	type secretKind struct {
		shape string
		value func(g gen) string
		write func(b *builder, v string, m mark)
	}
	envOrYAML := func(name string) func(b *builder, v string, m mark) {
		return func(b *builder, v string, m mark) {
			format := b.g.pick("env", "yaml", "compose", "k8s", "json")
			dir, svc := b.svc()
			lines, k := b.dataFile(format, svc, b.style(format), []*entry{leaf(strings.Fields(name), v)}, v)
			m.key, m.variant = k, format
			b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
		}
	}
	kinds := []secretKind{
		{"secret-django", func(g gen) string {
			s := g.String(lower+digits+"!@#%^&*(-_=+)", 50)
			if g.chance(30) {
				s = "django-insecure-" + s
			}
			return s
		}, func(b *builder, v string, m mark) { b.plantText("py", []string{"SECRET_KEY = '" + v + "'"}, m) }},
		{"secret-rails", func(g gen) string { return g.hex(128) }, envOrYAML("secret key base")},
		{"secret-laravel", func(g gen) string { return "base64:" + base64.StdEncoding.EncodeToString(g.bytes(32)) }, func(b *builder, v string, m mark) {
			b.plant("env", []string{"APP_NAME=Backoffice", "APP_ENV=production", "APP_KEY=" + v, "APP_DEBUG=false"}, m)
		}},
		{"secret-jwt", func(g gen) string { return g.base62(32 + g.IntN(33)) }, envOrYAML("jwt secret")},
		{"secret-client-secret", func(g gen) string { return g.urlsafe(32 + g.IntN(9)) }, envOrYAML("oauth client secret")},
		{"secret-encryption-key", func(g gen) string { return g.hex(64) }, envOrYAML("encryption key")},
		{"secret-session", func(g gen) string { return g.base62(48) }, func(b *builder, v string, m mark) {
			b.plantText("js", []string{fmt.Sprintf(`app.use(session({ secret: %q, resave: false, saveUninitialized: false }));`, v)}, m)
		}},
		{"secret-webhook", func(g gen) string { return g.hex(40) }, envOrYAML("webhook signing secret")},
		{"secret-internal-api-key", func(g gen) string { return g.base62(40) }, func(b *builder, v string, m mark) {
			b.plantText("py", []string{fmt.Sprintf(`resp = requests.get("https://inventory.internal.acme-corp.net/v1/items", headers={"X-Api-Key": %q})`, v)}, m)
		}},
	}
	for _, k := range kinds {
		for i := 0; i < b.n(8); i++ {
			v := k.value(b.g)
			k.write(b, v, mark{value: v, expect: FamilySecret, class: ClassGeneric, shape: k.shape})
		}
	}
}

// hashes plants password hashes: crackable, so they are findings.
func (b *builder) hashes() {
	type hashKind struct {
		shape string
		value func(g gen) string
	}
	kinds := []hashKind{
		{"hash-bcrypt", gen.bcrypt}, {"hash-sha512crypt", gen.sha512crypt}, {"hash-sha256crypt", gen.sha256crypt},
		{"hash-md5crypt", gen.md5crypt}, {"hash-apr1", gen.apr1}, {"hash-django-pbkdf2", gen.djangoPBKDF2}, {"hash-django-argon2", gen.djangoArgon2},
		{"hash-krb5asrep", func(g gen) string { return g.asrep(g.pick("svc_backup", "jsmith", "sql_agent"), "CORP.ACME.LOCAL") }},
		{"hash-krb5tgs", func(g gen) string {
			return g.tgs(g.pick("svc_sql", "svc_web"), "CORP.ACME.LOCAL", "MSSQLSvc/"+g.pick("db01", "db02")+".corp.acme.local:1433")
		}},
	}
	for ki, k := range kinds {
		for i := 0; i < b.n(8); i++ {
			g := b.g
			h := k.value(g)
			m := mark{value: h, expect: FamilyHash, class: ClassGeneric, shape: k.shape}
			switch container := (ki + i) % 6; {
			case strings.HasPrefix(k.shape, "hash-krb5"):
				m.variant = "roast-output"
				b.addFile(g.pick("loot/hashes.txt", "audit/kerberoast.txt", "notes/asrep.txt"), "txt", []string{h}, m)
			case container == 0 && strings.HasPrefix(h, "$"):
				m.variant = "shadow"
				b.addFile(g.pick("etc/shadow", "backup/etc/shadow"), "shadow", []string{"root:" + h + ":19724:0:99999:7:::", "daemon:*:19724:0:99999:7:::", g.username() + ":!:19725:0:99999:7:::"}, m)
			case container == 1:
				m.variant = "sql"
				b.plantText("sql", []string{fmt.Sprintf("INSERT INTO auth_user (id, username, password, is_superuser) VALUES (1, 'admin', '%s', true);", h)}, m)
			case container == 2:
				m.variant = "django-fixture"
				b.plant("json", []string{"[", "  {", `    "model": "auth.user",`, `    "pk": 1,`, `    "fields": {`, `      "username": "admin",`, fmt.Sprintf(`      "password": %q,`, h), `      "is_superuser": true`, "    }", "  }", "]"}, m)
			case container == 3:
				m.variant = "ansible-user"
				b.plant("ansible", []string{"---", "users:", "  - name: " + g.username(), "    groups: [wheel]", "    password: \"" + h + "\""}, m)
			case container == 4:
				m.variant = "ldif"
				b.plantText("ldif", []string{"dn: uid=" + g.username() + ",ou=people,dc=acme,dc=corp", "objectClass: inetOrgPerson", "userPassword: {CRYPT}" + h}, m)
			default:
				m.variant = "yaml"
				dir, svc := b.svc()
				lines, key := b.dataFile("yaml", svc, snake, []*entry{section([]string{"admin"}, leaf([]string{"user"}, "admin"), leaf([]string{"password", "hash"}, h))}, h)
				m.key = key
				b.add(b.path(dir, svc, "yaml", false), "yaml", lines, []mark{m}, false)
			}
		}
	}
}

// privateKeys plants private keys in every container people use.
func (b *builder) privateKeys() {
	kinds := []string{"pkcs1", "pkcs1-encrypted", "pkcs8-rsa", "pkcs8-ec", "pkcs8-ed25519", "pkcs8-encrypted", "sec1-ec", "openssh", "openssh-encrypted", "ppk", "ppk-encrypted", "pgp"}
	containers := []string{"file", "yaml-block", "json-escaped", "tf-heredoc", "go-raw-string", "py-triple-quoted", "env-escaped", "k8s-secret", "md"}
	for ki, kind := range kinds {
		for i := 0; i < b.n(6); i++ {
			g := b.g
			var key string
			switch kind {
			case "ppk":
				key = puttyKey(g, false)
			case "ppk-encrypted":
				key = puttyKey(g, true)
			case "pgp":
				key = pgpPrivateKey(g)
			default:
				key = g.privateKeyPEM(kind)
			}
			container := containers[(ki+i)%len(containers)]
			if strings.HasPrefix(kind, "ppk") || kind == "pgp" {
				container = []string{"file", "yaml-block", "md"}[(ki+i)%3]
			}
			m := mark{value: strings.TrimRight(key, "\n"), expect: FamilyPrivateKey, class: ClassGeneric, shape: "key-" + kind, variant: container}
			b.plantKey(kind, container, key, m)
		}
	}
}

func (b *builder) plantKey(kind, container, key string, m mark) {
	g := b.g
	keyLines := strings.Split(strings.TrimRight(key, "\n"), "\n")
	escaped := strings.ReplaceAll(strings.TrimRight(key, "\n"), "\n", `\n`)
	switch container {
	case "file":
		name := map[string]string{"openssh": "id_ed25519", "openssh-encrypted": ".ssh/id_ed25519", "ppk": "keys/deploy.ppk", "ppk-encrypted": "keys/jump-host.ppk", "pgp": "keys/release-signing.asc"}[kind]
		if name == "" {
			name = g.pick("certs/server.key", "tls/private.pem", "keys/service-account.pem", "deploy/id_rsa", "ssl/"+g.pick(nouns...)+".key")
		}
		b.addFile(name, "key", keyLines, m)
	case "yaml-block":
		dir, svc := b.svc()
		lines, k := b.dataFile("yaml", svc, snake, []*entry{section([]string{"tls"}, leaf([]string{"private", "key"}, key))}, key)
		m.key = k
		b.add(b.path(dir, svc, "yaml", false), "yaml", lines, []mark{m}, false)
	case "json-escaped":
		// A Google service account key file: a scanner may report the
		// credential by its private_key_id, on the line above the key.
		m.find = escaped
		id := g.hex(40)
		m.alt = append(m.alt, id)
		b.plant("json", []string{"{", `  "type": "service_account",`, `  "project_id": "acme-` + g.pick(nouns...) + `",`, `  "private_key_id": "` + id + `",`, `  "private_key": "` + escaped + `\n",`, `  "client_email": "deployer@acme.iam.gserviceaccount.com"`, "}"}, m)
	case "tf-heredoc":
		b.plant("tf", append(append([]string{`resource "tls_locally_signed_cert" "api" {`, `  ca_private_key_pem = <<-EOT`}, indentAll("    ", keyLines)...), "  EOT", "}"), m)
	case "go-raw-string":
		b.plantText("go", append(append([]string{"signingKey := []byte(`" + keyLines[0]}, keyLines[1:len(keyLines)-1]...), keyLines[len(keyLines)-1]+"`)", "_ = signingKey"), m)
	case "py-triple-quoted":
		b.plantText("py", append(append([]string{`PRIVATE_KEY = """` + keyLines[0]}, keyLines[1:len(keyLines)-1]...), keyLines[len(keyLines)-1]+`"""`), m)
	case "env-escaped":
		m.find = escaped
		b.plant("env", []string{"APP_ENV=production", `JWT_PRIVATE_KEY="` + escaped + `"`, "JWT_ISSUER=https://auth.acme-corp.net"}, m)
	case "k8s-secret":
		dir, svc := b.svc()
		lines, k := b.dataFile("k8s", svc, kebab, []*entry{{rawKey: "tls.key", value: key}}, key)
		m.key = k
		b.add(b.path(dir, svc, "k8s", false), "k8s", lines, []mark{m}, false)
	default:
		b.plantText("md", keyLines, m)
	}
}
