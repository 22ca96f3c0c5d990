package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/investigate"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/validate"
)

// Investigator asks the provider about a stored secret, with its stored
// other part for a two-part credential (internal/investigate in
// production): identity, reach and activity since the leak date. An error
// is the provider's refusal ("key is not valid") or a failure to ask.
type Investigator func(ctx context.Context, r *rule.Rule, secret, pair string, since time.Time) (store.Investigation, error)

// NewValidator runs the checker's live check for the server, asking the
// provider each time: a re-check days later must not be the first answer
// again.
func NewValidator(checker *validate.Checker) Validator {
	return func(ctx context.Context, r *rule.Rule, secret, pair string) store.ValidityCheck {
		res := checker.Recheck(ctx, r, secret, pair)
		return store.ValidityCheck{Status: string(res.Status), Reason: res.Reason, CheckedAt: res.CheckedAt}
	}
}

// NewInvestigator runs internal/investigate for the server: the stored
// secret and its other part (without one, a two-part credential's
// investigation says it needs it), the incident's leak date, a 30-day
// baseline, and the report kept as text and JSON.
func NewInvestigator(checker *validate.Checker) Investigator {
	return func(ctx context.Context, r *rule.Rule, secret, pair string, since time.Time) (store.Investigation, error) {
		rep, err := investigate.Run(ctx, r, secret, pair, investigate.Options{Checker: checker, Since: since, Baseline: 30 * 24 * time.Hour})
		if err != nil {
			return store.Investigation{}, err
		}
		var text, js bytes.Buffer
		if err := investigate.Write(&text, rep, "text"); err != nil {
			return store.Investigation{}, err
		}
		if err := investigate.Write(&js, rep, "json"); err != nil {
			return store.Investigation{}, err
		}
		hidden, err := hideParts(js.Bytes(), secret, pair)
		if err != nil {
			return store.Investigation{}, err
		}
		return store.Investigation{RanAt: rep.At, Since: rep.Since, Flagged: rep.Flagged(), Summary: hideInText(rep.Summary(), secret, pair),
			Text: hideInText(text.String(), secret, pair), Report: hidden}, nil
	}
}

// hideInText replaces each part of the credential by its preview: a
// report names what the provider said, and AWS's identity holds the access
// key id, which the server shows no more than the secret.
func hideInText(s string, parts ...string) string {
	for _, p := range parts {
		if p != "" {
			s = strings.ReplaceAll(s, p, finding.Preview(p))
		}
	}
	return s
}

// hideParts is hideInText on every string of a JSON document.
func hideParts(doc []byte, parts ...string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			return hideInText(x, parts...)
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = walk(x[k])
			}
		}
		return v
	}
	return json.MarshalIndent(walk(v), "", "  ")
}

// canInvestigate says whether the server may investigate this incident.
func (s *Server) canInvestigate(inc *store.Incident) bool {
	rl := s.cfg.Rules[inc.RuleID]
	return inc.SecretStored && s.cfg.Investigate != nil && s.cfg.Keys.Secret != nil && rl != nil && rl.Investigation != nil
}

// investigate runs an investigation on the incident's stored secret from
// the date it leaked (its first commit, else when the server first saw
// it) and keeps the result with the incident; the audit log records who
// ran it. A refusal by the provider is a result too.
func (s *Server) investigate(ctx context.Context, id int64, actor string) (*store.Investigation, error) {
	inc, err := s.cfg.Store.Incident(ctx, id)
	if err != nil {
		return nil, err
	}
	rl := s.cfg.Rules[inc.RuleID]
	switch {
	case s.cfg.Investigate == nil || s.cfg.Keys.Secret == nil:
		return nil, &apiError{http.StatusConflict, "not_configured", "investigation needs LEAKHOUND_SECRET_KEY on the server"}
	case rl == nil || rl.Investigation == nil:
		return nil, &apiError{http.StatusConflict, "no_investigation", "rule " + inc.RuleID + " has no investigation"}
	}
	secret, pair, _, err := s.storedSecret(ctx, inc)
	if err != nil {
		return nil, err
	}
	since, err := s.leakDate(ctx, inc)
	if err != nil {
		return nil, err
	}
	inv, err := s.cfg.Investigate(ctx, rl, secret, pair, since)
	if err != nil {
		msg := err.Error()
		report, _ := json.Marshal(map[string]string{"error": msg}) // a map of strings always encodes
		inv = store.Investigation{Since: since, Summary: msg, Text: msg + "\n", Report: report}
	}
	if inv.RanAt.IsZero() {
		inv.RanAt = time.Now()
	}
	if err := s.cfg.Store.RecordInvestigation(ctx, id, inv, actor); err != nil {
		return nil, err
	}
	inv.IncidentID, inv.Actor = id, actor
	return &inv, nil
}

// leakDate is the oldest commit date among the incident's occurrences, or
// when the server first saw it.
func (s *Server) leakDate(ctx context.Context, inc *store.Incident) (time.Time, error) {
	since := inc.FirstSeen
	for off := 0; ; off += 500 {
		occ, total, err := s.cfg.Store.Occurrences(ctx, inc.ID, store.Page{Limit: 500, Offset: off})
		if err != nil {
			return time.Time{}, err
		}
		for _, o := range occ {
			if o.CommitDate != nil && !o.CommitDate.IsZero() && o.CommitDate.Before(since) {
				since = *o.CommitDate
			}
		}
		if len(occ) == 0 || off+len(occ) >= total {
			return since, nil
		}
	}
}

func (s *Server) apiInvestigate(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	inv, err := s.investigate(r.Context(), id, p.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inv)
	return nil
}

func (s *Server) apiGetInvestigation(w http.ResponseWriter, r *http.Request, _ *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	inv, err := s.cfg.Store.LatestInvestigation(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return &apiError{http.StatusNotFound, "not_found", "this incident has not been investigated"}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inv)
	return nil
}

func (s *Server) investigateSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	inv, err := s.investigate(r.Context(), id, p.Name)
	if err != nil {
		return err
	}
	backTo(w, r, id, "Investigated: "+inv.Summary, "#investigation")
	return nil
}
