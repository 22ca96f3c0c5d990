package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Investigation is the result of investigating an incident's stored
// secret with its provider (internal/investigate): what the provider said
// about the key's identity, reach and activity since the leak. It never
// holds the secret.
type Investigation struct {
	ID         int64     `json:"id"`
	IncidentID int64     `json:"incident_id"`
	Actor      string    `json:"actor"`
	RanAt      time.Time `json:"ran_at"`
	Since      time.Time `json:"since"`
	// Flagged says the activity held something outside the usual pattern.
	Flagged bool   `json:"flagged"`
	Summary string `json:"summary"`
	// Text is the report as the CLI prints it; Report the same as JSON.
	Text   string          `json:"text"`
	Report json.RawMessage `json:"report"`
}

func (s *db) RecordInvestigation(ctx context.Context, id int64, inv Investigation, actor string) error {
	if !json.Valid(inv.Report) {
		return errors.New("investigation report is not JSON")
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO investigations (incident_id, actor, ran_at, since, flagged, summary, report_text, report_json)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), id, actor, ts(inv.RanAt), ts(inv.Since), boolInt(inv.Flagged), inv.Summary, inv.Text, string(inv.Report)); err != nil {
			return err
		}
		return addAudit(ctx, s, tx, AuditEntry{At: inv.RanAt, Actor: actor, IncidentID: id, Action: "investigation",
			Detail: fmt.Sprintf("since %s: %s", inv.Since.UTC().Format("2006-01-02"), inv.Summary)})
	})
}

func (s *db) LatestInvestigation(ctx context.Context, id int64) (*Investigation, error) {
	inv := Investigation{IncidentID: id}
	var ranAt, since, report string
	var flagged int
	err := s.sql.QueryRowContext(ctx, s.q(`SELECT id, actor, ran_at, since, flagged, summary, report_text, report_json FROM investigations
		WHERE incident_id = ? ORDER BY ran_at DESC, id DESC LIMIT 1`), id).Scan(&inv.ID, &inv.Actor, &ranAt, &since, &flagged, &inv.Summary, &inv.Text, &report)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	inv.RanAt, inv.Since, inv.Flagged, inv.Report = parseTS(ranAt), parseTS(since), flagged == 1, json.RawMessage(report)
	return &inv, nil
}
