package investigate

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAzureDevOpsPAT(t *testing.T) {
	const pat = "wMes6YG4U65AEwp7bFSq4vZZmCzuqsL13aOkc9M27SdhdQp8nHyuJQQJ9D3KVz62NqRyICB4sAS5AZDOvXOb"
	entries := append(repeat(-10, 5, `{"id":"e{{D}}","timestamp":"{{t:{{D}}}}","actionId":"Git.RefUpdatePoliciesBypassed","actorUPN":"ada@acme.example","actorDisplayName":"Ada L","ipAddress":"203.0.113.15","userAgent":"git/2.45.0","authenticationMechanism":"UserAuthToken","projectName":"web"}`),
		`{"id":"ex","timestamp":"{{t:2:4}}","actionId":"Library.ServiceConnectionExecuted","actorUPN":"ada@acme.example","actorDisplayName":"Ada L","ipAddress":"198.51.100.23","userAgent":"python-requests/2.32.3","authenticationMechanism":"PAT Unscoped","projectName":"infra"}`)
	scripted{
		rule: "azure-devops-pat", secret: pat, authorized: basic("", pat),
		host: "acme.visualstudio.com", hosts: []string{"acme.visualstudio.com"},
		dead: `{"message":"Access Denied: The Personal Access Token used has expired."}`,
		routes: map[string][]string{
			"/_apis/connectionData": {`{"authenticatedUser":{"id":"6d2c-1","descriptor":"x","providerDisplayName":"Ada L","isActive":true,"properties":{"Account":{"$type":"System.String","$value":"ada@acme.example"}}},"instanceId":"i1"}`},
			"/_apis/projects":       {`{"count":2,"value":[{"id":"p1","name":"web","visibility":"private","state":"wellFormed"},{"id":"p2","name":"infra","visibility":"private","state":"wellFormed"}]}`},
			"/acme/_apis/audit/auditlog": {
				`{"decoratedAuditLogEntries":` + join(entries[:8]...) + `,"continuationToken":"ct2","hasMore":true}`,
				`{"decoratedAuditLogEntries":` + join(entries[8:]...) + `,"continuationToken":null,"hasMore":false}`},
		},
		identity:  map[string]string{"user": "Ada L", "account": "ada@acme.example", "API host": "acme.visualstudio.com (named with --host)"},
		resources: map[string]int{"projects": 2},
		flags:     [][2]string{{"source", "198.51.100.23"}, {"agent", "python-requests/2.32.3"}, {"tag", "PAT Unscoped"}},
		notFlags:  [][2]string{{"source", "203.0.113.15"}, {"tag", "UserAuthToken"}},
		paged:     []string{"/acme/_apis/audit/auditlog"}, nextQuery: map[string]string{"/acme/_apis/audit/auditlog": "continuationToken=ct2"}, sinceLeak: 6,
		deny: "/acme/_apis/audit/auditlog", wantDenied: "View audit log", limit: "/_apis/connectionData",
	}.run(t)
}

// Azure DevOps may answer credentials it does not accept with 203 and its
// sign-in page rather than 401: the key is not valid, not a failed step.
func TestAzureDevOpsSignInPageIsADeadKey(t *testing.T) {
	v := &vendor{t: t, authorized: func(*http.Request) bool { return true }, routes: map[string]http.HandlerFunc{
		"/_apis/connectionData": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNonAuthoritativeInfo)
			io.WriteString(w, "<html><title>Azure DevOps Services | Sign In</title></html>")
		},
	}}
	r := catalogue(t)["azure-devops-pat"]
	srv := httptest.NewServer(v)
	defer srv.Close()
	_, err := Run(context.Background(), r, "x", "", Options{Checker: investigator(t, srv, r, nil, "acme.visualstudio.com"), Since: testSince, Host: "acme.visualstudio.com"})
	if !errors.Is(err, ErrNotValid) {
		t.Fatalf("203 sign-in page: %v, want %v", err, ErrNotValid)
	}
}
