package cli

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/testutil"
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
	pg, sqla, jdbc, mssql, ado, redis, pip, mongo, ldap := c.password(), c.password(), c.password(), c.password(),
		c.password(), c.password(), c.password(), c.password(), c.password()
	scanPlanted(t, []planted{
		{".env", "APP_ENV=production\nDATABASE_URL=postgres://shop:" + pg + "@pg.corp.lan:5432/shop\n", finds("database-connection-url", pg)},
		{"app/db.py", "from sqlalchemy import create_engine\n\nengine = create_engine(\"postgresql+psycopg2://reports:" + sqla + "@10.1.4.20/reports\")\n", finds("database-connection-url", sqla)},
		{"src/main/resources/application.properties", "spring.datasource.url=jdbc:mysql://mysql.corp.lan:3306/shop?user=shop&password=" + jdbc + "&useSSL=true\n", finds("database-jdbc-url", jdbc)},
		{"src/main/java/acme/Db.java", "package acme;\n\nclass Db {\n    static final String URL = \"jdbc:sqlserver://sql01.corp.lan:1433;databaseName=erp;user=etl;password=" + mssql + ";encrypt=true\";\n}\n", finds("database-jdbc-url", mssql)},
		{"Web.config", "<configuration>\n  <connectionStrings>\n    <add name=\"Erp\" connectionString=\"Data Source=sql01;Initial Catalog=erp;User ID=erp;Password=" + ado + ";\" providerName=\"System.Data.SqlClient\" />\n  </connectionStrings>\n</configuration>\n", finds("database-odbc-connection-string", ado)},
		{"docker-compose.yml", "services:\n  worker:\n    image: acme/worker:1.4\n    environment:\n      REDIS_URL: \"redis://:" + redis + "@redis:6379/0\"\n", finds("database-connection-url", redis)},
		{"pip.conf", "[global]\nindex-url = https://deploy:" + pip + "@pypi.corp.lan/simple\n", finds("generic-url-password", pip)},
		{"src/store.js", "const client = new MongoClient(\"mongodb+srv://api:" + mongo + "@cluster0.q7x2k.mongodb.net/store?retryWrites=true\");\n", finds("database-connection-url", mongo)},
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
	scanPlanted(t, []planted{
		{"scripts/trigger.sh", "#!/bin/sh\nset -eu\ncurl -fsS -X POST \\\n  --user ci-bot:" + curl + " \\\n  https://jenkins.corp.lan/job/app/build\n", finds("generic-curl-credentials", curl)},
		{"ops/backup.sh", "#!/bin/bash\nmysqldump -h db.corp.lan -u backup -p" + mysql + " --single-transaction shop | gzip > /backup/shop.sql.gz\n", finds("generic-mysql-password-flag", mysql)},
		{"db/Dockerfile", "FROM mariadb:11\nHEALTHCHECK CMD mariadb -h 127.0.0.1 -u health -p'" + maria + "' -e 'select 1'\n", finds("generic-mysql-password-flag", maria)},
		{"ops/sync.sh", "sshpass -p '" + sshpass + "' rsync -a ./site/ www@web01.corp.lan:/var/www/\n", finds("generic-sshpass-password", sshpass)},
		{"deploy/restart.bat", "@echo off\r\npsexec \\\\srv-app01 -u CORP\\svc_deploy -p " + psexec + " -h cmd /c C:\\deploy\\restart.bat\r\n", finds("generic-remote-admin-password", psexec)},
		{"logon/map-drives.cmd", "net use Z: \\\\fs01.corp.lan\\finance /user:CORP\\svc_fin " + netUse + " /persistent:no\r\n", finds("generic-net-use-password", netUse)},
		{"vmware/connect.ps1", "Import-Module VMware.PowerCLI\nConnect-VIServer -Server vc01.corp.lan -User administrator@vsphere.local -Password " + vi + "\n", finds("generic-powershell-password", vi)},
		{"ad/new-user.ps1", "$pw = ConvertTo-SecureString \"" + secure + "\" -AsPlainText -Force\nNew-ADUser -Name svc_scan -AccountPassword $pw\n", finds("generic-powershell-password", secure)},
		{"tools/status.py", "import requests\n\nheaders = {\"Authorization\": \"Basic " + basicValue + "\"}\nrequests.get(\"https://nexus.corp.lan/service/rest/v1/status\", headers=headers)\n", finds("generic-basic-auth-header", basicValue)},

		{"scripts/call-api.sh", "curl -u \"$API_USER:$API_PASSWORD\" https://api.corp.lan/v1/items\nmysql -h db.corp.lan -u root -p shop\nsshpass -e ssh deploy@10.0.3.14\n", nil},
		{"ad/prompt.ps1", "$pw = Read-Host -AsSecureString\nConnect-VIServer -Server vc01 -User admin -Password $vcPassword\n", nil},
		{"logon/prompt.cmd", "net use Z: \\\\fs01\\share * /user:CORP\\%USERNAME%\r\npsexec \\\\srv01 -u admin -p %ADMIN_PASSWORD% cmd\r\n", nil},
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
	railsKey := g.String(testutil.Hex, 128)
	awsID, awsSecret := g.AWSKeyID(), g.AWSSecret()
	s3ID, s3Secret, botoID, botoSecret := g.AWSKeyID(), g.AWSSecret(), g.AWSKeyID(), g.AWSSecret()
	scanPlanted(t, []planted{
		{".netrc", "machine git.corp.lan\n  login ci-bot\n  password " + pw[0] + "\n", finds("generic-netrc-password", pw[0])},
		{"windows/_netrc", "machine ftp.corp.lan login backup password " + pw[1] + "\n", finds("generic-netrc-password", pw[1])},
		{".pgpass", "# reporting replica\npg-replica.corp.lan:5432:reports:report_ro:" + pw[2] + "\n", finds("generic-pgpass-password", pw[2])},
		{".npmrc", "registry=https://npm.corp.lan/\n//npm.corp.lan/:_authToken=" + token + "\n", finds("generic-api-key", token)},
		{"web/.npmrc", "registry=https://npm.corp.lan/\n_auth=" + npmAuth + "\nalways-auth=true\n", finds("generic-api-key", npmAuth)},
		{".docker/config.json", "{\n\t\"auths\": {\n\t\t\"registry.corp.lan\": {\n\t\t\t\"auth\": \"" + dockerAuth + "\"\n\t\t}\n\t}\n}\n", finds("generic-docker-registry-auth", dockerAuth)},
		{".dockercfg", "{\"https://registry.corp.lan\": {\"auth\": \"" + dockercfgAuth + "\", \"email\": \"ops@corp.lan\"}}\n", finds("generic-docker-registry-auth", dockercfgAuth)},
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

		{"ci/.netrc", "machine git.corp.lan login ci-bot password ${GIT_TOKEN}\n", nil},
		{"PGPASS.md", "Each line of .pgpass reads hostname:port:database:username:password.\n", nil},
		{"ci/docker-config.json", "{\"auths\": {\"registry.corp.lan\": {}}, \"credsStore\": \"ecr-login\"}\n", nil},
		{"ci/settings.xml", "<settings><servers><server><id>corp</id><username>${env.NEXUS_USER}</username><password>${env.NEXUS_PASSWORD}</password></server></servers></settings>\n", nil},
		{"deploy/secrets.yml", "production:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n", nil},
		{"db/queries.sql", "-- name: CreateUser\nINSERT INTO users (login, email, password) VALUES ($1, $2, $3);\n", nil},
		{"db/roles.sql", "CREATE USER app WITH PASSWORD :'app_password';\nCREATE USER reporting IDENTIFIED EXTERNALLY;\n", nil},
	})
}
