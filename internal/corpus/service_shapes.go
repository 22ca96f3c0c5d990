package corpus

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"strings"
)

// Credentials in the layouts of servers' and tools' own files and of
// test code, as public benchmarks of hard-coded credentials (CredData's
// categories, detect-secrets' keyword plugin docs) and the tools' manuals
// show them: .NET configuration key paths (Section:Key), browser
// automation that types a password into a login form, HAProxy's stats and
// userlist logins, IPsec pre-shared keys, LDAP client bind passwords,
// Squid's cache_peer login, network devices' type 0 passwords, Dovecot's
// {PLAIN} scheme, expect scripts answering a password prompt, PowerShell's
// -AsPlainText before the string, Robot Framework variable tables,
// libcurl's USERPWD, HTTP clients' basic-auth calls, T-SQL's N'' literals,
// servlet init-params, Redis Sentinel, SNMPv3 users, PgBouncer and pppd
// secrets files, passwords hashed at deploy time from a literal, more
// command lines, JavaMail's connect, private keys in .NET's RSA XML or as
// bare base64 DER, and DNS TSIG keys. Each shape has decoys of its own form.

// DecoyServiceShape is a decoy written in one of the shapes of serviceCases.
const DecoyServiceShape = "service-shape"

var serviceCases = []shapeCase{
	// .NET configuration flattens sections with a colon (learn.microsoft.com,
	// "Configuration in ASP.NET Core": keys are Section:Key); user secrets,
	// Azure App Service settings and appSettings write them that way.
	{"dotnet-key-path", "json", "src/Acme.Api/appsettings.Production.json", "{\n  \"Smtp:Host\": \"smtp.{domain}\",\n  \"Smtp:UserName\": \"{u}\",\n  \"Smtp:Password\": \"{v}\"\n}", FamilyPassword, pwBare, 0},
	{"dotnet-key-path", "json", "src/Acme.Api/secrets.json", "{\n  \"Database:Host\": \"{h}\",\n  \"Database:AdminPassword\": \"{v}\"\n}", FamilyPassword, pwBare, 0},
	{"dotnet-key-path", "xml", "src/Acme.Web/Web.config", "<configuration>\n  <appSettings>\n    <add key=\"Mail:Host\" value=\"smtp.{domain}\" />\n    <add key=\"Mail:Password\" value=\"{v}\" />\n  </appSettings>\n</configuration>", FamilyPassword, pwBare, 0},
	// Browser automation typing a login form's password field.
	{"ui-automation", "py", "tests/e2e/test_login.py", "driver.find_element(By.ID, \"username\").send_keys(\"{u}\")\ndriver.find_element(By.ID, \"password\").send_keys(\"{v}\")", FamilyPassword, pwQuoted, 0},
	{"ui-automation", "java", "src/it/java/com/acme/LoginIT.java", "driver.findElement(By.name(\"username\")).sendKeys(\"{u}\");\ndriver.findElement(By.name(\"password\")).sendKeys(\"{v}\");", FamilyPassword, pwQuoted, 0},
	{"ui-automation", "js", "e2e/login.spec.js", "await page.fill('#username', '{u}');\nawait page.fill('#password', '{v}');", FamilyPassword, pwQuoted, 0},
	{"ui-automation", "js", "cypress/e2e/login.cy.js", "cy.get('input[name=username]').type('{u}')\ncy.get('input[name=password]').type('{v}')", FamilyPassword, pwQuoted, 0},
	{"ui-automation", "py", "tests/e2e/test_checkout.py", "page.get_by_label(\"Password\").fill(\"{v}\")", FamilyPassword, pwQuoted, 0},
	// HAProxy's stats page login and userlist users (HAProxy configuration
	// manual: stats auth <user>:<passwd>, user <name> insecure-password <pw>).
	{"haproxy-auth", "conf", "haproxy/haproxy.cfg", "listen stats\n  bind *:8404\n  stats enable\n  stats uri /stats\n  stats auth {u}:{v}", FamilyPassword, pwURL, 0},
	{"haproxy-auth", "conf", "etc/haproxy/haproxy.cfg", "userlist admins\n  group ops users {u}\n  user {u} insecure-password {v}\n\nfrontend web\n  bind *:80", FamilyPassword, pwURL, 0},
	// IPsec secrets (strongSwan ipsec.secrets(5), Libreswan): PSK and XAUTH.
	{"ipsec-psk", "conf", "etc/ipsec.secrets", "# /etc/ipsec.secrets\n%any %any : PSK \"{v}\"", FamilyPassword, pwQuoted, 8},
	{"ipsec-psk", "conf", "etc/strongswan/ipsec.secrets", "{h} : PSK \"{v}\"\n{u} : XAUTH \"{v}\"", FamilyPassword, pwQuoted, 8},
	// LDAP clients' and servers' bind passwords (nslcd.conf(5) bindpw,
	// sssd-ldap(5) ldap_default_authtok, slapd.conf(5) rootpw).
	{"ldap-bind-config", "conf", "etc/nslcd.conf", "uri ldap://{h}/\nbase dc=acme,dc=corp\nbinddn cn=reader,dc=acme,dc=corp\nbindpw {v}", FamilyPassword, pwBare, 0},
	{"ldap-bind-config", "conf", "etc/sssd/sssd.conf", "[domain/corp]\nid_provider = ldap\nldap_default_bind_dn = cn=reader,dc=acme,dc=corp\nldap_default_authtok_type = password\nldap_default_authtok = {v}", FamilyPassword, pwBare, 0},
	{"ldap-bind-config", "conf", "etc/openldap/slapd.conf", "database mdb\nsuffix \"dc=acme,dc=corp\"\nrootdn \"cn=Manager,dc=acme,dc=corp\"\nrootpw {v}", FamilyPassword, pwBare, 0},
	// Squid's cache_peer login=user:password (squid.conf, cache_peer).
	{"squid-peer-login", "conf", "etc/squid/squid.conf", "http_port 3128\ncache_peer parent.{domain} parent 3128 0 no-query default login={u}:{v}\nnever_direct allow all", FamilyPassword, pwURL, 0},
	// Network devices' unencrypted (type 0) passwords.
	{"device-type0", "conf", "configs/core-sw1.cfg", "hostname core-sw1\n!\nusername {u} privilege 15 password 0 {v}\n!\nline vty 0 4\n login local", FamilyPassword, pwShell, 0},
	{"device-type0", "conf", "configs/edge-rtr1.cfg", "hostname edge-rtr1\n!\nenable password {v}\n!\ninterface GigabitEthernet0/0", FamilyPassword, pwShell, 0},
	// Dovecot's and other passwd-files' {PLAIN} scheme (Dovecot, "Password
	// Schemes"): the password itself after the scheme.
	{"plain-scheme", "conf", "etc/dovecot/users", "{u}:{PLAIN}{v}:5000:5000::/home/vmail/{u}::", FamilyPassword, pwURL, 0},
	// expect(1) scripts answering a password prompt.
	{"expect-send", "exp", "scripts/login.exp", "#!/usr/bin/expect -f\nspawn ssh {u}@{h}\nexpect \"*assword:\"\nsend \"{v}\\r\"\ninteract", FamilyPassword, pwURL, 0},
	// PowerShell: -AsPlainText before the string.
	{"ps-plaintext-first", "ps1", "scripts/reset.ps1", "Set-ADAccountPassword -Identity svc_sql -Reset -NewPassword (ConvertTo-SecureString -AsPlainText \"{v}\" -Force)", FamilyCLI, pwURL, 0},
	{"ps-plaintext-first", "ps1", "scripts/provision.ps1", "$pw = ConvertTo-SecureString -AsPlainText -Force -String '{v}'", FamilyCLI, pwURL, 0},
	// Robot Framework's variable table: ${NAME} then two or more spaces.
	{"robot-variables", "robot", "tests/robot/resources/variables.robot", "*** Variables ***\n${BROWSER}    chrome\n${USERNAME}    {u}\n${PASSWORD}    {v}", FamilyPassword, pwShell, 0},
	{"robot-variables", "robot", "tests/robot/resources/db.robot", "*** Variables ***\n${DB_HOST}    {h}\n${DB_PASS}=    {v}", FamilyPassword, pwShell, 0},
	// libcurl's CURLOPT_USERPWD takes "user:password" (PHP, pycurl, C).
	{"curl-userpwd", "php", "lib/ApiClient.php", "$ch = curl_init($url);\ncurl_setopt($ch, CURLOPT_USERPWD, \"{u}:{v}\");\ncurl_setopt($ch, CURLOPT_RETURNTRANSFER, true);", FamilyPassword, pwURL, 0},
	{"curl-userpwd", "py", "scripts/fetch.py", "c = pycurl.Curl()\nc.setopt(pycurl.USERPWD, \"{u}:{v}\")", FamilyPassword, pwURL, 0},
	{"curl-userpwd", "c", "src/upload.c", "curl_easy_setopt(curl, CURLOPT_USERPWD, \"{u}:{v}\");", FamilyPassword, pwURL, 0},
	// HTTP clients' basic-auth calls: RestAssured, RestSharp, reqwest.
	{"http-client-basic", "java", "src/test/java/com/acme/UsersApiIT.java", "given().auth().preemptive().basic(\"{u}\", \"{v}\").when().get(\"/api/users\").then().statusCode(200);", FamilyPassword, pwQuoted, 0},
	{"http-client-basic", "cs", "src/Acme.Sync/ApiClient.cs", "client.Authenticator = new HttpBasicAuthenticator(\"{u}\", \"{v}\");", FamilyPassword, pwQuoted, 0},
	{"http-client-basic", "rs", "src/sync.rs", "let resp = client.get(url).basic_auth(\"{u}\", Some(\"{v}\")).send().await?;", FamilyPassword, pwQuoted, 0},
	// T-SQL's Unicode literals N'...' as stored procedures' arguments.
	{"sql-national-literal", "sql", "db/linked-servers.sql", "EXEC sp_addlinkedsrvlogin @rmtsrvname = N'REMOTE', @useself = N'False', @rmtuser = N'{u}', @rmtpassword = N'{v}';", FamilyPassword, pwURL, 0},
	{"sql-national-literal", "sql", "db/logins.sql", "EXEC sp_addlogin @loginame = N'{u}', @passwd = N'{v}', @defdb = N'{db}';", FamilyPassword, pwURL, 0},
	// A servlet's init-param (web.xml, Jakarta Servlet specification).
	{"servlet-init-param", "xml", "src/main/webapp/WEB-INF/web.xml", "<servlet>\n  <servlet-name>report</servlet-name>\n  <init-param>\n    <param-name>dbPassword</param-name>\n    <param-value>{v}</param-value>\n  </init-param>\n</servlet>", FamilyPassword, pwURL, 0},
	// Redis Sentinel's auth-pass, SNMPv3's createUser, PgBouncer's
	// auth_file, pppd's chap-secrets.
	{"redis-sentinel", "conf", "redis/sentinel.conf", "sentinel monitor mymaster {h} 6379 2\nsentinel auth-pass mymaster {v}\nsentinel down-after-milliseconds mymaster 5000", FamilyPassword, pwURL, 0},
	{"snmpv3-user", "conf", "etc/snmp/snmpd.conf", "createUser {u} SHA \"{v}\"\nrouser {u} auth", FamilyPassword, pwURL, 8},
	{"pgbouncer-userlist", "conf", "pgbouncer/userlist.txt", "\"{u}\" \"{v}\"", FamilyPassword, pwURL, 0},
	{"ppp-secrets", "conf", "etc/ppp/chap-secrets", "# client\tserver\tsecret\tIP addresses\n{u}\t*\t{v}\t*", FamilyPassword, pwURL, 0},
	// pexpect answering a password prompt.
	{"expect-send", "py", "scripts/switch_backup.py", "child = pexpect.spawn(\"ssh {u}@{h}\")\nchild.expect(\"assword:\")\nchild.sendline(\"{v}\")", FamilyPassword, pwURL, 0},
	// A password hashed at deploy time from a literal: Ansible's
	// password_hash filter, Puppet's pw_hash.
	{"deploy-time-hash", "ansible", "roles/users/tasks/main.yml", "- name: create deploy user\n  ansible.builtin.user:\n    name: {u}\n    password: \"{{ '{v}' | password_hash('sha512') }}\"", FamilyPassword, pwURL, 0},
	{"deploy-time-hash", "pp", "manifests/users.pp", "user { '{u}':\n  ensure   => present,\n  password => pw_hash('{v}', 'SHA-512', 'mysalt'),\n}", FamilyPassword, pwURL, 0},
	// Command lines: ssh-keygen's new passphrase, lftp's user,password,
	// wmic's /password:, a password piped to docker secret create.
	{"cli-tool-password", "sh", "scripts/keys.sh", "ssh-keygen -t ed25519 -N '{v}' -C deploy -f deploy_key", FamilyCLI, pwURL, 0},
	{"cli-tool-password", "sh", "scripts/upload.sh", "lftp -u {u},{v} sftp://files.{domain} -e 'put report.csv; bye'", FamilyCLI, pwURL, 0},
	{"cli-tool-password", "bat", "scripts/inventory.bat", "wmic /node:fs01 /user:CORP\\{u} /password:{v} process list brief", FamilyCLI, pwURL, 0},
	{"cli-tool-password", "sh", "scripts/swarm-secrets.sh", "echo '{v}' | docker secret create db_password -", FamilyCLI, pwURL, 0},
	// JavaMail's Transport and Store connect(host, user, password).
	{"mail-connect", "java", "src/main/java/com/acme/Mailer.java", "Transport transport = session.getTransport(\"smtp\");\ntransport.connect(\"smtp.{domain}\", \"{u}\", \"{v}\");", FamilyPassword, pwQuoted, 0},
	{"mail-connect", "java", "src/main/java/com/acme/Inbox.java", "Store store = session.getStore(\"imaps\");\nstore.connect(\"imap.{domain}\", \"{u}\", \"{v}\");", FamilyPassword, pwQuoted, 0},
	// Database clients' positional passwords: MySQL's C API, libpq's
	// PQsetdbLogin, Groovy's Sql.newInstance.
	{"db-connect-positional", "c", "src/db.c", "if (!mysql_real_connect(conn, \"{h}\", \"{u}\", \"{v}\", \"{db}\", 3306, NULL, 0)) {\n\treturn -1;\n}", FamilyPassword, pwURL, 0},
	{"db-connect-positional", "c", "src/pg.c", "PGconn *conn = PQsetdbLogin(\"{h}\", \"5432\", NULL, NULL, \"{db}\", \"{u}\", \"{v}\");", FamilyPassword, pwURL, 0},
	{"db-connect-positional", "groovy", "scripts/report.groovy", "def sql = Sql.newInstance(\"jdbc:postgresql://{h}:5432/{db}\", \"{u}\", \"{v}\", \"org.postgresql.Driver\")", FamilyPassword, pwURL, 0},
	// Perl's Net::FTP and Net::SMTP log in with ->login and ->auth.
	{"perl-login", "pl", "bin/upload.pl", "my $ftp = Net::FTP->new('ftp.{domain}') or die;\n$ftp->login('{u}', '{v}') or die $ftp->message;", FamilyPassword, pwURL, 0},
	{"perl-login", "pl", "bin/notify.pl", "my $smtp = Net::SMTP->new('smtp.{domain}', Port => 587);\n$smtp->auth('{u}', '{v}');", FamilyPassword, pwURL, 0},
	// CMake's set(NAME value).
	{"cmake-set", "cmake", "CMakeLists.txt", "cmake_minimum_required(VERSION 3.20)\nproject(app C)\nset(DB_PASSWORD \"{v}\")", FamilyPassword, pwURL, 0},
	// Kafka's broker JAAS file: user_NAME="password" for each client.
	{"jaas-users", "conf", "kafka/kafka_server_jaas.conf", "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  user_{u}=\"{v}\";\n};", FamilyPassword, pwURL, 0},
}

// serviceDecoys are the same shapes holding no credential.
var serviceDecoys = []shapeDecoy{
	{"json", "src/Acme.Api/appsettings.json", "{\n  \"Smtp:Password\": \"\"\n}"},
	{"json", "src/Acme.Api/appsettings.Release.json", "{\n  \"Smtp:Password\": \"#{SmtpPassword}#\"\n}"},
	{"json", "src/Acme.Api/appsettings.Policy.json", "{\n  \"Identity:PasswordMinLength\": \"12\"\n}"},
	{"xml", "src/Acme.Web/Web.Release.config", "<appSettings>\n  <add key=\"Mail:Password\" value=\"__MAIL_PASSWORD__\" xdt:Transform=\"SetAttributes\" xdt:Locator=\"Match(key)\" />\n</appSettings>"},
	{"py", "tests/e2e/test_login.py", "driver.find_element(By.ID, \"password\").send_keys(os.environ[\"E2E_PASSWORD\"])"},
	{"java", "src/it/java/com/acme/LoginIT.java", "driver.findElement(By.name(\"password\")).sendKeys(config.getPassword());"},
	{"js", "e2e/login.spec.js", "await page.fill('#password', process.env.E2E_PASSWORD);"},
	{"js", "cypress/e2e/login.cy.js", "cy.get('input[name=password]').type(Cypress.env('password'), { log: false })"},
	{"js", "cypress/e2e/submit.cy.js", "cy.get('input[name=password]').type('{enter}')"},
	{"conf", "haproxy/haproxy.cfg", "listen stats\n  bind *:8404\n  stats auth ${STATS_USER}:${STATS_PASSWORD}"},
	{"conf", "templates/haproxy.cfg.j2", "userlist admins\n  user ops insecure-password {{ haproxy_ops_password }}"},
	{"conf", "etc/ipsec.secrets", ": RSA /etc/ipsec.d/private/gateway.key.pem"},
	{"conf", "templates/ipsec.secrets.j2", "%any : PSK \"{{ ipsec_psk }}\""},
	{"conf", "etc/nslcd.conf", "uri ldap://ldap01/\nbindpw {{ ldap_bind_password }}"},
	{"conf", "etc/sssd/sssd.conf", "ldap_default_authtok_type = password\nldap_default_authtok = ${SSSD_BIND_PASSWORD}"},
	{"conf", "etc/squid/squid.conf", "cache_peer parent.example.com parent 3128 0 no-query login=PASSTHRU"},
	{"conf", "configs/core-sw1.cfg", "service password-encryption\nsecurity passwords min-length 12"},
	{"conf", "templates/ios.cfg.j2", "username admin privilege 15 password 0 {{ device_admin_password }}"},
	{"conf", "etc/dovecot/conf.d/auth-passwdfile.conf.ext", "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u /etc/dovecot/users\n}"},
	{"exp", "scripts/login.exp", "expect \"*assword:\"\nsend \"$env(SSH_PASSWORD)\\r\""},
	{"exp", "scripts/accept-host.exp", "expect \"(yes/no)?\"\nsend \"yes\\r\""},
	{"ps1", "scripts/reset.ps1", "$pw = ConvertTo-SecureString -AsPlainText $env:SVC_PASSWORD -Force"},
	{"robot", "tests/robot/resources/variables.robot", "*** Variables ***\n${PASSWORD}    %{APP_PASSWORD}"},
	{"robot", "tests/robot/login.robot", "*** Test Cases ***\nValid Login\n    Input Password    id=password    ${PASSWORD}"},
	{"php", "lib/ApiClient.php", "curl_setopt($ch, CURLOPT_USERPWD, $this->user . ':' . $this->password);"},
	{"py", "scripts/fetch.py", "c.setopt(pycurl.USERPWD, f\"{user}:{password}\")"},
	{"java", "src/test/java/com/acme/UsersApiIT.java", "given().auth().preemptive().basic(config.user(), config.password()).when().get(\"/api/users\");"},
	{"cs", "src/Acme.Sync/ApiClient.cs", "client.Authenticator = new HttpBasicAuthenticator(_options.User, _options.Password);"},
	{"rs", "src/sync.rs", "let resp = client.get(url).basic_auth(&cfg.user, Some(&cfg.password)).send().await?;"},
	{"sql", "db/linked-servers.sql", "EXEC sp_addlinkedsrvlogin @rmtsrvname = N'REMOTE', @useself = N'True', @locallogin = NULL, @rmtpassword = NULL;"},
	{"xml", "src/main/webapp/WEB-INF/web.xml", "<init-param>\n  <param-name>passwordMinLength</param-name>\n  <param-value>12</param-value>\n</init-param>"},
	{"xml", "src/main/webapp/WEB-INF/web-prod.xml", "<init-param>\n  <param-name>dbPassword</param-name>\n  <param-value>${db.password}</param-value>\n</init-param>"},
	{"conf", "templates/sentinel.conf.j2", "sentinel auth-pass mymaster {{ redis_password }}"},
	{"conf", "templates/snmpd.conf.j2", "createUser {{ snmp_user }} SHA \"{{ snmp_auth_password }}\""},
	{"conf", "pgbouncer/pgbouncer.ini", "[pgbouncer]\nauth_type = scram-sha-256\nauth_file = /etc/pgbouncer/userlist.txt"},
	{"conf", "templates/chap-secrets.j2", "{{ vpn_user }}\t*\t{{ vpn_password }}\t*"},
	{"py", "scripts/switch_backup.py", "child.expect(\"assword:\")\nchild.sendline(os.environ[\"SWITCH_PASSWORD\"])"},
	{"py", "scripts/accept_host.py", "child.expect(\"(yes/no)\")\nchild.sendline(\"yes\")"},
	{"ansible", "roles/users/tasks/main.yml", "- ansible.builtin.user:\n    name: deploy\n    password: \"{{ vault_deploy_password | password_hash('sha512') }}\""},
	{"sh", "scripts/keys.sh", "ssh-keygen -t ed25519 -N '' -C deploy -f deploy_key"},
	{"sh", "scripts/upload.sh", "lftp -u upload sftp://files.example.com -e 'put report.csv; bye'"},
	{"bat", "scripts/inventory.bat", "wmic /node:fs01 /user:CORP\\admin /password:%ADMIN_PASSWORD% process list brief"},
	{"sh", "scripts/swarm-secrets.sh", "echo \"$DB_PASSWORD\" | docker secret create db_password -"},
	{"java", "src/main/java/com/acme/Mailer.java", "transport.connect(config.getHost(), config.getUser(), config.getPassword());"},
	{"c", "src/db.c", "mysql_real_connect(conn, cfg->host, cfg->user, cfg->password, cfg->db, 3306, NULL, 0);"},
	{"cmake", "CMakeLists.txt", "project(app C)\nset(DB_PASSWORD $ENV{DB_PASSWORD})"},
	{"groovy", "scripts/report.groovy", "def sql = Sql.newInstance(config.url, config.user, config.password, config.driver)"},
	{"pl", "bin/upload.pl", "$ftp->login($ENV{FTP_USER}, $ENV{FTP_PASSWORD}) or die $ftp->message;"},
	{"conf", "kafka/kafka_server_jaas.conf", "KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  user_alice=\"${ALICE_PASSWORD}\";\n};"},
	{"conf", "templates/named.conf.j2", "key \"rndc-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"{{ rndc_secret }}\";\n};"},
	{"conf", "etc/bind/named.conf", "include \"/etc/bind/rndc.key\";\ncontrols { inet 127.0.0.1 allow { localhost; } keys { \"rndc-key\"; }; };"},
}

// serviceShapes plants every service case a few times, then private keys
// in .NET's RSA XML, then each decoy.
func (b *builder) serviceShapes() {
	for _, c := range serviceCases {
		for i := 0; i < b.n(3); i++ {
			var v string
			var weak bool
			for v == "" || len(v) < c.minLen {
				v, weak = b.g.password(c.prof)
			}
			if c.prof == pwURL {
				v = strings.ReplaceAll(v, ":", "")
			}
			text := b.sub(c.tmpl, v)
			m := pwMark(v, weak, c.family, c.shape, c.format)
			if strings.Count(text, v) > 1 {
				// The same password on two lines (an XAUTH user's and a
				// PSK): the first is the case, the other counts as found.
				m.line, m.find = strings.Count(text[:strings.Index(text, v)], "\n")+1, v
			}
			b.plantRaw(c.format, c.path, strings.Split(text, "\n"), m)
		}
	}
	for i := 0; i < b.n(6); i++ {
		doc, d := rsaKeyXML(b.g, true)
		m := mark{value: d, expect: FamilyPrivateKey, class: ClassGeneric, shape: "key-rsa-xml", variant: "xml"}
		b.plantRaw("xml", "keys/signing-key.xml", []string{doc}, m)
	}
	// Private keys as bare base64 DER, no PEM armour: a key file's body
	// alone, or a string constant with no secret-like name. Beside them,
	// public keys in the same form (SubjectPublicKeyInfo).
	for i := 0; i < b.n(3); i++ {
		for _, kind := range []string{"pkcs1", "pkcs8-rsa", "pkcs8-ec", "pkcs8-ed25519"} {
			blk, _ := pem.Decode([]byte(b.g.privateKeyPEM(kind)))
			v := base64.StdEncoding.EncodeToString(blk.Bytes)
			m := mark{value: v, expect: FamilyPrivateKey, class: ClassGeneric, shape: "key-der-base64", variant: kind}
			if i%2 == 0 {
				b.plantRaw("txt", "keys/signing.der.b64", []string{v}, m)
			} else {
				b.plantRaw("kt", "src/main/kotlin/com/acme/Keys.kt", []string{"object Keys {", "    const val DER = \"" + v + "\"", "}"}, m)
			}
		}
		pub, _ := x509.MarshalPKIXPublicKey(&b.g.rsaKey(b.g.rsaBits()).PublicKey)
		b.plantShapeDecoy(shapeDecoy{"kt", "src/main/kotlin/com/acme/Verify.kt", "object Verify {\n    const val DER = \"" + base64.StdEncoding.EncodeToString(pub) + "\"\n}"}, DecoyServiceShape)
	}
	// LDIF (RFC 2849) writes a value that is not plain ASCII, or any value
	// a tool chooses, as base64 after a double colon: userPassword:: ...
	for i := 0; i < b.n(6); i++ {
		v, weak := b.g.password(pwQuoted)
		enc := base64.StdEncoding.EncodeToString([]byte(v))
		m := pwMark(enc, weak, FamilyPassword, "ldif-base64", "ldif")
		m.alt = []string{v}
		b.plantRaw("ldif", "ldap/users.ldif", []string{"dn: uid=" + b.g.username() + ",ou=people,dc=acme,dc=corp", "objectClass: inetOrgPerson", "userPassword:: " + enc}, m)
		b.plantShapeDecoy(shapeDecoy{"ldif", "ldap/schema.ldif", "dn: cn=config\nolcPasswordHash: {SSHA}\nolcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none"}, DecoyServiceShape)
	}
	// DNS TSIG keys (RFC 8945) as BIND's named.conf and nsupdate write
	// them: whoever holds one updates the zone.
	for i := 0; i < b.n(6); i++ {
		key := base64.StdEncoding.EncodeToString(b.g.bytes(32))
		m := mark{value: key, expect: FamilySecret, class: ClassGeneric, shape: "dns-tsig-key", variant: "conf"}
		b.plantRaw("conf", "etc/bind/keys.conf", []string{`key "ddns-update" {`, "\talgorithm hmac-sha256;", "\tsecret \"" + key + "\";", "};"}, m)
	}
	for i := 0; i < b.n(6); i++ {
		for _, d := range serviceDecoys {
			b.plantShapeDecoy(d, DecoyServiceShape)
		}
		doc, _ := rsaKeyXML(b.g, false)
		b.plantShapeDecoy(shapeDecoy{"xml", "keys/verify-key.xml", doc}, DecoyServiceShape)
	}
}

// rsaKeyXML writes an RSA key as .NET's RSA.ToXmlString does: each
// number big-endian in base64; with private, the private parts too. It
// returns the document and the private exponent D (empty without private).
func rsaKeyXML(g gen, private bool) (doc, d string) {
	k := g.rsaKey(g.rsaBits())
	k.Precompute()
	num := func(n *big.Int) string { return base64.StdEncoding.EncodeToString(n.Bytes()) }
	var sb strings.Builder
	sb.WriteString("<RSAKeyValue><Modulus>" + num(k.N) + "</Modulus><Exponent>" + num(big.NewInt(int64(k.E))) + "</Exponent>")
	if private {
		d = num(k.D)
		sb.WriteString("<P>" + num(k.Primes[0]) + "</P><Q>" + num(k.Primes[1]) + "</Q><DP>" + num(k.Precomputed.Dp) + "</DP><DQ>" + num(k.Precomputed.Dq) +
			"</DQ><InverseQ>" + num(k.Precomputed.Qinv) + "</InverseQ><D>" + d + "</D>")
	}
	sb.WriteString("</RSAKeyValue>")
	return sb.String(), d
}
