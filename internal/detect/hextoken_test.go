package detect_test

import "testing"

// TestHexTokenUnderSecretName: hex under a token's name is an id or a hash
// as often as a credential, and stays low; under an API, auth, access or
// secret token's name it is that token, as hex under such a key's name
// already was. A UUID stays low under any name.
func TestHexTokenUnderSecretName(t *testing.T) {
	g := "generic-api-key"
	runContextCases(t, []contextCase{
		{"secret token", ".env", "APP_SECRET_TOKEN=3bd139f9186b31a85336bb89cd1a1337078921134b2f48e022fd09c234d764d3\n", g, "high", "APP_SECRET_TOKEN"},
		{"api token", "providers/dns/namedotcom.toml", "NAMECOM_API_TOKEN = \"a379a6f6eeafb9a55e378c118034e2751e682fab\"\n", g, "high", "NAMECOM_API_TOKEN"},
		{"auth token header", "ops/salt.sh", "curl -k https://10.0.0.2:8000 -H \"Accept: application/x-yaml\" -H \"X-Auth-Token: ab3749a9a0fe83386b8a5d558d10e346c252e336\"\n", g, "high", "X-Auth-Token"},
		{"session token", ".env", "SESSION_TOKEN=4bd139f9186b31a85336bb89cd1a1337078921134b2f48e022fd09c234d764d3\n", g, "low", "SESSION_TOKEN"},
		{"uuid access token", ".env", "ACCESS_TOKEN=e67b99f1-3d7a-4a8d-bb2f-e888a0805633\n", g, "low", "ACCESS_TOKEN"},
	})
}
