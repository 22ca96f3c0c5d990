package corpus

// Credentials handed to a call as an option's constant and its value
// (libcurl's curl_easy_setopt, mysql_options), next to the same calls given
// variables or taking more arguments.

// DecoyCallShape is a decoy written in one of the shapes of callCases.
const DecoyCallShape = "call-shape"

var callCases = []layoutCase{
	{"option-argument", "c", "src/fetch.c", "CURL *curl = curl_easy_init();\ncurl_easy_setopt(curl, CURLOPT_USERNAME, \"{u}\");\ncurl_easy_setopt(curl, CURLOPT_PASSWORD, \"{v}\");", FamilyPassword, pwQuoted, false},
	{"option-argument", "c", "src/proxy.c", "curl_easy_setopt(h, CURLOPT_PROXYPASSWORD, \"{v}\");", FamilyPassword, pwQuoted, false},
	{"option-argument", "cpp", "src/mail.cpp", "curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, \"{v}\");", FamilySecret, pwURL, true},
}

var callDecoys = []shapeDecoy{
	{"c", "src/fetch.c", "curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->password);"},
	{"c", "src/fetch.c", "curl_easy_setopt(curl, CURLOPT_PASSWORD, getenv(\"FETCH_PASSWORD\"));"},
	{"c", "src/form.c", "set_field(form, FIELD_PASSWORD, \"Password\", 24);"},
	{"c", "src/audit.c", "log_event(EV_PASSWORD_CHANGED, \"password changed for %s\");"},
}

func (b *builder) plantCallShapes() { b.plantCasesAndDecoys(callCases, callDecoys, DecoyCallShape) }
