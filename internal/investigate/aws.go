package investigate

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/validate"
)

// AWS answers in XML (STS, IAM query APIs) and JSON over POST
// (CloudTrail), signed with SigV4: steps cannot express that, so it is Go.
// Everything it calls is read-only:
//   - sts:GetCallerIdentity needs no permission
//     (docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)
//   - iam:ListAttachedUserPolicies / ListAttachedRolePolicies
//     (docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html)
//   - cloudtrail:LookupEvents with LookupAttributes AccessKeyId, 90 days
//     of management events at most, 2 requests a second per region
//     (docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html)

var awsKeyID = regexp.MustCompile(`^(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}$`)

type awsCred struct{ id, secret string }

// awsCreds tells the access key id from the secret access key, in either
// order on standard input.
func awsCreds(a, b string) (awsCred, bool) {
	switch {
	case awsKeyID.MatchString(a) && b != "":
		return awsCred{a, b}, true
	case awsKeyID.MatchString(b) && a != "":
		return awsCred{b, a}, true
	}
	return awsCred{}, false
}

func (run *runner) aws(ctx context.Context) error {
	leaked, ok := awsCreds(run.secret, run.pair)
	if !ok {
		return fmt.Errorf("AWS keys have two parts: give the secret access key and the access key id (AKIA…) on two lines of standard input")
	}
	reader := leaked
	if run.opts.Admin != "" {
		id, secret, _ := strings.Cut(run.opts.Admin, ":")
		if reader, ok = awsCreds(id, secret); !ok {
			return fmt.Errorf("the admin credential must be ACCESS_KEY_ID:SECRET_ACCESS_KEY")
		}
	}
	var ident struct {
		Arn     string `xml:"GetCallerIdentityResult>Arn"`
		UserID  string `xml:"GetCallerIdentityResult>UserId"`
		Account string `xml:"GetCallerIdentityResult>Account"`
	}
	ans, err := run.awsQuery(ctx, leaked, "sts.amazonaws.com", "sts", "us-east-1", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}})
	if err != nil {
		return err
	}
	switch {
	case ans.FromTheEdge():
		return fmt.Errorf("sts.amazonaws.com: %s", edgeDetail(ans))
	case ans.Status == http.StatusForbidden || ans.Status == http.StatusUnauthorized:
		// STS answers 403 InvalidClientTokenId / SignatureDoesNotMatch.
		return fmt.Errorf("%w: sts.amazonaws.com answered HTTP %d (%s); it may already be deactivated", ErrNotValid, ans.Status, xmlErrorCode(ans.Body))
	case ans.Status != http.StatusOK:
		return fmt.Errorf("sts.amazonaws.com answered HTTP %d to GetCallerIdentity", ans.Status)
	}
	if err := xml.Unmarshal(ans.Body, &ident); err != nil || ident.Arn == "" {
		return fmt.Errorf("GetCallerIdentity: an answer without an Arn")
	}
	run.rep.Identity = append(run.rep.Identity, Field{"account", ident.Account}, Field{"arn", ident.Arn}, Field{"user id", ident.UserID}, Field{"access key id", leaked.id})
	run.log("caller identity", StepOK, "")
	run.awsPolicies(ctx, reader, ident.Arn)
	run.sawActivity = true
	regions := run.opts.Regions
	if len(regions) == 0 {
		regions = []string{"us-east-1"}
	}
	for _, region := range regions {
		run.awsTrail(ctx, reader, leaked.id, region)
	}
	return nil
}

// xmlErrorCode is the error code of an XML answer: AWS nests it
// (ErrorResponse>Error>Code), Azure Storage does not (Error>Code).
func xmlErrorCode(body []byte) string {
	var e struct {
		Nested string `xml:"Error>Code"`
		Code   string `xml:"Code"`
	}
	if xml.Unmarshal(body, &e) == nil {
		if e.Nested != "" {
			return e.Nested
		}
		if e.Code != "" {
			return e.Code
		}
	}
	return "no error code"
}

// awsPolicies lists the managed and inline policies of the user or role
// the ARN names, where the reading key may.
func (run *runner) awsPolicies(ctx context.Context, cred awsCred, arn string) {
	kind, name := principalOf(arn)
	if kind == "" {
		run.log("attached policies", StepUnavailable, "the principal is neither an IAM user nor a role: "+arn)
		return
	}
	param := map[string]string{"user": "UserName", "role": "RoleName"}[kind]
	title := map[string]string{"user": "User", "role": "Role"}[kind]
	for _, list := range []struct{ action, step, needs string }{
		{"ListAttached" + title + "Policies", "attached policies", "iam:ListAttached" + title + "Policies"},
		{"List" + title + "Policies", "inline policies", "iam:List" + title + "Policies"},
	} {
		ans, err := run.awsQuery(ctx, cred, "iam.amazonaws.com", "iam", "us-east-1", url.Values{"Action": {list.action}, param: {name}, "Version": {"2010-05-08"}})
		switch {
		case err != nil:
			run.log(list.step, StepFailed, err.Error())
			continue
		case ans.FromTheEdge():
			run.log(list.step, StepFailed, edgeDetail(ans))
			continue
		case ans.Status == http.StatusForbidden:
			run.log(list.step, StepDenied, "HTTP 403: missing permission "+list.needs)
			continue
		case ans.Status != http.StatusOK:
			run.log(list.step, StepFailed, fmt.Sprintf("HTTP %d (%s)", ans.Status, xmlErrorCode(ans.Body)))
			continue
		}
		var out struct {
			Attached []string `xml:"Result>AttachedPolicies>member>PolicyArn"`
			Inline   []string `xml:"Result>PolicyNames>member"`
		}
		// The result element is named after the action; decode it by a
		// fixed name.
		body := bytes.ReplaceAll(ans.Body, []byte(list.action+"Result>"), []byte("Result>"))
		if err := xml.Unmarshal(body, &out); err != nil {
			run.log(list.step, StepFailed, "an answer that is not IAM's XML")
			continue
		}
		for _, p := range out.Attached {
			run.rep.Permissions = append(run.rep.Permissions, "managed policy "+p)
		}
		for _, p := range out.Inline {
			run.rep.Permissions = append(run.rep.Permissions, "inline policy "+p)
		}
		run.log(list.step, StepOK, fmt.Sprintf("%d polic(ies)", len(out.Attached)+len(out.Inline)))
	}
}

// principalOf reads "user", name from arn:aws:iam::123:user/path/name and
// "role", name from arn:aws:sts::123:assumed-role/name/session.
func principalOf(arn string) (kind, name string) {
	_, res, ok := strings.Cut(arn, ":")
	parts := strings.SplitN(res, ":", 5)
	if !ok || len(parts) < 5 {
		return "", ""
	}
	segs := strings.Split(parts[4], "/")
	switch segs[0] {
	case "user":
		return "user", segs[len(segs)-1]
	case "assumed-role":
		if len(segs) >= 2 {
			return "role", segs[1]
		}
	case "role":
		return "role", segs[len(segs)-1]
	}
	return "", ""
}

// awsTrail reads CloudTrail's management events made with the key.
func (run *runner) awsTrail(ctx context.Context, cred awsCred, keyID, region string) {
	step := "CloudTrail events in " + region
	run.activitySteps[step] = true
	host := "cloudtrail." + region + ".amazonaws.com"
	token, throttled := "", 0
	for page := 0; ; page++ {
		if page >= run.opts.MaxPages {
			run.truncated = true
			run.log(step, StepOK, fmt.Sprintf("stopped after %d pages", page))
			return
		}
		q := map[string]any{
			"LookupAttributes": []map[string]string{{"AttributeKey": "AccessKeyId", "AttributeValue": keyID}},
			"StartTime":        run.rep.From.Unix(), "EndTime": run.now.Unix(), "MaxResults": 50,
		}
		if token != "" {
			q["NextToken"] = token
		}
		body, _ := json.Marshal(q)
		ans, err := run.awsSend(ctx, cred, host, "cloudtrail", region, body, map[string]string{
			"Content-Type": "application/x-amz-json-1.1",
			"X-Amz-Target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
		})
		switch {
		case err != nil:
			run.log(step, StepFailed, err.Error())
			return
		case ans.Status == http.StatusForbidden && ans.FromTheEdge():
			run.log(step, StepFailed, edgeDetail(ans))
			return
		case ans.Status == http.StatusBadRequest && bytes.Contains(ans.Body, []byte("AccessDenied")), ans.Status == http.StatusForbidden:
			run.log(step, StepDenied, "missing permission cloudtrail:LookupEvents (give a reader in $"+AdminEnv+" as KEY_ID:SECRET)")
			return
		case ans.Status == http.StatusBadRequest && bytes.Contains(ans.Body, []byte("Throttling")) && throttled < 3:
			// LookupEvents allows 2 requests a second per region and
			// says so with a 400, which the checker does not retry.
			throttled++
			page--
			if err := run.opts.Checker.Pause(ctx, time.Duration(throttled)*time.Second); err != nil {
				run.log(step, StepFailed, "cancelled")
				return
			}
			continue
		case ans.Status == http.StatusTooManyRequests || (ans.Status == http.StatusBadRequest && bytes.Contains(ans.Body, []byte("Throttling"))):
			run.log(step, StepFailed, "rate limited after the allowed retries")
			return
		case ans.Status != http.StatusOK:
			run.log(step, StepFailed, fmt.Sprintf("HTTP %d", ans.Status))
			return
		}
		var out struct {
			Events []struct {
				EventName       string
				EventSource     string
				EventTime       json.Number
				Username        string
				CloudTrailEvent string
			}
			NextToken string
		}
		dec := json.NewDecoder(bytes.NewReader(ans.Body))
		dec.UseNumber()
		if err := dec.Decode(&out); err != nil {
			run.log(step, StepFailed, "an answer that is not CloudTrail's JSON")
			return
		}
		for _, ev := range out.Events {
			t, ok := parseTime(ev.EventTime)
			if !ok {
				continue
			}
			var detail struct {
				SourceIPAddress string `json:"sourceIPAddress"`
				UserAgent       string `json:"userAgent"`
				UserIdentity    struct {
					Arn string `json:"arn"`
				} `json:"userIdentity"`
			}
			_ = json.Unmarshal([]byte(ev.CloudTrailEvent), &detail) // optional detail
			actor := detail.UserIdentity.Arn
			if actor == "" {
				actor = ev.Username
			}
			run.events = append(run.events, event{Time: t, Action: strings.TrimSuffix(ev.EventSource, ".amazonaws.com") + ":" + ev.EventName,
				Actor: actor, Source: detail.SourceIPAddress, Agent: detail.UserAgent, Target: region})
		}
		if out.NextToken == "" {
			run.log(step, StepOK, "")
			return
		}
		token = out.NextToken
	}
}

// awsQuery sends a query-API action (form body) signed for service.
func (run *runner) awsQuery(ctx context.Context, cred awsCred, host, service, region string, form url.Values) (validate.Answer, error) {
	return run.awsSend(ctx, cred, host, service, region, []byte(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
}

func (run *runner) awsSend(ctx context.Context, cred awsCred, host, service, region string, body []byte, headers map[string]string) (validate.Answer, error) {
	return run.opts.Checker.Send(ctx, func() (*http.Request, error) {
		u := &url.URL{Scheme: "https", Host: host, Path: "/"}
		if err := run.opts.Checker.Route(u); err != nil {
			return nil, err
		}
		r := bytes.NewReader(body)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), r)
		if err != nil {
			return nil, err
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		if err := validate.SignSigV4(req, r, cred.id, cred.secret, region, service, run.opts.Checker.Now()); err != nil {
			return nil, err
		}
		return req, nil
	})
}
