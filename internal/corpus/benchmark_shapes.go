package corpus

// Layouts read from labelled benchmarks of hard-coded credentials: an
// Authorization header written bare in a text, a Markdown page or a
// captured request ("Authorization: Bearer v"), and the header lists of
// recorded HTTP exchanges (VCR and vcrpy cassettes write each header as a
// YAML list of its values); URLs whose host is one label, a container's or
// a cluster's service name (dbconnection://u:p@db-host); passwords passed
// by position to Ruby's Net::SMTP, Net::POP3 and Net::FTP, to JavaMail's
// Transport.send and to paramiko's SSHClient.connect; shell commands
// held in a TOML or YAML string, their lines continued by a backslash
// (NAME=v \); keys handed to a decoder as a literal
// (setCipherKey(Base64.decode("...")), base64.b64decode("...")). Each next
// to the same forms holding prose, a placeholder (a run of the alphabet or
// the digits, as documentation fills a key's field) or a variable; and
// the templates of setup scripts (###NAME### tokens in response files, sed
// expressions naming a setting in a regex group) and numbers under a
// password's name (an enumeration's 0x value, an object identifier) and
// a form's password input with its class, which hold none.

// DecoyBenchmarkShape is a decoy written in one of the shapes of
// benchmarkCases.
const DecoyBenchmarkShape = "benchmark-shape"

var benchmarkCases = []layoutCase{
	{"auth-scheme-bare", "md", "docs/http_api/org.md", "```http\nGET /api/org HTTP/1.1\nAccept: application/json\nAuthorization: Bearer {v}\n```", FamilySecret, pwURL, true},
	{"auth-scheme-bare", "txt", "ops/api-notes.txt", "call the export with\nAuthorization: Bearer {v}", FamilySecret, pwURL, true},
	{"auth-scheme-bare", "http", "requests/export.http", "POST https://{h}/v1/export\nContent-Type: application/json\nAuthorization: Token {v}", FamilySecret, pwURL, true},
	{"header-list", "yaml", "spec/cassettes/vehicles.yml", "http_interactions:\n- request:\n    method: get\n    uri: https://{h}/api/1/vehicles\n    headers:\n      Authorization:\n      - Bearer {v}\n      User-Agent:\n      - Faraday v1.0.1", FamilySecret, pwURL, true},
	{"header-list", "yaml", "tests/cassettes/test_list.yaml", "interactions:\n- request:\n    body: null\n    headers:\n      Accept:\n      - '*/*'\n      Authorization:\n      - token {v}\n    method: GET", FamilySecret, pwURL, true},
	{"url-one-label-host", "yaml", "deploy/compose.yml", "services:\n  app:\n    environment:\n      - ORDERS_DB=dbconnection://{u}:{v}@db-host/orders", FamilyConnString, pwURL, false},
	{"url-one-label-host", "properties", "src/main/resources/application.properties", "sync.target=webdav://{u}:{v}@nextcloud", FamilyConnString, pwURL, false},
	{"positional-password", "rb", "lib/alerts/mailer.rb", "require 'net/smtp'\n\nNet::SMTP.start('smtp.{domain}', 587, '{domain}', '{u}', '{v}', :plain) do |smtp|\n  smtp.send_message(body, 'alerts@{domain}', to)\nend", FamilyPassword, pwShell, false},
	{"positional-password", "rb", "lib/sync/ftp.rb", "require 'net/ftp'\n\nftp = Net::FTP.new('{h}', '{u}', '{v}')\nftp.getbinaryfile('export.csv')", FamilyPassword, pwShell, false},
	{"shell-in-config-string", "toml", "providers/dns/acme/acme.toml", "Name = \"Acme DNS\"\nExample = '''\nACME_DNS_API_KEY={v} \\\nlego --email you@{domain} --dns acme -d '*.{domain}' run\n'''", FamilySecret, pwURL, true},
	{"shell-in-config-string", "yaml", ".github/workflows/certs.yml", "jobs:\n  renew:\n    steps:\n      - run: |\n          ACME_DNS_API_KEY={v} \\\n          lego --dns acme run", FamilySecret, pwURL, true},
	{"decoded-literal", "java", "src/main/java/com/acme/ShiroConfig.java", "public class ShiroConfig {\n    public CookieRememberMeManager rememberMeManager() {\n        CookieRememberMeManager manager = new CookieRememberMeManager();\n        manager.setCipherKey(Base64.decode(\"{v}\"));\n        return manager;\n    }\n}", FamilySecret, pwURL, true},
	{"decoded-literal", "py", "app/crypto.py", "import base64\n\nSIGNING_KEY = base64.b64decode(\"{v}\")", FamilySecret, pwURL, true},
	{"positional-password", "java", "src/main/java/com/acme/Alerts.java", "public class Alerts {\n    void send(Message message) throws MessagingException {\n        Transport.send(message, \"{u}@{domain}\", \"{v}\");\n    }\n}", FamilyPassword, pwQuoted, false},
	{"positional-password", "py", "deploy/remote.py", "client = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())\nclient.connect(\"{h}\", 22, \"{u}\", \"{v}\")", FamilyPassword, pwQuoted, false},
}

var benchmarkDecoys = []shapeDecoy{
	{"md", "docs/http_api/auth.md", "Authorization: Bearer tokens expire after an hour; ask for a new one."},
	{"md", "docs/http_api/org.md", "```http\nGET /api/org HTTP/1.1\nAuthorization: Bearer <your api key>\n```"},
	{"txt", "ops/api-notes.txt", "Authorization: Bearer $API_TOKEN"},
	{"http", "requests/export.http", "POST https://api.acme-corp.net/v1/export\nAuthorization: Bearer {{token}}"},
	{"yaml", "spec/cassettes/vehicles.yml", "    headers:\n      Authorization:\n      - Bearer <ACCESS_TOKEN>\n      User-Agent:\n      - Faraday v1.0.1"},
	{"yaml", "spec/cassettes/vehicles.yml", "    headers:\n      Accept:\n      - Bearer-Token-Format-v2\n      Content-Type:\n      - application/json"},
	{"yml", "deploy/compose.yml", "      - ORDERS_DB=dbconnection://orders:${ORDERS_DB_PASSWORD}@db-host/orders"},
	{"md", "docs/urls.md", "Any scheme takes a login as scheme://user:pass@host, e.g. `webdav://name:password@nextcloud`."},
	{"rb", "lib/alerts/mailer.rb", "Net::SMTP.start('smtp.acme-corp.net', 587, 'acme-corp.net', ENV['SMTP_USER'], ENV['SMTP_PASSWORD'], :plain) do |smtp|\n  smtp.send_message(body, from, to)\nend"},
	{"py", "iot/listener.py", "client = mqtt.Client()\nclient.connect(\"broker.acme-corp.net\", 1883, 60, \"10.20.0.7\")"},
	{"java", "src/main/java/com/acme/Alerts.java", "        Transport.send(message, config.getSmtpUser(), config.getSmtpPassword());"},
	{"html", "public/partials/reset_password.html", "<input type=\"password\" name=\"ConfirmPassword\" class=\"gf-form-input max-width-14\" required ng-minlength=\"4\">"},
	{"rb", "lib/jobs/runner.rb", "runner.start('worker', 'queue', 'default-priority', :login)"},
	{"toml", "providers/dns/acme/acme.toml", "Example = '''\nACME_DNS_API_KEY=$ACME_KEY \\\nlego --dns acme run\n'''"},
	{"toml", "providers/dns/acme/acme.toml", "Example = '''\nACME_DNS_API_KEY=1234567890abcdefghijklmnopqrstuvwxyz \\\nlego --dns acme run\n'''"},
	{"md", "docs/dns/acme.md", "```bash\nACME_DNS_CLIENT_SECRET=abcdefghijklmnopqrstuvwxyz1234567890ABCDEFG= \\\nlego --dns acme run\n```"},
	{"yaml", ".github/workflows/certs.yml", "      - run: |\n          ACME_DNS_API_KEY=${{ secrets.ACME_DNS_API_KEY }} \\\n          lego --dns acme run"},
	{"java", "src/main/java/com/acme/ShiroConfig.java", "        manager.setCipherKey(Base64.decode(env.getProperty(\"shiro.cipher-key\")));"},
	{"py", "app/crypto.py", "SIGNING_KEY = base64.b64decode(os.environ[\"SIGNING_KEY\"])"},
	{"py", "app/fixtures.py", "LOGO_PNG = base64.b64decode(\"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\")"},
	{"rsp", "dockerfiles/19.3.0/dbca.rsp", "gdbName=###ORACLE_SID###\nsysPassword=###ORACLE_PWD###\nsystemPassword=###ORACLE_PWD###"},
	{"sh", "container-scripts/setup.sh", "sed -i 's,^\\(script.db.password=\\).*,\\1'$DB_PASSWORD',' bootstrap.properties"},
	{"idl", "include/dbs.idl", "typedef enum {\n    DBPROP_AUTH_ENCRYPT_PASSWORD = 0x00000006,\n    DBPROP_AUTH_PASSWORD         = 0x00000009,\n} DBPROPENUM;"},
	{"php", "src/File/X509.php", "<?php\n$this->oids = array(\n    'pkcs-9-at-challengePassword' => '1.2.840.113549.1.9.7',\n);"},
}

func (b *builder) plantBenchmarkShapes() {
	b.plantCasesAndDecoys(benchmarkCases, benchmarkDecoys, DecoyBenchmarkShape)
}
