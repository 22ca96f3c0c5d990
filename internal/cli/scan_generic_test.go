package cli

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/testutil"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/ssh"
)

// planted is one file of a generic-credentials corpus: credentials in the
// file and format they leak in (want lists "rule secret" for each), or a
// decoy that no rule may report even at low confidence (want empty).
type planted struct {
	path, content string
	want          []string
}

// finds lists what a planted file must yield: rule and secret pairs.
func finds(ruleSecret ...string) []string {
	var out []string
	for i := 0; i+1 < len(ruleSecret); i += 2 {
		out = append(out, ruleSecret[i]+" "+ruleSecret[i+1])
	}
	return out
}

// credentialGen makes the passwords the corpus plants: random, mixing
// classes the way generated and chosen passwords do, with no character
// that the formats below would need to escape.
type credentialGen struct{ g *testutil.Gen }

func (c credentialGen) password() string {
	return c.g.String("ABCDEFGHJKLMNPQRSTUVWXYZ", 2) + c.g.String("abcdefghijkmnopqrstuvwxyz", 5) +
		c.g.String("23456789", 3) + c.g.String(testutil.Base62, 3)
}

// scanPlanted writes the files into a fresh directory, scans it with the
// scan command and checks every file: each credential is found by its rule
// at the default confidence, with exactly its secret and nothing else in
// that file; each decoy yields nothing even with --min-confidence low.
func scanPlanted(t *testing.T, files []planted) {
	t.Helper()
	dir := t.TempDir()
	contents := map[string]string{}
	for _, f := range files {
		if _, dup := contents[f.path]; dup {
			t.Fatalf("%s planted twice", f.path)
		}
		contents[f.path] = f.content
	}
	writeFiles(t, dir, contents)

	found := func(args ...string) map[string][]string {
		stdout, stderr, code := run(t, "", append([]string{"scan", "dir", dir, "--format", "json", "--show-secrets"}, args...)...)
		if code != ExitFindings && code != ExitClean {
			t.Fatalf("scan: exit %d\n%s", code, stderr)
		}
		byPath := map[string][]string{}
		for _, f := range decodeReport(t, stdout) {
			byPath[f.Path] = append(byPath[f.Path], describe(f))
		}
		return byPath
	}
	atDefault, atLow := found(), found("--min-confidence", "low")
	for _, f := range files {
		if len(f.want) == 0 {
			if got := atLow[f.path]; len(got) > 0 {
				t.Errorf("decoy %s: found %v\n%s", f.path, got, f.content)
			}
			continue
		}
		if got := atDefault[f.path]; strings.Join(got, "|") != strings.Join(f.want, "|") {
			t.Errorf("%s: found %v, want %v\n%s", f.path, got, f.want, f.content)
		}
	}
}

func describe(f finding.Finding) string { return f.RuleID + " " + f.Secret }

// TestConnectionStringsInRealFiles covers credentials in URLs and
// connection strings, in the files applications keep them in.
func TestConnectionStringsInRealFiles(t *testing.T) {
	c := credentialGen{testutil.NewGen(1101)}
	pg, sqla, jdbc, mssql, ado, redis, pip, mongo, atlas, ldap := c.password(), c.password(), c.password(), c.password(),
		c.password(), c.password(), c.password(), c.password(), c.password(), c.password()
	scanPlanted(t, []planted{
		{".env", "APP_ENV=production\nDATABASE_URL=postgres://shop:" + pg + "@pg.corp.lan:5432/shop\n", finds("database-connection-url", pg)},
		{"app/db.py", "from sqlalchemy import create_engine\n\nengine = create_engine(\"postgresql+psycopg2://reports:" + sqla + "@10.1.4.20/reports\")\n", finds("database-connection-url", sqla)},
		{"src/main/resources/application.properties", "spring.datasource.url=jdbc:mysql://mysql.corp.lan:3306/shop?user=shop&password=" + jdbc + "&useSSL=true\n", finds("database-jdbc-url", jdbc)},
		{"src/main/java/acme/Db.java", "package acme;\n\nclass Db {\n    static final String URL = \"jdbc:sqlserver://sql01.corp.lan:1433;databaseName=erp;user=etl;password=" + mssql + ";encrypt=true\";\n}\n", finds("database-jdbc-url", mssql)},
		{"Web.config", "<configuration>\n  <connectionStrings>\n    <add name=\"Erp\" connectionString=\"Data Source=sql01;Initial Catalog=erp;User ID=erp;Password=" + ado + ";\" providerName=\"System.Data.SqlClient\" />\n  </connectionStrings>\n</configuration>\n", finds("database-odbc-connection-string", ado)},
		{"docker-compose.yml", "services:\n  worker:\n    image: acme/worker:1.4\n    environment:\n      REDIS_URL: \"redis://:" + redis + "@redis:6379/0\"\n", finds("database-connection-url", redis)},
		{"pip.conf", "[global]\nindex-url = https://deploy:" + pip + "@pypi.corp.lan/simple\n", finds("generic-url-password", pip)},
		{"src/store.js", "const client = new MongoClient(\"mongodb+srv://api:" + mongo + "@mongo.corp.lan/store?retryWrites=true\");\n", finds("database-connection-url", mongo)},
		// On an Atlas host the password is Atlas's, with Atlas's steps to reset it.
		{"src/atlas.js", "const client = new MongoClient(\"mongodb+srv://api:" + atlas + "@cluster0.q7x2k.mongodb.net/store?retryWrites=true\");\n", finds("mongodb-atlas-database-password", atlas)},
		{"ldap.conf", "URI ldaps://cn=reader,dc=corp,dc=lan:" + ldap + "@ldap.corp.lan:636\n", finds("generic-url-password", ldap)},

		{"README.md", "Set DATABASE_URL, for example `postgres://user:password@localhost:5432/app`, or\n`postgresql://${DB_USER}:${DB_PASSWORD}@db/app` in compose.\n", nil},
		{"deploy.sh", "#!/bin/sh\npsql \"postgresql://app:$PGPASSWORD@db.corp.lan/app\" -c 'select 1'\n", nil},
		{"config/database.yml", "production:\n  url: <%= ENV['DATABASE_URL'] %>\n", nil},
		{"src/main/resources/application-prod.properties", "spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}\n", nil},
		{"App.config", "<add name=\"Local\" connectionString=\"Server=(localdb)\\mssqllocaldb;Database=app;Trusted_Connection=True;\" />\n", nil},
		{"scripts/proxy.sh", "export https_proxy=http://proxy.corp.lan:3128\ncurl https://github.com/acme/app\n", nil},
	})
}

// TestCommandLinePasswordsInRealFiles covers passwords passed to commands,
// in the scripts, Dockerfiles and runbooks that run them.
func TestCommandLinePasswordsInRealFiles(t *testing.T) {
	c := credentialGen{testutil.NewGen(1102)}
	curl, mysql, maria, sshpass, psexec, netUse, vi, secure, basic := c.password(), c.password(), c.password(), c.password(),
		c.password(), c.password(), c.password(), c.password(), c.password()
	basicValue := base64.StdEncoding.EncodeToString([]byte("ci-bot:" + basic))
	htpasswd, sqlcmd, redis, ldap, schtasks, registry, stdin, keytool, openssl := c.password(), c.password(), c.password(),
		c.password(), c.password(), c.password(), c.password(), c.password(), c.password()
	scanPlanted(t, []planted{
		{"scripts/trigger.sh", "#!/bin/sh\nset -eu\ncurl -fsS -X POST \\\n  --user ci-bot:" + curl + " \\\n  https://jenkins.corp.lan/job/app/build\n", finds("generic-curl-credentials", curl)},
		{"ops/backup.sh", "#!/bin/bash\nmysqldump -h db.corp.lan -u backup -p" + mysql + " --single-transaction shop | gzip > /backup/shop.sql.gz\n", finds("generic-database-cli-password", mysql)},
		{"db/Dockerfile", "FROM mariadb:11\nHEALTHCHECK CMD mariadb -h 127.0.0.1 -u health -p'" + maria + "' -e 'select 1'\n", finds("generic-database-cli-password", maria)},
		{"ops/sync.sh", "sshpass -p '" + sshpass + "' rsync -a ./site/ www@web01.corp.lan:/var/www/\n", finds("generic-sshpass-password", sshpass)},
		{"deploy/restart.bat", "@echo off\r\npsexec \\\\srv-app01 -u CORP\\svc_deploy -p " + psexec + " -h cmd /c C:\\deploy\\restart.bat\r\n", finds("generic-remote-admin-password", psexec)},
		{"logon/map-drives.cmd", "net use Z: \\\\fs01.corp.lan\\finance /user:CORP\\svc_fin " + netUse + " /persistent:no\r\n", finds("generic-windows-cli-password", netUse)},
		{"vmware/connect.ps1", "Import-Module VMware.PowerCLI\nConnect-VIServer -Server vc01.corp.lan -User administrator@vsphere.local -Password " + vi + "\n", finds("generic-powershell-password", vi)},
		{"ad/new-user.ps1", "$pw = ConvertTo-SecureString \"" + secure + "\" -AsPlainText -Force\nNew-ADUser -Name svc_scan -AccountPassword $pw\n", finds("generic-powershell-password", secure)},
		{"web/Dockerfile", "FROM nginx:1.27\nRUN apk add apache2-utils && htpasswd -bc /etc/nginx/.htpasswd metrics " + htpasswd + "\n", finds("generic-curl-credentials", htpasswd)},
		{"db/backup.ps1", "sqlcmd -S sql01.corp.lan -U sa -P \"" + sqlcmd + "\" -Q \"BACKUP DATABASE erp TO DISK='erp.bak'\"\n", finds("generic-database-cli-password", sqlcmd)},
		{"k8s/probe.sh", "#!/bin/sh\nexec redis-cli -h cache.corp.lan -a " + redis + " --no-auth-warning ping\n", finds("generic-database-cli-password", redis)},
		{"ops/ldap-export.sh", "ldapsearch -x -H ldaps://ldap.corp.lan -D \"cn=reader,dc=corp,dc=lan\" -w " + ldap + " -b dc=corp,dc=lan > users.ldif\n", finds("generic-database-cli-password", ldap)},
		{"deploy/install-task.bat", "schtasks /create /tn NightlyBackup /tr C:\\ops\\backup.bat /sc daily /ru CORP\\svc_backup /rp " + schtasks + "\r\n", finds("generic-windows-cli-password", schtasks)},
		{".gitlab-ci.yml", "release:\n  script:\n    - docker login -u deploy -p " + registry + " registry.corp.lan\n    - docker push registry.corp.lan/app:$CI_COMMIT_SHA\n", finds("generic-cli-login-password", registry)},
		{"ci/push.sh", "echo \"" + stdin + "\" | podman login -u ci --password-stdin quay.corp.lan\n", finds("generic-cli-login-password", stdin)},
		{"android/sign.sh", "keytool -genkeypair -alias upload -keystore upload.jks -storepass " + keytool + " -dname \"CN=Acme\"\n", finds("generic-keystore-password", keytool)},
		{"tls/Makefile", "tls.p12: tls.crt tls.key\n\topenssl pkcs12 -export -in tls.crt -inkey tls.key -out $@ -passout pass:" + openssl + "\n", finds("generic-keystore-password", openssl)},
		{"tools/status.py", "import requests\n\nheaders = {\"Authorization\": \"Basic " + basicValue + "\"}\nrequests.get(\"https://nexus.corp.lan/service/rest/v1/status\", headers=headers)\n", finds("generic-basic-auth-header", basicValue)},

		{"scripts/call-api.sh", "curl -u \"$API_USER:$API_PASSWORD\" https://api.corp.lan/v1/items\nmysql -h db.corp.lan -u root -p shop\nsshpass -e ssh deploy@10.0.3.14\n", nil},
		{"ad/prompt.ps1", "$pw = Read-Host -AsSecureString\nConnect-VIServer -Server vc01 -User admin -Password $vcPassword\n", nil},
		{"logon/prompt.cmd", "net use Z: \\\\fs01\\share * /user:CORP\\%USERNAME%\r\npsexec \\\\srv01 -u admin -p %ADMIN_PASSWORD% cmd\r\n", nil},
		{"ci/login.sh", "echo \"$CI_REGISTRY_PASSWORD\" | docker login -u \"$CI_REGISTRY_USER\" --password-stdin \"$CI_REGISTRY\"\nkeytool -list -keystore app.jks -storepass:env KEYSTORE_PASSWORD\nopenssl rsa -in k.enc -passin env:KEY_PASS -out k.pem\n", nil},
		{"deploy/task.bat", "schtasks /create /tn Backup /tr backup.bat /sc daily /ru SYSTEM\r\nsqlcmd -S sql01 -E -Q \"select 1\"\r\n", nil},
		{"tools/bearer.py", "headers = {\"Authorization\": \"Basic \" + base64.b64encode(user + b\":\" + pw)}\n", nil},
	})
}

// TestCredentialFilesByNameAndFormat writes the credential files tools
// read to log in, each in its own format under its usual name: the
// formats that are not assignments have rules of their own, the others
// are read by the assignment rules, and both must hold.
func TestCredentialFilesByNameAndFormat(t *testing.T) {
	g := testutil.NewGen(1103)
	c := credentialGen{g}
	pw := make([]string, 20)
	for i := range pw {
		pw[i] = c.password()
	}
	token := g.String(testutil.Base62, 36)
	npmAuth := base64.StdEncoding.EncodeToString([]byte("ci:" + pw[3]))
	dockerAuth := base64.StdEncoding.EncodeToString([]byte("ci-push:" + pw[4]))
	dockercfgAuth := base64.StdEncoding.EncodeToString([]byte("legacy:" + pw[5]))
	fileZilla := base64.StdEncoding.EncodeToString([]byte(pw[11]))
	npmPassword := base64.StdEncoding.EncodeToString([]byte(c.password()))
	springPassword := c.password()
	railsKey := g.String(testutil.Hex, 128)
	awsID, awsSecret := g.AWSKeyID(), g.AWSSecret()
	s3ID, s3Secret, botoID, botoSecret := g.AWSKeyID(), g.AWSSecret(), g.AWSKeyID(), g.AWSSecret()
	unattend := base64.StdEncoding.EncodeToString(utf16le(pw[19] + "AdministratorPassword"))
	wifi, nmWifi := c.password(), c.password()
	scram := "SCRAM-SHA-256$4096:" + base64.StdEncoding.EncodeToString([]byte(g.String(testutil.Base62, 16))) + "$" +
		base64.StdEncoding.EncodeToString([]byte(g.String(testutil.Base62, 32))) + ":" + base64.StdEncoding.EncodeToString([]byte(g.String(testutil.Base62, 32)))
	scanPlanted(t, []planted{
		{".netrc", "machine git.corp.lan\n  login ci-bot\n  password " + pw[0] + "\n", finds("generic-netrc-password", pw[0])},
		{"windows/_netrc", "machine ftp.corp.lan login backup password " + pw[1] + "\n", finds("generic-netrc-password", pw[1])},
		{".pgpass", "# reporting replica\npg-replica.corp.lan:5432:reports:report_ro:" + pw[2] + "\n", finds("generic-pgpass-password", pw[2])},
		{".npmrc", "registry=https://npm.corp.lan/\n//npm.corp.lan/:_authToken=" + token + "\n", finds("generic-api-key", token)},
		{"web/.npmrc", "registry=https://npm.corp.lan/\n_auth=" + npmAuth + "\nalways-auth=true\n", finds("generic-api-key", npmAuth)},
		{"packages/lib/.npmrc", "//npm.corp.lan/:username=publisher\n//npm.corp.lan/:_password=" + npmPassword + "\n", finds("generic-password", npmPassword)},
		{"src/main/resources/application.properties", "spring.datasource.url=jdbc:postgresql://pg.corp.lan:5432/orders\nspring.datasource.username=orders\nspring.datasource.password=" + springPassword + "\n", finds("generic-password", springPassword)},
		{".docker/config.json", "{\n\t\"auths\": {\n\t\t\"registry.corp.lan\": {\n\t\t\t\"auth\": \"" + dockerAuth + "\"\n\t\t}\n\t}\n}\n", finds("docker-registry-config-auth", dockerAuth)},
		{".dockercfg", "{\"https://registry.corp.lan\": {\"auth\": \"" + dockercfgAuth + "\", \"email\": \"ops@corp.lan\"}}\n", finds("docker-registry-config-auth", dockercfgAuth)},
		{".pypirc", "[distutils]\nindex-servers = corp\n\n[corp]\nrepository = https://pypi.corp.lan/\nusername = deploy\npassword = " + pw[6] + "\n", finds("generic-password", pw[6])},
		{".git-credentials", "https://ci-bot:" + pw[7] + "@git.corp.lan\n", finds("generic-url-password", pw[7])},
		{".m2/settings.xml", "<settings>\n  <servers>\n    <server>\n      <id>corp-releases</id>\n      <username>deploy</username>\n      <password>" + pw[8] + "</password>\n    </server>\n  </servers>\n</settings>\n", finds("generic-password", pw[8])},
		{"gradle.properties", "org.gradle.jvmargs=-Xmx2g\nnexusUsername=deploy\nnexusPassword=" + pw[9] + "\n", finds("generic-password", pw[9])},
		{"wp-config.php", "<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', '" + pw[10] + "' );\n", finds("generic-password", pw[10])},
		{"FileZilla/recentservers.xml", "<?xml version=\"1.0\"?>\n<FileZilla3>\n  <RecentServers>\n    <Server>\n      <Host>ftp.corp.lan</Host>\n      <Port>21</Port>\n      <User>deploy</User>\n      <Pass encoding=\"base64\">" + fileZilla + "</Pass>\n    </Server>\n  </RecentServers>\n</FileZilla3>\n", finds("generic-password", fileZilla)},
		{"FileZilla/sitemanager.xml", "<FileZilla3>\n  <Servers>\n    <Server>\n      <Host>sftp.corp.lan</Host>\n      <Protocol>1</Protocol>\n      <User>www</User>\n      <Pass>" + pw[12] + "</Pass>\n    </Server>\n  </Servers>\n</FileZilla3>\n", finds("generic-password", pw[12])},
		{"config/database.yml", "production:\n  adapter: postgresql\n  host: pg.corp.lan\n  username: shop\n  password: " + pw[13] + "\n", finds("generic-password", pw[13])},
		{"config/secrets.yml", "production:\n  secret_key_base: " + railsKey + "\n", finds("generic-rails-secret-key-base", railsKey)},
		{"src/main/resources/application.yml", "spring:\n  datasource:\n    url: jdbc:postgresql://pg.corp.lan:5432/orders\n    username: orders\n    password: " + pw[14] + "\n", finds("generic-password", pw[14])},
		{"rclone.conf", "[backup]\ntype = sftp\nhost = sftp.corp.lan\nuser = backup\npass = " + pw[15] + pw[16] + "\n", finds("generic-password", pw[15]+pw[16])},
		{".aws/credentials", "[default]\naws_access_key_id = " + awsID + "\naws_secret_access_key = " + awsSecret + "\n", finds("aws-access-key-id", awsID, "aws-secret-access-key", awsSecret)},
		{".s3cfg", "[default]\naccess_key = " + s3ID + "\nhost_base = s3.amazonaws.com\nsecret_key = " + s3Secret + "\n", finds("aws-access-key-id", s3ID, "generic-api-key", s3Secret)},
		{".boto", "[Credentials]\naws_access_key_id = " + botoID + "\naws_secret_access_key = " + botoSecret + "\n", finds("aws-access-key-id", botoID, "aws-secret-access-key", botoSecret)},
		{"db/seed.sql", "INSERT INTO `users` (`id`, `login`, `email`, `password`) VALUES (1, 'admin', 'ops@corp.lan', '" + pw[17] + "');\n", finds("generic-sql-insert-password", pw[17])},
		{"db/init.sql", "CREATE DATABASE shop;\nCREATE USER 'shop'@'%' IDENTIFIED BY '" + pw[18] + "';\nGRANT ALL ON shop.* TO 'shop'@'%';\n", finds("database-sql-user-password", pw[18])},

		{"deploy/autounattend.xml", "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n  <UserAccounts>\n    <AdministratorPassword>\n      <Value>" + unattend + "</Value>\n      <PlainText>false</PlainText>\n    </AdministratorPassword>\n  </UserAccounts>\n</unattend>\n", finds("generic-windows-unattend-password", unattend)},
		{"image/etc/wpa_supplicant/wpa_supplicant.conf", "ctrl_interface=/run/wpa_supplicant\nnetwork={\n\tssid=\"CorpIoT\"\n\tkey_mgmt=WPA-PSK\n\tpsk=\"" + wifi + "\"\n}\n", finds("generic-wifi-psk", wifi)},
		{"image/etc/NetworkManager/system-connections/Corp.nmconnection", "[connection]\nid=Corp\ntype=wifi\n\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=" + nmWifi + "\n", finds("generic-wifi-psk", nmWifi)},
		{"pgbouncer/userlist.txt", "\"app\" \"" + scram + "\"\n", finds("generic-postgres-password-hash", scram)},

		{"ci/.netrc", "machine git.corp.lan login ci-bot password ${GIT_TOKEN}\n", nil},
		{"PGPASS.md", "Each line of .pgpass reads hostname:port:database:username:password.\n", nil},
		{"ci/docker-config.json", "{\"auths\": {\"registry.corp.lan\": {}}, \"credsStore\": \"ecr-login\"}\n", nil},
		{"ci/settings.xml", "<settings><servers><server><id>corp</id><username>${env.NEXUS_USER}</username><password>${env.NEXUS_PASSWORD}</password></server></servers></settings>\n", nil},
		{"deploy/secrets.yml", "production:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n", nil},
		{"db/queries.sql", "-- name: CreateUser\nINSERT INTO users (login, email, password) VALUES ($1, $2, $3);\n", nil},
		{"deploy/sysprep.xml", "<AdministratorPassword>\n  <Value>*SENSITIVE*DATA*DELETED*</Value>\n  <PlainText>false</PlainText>\n</AdministratorPassword>\n", nil},
		{"image/etc/NetworkManager/system-connections/Guest.nmconnection", "[wifi-security]\nkey-mgmt=wpa-psk\npsk-flags=1\n", nil},
		{"db/roles.sql", "CREATE USER app WITH PASSWORD :'app_password';\nCREATE USER reporting IDENTIFIED EXTERNALLY;\n", nil},
	})
}

// TestCredentialMaterialInRealFiles plants password hashes where they are
// stored (.htpasswd, shadow, fixtures, LDIF, cracking notes, SAM dumps)
// and private keys in every container format, generated for the test.
func TestCredentialMaterialInRealFiles(t *testing.T) {
	g := testutil.NewGen(1104)
	c := credentialGen{g}
	cryptChars := "./" + testutil.Base62
	bcryptHash, err := bcrypt.GenerateFromPassword([]byte(c.password()), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	apr1 := g.String(cryptChars, 8) + "$" + g.String(cryptChars, 22)
	sha512 := g.String(cryptChars, 16) + "$" + g.String(cryptChars, 86)
	yescrypt := g.String(cryptChars, 22) + "$" + g.String(cryptChars, 43)
	django := "pbkdf2_sha256$870000$" + g.String(testutil.Base62, 22) + "$" + base64.StdEncoding.EncodeToString([]byte(g.String(testutil.Base62, 32)))
	ssha := base64.StdEncoding.EncodeToString([]byte(g.String(testutil.Base62, 24)))
	asrep := "23$svc_nopreauth@CORP.LAN:" + g.String(testutil.Hex, 32) + "$" + g.String(testutil.Hex, 480)
	tgs := "23$*svc_sql$CORP.LAN$MSSQLSvc/sql01.corp.lan:1433*$" + g.String(testutil.Hex, 32) + "$" + g.String(testutil.Hex, 2400)
	ntHash := g.String(testutil.Hex, 32)

	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pemOf := func(b *pem.Block) string { return strings.TrimSpace(string(pem.EncodeToMemory(b))) }
	pkcs1 := pemOf(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)})
	// EncryptPEMBlock is deprecated (RFC 1423 encryption is weak) but still
	// how old tools write encrypted PKCS#1 keys, which must be found.
	encBlock, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey), []byte(c.password()), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1Enc := pemOf(encBlock)
	der, err := x509.MarshalPKCS8PrivateKey(edKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := pemOf(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	pkcs8Enc := pemOf(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte(g.String(testutil.Base62, 480))})
	ecDER, err := x509.MarshalECPrivateKey(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	sec1 := pemOf(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})
	sshBlock, err := ssh.MarshalPrivateKey(edKey, "deploy@ci")
	if err != nil {
		t.Fatal(err)
	}
	openSSH := pemOf(sshBlock)
	sshPub, err := ssh.NewPublicKey(edKey.Public())
	if err != nil {
		t.Fatal(err)
	}
	pubLine := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub)))
	pubBlob := strings.Fields(pubLine)[1]
	putty := "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@ci\nPublic-Lines: 2\n" +
		pubBlob[:64] + "\n" + pubBlob[64:] + "\nPrivate-Lines: 1\n" +
		base64.StdEncoding.EncodeToString(append([]byte{0, 0, 0, 32}, edKey.Seed()...)) + "\nPrivate-MAC: " + g.String(testutil.Hex, 64)
	pgp := "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + strings.Join(lines(base64.StdEncoding.EncodeToString([]byte(g.String(testutil.Base62, 600))), 64), "\n") +
		"\n=" + g.String(testutil.Base62, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----"
	dsa := pemOf(&pem.Block{Type: "DSA PRIVATE KEY", Bytes: []byte(g.String(testutil.Base62, 440))})

	scanPlanted(t, []planted{
		{"web/.htpasswd", "admin:$apr1$" + apr1 + "\nops:" + string(bcryptHash) + "\n", finds("generic-md5-crypt-hash", "$apr1$"+apr1, "generic-bcrypt-hash", string(bcryptHash))},
		{"rootfs/etc/shadow", "root:$6$" + sha512 + ":19725:0:99999:7:::\ndaemon:*:19725:0:99999:7:::\ndeploy:$y$j9T$" + yescrypt + ":19800:0:99999:7:::\n", finds("generic-sha-crypt-hash", "$6$"+sha512, "generic-sha-crypt-hash", "$y$j9T$"+yescrypt)},
		{"app/initial_users.json", "[{\"model\": \"auth.user\", \"pk\": 1, \"fields\": {\"username\": \"admin\", \"password\": \"" + django + "\", \"is_superuser\": true}}]\n", finds("generic-django-password-hash", django)},
		{"ldap/base.ldif", "dn: cn=admin,dc=corp,dc=lan\nobjectClass: simpleSecurityObject\nuserPassword: {SSHA}" + ssha + "\n", finds("generic-ldap-password-hash", "{SSHA}"+ssha)},
		{"notes/asrep.txt", "$krb5asrep$" + asrep + "\n", finds("generic-kerberos-asrep-hash", "$krb5asrep$"+asrep)},
		{"notes/kerberoast.txt", "$krb5tgs$" + tgs + "\n", finds("generic-kerberos-tgs-hash", "$krb5tgs$"+tgs)},
		{"notes/sam.txt", "Administrator:500:aad3b435b51404eeaad3b435b51404ee:" + ntHash + ":::\n", finds("generic-ntlm-hash", ntHash)},
		{"deploy/id_rsa", pkcs1 + "\n", finds("private-key-rsa", pkcs1)},
		{"deploy/id_rsa_encrypted", pkcs1Enc + "\n", finds("private-key-rsa", pkcs1Enc)},
		{"tls/server.key", pkcs8 + "\n", finds("private-key-pkcs8", pkcs8)},
		{"tls/server.enc.key", pkcs8Enc + "\n", finds("private-key-pkcs8", pkcs8Enc)},
		{"tls/ec.key", sec1 + "\n", finds("private-key-ec", sec1)},
		{"home/.ssh/id_ed25519", openSSH + "\n", finds("private-key-openssh", openSSH)},
		{"keys/deploy.ppk", putty + "\n", finds("private-key-putty", putty)},
		{"keys/release-signing.asc", pgp + "\n", finds("private-key-pgp", pgp)},
		{"keys/legacy_dsa", dsa + "\n", finds("private-key-dsa", dsa)},

		{"home/.ssh/id_ed25519.pub", pubLine + "\n", nil},
		{"rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", nil},
		{"web/nginx.conf", "auth_basic \"Restricted\";\nauth_basic_user_file /etc/nginx/.htpasswd;  # htpasswd -B, never $apr1$\n", nil},
		{"settings.py", "PASSWORD_HASHERS = [\"django.contrib.auth.hashers.PBKDF2PasswordHasher\"]\n", nil},
		{"notes/howto.md", "Crack with hashcat -m 13100 (lines start with $krb5tgs$23$) and -m 18200.\n", nil},
	})
}

// lines splits s into lines of n characters, as PEM and armour write them.
func lines(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

// TestGenericFamiliesInGitHistory commits credential files, deletes one,
// replaces a command's password with a variable, and checks a history
// scan reports each credential once, at the commit that introduced it,
// and nothing for the cleaned-up versions.
func TestGenericFamiliesInGitHistory(t *testing.T) {
	g := testutil.NewGen(1105)
	c := credentialGen{g}
	netrc, pgpass, mysql, url := c.password(), c.password(), c.password(), c.password()
	ntHash := g.String(testutil.Hex, 32)
	r := testutil.NewRepo(t)
	c1 := r.Write2(map[string]string{
		".netrc":      "machine git.corp.lan\n  login ci-bot\n  password " + netrc + "\n",
		"ops/.pgpass": "pg.corp.lan:5432:orders:orders_rw:" + pgpass + "\n",
		"README.md":   "Backups run from ops/backup.sh.\n",
	}, "add CI credentials")
	r.Git("rm", "-q", ".netrc")
	c2 := r.Write2(map[string]string{
		"ops/backup.sh": "#!/bin/sh\nmysqldump -h db.corp.lan -u backup -p" + mysql + " shop > shop.sql\n",
	}, "nightly backup; netrc no longer needed")
	c3 := r.Write2(map[string]string{
		"ops/backup.sh": "#!/bin/sh\nmysqldump -h db.corp.lan -u backup -p\"$MYSQL_PWD\" shop > shop.sql\n",
		"ops/sam.txt":   "Administrator:500:aad3b435b51404eeaad3b435b51404ee:" + ntHash + ":::\n",
		".env":          "PIP_INDEX_URL=https://deploy:" + url + "@pypi.corp.lan/simple\n",
	}, "read the backup password from the environment")

	stdout, stderr, code := run(t, "", "scan", "git", r.Dir, "--format", "json", "--show-secrets")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var got []string
	for _, f := range decodeReport(t, stdout) {
		got = append(got, f.Commit[:7]+" "+f.Path+" "+describe(f))
	}
	want := []string{
		c1[:7] + " .netrc generic-netrc-password " + netrc,
		c1[:7] + " ops/.pgpass generic-pgpass-password " + pgpass,
		c2[:7] + " ops/backup.sh generic-database-cli-password " + mysql,
		c3[:7] + " .env generic-url-password " + url,
		c3[:7] + " ops/sam.txt generic-ntlm-hash " + ntHash,
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// utf16le encodes s as Windows answer files encode passwords before base64.
func utf16le(s string) []byte {
	var out []byte
	for _, r := range utf16.Encode([]rune(s)) {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}
