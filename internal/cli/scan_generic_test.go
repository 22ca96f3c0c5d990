package cli

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/testutil"
)

// planted is one file of a generic-credentials corpus: a credential in the
// file and format it leaks in (rule and secret set), or a decoy that no
// rule may report even at low confidence (rule empty).
type planted struct {
	path, content string
	rule, secret  string
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
		if f.rule == "" {
			if got := atLow[f.path]; len(got) > 0 {
				t.Errorf("decoy %s: found %v\n%s", f.path, got, f.content)
			}
			continue
		}
		want := []string{f.rule + " " + f.secret}
		if got := atDefault[f.path]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: found %v, want %v\n%s", f.path, got, want, f.content)
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
		{".env", "APP_ENV=production\nDATABASE_URL=postgres://shop:" + pg + "@pg.corp.lan:5432/shop\n", "database-connection-url", pg},
		{"app/db.py", "from sqlalchemy import create_engine\n\nengine = create_engine(\"postgresql+psycopg2://reports:" + sqla + "@10.1.4.20/reports\")\n", "database-connection-url", sqla},
		{"src/main/resources/application.properties", "spring.datasource.url=jdbc:mysql://mysql.corp.lan:3306/shop?user=shop&password=" + jdbc + "&useSSL=true\n", "database-jdbc-url", jdbc},
		{"src/main/java/acme/Db.java", "package acme;\n\nclass Db {\n    static final String URL = \"jdbc:sqlserver://sql01.corp.lan:1433;databaseName=erp;user=etl;password=" + mssql + ";encrypt=true\";\n}\n", "database-jdbc-url", mssql},
		{"Web.config", "<configuration>\n  <connectionStrings>\n    <add name=\"Erp\" connectionString=\"Data Source=sql01;Initial Catalog=erp;User ID=erp;Password=" + ado + ";\" providerName=\"System.Data.SqlClient\" />\n  </connectionStrings>\n</configuration>\n", "database-odbc-connection-string", ado},
		{"docker-compose.yml", "services:\n  worker:\n    image: acme/worker:1.4\n    environment:\n      REDIS_URL: \"redis://:" + redis + "@redis:6379/0\"\n", "database-connection-url", redis},
		{"pip.conf", "[global]\nindex-url = https://deploy:" + pip + "@pypi.corp.lan/simple\n", "generic-url-password", pip},
		{"src/store.js", "const client = new MongoClient(\"mongodb+srv://api:" + mongo + "@cluster0.q7x2k.mongodb.net/store?retryWrites=true\");\n", "database-connection-url", mongo},
		{"ldap.conf", "URI ldaps://cn=reader,dc=corp,dc=lan:" + ldap + "@ldap.corp.lan:636\n", "generic-url-password", ldap},

		{"README.md", "Set DATABASE_URL, for example `postgres://user:password@localhost:5432/app`, or\n`postgresql://${DB_USER}:${DB_PASSWORD}@db/app` in compose.\n", "", ""},
		{"deploy.sh", "#!/bin/sh\npsql \"postgresql://app:$PGPASSWORD@db.corp.lan/app\" -c 'select 1'\n", "", ""},
		{"config/database.yml", "production:\n  url: <%= ENV['DATABASE_URL'] %>\n", "", ""},
		{"src/main/resources/application-prod.properties", "spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}\n", "", ""},
		{"App.config", "<add name=\"Local\" connectionString=\"Server=(localdb)\\mssqllocaldb;Database=app;Trusted_Connection=True;\" />\n", "", ""},
		{"scripts/proxy.sh", "export https_proxy=http://proxy.corp.lan:3128\ncurl https://github.com/acme/app\n", "", ""},
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
		{"scripts/trigger.sh", "#!/bin/sh\nset -eu\ncurl -fsS -X POST \\\n  --user ci-bot:" + curl + " \\\n  https://jenkins.corp.lan/job/app/build\n", "generic-curl-credentials", curl},
		{"ops/backup.sh", "#!/bin/bash\nmysqldump -h db.corp.lan -u backup -p" + mysql + " --single-transaction shop | gzip > /backup/shop.sql.gz\n", "generic-mysql-password-flag", mysql},
		{"db/Dockerfile", "FROM mariadb:11\nHEALTHCHECK CMD mariadb -h 127.0.0.1 -u health -p'" + maria + "' -e 'select 1'\n", "generic-mysql-password-flag", maria},
		{"ops/sync.sh", "sshpass -p '" + sshpass + "' rsync -a ./site/ www@web01.corp.lan:/var/www/\n", "generic-sshpass-password", sshpass},
		{"deploy/restart.bat", "@echo off\r\npsexec \\\\srv-app01 -u CORP\\svc_deploy -p " + psexec + " -h cmd /c C:\\deploy\\restart.bat\r\n", "generic-remote-admin-password", psexec},
		{"logon/map-drives.cmd", "net use Z: \\\\fs01.corp.lan\\finance /user:CORP\\svc_fin " + netUse + " /persistent:no\r\n", "generic-net-use-password", netUse},
		{"vmware/connect.ps1", "Import-Module VMware.PowerCLI\nConnect-VIServer -Server vc01.corp.lan -User administrator@vsphere.local -Password " + vi + "\n", "generic-powershell-password", vi},
		{"ad/new-user.ps1", "$pw = ConvertTo-SecureString \"" + secure + "\" -AsPlainText -Force\nNew-ADUser -Name svc_scan -AccountPassword $pw\n", "generic-powershell-password", secure},
		{"tools/status.py", "import requests\n\nheaders = {\"Authorization\": \"Basic " + basicValue + "\"}\nrequests.get(\"https://nexus.corp.lan/service/rest/v1/status\", headers=headers)\n", "generic-basic-auth-header", basicValue},

		{"scripts/call-api.sh", "curl -u \"$API_USER:$API_PASSWORD\" https://api.corp.lan/v1/items\nmysql -h db.corp.lan -u root -p shop\nsshpass -e ssh deploy@10.0.3.14\n", "", ""},
		{"ad/prompt.ps1", "$pw = Read-Host -AsSecureString\nConnect-VIServer -Server vc01 -User admin -Password $vcPassword\n", "", ""},
		{"logon/prompt.cmd", "net use Z: \\\\fs01\\share * /user:CORP\\%USERNAME%\r\npsexec \\\\srv01 -u admin -p %ADMIN_PASSWORD% cmd\r\n", "", ""},
		{"tools/bearer.py", "headers = {\"Authorization\": \"Basic \" + base64.b64encode(user + b\":\" + pw)}\n", "", ""},
	})
}
