package corpus

// Tokens written in hex under an API, auth, access or secret token's name:
// a Rails secret token in an environment file, a DNS provider's API token
// in a shell example, Salt's X-Auth-Token on a curl line, and the access
// token of an OAuth reply a command-line tool saved. Next to them, hex under
// names that say an id or a hash (a session, a CSRF or a commit's token),
// which stay below the default confidence.

// DecoyHexTokenShape is a decoy written in one of the shapes of
// hexTokenCases.
const DecoyHexTokenShape = "hex-token-shape"

const hexDigits = "0123456789abcdef"

var hexTokenCases = []alphabetCase{
	{"hex-secret-token", "env", "docker/secrets.env", "APP_SECRET_TOKEN={v}\nDATABASE_ADAPTER=postgresql", hexDigits, FamilySecret},
	{"hex-secret-token", "sh", "scripts/dns-update.sh", "export NAMECOM_USERNAME=ops\nexport NAMECOM_API_TOKEN={v}\nlego --dns namedotcom run", hexDigits, FamilySecret},
	{"hex-secret-token", "sh", "ops/salt-api.sh", "curl -sk https://{h}:8000 -H \"Accept: application/x-yaml\" -H \"X-Auth-Token: {v}\" -d client=local -d tgt='*' -d fun=test.ping", hexDigits, FamilySecret},
	{"hex-secret-token", "json", ".config/acme-cli/token.json", "{\"access_token\": \"{v}\", \"token_type\": \"bearer\", \"expires_in\": 7776000}", hexDigits, FamilySecret},
}

var hexTokenDecoys = []shapeDecoy{
	{"env", "docker/secrets.env", "SESSION_TOKEN_DIGEST=sha256"},
	{"json", ".config/acme-cli/token.json", "{\"access_token\": \"<ACCESS_TOKEN>\", \"token_type\": \"bearer\"}"},
	{"sh", "ops/salt-api.sh", "curl -sk https://salt.example.com:8000 -H \"X-Auth-Token: $SALT_TOKEN\" -d fun=test.ping"},
	{"yaml", "ci/release.yml", "commit_token: 9c1185a5c5e9fc54612808977ee8f548b2258d31"},
}

func (b *builder) plantHexTokenShapes() {
	b.plantAlphabetCases(hexTokenCases, hexTokenDecoys, DecoyHexTokenShape)
}
