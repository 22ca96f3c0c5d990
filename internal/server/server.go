// Package server is the incident server: the JSON API under /api/v1 that
// scans report to, and the dashboard where a security team follows every
// leaked secret until it is rotated. It holds no global state: everything
// comes in through Config.
package server

import (
	"context"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/web"
)

// Event kinds sent to the Notifier.
const (
	EventNewIncident = "incident.created"
	EventRegression  = "incident.regression"
)

// Event is something a team wants to hear about at once.
type Event struct {
	Kind     string
	Incident store.Incident
	// URL is the incident's dashboard page, when the server knows its
	// public address.
	URL string
}

// Notifier delivers events (webhooks); it must not block the request.
type Notifier interface {
	Notify(ev Event)
}

// Validator re-runs a live check on a stored secret, with its stored other
// part for a two-part credential ("" when none is kept), validate.Checker
// in production (NewValidator).
type Validator func(ctx context.Context, r *rule.Rule, secret, pair string) store.ValidityCheck

// Config is everything the server needs.
type Config struct {
	Store store.Store
	Keys  Keys
	// Rules is the catalogue, for names and playbooks.
	Rules map[string]*rule.Rule
	// Notifier, when set, hears of new incidents and regressions.
	Notifier Notifier
	// Validate, when set with Keys.Secret, lets members re-check a stored
	// secret from the incident page or the API.
	Validate Validator
	// Investigate, when set with Keys.Secret, lets members investigate a
	// stored secret with its provider from the incident page or the API.
	Investigate Investigator
	// BaseURL is the public address (https://leakhound.example.com), for
	// links in notifications.
	BaseURL string
	// SecureCookies marks cookies Secure; set when serving TLS (or behind
	// a TLS proxy).
	SecureCookies bool
	// LoginAttempts failed sign-ins per user name, and
	// LoginAttemptsPerAddress per client address, in LoginWindow are
	// allowed before 429. The counts live in the database: they survive
	// a restart and are shared by every server process on it.
	LoginAttempts           int
	LoginAttemptsPerAddress int
	LoginWindow             time.Duration
	// ConcurrentLogins bounds the password hashes running at once (19 MiB
	// each); a sign-in that finds them all busy waits up to LoginQueueWait,
	// then gets 503 with Retry-After.
	ConcurrentLogins int
	LoginQueueWait   time.Duration
	SessionTTL       time.Duration
	// MaxReportBytes bounds a scan report's body.
	MaxReportBytes int64
	Logger         *slog.Logger
	Version        string
}

// Server serves the API and the dashboard.
type Server struct {
	cfg    Config
	log    *slog.Logger
	pages  map[string]*template.Template
	static fs.FS
	hashes *hashGate
	mux    *http.ServeMux
	// now is the clock of the sign-in limits (tests move it).
	now func() time.Time
}

// New checks the config and builds the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	if len(cfg.Keys.Fingerprint) < 32 {
		return nil, errors.New("server: fingerprint key must be at least 32 bytes")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.LoginAttempts <= 0 {
		cfg.LoginAttempts = 5
	}
	if cfg.LoginAttemptsPerAddress <= 0 {
		cfg.LoginAttemptsPerAddress = 100
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.ConcurrentLogins <= 0 {
		cfg.ConcurrentLogins = max(2, runtime.NumCPU())
	}
	if cfg.LoginQueueWait <= 0 {
		cfg.LoginQueueWait = 3 * time.Second
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.MaxReportBytes <= 0 {
		cfg.MaxReportBytes = 64 << 20
	}
	if cfg.Rules == nil {
		cfg.Rules = map[string]*rule.Rule{}
	}
	cfg.Store = damageLog{cfg.Store, cfg.Logger}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(web.FS, "static")
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, pages: pages, static: static,
		hashes: newHashGate(cfg.ConcurrentLogins, cfg.LoginQueueWait), mux: http.NewServeMux(), now: time.Now}
	s.routes()
	return s, nil
}

// Handler is the whole server, security headers included.
func (s *Server) Handler() http.Handler {
	return securityHeaders(s.cfg.SecureCookies, s.mux)
}

func (s *Server) routes() {
	api := func(pattern, role string, h apiHandler) {
		s.mux.Handle(pattern, s.apiAuth(role, h))
	}
	api("POST /api/v1/scans", store.RoleMember, s.apiPostScan)
	api("GET /api/v1/scans", store.RoleViewer, s.apiListScans)
	api("GET /api/v1/reports/{report_id}", store.RoleViewer, s.apiGetReport)
	api("GET /api/v1/incidents", store.RoleViewer, s.apiListIncidents)
	api("GET /api/v1/incidents/{id}", store.RoleViewer, s.apiGetIncident)
	api("PATCH /api/v1/incidents/{id}", store.RoleMember, s.apiPatchIncident)
	api("GET /api/v1/incidents/{id}/occurrences", store.RoleViewer, s.apiOccurrences)
	api("GET /api/v1/incidents/{id}/checklist", store.RoleViewer, s.apiChecklist)
	api("PUT /api/v1/incidents/{id}/checklist/{step}", store.RoleMember, s.apiTick(true))
	api("DELETE /api/v1/incidents/{id}/checklist/{step}", store.RoleMember, s.apiTick(false))
	api("POST /api/v1/incidents/{id}/validate", store.RoleMember, s.apiRevalidate)
	api("POST /api/v1/incidents/{id}/investigate", store.RoleMember, s.apiInvestigate)
	api("GET /api/v1/incidents/{id}/investigation", store.RoleViewer, s.apiGetInvestigation)
	api("GET /api/v1/audit", store.RoleViewer, s.apiAudit)
	api("GET /api/v1/openapi.json", store.RoleViewer, s.apiOpenAPI)
	s.mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such API route: "+r.Method+" "+r.URL.Path)
	}))

	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(s.static)))
	s.mux.HandleFunc("GET /login", s.loginPage)
	s.mux.HandleFunc("POST /login", s.loginSubmit)
	s.mux.Handle("POST /logout", s.page(store.RoleViewer, s.logout))
	s.mux.Handle("GET /{$}", s.page(store.RoleViewer, s.incidentsPage))
	s.mux.Handle("GET /incidents/{id}", s.page(store.RoleViewer, s.incidentPage))
	s.mux.Handle("POST /incidents/{id}/checklist", s.page(store.RoleMember, s.tickSubmit))
	s.mux.Handle("POST /incidents/{id}/status", s.page(store.RoleMember, s.statusSubmit))
	s.mux.Handle("POST /incidents/{id}/edit", s.page(store.RoleMember, s.editSubmit))
	s.mux.Handle("POST /incidents/{id}/validate", s.page(store.RoleMember, s.validateSubmit))
	s.mux.Handle("POST /incidents/{id}/investigate", s.page(store.RoleMember, s.investigateSubmit))
	s.mux.Handle("GET /scans", s.page(store.RoleViewer, s.scansPage))
	s.mux.Handle("GET /audit", s.page(store.RoleViewer, s.auditPage))
	s.mux.Handle("GET /settings", s.page(store.RoleAdmin, s.settingsPage))
	s.mux.Handle("POST /settings/tokens", s.page(store.RoleAdmin, s.tokenCreate))
	s.mux.Handle("POST /settings/tokens/{id}/revoke", s.page(store.RoleAdmin, s.tokenRevoke))
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
}

// roleRank orders roles so "at least member" is one comparison.
func roleRank(role string) int {
	switch role {
	case store.RoleAdmin:
		return 3
	case store.RoleMember:
		return 2
	case store.RoleViewer:
		return 1
	}
	return 0
}

// securityHeaders sets what every response needs. The policy allows only
// the server's own scripts and styles: no inline script can run even if an
// escaping bug let one into a page.
func securityHeaders(tls bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		// same-origin, not no-referrer: under no-referrer browsers send
		// "Origin: null" with forms, and the same-origin check needs the
		// real origin. Other sites still get no referrer.
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if tls || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}
