package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestScanPairsIdentifiersAndNeverReportsThem: a GCP key file's check
// takes the client_email beside the key id and sends only it; a Twilio
// Account SID completes the Auth Token's check. Neither identifier is a
// finding: a file holding only a SID scans clean (exit 0).
func TestScanPairsIdentifiersAndNeverReportsThem(t *testing.T) {
	const (
		keyID   = "1e08c26703bd0f9354fb28c55d0fbfaf45e51041"
		account = "deployer@billing-prod-4821.iam.gserviceaccount.com"
		sid     = "AC73d545ab7500b466646a6e8d7e7db664"
		token   = "b0e0b6ef4ccc138cffc8a969479890e5"
	)
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Path)
		user, pw, _ := r.BasicAuth()
		switch {
		case r.URL.Path == "/service_accounts/v1/metadata/x509/"+account && r.Header.Get("Authorization") == "":
			io.WriteString(w, `{"`+keyID+`": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"}`)
		case r.URL.Path == "/2010-04-01/Accounts/"+sid+".json" && user == sid && pw == token:
			io.WriteString(w, `{"sid": "`+sid+`"}`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"key.json": "{\n  \"type\": \"service_account\",\n  \"project_id\": \"billing-prod-4821\",\n  \"private_key_id\": \"" + keyID +
			"\",\n  \"client_email\": \"" + account + "\",\n  \"client_id\": \"104427369101854432178\"\n}\n",
		"twilio.env":      "TWILIO_ACCOUNT_SID=" + sid + "\nTWILIO_AUTH_TOKEN=" + token + "\n",
		"sid-only.env":    "TWILIO_ACCOUNT_SID=" + sid + "\n",
		".leakhound.toml": "[validation]\nhosts = { \"www.googleapis.com\" = \"" + srv.URL + "\", \"api.twilio.com\" = \"" + srv.URL + "\" }\n",
	})
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json", "--validate")
	if code != ExitFindings {
		t.Fatalf("exit %d %s", code, stderr)
	}
	got := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		got[f.RuleID] = f.Validity
	}
	want := map[string]string{"gcp-service-account-key": "valid", "twilio-auth-token": "valid"}
	if len(got) != len(want) || got["gcp-service-account-key"] != "valid" || got["twilio-auth-token"] != "valid" {
		t.Errorf("findings %v, want %v (identifiers never reported)", got, want)
	}
	for _, p := range asked {
		if strings.Contains(p, keyID) {
			t.Errorf("the key id left the machine: %s", p)
		}
	}
	if _, stderr, code := run(t, "", "scan", "dir", dir+"/sid-only.env"); code != ExitClean {
		t.Errorf("a file with only an Account SID: exit %d %s", code, stderr)
	}
}
