package investigate

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// A Google service-account key is a JSON file with an RSA private key.
// Google's APIs take a bearer token, which the key buys with a signed JWT
// assertion (the OAuth 2.0 JWT bearer grant,
// developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests):
// Go, because steps cannot sign. The token is asked only for the
// read-only cloud-platform scope, and lives an hour; the steps of the
// rule file then use it ({{var.token}}), with the key file's project
// ({{var.project}}), account ({{var.email}}) and key id ({{var.key_id}}).

// gcpTokenURL is where the assertion goes: always Google's own endpoint,
// never the key file's token_uri, which is only data.
const gcpTokenURL = "https://oauth2.googleapis.com/token"

type gcpKey struct {
	Type         string `json:"type"`
	ProjectID    string `json:"project_id"`
	PrivateKeyID string `json:"private_key_id"`
	PrivateKey   string `json:"private_key"`
	ClientEmail  string `json:"client_email"`
}

func (run *runner) gcpServiceAccount(ctx context.Context) error {
	var k gcpKey
	if err := json.Unmarshal([]byte(run.secret), &k); err != nil || k.Type != "service_account" || k.ClientEmail == "" || k.PrivateKey == "" {
		return errors.New(`give the whole service-account key file (JSON with "type": "service_account") on standard input`)
	}
	signer, err := gcpSigner(k.PrivateKey)
	if err != nil {
		return err
	}
	assertion, err := run.gcpAssertion(k, signer)
	if err != nil {
		return err
	}
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion}}
	ans, err := run.opts.Checker.Send(ctx, func() (*http.Request, error) {
		u, _ := url.Parse(gcpTokenURL)
		if err := run.opts.Checker.Route(u); err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req, nil
	})
	if err != nil {
		return fmt.Errorf("oauth2.googleapis.com: %s", run.scrub(err.Error()))
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(ans.Body, &tok)
	switch {
	case ans.FromTheEdge():
		run.log("token exchange", StepFailed, edgeDetail(ans))
		return nil
	case tok.Error == "invalid_grant" || ans.Status == http.StatusUnauthorized:
		// A deleted or disabled key, or a deleted account.
		return fmt.Errorf("%w: oauth2.googleapis.com refused the key's assertion (%s); it may already be deleted", ErrNotValid, tok.Description)
	case ans.Status != http.StatusOK || tok.AccessToken == "":
		run.log("token exchange", StepFailed, fmt.Sprintf("HTTP %d %s", ans.Status, tok.Error))
		return nil
	}
	run.log("token exchange", StepOK, "a read-only token for one hour")
	run.rep.Identity = append(run.rep.Identity, Field{"service account", k.ClientEmail}, Field{"project", k.ProjectID}, Field{"key id", k.PrivateKeyID})
	run.vars["token"], run.vars["project"], run.vars["email"], run.vars["key_id"] = tok.AccessToken, k.ProjectID, k.ClientEmail, k.PrivateKeyID
	return run.steps(ctx)
}

func gcpSigner(pemKey string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(pemKey))
	if block == nil {
		return nil, errors.New("the key file's private_key is not PEM")
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("the key file's private_key is not a PKCS #8 key")
	}
	key, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("the key file's private_key is not an RSA key")
	}
	return key, nil
}

// gcpAssertion is the RS256-signed JWT asking for a read-only token.
func (run *runner) gcpAssertion(k gcpKey, key *rsa.PrivateKey) (string, error) {
	now := run.opts.Checker.Now().Unix()
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	unsigned := enc(map[string]string{"alg": "RS256", "typ": "JWT", "kid": k.PrivateKeyID}) + "." +
		enc(map[string]any{"iss": k.ClientEmail, "scope": "https://www.googleapis.com/auth/cloud-platform.read-only",
			"aud": gcpTokenURL, "iat": now, "exp": now + 3600})
	sum := sha256.Sum256([]byte(unsigned))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}
