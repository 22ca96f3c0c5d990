package corpus

// Credentials handed to a call as an option's constant and its value
// (libcurl's curl_easy_setopt), and a credential's variable given an
// environment lookup's literal default whatever the variable looked up is
// named; configuration text held in a multi-line string literal of code.
// Next to the same calls given variables, empty defaults, more arguments,
// or lookups that are not the environment's, and to docstrings.

// DecoyCallShape is a decoy written in one of the shapes of callCases.
const DecoyCallShape = "call-shape"

var callCases = []layoutCase{
	{"option-argument", "c", "src/fetch.c", "CURL *curl = curl_easy_init();\ncurl_easy_setopt(curl, CURLOPT_USERNAME, \"{u}\");\ncurl_easy_setopt(curl, CURLOPT_PASSWORD, \"{v}\");", FamilyPassword, pwQuoted, false},
	{"option-argument", "c", "src/proxy.c", "curl_easy_setopt(h, CURLOPT_PROXYPASSWORD, \"{v}\");", FamilyPassword, pwQuoted, false},
	{"option-argument", "cpp", "src/mail.cpp", "curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, \"{v}\");", FamilySecret, pwURL, true},
	{"lookup-default-var", "py", "app/settings.py", "SECRET_KEY = os.environ.get(\"DJANGO_SK\", \"{v}\")", FamilySecret, pwURL, true},
	{"lookup-default-var", "go", "internal/mail/config.go", "smtpPassword := getEnv(\"SMTP_LOGIN\", \"{v}\")", FamilyPassword, pwQuoted, false},
	{"config-in-long-string", "py", "scripts/bootstrap.py", "CONFIG = \"\"\"\ndatabase:\n  host: {h}\n  user: {u}\n  password: {v}\n\"\"\"", FamilyPassword, pwBare, false},
	{"config-in-long-string", "go", "internal/seed/config.go", "package seed\n\nconst dbConfig = `\n[database]\nhost = {h}\npassword = {v}\n`", FamilyPassword, pwBare, false},
	{"config-in-long-string", "js", "scripts/env.js", "const envFile = `\nAPI_HOST=api.{domain}\nAPI_TOKEN={v}\n`;", FamilySecret, pwURL, true},
}

var callDecoys = []shapeDecoy{
	{"c", "src/fetch.c", "curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->password);"},
	{"c", "src/fetch.c", "curl_easy_setopt(curl, CURLOPT_PASSWORD, getenv(\"FETCH_PASSWORD\"));"},
	{"c", "src/form.c", "set_field(form, FIELD_PASSWORD, \"Password\", 24);"},
	{"c", "src/audit.c", "log_event(EV_PASSWORD_CHANGED, \"password changed for %s\");"},
	{"py", "app/settings.py", "SECRET_KEY = os.environ.get(\"DJANGO_SK\", \"\")"},
	{"py", "app/cache.py", "token = cache.get(\"session\", \"c2Vzc2lvbi1kZWZhdWx0LXRva2Vu\")"},
	{"go", "internal/mail/config.go", "smtpPassword := getEnv(\"SMTP_LOGIN\", defaultPassword)"},
	{"py", "app/auth.py", "def login(user, password, token):\n    \"\"\"Log the user in.\n\n    Args:\n        password: the user's password, as typed\n        token: optional one-time code\n    \"\"\"\n    return session.login(user, password, token)"},
	{"go", "internal/seed/config.go", "package seed\n\nconst usage = `\nSet the password in the environment.\n`\n\nvar password = os.Getenv(\"DB_PASSWORD\")"},
	{"py", "scripts/bootstrap.py", "CONFIG = \"\"\"\ndatabase:\n  password: ${DB_PASSWORD}\n\"\"\""},
}

func (b *builder) plantCallShapes() { b.plantCasesAndDecoys(callCases, callDecoys, DecoyCallShape) }
