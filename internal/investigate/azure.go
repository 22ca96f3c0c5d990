package investigate

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/validate"
)

// Azure Storage answers in XML and takes requests signed with the account
// key (SharedKey): steps cannot express that, so it is Go. Everything it
// calls on the Blob service is a read:
//   - Get Account Information: SKU and kind, in headers
//     (learn.microsoft.com/rest/api/storageservices/get-account-information)
//   - Get Blob Service Properties: whether classic request logging is on
//     (learn.microsoft.com/rest/api/storageservices/get-blob-service-properties)
//   - List Containers, paged by NextMarker
//     (learn.microsoft.com/rest/api/storageservices/list-containers2)
//
// Signing follows learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key.
// The account key reads no activity log: requests are logged to Azure
// Monitor or, with classic logging, to the account's $logs container.

const azureVersion = "2021-08-06"

// Storage account names are 3 to 24 lowercase letters and digits; the
// host is built from it and the literal Blob domain.
var azureAccount = regexp.MustCompile(`^[a-z0-9]{3,24}$`)

// azureAccountName reads the second line: the account name, or the
// connection string's AccountName=… part.
func azureAccountName(pair string) string {
	for _, part := range strings.Split(pair, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(name, "AccountName") {
			pair = value
			break
		}
	}
	if pair = strings.TrimSpace(pair); azureAccount.MatchString(pair) {
		return pair
	}
	return ""
}

func (run *runner) azureStorage(ctx context.Context) error {
	account := azureAccountName(run.pair)
	if account == "" {
		return errors.New("an Azure storage account key needs its account name (3-24 lowercase letters and digits, or AccountName=…) on the second line of standard input")
	}
	key, err := base64.StdEncoding.DecodeString(run.secret)
	if err != nil {
		return errors.New("the account key is not base64")
	}
	host := account + ".blob.core.windows.net"
	run.rep.Identity = append(run.rep.Identity, Field{"account", account})
	ans, err := run.azureGet(ctx, key, account, host, url.Values{"restype": {"account"}, "comp": {"properties"}})
	if err != nil {
		return fmt.Errorf("%s: %s (a Cosmos DB account's key, which this rule also finds, is not investigated)", host, run.scrub(err.Error()))
	}
	if ans.Status == http.StatusForbidden && xmlErrorCode(ans.Body) == "AuthenticationFailed" {
		return fmt.Errorf("%w: %s refused the signature (AuthenticationFailed); the key may already be rotated", ErrNotValid, host)
	}
	if run.azureAnswered("account information", ans) {
		for _, h := range [][2]string{{"sku", "x-ms-sku-name"}, {"kind", "x-ms-account-kind"}, {"hierarchical namespace", "x-ms-is-hns-enabled"}} {
			if v := ans.Header.Get(h[1]); v != "" {
				run.rep.Identity = append(run.rep.Identity, Field{h[0], v})
			}
		}
		run.log("account information", StepOK, "")
	}
	run.azureLogging(ctx, key, account, host)
	run.azureContainers(ctx, key, account, host)
	return nil
}

// azureLogging says whether classic request logging is on, which is
// where the account's own record of the key's use would be.
func (run *runner) azureLogging(ctx context.Context, key []byte, account, host string) {
	ans, ok := run.azureStep(ctx, "blob service properties", key, account, host, url.Values{"restype": {"service"}, "comp": {"properties"}})
	if !ok {
		return
	}
	var props struct {
		Read   bool `xml:"Logging>Read"`
		Write  bool `xml:"Logging>Write"`
		Delete bool `xml:"Logging>Delete"`
	}
	if xml.Unmarshal(ans.Body, &props) != nil {
		run.log("blob service properties", StepFailed, "an answer that is not Blob service XML")
		return
	}
	var logged []string
	for _, l := range []struct {
		on   bool
		name string
	}{{props.Read, "read"}, {props.Write, "write"}, {props.Delete, "delete"}} {
		if l.on {
			logged = append(logged, l.name)
		}
	}
	value := "off (see the account's diagnostic settings in Azure Monitor)"
	if len(logged) > 0 {
		value = strings.Join(logged, ", ") + " requests, in the $logs container"
	}
	run.rep.Identity = append(run.rep.Identity, Field{"classic request logging", value})
	run.log("blob service properties", StepOK, "")
}

func (run *runner) azureContainers(ctx context.Context, key []byte, account, host string) {
	res := Resource{Kind: "containers", Items: []string{}}
	marker := ""
	for page := 0; ; page++ {
		if page == run.opts.MaxPages {
			res.Truncated = true
			break
		}
		q := url.Values{"comp": {"list"}, "maxresults": {"5000"}}
		if marker != "" {
			q.Set("marker", marker)
		}
		ans, ok := run.azureStep(ctx, "containers", key, account, host, q)
		if !ok {
			return
		}
		var list struct {
			Containers []struct {
				Name     string `xml:"Name"`
				Public   string `xml:"Properties>PublicAccess"`
				Modified string `xml:"Properties>Last-Modified"`
			} `xml:"Containers>Container"`
			NextMarker string `xml:"NextMarker"`
		}
		if xml.Unmarshal(ans.Body, &list) != nil {
			run.log("containers", StepFailed, "an answer that is not Blob service XML")
			return
		}
		for _, c := range list.Containers {
			res.Count++
			if len(res.Items) == 50 {
				res.Truncated = true
				continue
			}
			item := c.Name
			if c.Public != "" {
				item += " (public access: " + c.Public + ")"
			}
			res.Items = append(res.Items, item)
		}
		if marker = list.NextMarker; marker == "" {
			break
		}
	}
	run.rep.Resources = append(run.rep.Resources, res)
	run.log("containers", StepOK, fmt.Sprintf("%d record(s)", res.Count))
}

// azureStep sends one step's GET and logs how it failed, if it did; true
// for a 2xx answer.
func (run *runner) azureStep(ctx context.Context, step string, key []byte, account, host string, q url.Values) (validate.Answer, bool) {
	ans, err := run.azureGet(ctx, key, account, host, q)
	if err != nil {
		run.log(step, StepFailed, run.scrub(err.Error()))
		return ans, false
	}
	return ans, run.azureAnswered(step, ans)
}

// azureAnswered logs a refusal in the report's words; true for a 2xx.
func (run *runner) azureAnswered(step string, ans validate.Answer) bool {
	code := xmlErrorCode(ans.Body)
	switch {
	case ans.Status >= 200 && ans.Status <= 299:
		return true
	case ans.FromTheEdge():
		run.log(step, StepFailed, edgeDetail(ans))
	case ans.Status == http.StatusForbidden:
		// AuthorizationFailure: the account's network rules refuse this
		// address; the key itself may still work from an allowed one.
		run.log(step, StepDenied, fmt.Sprintf("HTTP 403 (%s)", code))
	case ans.Status == http.StatusServiceUnavailable:
		run.log(step, StepFailed, fmt.Sprintf("throttled (HTTP %d, %s) after the allowed retries", ans.Status, code))
	default:
		run.log(step, StepFailed, fmt.Sprintf("HTTP %d (%s)", ans.Status, code))
	}
	return false
}

// azureGet sends a signed GET to the account's root with query q.
func (run *runner) azureGet(ctx context.Context, key []byte, account, host string, q url.Values) (validate.Answer, error) {
	return run.opts.Checker.Send(ctx, func() (*http.Request, error) {
		u := &url.URL{Scheme: "https", Host: host, Path: "/", RawQuery: q.Encode()}
		if err := run.opts.Checker.Route(u); err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		azureSign(req, account, "/", q, key, run.opts.Checker.Now())
		return req, nil
	})
}

// azureSign signs a body-less request with SharedKey. The canonical
// resource is the account, the path as the rule wrote it (before any
// host override) and the query, sorted by name.
func azureSign(req *http.Request, account, path string, q url.Values, key []byte, now time.Time) {
	req.Header.Set("x-ms-date", now.UTC().Format(http.TimeFormat))
	req.Header.Set("x-ms-version", azureVersion)
	var b strings.Builder
	// The verb, then eleven standard headers (Content-Encoding … Range),
	// all empty for a GET without a body.
	b.WriteString(req.Method + "\n" + strings.Repeat("\n", 11))
	var names []string
	for name := range req.Header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-ms-") {
			names = append(names, l)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString(n + ":" + strings.TrimSpace(req.Header.Get(n)) + "\n")
	}
	b.WriteString("/" + account + path)
	params := make([]string, 0, len(q))
	for name := range q {
		params = append(params, name)
	}
	sort.Strings(params)
	for _, name := range params {
		vals := append([]string(nil), q[name]...)
		sort.Strings(vals)
		b.WriteString("\n" + strings.ToLower(name) + ":" + strings.Join(vals, ","))
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(b.String()))
	req.Header.Set("Authorization", "SharedKey "+account+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
}
