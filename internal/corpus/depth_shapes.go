package corpus

// Credentials with no vendor format in the forms real code and tooling
// writes them and the shapes before these do not: Kotlin, Swift, Dart,
// Rust, Scala, Perl, R, Lua and Elixir calls and initialisers, builder
// calls, header maps and header setters, environment lookups with a
// literal default, annotation defaults, C macros, Terraform locals and
// providers, SQL logins, database links and seeded API clients, log4j,
// nginx and Apache configuration, Postman collections, HAR captures,
// REST-client files, CI variables, Helm values, Ansible group variables and
// Markdown tables, prose and fenced code. Each shape has decoys of its own
// form: lookups, empty defaults, placeholders, templates and labels.

// DecoyDepthShape is a decoy written in one of the shapes of depthCases.
const DecoyDepthShape = "depth-shape"

// Paths of files the depth cases write.
const (
	pathKotlin   = "app/src/main/kotlin/com/acme/Clients.kt"
	pathSwift    = "ios/App/Network/Session.swift"
	pathDart     = "lib/api.dart"
	pathPostman  = "postman/orders.postman_collection.json"
	pathHAR      = "captures/login.har"
	pathRestHTTP = "requests/orders.http"
)

// postman writes a Postman collection (schema v2.1) with one request
// whose auth block is the given JSON members.
func postman(auth string) string {
	return "{\n  \"info\": {\n    \"name\": \"Orders API\",\n    \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"\n  },\n  \"item\": [\n    {\n      \"name\": \"List orders\",\n      \"request\": {\n        \"method\": \"GET\",\n        \"auth\": " +
		auth + ",\n        \"url\": \"https://api.{domain}/v1/orders\"\n      }\n    }\n  ]\n}"
}

// har writes an HTTP Archive (HAR 1.2) entry with the given request header.
func har(name, value string) string {
	return "{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"entries\": [\n      {\n        \"request\": {\n          \"method\": \"POST\",\n          \"url\": \"https://portal.{domain}/api/session\",\n          \"headers\": [\n            {\"name\": \"Accept\", \"value\": \"application/json\"},\n            {\"name\": \"" +
		name + "\", \"value\": \"" + value + "\"}\n          ]\n        }\n      }\n    ]\n  }\n}"
}

var depthCases = []layoutCase{
	// Kotlin: an apply block, a constant, a builder call.
	{"kotlin-apply", "kt", pathKotlin, "val ds = HikariDataSource(HikariConfig().apply {\n    jdbcUrl = \"jdbc:postgresql://{h}:5432/{db}\"\n    username = \"{u}\"\n    password = \"{v}\"\n})", FamilyPassword, pwQuoted, false},
	{"kotlin-const", "kt", "app/src/main/kotlin/com/acme/ApiConfig.kt", "object ApiConfig {\n    const val API_SECRET = \"{v}\"\n}", FamilySecret, pwQuoted, true},
	{"builder-call", "kt", pathKotlin, "val client = WeatherClient.builder()\n    .baseUrl(\"https://api.{domain}\")\n    .withApiKey(\"{v}\")\n    .build()", FamilySecret, pwQuoted, true},
	{"builder-call", "java", "src/main/java/com/acme/Mail.java", "Mailer mailer = MailerBuilder.withSMTPServer(\"smtp.{domain}\", 587)\n        .withSMTPServerUsername(\"{u}\")\n        .withSMTPServerPassword(\"{v}\")\n        .buildMailer();", FamilyPassword, pwQuoted, false},
	{"builder-call", "java", "src/main/java/com/acme/Es.java", "client.setCredentials(\"{u}\", \"{v}\");", FamilyPassword, pwQuoted, false},
	// Swift and Dart.
	{"swift-credential", "swift", pathSwift, "let credential = URLCredential(user: \"{u}\", password: \"{v}\", persistence: .forSession)", FamilyPassword, pwQuoted, false},
	{"swift-static-let", "swift", "ios/App/Config.swift", "enum Config {\n    static let clientSecret = \"{v}\"\n}", FamilySecret, pwQuoted, true},
	{"dart-const", "dart", "lib/config.dart", "const String apiKey = '{v}';", FamilySecret, pwQuoted, true},
	{"header-map", "dart", pathDart, "final response = await http.get(uri, headers: {'Authorization': 'Bearer {v}'});", FamilySecret, pwQuoted, true},
	// Header maps and header setters.
	{"header-map", "js", "src/client.js", "const headers = {\n  \"Content-Type\": \"application/json\",\n  \"X-Api-Key\": \"{v}\",\n};", FamilySecret, pwQuoted, true},
	{"header-map", "ps1", "scripts/sync.ps1", "Invoke-RestMethod -Uri \"https://api.{domain}/v1/sync\" -Headers @{ \"X-Api-Key\" = \"{v}\" }", FamilySecret, pwQuoted, true},
	{"header-index", "js", "src/client.js", "headers[\"Authorization\"] = \"Token {v}\";", FamilySecret, pwQuoted, true},
	{"header-index", "py", "app/client.py", "session.headers[\"X-Auth-Token\"] = \"{v}\"", FamilySecret, pwQuoted, true},
	{"header-call", "java", "src/main/java/com/acme/Api.java", "Request request = new Request.Builder().url(url).header(\"X-Api-Key\", \"{v}\").build();", FamilySecret, pwQuoted, true},
	{"header-call", "cs", "src/Acme/ApiClient.cs", "client.DefaultRequestHeaders.Add(\"X-Api-Key\", \"{v}\");", FamilySecret, pwQuoted, true},
	{"header-call", "m", "ios/App/ApiClient.m", "[request setValue:@\"{v}\" forHTTPHeaderField:@\"X-Api-Key\"];", FamilySecret, pwQuoted, true},
	// Environment lookups with a literal default.
	{"env-default", "js", "src/config.js", "const dbPassword = process.env.DB_PASSWORD || \"{v}\";", FamilyPassword, pwQuoted, false},
	{"env-default", "ts", "src/config.ts", "export const apiToken = process.env.API_TOKEN ?? \"{v}\";", FamilySecret, pwQuoted, true},
	{"env-default", "sh", "scripts/run.sh", "DB_PASSWORD=\"${DB_PASSWORD:-{v}}\"", FamilyPassword, pwURL, false},
	{"env-default", "compose", "docker-compose.yml", "services:\n  db:\n    image: mysql:8.0\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:-{v}}", FamilyPassword, pwURL, false},
	{"env-default", "go", "internal/config/config.go", "dbPassword := getEnv(\"DB_PASSWORD\", \"{v}\")", FamilyPassword, pwQuoted, false},
	{"env-default", "ex", "config/runtime.exs", "config :app, App.Repo,\n  username: System.get_env(\"DB_USER\", \"{u}\"),\n  password: System.get_env(\"DB_PASSWORD\", \"{v}\")", FamilyPassword, pwQuoted, false},
	{"annotation-default", "java", "src/main/java/com/acme/Billing.java", "@Value(\"${billing.api-key:{v}}\")\nprivate String apiKey;", FamilySecret, pwURL, true},
	// Keyword arguments, struct and table initialisers, calls.
	{"kwarg", "py", "app/clients.py", "client = WeatherClient(base_url=\"https://api.{domain}\", api_key=\"{v}\", timeout=10)", FamilySecret, pwQuoted, true},
	{"kwarg", "rb", "config/initializers/redis.rb", "$redis = Redis.new(host: '{h}', port: 6379, password: '{v}')", FamilyPassword, pwQuoted, false},
	{"kwarg", "scala", "src/main/scala/com/acme/Repo.scala", "val db = Database.forURL(\"jdbc:postgresql://{h}/{db}\", user = \"{u}\", password = \"{v}\", driver = \"org.postgresql.Driver\")", FamilyPassword, pwQuoted, false},
	{"kwarg", "r", "analysis/load.R", "con <- dbConnect(RPostgres::Postgres(), dbname = \"{db}\", host = \"{h}\", user = \"{u}\", password = \"{v}\")", FamilyPassword, pwQuoted, false},
	{"struct-init", "rs", "src/db.rs", "let cfg = Config {\n    host: \"{h}\".into(),\n    user: \"{u}\".into(),\n    password: \"{v}\".into(),\n};", FamilyPassword, pwQuoted, false},
	{"struct-init", "lua", "conf/app.lua", "return {\n  redis = { host = \"{h}\", port = 6379, password = \"{v}\" },\n}", FamilyPassword, pwQuoted, false},
	{"call-user-pass", "pl", "lib/Acme/DB.pm", "my $dbh = DBI->connect('dbi:Pg:dbname={db};host={h}', '{u}', '{v}', { RaiseError => 1 });", FamilyPassword, pwURL, false},
	{"map-pair", "kt", "app/src/main/kotlin/com/acme/Smtp.kt", "val props = mapOf(\"mail.smtp.user\" to \"{u}\", \"mail.smtp.password\" to \"{v}\")", FamilyPassword, pwQuoted, false},
	{"map-pair", "scala", "src/main/scala/com/acme/Conf.scala", "val conf = Map(\"user\" -> \"{u}\", \"password\" -> \"{v}\")", FamilyPassword, pwQuoted, false},
	{"c-define", "c", "include/config.h", "#define API_SECRET \"{v}\"", FamilySecret, pwQuoted, true},
	{"jenkins-sh", "groovy", "Jenkinsfile", "stage('Publish') {\n  steps {\n    sh 'curl -fsS -u {u}:{v} --upload-file app.tgz https://nexus.{domain}/repository/raw/app.tgz'\n  }\n}", FamilyCLI, pwURL, false},
	// Terraform.
	{"hcl-locals", "tf", "infra/main.tf", "locals {\n  grafana_admin_password = \"{v}\"\n}", FamilyPassword, pwQuoted, false},
	{"hcl-provider-token", "tf", "infra/providers.tf", "provider \"vault\" {\n  address = \"https://vault.{domain}:8200\"\n  token   = \"{v}\"\n}", FamilySecret, pwQuoted, true},
	// SQL.
	{"sql-dblink", "sql", "db/links.sql", "CREATE DATABASE LINK reporting CONNECT TO report_ro IDENTIFIED BY \"{v}\" USING 'REPORTDB';", FamilyPassword, pwURL, false},
	{"sql-addlogin", "sql", "db/logins.sql", "EXEC sp_addlogin 'etl_user', '{v}', 'warehouse';", FamilyPassword, pwURL, false},
	{"sql-insert-secret", "sql", "db/seed.sql", "INSERT INTO oauth_clients (name, client_id, client_secret) VALUES ('billing', 'billing-svc', '{v}');", FamilySecret, pwURL, true},
	// Server and logging configuration.
	{"log4j-smtp", "xml", "src/main/resources/log4j2.xml", "<Configuration>\n  <Appenders>\n    <SMTP name=\"Mail\" subject=\"Error\" to=\"ops@{domain}\" smtpHost=\"smtp.{domain}\" smtpUsername=\"{u}\" smtpPassword=\"{v}\"/>\n  </Appenders>\n</Configuration>", FamilyPassword, pwXML, false},
	{"app-config-key", "xml", "App.config", "<configuration>\n  <appSettings>\n    <add key=\"ApiBaseUrl\" value=\"https://api.{domain}\" />\n    <add key=\"ApiKey\" value=\"{v}\" />\n  </appSettings>\n</configuration>", FamilySecret, pwXML, true},
	{"nginx-header", "nginx", "nginx/conf.d/api.conf", "location /internal/ {\n    proxy_pass http://backend;\n    proxy_set_header X-Api-Key \"{v}\";\n}", FamilySecret, pwURL, true},
	{"apache-ldap-bind", "conf", "apache/sites-enabled/intranet.conf", "<Location /intranet>\n  AuthType Basic\n  AuthBasicProvider ldap\n  AuthLDAPURL \"ldap://{h}/ou=people,dc=acme,dc=corp?uid\"\n  AuthLDAPBindDN \"cn=apache,ou=svc,dc=acme,dc=corp\"\n  AuthLDAPBindPassword \"{v}\"\n  Require valid-user\n</Location>", FamilyPassword, pwURL, false},
	// API tools' files.
	{"postman-auth", "json", pathPostman, postman("{\n          \"type\": \"bearer\",\n          \"bearer\": [{\"key\": \"token\", \"value\": \"{v}\", \"type\": \"string\"}]\n        }"), FamilySecret, pwURL, true},
	{"postman-auth", "json", pathPostman, postman("{\n          \"type\": \"basic\",\n          \"basic\": [\n            {\"key\": \"password\", \"value\": \"{v}\", \"type\": \"string\"},\n            {\"key\": \"username\", \"value\": \"{u}\", \"type\": \"string\"}\n          ]\n        }"), FamilyPassword, pwURL, false},
	{"har-header", "json", pathHAR, har("Authorization", "Bearer {v}"), FamilySecret, pwURL, true},
	{"rest-client", "http", pathRestHTTP, "@baseUrl = https://api.{domain}\n@token = {v}\n\nGET {{baseUrl}}/v1/orders\nAuthorization: Bearer {{token}}", FamilySecret, pwURL, true},
	{"rest-client", "http", pathRestHTTP, "GET https://api.{domain}/v1/orders\nX-Api-Key: {v}\nAccept: application/json", FamilySecret, pwURL, true},
	// CI variables, Helm values, Ansible group variables.
	{"ci-variables", "yaml", ".gitlab-ci.yml", "variables:\n  DOCKER_DRIVER: overlay2\n  DB_PASSWORD: \"{v}\"\n\ntest:\n  script:\n    - make test", FamilyPassword, pwURL, false},
	{"ci-variables", "ci", ".github/workflows/test.yml", "name: test\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      API_TOKEN: {v}\n    steps:\n      - run: make integration", FamilySecret, pwURL, true},
	{"helm-values", "helm", "charts/app/values.yaml", "postgresql:\n  auth:\n    username: {u}\n    postgresPassword: {v}\n    database: {db}", FamilyPassword, pwBare, false},
	{"ansible-vars", "ansible", "group_vars/db/vars.yml", "mysql_port: 3306\nmysql_root_password: {v}\nmysql_databases:\n  - name: {db}", FamilyPassword, pwBare, false},
	// Markdown: a table, a line of prose, fenced shell.
	{"md-table", "md", "docs/environments.md", "# Environments\n\n| Environment | Host | User | Password |\n|---|---|---|---|\n| staging | {h} | {u} | {v} |", FamilyPassword, pwURL, false},
	{"md-prose", "md", "docs/onboarding.md", "# Staging database\n\nUse the account `{u}` on `{h}`.\n\nPassword: {v}", FamilyPassword, pwURL, false},
	{"md-key-value", "md", "docs/sandbox.md", "## Sandbox\n\n| Setting | Value |\n|---|---|\n| host | {h} |\n| api_key | `{v}` |", FamilySecret, pwURL, true},
	{"md-fenced", "md", "README.md", "## Running locally\n\n```bash\nexport API_KEY={v}\nnpm start\n```", FamilySecret, pwURL, true},
}

// depthDecoys are the same shapes holding no credential.
var depthDecoys = []shapeDecoy{
	{"kt", pathKotlin, "val ds = HikariDataSource(HikariConfig().apply {\n    username = System.getenv(\"DB_USER\")\n    password = System.getenv(\"DB_PASSWORD\")\n})"},
	{"kt", "app/src/main/kotlin/com/acme/ApiConfig.kt", "object ApiConfig {\n    const val API_SECRET_HEADER = \"X-Api-Secret\"\n}"},
	{"kt", pathKotlin, "val client = WeatherClient.builder()\n    .withApiKey(BuildConfig.WEATHER_API_KEY)\n    .build()"},
	{"java", "src/main/java/com/acme/Mail.java", "Mailer mailer = MailerBuilder.withSMTPServer(host, port)\n        .withSMTPServerPassword(props.getProperty(\"smtp.password\"))\n        .buildMailer();"},
	{"java", "src/main/java/com/acme/Es.java", "client.setCredentials(config.getUsername(), config.getPassword());"},
	{"swift", pathSwift, "let credential = URLCredential(user: user, password: password, persistence: .forSession)"},
	{"swift", "ios/App/Config.swift", "enum Config {\n    static let clientSecret = ProcessInfo.processInfo.environment[\"CLIENT_SECRET\"] ?? \"\"\n}"},
	{"dart", "lib/config.dart", "const String apiKey = String.fromEnvironment('API_KEY');"},
	{"dart", pathDart, "final response = await http.get(uri, headers: {'Authorization': 'Bearer $token'});"},
	{"js", "src/client.js", "const headers = {\n  \"Content-Type\": \"application/json\",\n  \"X-Api-Key\": process.env.API_KEY,\n};"},
	{"ps1", "scripts/sync.ps1", "Invoke-RestMethod -Uri $uri -Headers @{ \"X-Api-Key\" = $env:SYNC_API_KEY }"},
	{"js", "src/client.js", "headers[\"Authorization\"] = `Token ${token}`;"},
	{"py", "app/client.py", "session.headers[\"X-Auth-Token\"] = settings.AUTH_TOKEN"},
	{"java", "src/main/java/com/acme/Api.java", "Request request = new Request.Builder().url(url).header(\"X-Api-Key\", apiKey).build();"},
	{"cs", "src/Acme/ApiClient.cs", "client.DefaultRequestHeaders.Add(\"X-Api-Key\", _options.ApiKey);"},
	{"m", "ios/App/ApiClient.m", "[request setValue:self.apiKey forHTTPHeaderField:@\"X-Api-Key\"];"},
	{"js", "src/config.js", "const dbPassword = process.env.DB_PASSWORD || \"\";"},
	{"ts", "src/config.ts", "export const apiToken = process.env.API_TOKEN ?? \"changeme\";"},
	{"sh", "scripts/run.sh", "DB_PASSWORD=\"${DB_PASSWORD:-}\""},
	{"compose", "docker-compose.yml", "services:\n  db:\n    image: mysql:8.0\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:?set MYSQL_ROOT_PASSWORD}"},
	{"go", "internal/config/config.go", "dbPassword := getEnv(\"DB_PASSWORD\", \"\")"},
	{"ex", "config/runtime.exs", "config :app, App.Repo,\n  password: System.fetch_env!(\"DB_PASSWORD\")"},
	{"java", "src/main/java/com/acme/Billing.java", "@Value(\"${billing.api-key:}\")\nprivate String apiKey;"},
	{"py", "app/clients.py", "client = WeatherClient(base_url=settings.WEATHER_URL, api_key=os.environ[\"WEATHER_API_KEY\"], timeout=10)"},
	{"rb", "config/initializers/redis.rb", "$redis = Redis.new(host: ENV['REDIS_HOST'], port: 6379, password: ENV['REDIS_PASSWORD'])"},
	{"scala", "src/main/scala/com/acme/Repo.scala", "val db = Database.forURL(url, user = sys.env(\"DB_USER\"), password = sys.env(\"DB_PASSWORD\"), driver = \"org.postgresql.Driver\")"},
	{"r", "analysis/load.R", "con <- dbConnect(RPostgres::Postgres(), dbname = \"warehouse\", user = Sys.getenv(\"PGUSER\"), password = Sys.getenv(\"PGPASSWORD\"))"},
	{"rs", "src/db.rs", "let cfg = Config {\n    password: std::env::var(\"DB_PASSWORD\")?,\n};"},
	{"lua", "conf/app.lua", "return {\n  redis = { host = os.getenv(\"REDIS_HOST\"), password = os.getenv(\"REDIS_PASSWORD\") },\n}"},
	{"pl", "lib/Acme/DB.pm", "my $dbh = DBI->connect($dsn, $user, $pass, { RaiseError => 1 });"},
	{"kt", "app/src/main/kotlin/com/acme/Smtp.kt", "val props = mapOf(\"mail.smtp.user\" to user, \"mail.smtp.password\" to System.getenv(\"SMTP_PASSWORD\"))"},
	{"scala", "src/main/scala/com/acme/Conf.scala", "val conf = Map(\"user\" -> sys.env(\"DB_USER\"), \"password\" -> sys.env(\"DB_PASSWORD\"))"},
	{"c", "include/config.h", "#define API_SECRET_LEN 32"},
	{"groovy", "Jenkinsfile", "withCredentials([usernamePassword(credentialsId: 'nexus', usernameVariable: 'NEXUS_USER', passwordVariable: 'NEXUS_PASS')]) {\n  sh 'curl -fsS -u $NEXUS_USER:$NEXUS_PASS --upload-file app.tgz https://nexus.example.com/repository/raw/app.tgz'\n}"},
	{"tf", "infra/main.tf", "locals {\n  grafana_admin_password = var.grafana_admin_password\n}"},
	{"tf", "infra/providers.tf", "provider \"vault\" {\n  address = \"https://vault.example.com:8200\"\n  token   = var.vault_token\n}"},
	{"sql", "db/links.sql", "CREATE DATABASE LINK reporting CONNECT TO CURRENT_USER USING 'REPORTDB';"},
	{"sql", "db/logins.sql", "EXEC sp_addlogin 'etl_user', @passwd, 'warehouse';"},
	{"sql", "db/seed.sql", "INSERT INTO oauth_clients (name, client_id, client_secret) VALUES ('billing', 'billing-svc', NULL);"},
	{"xml", "src/main/resources/log4j2.xml", "<SMTP name=\"Mail\" smtpHost=\"smtp.example.com\" smtpUsername=\"${env:SMTP_USER}\" smtpPassword=\"${env:SMTP_PASSWORD}\"/>"},
	{"xml", "App.config", "<appSettings>\n  <add key=\"ApiKey\" value=\"\" />\n  <add key=\"ApiKeyHeader\" value=\"X-Api-Key\" />\n</appSettings>"},
	{"nginx", "nginx/conf.d/api.conf", "location /internal/ {\n    proxy_set_header X-Api-Key $http_x_api_key;\n}"},
	{"conf", "apache/sites-enabled/intranet.conf", "<Location /intranet>\n  AuthLDAPBindDN \"cn=apache,ou=svc,dc=example,dc=org\"\n  AuthLDAPBindPassword \"exec:/usr/local/bin/ldap-bind-password\"\n</Location>"},
	{"json", pathPostman, "{\n  \"auth\": {\n    \"type\": \"bearer\",\n    \"bearer\": [{\"key\": \"token\", \"value\": \"{{accessToken}}\", \"type\": \"string\"}]\n  }\n}"},
	{"json", pathHAR, "{\"log\": {\"entries\": [{\"request\": {\"headers\": [{\"name\": \"Authorization\", \"value\": \"Bearer <redacted>\"}]}}]}}"},
	{"http", pathRestHTTP, "@token = {{$dotenv API_TOKEN}}\n\nGET https://api.example.com/v1/orders\nAuthorization: Bearer {{token}}"},
	{"http", pathRestHTTP, "GET https://api.example.com/v1/orders\nX-Api-Key: {{apiKey}}"},
	{"yaml", ".gitlab-ci.yml", "variables:\n  DB_PASSWORD: $CI_DB_PASSWORD"},
	{"ci", ".github/workflows/test.yml", "jobs:\n  test:\n    env:\n      API_TOKEN: ${{ secrets.API_TOKEN }}"},
	{"helm", "charts/app/values.yaml", "postgresql:\n  auth:\n    postgresPassword: \"\"\n    existingSecret: app-postgresql"},
	{"ansible", "group_vars/db/vars.yml", "mysql_root_password: \"{{ vault_mysql_root_password }}\""},
	{"md", "docs/environments.md", "| Environment | User | Password |\n|---|---|---|\n| staging | deploy | in 1Password, \"Staging DB\" |"},
	{"md", "docs/onboarding.md", "Password: the one you chose at first login"},
	{"md", "README.md", "```bash\nexport API_KEY=<your-api-key>\nnpm start\n```"},
	{"md", "docs/sandbox.md", "| Option | Description |\n|---|---|\n| password | Required. The account's password |\n| api_key | Optional, see Settings > API |"},
	{"md", "docs/sandbox.md", "| Setting | Value |\n|---|---|\n| api_key | `${SANDBOX_API_KEY}` |"},
}

func (b *builder) plantDepthShapes() { b.plantCasesAndDecoys(depthCases, depthDecoys, DecoyDepthShape) }

// plantCasesAndDecoys plants every case a few times, and the decoys (as
// kind) twice as often, as the other shapes do.
func (b *builder) plantCasesAndDecoys(cases []layoutCase, decoys []shapeDecoy, kind string) {
	for _, c := range cases {
		b.plantLayoutCase(c)
	}
	for i := 0; i < b.n(6); i++ {
		for _, d := range decoys {
			b.plantShapeDecoy(d, kind)
		}
	}
}
