package detect_test

import "testing"

// TestCredentialsInCallsAndDirectives: credentials set by builder calls
// named with "with", by setters of a user and password pair, by Apple's
// setValue:forHTTPHeaderField:, by web servers' directives, and stated as
// data in Markdown; each beside the same form holding no credential.
func TestCredentialsInCallsAndDirectives(t *testing.T) {
	pw := "Xk29dLq0PzRt7"
	key := "aZ3kLm92QpXr7TvB1nYc0dEfGh45JkLw"
	g, k := "generic-password", "generic-api-key"
	runContextCases(t, []contextCase{
		// A builder's setter first on its line: "with" starts a switch's
		// name (WITH_TOKEN), not a setter's.
		{"chained withApiKey", "Clients.kt", "val client = WeatherClient.builder()\n    .withApiKey(\"" + key + "\")\n    .build()\n", k, "medium", ""},
		{"chained with...Password", "Mail.java", "Mailer m = MailerBuilder.withSMTPServer(host, 587)\n        .withSMTPServerPassword(\"" + pw + "\")\n        .buildMailer();\n", g, "medium", ""},
		{"with setter of a variable", "Clients.kt", "    .withApiKey(BuildConfig.WEATHER_API_KEY)\n", "", "", ""},
		{"with setter of a boolean", "Clients.kt", "    .withPassword(true)\n", "", "", ""},
		{"with setter of a reference name", "Deploy.kt", "    .withSecretKeyRef(\"db-secret\")\n", "", "", ""},
		{"build switch", "config.h", "#define WITH_TOKEN 1\n", "", "", ""},
		// A setter of a pair takes the user, then the password.
		{"setCredentials user and password", "Es.java", "client.setCredentials(\"jdoe\", \"" + pw + "\");\n", g, "medium", ""},
		{"setCredentials of variables", "Es.java", "client.setCredentials(config.getUsername(), config.getPassword());\n", "", "", ""},
		{"setCredentials of a user and an expression", "Es.java", "client.setCredentials(\"admin\", passwordField.getText());\n", "", "", ""},
		// Apple's URL requests: the header's name after its value.
		{"objc setValue forHTTPHeaderField", "ApiClient.m", "[request setValue:@\"" + key + "\" forHTTPHeaderField:@\"X-Api-Key\"];\n", k, "medium", ""},
		{"swift setValue forHTTPHeaderField", "Session.swift", "request.setValue(\"" + key + "\", forHTTPHeaderField: \"X-Api-Key\")\n", k, "medium", ""},
		{"objc setValue of a variable", "ApiClient.m", "[request setValue:self.apiKey forHTTPHeaderField:@\"X-Api-Key\"];\n", "", "", ""},
		{"swift setValue interpolated", "Session.swift", "request.setValue(\"Bearer \\(token)\", forHTTPHeaderField: \"Authorization\")\n", "", "", ""},
		// Web servers' directives.
		{"apache bind password", "intranet.conf", "<Location /intranet>\n  AuthLDAPBindDN \"cn=apache,dc=acme,dc=corp\"\n  AuthLDAPBindPassword \"" + pw + "\"\n</Location>\n", g, "high", ""},
		{"apache bind password from a program", "intranet.conf", "  AuthLDAPBindPassword \"exec:/usr/local/bin/ldap-bind-password\"\n", "", "", ""},
		{"apache bind password from the environment", "intranet.conf", "  AuthLDAPBindPassword ${LDAP_BIND_PASSWORD}\n", "", "", ""},
		{"nginx proxy header", "api.conf", "location /internal/ {\n    proxy_set_header X-Api-Key \"" + key + "\";\n}\n", k, "high", ""},
		{"nginx proxy header unquoted", "api.conf", "    proxy_set_header X-Api-Key " + key + ";\n", k, "high", ""},
		{"apache request header", "site.conf", "RequestHeader set X-Api-Key \"" + key + "\"\n", k, "high", ""},
		{"nginx header from a variable", "api.conf", "    proxy_set_header X-Api-Key $http_x_api_key;\n", "", "", ""},
		{"nginx empty header", "api.conf", "    add_header X-Auth-Token \"\";\n", "", "", ""},
		{"apache header unset", "site.conf", "RequestHeader unset Authorization\n", "", "", ""},
		// Map entries made by Kotlin's to and Scala's ->.
		{"kotlin to pair", "Smtp.kt", "val props = mapOf(\"mail.smtp.user\" to \"jdoe\", \"mail.smtp.password\" to \"" + pw + "\")\n", g, "medium", ""},
		{"scala arrow pair", "Conf.scala", "val conf = Map(\"password\" -> \"" + pw + "\")\n", g, "medium", ""},
		{"arrow in a comment", "url.py", "# Apply URL token aliases (e.g. 'pass' -> 'Qw7rT2yLp9') to the results\n", "", "", ""},
		{"kotlin Pair call", "Smtp.kt", "val props = listOf(Pair(\"user\", \"jdoe\"), Pair(\"password\", \"" + pw + "\"))\n", g, "medium", ""},
		{"kotlin Pair of a variable", "Smtp.kt", "val props = listOf(Pair(\"password\", secrets.smtpPassword))\n", "", "", ""},
		{"c++ make_pair", "db.cpp", "opts.insert(std::make_pair(\"password\", \"" + pw + "\"));\n", g, "medium", ""},
		{"kotlin lazy delegate", "Db.kt", "object Db {\n    val password by lazy { \"" + pw + "\" }\n}\n", g, "medium", ""},
		{"kotlin lazy delegate on lines", "Db.kt", "val password by lazy {\n    \"" + pw + "\"\n}\n", g, "medium", ""},
		{"kotlin lazy lookup", "Db.kt", "val password by lazy { System.getenv(\"DB_PASSWORD\") }\n", "", "", ""},
		{"kotlin lazy computed", "Db.kt", "val password by lazy { \"" + pw + "\" + suffix }\n", "", "", ""},
		{"kotlin to pair of a lookup", "Smtp.kt", "val props = mapOf(\"mail.smtp.password\" to System.getenv(\"SMTP_PASSWORD\"))\n", "", "", ""},
		{"scala arrow pair of a lookup", "Conf.scala", "val conf = Map(\"password\" -> sys.env(\"DB_PASSWORD\"))\n", "", "", ""},
		// Markdown: a table's column, a name and value table's row, a
		// Name: value line.
		{"markdown name and value row", "docs/sandbox.md", "| Setting | Value |\n|---|---|\n| api_key | `" + key + "` |\n", k, "medium", ""},
		{"markdown options table", "docs/sandbox.md", "| Option | Description |\n|---|---|\n| password | Required. |\n| token | v2 |\n| api_key | Optional |\n", "", "", ""},
		{"markdown parameters table", "docs/api.md", "| Name | Type | Description |\n|---|---|---|\n| password | string9 | The user's password |\n", "", "", ""},
		{"markdown table in docs", "docs/environments.md", "| Environment | User | Password |\n|---|---|---|\n| staging | jdoe | " + pw + " |\n", g, "medium", ""},
		{"markdown password line in docs", "docs/onboarding.md", "Use the account `jdoe`.\n\nPassword: " + pw + "\n", g, "medium", ""},
		{"markdown table without one", "docs/environments.md", "| Environment | User | Password |\n|---|---|---|\n| staging | deploy | in 1Password |\n", "", "", ""},
		{"markdown password line in prose", "docs/onboarding.md", "Password: the one you chose at first login\n", "", "", ""},
	})
}

// TestNamesStatedAsData: a Name: value line in a text file (a commit
// message, an AsciiDoc page) whose value is program symbols is not a
// credential; a random token, a passphrase of words and a password
// with a bracket in the same lines are.
func TestNamesStatedAsData(t *testing.T) {
	key := "aZ3kLm92QpXr7TvB1nYc0dEfGh45JkLw"
	runContextCases(t, []contextCase{
		{"sanitizer stack signature", "leak.txt", "Leak found:\n\n    DEDUP_TOKEN: __interceptor_malloc--do_xmalloc--do_xmallocz--xmallocz--xmemdupz--xstrndup--remote_default_branch--cmd_clone--cmd_main--main--__libc_start_call_main--__libc_start_main@GLIBC_2.2.5--_start\n", "", "", ""},
		{"snake_case names listed", "notes.txt", "SECRET_HANDLERS: read_secret_file,parse_secret_env,load_vault_token_v2\n", "", "", ""},
		{"asciidoc macro after a password key", "config.txt", "sendemail.smtpPass annotate:bugreport[exclude] ::\n", "", "", ""},
		{"token stated as data", "notes.txt", "DEDUP_TOKEN: " + key + "\n", "generic-api-key", "high", ""},
		{"passphrase stated as data", "notes.txt", "Password: correct-horse-battery-staple\n", "generic-password", "high", ""},
		{"password with a bracket, quoted", "app.py", "DB_PASSWORD = \"Wq7[zR4k\"\n", "generic-password", "medium", ""},
	})
}

// TestCredentialsInValueObjects: a credential written as an object whose
// first member is value (Azure Resource Manager parameter files, config
// wrappers), in JSON and YAML; not when the member is another, or the
// value a reference.
func TestCredentialsInValueObjects(t *testing.T) {
	pw := "Xk29dLq0PzRt7"
	key := "aZ3kLm92QpXr7TvB1nYc0dEfGh45JkLw"
	g, k := "generic-password", "generic-api-key"
	runContextCases(t, []contextCase{
		{"arm parameter", "azuredeploy.parameters.json", "{\n  \"parameters\": {\n    \"adminPassword\": {\"value\": \"" + pw + "\"}\n  }\n}\n", g, "high", ""},
		{"arm parameter over lines", "azuredeploy.parameters.json", "{\n  \"parameters\": {\n    \"sqlPassword\": {\n      \"value\": \"" + pw + "\"\n    }\n  }\n}\n", g, "high", ""},
		{"yaml value member", "settings.yaml", "weather:\n  api_key:\n    value: " + key + "\n", k, "high", ""},
		{"arm key vault reference", "azuredeploy.parameters.json", "{\n  \"adminPassword\": {\n    \"reference\": {\"keyVault\": {\"id\": \"/subscriptions/x\"}, \"secretName\": \"admin\"}\n  }\n}\n", "", "", ""},
		{"arm parameter from a variable", "azuredeploy.parameters.json", "{\"adminPassword\": {\"value\": \"[parameters('pw')]\"}}\n", "", "", ""},
		{"schema of a password", "schema.json", "{\"password\": {\"type\": \"string\", \"value\": \"" + pw + "\"}}\n", "", "", ""},
		{"yaml value not first", "settings.yaml", "api_key:\n  description: the key\n  value_from: env\n", "", "", ""},
		{"postman api key auth", "api.postman_collection.json", "{\"auth\": {\"type\": \"apikey\", \"apikey\": [{\"key\": \"value\", \"value\": \"" + key + "\", \"type\": \"string\"}, {\"key\": \"key\", \"value\": \"X-Api-Key\", \"type\": \"string\"}]}}\n", k, "high", ""},
		{"postman api key auth of a variable", "api.postman_collection.json", "{\"auth\": {\"type\": \"apikey\", \"apikey\": [{\"key\": \"value\", \"value\": \"{{apiKey}}\"}, {\"key\": \"key\", \"value\": \"X-Api-Key\"}]}}\n", "", "", ""},
		{"postman api key auth, header name first", "api.postman_collection.json", "{\"apikey\": [{\"key\": \"key\", \"value\": \"X-Api-Key\"}, {\"key\": \"value\", \"value\": \"" + key + "\"}]}\n", k, "high", ""},
		{"postman api key auth without its value", "api.postman_collection.json", "{\"apikey\": [{\"key\": \"key\", \"value\": \"X-Api-Key\"}, {\"key\": \"in\", \"value\": \"header\"}]}\n", "", "", ""},
		{"arm template expression", "azuredeploy.json", "{\"properties\": {\"sqlPassword\": \"[concat(variables('prefix'), uniqueString(resourceGroup().id))]\"}}\n", "", "", ""},
		{"arm literal bracket", "azuredeploy.json", "{\"properties\": {\"adminPassword\": \"[[Xk29dLq0PzRt7]\"}}\n", g, "high", ""},
	})
}
