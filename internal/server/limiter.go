package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/store"
)

// hashGate bounds the password hashes running at once: each argon2id
// hash holds 19 MiB, so a burst of sign-ins must queue rather than take
// the server's memory. It lives in the Server, so tests get a fresh one.
type hashGate struct {
	slots chan struct{}
	wait  time.Duration
}

func newHashGate(n int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, n), wait: wait}
}

// enter waits up to the gate's wait for a slot; false means the caller
// should answer 503 and try later.
func (g *hashGate) enter(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (g *hashGate) leave() { <-g.slots }

// loginLimits are the per-user and per-address limits of one sign-in.
// They differ: a name is locked after a few failures, an address only
// after many, so the failures of one user (or one attacker) behind a
// shared proxy do not lock everyone else behind it out.
func (s *Server) loginLimits(name, ip string) (user, addr store.LoginLimit) {
	key := strings.ToLower(name)
	if len(key) > store.MaxNameLength {
		// No user has such a name; the key stays small all the same.
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	return store.LoginLimit{Key: "user:" + key, Max: s.cfg.LoginAttempts},
		store.LoginLimit{Key: "ip:" + ip, Max: s.cfg.LoginAttemptsPerAddress}
}
