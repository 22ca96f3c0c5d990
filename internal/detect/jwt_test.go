package detect_test

import (
	"strings"
	"testing"
	"time"
)

// Tokens made for these tests: their claims are what matters.
const (
	jwtService     = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGgub3JiaXRmcmVpZ2h0LmlvIiwic3ViIjoic3ZjLWJpbGxpbmctZXhwb3J0ZXIiLCJhdWQiOiJvcmRlcnMtYXBpIiwiaWF0IjoxNzE4MDAwMDAwLCJzY29wZSI6Im9yZGVyczpyZWFkIGludm9pY2VzOndyaXRlIn0.uktYhoN_fzQovbDnJG_ogfwTo2GBmGi6zs_3MO51WOU"
	jwtExpired     = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGgub3JiaXRmcmVpZ2h0LmlvIiwic3ViIjoic3ZjLXJlcG9ydCIsImlhdCI6MTU0NjMwMDgwMCwiZXhwIjoxNTc3ODM2ODAwfQ.xMhQ2KzXupJd1GZmfBs7POxn-9xXbaXOOEmllpWGQ50"
	jwtSession     = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2xvZ2luLnRlc3NlbC5hcHAiLCJzdWIiOiJ1c2VyLTQ0NzEiLCJpYXQiOjQxMDI0NDAwMDAsImV4cCI6NDEwMjQ0MzYwMH0.vqDyxKHkH6GAMOvizYQUi0hqpwHwnQIr4koKctZNMEjbu2wpmFxfwKJwHE5FiN3PkVeMP2Un0Zur3CRXB1ubg7-Y51f6Qgi6lDIvcJi3fW4gngLo-9a627gx_goceH4o5IFI8MzeVkrJ2pTClPQyUfbWVeW3VkA30ErSGZR6A2m7Wk-Zdu93kaJsXIvFiz_h1Dtckf5XTba4nCH8S_bkc-aHIAyHjM1lYr9MvtWdvOM78_QWJyxfeDOKxoiMcpiq4mvu56M77WUBgQDhNaJJg4YK7TlyoxkUq70BOJeA5pAYKQpoGIlxOctyYxFNmyDVQiHjMFb3FPsimDGt9XD_oA"
	jwtUnsigned    = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2F1dGgub3JiaXRmcmVpZ2h0LmlvIiwic3ViIjoiYWRtaW4iLCJpYXQiOjE3MTgwMDAwMDB9.CZ9-KQ7HQME3S3ia-FvEgUVTtyKPPfCtxFdyCgjfifg"
	jwtSample      = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	jwtK8sLegacy   = "eyJhbGciOiJSUzI1NiIsImtpZCI6IlhxM3ZNOWNQejFZYlQwd0xyOHNKZDJlSG41dUthN2ZHaTRvQnk2Q3ROUUUifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9uYW1lc3BhY2UiOiJjaSIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VjcmV0Lm5hbWUiOiJidWlsZGVyLXRva2VuLTd4azJwIiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9zZXJ2aWNlLWFjY291bnQubmFtZSI6ImJ1aWxkZXIiLCJrdWJlcm5ldGVzLmlvL3NlcnZpY2VhY2NvdW50L3NlcnZpY2UtYWNjb3VudC51aWQiOiIzZjFjMmE5ZS04YjdkLTRlNmYtYTFiMi1jM2Q0ZTVmNjA3MTgiLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6YnVpbGRlciJ9.AJ79haXYsjlCXzDcgphk10d0U8rM6JWHAo3EUVs8XgVnyT0N9IRoR_CE557DxSPNlIqz1CeIAkPUCzvxvVpTm24vfskKWE1LWDw9EjDV0leu0m3ugUG30nSSLjBJJNyOSHKqK3ofbxGkwPWdX4ACyhyXltn4cO4r0n_aTpyrDZQ4SRWLHpusHvkIFyQs8kwlwNqjZb360xPovPF_uwIOVKgxuvdF5keZw7lrJUOYVFZcVcU0IRMIwgODHXiozcjruD9AS90UxZG9c6HwSkhyvUZV25XFmAG_WAu-R5JZkGtdNb3_q8XT1F8Fw33uWTJ3EwMToIkYbFNJFc-OC-z0fQ"
	jwtK8sBoundOld = "eyJhbGciOiJSUzI1NiIsImtpZCI6InBMMHNSNHRXOHlaMmJENmZIMWpLNW1OOXFTM3VWN3hBMGNFNGdJOGtNMm8ifQ.eyJhdWQiOlsiaHR0cHM6Ly9rdWJlcm5ldGVzLmRlZmF1bHQuc3ZjLmNsdXN0ZXIubG9jYWwiXSwiZXhwIjoxNzAwMDAzNjAwLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6Imh0dHBzOi8va3ViZXJuZXRlcy5kZWZhdWx0LnN2Yy5jbHVzdGVyLmxvY2FsIiwia3ViZXJuZXRlcy5pbyI6eyJuYW1lc3BhY2UiOiJkZWZhdWx0Iiwic2VydmljZWFjY291bnQiOnsibmFtZSI6IndlYiIsInVpZCI6IjFhMmIzYzRkLTVlNmYtNGE3Yi04YzlkLTBlMWYyYTNiNGM1ZCJ9fSwibmJmIjoxNzAwMDAwMDAwLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDp3ZWIifQ._UTR_xuARPOomBIiH-NsOqJ0_Cc8W_ZWP-Yer39IGzObEVpxsrQT8YM4KVZzwP7BsfA_wVG0AhXBpsNHtd2ih404sgkz-7HMxZl4dOuDOc67vUU5vNkhaFzmgmX9AOR7l378Dcp5sMbp0lRn7x9TVsMHOqQAD6LOBTPTtuDh0jxaCIDTgZe3nRlSOqjq4Ghvzk6IxZr4QGQ_MRK7G0oUzawOcufRN92Ecd1DjJsRYyjZajsS0YGjh64ZNf4ZDfH58EAQsqkFkKJPvFp6IYmN_Ks-LAObwLR6x4SQ2H5kNFv-HrptbowjD-6_J8lpDt4maC-FK7ZR3QzzaOdNE2MPoQ"
	jwtSupaAnon    = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF3aHRwbHJ6a2N2bm1iYXhkc29lIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTEwMDAwMDAsImV4cCI6MjAyNjU3NjAwMH0.agSHCn6XoApU3S9JLbf6IxCi15hTI3BvRx29FvJilwI"
	jwtSupaDemo    = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoic3VwYWJhc2UtZGVtbyIsImlhdCI6MTY0MTc2OTIwMCwiZXhwIjoxNzk5NTM1NjAwfQ.8ISigZuDKx_Q7s4aqP4jVptVkWoCAe0vplr3W1_b0m4"
	jwtSupaService = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF3aHRwbHJ6a2N2bm1iYXhkc29lIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcxMTAwMDAwMCwiZXhwIjoyMDI2NTc2MDAwfQ._oCSO5hR39jKzKP0eIiMry5IhF4rvHWdwG3XXnbnOiA"
)

// TestJWTClaimsDecideSeverityAndNote scans tokens with the whole catalogue:
// each is reported by the rule its claims call for, with a severity from
// its expiry and signature and a note naming its claims, never the token.
func TestJWTClaimsDecideSeverityAndNote(t *testing.T) {
	e := catalogueEngine(t)
	e.SetClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })
	cases := []struct {
		name, text, rule, severity, encoding string
		note                                 []string
	}{
		{"signed service token without expiry", "SERVICE_TOKEN=" + jwtService, "generic-jwt", "high", "",
			[]string{"JWT (HS256)", "iss https://auth.orbitfreight.io", "sub svc-billing-exporter", "aud orders-api", "issued 2024-06-10", "no expiry"}},
		{"expired token", "token: " + jwtExpired, "generic-jwt", "low", "",
			[]string{"expired JWT (HS256)", "sub svc-report", "expired 2020-01-01"}},
		{"session token of an hour", `session = "` + jwtSession + `"`, "generic-jwt", "medium", "",
			[]string{"short-lived JWT (RS256)", "expires 2099-12-31"}},
		{"unsigned token", "X-Debug-Token: " + jwtUnsigned, "generic-jwt", "low", "",
			[]string{"unsigned JWT (alg none)", "sub admin"}},
		{"base64-wrapped token", "auth_b64: " + b64(jwtService), "generic-jwt", "high", "base64",
			[]string{"iss https://auth.orbitfreight.io"}},
		{"legacy service-account token", "token: " + jwtK8sLegacy, "kubernetes-service-account-token", "critical", "",
			[]string{"iss kubernetes/serviceaccount", "sub system:serviceaccount:ci:builder", "no expiry"}},
		{"expired bound service-account token", "token: " + jwtK8sBoundOld, "kubernetes-service-account-token", "low", "",
			[]string{"expired JWT (RS256)", "sub system:serviceaccount:default:web", "aud https://kubernetes.default.svc.cluster.local"}},
		{"supabase anon key", "SUPABASE_KEY=" + jwtSupaAnon, "supabase-anon-key", "low", "", []string{"iss supabase"}},
		{"supabase service_role key", "SUPABASE_KEY=" + jwtSupaService, "supabase-service-role-key", "critical", "", []string{"iss supabase"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := e.Scan([]byte(c.text))
			if len(ms) != 1 {
				t.Fatalf("found %v, want one %s", ruleIDs(ms), c.rule)
			}
			m := ms[0]
			if m.Rule.ID != c.rule || m.Severity != c.severity || m.Encoding != c.encoding {
				t.Errorf("got %s severity %q encoding %q, want %s %q %q", m.Rule.ID, m.Severity, m.Encoding, c.rule, c.severity, c.encoding)
			}
			for _, want := range c.note {
				if !strings.Contains(m.Note, want) {
					t.Errorf("note %q lacks %q", m.Note, want)
				}
			}
			sig := m.Secret[strings.LastIndexByte(m.Secret, '.')+1:]
			if strings.Contains(m.Note, m.Secret) || len(sig) > 8 && strings.Contains(m.Note, sig) {
				t.Errorf("note shows the token: %q", m.Note)
			}
		})
	}
	// jwt.io's sample and Supabase's self-hosting demo keys are examples
	// wherever they appear.
	for _, text := range []string{"token: " + jwtSample, `{"access_token": "` + jwtSample + `"}`, "Authorization: Bearer " + jwtSample,
		"SERVICE_ROLE_KEY=" + jwtSupaDemo} {
		if ms := e.Scan([]byte(text)); len(ms) > 0 {
			t.Errorf("jwt.io's sample reported as %v: %s", ruleIDs(ms), text)
		}
	}
	// Expiry is read against the engine's clock.
	e.SetClock(func() time.Time { return time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC) })
	if ms := e.Scan([]byte("token: " + jwtExpired)); len(ms) != 1 || ms[0].Severity != "high" || !strings.Contains(ms[0].Note, "expires 2020-01-01") {
		t.Errorf("before its expiry: %+v", ms)
	}
}
