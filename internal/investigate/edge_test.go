package investigate

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/validate"
)

// edgeAnswers are what a rate limiter, a WAF or a CDN answers in front of
// any API, with the words the report must give for each: none of them is
// a dead key or a missing permission.
var edgeAnswers = []struct {
	name, reason string
	write        func(http.ResponseWriter)
}{
	{"429", "rate limited (HTTP 429)", func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"slow down"}`)
	}},
	{"waf page", "HTTP 403 with an HTML page (a firewall or edge, not the API)", func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>")
	}},
	{"cloudflare text", "HTTP 403 with Cloudflare's error code: 1020 (a firewall or edge, not the API)", func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "error code: 1020")
	}},
}

// TestEveryInvestigationSaysFailedAtTheEdge drives every investigation in
// the catalogue, scripted or Go, against a server that answers everything
// from the edge. Investigations read answers with the validity checks'
// own rule (validate.Matches, Answer.FromTheEdge), so a step that
// declares 403 as a dead key or a missing permission is still not fooled:
// the key is never called dead, no step is "denied", and the report names
// the edge's answer.
func TestEveryInvestigationSaysFailedAtTheEdge(t *testing.T) {
	byID := catalogue(t)
	var ids []string
	for id, r := range byID {
		if r.Investigation != nil {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if len(ids) < 30 {
		t.Fatalf("only %d investigations in the catalogue", len(ids))
	}
	gcpKey, _ := gcpKeyFile(t, "0123456789abcdef")
	for _, edge := range edgeAnswers {
		t.Run(edge.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { edge.write(w) }))
			defer srv.Close()
			for _, id := range ids {
				r := byID[id]
				in := edgeInput(t, r, gcpKey)
				sl := &sleeps{}
				c, err := validate.New(validate.Options{Client: srv.Client(), Hosts: edgeHosts(t, r, in.host, srv.URL), Retries: 1,
					Timeout: 5 * time.Second, Sleep: sl.sleep, Now: func() time.Time { return testNow }})
				if err != nil {
					t.Fatal(err)
				}
				rep, err := Run(context.Background(), r, in.secret, in.pair, Options{Checker: c, Since: testSince, Host: in.host, Admin: in.admin})
				if err != nil {
					// Only AWS cannot go on without its first answer
					// (the identity names what the rest reads).
					if errors.Is(err, ErrNotValid) || !strings.Contains(err.Error(), edge.reason) {
						t.Errorf("%s: %v, want the edge named (%s) and the key not called dead", id, err, edge.reason)
					}
					continue
				}
				named := false
				for _, s := range rep.Steps {
					switch {
					case s.Status == StepFailed && strings.Contains(s.Detail, edge.reason):
						named = true
					case s.Status == StepSkipped:
					default:
						t.Errorf("%s: step %s %s (%s) on an edge answer", id, s.Name, s.Status, s.Detail)
					}
				}
				if !named || !rep.Incomplete() {
					t.Errorf("%s: the report does not name the edge (%s): %+v", id, edge.reason, rep.Steps)
				}
			}
		})
	}
}

// TestAWSEdgeIsNotAMissingPermission: IAM and CloudTrail answer a key
// without the permission with 403, so a firewall's 403 after a good
// identity must not be reported as that.
func TestAWSEdgeIsNotAMissingPermission(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for _, edge := range edgeAnswers[1:] {
		v := awsVendor(t, map[string]string{id: secret})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if m := awsCredential.FindStringSubmatch(r.Header.Get("Authorization")); m != nil && m[3] != "sts" {
				edge.write(w)
				return
			}
			v.ServeHTTP(w, r)
		}))
		r := catalogue(t)["aws-secret-access-key"]
		c := investigator(t, srv, r, nil, "sts.amazonaws.com", "iam.amazonaws.com", "cloudtrail.us-east-1.amazonaws.com")
		rep, err := Run(context.Background(), r, secret, id, Options{Checker: c, Since: testSince})
		srv.Close()
		if err != nil {
			t.Fatalf("%s: %v", edge.name, err)
		}
		for _, s := range rep.Steps {
			if s.Name != "caller identity" && (s.Status != StepFailed || !strings.Contains(s.Detail, edge.reason)) {
				t.Errorf("%s: step %s %s (%s), want failed naming the edge", edge.name, s.Name, s.Status, s.Detail)
			}
		}
		if len(rep.Steps) < 4 {
			t.Errorf("%s: steps %+v", edge.name, rep.Steps)
		}
	}
}

type investigationInput struct{ secret, pair, host, admin string }

// edgeInput is a well-formed credential for r's investigation: the Go
// ones parse theirs, and a tenant's host comes from the secret's own
// example or from --host.
func edgeInput(t *testing.T, r *rule.Rule, gcpKey string) investigationInput {
	t.Helper()
	in := investigationInput{secret: "LIVEq8z2m4x7c1v9b3n6l0k5j8h2", pair: "PAIRq8z2m4x7c1v9b3n6", admin: "ADMINq8z2m4x7c1v9b3n6"}
	switch r.Investigation.Builtin {
	case "aws":
		return investigationInput{secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", pair: "AKIAIOSFODNN7EXAMPLE"}
	case "azure-storage":
		return investigationInput{secret: "YSA2NC1ieXRlIHN0b3JhZ2UgYWNjb3VudCBrZXk=", pair: "AccountName=acmedata"}
	case "gcp-service-account":
		return investigationInput{secret: gcpKey}
	}
	tn := r.Investigation.Tenant
	switch {
	case tn == nil:
	case tn.FromSecret != "":
		re := regexp.MustCompile(r.Pattern)
		for _, ex := range r.Examples {
			if m := re.FindStringSubmatch(ex); m != nil {
				in.secret = m[re.SubexpIndex("secret")]
				break
			}
		}
	case tn.Pattern == "*":
		in.host = "vault.example.com"
	default:
		in.host = strings.Replace(tn.Pattern, "*", "acme", 1)
	}
	return in
}

// edgeHosts sends every host r's investigation may ask to the fake.
func edgeHosts(t *testing.T, r *rule.Rule, tenant, fake string) map[string]string {
	t.Helper()
	hosts := map[string]string{}
	if tenant == "" && r.Investigation.Tenant != nil && r.Investigation.Tenant.FromSecret != "" {
		in := edgeInput(t, r, "")
		h, err := r.Investigation.Tenant.HostFromSecret(in.secret)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		tenant = h
	}
	for _, s := range r.Investigation.Steps {
		u, err := url.Parse(strings.NewReplacer(rule.TenantHost, tenant, "{{", "", "}}", "").Replace(s.URL))
		if err != nil {
			t.Fatal(err)
		}
		hosts[u.Host] = fake
	}
	for _, h := range []string{"sts.amazonaws.com", "iam.amazonaws.com", "cloudtrail.us-east-1.amazonaws.com", "acmedata.blob.core.windows.net", "oauth2.googleapis.com"} {
		hosts[h] = fake
	}
	return hosts
}
