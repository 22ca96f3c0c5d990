package corpus

import "strings"

// Credentials laid out in ways the shapes before do not write: a value on
// the line after its name, names glued together in lower case, secrets in
// a URL's query, the dot files of mail, sync and package tools, and
// command lines of admin tools. Each shape has decoys of its own form.

// DecoyLayoutShape is a decoy written in one of the shapes of layoutCases.
const DecoyLayoutShape = "layout-shape"

// layoutCase is one way of writing a credential: {v} is where the value
// goes ({u}, {h}, {db}, {domain} as in builder.sub).
type layoutCase struct {
	shape, format, path, tmpl string
	family                    string
	prof                      pwProfile
	// token plants an opaque API token (letters and digits) instead of a
	// password.
	token bool
}

var layoutCases = []layoutCase{
	// The value on the line after its name, an opening bracket or an =.
	{"value-next-line", "py", "app/settings.py", "DB_PASSWORD = (\n    \"{v}\"\n)", FamilyPassword, pwQuoted, false},
	{"value-next-line", "java", "src/main/java/com/acme/DbConfig.java", "public final class DbConfig {\n    private static final String DB_PASSWORD =\n            \"{v}\";\n}", FamilyPassword, pwQuoted, false},
	{"value-next-line", "go", "internal/mail/smtp.go", "package mail\n\nconst smtpPassword =\n\t\"{v}\"", FamilyPassword, pwQuoted, false},
	{"value-next-line", "js", "src/db.js", "const pool = new Pool({\n  host: \"{h}\",\n  user: \"{u}\",\n  password:\n    \"{v}\",\n});", FamilyPassword, pwQuoted, false},
	{"value-next-line", "php", "config/mail.php", "<?php\nreturn [\n    'smtp_password' =>\n        '{v}',\n];", FamilyPassword, pwShell, false},
	{"value-next-line", "cs", "src/Acme/Mailer.cs", "var credentials = new NetworkCredential(\n    \"{u}\",\n    \"{v}\");", FamilyPassword, pwQuoted, false},
	// Names glued together in lower case.
	{"name-glued", "py", "scripts/migrate.py", `dbpassword = "{v}"`, FamilyPassword, pwQuoted, false},
	{"name-glued", "yaml", "config/app.yml", "mysql:\n  host: {h}\n  rootpassword: {v}", FamilyPassword, pwBare, false},
	{"name-glued", "php", "inc/config.inc.php", `$adminpasswd = '{v}';`, FamilyPassword, pwShell, false},
	{"name-glued", "ini", "conf/mail.ini", "[smtp]\nsmtphost = smtp.{domain}\nsmtpuser = {u}\nsmtppassword = {v}", FamilyPassword, pwBare, false},
	{"name-glued", "sh", "scripts/ldap-sync.sh", "ldappasswd='{v}'\nldapsearch -x -H ldap://{h} -w \"$ldappasswd\"", FamilyPassword, pwShell, false},
	// Credentials in a URL's query string.
	{"url-query", "js", "src/export.js", "const res = await fetch(\"https://api.{domain}/v2/export?format=csv&apikey={v}\");", FamilySecret, pwURL, true},
	{"url-query", "py", "scripts/poll.py", "resp = requests.get(\"https://{h}/api/status?access_token={v}\")", FamilySecret, pwURL, true},
	{"url-query", "sh", "scripts/report.sh", "curl -s \"https://{h}/cgi-bin/report?user={u}&password={v}&fmt=json\"", FamilyConnString, pwURL, false},
	{"url-query", "xml", "conf/feeds.xml", "<feed name=\"prices\" url=\"https://feeds.{domain}/v1/prices?api_key={v}&amp;region=eu\"/>", FamilySecret, pwURL, true},
	// Dot files of mail, sync, package and database tools.
	{"file-msmtprc", "conf", ".msmtprc", "account default\nhost smtp.{domain}\nport 587\nauth on\nuser {u}\npassword {v}\ntls on", FamilyPassword, pwBare, false},
	{"file-muttrc", "conf", ".muttrc", "set smtp_url = \"smtp://{u}@smtp.{domain}:587/\"\nset smtp_pass = \"{v}\"\nset from = \"{u}@{domain}\"", FamilyPassword, pwQuoted, false},
	{"file-fetchmailrc", "conf", ".fetchmailrc", "poll imap.{domain} protocol IMAP\n  user \"{u}\" password \"{v}\" is localuser here\n  ssl", FamilyPassword, pwQuoted, false},
	{"file-sasl-passwd", "conf", "etc/postfix/sasl_passwd", "[smtp.{domain}]:587 {u}:{v}", FamilyPassword, pwURL, false},
	{"file-hgrc", "ini", ".hg/hgrc", "[paths]\ndefault = https://hg.{domain}/app\n\n[auth]\nacme.prefix = hg.{domain}\nacme.username = {u}\nacme.password = {v}", FamilyPassword, pwBare, false},
	{"file-composer-auth", "json", "auth.json", "{\n    \"http-basic\": {\n        \"repo.{domain}\": {\n            \"username\": \"{u}\",\n            \"password\": \"{v}\"\n        }\n    }\n}", FamilyPassword, pwQuoted, false},
	{"file-pip-conf", "ini", "pip.conf", "[global]\nindex-url = https://{u}:{v}@nexus.{domain}/repository/pypi-group/simple\ntimeout = 60", FamilyConnString, pwURL, false},
	{"file-curlrc", "conf", ".curlrc", "--silent\nuser = \"{u}:{v}\"\nconnect-timeout = 10", FamilyPassword, pwURL, false},
	{"file-wgetrc", "conf", ".wgetrc", "tries = 3\nuser = {u}\npassword = {v}", FamilyPassword, pwBare, false},
	{"file-cqlshrc", "ini", ".cassandra/cqlshrc", "[authentication]\nusername = {u}\npassword = {v}\n\n[connection]\nhostname = {h}", FamilyPassword, pwBare, false},
	{"file-yarnrc", "yaml", ".yarnrc.yml", "npmRegistries:\n  \"https://npm.{domain}\":\n    npmAlwaysAuth: true\n    npmAuthToken: {v}", FamilySecret, pwURL, true},
	// Command lines of admin tools.
	{"cli-bearer", "sh", "scripts/deploy.sh", "curl -fsS -X POST -H \"Authorization: Bearer {v}\" https://deploy.{domain}/api/releases", FamilyCLI, pwURL, true},
	{"cli-bearer", "md", "docs/api.md", "```\ncurl -H \"X-API-Key: {v}\" https://api.{domain}/v1/orders\n```", FamilyCLI, pwURL, true},
	{"cli-kubectl-literal", "sh", "scripts/secrets.sh", "kubectl create secret generic db-credentials --from-literal=username={u} --from-literal=password={v}", FamilyCLI, pwShell, false},
	{"cli-keytool", "sh", "scripts/sign.sh", "keytool -importkeystore -srckeystore app.p12 -srcstoretype PKCS12 -destkeystore app.jks -deststorepass {v}", FamilyCLI, pwShell, false},
	{"cli-rdp", "sh", "scripts/rdp.sh", "xfreerdp /v:{h} /u:{u} /p:{v} /cert:ignore", FamilyCLI, pwShell, false},
	{"cli-ipmi", "sh", "scripts/power.sh", "ipmitool -I lanplus -H {h} -U {u} -P {v} chassis power status", FamilyCLI, pwShell, false},
	{"cli-net-user", "bat", "scripts/setup.bat", "net user {u} {v} /add /y", FamilyCLI, pwURL, false},
}

// plantLayoutShapes plants every layout case a few times, then their
// decoys.
func (b *builder) plantLayoutShapes() {
	b.plantCasesAndDecoys(layoutCases, layoutDecoys, DecoyLayoutShape)
}

// plantLayoutCase plants one layout case a few times.
func (b *builder) plantLayoutCase(c layoutCase) {
	for i := 0; i < b.n(3); i++ {
		g := b.g
		var v string
		var weak bool
		if c.token {
			v = g.base62(32 + g.IntN(9))
		} else {
			v, weak = g.password(c.prof)
		}
		m := pwMark(v, weak, c.family, c.shape, c.format)
		b.plantRaw(c.format, c.path, strings.Split(b.sub(c.tmpl, v), "\n"), m)
	}
}

// layoutDecoys are the same shapes holding no credential: lookups,
// placeholders, labels, routes, prompts and values made at run time.
var layoutDecoys = []shapeDecoy{
	{"py", "app/settings.py", "DB_PASSWORD = (\n    os.environ[\"DB_PASSWORD\"]\n)"},
	{"java", "src/main/java/com/acme/DbConfig.java", "private static final String DB_PASSWORD =\n        System.getenv(\"DB_PASSWORD\");"},
	{"js", "src/db.js", "const pool = new Pool({\n  password:\n    process.env.PGPASSWORD,\n});"},
	{"cs", "src/Acme/Mailer.cs", "var credentials = new NetworkCredential(\n    settings.SmtpUser,\n    settings.SmtpPassword);"},
	{"py", "scripts/migrate.py", `dbpassword = os.environ["DBPASSWORD"]`},
	{"yaml", "config/app.yml", "mysql:\n  rootpassword: ${MYSQL_ROOT_PASSWORD}"},
	{"php", "inc/config.inc.php", `$forgotpassword = '/account/forgot-password';`},
	{"ini", "conf/mail.ini", "[smtp]\nsmtppassword =\nsmtppasswordfile = /run/secrets/smtp"},
	{"ts", "src/routes.ts", `resetpassword: "/auth/reset-password",`},
	{"js", "src/export.js", "const res = await fetch(`https://api.example.com/v2/export?apikey=${apiKey}`);"},
	{"py", "scripts/poll.py", `resp = requests.get(f"https://{host}/api/status?access_token={token}")`},
	{"md", "docs/api.md", "Call `https://api.example.com/v1/orders?apikey=YOUR_API_KEY` with your own key."},
	{"xml", "conf/feeds.xml", `<feed name="prices" url="https://feeds.example.com/v1/prices?api_key=${FEED_API_KEY}&amp;region=eu"/>`},
	{"conf", ".msmtprc", "account default\nhost smtp.example.com\nuser alerts\npasswordeval \"pass show mail/smtp\""},
	{"conf", ".muttrc", "set smtp_pass = \"`pass show mail/smtp`\""},
	{"conf", "etc/postfix/main.cf", "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd"},
	{"ini", ".hg/hgrc", "[auth]\nacme.prefix = hg.example.com\nacme.username = deploy"},
	{"json", "auth.json", "{\n    \"http-basic\": {\n        \"repo.example.com\": {\n            \"username\": \"deploy\",\n            \"password\": \"%env(COMPOSER_PASSWORD)%\"\n        }\n    }\n}"},
	{"ini", "pip.conf", "[global]\nindex-url = https://${PIP_USER}:${PIP_PASSWORD}@nexus.example.com/repository/pypi-group/simple"},
	{"ini", ".cassandra/cqlshrc", "[authentication]\nusername = cassandra\n; password = <set me>"},
	{"yaml", ".yarnrc.yml", "npmRegistries:\n  \"https://npm.example.com\":\n    npmAuthToken: \"${NPM_AUTH_TOKEN}\""},
	{"sh", "scripts/deploy.sh", `curl -fsS -H "Authorization: Bearer $DEPLOY_TOKEN" https://deploy.example.com/api/releases`},
	{"ci", ".github/workflows/deploy.yml", "      - run: curl -fsS -H \"Authorization: Bearer ${{ secrets.DEPLOY_TOKEN }}\" https://deploy.example.com/api/releases"},
	{"md", "docs/api.md", "```\ncurl -H \"X-API-Key: <your-api-key>\" https://api.example.com/v1/orders\n```"},
	{"sh", "scripts/secrets.sh", `kubectl create secret generic db-credentials --from-literal=password="$(openssl rand -base64 24)"`},
	{"sh", "scripts/sign.sh", `keytool -importkeystore -srckeystore app.p12 -destkeystore app.jks -deststorepass:env KEYSTORE_PASS`},
	{"sh", "scripts/rdp.sh", `xfreerdp /v:"$RDP_HOST" /u:"$RDP_USER" /p:"$RDP_PASSWORD" /cert:ignore`},
	{"sh", "scripts/power.sh", `ipmitool -I lanplus -H "$BMC_HOST" -U admin -E chassis power status`},
	{"bat", "scripts/setup.bat", `net user svc_backup * /add`},
	// Integration and end-to-end suites run against real services, but
	// their made-up values are still fixtures.
	{"py", "tests/integration/settings.py", `DB_PASSWORD = "test-password-123"`},
	{"json", "e2e/cypress.env.json", "{\n  \"username\": \"e2e-user\",\n  \"password\": \"dummy-pass-42\"\n}"},
	{"compose", "test/integration/docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=postgres"},
	{"sh", "test/integration/seed.sh", `mysql -h 127.0.0.1 -u root -proot shop < fixtures/seed.sql`},
	{"go", "test/integration/client_test.go", `const apiToken = "fake-token-for-tests"`},
}
