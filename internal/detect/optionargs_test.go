package detect_test

import "testing"

// TestOptionArguments: a setter's call given an option's constant and its
// value (libcurl); the same calls given a variable, another
// argument after the value, or a call that sets nothing are not read.
func TestOptionArguments(t *testing.T) {
	pw := "Tr0ub4dor-3x"
	g := "generic-password"
	runContextCases(t, []contextCase{
		{"libcurl password", "client.c", "curl_easy_setopt(curl, CURLOPT_PASSWORD, \"" + pw + "\");\n", g, "medium", ""},
		{"libcurl proxy password", "client.c", "curl_easy_setopt(h, CURLOPT_PROXYPASSWORD, \"" + pw + "\");\n", g, "medium", ""},
		{"user and password together", "client.c", "curl_easy_setopt(curl, CURLOPT_USERPWD, \"ftpuser:" + pw + "\");\n", "generic-curl-userpwd-option", "high", ""},
		{"a variable", "client.c", "curl_easy_setopt(curl, CURLOPT_PASSWORD, password);\n", "", "", ""},
		{"more arguments after", "client.c", "set_field(h, OPT_PASSWORD, \"" + pw + "\", 0);\n", "", "", ""},
		{"not a setter", "client.c", "log_event(EV_PASSWORD, \"" + pw + "\");\n", "", "", ""},
		{"lower case name", "client.c", "curl_easy_setopt(curl, password, \"" + pw + "\");\n", "", "", ""},
	})
}
