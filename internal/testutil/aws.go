package testutil

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/validate"
)

// AWS is a local AWS answering STS GetCallerIdentity, IAM's policy lists
// and CloudTrail LookupEvents as AWS documents them, for the key pairs it
// knows. It verifies each request's Signature Version 4 by signing it
// again with the secret of the access key id the request names: a request
// signed with any other secret is refused as AWS refuses it (403
// SignatureDoesNotMatch), an unknown key id with 403 InvalidClientTokenId.
// Point sts.amazonaws.com, iam.amazonaws.com and
// cloudtrail.us-east-1.amazonaws.com at URL (AWS.Hosts).
type AWS struct {
	*httptest.Server
	keys map[string]string
	mu   sync.Mutex
	// accepted lists the key id of each request whose signature was right.
	accepted []string
	refused  int
}

// awsCredentialScope reads KEYID/DATE/REGION/SERVICE from an Authorization header.
var awsCredentialScope = regexp.MustCompile(`Credential=([A-Z0-9]+)/\d{8}/([a-z0-9-]+)/([a-z]+)/aws4_request`)

// NewAWS starts the fake for keys (access key id -> secret access key).
func NewAWS(t testing.TB, keys map[string]string) *AWS {
	a := &AWS{keys: keys}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.Close)
	return a
}

// Hosts maps the AWS hosts a check or an investigation of a key pair asks
// to the fake.
func (a *AWS) Hosts() map[string]string {
	return map[string]string{"sts.amazonaws.com": a.URL, "iam.amazonaws.com": a.URL, "cloudtrail.us-east-1.amazonaws.com": a.URL}
}

// Accepted returns the key id of every correctly signed request so far.
func (a *AWS) Accepted() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.accepted...)
}

// Refused counts the requests refused for their key id or signature.
func (a *AWS) Refused() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.refused
}

func (a *AWS) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	m := awsCredentialScope.FindStringSubmatch(r.Header.Get("Authorization"))
	code := ""
	switch {
	case m == nil || a.keys[m[1]] == "":
		code = "InvalidClientTokenId"
	case !a.signedWith(r, body, m[1], m[2], m[3]):
		code = "SignatureDoesNotMatch"
	}
	a.mu.Lock()
	if code == "" {
		a.accepted = append(a.accepted, m[1])
	} else {
		a.refused++
	}
	a.mu.Unlock()
	if code != "" {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>`+code+
			`</Code><Message>refused</Message></Error><RequestId>0</RequestId></ErrorResponse>`)
		return
	}
	switch service := m[3]; service {
	case "sts":
		if q, _ := url.ParseQuery(string(body)); q.Get("Action") != "GetCallerIdentity" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>`+
			`<Arn>arn:aws:iam::123456789012:user/deploy</Arn><UserId>AIDAEXAMPLEUSERID0001</UserId><Account>123456789012</Account>`+
			`</GetCallerIdentityResult><ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
	case "iam":
		q, _ := url.ParseQuery(string(body))
		action := q.Get("Action")
		switch action {
		case "ListAttachedUserPolicies":
			io.WriteString(w, `<ListAttachedUserPoliciesResponse><ListAttachedUserPoliciesResult><AttachedPolicies><member>`+
				`<PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member>`+
				`</AttachedPolicies><IsTruncated>false</IsTruncated></ListAttachedUserPoliciesResult></ListAttachedUserPoliciesResponse>`)
		case "ListUserPolicies":
			io.WriteString(w, `<ListUserPoliciesResponse><ListUserPoliciesResult><PolicyNames></PolicyNames>`+
				`<IsTruncated>false</IsTruncated></ListUserPoliciesResult></ListUserPoliciesResponse>`)
		default:
			w.WriteHeader(http.StatusBadRequest)
		}
	case "cloudtrail":
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		io.WriteString(w, `{"Events": []}`)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// signedWith signs the request again, at its own X-Amz-Date, with the
// secret of keyID, and compares the signatures.
func (a *AWS) signedWith(r *http.Request, body []byte, keyID, region, service string) bool {
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return false
	}
	again, err := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return false
	}
	again.Header.Set("Content-Type", r.Header.Get("Content-Type"))
	if err := validate.SignSigV4(again, bytes.NewReader(body), keyID, a.keys[keyID], region, service, at); err != nil {
		return false
	}
	return again.Header.Get("Authorization") == r.Header.Get("Authorization")
}
