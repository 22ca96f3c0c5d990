package cli

import (
	"strings"
	"testing"
)

// TestScanReportsJWTClaimsNotTokens scans a directory with the real
// command: each JWT is reported under the rule its claims call for, with
// the severity its expiry gives and a note of its claims, in every format,
// and the tokens themselves appear nowhere.
func TestScanReportsJWTClaimsNotTokens(t *testing.T) {
	const (
		expired = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGgub3JiaXRmcmVpZ2h0LmlvIiwic3ViIjoic3ZjLXJlcG9ydCIsImlhdCI6MTU0NjMwMDgwMCwiZXhwIjoxNTc3ODM2ODAwfQ.xMhQ2KzXupJd1GZmfBs7POxn-9xXbaXOOEmllpWGQ50"
		service = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Ims3In0.eyJpc3MiOiJodHRwczovL2lkLmx1bWVucGF5LmRldiIsInN1YiI6ImNpLWRlcGxveWVyIiwiYXVkIjpbImRlcGxveS1hcGkiXSwiaWF0IjoxNzI1MDAwMDAwLCJleHAiOjQxMDI0NDQ4MDB9.Q4Mpy8Tc7guieJtTwt_xkcG4cr0w0IZ0FPCuGPKKDr0QMzL1PsA9_3QurVk0UBCvIcHirRdvBp0d-nQ5IM-khnJ4OJ0pmuiI-tQRbaX6cRR1vwKG0h6sRjrLBLHsqx7V6Tqy9yp6BeNhPhPxg-XYdLnX7WfUznyNdEpzSBBHQ_g8tQO_ju45zewhg8lrRcwBRmnHQdYlw2-DKqQlhcmdc9ouXhbiFOIpAth5lpu2Uzqrv-LVsi5pYDsJriypJx5Ih03uMu3sDzYWARl0YZPlxrTsFYQ0Y1ZfLhZyZEqRRKQEPZmBBCYJOPZmYYDwqyGGzum2KHQnUZj0gZu1_rzZEQ"
		k8s     = "eyJhbGciOiJSUzI1NiIsImtpZCI6IlhxM3ZNOWNQejFZYlQwd0xyOHNKZDJlSG41dUthN2ZHaTRvQnk2Q3ROUUUifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9uYW1lc3BhY2UiOiJjaSIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VjcmV0Lm5hbWUiOiJidWlsZGVyLXRva2VuLTd4azJwIiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9zZXJ2aWNlLWFjY291bnQubmFtZSI6ImJ1aWxkZXIiLCJrdWJlcm5ldGVzLmlvL3NlcnZpY2VhY2NvdW50L3NlcnZpY2UtYWNjb3VudC51aWQiOiIzZjFjMmE5ZS04YjdkLTRlNmYtYTFiMi1jM2Q0ZTVmNjA3MTgiLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6YnVpbGRlciJ9.AJ79haXYsjlCXzDcgphk10d0U8rM6JWHAo3EUVs8XgVnyT0N9IRoR_CE557DxSPNlIqz1CeIAkPUCzvxvVpTm24vfskKWE1LWDw9EjDV0leu0m3ugUG30nSSLjBJJNyOSHKqK3ofbxGkwPWdX4ACyhyXltn4cO4r0n_aTpyrDZQ4SRWLHpusHvkIFyQs8kwlwNqjZb360xPovPF_uwIOVKgxuvdF5keZw7lrJUOYVFZcVcU0IRMIwgODHXiozcjruD9AS90UxZG9c6HwSkhyvUZV25XFmAG_WAu-R5JZkGtdNb3_q8XT1F8Fw33uWTJ3EwMToIkYbFNJFc-OC-z0fQ"
	)
	dir := t.TempDir()
	files := map[string]string{
		"old.env":           "LEGACY_TOKEN=" + expired + "\n",
		"deploy/ci.sh":      "curl -H \"Authorization: Bearer " + service + "\" https://deploy.lumenpay.dev/v1/releases\n",
		"deploy/kubeconfig": "users:\n- name: ci\n  user:\n    token: " + k8s + "\n",
	}
	writeFiles(t, dir, files)
	stdout, stderr, code := run(t, "", "scan", "dir", dir, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	type seen struct{ rule, severity string }
	got := map[string]seen{}
	notes := map[string]string{}
	for _, f := range decodeReport(t, stdout) {
		got[f.Path] = seen{f.RuleID, f.Severity}
		notes[f.Path] = f.Note
	}
	want := map[string]seen{
		"old.env":           {"generic-jwt", "low"},
		"deploy/ci.sh":      {"generic-jwt", "high"},
		"deploy/kubeconfig": {"kubernetes-service-account-token", "critical"},
	}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("%s: got %+v, want %+v", path, got[path], w)
		}
	}
	if !strings.Contains(notes["old.env"], "expired 2020-01-01") || !strings.Contains(notes["deploy/ci.sh"], "iss https://id.lumenpay.dev") {
		t.Errorf("notes: %q", notes)
	}
	text, _, _ := run(t, "", "scan", "dir", dir)
	for _, out := range []string{stdout, stderr, text} {
		for _, tok := range []string{expired, service, k8s} {
			if strings.Contains(out, tok) || strings.Contains(out, tok[strings.LastIndexByte(tok, '.')+1:]) {
				t.Errorf("a token appears in the output: %s...", tok[:12])
			}
		}
	}
	if !strings.Contains(text, "sub system:serviceaccount:ci:builder") {
		t.Errorf("text report lacks the service account's subject:\n%s", text)
	}
}
