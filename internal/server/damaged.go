package server

import (
	"context"
	"log/slog"

	"github.com/leakhound/leakhound/internal/store"
)

// damageLog tells the operator, by incident id, which incidents hold a
// field the store could not read (their tags), wherever incidents are
// read: the incident is still shown, the stored value is kept, and the
// log names the row to mend. It never logs the value itself.
type damageLog struct {
	store.Store
	log *slog.Logger
}

func (d damageLog) ListIncidents(ctx context.Context, f store.IncidentFilter) ([]store.Incident, int, error) {
	incs, total, err := d.Store.ListIncidents(ctx, f)
	for i := range incs {
		d.note(&incs[i])
	}
	return incs, total, err
}

func (d damageLog) Incident(ctx context.Context, id int64) (*store.Incident, error) {
	inc, err := d.Store.Incident(ctx, id)
	if inc != nil {
		d.note(inc)
	}
	return inc, err
}

func (d damageLog) note(inc *store.Incident) {
	if inc.TagsUnreadable {
		d.log.Warn("incident has unreadable tags (not a JSON list); kept as stored until someone sets its tags", "incident", inc.ID)
	}
}
