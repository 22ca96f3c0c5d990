package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/playbook"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/web"
)

const (
	sessionCookie    = "leakhound_session"
	loginCSRFCookie  = "leakhound_login"
	maxFormBytes     = 64 << 10
	occurrencesShown = 500
)

var funcs = template.FuncMap{
	"when": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return ""
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		case *time.Time:
			if v == nil || v.IsZero() {
				return ""
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		}
		return ""
	},
	"day": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
	"label":   func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"join":    strings.Join,
	"list":    func(v ...string) []string { return v },
	"add":     func(a, b int) int { return a + b },
	"store":   playbook.StoreName,
	"lang":    playbook.LanguageName,
	"fileURL": fileURL,
}

// fileURL links an occurrence to the file on its platform when the
// repository is a web address (pushes record it so): GitHub-style blob
// links, GitLab's /-/blob/ and Bitbucket's /src/. Anything else, no link.
func fileURL(repository, commit, path string, line int) string {
	u, err := url.Parse(repository)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || commit == "" || path == "" {
		return ""
	}
	base := strings.TrimSuffix(strings.TrimSuffix(u.String(), "/"), ".git")
	escaped := (&url.URL{Path: path}).EscapedPath()
	switch {
	case strings.Contains(u.Host, "gitlab"):
		return fmt.Sprintf("%s/-/blob/%s/%s#L%d", base, commit, escaped, line)
	case strings.Contains(u.Host, "bitbucket"):
		return fmt.Sprintf("%s/src/%s/%s#lines-%d", base, commit, escaped, line)
	}
	return fmt.Sprintf("%s/blob/%s/%s#L%d", base, commit, escaped, line)
}

// parsePages parses each page with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(web.FS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(web.FS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(web.FS, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages, nil
}

// view is what every page gets; Data is the page's own.
type view struct {
	Title   string
	Nav     string
	User    *principal
	CanEdit bool
	IsAdmin bool
	CSRF    string
	Flash   string
	Data    any
}

// render executes into a buffer first so a template error becomes a clean
// 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, status int, page string, v view) {
	t := s.pages[page]
	if t == nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if v.User != nil {
		v.CanEdit = roleRank(v.User.Role) >= roleRank(store.RoleMember)
		v.IsAdmin = v.User.Role == store.RoleAdmin
		v.CSRF = v.User.CSRF
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", v); err != nil {
		s.log.Error("rendering page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

type pageHandler func(w http.ResponseWriter, r *http.Request, p *principal) error

// page requires a signed-in user with at least minRole; on POST it also
// requires the session's CSRF token and a same-origin request.
func (s *Server) page(minRole string, h pageHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sess *store.Session
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, err = s.cfg.Store.Session(r.Context(), c.Value)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				s.log.Error("session lookup", "err", err)
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
		}
		if sess == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, http.StatusUnauthorized, nil, "Your session has ended. Sign in again.")
			return
		}
		p := &principal{Name: sess.User.Name, Role: sess.User.Role, CSRF: sess.CSRF}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if !sameOrigin(r) || !sameToken(r.PostFormValue("csrf"), sess.CSRF) {
				s.renderError(w, http.StatusForbidden, p, "The form was not sent from this dashboard (CSRF check failed). Reload the page and try again.")
				return
			}
		}
		if roleRank(p.Role) < roleRank(minRole) {
			s.renderError(w, http.StatusForbidden, p, fmt.Sprintf("Your role (%s) cannot do this; it needs %s.", p.Role, minRole))
			return
		}
		if err := h(w, r, p); err != nil {
			s.pageFail(w, r, p, err)
		}
	})
}

// sameOrigin refuses a POST whose Origin (sent by every current browser)
// names another site: a second line behind the CSRF token.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return o == ""
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, p *principal, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		s.renderError(w, ae.status, p, ae.msg)
	case errors.Is(err, store.ErrNotFound):
		s.renderError(w, http.StatusNotFound, p, "Not found.")
	case errors.Is(err, store.ErrInvalid):
		s.renderError(w, http.StatusBadRequest, p, strings.TrimPrefix(err.Error(), "invalid: "))
	default:
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		s.renderError(w, http.StatusInternalServerError, p, "Something went wrong; the server log has the details.")
	}
}

func (s *Server) renderError(w http.ResponseWriter, status int, p *principal, msg string) {
	s.render(w, status, "error", view{Title: http.StatusText(status), User: p, Data: msg})
}

func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func (s *Server) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode}
}

type loginData struct {
	Next  string
	Name  string
	Error string
	Token string
}

// loginPage sets a login CSRF cookie (double submit): a session does not
// exist yet, and login forms can be forged too.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	tok, err := randomString()
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, s.cookie(loginCSRFCookie, tok, 3600))
	s.render(w, http.StatusOK, "login", view{Title: "Sign in", Data: loginData{Next: safeNext(r.URL.Query().Get("next")), Token: tok}})
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/"
	}
	return next
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	again := func(status int, msg string) {
		tok, err := randomString()
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		http.SetCookie(w, s.cookie(loginCSRFCookie, tok, 3600))
		s.render(w, status, "login", view{Title: "Sign in", Data: loginData{Next: next, Name: name, Error: msg, Token: tok}})
	}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !sameOrigin(r) || !sameToken(r.PostFormValue("csrf"), c.Value) {
		again(http.StatusForbidden, "The sign-in form expired. Try again.")
		return
	}
	// The attempt is counted before the password is checked, so parallel
	// requests cannot all pass a check that none has failed yet.
	userLimit, addrLimit := s.loginLimits(name, clientIP(r))
	res, err := s.cfg.Store.ReserveLogin(r.Context(), s.now(), s.cfg.LoginWindow, userLimit, addrLimit)
	if err != nil {
		s.log.Error("login", "err", err)
		again(http.StatusInternalServerError, "Sign-in failed; the server log has the details.")
		return
	}
	if res.Refused != "" {
		s.log.Warn("login rate limited", "user", name, "ip", clientIP(r), "limit", strings.SplitN(res.Refused, ":", 2)[0])
		w.Header().Set("Retry-After", strconv.Itoa(int((res.RetryAfter+time.Second-1)/time.Second)))
		again(http.StatusTooManyRequests, "Too many failed sign-ins. Wait a few minutes and try again.")
		return
	}
	// Not checked after all: the reservation is given back.
	unreserve := func() {
		if err := s.cfg.Store.ForgetLogin(context.WithoutCancel(r.Context()), res.IDs); err != nil {
			s.log.Error("login", "err", err)
		}
	}
	if !s.hashes.enter(r.Context()) {
		unreserve()
		s.log.Warn("login refused: password checks busy", "ip", clientIP(r))
		w.Header().Set("Retry-After", "1")
		again(http.StatusServiceUnavailable, "The server is busy checking other sign-ins. Try again in a moment.")
		return
	}
	u, err := s.cfg.Store.CheckPassword(r.Context(), name, password)
	s.hashes.leave()
	if errors.Is(err, store.ErrNotFound) {
		s.log.Warn("login failed", "user", name, "ip", clientIP(r))
		again(http.StatusUnauthorized, "Wrong name or password.")
		return
	}
	if err != nil {
		unreserve()
		s.log.Error("login", "err", err)
		again(http.StatusInternalServerError, "Sign-in failed; the server log has the details.")
		return
	}
	// Signed in: this attempt was no failure, and the name's earlier
	// failures no longer count. The address keeps its own.
	if err := s.cfg.Store.ForgetLogin(r.Context(), res.IDs, userLimit.Key); err != nil {
		s.log.Error("login", "err", err)
	}
	token, _, err := s.cfg.Store.CreateSession(r.Context(), u.ID, s.cfg.SessionTTL)
	if err != nil {
		s.log.Error("create session", "err", err)
		again(http.StatusInternalServerError, "Sign-in failed; the server log has the details.")
		return
	}
	http.SetCookie(w, s.cookie(sessionCookie, token, int(s.cfg.SessionTTL.Seconds())))
	http.SetCookie(w, s.cookie(loginCSRFCookie, "", -1))
	if err := s.cfg.Store.AddAudit(r.Context(), store.AuditEntry{Actor: u.Name, Action: "login", Detail: "from " + clientIP(r)}); err != nil {
		s.log.Error("audit", "err", err)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p *principal) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.cfg.Store.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, s.cookie(sessionCookie, "", -1))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// bar is one bar of the server-rendered chart.
type bar struct {
	Label string
	N     int
	Y     int
	Width int
}

type incidentsData struct {
	Filter    store.IncidentFilter
	Incidents []store.Incident
	Total     int
	Prev      string
	Next      string
	Charts    []chart
	Providers []string
	Statuses  []string
}

// chart is one server-rendered bar chart (no script needed to draw it).
type chart struct {
	Title  string
	Bars   []bar
	Height int
	Empty  string
}

// newChart scales counts to bars, at most limit of them.
func newChart(title, empty string, counts []store.Count, limit int) chart {
	c := chart{Title: title, Empty: empty}
	maxN := 1
	for _, n := range counts {
		maxN = max(maxN, n.N)
	}
	for i, n := range counts {
		if i == limit {
			break
		}
		c.Bars = append(c.Bars, bar{Label: n.Label, N: n.N, Y: i * 26, Width: max(2, n.N*200/maxN)})
	}
	c.Height = len(c.Bars) * 26
	return c
}

func (s *Server) incidentsPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	f, err := incidentFilter(r)
	if err != nil {
		return err
	}
	if !r.URL.Query().Has("status") {
		f.Status = "open"
	}
	incs, total, err := s.cfg.Store.ListIncidents(r.Context(), f)
	if err != nil {
		return err
	}
	counts, err := s.cfg.Store.OpenByProvider(r.Context())
	if err != nil {
		return err
	}
	d := incidentsData{Filter: f, Incidents: incs, Total: total, Statuses: append([]string{"open"}, store.Statuses...)}
	for i, c := range counts {
		if i == 12 {
			break
		}
		d.Providers = append(d.Providers, c.Label)
	}
	byValidity, err := s.cfg.Store.OpenByValidity(r.Context())
	if err != nil {
		return err
	}
	// Open incidents at the end of each of the last eight weeks, oldest first.
	now := time.Now()
	var weeks []time.Time
	for i := 7; i >= 0; i-- {
		weeks = append(weeks, now.AddDate(0, 0, -7*i))
	}
	overTime, err := s.cfg.Store.OpenOverTime(r.Context(), weeks)
	if err != nil {
		return err
	}
	d.Charts = []chart{
		newChart("Open incidents by provider", "No open incident.", counts, 12),
		newChart("Open incidents by validity", "No open incident.", byValidity, 4),
		newChart("Open incidents, last 8 weeks", "", overTime, 8),
	}
	pageURL := func(off int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(off))
		return "/?" + q.Encode()
	}
	if f.Offset > 0 {
		d.Prev = pageURL(max(0, f.Offset-f.Limit))
	}
	if f.Offset+len(incs) < total {
		d.Next = pageURL(f.Offset + f.Limit)
	}
	s.render(w, http.StatusOK, "incidents", view{Title: "Incidents", Nav: "incidents", User: p, Data: d})
	return nil
}

type incidentData struct {
	Incident    *store.Incident
	Occurrences []store.Occurrence
	OccTotal    int
	Validity    []store.ValidityCheck
	Checklist   []ChecklistStep
	Done        int
	Guide       *playbook.Guide
	Audit       []store.AuditEntry
	Resolutions []string
	CanValidate bool
	// Investigation is the newest one; CanInvestigate says the server
	// may run one (the secret is kept and the rule has an investigation).
	Investigation  *store.Investigation
	CanInvestigate bool
}

func (s *Server) incidentPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	inc, err := s.cfg.Store.Incident(ctx, id)
	if err != nil {
		return err
	}
	d := incidentData{Incident: inc, Resolutions: store.Resolutions}
	if d.Occurrences, d.OccTotal, err = s.cfg.Store.Occurrences(ctx, id, store.Page{Limit: occurrencesShown}); err != nil {
		return err
	}
	if d.Validity, err = s.cfg.Store.ValidityHistory(ctx, id); err != nil {
		return err
	}
	if d.Checklist, err = s.checklist(r, inc); err != nil {
		return err
	}
	for _, c := range d.Checklist {
		if c.Done {
			d.Done++
		}
	}
	if d.Audit, _, err = s.cfg.Store.Audit(ctx, id, store.Page{Limit: 200}); err != nil {
		return err
	}
	rl := s.cfg.Rules[inc.RuleID]
	d.Guide = guide(rl)
	d.CanValidate = inc.SecretStored && s.cfg.Validate != nil && s.cfg.Keys.Secret != nil && rl != nil && rl.Validate != nil
	d.CanInvestigate = s.canInvestigate(inc)
	if d.Investigation, err = s.cfg.Store.LatestInvestigation(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	s.render(w, http.StatusOK, "incident", view{Title: fmt.Sprintf("#%d %s", inc.ID, inc.RuleName), Nav: "incidents", User: p,
		Flash: r.URL.Query().Get("flash"), Data: d})
	return nil
}

func backTo(w http.ResponseWriter, r *http.Request, id int64, flash, anchor string) {
	u := "/incidents/" + strconv.FormatInt(id, 10)
	if flash != "" {
		u += "?flash=" + url.QueryEscape(flash)
	}
	http.Redirect(w, r, u+anchor, http.StatusSeeOther)
}

func (s *Server) tickSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	inc, err := s.cfg.Store.Incident(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.tick(r, inc, r.PostFormValue("step"), p.Name, r.PostFormValue("done") == "1"); err != nil {
		return err
	}
	backTo(w, r, id, "", "#checklist")
	return nil
}

func (s *Server) statusSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	status, resolution := r.PostFormValue("status"), r.PostFormValue("resolution")
	u := store.IncidentUpdate{Status: &status}
	if status == store.StatusResolved {
		u.Resolution = &resolution
	}
	inc, err := s.cfg.Store.UpdateIncident(r.Context(), id, u, p.Name)
	if err != nil {
		return err
	}
	msg := "Status: " + inc.Status
	if inc.Resolution != "" {
		msg += " as " + strings.ReplaceAll(inc.Resolution, "_", " ")
	}
	backTo(w, r, id, msg, "")
	return nil
}

func (s *Server) editSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	assignee, notes := r.PostFormValue("assignee"), r.PostFormValue("notes")
	u := store.IncidentUpdate{Assignee: &assignee, Notes: &notes}
	tags := strings.Split(r.PostFormValue("tags"), ",")
	u.Tags = &tags
	// The form shows unreadable tags as an empty field: left empty, the
	// stored value is kept; typed in, the tags replace it. Only an empty
	// field needs the incident read to tell.
	if strings.TrimSpace(r.PostFormValue("tags")) == "" {
		inc, err := s.cfg.Store.Incident(r.Context(), id)
		if err != nil {
			return err
		}
		if inc.TagsUnreadable {
			u.Tags = nil
		}
	}
	if _, err := s.cfg.Store.UpdateIncident(r.Context(), id, u, p.Name); err != nil {
		return err
	}
	backTo(w, r, id, "Saved", "")
	return nil
}

func (s *Server) validateSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.revalidate(r.Context(), id, p.Name, store.AuditEveryCheck)
	if err != nil {
		return err
	}
	backTo(w, r, id, "Checked: "+v.Status, "")
	return nil
}

type listData[T any] struct {
	Items []T
	Total int
	Prev  string
	Next  string
}

func pager[T any](r *http.Request, items []T, total int, pg store.Page) listData[T] {
	d := listData[T]{Items: items, Total: total}
	link := func(off int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(off))
		return r.URL.Path + "?" + q.Encode()
	}
	if pg.Offset > 0 {
		d.Prev = link(max(0, pg.Offset-pg.Limit))
	}
	if pg.Offset+len(items) < total {
		d.Next = link(pg.Offset + pg.Limit)
	}
	return d
}

func (s *Server) scansPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	scans, total, err := s.cfg.Store.Scans(r.Context(), pg)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "scans", view{Title: "Scans", Nav: "scans", User: p, Data: pager(r, scans, total, pg)})
	return nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	entries, total, err := s.cfg.Store.Audit(r.Context(), 0, pg)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "audit", view{Title: "Audit log", Nav: "audit", User: p, Data: pager(r, entries, total, pg)})
	return nil
}

type settingsData struct {
	Tokens []store.Token
	Users  []store.User
	Roles  []string
	// NewToken is shown once, right after it is created.
	NewToken string
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.renderSettings(w, r, p, "", "")
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, p *principal, newToken, flash string) error {
	toks, err := s.cfg.Store.Tokens(r.Context())
	if err != nil {
		return err
	}
	users, err := s.cfg.Store.Users(r.Context())
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "settings", view{Title: "Settings", Nav: "settings", User: p, Flash: flash,
		Data: settingsData{Tokens: toks, Users: users, Roles: store.Roles, NewToken: newToken}})
	return nil
}

// tokenCreate makes an API token from the settings page; like the CLI, it
// shows the token once and stores only its hash.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	name, role := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("role")
	if name == "" || !store.ValidRole(role) {
		return badRequest("a token needs a name and a role (viewer, member or admin)")
	}
	tok, _, err := s.cfg.Store.CreateToken(r.Context(), name, role, p.Name)
	if err != nil {
		return err
	}
	return s.renderSettings(w, r, p, tok, "Token "+name+" created. Copy it now: it is not shown again.")
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.cfg.Store.RevokeToken(r.Context(), id, p.Name); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings", http.StatusSeeOther)
	return nil
}
