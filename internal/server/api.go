package server

import (
	"context"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/redact"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/store"
)

// principal is who makes a request: an API token or a dashboard user.
type principal struct {
	Name string // token name or user name, as written in the audit log
	Role string
	// CSRF is the session's form token (dashboard only).
	CSRF string
}

type apiHandler func(w http.ResponseWriter, r *http.Request, p *principal) error

// apiError is an error with an HTTP status and a stable code.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, "bad_request", fmt.Sprintf(format, args...)}
}

// writeError answers {"error": {"code": ..., "message": ...}}.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// apiAuth checks the bearer token and the role before the handler runs,
// and turns the handler's error into a JSON answer.
func (s *Server) apiAuth(minRole string, h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, token, ok := strings.Cut(auth, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="leakhound"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "missing bearer token: send Authorization: Bearer <token> (leakhound token create)")
			return
		}
		tok, err := s.cfg.Store.TokenFor(r.Context(), strings.TrimSpace(token))
		if errors.Is(err, store.ErrNotFound) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="leakhound", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "invalid or revoked token")
			return
		}
		if err != nil {
			s.log.Error("token lookup", "err", err)
			writeError(w, http.StatusInternalServerError, "internal", "internal error")
			return
		}
		if roleRank(tok.Role) < roleRank(minRole) {
			writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("token %q has role %s; this needs %s", tok.Name, tok.Role, minRole))
			return
		}
		if err := h(w, r, &principal{Name: "token:" + tok.Name, Role: tok.Role}); err != nil {
			s.apiFail(w, r, err)
		}
	})
}

func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		writeError(w, ae.status, ae.code, ae.msg)
	case errors.As(err, &mbe):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body larger than %d bytes", mbe.Limit))
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "not found")
	case errors.Is(err, store.ErrInvalid):
		writeError(w, http.StatusBadRequest, "bad_request", strings.TrimPrefix(err.Error(), "invalid: "))
	case errors.Is(err, store.ErrConflict):
		writeError(w, http.StatusConflict, "conflict", strings.TrimPrefix(err.Error(), "conflict: "))
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "internal error")
	}
}

// ScanReport is what `leakhound scan --report-to` sends. Findings carry
// their secrets so the server can compute its keyed fingerprint; the
// server keeps only that, the preview, and (optionally) an encrypted copy.
type ScanReport struct {
	ReportID string `json:"report_id"`
	// Batch and Batches split a scan with more than MaxBatchFindings
	// findings: each part carries the same report id and the scan's
	// identity, numbered from 1. Absent: the whole report in one part.
	Batch    int               `json:"batch,omitempty"`
	Batches  int               `json:"batches,omitempty"`
	Tool     string            `json:"tool"`
	Version  string            `json:"version"`
	Complete bool              `json:"complete"`
	Source   SourceIdentity    `json:"source"`
	Findings []ReportedFinding `json:"findings"`
}

// SourceIdentity says what was scanned.
type SourceIdentity struct {
	Kind        string `json:"kind"` // git, dir, stdin, image, staged, pre-push, ci ...
	Repository  string `json:"repository,omitempty"`
	Ref         string `json:"ref,omitempty"`
	Commit      string `json:"commit,omitempty"`
	CommitRange string `json:"commit_range,omitempty"`
	CIRun       string `json:"ci_run,omitempty"`
	Image       string `json:"image,omitempty"`
}

// ReportedFinding is one finding on the wire: the scan's own finding, with
// the secret itself in Secret so the server can compute its keyed
// fingerprint, and for a two-part credential its other part (an AWS
// secret access key's access key id), so the server can re-check and
// investigate it. Only this type carries the other part: no report format
// writes it.
type ReportedFinding struct {
	finding.Finding
	PairSecret string `json:"pair_secret,omitempty"`
}

// Reported prepares a scan's findings for sending: one per place (the
// server records each as an occurrence; servers that predate places read
// them too), each with its secret and other part (RawPair).
func Reported(fs []finding.Finding) []ReportedFinding {
	flat := finding.Flatten(fs)
	out := make([]ReportedFinding, len(flat))
	for i, f := range flat {
		f.Secret = f.RawSecret
		out[i] = ReportedFinding{Finding: f, PairSecret: f.RawPair}
	}
	return out
}

// MaxBatchFindings bounds the findings of one request (one transaction,
// which holds SQLite's write lock while it runs); a scan with more is sent
// in batches, which Client.Send does.
const MaxBatchFindings = 20000

// maxReportID bounds a report id, the idempotency key of a report.
const maxReportID = 100

// ScanReceipt answers POST /api/v1/scans and GET /api/v1/reports/{id}:
// counts and links, never the incidents themselves, so its size does not
// grow with the report and a client can always read it whole. The counts
// are the scan's, over every batch received so far. Sending the same
// report id and batch again (the idempotency key) records nothing and
// answers with duplicate set.
type ScanReceipt struct {
	ScanID          int64  `json:"scan_id"`
	ReportID        string `json:"report_id"`
	Duplicate       bool   `json:"duplicate"`
	Batches         int    `json:"batches"`
	BatchesReceived int    `json:"batches_received"`
	// Missing lists batches not received yet (the first
	// store.MaxMissingListed of them), on GET only.
	Missing      []int        `json:"missing_batches,omitempty"`
	Complete     bool         `json:"complete"`
	Findings     int          `json:"findings"`
	NewIncidents int          `json:"new_incidents"`
	Regressions  int          `json:"regressions"`
	Links        ReceiptLinks `json:"links"`
	// PairsRefused, set by Client.Send, says the server predates
	// pair_secret: the report was sent without the other parts.
	PairsRefused bool `json:"-"`
}

// ReceiptLinks point at what a receipt counts, absolute when the server
// knows its public address (--base-url).
type ReceiptLinks struct {
	Report    string `json:"report"`    // this receipt, to ask again later
	Scans     string `json:"scans"`     // the dashboard's list of scans
	Incidents string `json:"incidents"` // the dashboard's open incidents
}

func (s *Server) apiPostScan(w http.ResponseWriter, r *http.Request, p *principal) error {
	var rep ScanReport
	if err := decodeJSON(w, r, s.cfg.MaxReportBytes, &rep); err != nil {
		return err
	}
	st, err := s.toStoreReport(&rep, p)
	if err != nil {
		return err
	}
	res, err := s.cfg.Store.Ingest(r.Context(), st)
	if err != nil {
		return err
	}
	s.notify(r.Context(), res)
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	s.log.Info("scan received", "scan", res.ScanID, "token", p.Name, "batch", rep.Batch, "batches", rep.Batches, "findings", res.Findings,
		"new_incidents", len(res.NewIncidents), "regressions", len(res.Regressions), "duplicate", res.Duplicate)
	rc := s.receipt(&res.Scan)
	rc.Duplicate = res.Duplicate
	writeJSON(w, status, rc)
	return nil
}

// apiGetReport answers whether a report id is recorded and which of its
// batches are missing: a client resumes a report from this.
func (s *Server) apiGetReport(w http.ResponseWriter, r *http.Request, _ *principal) error {
	sc, missing, err := s.cfg.Store.ScanByReport(r.Context(), r.PathValue("report_id"))
	if errors.Is(err, store.ErrNotFound) {
		return &apiError{http.StatusNotFound, "not_found", "no report " + r.PathValue("report_id")}
	}
	if err != nil {
		return err
	}
	rc := s.receipt(sc)
	rc.Missing = missing
	writeJSON(w, http.StatusOK, rc)
	return nil
}

func (s *Server) receipt(sc *store.Scan) ScanReceipt {
	return ScanReceipt{ScanID: sc.ID, ReportID: sc.ReportID, Batches: sc.Batches, BatchesReceived: sc.BatchesReceived,
		Complete: sc.Complete, Findings: sc.Findings, NewIncidents: sc.NewIncidents, Regressions: sc.Regressions,
		Links: ReceiptLinks{Report: s.link("/api/v1/reports/" + url.PathEscape(sc.ReportID)), Scans: s.link("/scans"), Incidents: s.link("/?status=open")}}
}

// link is path on the dashboard, absolute when BaseURL is set.
func (s *Server) link(path string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + path
}

// toStoreReport checks a report and replaces every secret by its keyed
// fingerprint (and ciphertext when enabled). The plain secrets go no
// further than this function.
func (s *Server) toStoreReport(rep *ScanReport, p *principal) (*store.Report, error) {
	if err := checkIdentifiers(rep); err != nil {
		return nil, err
	}
	if cut := ClipReport(rep); cut > 0 {
		s.log.Warn("report fields cut to their limits", "report", rep.ReportID, "fields", cut)
	}
	if len(rep.Findings) > MaxBatchFindings {
		return nil, badRequest("%d findings in one request; at most %d: send the report in batches (batch, batches)", len(rep.Findings), MaxBatchFindings)
	}
	// Addresses lose any user:pass@ here too: a client that did not strip
	// them (an older version, a script) must not get a password stored.
	st := &store.Report{ReportID: rep.ReportID, Batch: rep.Batch, Batches: rep.Batches, Source: rep.Source.Kind, Repository: redact.URL(rep.Source.Repository), Ref: rep.Source.Ref,
		Commit: rep.Source.Commit, CommitRange: rep.Source.CommitRange, CIRun: redact.URL(rep.Source.CIRun), Image: rep.Source.Image,
		ToolVersion: rep.Version, Complete: rep.Complete, TokenName: p.Name, ReceivedAt: time.Now()}
	sealed := map[string]*sealedParts{}
	for i, f := range rep.Findings {
		if f.Secret == "" || f.RuleID == "" {
			return nil, badRequest("findings[%d]: rule_id and secret are required (the server fingerprints the secret; it does not keep it)", i)
		}
		if f.Validity != "" && f.Validity != "valid" && f.Validity != "invalid" && f.Validity != "unknown" {
			return nil, badRequest("findings[%d]: validity %q (want valid, invalid or unknown)", i, f.Validity)
		}
		fp := s.cfg.Keys.fingerprint(f.Secret)
		r := s.cfg.Rules[f.RuleID]
		// A secret found at many places is sent once per place; the store
		// keeps the first copy of each part, so each is sealed once.
		sp := sealed[fp]
		if sp == nil {
			sp = &sealedParts{}
			sealed[fp] = sp
			if len(f.Secret) <= maxStoredSecret {
				var err error
				if sp.secret, err = s.cfg.Keys.encrypt(f.Secret, fp); err != nil {
					return nil, err
				}
			}
		}
		// The other part is kept only for a rule the server can check with
		// it, and within the same bound as the secret.
		var pairEnc []byte
		if f.PairSecret != "" && len(f.PairSecret) <= maxStoredSecret && r != nil && r.Validate != nil && r.Validate.Pair != "" {
			if sp.pair == nil {
				var err error
				if sp.pair, err = s.cfg.Keys.encryptPair(f.PairSecret, fp); err != nil {
					return nil, err
				}
			}
			pairEnc = sp.pair
		}
		it := store.Item{KeyFP: fp, SecretEnc: sp.secret, PairEnc: pairEnc, RuleID: f.RuleID, RuleName: f.RuleName, Provider: f.Provider, Severity: f.Severity,
			Preview: finding.Preview(f.Secret), Validity: f.Validity, ValidityReason: f.ValidityReason, ValidatedAt: f.ValidatedAt}
		// The catalogue's names win over the client's for built-in rules.
		// A finding may be milder than its rule (an expired JWT is low),
		// never worse, and never of a level the catalogue does not know.
		if r != nil {
			it.RuleName, it.Provider, it.Severity = r.Name, r.Provider, r.Severity
			if rule.SeverityRank(f.Severity) <= rule.SeverityRank(rule.SeverityLow) {
				it.Severity = rule.MilderSeverity(f.Severity, r.Severity)
			}
		}
		if it.RuleName == "" {
			it.RuleName = f.RuleID
		}
		// Clients send a finding per place; one sent with its places is
		// recorded at each of them all the same.
		for _, p := range f.AllPlaces() {
			it.Path, it.Line, it.Column, it.Commit, it.Author, it.Email, it.CommitDate = p.Path, p.Line, p.Column, p.Commit, p.Author, p.Email, p.Date
			switch {
			case p.LayerDigest != "":
				it.Layer = p.LayerDigest
			case p.Image != "":
				it.Layer = strconv.Itoa(p.Layer)
			default:
				it.Layer = ""
			}
			if p.Image != "" && st.Image == "" {
				st.Image = p.Image
			}
			st.Items = append(st.Items, it)
		}
	}
	return st, nil
}

// notify tells the Notifier of each new incident and regression. The
// store hands back ids; the incidents are read only when someone listens.
func (s *Server) notify(ctx context.Context, res *store.IngestResult) {
	if s.cfg.Notifier == nil {
		return
	}
	for _, ev := range []struct {
		kind string
		ids  []int64
	}{{EventNewIncident, res.NewIncidents}, {EventRegression, res.Regressions}} {
		for _, id := range ev.ids {
			inc, err := s.cfg.Store.Incident(ctx, id)
			if err != nil {
				s.log.Error("reading an incident to notify", "incident", id, "err", err)
				continue
			}
			s.cfg.Notifier.Notify(Event{Kind: ev.kind, Incident: *inc, URL: s.incidentURL(inc.ID)})
		}
	}
}

func (s *Server) incidentURL(id int64) string {
	if s.cfg.BaseURL == "" {
		return ""
	}
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/incidents/" + strconv.FormatInt(id, 10)
}

func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type", "send Content-Type: application/json"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("invalid JSON body: %v", err)
	}
	return nil
}

func pageParams(r *http.Request) (store.Page, error) {
	var p store.Page
	for _, f := range []struct {
		name string
		into *int
	}{{"limit", &p.Limit}, {"offset", &p.Offset}} {
		if v := r.URL.Query().Get(f.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return p, badRequest("%s must be a non-negative integer", f.name)
			}
			*f.into = n
		}
	}
	if p.Limit == 0 {
		p.Limit = 50
	}
	if p.Limit > 500 {
		return p, badRequest("limit is at most 500")
	}
	return p, nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &apiError{http.StatusNotFound, "not_found", "no incident " + r.PathValue("id")}
	}
	return id, nil
}

// list is the envelope of every paged list.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func (s *Server) apiListIncidents(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := incidentFilter(r)
	if err != nil {
		return err
	}
	incs, total, err := s.cfg.Store.ListIncidents(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[store.Incident]{incs, total, f.Limit, f.Offset})
	return nil
}

func incidentFilter(r *http.Request) (store.IncidentFilter, error) {
	q := r.URL.Query()
	f := store.IncidentFilter{Status: q.Get("status"), Provider: q.Get("provider"), Severity: q.Get("severity"),
		Validity: q.Get("validity"), Source: q.Get("source"), Query: q.Get("q")}
	if f.Status != "" && f.Status != "open" && !contains(store.Statuses, f.Status) {
		return f, badRequest("status %q: want open or one of %s", f.Status, strings.Join(store.Statuses, ", "))
	}
	var err error
	f.Page, err = pageParams(r)
	return f, err
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) apiGetIncident(w http.ResponseWriter, r *http.Request, _ *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	inc, err := s.cfg.Store.Incident(r.Context(), id)
	if err != nil {
		return err
	}
	hist, err := s.cfg.Store.ValidityHistory(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*store.Incident
		ValidityHistory []store.ValidityCheck `json:"validity_history"`
	}{inc, hist})
	return nil
}

// IncidentPatch is the body of PATCH /api/v1/incidents/{id}.
type IncidentPatch struct {
	Status     *string   `json:"status"`
	Resolution *string   `json:"resolution"`
	Assignee   *string   `json:"assignee"`
	Notes      *string   `json:"notes"`
	Tags       *[]string `json:"tags"`
}

func (s *Server) apiPatchIncident(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var patch IncidentPatch
	if err := decodeJSON(w, r, 1<<20, &patch); err != nil {
		return err
	}
	inc, err := s.cfg.Store.UpdateIncident(r.Context(), id, store.IncidentUpdate(patch), p.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inc)
	return nil
}

func (s *Server) apiOccurrences(w http.ResponseWriter, r *http.Request, _ *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Store.Incident(r.Context(), id); err != nil {
		return err
	}
	occ, total, err := s.cfg.Store.Occurrences(r.Context(), id, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[store.Occurrence]{occ, total, pg.Limit, pg.Offset})
	return nil
}

// ChecklistStep is one step of an incident's remediation checklist.
type ChecklistStep struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Done   bool       `json:"done"`
	DoneBy string     `json:"done_by,omitempty"`
	DoneAt *time.Time `json:"done_at,omitempty"`
}

func (s *Server) checklist(r *http.Request, inc *store.Incident) ([]ChecklistStep, error) {
	ticks, err := s.cfg.Store.Checklist(r.Context(), inc.ID)
	if err != nil {
		return nil, err
	}
	byStep := map[string]store.Tick{}
	for _, t := range ticks {
		byStep[t.Step] = t
	}
	var out []ChecklistStep
	for _, st := range checklistSteps(s.cfg.Rules[inc.RuleID]) {
		cs := ChecklistStep{ID: st.ID, Title: st.Title}
		if t, ok := byStep[st.ID]; ok {
			at := t.DoneAt
			cs.Done, cs.DoneBy, cs.DoneAt = true, t.DoneBy, &at
		}
		out = append(out, cs)
	}
	return out, nil
}

func (s *Server) apiChecklist(w http.ResponseWriter, r *http.Request, _ *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	inc, err := s.cfg.Store.Incident(r.Context(), id)
	if err != nil {
		return err
	}
	steps, err := s.checklist(r, inc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"steps": steps})
	return nil
}

func (s *Server) apiTick(done bool) apiHandler {
	return func(w http.ResponseWriter, r *http.Request, p *principal) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		inc, err := s.cfg.Store.Incident(r.Context(), id)
		if err != nil {
			return err
		}
		if err := s.tick(r, inc, r.PathValue("step"), p.Name, done); err != nil {
			return err
		}
		steps, err := s.checklist(r, inc)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"steps": steps})
		return nil
	}
}

func (s *Server) tick(r *http.Request, inc *store.Incident, step, actor string, done bool) error {
	known := false
	for _, st := range checklistSteps(s.cfg.Rules[inc.RuleID]) {
		known = known || st.ID == step
	}
	if !known {
		return badRequest("no checklist step %q", step)
	}
	return s.cfg.Store.SetTick(r.Context(), inc.ID, step, actor, done)
}

// apiRevalidate re-runs the live check on the stored encrypted secret.
func (s *Server) apiRevalidate(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.revalidate(r.Context(), id, p.Name, store.AuditEveryCheck)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// revalidate checks the incident's kept secret again and records the
// answer; audit says whether the audit log hears of an unchanged one.
func (s *Server) revalidate(ctx context.Context, id int64, actor string, audit store.ValidityAudit) (*store.ValidityCheck, error) {
	inc, err := s.cfg.Store.Incident(ctx, id)
	if err != nil {
		return nil, err
	}
	rl := s.cfg.Rules[inc.RuleID]
	switch {
	case s.cfg.Validate == nil || s.cfg.Keys.Secret == nil:
		return nil, &apiError{http.StatusConflict, "not_configured", "revalidation needs LEAKHOUND_SECRET_KEY on the server"}
	case rl == nil || rl.Validate == nil:
		return nil, &apiError{http.StatusConflict, "no_check", "rule " + inc.RuleID + " has no live check"}
	}
	var v store.ValidityCheck
	secret, pair, dropped, err := s.storedSecret(ctx, inc)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.code == codeSecretUnreadable:
		// The check cannot run; the incident says so and why, instead
		// of keeping an old answer as if it had been re-checked.
		v = store.ValidityCheck{Status: "unknown", Reason: "not re-checked: " + ae.msg, CheckedAt: time.Now()}
		s.log.Warn("revalidation: stored secret unreadable", "incident", id, "rule", inc.RuleID, "err", ae.msg)
	case err != nil:
		return nil, err
	default:
		v = s.cfg.Validate(ctx, rl, secret, pair)
		if ctx.Err() != nil && v.Status == "unknown" {
			return nil, ctx.Err() // stopped asking, not an answer
		}
		if dropped != "" {
			v.Reason = dropped + "; " + v.Reason
		}
	}
	// An answer the provider gave is kept even when ctx ended meanwhile
	// (the job's timeout, a closed browser).
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := s.cfg.Store.RecordValidity(rctx, id, v, actor, audit); err != nil {
		return nil, err
	}
	return &v, nil
}

// storedSecret decrypts the incident's kept secret and, for a two-part
// credential, its other part ("" when none was kept), for revalidation and
// investigation only.
//
// A secret that does not decrypt marks the copies unreadable and keeps
// them (a restored key reads both). An other part that does not decrypt
// while the secret does is of no use to any key: a report replaced the
// secret under the current key and brought no other part. It is dropped
// (audited), so the incident is checked with the secret alone ("needs its
// other part") until a report brings one, instead of being marked
// unreadable at every re-check; dropped says so, else it is "".
func (s *Server) storedSecret(ctx context.Context, inc *store.Incident) (secret, pair, dropped string, err error) {
	enc, pairEnc, err := s.cfg.Store.EncryptedSecret(ctx, inc.ID)
	if errors.Is(err, store.ErrNotFound) {
		return "", "", "", &apiError{http.StatusConflict, "no_secret", "the secret was not stored (LEAKHOUND_SECRET_KEY was unset when it was reported)"}
	}
	if err != nil {
		return "", "", "", err
	}
	if secret, err = s.cfg.Keys.decrypt(enc, inc.Fingerprint); err != nil {
		return "", "", "", s.unreadable(ctx, inc.ID, err)
	}
	if pairEnc == nil {
		return secret, "", "", nil
	}
	if pair, err = s.cfg.Keys.decryptPair(pairEnc, inc.Fingerprint); err == nil {
		return secret, pair, "", nil
	}
	dropped = "the kept other part was dropped: " + err.Error() + " while the secret does; a report that brings it keeps it again"
	s.log.Warn("dropping an other part that does not decrypt", "incident", inc.ID, "rule", inc.RuleID, "err", err)
	ok, err := s.cfg.Store.DropPair(ctx, inc.ID, pairEnc, "server", dropped)
	if err != nil {
		return "", "", "", err
	}
	if !ok { // a report stored another other part meanwhile: use that
		return s.storedSecret(ctx, inc)
	}
	return secret, "", dropped, nil
}

// unreadable marks the incident's copies as unreadable, so the next
// report of the secret replaces them, and says why they cannot be used.
func (s *Server) unreadable(ctx context.Context, id int64, err error) error {
	if merr := s.cfg.Store.MarkSecretUnreadable(ctx, id); merr != nil {
		return merr
	}
	return unreadableSecret(err)
}

// unreadableSecret is a kept secret (or other part) that does not decrypt:
// LEAKHOUND_SECRET_KEY changed since it was stored, or the row is damaged.
// It is a problem of that incident alone, shown on it; the API answers 409.
func unreadableSecret(err error) *apiError {
	return &apiError{http.StatusConflict, codeSecretUnreadable, err.Error() +
		" (LEAKHOUND_SECRET_KEY changed since it was stored, or the row is damaged; a new report of the secret stores it again)"}
}

const codeSecretUnreadable = "secret_unreadable"

func (s *Server) apiListScans(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	scans, total, err := s.cfg.Store.Scans(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[store.Scan]{scans, total, pg.Limit, pg.Offset})
	return nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	var inc int64
	if v := r.URL.Query().Get("incident"); v != "" {
		if inc, err = strconv.ParseInt(v, 10, 64); err != nil {
			return badRequest("incident must be an id")
		}
	}
	entries, total, err := s.cfg.Store.Audit(r.Context(), inc, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[store.AuditEntry]{entries, total, pg.Limit, pg.Offset})
	return nil
}

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, _ *principal) error {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openapiDoc)
	return nil
}

// sameToken compares secrets in constant time.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// sealedParts are a secret's and its other part's ciphertexts, made once
// per report.
type sealedParts struct{ secret, pair []byte }
