package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// TokenPrefix starts every API token, so a leaked one is recognisable (and
// leakhound's own generic rules can find it).
const TokenPrefix = "lhk_"

// randomToken returns prefix + 32 random bytes in URL-safe base64.
func randomToken(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is SHA-256: tokens are 256 random bits, so a slow hash adds
// nothing and a fast one keeps every API call cheap.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *db) CreateToken(ctx context.Context, name, role, actor string) (string, *Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, fmt.Errorf("%w: a token needs a name", ErrInvalid)
	}
	if err := checkLength("token name", name, MaxNameLength); err != nil {
		return "", nil, err
	}
	if !ValidRole(role) {
		return "", nil, fmt.Errorf("%w: role %q (want one of %s)", ErrInvalid, role, strings.Join(Roles, ", "))
	}
	plain, err := randomToken(TokenPrefix)
	if err != nil {
		return "", nil, err
	}
	now := time.Now()
	tok := &Token{Name: name, Role: role, CreatedAt: now.UTC().Truncate(time.Microsecond)}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO api_tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			name, role, hashToken(plain), ts(now)).Scan(&tok.ID); err != nil {
			return err
		}
		return addAudit(ctx, s, tx, AuditEntry{At: now, Actor: actor, Action: "token_created", Detail: fmt.Sprintf("%s (%s)", name, role)})
	})
	if err != nil {
		return "", nil, err
	}
	return plain, tok, nil
}

func (s *db) Tokens(ctx context.Context) ([]Token, error) {
	rows, err := s.sql.QueryContext(ctx, `SELECT id, name, role, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var created, used, revoked string
		if err := rows.Scan(&t.ID, &t.Name, &t.Role, &created, &used, &revoked); err != nil {
			return nil, err
		}
		t.CreatedAt, t.LastUsedAt, t.Revoked = parseTS(created), parseTSPtr(used), revoked != ""
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *db) RevokeToken(ctx context.Context, id int64, actor string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		now := time.Now()
		r, err := tx.ExecContext(ctx, s.q(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = ''`), ts(now), id)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = ErrNotFound
			}
			return err
		}
		return addAudit(ctx, s, tx, AuditEntry{At: now, Actor: actor, Action: "token_revoked", Detail: fmt.Sprintf("token %d", id)})
	})
}

func (s *db) TokenFor(ctx context.Context, plaintext string) (*Token, error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) {
		return nil, ErrNotFound
	}
	var t Token
	var created, used string
	err := s.sql.QueryRowContext(ctx, s.q(`SELECT id, name, role, created_at, last_used_at FROM api_tokens
		WHERE hash = ? AND revoked_at = ''`), hashToken(plaintext)).Scan(&t.ID, &t.Name, &t.Role, &created, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t.CreatedAt, t.LastUsedAt = parseTS(created), parseTSPtr(used)
	// last_used_at is a hint for cleaning up tokens, so it is written at
	// most once a minute per token rather than on every call.
	now := time.Now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, s.q(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), ts(now), t.ID)
			return err
		}); err != nil {
			return nil, err
		}
	}
	return &t, nil
}

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword checks a password against a HashPassword string, with
// the parameters the hash was made with.
func VerifyPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MinPasswordLength is enforced when a user is created.
const MinPasswordLength = 12

func (s *db) CreateUser(ctx context.Context, name, role, password, actor string) (*User, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, fmt.Errorf("%w: a user needs a name", ErrInvalid)
	}
	if err := checkLength("user name", name, MaxNameLength); err != nil {
		return nil, err
	}
	if !ValidRole(role) {
		return nil, fmt.Errorf("%w: role %q (want one of %s)", ErrInvalid, role, strings.Join(Roles, ", "))
	}
	if len(password) < MinPasswordLength {
		return nil, fmt.Errorf("%w: the password must have at least %d characters", ErrInvalid, MinPasswordLength)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	u := &User{Name: name, Role: role, CreatedAt: now.UTC().Truncate(time.Microsecond)}
	err = s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM users WHERE name = ?`), name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: user %q already exists", ErrInvalid, name)
		}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			name, role, hash, ts(now)).Scan(&u.ID); err != nil {
			return err
		}
		return addAudit(ctx, s, tx, AuditEntry{At: now, Actor: actor, Action: "user_created", Detail: fmt.Sprintf("%s (%s)", name, role)})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func (s *db) Users(ctx context.Context) ([]User, error) {
	rows, err := s.sql.QueryContext(ctx, `SELECT id, name, role, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		var u User
		var at string
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &at); err != nil {
			return nil, err
		}
		u.CreatedAt = parseTS(at)
		out = append(out, u)
	}
	return out, rows.Err()
}

// dummyHash is verified against when the user does not exist, so a wrong
// name takes as long as a wrong password and names cannot be probed. It is
// the hash of a throwaway string, fixed so no start-up pays for hashing.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$HgDft7izWNc49JigIO7VgA$aOQwd5K03M3W99OuyTf0kte+j5+uYQpYkwxLPRSif0g"

func (s *db) CheckPassword(ctx context.Context, name, password string) (*User, error) {
	var u User
	var hash, at string
	err := s.sql.QueryRowContext(ctx, s.q(`SELECT id, name, role, password_hash, created_at FROM users WHERE name = ?`), name).
		Scan(&u.ID, &u.Name, &u.Role, &hash, &at)
	if errors.Is(err, sql.ErrNoRows) {
		VerifyPassword(dummyHash, password)
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !VerifyPassword(hash, password) {
		return nil, ErrNotFound
	}
	u.CreatedAt = parseTS(at)
	return &u, nil
}

// CreateSession stores only the hash of the session token, like API
// tokens: a copy of the database does not let anyone sign in.
func (s *db) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, string, error) {
	token, err := randomToken("")
	if err != nil {
		return "", "", err
	}
	csrf, err := randomToken("")
	if err != nil {
		return "", "", err
	}
	now := time.Now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE expires_at < ?`), ts(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO sessions (hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)`),
			hashToken(token), userID, csrf, ts(now.Add(ttl)))
		return err
	})
	if err != nil {
		return "", "", err
	}
	return token, csrf, nil
}

func (s *db) Session(ctx context.Context, token string) (*Session, error) {
	var sess Session
	var exp, at string
	err := s.sql.QueryRowContext(ctx, s.q(`SELECT u.id, u.name, u.role, u.created_at, s.csrf, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?`), hashToken(token)).
		Scan(&sess.User.ID, &sess.User.Name, &sess.User.Role, &at, &sess.CSRF, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	sess.User.CreatedAt, sess.ExpiresAt = parseTS(at), parseTS(exp)
	if time.Now().After(sess.ExpiresAt) {
		return nil, ErrNotFound
	}
	return &sess, nil
}

func (s *db) DeleteSession(ctx context.Context, token string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE hash = ?`), hashToken(token))
		return err
	})
}
