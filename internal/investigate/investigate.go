// Package investigate asks a provider, with a leaked secret, whose it is,
// what it can do and what it did since it leaked. Investigations are data
// (the "investigate" key of the rule files): read-only steps sent through
// the validity checker, so they obey the same host rules, host overrides,
// per-host gaps and bounded retries; Go code covers what steps cannot
// express (AWS signing and its XML answers).
package investigate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/validate"
)

// AdminEnv is the environment variable of the optional admin credential:
// never a flag, so it stays out of shell history and process lists.
const AdminEnv = "LEAKHOUND_INVESTIGATE_ADMIN"

// Errors an investigation can end with before it learns anything.
var (
	ErrNoInvestigation = errors.New("no investigation for this kind of credential")
	ErrNotValid        = errors.New("key is not valid")
)

// Options configure one investigation.
type Options struct {
	// Checker sends every request (host rules, overrides, retries).
	Checker *validate.Checker
	// Since is when the key leaked (its first commit); activity after it
	// is what the report is about.
	Since time.Time
	// Baseline is how far before Since activity is read to learn the
	// usual pattern; 0 reads none.
	Baseline time.Duration
	Known    Known
	// Admin is the optional second credential for activity the key
	// itself cannot read.
	Admin string
	// Regions are the AWS regions whose CloudTrail is read (us-east-1
	// when empty).
	Regions []string
	// MaxPages bounds each list (10 when zero).
	MaxPages int
	// Host is the user's name for a per-customer API host (--host),
	// checked against the rule's tenant pattern.
	Host string
}

// maxRecords bounds the records one step keeps, whatever the paging.
const maxRecords = 10000

// Run investigates secret (and pair, for two-part credentials) as rule r.
func Run(ctx context.Context, r *rule.Rule, secret, pair string, opts Options) (*Report, error) {
	inv := r.Investigation
	if inv == nil {
		return nil, fmt.Errorf("%w (%s)", ErrNoInvestigation, r.ID)
	}
	if opts.Checker == nil {
		return nil, errors.New("investigate: no checker")
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = 10
	}
	now := opts.Checker.Now().UTC()
	if opts.Since.IsZero() || opts.Since.After(now) {
		return nil, errors.New("the leak date must be given and not in the future")
	}
	host, how, err := tenantHost(inv.Tenant, secret, opts.Host)
	if err != nil {
		return nil, err
	}
	rep := &Report{RuleID: r.ID, Provider: r.Provider, ProviderName: r.ProviderName, Docs: inv.Docs,
		Since: opts.Since.UTC(), From: opts.Since.Add(-opts.Baseline).UTC(), At: now,
		Identity: []Field{}, Permissions: []string{}, Resources: []Resource{}, Steps: []StepLog{}}
	if host != "" {
		rep.Identity = append(rep.Identity, Field{"API host", host + " (" + how + ")"})
	}
	run := &runner{opts: opts, inv: inv, rule: r, secret: secret, pair: pair, tenant: host, rep: rep, vars: map[string]string{}, now: now, flagDims: map[string]bool{}, activitySteps: map[string]bool{}}
	for _, s := range inv.Steps {
		if s.Section == rule.SectionActivity {
			run.activitySteps[s.Name] = true
		}
	}
	switch inv.Builtin {
	case "aws":
		err = run.aws(ctx)
	case "azure-storage":
		err = run.azureStorage(ctx)
	case "gcp-service-account":
		err = run.gcpServiceAccount(ctx)
	default:
		err = run.steps(ctx)
	}
	if err != nil {
		return nil, err
	}
	if run.sawActivity {
		rep.Activity = summarise(run.events, rep.Since, opts.Known, run.flagDims, run.truncated)
	}
	return rep, nil
}

type runner struct {
	opts         Options
	inv          *rule.Investigation
	rule         *rule.Rule
	secret, pair string
	// tenant is the per-customer API host, when the rule has one.
	tenant      string
	rep         *Report
	vars        map[string]string
	now         time.Time
	events      []event
	sawActivity bool
	truncated   bool
	flagDims    map[string]bool
	// activitySteps names the steps that read activity.
	activitySteps map[string]bool
}

func (run *runner) auth() (rule.Auth, error) {
	if run.inv.Auth != nil {
		return *run.inv.Auth, nil
	}
	v := run.rule.Validate
	if v == nil {
		return rule.Auth{}, errors.New("no way to send the key")
	}
	return rule.Auth{Headers: v.Headers, BasicAuth: v.BasicAuth, Pair: v.Pair}, nil
}

func (run *runner) steps(ctx context.Context) error {
	auth, err := run.auth()
	if err != nil {
		return err
	}
	if auth.Pair != "" && run.pair == "" {
		return fmt.Errorf("this credential has two parts: give its other part (%s) on the second line of standard input", auth.Pair)
	}
	for i := range run.inv.Steps {
		s := &run.inv.Steps[i]
		if s.Section == rule.SectionActivity {
			run.sawActivity = true
			for _, f := range s.Event.Flag {
				run.flagDims[f] = true
			}
		}
		if missing := run.missingVar(s); missing != "" {
			run.log(s.Name, StepSkipped, "needs the "+missing+" an earlier step did not give")
			continue
		}
		stepAuth := auth
		if s.As == "admin" {
			if run.opts.Admin == "" {
				run.log(s.Name, StepSkipped, fmt.Sprintf("needs %s in $%s", run.inv.Admin.What, AdminEnv))
				continue
			}
			stepAuth = run.inv.Admin.Auth
		}
		if err := run.step(ctx, s, stepAuth, i == 0); err != nil {
			return err
		}
	}
	return nil
}

// log records how a step was answered; an activity step that was not
// answered in full leaves the activity incomplete, which the report says.
func (run *runner) log(name, status, detail string) {
	run.rep.Steps = append(run.rep.Steps, StepLog{Name: name, Status: status, Detail: detail})
	if status != StepOK && run.activitySteps[name] {
		run.truncated = true
	}
}

// step runs one step through all its pages.
func (run *runner) step(ctx context.Context, s *rule.Step, auth rule.Auth, first bool) error {
	var records []any
	var headers http.Header
	page := pageState{page: 1}
	truncated := false
	win := run.window(s)
	maxPages := run.opts.MaxPages
	if s.Paging != nil && s.Paging.MaxPages > 0 {
		maxPages = s.Paging.MaxPages
	}
	for n := 0; ; n++ {
		if n >= maxPages || len(records) >= maxRecords {
			truncated = true
			break
		}
		ans, err := run.opts.Checker.Send(ctx, func() (*http.Request, error) { return run.request(ctx, s, auth, page, win) })
		if err != nil {
			run.log(s.Name, StepFailed, run.scrub(err.Error()))
			return nil
		}
		if validate.Matches(s.Invalid, ans) && s.As == "" {
			return fmt.Errorf("%w: %s answered that it does not know this key (to %s); it may already be revoked", ErrNotValid, run.hostOf(s), s.Name)
		}
		if validate.Matches(s.Denied, ans) {
			detail := "refused"
			if s.ErrorPath != "" {
				detail = "the provider says " + strconv.Quote(pickOne(decode(ans.Body), s.ErrorPath))
			}
			if s.Needs != "" {
				detail += "; missing permission " + s.Needs
			}
			run.log(s.Name, StepDenied, detail)
			return nil
		}
		if ans.Status < 200 || ans.Status > 299 {
			return run.refused(s, ans, first && n == 0)
		}
		if headers == nil {
			headers = ans.Header
		}
		body := decode(ans.Body)
		if body == nil && len(bytes.TrimSpace(ans.Body)) > 0 {
			run.log(s.Name, StepFailed, fmt.Sprintf("HTTP %d with an answer that is not JSON", ans.Status))
			return nil
		}
		got := itemsOf(body, s.Items)
		records = append(records, kept(got, s.Only)...)
		if n == 0 {
			for _, sv := range s.Save {
				name, path := splitLabel(sv)
				if len(got) > 0 {
					run.vars[name] = pickOne(got[0], path)
				}
			}
		}
		if !page.next(s.Paging, body, ans.Header, got) {
			break
		}
	}
	run.collect(s, records, headers, truncated, win)
	detail := fmt.Sprintf("%d record(s)", len(records))
	if s.Items == "" {
		detail = ""
	}
	if truncated {
		detail += fmt.Sprintf(", stopped after %d pages", maxPages)
	}
	if win.from.After(run.rep.From) {
		detail += fmt.Sprintf(", from %s only: the provider answers at most %d days a query", win.from.Format(time.RFC3339), s.MaxDays)
	}
	run.log(s.Name, StepOK, strings.TrimPrefix(detail, ", "))
	return nil
}

// refused turns a non-2xx answer into the report's words. A 401 on the
// first question means the key is dead; elsewhere, 401 and 403 mean the
// key lacks what the step needs.
func (run *runner) refused(s *rule.Step, ans validate.Answer, first bool) error {
	host := run.hostOf(s)
	switch {
	case ans.FromTheEdge():
		// A rate limiter's or firewall's answer, not the API's: neither
		// a dead key nor a missing permission.
		run.log(s.Name, StepFailed, edgeDetail(ans))
	case ans.Status == http.StatusUnauthorized && first && s.As == "":
		return fmt.Errorf("%w: %s answered HTTP 401 to %s; it may already be revoked", ErrNotValid, host, s.Name)
	case ans.Status == http.StatusForbidden && s.Forbidden != "":
		run.log(s.Name, StepUnavailable, s.Forbidden)
	case ans.Status == http.StatusUnauthorized && s.As == "admin":
		run.log(s.Name, StepDenied, fmt.Sprintf("the admin credential in $%s was refused (HTTP 401)", AdminEnv))
	case ans.Status == http.StatusUnauthorized || ans.Status == http.StatusForbidden:
		detail := fmt.Sprintf("HTTP %d: the key lacks the permission for this", ans.Status)
		if s.Needs != "" {
			detail = fmt.Sprintf("HTTP %d: missing permission %s", ans.Status, s.Needs)
		}
		run.log(s.Name, StepDenied, detail)
	case ans.Status == http.StatusNotFound && s.NotFound != "":
		run.log(s.Name, StepUnavailable, s.NotFound)
	default:
		run.log(s.Name, StepFailed, fmt.Sprintf("HTTP %d", ans.Status))
	}
	return nil
}

// edgeDetail says what a rate limiter's or firewall's answer was
// (validate.Answer.FromTheEdge), in the words of a validity check.
func edgeDetail(ans validate.Answer) string {
	if ans.Status == http.StatusTooManyRequests {
		return ans.Unread() + " after the allowed retries"
	}
	return ans.Unread()
}

// scrub removes the credentials from a transport error, which quotes the
// URL: some APIs (Telegram) take the key in the path.
func (run *runner) scrub(msg string) string {
	for _, c := range []string{run.secret, url.PathEscape(run.secret), run.opts.Admin} {
		if c != "" {
			msg = strings.ReplaceAll(msg, c, "[redacted]")
		}
	}
	return msg
}

// hostOf is the host a step's requests go to, before any override.
func (run *runner) hostOf(s *rule.Step) string {
	return hostOf(strings.Replace(s.URL, rule.TenantHost, run.tenant, 1))
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return ""
}

// decode reads a JSON answer (numbers kept exact); nil when it is not JSON.
func decode(data []byte) any {
	var body any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if dec.Decode(&body) != nil {
		return nil
	}
	return body
}

// missingVar names a saved value the step uses that no step saved.
func (run *runner) missingVar(s *rule.Step) string {
	for _, t := range []string{s.URL, s.Body} {
		for _, m := range varRef.FindAllStringSubmatch(t, -1) {
			if run.vars[m[1]] == "" {
				return m[1]
			}
		}
	}
	return ""
}

var varRef = regexp.MustCompile(`\{\{var\.([a-z_]+)\}\}`)

func itemsOf(body any, items string) []any {
	if body == nil {
		return nil
	}
	if items == "" {
		if list, ok := body.([]any); ok {
			return list
		}
		return []any{body}
	}
	var out []any
	for _, v := range pick(body, items) {
		if list, ok := v.([]any); ok {
			out = append(out, list...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

// kept are the records whose flag at path is set (all when path is empty).
func kept(records []any, path string) []any {
	if path == "" {
		return records
	}
	var out []any
	for _, rec := range records {
		if pickOne(rec, path) == "true" {
			out = append(out, rec)
		}
	}
	return out
}

// collect files a step's records under its section.
func (run *runner) collect(s *rule.Step, records []any, headers http.Header, truncated bool, win window) {
	rep := run.rep
	if s.ScopesHeader != "" && headers != nil {
		for _, sc := range strings.Split(headers.Get(s.ScopesHeader), ",") {
			if sc = strings.TrimSpace(sc); sc != "" {
				rep.Permissions = append(rep.Permissions, sc)
			}
		}
	}
	if s.Grants != "" {
		rep.Permissions = append(rep.Permissions, s.Grants)
	}
	if s.Scopes != "" {
		for _, rec := range records {
			for _, v := range pick(rec, s.Scopes) {
				if t := text(v); t != "" {
					rep.Permissions = append(rep.Permissions, t)
				}
			}
		}
	}
	for _, rh := range s.ReadHeaders {
		label, name := splitLabel(rh)
		if v := headers.Get(name); v != "" {
			rep.Identity = append(rep.Identity, Field{label, v})
		}
	}
	switch s.Section {
	case rule.SectionIdentity:
		for _, rec := range records {
			for _, f := range s.Fields {
				label, path := splitLabel(f)
				if v := pickText(rec, path); v != "" {
					rep.Identity = append(rep.Identity, Field{label, v})
				}
			}
		}
	case rule.SectionPermissions:
		for _, rec := range records {
			if len(s.Fields) == 0 {
				if v := text(rec); v != "" {
					rep.Permissions = append(rep.Permissions, v)
				}
				continue
			}
			if v := describe(rec, s.Fields); v != "" {
				rep.Permissions = append(rep.Permissions, v)
			}
		}
	case rule.SectionResources:
		res := Resource{Kind: s.Name, Count: len(records), Items: []string{}, Truncated: truncated}
		for _, rec := range records {
			if len(res.Items) == 50 {
				res.Truncated = true
				break
			}
			if v := describe(rec, s.Fields); v != "" {
				res.Items = append(res.Items, v)
			}
		}
		rep.Resources = append(rep.Resources, res)
	case rule.SectionActivity:
		// A window cut after the leak leaves activity since the leak
		// unread: the activity is incomplete, never "nothing unusual".
		run.truncated = run.truncated || truncated || win.from.After(rep.Since)
		from := rep.From
		for _, rec := range records {
			e, ok := toEvent(rec, s)
			if !ok || e.Time.Before(from) {
				continue
			}
			run.events = append(run.events, e)
		}
	}
}

// describe writes a record as its first field, then the others labelled:
// "Production (id: 1, type: Live)".
func describe(rec any, fields []string) string {
	if len(fields) == 0 {
		return text(rec)
	}
	_, path := splitLabel(fields[0])
	head := pickText(rec, path)
	var rest []string
	for _, f := range fields[1:] {
		label, path := splitLabel(f)
		if v := pickText(rec, path); v != "" {
			rest = append(rest, label+": "+v)
		}
	}
	if len(rest) == 0 {
		return head
	}
	return head + " (" + strings.Join(rest, ", ") + ")"
}

func toEvent(rec any, s *rule.Step) (event, bool) {
	m := s.Event
	var e event
	var ok bool
	for _, path := range strings.Split(m.Time, "||") {
		for _, x := range pick(rec, strings.TrimSpace(path)) {
			if e.Time, ok = parseTime(x); ok {
				break
			}
		}
		if ok {
			break
		}
	}
	if !ok {
		return e, false
	}
	get := func(paths string) string {
		for _, path := range strings.Split(paths, "||") {
			if path = strings.TrimSpace(path); path == "" {
				continue
			}
			if v := pickText(rec, path); v != "" {
				return v
			}
		}
		return ""
	}
	e.Action, e.Actor, e.Source, e.Agent, e.Target, e.Tag = get(m.Action), get(m.Actor), get(m.Source), get(m.Agent), get(m.Target), get(m.Tag)
	if e.Action == "" {
		e.Action = s.Name
	}
	return e, true
}

// pageState is where a list's paging stands.
type pageState struct {
	offset, page int
	cursor, link string
}

// next moves to the following page, or says the list is done.
func (p *pageState) next(pg *rule.Paging, body any, h http.Header, got []any) bool {
	if pg == nil || len(got) == 0 {
		return false
	}
	switch pg.Style {
	case rule.PagingOffset, rule.PagingPage:
		seen := p.offset + len(got)
		if pg.Total != "" {
			total, err := strconv.Atoi(pickOne(body, pg.Total))
			if err != nil || seen >= total {
				return false
			}
		} else if len(got) < pg.Size {
			return false
		}
		p.offset = seen
		p.page++
		return true
	case rule.PagingLink:
		if pg.Cursor != "" {
			p.link = pickOne(body, pg.Cursor)
		} else {
			p.link = nextLink(h.Get("Link"))
		}
		return p.link != ""
	case rule.PagingCursor:
		if pg.More != "" && pickOne(body, pg.More) != "true" {
			return false
		}
		if pg.Last != "" {
			p.cursor = pickOne(got[len(got)-1], pg.Last)
		} else {
			p.cursor = pickOne(body, pg.Cursor)
		}
		return p.cursor != ""
	}
	return false
}

// nextLink reads rel="next" from an RFC 8288 Link header.
func nextLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		target, params, ok := strings.Cut(part, ";")
		params = strings.ReplaceAll(params, " ", "")
		// Sentry always links a next page and says results="false" when
		// it is empty.
		if !ok || !strings.Contains(params, `rel="next"`) || strings.Contains(params, `results="false"`) {
			continue
		}
		return strings.Trim(strings.TrimSpace(target), "<>")
	}
	return ""
}

// request builds a step's request for one page. The host is the step's
// literal one (or its override); a Link header's next page keeps only its
// path and query, so an answer cannot send the key elsewhere.
func (run *runner) request(ctx context.Context, s *rule.Step, auth rule.Auth, p pageState, win window) (*http.Request, error) {
	vals := run.values(p, win)
	raw := fillURL(s.URL, vals)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("bad URL in step %s", s.Name)
	}
	if p.link != "" {
		next, err := url.Parse(p.link)
		if err != nil {
			return nil, fmt.Errorf("bad next-page link")
		}
		u.Path, u.RawPath, u.RawQuery = next.Path, next.RawPath, next.RawQuery
	}
	if p.cursor != "" && s.Paging != nil && s.Paging.Style == rule.PagingCursor && s.Paging.Param != "" {
		q := u.Query()
		q.Set(s.Paging.Param, p.cursor)
		u.RawQuery = q.Encode()
	}
	if err := run.opts.Checker.Route(u); err != nil {
		return nil, err
	}
	method := s.Method
	if method == "" {
		method = http.MethodGet
	}
	var req *http.Request
	if s.Body != "" {
		req, err = http.NewRequestWithContext(ctx, method, u.String(), strings.NewReader(fill(s.Body, vals)))
	} else {
		req, err = http.NewRequestWithContext(ctx, method, u.String(), nil)
	}
	if err != nil {
		return nil, fmt.Errorf("bad request in step %s", s.Name)
	}
	for k, v := range auth.Headers {
		req.Header.Set(k, fill(v, vals))
	}
	for k, v := range s.Headers {
		req.Header.Set(k, fill(v, vals))
	}
	if auth.BasicAuth != nil {
		req.SetBasicAuth(fill(auth.BasicAuth.Username, vals), fill(auth.BasicAuth.Password, vals))
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	return req, nil
}

// window is the span of time a step asks for.
type window struct{ from, to time.Time }

// window is where step s reads activity: the report's window, or its
// last MaxDays days when the provider refuses more.
func (run *runner) window(s *rule.Step) window {
	w := window{run.rep.From, run.now}
	if s.MaxDays > 0 {
		if start := w.to.Add(-time.Duration(s.MaxDays) * 24 * time.Hour); w.from.Before(start) {
			w.from = start
		}
	}
	return w
}

func (run *runner) values(p pageState, win window) map[string]string {
	from, to := win.from, win.to
	// A date-only filter is read in the provider's own zone (Postmark's is
	// US Eastern); the date at UTC-12, the earliest zone, never starts
	// after from. Records before from are dropped when they arrive.
	earliest := from.In(time.FixedZone("UTC-12", -12*3600))
	label, _, _ := strings.Cut(run.tenant, ".")
	v := map[string]string{
		"secret": run.secret, "pair": run.pair, "admin": run.opts.Admin, "tenant": run.tenant, "tenant_label": label,
		"from": from.Format(time.RFC3339), "from_date": earliest.Format("2006-01-02"), "from_unix": strconv.FormatInt(from.Unix(), 10),
		"to": to.Format(time.RFC3339), "to_date": to.Format("2006-01-02"), "to_unix": strconv.FormatInt(to.Unix(), 10),
		"offset": strconv.Itoa(p.offset), "page": strconv.Itoa(p.page), "page0": strconv.Itoa(p.page - 1), "cursor": p.cursor,
	}
	for k, val := range run.vars {
		v["var."+k] = val
	}
	return v
}

func fill(s string, vals map[string]string) string {
	return fillWith(s, vals, func(x string) string { return x })
}

// fillURL escapes each value for its place: path or query.
func fillURL(raw string, vals map[string]string) string {
	q := strings.IndexByte(raw, '?')
	if q < 0 {
		return fillWith(raw, vals, url.PathEscape)
	}
	return fillWith(raw[:q], vals, url.PathEscape) + fillWith(raw[q:], vals, url.QueryEscape)
}

func fillWith(s string, vals map[string]string, esc func(string) string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(esc(vals[s[i+2:i+j]]))
		s = s[i+j+2:]
	}
}
