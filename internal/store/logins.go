package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// LoginLimit allows Max attempts for Key in a window.
type LoginLimit struct {
	Key string
	Max int
}

// LoginReservation is the answer of ReserveLogin: the attempts it
// recorded, or, when a limit was full, which one and when it frees up.
type LoginReservation struct {
	IDs        []int64
	Refused    string        // the key whose limit is full; "" when reserved
	RetryAfter time.Duration // until the oldest attempt in the way leaves the window
}

func (s *db) ReserveLogin(ctx context.Context, at time.Time, window time.Duration, limits ...LoginLimit) (*LoginReservation, error) {
	// Keys are locked in one order, so two reservations sharing keys
	// cannot deadlock.
	limits = slices.Clone(limits)
	slices.SortFunc(limits, func(a, b LoginLimit) int { return strings.Compare(a.Key, b.Key) })
	cut := ts(at.Add(-window))
	res := &LoginReservation{}
	err := s.write(ctx, func(tx *sql.Tx) error {
		*res = LoginReservation{}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM login_attempts WHERE at <= ?`), cut); err != nil {
			return err
		}
		for _, l := range limits {
			if s.d.keyLock != "" {
				if _, err := tx.ExecContext(ctx, s.q(s.d.keyLock), l.Key); err != nil {
					return err
				}
			}
			var n int
			var oldest sql.NullString
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*), MIN(at) FROM login_attempts WHERE key = ? AND at > ?`), l.Key, cut).
				Scan(&n, &oldest); err != nil {
				return err
			}
			if n >= l.Max {
				wait := parseTS(oldest.String).Add(window).Sub(at)
				if res.Refused == "" || wait > res.RetryAfter {
					res.Refused, res.RetryAfter = l.Key, max(wait, time.Second)
				}
			}
		}
		if res.Refused != "" {
			return nil
		}
		for _, l := range limits {
			var id int64
			if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO login_attempts (key, at) VALUES (?, ?) RETURNING id`), l.Key, ts(at)).Scan(&id); err != nil {
				return err
			}
			res.IDs = append(res.IDs, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sign-in limits: %w", err)
	}
	return res, nil
}

func (s *db) ForgetLogin(ctx context.Context, ids []int64, keys ...string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM login_attempts WHERE id = ?`), id); err != nil {
				return err
			}
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM login_attempts WHERE key = ?`), k); err != nil {
				return err
			}
		}
		return nil
	})
}
