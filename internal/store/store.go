// Package store keeps the incident server's data: incidents (one per leaked
// secret), the places each was seen, scans, API tokens, users, sessions,
// the remediation checklist and the audit log. One implementation serves
// SQLite and PostgreSQL: the SQL is shared and a small dialect covers the
// differences (placeholders, key and byte types, how writers are ordered).
//
// The store never sees a secret: callers hand it the keyed fingerprint,
// the redacted preview and, when enabled, the secret already encrypted.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Statuses of an incident. A resolved incident carries a Resolution.
const (
	StatusTriggered = "triggered"
	StatusAssigned  = "assigned"
	StatusResolved  = "resolved"
	StatusIgnored   = "ignored"

	ResolutionRevoked        = "revoked"
	ResolutionFalsePositive  = "false_positive"
	ResolutionTestCredential = "test_credential"
)

// Roles of tokens and users, from most to least powerful.
const (
	RoleAdmin  = "admin"
	RoleMember = "member"
	RoleViewer = "viewer"
)

// Statuses, Resolutions and Roles list the valid values, for checks and
// for the API description.
var (
	Statuses    = []string{StatusTriggered, StatusAssigned, StatusResolved, StatusIgnored}
	Resolutions = []string{ResolutionRevoked, ResolutionFalsePositive, ResolutionTestCredential}
	Roles       = []string{RoleAdmin, RoleMember, RoleViewer}
)

// ErrNotFound is returned when a row asked for by id or name is missing.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a request contradicts what is recorded: a
// batch re-sent under a known number with other content, or a report id
// reused for another source. The API turns it into 409.
var ErrConflict = errors.New("conflict")

// ErrInvalid wraps errors in what the caller asked for (a bad status, an
// unknown role): the API turns it into 400, not 500.
var ErrInvalid = errors.New("invalid")

// Store is what the server needs from a database.
type Store interface {
	// Ingest records one scan report, or one batch of it, in one
	// transaction.
	Ingest(ctx context.Context, r *Report) (*IngestResult, error)
	// ScanByReport finds the scan recorded under a report id, with the
	// numbers of the batches it still lacks (at most MaxMissingListed).
	ScanByReport(ctx context.Context, reportID string) (*Scan, []int, error)

	ListIncidents(ctx context.Context, f IncidentFilter) ([]Incident, int, error)
	Incident(ctx context.Context, id int64) (*Incident, error)
	UpdateIncident(ctx context.Context, id int64, u IncidentUpdate, actor string) (*Incident, error)
	Occurrences(ctx context.Context, incidentID int64, p Page) ([]Occurrence, int, error)
	ValidityHistory(ctx context.Context, incidentID int64) ([]ValidityCheck, error)
	// EncryptedSecret returns the AES-GCM ciphertexts kept for
	// revalidation: the secret, or ErrNotFound, and its other part (nil
	// when none was kept). They are for validity checks and
	// investigations only, never for the API.
	EncryptedSecret(ctx context.Context, incidentID int64) (secret, pair []byte, err error)
	// MarkSecretUnreadable notes that the kept copies do not decrypt
	// with the server's key: they stay, and the next report that brings
	// the secret replaces them.
	MarkSecretUnreadable(ctx context.Context, incidentID int64) error
	// DropPair deletes the kept other part when it is still pairEnc (a
	// report may have stored a new one meanwhile) and audits why; it
	// reports whether it did. For a pair that no longer decrypts while
	// the secret does: no key reads both, so it can never be used.
	DropPair(ctx context.Context, incidentID int64, pairEnc []byte, actor, why string) (bool, error)
	// RecordInvestigation keeps an investigation's result with the
	// incident and records who ran it in the audit log.
	RecordInvestigation(ctx context.Context, incidentID int64, inv Investigation, actor string) error
	// LatestInvestigation is the incident's newest investigation, or
	// ErrNotFound.
	LatestInvestigation(ctx context.Context, incidentID int64) (*Investigation, error)
	// RecordValidity keeps a check's answer as history and, when it is
	// the newest, on the incident (with when it was checked); audit says
	// when the audit log hears of it.
	RecordValidity(ctx context.Context, incidentID int64, v ValidityCheck, actor string, audit ValidityAudit) error
	OpenByProvider(ctx context.Context) ([]Count, error)
	// OpenByValidity counts open incidents by their last validity check
	// (NotChecked when none).
	OpenByValidity(ctx context.Context) ([]Count, error)
	// OpenOverTime counts the incidents that were open at each instant.
	OpenOverTime(ctx context.Context, at []time.Time) ([]Count, error)

	Checklist(ctx context.Context, incidentID int64) ([]Tick, error)
	SetTick(ctx context.Context, incidentID int64, step, actor string, done bool) error

	Scans(ctx context.Context, p Page) ([]Scan, int, error)
	Audit(ctx context.Context, incidentID int64, p Page) ([]AuditEntry, int, error)
	AddAudit(ctx context.Context, e AuditEntry) error

	// CreateToken returns the token in plain text, the only time it exists.
	CreateToken(ctx context.Context, name, role, actor string) (string, *Token, error)
	Tokens(ctx context.Context) ([]Token, error)
	RevokeToken(ctx context.Context, id int64, actor string) error
	// TokenFor finds the live token whose hash matches, or ErrNotFound.
	TokenFor(ctx context.Context, plaintext string) (*Token, error)

	CreateUser(ctx context.Context, name, role, password, actor string) (*User, error)
	Users(ctx context.Context) ([]User, error)
	// CheckPassword returns the user, or ErrNotFound for a wrong name or
	// password alike.
	CheckPassword(ctx context.Context, name, password string) (*User, error)
	// ReserveLogin records a sign-in attempt at time at under every limit,
	// in one transaction and before the password is checked, when each has
	// room in the window; when one is full it records nothing and says
	// which, and when it frees up. Parallel attempts cannot overrun it.
	ReserveLogin(ctx context.Context, at time.Time, window time.Duration, limits ...LoginLimit) (*LoginReservation, error)
	// ForgetLogin deletes attempts: a reservation's ids (the attempt was
	// not a failure), and every attempt of keys (a user signed in).
	ForgetLogin(ctx context.Context, ids []int64, keys ...string) error
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (token, csrf string, err error)
	Session(ctx context.Context, token string) (*Session, error)
	DeleteSession(ctx context.Context, token string) error

	// Migrations lists the schema versions applied, oldest first.
	Migrations(ctx context.Context) ([]Migration, error)
	Close() error
}

// Report is one scan as the server hands it to the store, or one batch of
// it: a large scan is sent in Batches parts under one ReportID, each part
// recorded once, in any order, all adding to one scan.
type Report struct {
	ReportID    string // chosen by the client; a report sent twice is recorded once
	Batch       int    // from 1; 0 means the whole report in one part
	Batches     int
	Source      string // git, dir, stdin, image, ci ...
	Repository  string
	Ref         string
	Commit      string
	CommitRange string
	CIRun       string
	Image       string
	ToolVersion string
	Complete    bool
	TokenName   string
	ReceivedAt  time.Time
	Items       []Item
}

// Item is one finding, without its secret.
type Item struct {
	KeyFP     string // HMAC-SHA256 of the secret under the server key
	SecretEnc []byte // nil unless secret storage is enabled
	// PairEnc is the encrypted other part of a two-part credential; nil
	// when there is none or secret storage is off.
	PairEnc  []byte
	RuleID   string
	RuleName string
	Provider string
	Severity string
	Preview  string

	Path       string
	Line       int
	Column     int
	Commit     string
	Author     string
	Email      string
	CommitDate time.Time
	Layer      string // layer digest, or its index when there is none

	Validity       string
	ValidityReason string
	ValidatedAt    time.Time
}

// IngestResult tells what a report changed.
type IngestResult struct {
	ScanID    int64
	Duplicate bool // the report id was seen before; nothing changed
	Findings  int
	Incidents int // distinct secrets in the report
	// NewIncidents and Regressions are ids, in fingerprint order, for
	// notifications: a report of many new secrets would make whole
	// incidents a large answer.
	NewIncidents []int64
	Regressions  []int64
	// Scan is the scan after this batch: totals of every batch so far.
	Scan Scan
}

// MaxBatches bounds the parts of one report; MaxMissingListed bounds the
// missing batch numbers ScanByReport returns at once.
const (
	MaxBatches       = 10000
	MaxMissingListed = 1000
)

// Incident is one leaked secret.
type Incident struct {
	ID          int64    `json:"id"`
	Fingerprint string   `json:"fingerprint"` // keyed: useless without the server key
	RuleID      string   `json:"rule_id"`
	RuleName    string   `json:"rule_name"`
	Provider    string   `json:"provider"`
	Severity    string   `json:"severity"`
	Preview     string   `json:"preview"`
	Status      string   `json:"status"`
	Resolution  string   `json:"resolution,omitempty"`
	Assignee    string   `json:"assignee"`
	Notes       string   `json:"notes"`
	Tags        []string `json:"tags"`
	// TagsUnreadable says the stored tags are damaged (not a JSON list):
	// Tags is empty, and the stored value is kept until an edit sets tags.
	TagsUnreadable    bool       `json:"tags_unreadable,omitempty"`
	Validity          string     `json:"validity,omitempty"`
	ValidityReason    string     `json:"validity_reason,omitempty"`
	ValidityCheckedAt *time.Time `json:"validity_checked_at,omitempty"`
	FirstSeen         time.Time  `json:"first_seen"`
	LastSeen          time.Time  `json:"last_seen"`
	ResolvedAt        *time.Time `json:"resolved_at,omitempty"`
	UpdatedAt         time.Time  `json:"updated_at"`
	Occurrences       int        `json:"occurrences"`
	// SecretStored says an encrypted copy exists for revalidation; the copy
	// itself is never part of an Incident.
	SecretStored bool `json:"secret_stored"`
	// PairStored says the other part of a two-part credential is kept
	// too (encrypted, never returned).
	PairStored bool `json:"pair_stored"`
}

// Open reports whether the incident still needs work.
func (i *Incident) Open() bool {
	return i.Status == StatusTriggered || i.Status == StatusAssigned
}

// IncidentFilter selects incidents; empty fields match everything.
type IncidentFilter struct {
	Status   string // a status, or "open" for triggered and assigned
	Provider string
	Severity string
	Validity string
	Source   string // an occurrence's source kind
	Query    string // substring of rule, provider, preview, assignee, notes, tags, path or repository
	Page
}

// Page is a window of a list.
type Page struct {
	Limit  int
	Offset int
}

// IncidentUpdate changes an incident; nil fields are left alone.
type IncidentUpdate struct {
	Status     *string
	Resolution *string
	Assignee   *string
	Notes      *string
	Tags       *[]string
}

// Occurrence is one place a secret was seen: the inventory of what breaks
// when it is revoked.
type Occurrence struct {
	ID          int64      `json:"id"`
	IncidentID  int64      `json:"incident_id"`
	Source      string     `json:"source"`
	Repository  string     `json:"repository"`
	Ref         string     `json:"ref,omitempty"`
	Commit      string     `json:"commit,omitempty"`
	Author      string     `json:"author,omitempty"`
	Email       string     `json:"email,omitempty"`
	CommitDate  *time.Time `json:"commit_date,omitempty"`
	Path        string     `json:"path"`
	Line        int        `json:"line"`
	Column      int        `json:"column"`
	Image       string     `json:"image,omitempty"`
	Layer       string     `json:"layer,omitempty"`
	CIRun       string     `json:"ci_run,omitempty"`
	FirstScanID int64      `json:"first_scan_id"`
	LastScanID  int64      `json:"last_scan_id"`
	FirstSeen   time.Time  `json:"first_seen"`
	LastSeen    time.Time  `json:"last_seen"`
}

// ValidityAudit says which re-checks the audit log records.
type ValidityAudit int

const (
	// AuditEveryCheck records every check: someone asked for it.
	AuditEveryCheck ValidityAudit = iota
	// AuditStatusChange records a check only when it changes the
	// incident's validity status (the periodic re-check: an unchanged
	// answer every 6 hours would bury the log). The incident's checked
	// time still moves at every check, and the validity history counts
	// it in its run.
	AuditStatusChange
)

// NotChecked names the validity of an incident no check has answered, in
// counts and in the audit log.
const NotChecked = "not checked"

// ValidityCheck is one answer of a live check.
type ValidityCheck struct {
	Status    string    `json:"status"`
	Reason    string    `json:"reason,omitempty"`
	CheckedAt time.Time `json:"checked_at"`
	// In history, a row is a run of checks that gave the same answer:
	// LastCheckedAt is the run's newest (nil while it is one check) and
	// Checks how many it holds. Not read by RecordValidity.
	LastCheckedAt *time.Time `json:"last_checked_at,omitempty"`
	Checks        int        `json:"checks,omitempty"`
}

// Scan is one received report.
type Scan struct {
	ID          int64  `json:"id"`
	ReportID    string `json:"report_id"`
	Source      string `json:"source"`
	Repository  string `json:"repository"`
	Ref         string `json:"ref,omitempty"`
	Commit      string `json:"commit,omitempty"`
	CommitRange string `json:"commit_range,omitempty"`
	CIRun       string `json:"ci_run,omitempty"`
	Image       string `json:"image,omitempty"`
	ToolVersion string `json:"tool_version"`
	Complete    bool   `json:"complete"` // the client read everything and every batch arrived
	Findings    int    `json:"findings"`
	// Batches the report was sent in, and how many of them arrived.
	Batches         int       `json:"batches"`
	BatchesReceived int       `json:"batches_received"`
	NewIncidents    int       `json:"new_incidents"`
	Regressions     int       `json:"regressions"`
	TokenName       string    `json:"token_name"`
	ReceivedAt      time.Time `json:"received_at"`
}

// Token is an API token; only the SHA-256 of the token is stored.
type Token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	Revoked    bool       `json:"revoked"`
}

// User signs in to the dashboard with a password.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// Session is a signed-in browser.
type Session struct {
	User      User
	CSRF      string
	ExpiresAt time.Time
}

// AuditEntry is one change, by whom and when.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	IncidentID int64     `json:"incident_id,omitempty"`
	Action     string    `json:"action"`
	Detail     string    `json:"detail"`
}

// Tick is one ticked checklist step.
type Tick struct {
	Step   string    `json:"step"`
	DoneBy string    `json:"done_by"`
	DoneAt time.Time `json:"done_at"`
}

// Count is a labelled number, for charts.
type Count struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Migration is one applied schema version.
type Migration struct {
	Version   int       `json:"version"`
	Name      string    `json:"name"`
	AppliedAt time.Time `json:"applied_at"`
}

// Limits on what people type: an edit over a limit is refused (ErrInvalid)
// so the person sees it, rather than cut. README.md lists them.
const (
	MaxNameLength     = 100 // token and user names
	MaxAssigneeLength = 256
	MaxNotesLength    = 64 << 10
	MaxTags           = 50
	MaxTagLength      = 64
)

// checkLength refuses a value longer than max bytes, naming the field.
func checkLength(field, v string, max int) error {
	if len(v) > max {
		return fmt.Errorf("%w: %s: %d bytes; at most %d", ErrInvalid, field, len(v), max)
	}
	return nil
}

// ValidRole reports whether role is one of Roles.
func ValidRole(role string) bool {
	for _, r := range Roles {
		if r == role {
			return true
		}
	}
	return false
}
