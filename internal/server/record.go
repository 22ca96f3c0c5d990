package server

import (
	"context"
	"fmt"

	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/store"
)

// Record stores what a queue worker found, exactly as if the worker had
// sent it through POST /api/v1/scans: keyed fingerprints, previews,
// notifications. The job's report id makes a retried job a no-op.
func (s *Server) Record(ctx context.Context, res jobs.Result) error {
	rep := &ScanReport{ReportID: res.ReportID, Tool: "leakhound", Version: s.cfg.Version, Complete: true,
		Source: SourceIdentity{Kind: res.Source, Repository: res.Repository, Ref: res.Ref, Commit: res.Commit, CommitRange: res.CommitRange}}
	if res.WebURL != "" {
		rep.Source.Repository = res.WebURL
	}
	for _, f := range res.Findings {
		rep.Findings = append(rep.Findings, ReportedFinding{
			RuleID: f.RuleID, RuleName: f.RuleName, Provider: f.Provider, Severity: f.Severity, Path: f.Path, Line: f.Line,
			Column: f.Column, Commit: f.Commit, Author: f.Author, Email: f.Email, Date: f.Date, Secret: f.RawSecret,
		})
	}
	st, err := s.toStoreReport(rep, &principal{Name: "worker:" + res.Platform, Role: store.RoleMember})
	if err != nil {
		return fmt.Errorf("recording %s: %w", res.ReportID, err)
	}
	ingested, err := s.cfg.Store.Ingest(ctx, st)
	if err != nil {
		return err
	}
	s.notify(ingested)
	return nil
}
