package corpus

import "strings"

// Tokens without a unique prefix whose vendor is named away from the
// value: in a comment heading the block, in the class, function, module
// or Terraform variable around it, in the SDK the file imports, in the
// API host a URL is built on, in an INI or TOML section header, in the
// middle of an environment variable's name, in the folder the file sits
// in, in a Kubernetes Secret's name, in the Markdown paragraph before a
// fenced block, as the service an entry of a list configures, or as the
// scheme or host of a URL whose user is the token. Each
// layout has decoys of its own form: the vendor named, and beside it a
// lookup, an empty default or an id of the token's shape named as one.

// DecoyVendorAway is a decoy written in one of the layouts of awayCases.
const DecoyVendorAway = "vendor-away"

// awayCase is one layout. In tmpl and decoy, {v} is the token, {d} a
// value of its shape that a decoy names as an id; {Name} is the vendor as
// prose writes it, {name}, {Name_}, {NAME} its section word in lower,
// Pascal and upper case; {key}, {keyC}, {KeyP}, {KEY} a generic key word
// (api_key, apiKey, ApiKey, API_KEY); {url} and {host} its API endpoint;
// {import} the line that imports its SDK in format.
type awayCase struct {
	shape, format, path string
	tmpl, decoy         string
}

var awayCases = []awayCase{
	// A comment heads a block of settings; the value is its last line.
	{"comment-heads-block", "env", ".env", "# --- {Name} ---\nMAIL_FROM=noreply@acme-corp.net\nMAIL_REPLY_TO=support@acme-corp.net\nMAIL_TIMEOUT=30\nMAIL_RETRIES=3\nMAIL_BATCH=500\nMAIL_SANDBOX=false\n{KEY}={v}",
		"# --- {Name} ---\nMAIL_FROM=noreply@acme-corp.net\nMAIL_TIMEOUT=30\nMAIL_RETRIES=3\nMAIL_BATCH=500\nMAIL_SANDBOX=false\n{KEY}=\nMAIL_LAST_MESSAGE_ID={d}"},
	{"comment-heads-block", "go", "internal/notify/config.go", "package notify\n\n// {Name} delivery settings.\nconst (\n\tsendTimeout  = 10 * time.Second\n\tmaxRetries   = 3\n\tretryBackoff = 2 * time.Second\n\tbatchSize    = 500\n\tuserAgent    = \"acme-notify/1.4\"\n\t{keyC} = \"{v}\"\n)",
		"package notify\n\n// {Name} delivery settings.\nconst (\n\tsendTimeout  = 10 * time.Second\n\tmaxRetries   = 3\n\tretryBackoff = 2 * time.Second\n\tbatchSize    = 500\n\tuserAgent    = \"acme-notify/1.4\"\n\tsampleRequestID = \"{d}\"\n)"},
	{"comment-heads-block", "py", "app/settings.py", "# {Name}\n# Docs: the team wiki, page Integrations.\nTIMEOUT = 30\nRETRIES = 3\nBATCH_SIZE = 500\nREGION = \"eu-west-1\"\nSANDBOX = False\n{KEY} = \"{v}\"",
		"# {Name}\n# Docs: the team wiki, page Integrations.\nTIMEOUT = 30\nRETRIES = 3\nBATCH_SIZE = 500\nREGION = \"eu-west-1\"\n{KEY} = os.environ[\"{NAME}_{KEY}\"]\nLAST_MESSAGE_ID = \"{d}\""},
	// The class, function, module or struct around the assignment.
	{"class-name", "py", "app/mailers.py", "class {Name_}Mailer:\n    \"\"\"Sends receipts and password resets.\"\"\"\n\n    TIMEOUT = 10\n    {KEY} = \"{v}\"\n\n    def send(self, msg):\n        return self._post(msg)",
		"class {Name_}Mailer:\n    \"\"\"Sends receipts and password resets.\"\"\"\n\n    TIMEOUT = 10\n    {KEY} = os.environ.get(\"{NAME}_{KEY}\")\n    EXAMPLE_MESSAGE_ID = \"{d}\""},
	{"class-name", "java", "src/main/java/com/acme/notify/{Name_}Sender.java", "package com.acme.notify;\n\npublic class {Name_}Sender {\n    private static final int TIMEOUT_SECONDS = 10;\n    private static final String {KEY} = \"{v}\";\n\n    public void send(Message m) {\n        post(m);\n    }\n}",
		"package com.acme.notify;\n\npublic class {Name_}Sender {\n    private static final int TIMEOUT_SECONDS = 10;\n    private static final String {KEY} = System.getenv(\"{NAME}_{KEY}\");\n    private static final String SAMPLE_REQUEST_ID = \"{d}\";\n}"},
	{"func-name", "go", "internal/notify/client.go", "package notify\n\nfunc new{Name_}Client() *Client {\n\ttimeout := 10 * time.Second\n\t{keyC} := \"{v}\"\n\treturn &Client{http: &http.Client{Timeout: timeout}, key: {keyC}}\n}",
		"package notify\n\nfunc new{Name_}Client() *Client {\n\t{keyC} := os.Getenv(\"{NAME}_{KEY}\")\n\ttraceID := \"{d}\"\n\treturn &Client{key: {keyC}, trace: traceID}\n}"},
	{"func-name", "js", "src/notify.js", "function create{Name_}Client() {\n  const timeout = 10000;\n  const {keyC} = \"{v}\";\n  return new HttpClient({ timeout, headers: { Authorization: `Bearer ${{keyC}}` } });\n}",
		"function create{Name_}Client() {\n  const {keyC} = process.env.{NAME}_{KEY};\n  const requestId = \"{d}\";\n  return new HttpClient({ requestId, headers: { Authorization: `Bearer ${{keyC}}` } });\n}"},
	{"module-name", "rb", "lib/acme/notify.rb", "module Acme\n  module {Name_}\n    TIMEOUT = 10\n    {KEY} = '{v}'.freeze\n  end\nend",
		"module Acme\n  module {Name_}\n    TIMEOUT = 10\n    {KEY} = ENV.fetch('{NAME}_{KEY}')\n    SAMPLE_MESSAGE_ID = '{d}'.freeze\n  end\nend"},
	{"struct-name", "cs", "src/Acme/Notify/Options.cs", "namespace Acme.Notify;\n\npublic class {Name_}Options\n{\n    public int TimeoutSeconds { get; set; } = 10;\n    public string {KeyP} { get; set; } = \"{v}\";\n}",
		"namespace Acme.Notify;\n\npublic class {Name_}Options\n{\n    public int TimeoutSeconds { get; set; } = 10;\n    public string {KeyP} { get; set; } = \"\";\n    public string TemplateId { get; set; } = \"{d}\";\n}"},
	{"struct-name", "rs", "src/notify.rs", "mod {name} {\n    pub const TIMEOUT_SECS: u64 = 10;\n    pub const {KEY}: &str = \"{v}\";\n}",
		"mod {name} {\n    pub const TIMEOUT_SECS: u64 = 10;\n    pub const SAMPLE_MESSAGE_ID: &str = \"{d}\";\n}"},
	// The SDK imported at the top of the file, the value set further down.
	{"sdk-import", "py", "app/notify.py", "{import}\nimport logging\n\nlog = logging.getLogger(__name__)\n\nTIMEOUT = 10\nRETRIES = 3\nSETTINGS = {\n    \"timeout\": TIMEOUT,\n    \"{key}\": \"{v}\",\n}",
		"{import}\nimport logging\n\nlog = logging.getLogger(__name__)\n\nTIMEOUT = 10\nSETTINGS = {\n    \"timeout\": TIMEOUT,\n    \"{key}\": os.environ[\"{NAME}_{KEY}\"],\n    \"message_id\": \"{d}\",\n}"},
	{"sdk-import", "js", "src/notify.js", "{import}\nconst logger = require(\"./logger\");\n\nconst TIMEOUT = 10000;\nconst RETRIES = 3;\n\nmodule.exports = {\n  timeout: TIMEOUT,\n  {keyC}: \"{v}\",\n};",
		"{import}\nconst logger = require(\"./logger\");\n\nconst TIMEOUT = 10000;\n\nmodule.exports = {\n  timeout: TIMEOUT,\n  {keyC}: process.env.{NAME}_{KEY},\n  requestId: \"{d}\",\n};"},
	// The API host on one line, the URL built from it and the key below.
	{"url-host-built", "py", "app/client.py", "API_HOST = \"{host}\"\nBASE_URL = f\"https://{API_HOST}/\"\nTIMEOUT = 10\nRETRIES = 3\nBATCH = 100\nHEADERS = {\"Accept\": \"application/json\"}\n{KEY} = \"{v}\"",
		"API_HOST = \"{host}\"\nBASE_URL = f\"https://{API_HOST}/\"\nTIMEOUT = 10\nRETRIES = 3\n{KEY} = os.getenv(\"{KEY}\")\nREQUEST_ID = \"{d}\""},
	{"url-host-built", "yaml", "config/mail.yml", "mail:\n  scheme: https\n  host: {host}\n  port: 443\n  timeout: 30\n  retries: 3\n  from: noreply@acme-corp.net\n  {key}: {v}",
		"mail:\n  scheme: https\n  host: {host}\n  port: 443\n  timeout: 30\n  {key}: ${{NAME}_{KEY}}\n  message_id: {d}"},
	// An INI or TOML section header names it, the key sits lines below.
	{"section-header", "ini", "conf/app.ini", "[{name}]\nenabled = true\nregion = eu\ntimeout = 30\nretries = 3\nbatch = 500\nsandbox = false\n{key} = {v}",
		"[{name}]\nenabled = true\nregion = eu\ntimeout = 30\n{key} = %({NAME}_{KEY})s\nmessage_id = {d}"},
	{"section-header", "toml", "config/app.toml", "[mail.{name}]\nenabled = true\ntimeout = 30\nretries = 3\nfrom = \"noreply@acme-corp.net\"\n{key} = \"{v}\"",
		"[mail.{name}]\nenabled = true\ntimeout = 30\n{key} = \"\"\nrequest_id = \"{d}\""},
	// The vendor in the middle of an environment variable's name.
	{"env-infix", "env", "deploy/app.env", "APP_ENV=production\nMAIL_{NAME}_{KEY}={v}\nLOG_LEVEL=info",
		"APP_ENV=production\nMAIL_{NAME}_MESSAGE_ID={d}\nLOG_LEVEL=info"},
	{"env-infix", "yaml", "deploy/values.yaml", "env:\n  APP_ENV: production\n  SMTP_{NAME}_{KEY}: \"{v}\"\n  LOG_LEVEL: info",
		"env:\n  APP_ENV: production\n  SMTP_{NAME}_REQUEST_ID: \"{d}\"\n  LOG_LEVEL: info"},
	// The folder the file sits in, the file's name generic.
	{"folder-name", "py", "integrations/{name}/settings.py", "TIMEOUT = 10\nRETRIES = 3\n{KEY} = \"{v}\"",
		"TIMEOUT = 10\nRETRIES = 3\nWEBHOOK_ID = \"{d}\""},
	{"folder-name", "yaml", "config/{name}/production.yml", "timeout: 30\nretries: 3\n{key}: {v}",
		"timeout: 30\nretries: 3\nmessage_id: {d}"},
	// Terraform: a variable's label and a locals map.
	{"tf-variable", "tf", "infra/variables.tf", "variable \"{name}_{key}\" {\n  description = \"Used by the mailer\"\n  type        = string\n  sensitive   = true\n  default     = \"{v}\"\n}",
		"variable \"{name}_{key}\" {\n  description = \"Used by the mailer\"\n  type        = string\n  sensitive   = true\n}\n\nvariable \"{name}_template_id\" {\n  type    = string\n  default = \"{d}\"\n}"},
	{"tf-locals", "tf", "infra/locals.tf", "locals {\n  {name} = {\n    region  = \"eu\"\n    timeout = 30\n    {key} = \"{v}\"\n  }\n}",
		"locals {\n  {name} = {\n    region  = \"eu\"\n    {key} = var.{name}_{key}\n    request_id = \"{d}\"\n  }\n}"},
	// A Kubernetes Secret named after it, labels and annotations between.
	{"k8s-secret-far", "k8s", "k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}-credentials\n  namespace: mail\n  labels:\n    app.kubernetes.io/name: mailer\n    app.kubernetes.io/part-of: notify\n    team: messaging\n  annotations:\n    owner: messaging@acme-corp.net\ntype: Opaque\nstringData:\n  {key}: {v}",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-settings\n  namespace: mail\n  labels:\n    app.kubernetes.io/name: mailer\n    team: messaging\ndata:\n  {key}: \"\"\n  message_id: {d}"},
	// Markdown: the vendor in the paragraph before the one that opens the block.
	{"md-paragraph", "md", "docs/mail.md", "## Sending mail\n\nReceipts and password resets go through {Name}.\n\nFor the staging server, set:\n\n```yaml\nmail:\n  from: noreply@acme-corp.net\n  {key}: {v}\n```",
		"## Sending mail\n\nReceipts and password resets go through {Name}.\n\nFor the staging server, set:\n\n```yaml\nmail:\n  {key}: <your-{name}-{key}>\n  message_id: {d}\n```"},
	// A list of services, the vendor one item's name.
	{"service-list", "yaml", "config/services.yml", "services:\n  - name: {name}\n    enabled: true\n    region: eu\n    credentials:\n      {key}: {v}\n  - name: internal-smtp\n    enabled: false",
		"services:\n  - name: {name}\n    enabled: true\n    credentials:\n      {key}: ${{NAME}_{KEY}}\n      request_id: {d}"},
	{"service-list", "json", "config/providers.json", "{\n  \"providers\": [\n    {\n      \"provider\": \"{name}\",\n      \"timeout\": 30,\n      \"{keyC}\": \"{v}\"\n    }\n  ]\n}",
		"{\n  \"providers\": [\n    {\n      \"provider\": \"{name}\",\n      \"timeout\": 30,\n      \"{keyC}\": \"\",\n      \"messageId\": \"{d}\"\n    }\n  ]\n}"},
	// Spring: a properties class bound to the vendor's prefix, a bean
	// named after its client.
	{"spring-prefix", "java", "src/main/java/com/acme/notify/MailProperties.java", "package com.acme.notify;\n\n@ConfigurationProperties(prefix = \"{name}\")\npublic class MailProperties {\n    private int timeoutSeconds = 10;\n    private String {keyC} = \"{v}\";\n}",
		"package com.acme.notify;\n\n@ConfigurationProperties(prefix = \"{name}\")\npublic class MailProperties {\n    private int timeoutSeconds = 10;\n    private String {keyC};\n    private String sampleMessageId = \"{d}\";\n}"},
	{"xml-bean", "xml", "src/main/resources/applicationContext.xml", "<beans>\n  <bean id=\"{name}Client\" class=\"com.acme.notify.HttpMailClient\">\n    <property name=\"timeout\" value=\"30\"/>\n    <property name=\"{keyC}\" value=\"{v}\"/>\n  </bean>\n</beans>",
		"<beans>\n  <bean id=\"{name}Client\" class=\"com.acme.notify.HttpMailClient\">\n    <property name=\"{keyC}\" value=\"${{name}.{key}}\"/>\n    <property name=\"requestId\" value=\"{d}\"/>\n  </bean>\n</beans>"},
	// A shell function named after the vendor.
	{"shell-function", "sh", "scripts/notify.sh", "#!/bin/sh\n\n{name}_send() {\n  {key}=\"{v}\"\n  curl -fsS -X POST \"$1\" -H \"Authorization: Bearer ${{key}}\" -d @\"$2\"\n}",
		"#!/bin/sh\n\n{name}_send() {\n  {key}=\"${{NAME}_{KEY}:?}\"\n  request_id=\"{d}\"\n  curl -fsS -X POST \"$1\" -H \"X-Request-Id: $request_id\" -d @\"$2\"\n}"},
	// Laravel's config/services.php: the vendor's array, an env() default.
	{"php-services-array", "php", "config/services.php", "<?php\n\nreturn [\n    'mailgun_region' => 'eu',\n    '{name}' => [\n        'timeout' => 30,\n        '{key}' => env('MAIL_{KEY}', '{v}'),\n    ],\n];",
		"<?php\n\nreturn [\n    '{name}' => [\n        '{key}' => env('{NAME}_{KEY}'),\n        'message_stream_id' => '{d}',\n    ],\n];"},
	// An Ansible task named after the vendor writes the key into a file.
	{"ansible-task", "ansible", "roles/mail/tasks/main.yml", "- name: Configure the {Name} relay\n  ansible.builtin.lineinfile:\n    path: /etc/relay.conf\n    regexp: '^{key}='\n    line: \"{key}={v}\"",
		"- name: Configure the {Name} relay\n  ansible.builtin.lineinfile:\n    path: /etc/relay.conf\n    regexp: '^{key}='\n    line: \"{key}={{ vault_{name}_{key} }}\"\n- name: Record the {Name} request id\n  ansible.builtin.debug:\n    msg: \"request_id={d}\""},
	// A URL whose scheme, or single-label host, is the vendor holds the
	// key as its user (Symfony Mailer and Notifier transports).
	{"dsn-scheme", "env", ".env", "APP_ENV=prod\nMAILER_DSN={name}+api://{v}@default\nLOG_LEVEL=info",
		"APP_ENV=prod\nMAILER_DSN={name}+api://%env({NAME}_{KEY})%@default\nMAILER_MESSAGE_ID={d}"},
	{"dsn-scheme", "yaml", "config/packages/mailer.yaml", "framework:\n  mailer:\n    dsn: '{name}://{v}@default'",
		"framework:\n  mailer:\n    dsn: '{name}://KEY@default'\n    headers:\n      X-Request-Id: '{d}'"},
	{"dsn-scheme", "env", ".env.local", "MAILER_DSN=api://{v}@{name}",
		"MAILER_DSN=api://{name}.acme-corp.net/messages/{d}"},
	// A provider selector names the vendor for the generic key beside it.
	{"provider-selector", "env", ".env", "MAIL_DRIVER={name}\nMAIL_FROM=noreply@acme-corp.net\nMAIL_{KEY}={v}",
		"MAIL_DRIVER={name}\nMAIL_FROM=noreply@acme-corp.net\nMAIL_{KEY}=${{NAME}_{KEY}}\nMAIL_LAST_MESSAGE_ID={d}"},
}

// awayFill fills a template for kind k, in format: the placeholders of
// awayCase's and, for handoverCases, {label} (the vendor and the key's
// words: Postmark server token), {ENV} (POSTMARK_SERVER_TOKEN) and
// {kebab} (server-token).
func (b *builder) awayFill(tmpl, format string, k tokenKind, key []string, label, v, d string) string {
	host, _, _ := strings.Cut(strings.TrimPrefix(k.url, "https://"), "/")
	name := k.section[0]
	return strings.NewReplacer("{v}", v, "{d}", d, "{Name}", k.name, "{name}", name, "{Name_}", pascal.join([]string{name}), "{NAME}", strings.ToUpper(name),
		"{key}", snake.join(key), "{keyC}", camel.join(key), "{KeyP}", pascal.join(key), "{KEY}", upperSnake.join(key),
		"{url}", k.url, "{host}", host, "{import}", k.imports[format],
		"{label}", label, "{ENV}", upperSnake.join(append([]string{name}, key...)), "{kebab}", strings.Join(key, "-")).Replace(tmpl)
}

// awayKinds are the kinds a case can be written for: those with an SDK
// import in the case's language when it names one.
func awayKinds(c awayCase) []tokenKind {
	var out []tokenKind
	for _, k := range unprefixedKinds {
		if strings.Contains(c.tmpl, "{import}") && k.imports[c.format] == "" {
			continue
		}
		out = append(out, k)
	}
	return out
}

// plantAwayShapes plants every layout for a few kinds, and as many decoys.
func (b *builder) plantAwayShapes() {
	for ci, c := range awayCases {
		kinds := awayKinds(c)
		for i := 0; i < b.n(6); i++ {
			g := b.g
			k := kinds[(ci*7+i)%len(kinds)]
			key := b.key(k)
			v := k.value(g)
			text, marks := b.companions(b.awayFill(c.tmpl, c.format, k, key, "", v, ""))
			m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: "away-" + c.shape, variant: k.id + "/" + c.format}
			b.plantRaw(c.format, b.awayPath(c, k), strings.Split(text, "\n"), append([]mark{m}, marks...)...)

			d := k.value(g)
			text, marks = b.companions(b.awayFill(c.decoy, c.format, k, key, "", "", d))
			dm := decoyMark(d, DecoyVendorAway, c.shape+"/"+k.id, k.provider)
			b.plantRaw(c.format, b.awayPath(c, k), strings.Split(text, "\n"), append([]mark{dm}, marks...)...)
		}
	}
	b.plantAwayGeneric()
}

func (b *builder) awayPath(c awayCase, k tokenKind) string {
	name := k.section[0]
	return strings.NewReplacer("{name}", name, "{Name_}", pascal.join([]string{name})).Replace(c.path)
}

// awayGenericCases are credentials with no vendor format in forms the
// generic shapes before do not write.
var awayGenericCases = []layoutCase{
	{"sql-addlogin", "sql", "db/logins.sql", "EXEC sp_addlogin '{u}', '{v}', 'warehouse';", FamilyPassword, pwShell, false},
	{"kotlin-lazy", "kt", "app/src/main/kotlin/com/acme/Db.kt", "object Db {\n    val password by lazy { \"{v}\" }\n}", FamilyPassword, pwQuoted, false},
	{"kotlin-pair", "kt", "app/src/main/kotlin/com/acme/Smtp.kt", "val props = listOf(Pair(\"user\", \"{u}\"), Pair(\"password\", \"{v}\"))", FamilyPassword, pwQuoted, false},
	{"kotlin-mapof", "kt", "app/src/main/kotlin/com/acme/Ldap.kt", "val env = mapOf(\n    \"user\" to \"{u}\",\n    \"password\" to \"{v}\",\n)", FamilyPassword, pwQuoted, false},
	{"config-struct", "go", "internal/db/db.go", "package db\n\nvar cfg = Config{\n\tHost:     \"{h}\",\n\tUser:     \"{u}\",\n\tPassword: \"{v}\",\n}", FamilyPassword, pwQuoted, false},
	{"config-struct", "rs", "src/db.rs", "let cfg = Config {\n    host: \"{h}\".to_string(),\n    password: \"{v}\".to_string(),\n};", FamilyPassword, pwQuoted, false},
	{"config-struct", "swift", "ios/App/Db.swift", "let config = DatabaseConfig(host: \"{h}\", username: \"{u}\", password: \"{v}\")", FamilyPassword, pwQuoted, false},
	{"md-cli-bearer", "md", "docs/runbook.md", "To list the orders by hand:\n\n```bash\ncurl -H \"Authorization: Bearer {v}\" https://api.{domain}/v1/orders\n```", FamilyCLI, pwURL, true},
	{"md-cli-mysql", "md", "docs/runbook.md", "Connect to the replica:\n\n```\nmysql -h {h} -u {u} -p'{v}' {db}\n```", FamilyCLI, pwShell, false},
	{"file-pgpass", "conf", ".pgpass", "{h}:5432:{db}:{u}:{v}", FamilyPassword, pwURL, false},
	{"file-netrc", "conf", ".netrc", "machine {h}\n  login {u}\n  password {v}", FamilyPassword, pwBare, false},
	{"file-my-cnf", "ini", ".my.cnf", "[client]\nuser = {u}\npassword = {v}\nhost = {h}", FamilyPassword, pwBare, false},
	{"cli-docker-login", "sh", "scripts/push.sh", "docker login -u {u} -p {v} registry.{domain}", FamilyCLI, pwShell, false},
}

// awayGenericDecoys are the same forms holding no credential.
var awayGenericDecoys = []shapeDecoy{
	{"sql", "db/logins.sql", "EXEC sp_addlogin @loginame, @passwd, 'warehouse';"},
	{"kt", "app/src/main/kotlin/com/acme/Db.kt", "object Db {\n    val password by lazy { System.getenv(\"DB_PASSWORD\") }\n}"},
	{"kt", "app/src/main/kotlin/com/acme/Smtp.kt", "val props = listOf(Pair(\"user\", user), Pair(\"password\", secrets.smtpPassword))"},
	{"kt", "app/src/main/kotlin/com/acme/Ldap.kt", "val labels = mapOf(\"user\" to \"User name\", \"password\" to \"Password\")"},
	{"go", "internal/db/db.go", "package db\n\nvar cfg = Config{\n\tHost:     \"localhost\",\n\tPassword: os.Getenv(\"DB_PASSWORD\"),\n}"},
	{"rs", "src/db.rs", "let cfg = Config {\n    password: String::new(),\n};"},
	{"swift", "ios/App/Db.swift", "let config = DatabaseConfig(host: host, username: username, password: password)"},
	{"md", "docs/runbook.md", "```bash\ncurl -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com/v1/orders\n```"},
	{"md", "docs/runbook.md", "```\nmysql -h db.example.com -u app -p app_db\n```"},
	{"conf", ".pgpass", "# hostname:port:database:username:password"},
	{"conf", ".netrc", "machine github.com\n  login deploy\n  password $GITHUB_TOKEN"},
	{"ini", ".my.cnf", "[client]\nuser = app\npassword =\nhost = localhost"},
	{"sh", "scripts/push.sh", "echo \"$REGISTRY_PASSWORD\" | docker login -u deploy --password-stdin registry.example.com"},
}

func (b *builder) plantAwayGeneric() {
	b.plantCasesAndDecoys(awayGenericCases, awayGenericDecoys, DecoyDepthShape)
}
