package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/leakhound/leakhound/internal/finding"
)

var csvHeader = []string{"rule_id", "rule_name", "provider", "severity", "path", "line", "column", "commit", "author", "email", "date", "encoding", "fingerprint", "preview", "secret", "validity", "validity_reason", "confidence", "key", "note"}

func writeCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, f := range finding.Flatten(r.Findings) { // a row per place
		date := ""
		if !f.Date.IsZero() {
			date = f.Date.Format(time.RFC3339)
		}
		row := []string{f.RuleID, f.RuleName, f.Provider, f.Severity, f.Path, strconv.Itoa(f.Line), strconv.Itoa(f.Column),
			f.Commit, f.Author, f.Email, date, f.Encoding, f.Fingerprint, f.Preview, f.Secret, f.Validity, f.ValidityReason, f.Confidence, f.Key, f.Note}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
