package investigate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/validate"
)

var awsCredential = regexp.MustCompile(`Credential=([A-Z0-9]+)/\d{8}/([a-z0-9-]+)/([a-z]+)/aws4_request`)

// awsVendor answers STS, IAM and CloudTrail as AWS documents, after
// checking each request's SigV4 signature against the keys it knows.
func awsVendor(t *testing.T, keys map[string]string) *vendor {
	service := func(r *http.Request) string {
		if m := awsCredential.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			return m[3]
		}
		return ""
	}
	var events []map[string]any
	add := func(at time.Time, name, ip, agent string) {
		detail, _ := json.Marshal(map[string]any{"sourceIPAddress": ip, "userAgent": agent, "userIdentity": map[string]any{"arn": "arn:aws:iam::123456789012:user/deploy"}})
		events = append(events, map[string]any{"EventId": fmt.Sprint(len(events)), "EventName": name, "EventSource": "s3.amazonaws.com",
			"EventTime": float64(at.Unix()), "Username": "deploy", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "CloudTrailEvent": string(detail)})
	}
	for d := -25; d < 5; d++ {
		add(day(d, 8), "PutObject", "203.0.113.10", "aws-sdk-go-v2/1.30 ci-deployer")
	}
	add(day(1, 23), "ListBuckets", "198.51.100.66", "aws-cli/2.15.0 Python/3.11")
	add(day(1, 23), "GetObject", "198.51.100.66", "aws-cli/2.15.0 Python/3.11")
	return &vendor{t: t, key: service,
		authorized: func(r *http.Request) bool {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			m := awsCredential.FindStringSubmatch(r.Header.Get("Authorization"))
			if m == nil || keys[m[1]] == "" {
				return false
			}
			again, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
			again.Header.Set("Content-Type", r.Header.Get("Content-Type"))
			if err := validate.SignSigV4(again, bytes.NewReader(body), m[1], keys[m[1]], m[2], m[3], testNow); err != nil {
				t.Fatal(err)
			}
			return again.Header.Get("Authorization") == r.Header.Get("Authorization")
		},
		unauthorized: func(w http.ResponseWriter) {
			w.WriteHeader(403)
			io.WriteString(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error><RequestId>x</RequestId></ErrorResponse>`)
		},
		routes: map[string]http.HandlerFunc{
			"sts": func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if q, _ := url.ParseQuery(string(body)); q.Get("Action") != "GetCallerIdentity" {
					t.Errorf("sts action %q", q.Get("Action"))
				}
				io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/deploy</Arn><UserId>AIDAJQABLZS4A3QDU576Q</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
			},
			"iam": func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				q, _ := url.ParseQuery(string(body))
				if q.Get("UserName") != "deploy" {
					t.Errorf("iam %s for %q", q.Get("Action"), q.Get("UserName"))
				}
				switch q.Get("Action") {
				case "ListAttachedUserPolicies":
					io.WriteString(w, `<ListAttachedUserPoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAttachedUserPoliciesResult><AttachedPolicies><member><PolicyName>AmazonS3FullAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AmazonS3FullAccess</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated></ListAttachedUserPoliciesResult></ListAttachedUserPoliciesResponse>`)
				case "ListUserPolicies":
					io.WriteString(w, `<ListUserPoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUserPoliciesResult><PolicyNames><member>deploy-extra</member></PolicyNames><IsTruncated>false</IsTruncated></ListUserPoliciesResult></ListUserPoliciesResponse>`)
				default:
					w.WriteHeader(400)
				}
			},
			"cloudtrail": func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("X-Amz-Target") != "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents" {
					t.Errorf("target %q", r.Header.Get("X-Amz-Target"))
				}
				var q struct {
					LookupAttributes []struct{ AttributeKey, AttributeValue string }
					StartTime        float64
					NextToken        string
				}
				json.NewDecoder(r.Body).Decode(&q)
				if len(q.LookupAttributes) != 1 || q.LookupAttributes[0].AttributeKey != "AccessKeyId" || q.LookupAttributes[0].AttributeValue != "AKIAIOSFODNN7EXAMPLE" {
					t.Errorf("lookup %+v", q.LookupAttributes)
				}
				// Two pages, newest first, joined by NextToken.
				half := len(events) / 2
				if q.NextToken == "" {
					writeJSON(w, map[string]any{"Events": events[half:], "NextToken": "page-2"})
					return
				}
				writeJSON(w, map[string]any{"Events": events[:half]})
			},
		}}
}

func TestAWSKeys(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	hosts := []string{"sts.amazonaws.com", "iam.amazonaws.com", "cloudtrail.us-east-1.amazonaws.com"}
	runProvider(t, providerCase{
		rule: "aws-secret-access-key", secret: secret, pair: id, hosts: hosts,
		vendor:   func(t *testing.T) *vendor { return awsVendor(t, map[string]string{id: secret}) },
		known:    Known{IPs: []string{"203.0.113.0/24"}},
		denyPath: "cloudtrail", wantDenied: "cloudtrail:LookupEvents", limitPath: "iam",
		check: func(t *testing.T, rep *Report, v *vendor) {
			if field(rep, "account") != "123456789012" || field(rep, "arn") != "arn:aws:iam::123456789012:user/deploy" {
				t.Errorf("identity: %+v", rep.Identity)
			}
			if !hasPermission(rep, "managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess") || !hasPermission(rep, "inline policy deploy-extra") {
				t.Errorf("policies: %v", rep.Permissions)
			}
			if v.hitCount("cloudtrail") != 2 {
				t.Errorf("CloudTrail pages read: %d", v.hitCount("cloudtrail"))
			}
			mustFlag(t, rep, "source", "198.51.100.66")
			mustFlag(t, rep, "agent", "aws-cli/2.15.0 Python/3.11")
			mustNotFlag(t, rep, "source", "203.0.113.10")
			if a := rep.Activity; a.SinceLeak != 7 || a.ByAction[0].Value != "s3:PutObject" {
				t.Errorf("activity: %+v", a)
			}
		},
	})
	t.Run("admin reads the trail", func(t *testing.T) {
		const adminID, adminSecret = "AKIAADMINREADER00001", "adminSecretKeyForReadingCloudTrail000000"
		keys := map[string]string{id: secret, adminID: adminSecret}
		v := awsVendor(t, keys)
		v.routes["sts"] = chain(v.routes["sts"], func(r *http.Request) {
			if !strings.Contains(r.Header.Get("Authorization"), "Credential="+id+"/") {
				t.Error("the identity must be the leaked key's")
			}
		})
		v.routes["cloudtrail"] = chain(v.routes["cloudtrail"], func(r *http.Request) {
			if !strings.Contains(r.Header.Get("Authorization"), "Credential="+adminID+"/") {
				t.Error("CloudTrail must be read with the admin key")
			}
		})
		rep := runOnce(t, "aws-secret-access-key", id+"\n", secret, v, Options{Admin: adminID + ":" + adminSecret}, hosts...)
		if rep.Activity == nil || rep.Activity.SinceLeak != 7 {
			t.Errorf("activity with the admin key: %+v", rep.Activity)
		}
	})
}

func chain(h http.HandlerFunc, before func(*http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { before(r); h(w, r) }
}

// CloudTrail says "slow down" with HTTP 400 ThrottlingException; the
// page is asked again after a pause.
func TestAWSCloudTrailThrottling(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	v := awsVendor(t, map[string]string{id: secret})
	throttles := 2
	inner := v.routes["cloudtrail"]
	v.routes["cloudtrail"] = func(w http.ResponseWriter, r *http.Request) {
		if throttles > 0 {
			throttles--
			w.WriteHeader(400)
			io.WriteString(w, `{"__type":"ThrottlingException","Message":"Rate exceeded"}`)
			return
		}
		inner(w, r)
	}
	rep := runOnce(t, "aws-secret-access-key", secret, id, v, Options{}, "sts.amazonaws.com", "iam.amazonaws.com", "cloudtrail.us-east-1.amazonaws.com")
	if rep.Incomplete() || rep.Activity == nil || rep.Activity.SinceLeak != 7 {
		t.Errorf("after two throttles: %+v %+v", rep.Steps, rep.Activity)
	}
}
