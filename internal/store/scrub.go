package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/leakhound/leakhound/internal/redact"
)

// stripStoredCredentials rewrites every stored address that holds a
// user:pass@ (migration 0005). An occurrence whose bare address is already
// recorded for the same place is the same place: the copy with the
// password goes.
func stripStoredCredentials(ctx context.Context, s *db, tx *sql.Tx) error {
	for _, col := range []struct{ table, column string }{
		{"scans", "repository"}, {"scans", "ci_run"}, {"occurrences", "repository"}, {"occurrences", "ci_run"},
	} {
		dirty, err := withCredentials(ctx, tx, col.table, col.column)
		if err != nil {
			return err
		}
		for _, v := range dirty {
			clean := redact.URL(v)
			if col.table == "occurrences" && col.column == "repository" {
				if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM occurrences WHERE repository = ? AND EXISTS (SELECT 1 FROM occurrences o
					WHERE o.incident_id = occurrences.incident_id AND o.source = occurrences.source AND o.repository = ? AND o.ref = occurrences.ref
					AND o.commit_sha = occurrences.commit_sha AND o.path = occurrences.path AND o.line = occurrences.line
					AND o.image = occurrences.image AND o.layer = occurrences.layer)`), v, clean); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE `+col.table+` SET `+col.column+` = ? WHERE `+col.column+` = ?`), clean, v); err != nil {
				return err
			}
			// Audit entries name the place a secret was first seen.
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE audit_log SET detail = REPLACE(detail, ?, ?) WHERE detail LIKE ? ESCAPE '\'`),
				v, clean, "%"+strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(v)+"%"); err != nil {
				return err
			}
		}
	}
	return nil
}

// withCredentials lists the distinct values of a column that redact.URL
// would change.
func withCredentials(ctx context.Context, tx *sql.Tx, table, column string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT `+column+` FROM `+table+` WHERE `+column+` LIKE '%@%'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		if redact.URL(v) != v {
			out = append(out, v)
		}
	}
	return out, rows.Err()
}
