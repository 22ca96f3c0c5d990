package detect_test

import "testing"

// TestDotNetKeyPaths: .NET configuration names a section's key
// Section:Key; quoted, the whole path is the name.
func TestDotNetKeyPaths(t *testing.T) {
	pw := "Vq7-mZ2x-Lp9k"
	g := "generic-password"
	runSecretCases(t, []secretCase{
		{"json section key", "appsettings.json", "{\n  \"Smtp:Host\": \"smtp.corp.lan\",\n  \"Smtp:Password\": \"" + pw + "\"\n}\n", g, pw, "high"},
		{"json nested section key", "secrets.json", "{\n  \"Services:Mail:AdminPassword\": \"" + pw + "\"\n}\n", g, pw, "high"},
		{"appSettings add key", "Web.config", "<appSettings>\n  <add key=\"Mail:Password\" value=\"" + pw + "\" />\n</appSettings>\n", g, pw, "high"},
		{"json section key empty", "appsettings.json", "{\n  \"Smtp:Password\": \"\"\n}\n", "", "", ""},
		{"json section key token", "appsettings.json", "{\n  \"Smtp:Password\": \"#{SmtpPassword}#\"\n}\n", "", "", ""},
		{"json section policy", "appsettings.json", "{\n  \"Identity:PasswordMinLength\": \"12\"\n}\n", "", "", ""},
		{"a user:password string is no key", "app.js", "const pair = \"admin:Password\";\nlogin(pair, \"" + pw + "\");\n", "", "", ""},
		{"url is no key path", "app.yml", "docs: \"https://corp.lan/reset:Password\"\n", "", "", ""},
	})
}

// TestLDAPBindNames: LDAP clients' and servers' own names for the bind
// password, written as keyword value or name = value.
func TestLDAPBindNames(t *testing.T) {
	pw := "Vq7-mZ2x-Lp9k"
	g := "generic-password"
	runSecretCases(t, []secretCase{
		{"nslcd bindpw", "nslcd.conf", "uri ldap://ldap01/\nbinddn cn=reader,dc=corp,dc=lan\nbindpw " + pw + "\n", g, pw, "high"},
		{"pam_ldap bindpw", "pam_ldap.conf", "host ldap01\nbindpw " + pw + "\n", g, pw, "high"},
		{"sssd authtok", "sssd.conf", "[domain/corp]\nldap_default_authtok_type = password\nldap_default_authtok = " + pw + "\n", g, pw, "high"},
		{"bindpw template", "nslcd.conf", "bindpw {{ ldap_bind_password }}\n", "", "", ""},
		{"sssd authtok reference", "sssd.conf", "ldap_default_authtok = ${SSSD_BIND_PASSWORD}\n", "", "", ""},
		{"sssd authtok type", "sssd.conf", "ldap_default_authtok_type = obfuscated_password\n", "", "", ""},
	})
}

// TestRulesWrittenInTests: a rule whose shape lives in tests keeps a
// strong value at medium in a test directory; a made-up one is low, as
// every generic finding there is.
func TestRulesWrittenInTests(t *testing.T) {
	pw := "Vq7-mZ2x-Lp9k"
	ui, robot := "generic-ui-password-input", "generic-robot-variable-password"
	runSecretCases(t, []secretCase{
		{"browser test, strong", "tests/e2e/test_login.py", "driver.find_element(By.ID, \"password\").send_keys(\"" + pw + "\")\n", ui, pw, "medium"},
		{"browser test, made up", "tests/e2e/test_login.py", "driver.find_element(By.ID, \"password\").send_keys(\"testpass123\")\n", ui, "testpass123", "low"},
		{"robot suite, strong", "tests/robot/variables.robot", "*** Variables ***\n${PASSWORD}    " + pw + "\n", robot, pw, "medium"},
		{"other generic rules stay low", "tests/deploy.sh", "sshpass -p '" + pw + "' ssh deploy@10.0.0.5 uptime\n", "generic-sshpass-password", pw, "low"},
	})
}

// TestUnclosedTemplateMarks: "#{" or "${" inside a random password that
// nothing closes is part of the password; a closed one interpolates.
func TestUnclosedTemplateMarks(t *testing.T) {
	g := "generic-password"
	runSecretCases(t, []secretCase{
		{"hash brace inside", "settings.xml", "<server>\n  <username>ci</username>\n  <password>pD3tfm.Pb#{D7</password>\n</server>\n", g, "pD3tfm.Pb#{D7", "high"},
		{"hash brace near the end", "app.py", "ssh.connect(\"db01\", username=\"ci\", password=\"eo!4rQL&0zn,UiWimwL#{@\")\n", g, "eo!4rQL&0zn,UiWimwL#{@", "medium"},
		{"dollar brace inside", "app.env", "DB_PASSWORD=Xq7${mZ2Lp9k\n", g, "Xq7${mZ2Lp9k", "high"},
		{"ruby interpolation", "config.rb", "password = \"pre-#{ENV['SUFFIX']}\"\n", "", "", ""},
		{"template cut at its blank", "app.yml", "password: pre-{{ vault_suffix }}\n", "", "", ""},
		{"shell expansion", "app.env", "DB_PASSWORD=pre${SUFFIX}\n", "", "", ""},
	})
}

// TestDottedRandomPasswords: a random password holding a dot is no
// property path, though its pieces start with capitals; a path is.
func TestDottedRandomPasswords(t *testing.T) {
	g := "generic-password"
	runSecretCases(t, []secretCase{
		{"json value", "app.json", "{\"password\": \"sXqDnCJR9.FCPu47\"}\n", g, "sXqDnCJR9.FCPu47", "high"},
		{"python literal", "settings.py", "password = \"kT.bQzRwYx9\"\n", g, "kT.bQzRwYx9", "medium"},
		{"json in an env value", "app.env", "SPRING_APPLICATION_JSON='{\"spring.datasource.password\":\"sXqDnCJR9.FCPu47\"}'\n", g, "sXqDnCJR9.FCPu47", "high"},
		{"property path", "app.py", "password = \"config.dbPassword\"\n", "", "", ""},
		{"settings path", "app.py", "password = \"Settings.Secret\"\n", "", "", ""},
		{"os environ path", "app.py", "password = \"os.environ.Password\"\n", "", "", ""},
	})
}

// TestSQLNationalLiterals: T-SQL passes Unicode strings as N'...'.
func TestSQLNationalLiterals(t *testing.T) {
	pw := "Vq7-mZ2x-Lp9k"
	g := "generic-password"
	runSecretCases(t, []secretCase{
		{"linked server login", "db/linked.sql", "EXEC sp_addlinkedsrvlogin @rmtsrvname = N'REMOTE', @useself = N'False', @rmtuser = N'sa', @rmtpassword = N'" + pw + "';\n", g, pw, "medium"},
		{"addlogin", "db/logins.sql", "EXEC sp_addlogin @loginame = N'app', @passwd = N'" + pw + "', @defdb = N'app';\n", "database-sql-user-password", pw, "high"},
		{"null password", "db/linked.sql", "EXEC sp_addlinkedsrvlogin @rmtsrvname = N'REMOTE', @rmtpassword = NULL;\n", "", "", ""},
		{"a variable", "db/linked.sql", "EXEC sp_addlinkedsrvlogin @rmtsrvname = N'REMOTE', @rmtpassword = @password;\n", "", "", ""},
	})
}

// TestCMakeSet: CMake sets a variable with set(NAME value).
func TestCMakeSet(t *testing.T) {
	pw := "Vq7-mZ2x-Lp9k"
	g := "generic-password"
	runSecretCases(t, []secretCase{
		{"quoted", "CMakeLists.txt", "set(DB_PASSWORD \"" + pw + "\")\n", g, pw, "medium"},
		{"upper case, cache entry", "config.cmake", "SET(ADMIN_PASSWORD \"" + pw + "\" CACHE STRING \"admin password\")\n", g, pw, "medium"},
		{"bare", "CMakeLists.txt", "set(DB_PASSWORD " + pw + ")\n", g, pw, "medium"},
		{"a variable", "CMakeLists.txt", "set(DB_PASSWORD ${ENV_DB_PASSWORD})\n", "", "", ""},
		{"a call named set", "app.py", "cache.set(password_key, value)\n", "", "", ""},
	})
}
