package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/store"
)

// Record stores what a queue worker found, exactly as if the worker had
// sent it through POST /api/v1/scans: keyed fingerprints, previews,
// notifications, and batches of MaxBatchFindings for a large history. The
// job's report id makes a retried job a no-op, batch by batch.
func (s *Server) Record(ctx context.Context, res jobs.Result) error {
	rep := &ScanReport{ReportID: boundedReportID(res.ReportID), Tool: "leakhound", Version: s.cfg.Version, Complete: true,
		Source: SourceIdentity{Kind: res.Source, Repository: res.Repository, Ref: res.Ref, Commit: res.Commit, CommitRange: res.CommitRange}}
	if res.WebURL != "" {
		rep.Source.Repository = res.WebURL
	}
	all := Reported(res.Findings)
	batches := max(1, (len(all)+MaxBatchFindings-1)/MaxBatchFindings)
	who := &principal{Name: "worker:" + res.Platform, Role: store.RoleMember}
	for b := range batches {
		rep.Findings = all[b*MaxBatchFindings : min(len(all), (b+1)*MaxBatchFindings)]
		if batches > 1 {
			rep.Batch, rep.Batches = b+1, batches
		}
		st, err := s.toStoreReport(rep, who)
		if err != nil {
			return fmt.Errorf("recording %s: %w", rep.ReportID, err)
		}
		ingested, err := s.cfg.Store.Ingest(ctx, st)
		if err != nil {
			return err
		}
		s.notify(ctx, ingested)
	}
	return nil
}

// boundedReportID keeps a job's report id within the API's 100
// characters: a long clone URL or ref is replaced by its hash, which is as
// stable across retries as the id itself.
func boundedReportID(id string) string {
	if len(id) <= maxReportID {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "job:" + hex.EncodeToString(sum[:])
}

// RevalidateOpen re-checks every open incident whose secret is kept
// (LEAKHOUND_SECRET_KEY) and whose rule has a live check; the periodic
// revalidate job runs it. Incidents without either are skipped. One
// incident's failure never stops the others: a secret that no longer
// decrypts is recorded on its incident (revalidate), and any other
// failure is logged with the incident's id and returned, joined, after
// every incident had its turn.
func (s *Server) RevalidateOpen(ctx context.Context) error {
	if s.cfg.Validate == nil || s.cfg.Keys.Secret == nil {
		return nil
	}
	type due struct {
		id      int64
		checked time.Time // zero: never
	}
	var todo []due
	for offset := 0; ; offset += 200 {
		incs, total, err := s.cfg.Store.ListIncidents(ctx, store.IncidentFilter{Status: "open", Page: store.Page{Limit: 200, Offset: offset}})
		if err != nil {
			return err
		}
		for _, inc := range incs {
			if r := s.cfg.Rules[inc.RuleID]; r != nil && r.Validate != nil {
				d := due{id: inc.ID}
				if inc.ValidityCheckedAt != nil {
					d.checked = *inc.ValidityCheckedAt
				}
				todo = append(todo, d)
			}
		}
		if offset+len(incs) >= total || len(incs) == 0 {
			break
		}
	}
	// Least recently checked first: a run cut short (the job's timeout, a
	// restart) leaves the incidents it reached checked, and the next run
	// starts with the others instead of the same ones again.
	slices.SortStableFunc(todo, func(a, b due) int { return a.checked.Compare(b.checked) })
	var failed []error
	for _, d := range todo {
		id := d.id
		if ctx.Err() != nil {
			return ctx.Err() // stopping: the next run checks them all again
		}
		_, err := s.revalidate(ctx, id, "revalidate job", store.AuditStatusChange)
		var ae *apiError
		switch {
		case err == nil, errors.Is(err, store.ErrNotFound):
			// checked, or deleted since it was listed
		case errors.As(err, &ae):
			// nothing stored for this one, or no check for its rule
		default:
			s.log.Error("revalidation failed", "incident", id, "err", err)
			failed = append(failed, fmt.Errorf("incident %d: %w", id, err))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("revalidation: %d of %d incidents failed: %w", len(failed), len(todo), errors.Join(failed...))
	}
	return nil
}
