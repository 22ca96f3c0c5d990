// Package jobs is the durable work queue behind the server: River on the
// same database as the incident store (SQLite embedded, PostgreSQL at
// scale), with workers that fetch pushed commits into bare mirrors, scan
// what is new and record it. A job killed mid-way is picked up again; its
// results carry a report id, so recording twice changes nothing.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/gitrange"
	"github.com/leakhound/leakhound/internal/mirror"
)

// ScanPush scans the commits one push brought to one ref. Every field but
// DeliveryID makes the job unique: the delivery id is a header the
// webhook signature does not cover, so a replay of a signed body under a
// new id must still be the same job.
type ScanPush struct {
	Platform   string `json:"platform" river:"unique"`
	DeliveryID string `json:"delivery_id"`
	Repository string `json:"repository" river:"unique"`
	CloneURL   string `json:"clone_url" river:"unique"`
	WebURL     string `json:"web_url" river:"unique"`
	Ref        string `json:"ref" river:"unique"`
	Before     string `json:"before" river:"unique"`
	After      string `json:"after" river:"unique"`
	// Content is the delivery body's SHA-256 and which push of it.
	Content string `json:"content" river:"unique"`
}

// Kind names the job in the queue.
func (ScanPush) Kind() string { return "scan_push" }

// InsertOpts makes a redelivered or replayed webhook one job, not two,
// for as long as the queue remembers the first (River keeps a completed
// job for a day).
func (ScanPush) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 8, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ScanRepository scans a repository's whole history, at onboarding.
type ScanRepository struct {
	Platform   string `json:"platform"`
	Repository string `json:"repository"`
	CloneURL   string `json:"clone_url"`
	WebURL     string `json:"web_url"`
}

// Kind names the job in the queue.
func (ScanRepository) Kind() string { return "scan_repository" }

// InsertOpts: asking twice to onboard a repository (while the first job
// is still known to the queue) scans it once.
func (ScanRepository) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Revalidate re-checks whether open incidents' secrets are still live.
type Revalidate struct{}

// Kind names the job in the queue.
func (Revalidate) Kind() string { return "revalidate" }

// InsertOpts: a run that failed for some incidents (already logged and
// recorded on them) is tried again twice, not for days: each attempt asks
// every vendor again, and the next periodic run comes anyway.
func (Revalidate) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

// Notify delivers one outgoing webhook event; kept in the queue, it
// survives a server restart and is retried with the queue's backoff.
type Notify struct {
	Event    string `json:"event"`
	Delivery string `json:"delivery"` // the same on every attempt, for receivers to dedupe
	Body     []byte `json:"body"`
}

// Kind names the job in the queue.
func (Notify) Kind() string { return "notify" }

// NotifyQueue holds Notify jobs apart from scans: only a process that has
// the webhook configured works it, so a worker started without it (or a
// server with --workers 0) never takes an event it cannot deliver.
const NotifyQueue = "notify"

// InsertOpts: a receiver that is down for a while still gets the event.
func (Notify) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 12, Queue: NotifyQueue}
}

// Result is what a scan job hands to the recorder.
type Result struct {
	ReportID    string // stable per job: recording a retried job twice is a no-op
	Source      string // push, repository
	Platform    string
	Repository  string
	WebURL      string
	Ref         string
	Commit      string
	CommitRange string
	Findings    []finding.Finding // RawSecret filled: the recorder keys and discards it
}

// Deps are what the workers use; the server provides them.
type Deps struct {
	Mirror *mirror.Cache
	// Scan scans the commits revs select in a bare repository.
	Scan func(ctx context.Context, repo string, revs []string) ([]finding.Finding, error)
	// Record stores a result (incidents, occurrences, notifications).
	Record func(ctx context.Context, r Result) error
	// Revalidate re-checks open incidents; nil disables the job.
	Revalidate func(ctx context.Context) error
	// PostStatus, when set, reports a push's verdict back to its platform
	// as a commit status; a failure is logged, not retried.
	PostStatus func(ctx context.Context, push ScanPush, findings int) error
	// Log receives problems that do not fail a job.
	Log *slog.Logger
	// Deliver posts a notification; retry says whether to try again later.
	Deliver func(ctx context.Context, event, delivery string, body []byte) (retry bool, err error)
	// RescueAfter is how long a job may run before another worker takes
	// it over (its worker died); short in tests, generous by default.
	RescueAfter time.Duration
	// Observe, when set, is told about each scan (bytes are not known
	// here; the duration and findings are).
	Observe func(kind string, took time.Duration, findings int)
}

// Queue is a River client on the server's database.
type Queue struct {
	client *river.Client[*sql.Tx]
	db     *sql.DB
}

// Open connects the queue to the database at dsn (postgres://... or a
// SQLite path / sqlite://PATH), creates River's tables if needed, and,
// when workers > 0, starts that many workers.
func Open(ctx context.Context, dsn string, workers int, deps Deps) (*Queue, error) {
	db, sqlite, err := openDB(dsn)
	if err != nil {
		return nil, err
	}
	var client *river.Client[*sql.Tx]
	var migrator *rivermigrate.Migrator[*sql.Tx]
	w := river.NewWorkers()
	river.AddWorker(w, &pushWorker{deps: deps})
	river.AddWorker(w, &repositoryWorker{deps: deps})
	river.AddWorker(w, &revalidateWorker{deps: deps})
	river.AddWorker(w, &notifyWorker{deps: deps, db: db, sqlite: sqlite})
	cfg := &river.Config{Workers: w, JobTimeout: 30 * time.Minute, RescueStuckJobsAfter: 35 * time.Minute, RetryPolicy: backoff{}}
	if deps.RescueAfter > 0 {
		cfg.RescueStuckJobsAfter = deps.RescueAfter
		cfg.JobTimeout = deps.RescueAfter / 2
	}
	cfg.Queues = map[string]river.QueueConfig{}
	if deps.Deliver != nil {
		cfg.Queues[NotifyQueue] = river.QueueConfig{MaxWorkers: 4}
	}
	if workers > 0 {
		cfg.Queues[river.QueueDefault] = river.QueueConfig{MaxWorkers: workers}
		if deps.Revalidate != nil {
			cfg.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return Revalidate{}, nil }, nil)}
		}
	}
	if len(cfg.Queues) == 0 {
		cfg.Queues = nil // insert-only
	}
	if sqlite {
		driver := riversqlite.New(db)
		migrator, err = rivermigrate.New(driver, nil)
		if err == nil {
			client, err = river.NewClient(driver, cfg)
		}
	} else {
		driver := riverdatabasesql.New(db)
		migrator, err = rivermigrate.New(driver, nil)
		if err == nil {
			client, err = river.NewClient(driver, cfg)
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("job queue: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		db.Close()
		return nil, fmt.Errorf("job queue schema: %w", err)
	}
	q := &Queue{client: client, db: db}
	if len(cfg.Queues) > 0 {
		if err := client.Start(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("starting job workers: %w", err)
		}
	}
	return q, nil
}

// openDB opens River's own connection pool. SQLite allows one writer:
// one connection with a busy timeout keeps River and the store (which has
// its own pool on the same file) from failing each other.
func openDB(dsn string) (*sql.DB, bool, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err := sql.Open("pgx", dsn)
		return db, false, err
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	if path == "" {
		return nil, false, errors.New("empty database path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, err
	}
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, false, err
	}
	db.SetMaxOpenConns(1)
	return db, true, nil
}

// Enqueue adds a job; a duplicate of a unique job is not added again and
// reports skipped.
func (q *Queue) Enqueue(ctx context.Context, args river.JobArgs) (skipped bool, err error) {
	res, err := q.client.Insert(ctx, args, nil)
	if err != nil {
		return false, err
	}
	return res.UniqueSkippedAsDuplicate, nil
}

// Depth is how many jobs wait to run (available, scheduled or retrying).
func (q *Queue) Depth(ctx context.Context) (int, error) {
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM river_job WHERE state IN ('available', 'scheduled', 'retryable', 'pending')`).Scan(&n)
	return n, err
}

// Subscribe returns completed and failed job events (tests and metrics).
func (q *Queue) Subscribe() (<-chan *river.Event, func()) {
	return q.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
}

// Close stops the workers (letting running jobs finish within ctx) and
// closes the connection pool.
func (q *Queue) Close(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if cerr := q.db.Close(); err == nil {
		err = cerr
	}
	return err
}

type pushWorker struct {
	river.WorkerDefaults[ScanPush]
	deps Deps
}

// Work fetches the push into its mirror and scans exactly what it brought:
// before..after, or for a new branch (or a force push whose old tip is
// gone) the commits no other branch or tag of the repository has.
func (w *pushWorker) Work(ctx context.Context, job *river.Job[ScanPush]) error {
	a := job.Args
	if gitrange.IsZero(a.After) {
		return nil // a deletion brings nothing
	}
	repo, err := w.deps.Mirror.Fetch(ctx, a.CloneURL)
	if err != nil {
		return err
	}
	g := gitrange.Repo{Dir: repo}
	if !g.HasCommit(ctx, a.After) {
		return fmt.Errorf("pushed commit %s is not in %s after fetching", a.After, a.Repository)
	}
	revs := []string{a.After, "^" + a.Before}
	rangeDesc := short(a.Before) + ".." + short(a.After)
	if gitrange.IsZero(a.Before) || !g.HasCommit(ctx, a.Before) {
		revs = []string{a.After, "--not", "--exclude=" + a.Ref, "--branches", "--tags"}
		rangeDesc = "new on " + a.Ref + ": " + short(a.After)
	}
	start := time.Now()
	fs, err := w.deps.Scan(ctx, repo, revs)
	if err != nil {
		return err
	}
	w.deps.observe("scan_push", time.Since(start), len(fs))
	if err := w.deps.Record(ctx, Result{
		ReportID: "push:" + a.Platform + ":" + a.DeliveryID + ":" + a.Ref, Source: "push", Platform: a.Platform,
		Repository: a.Repository, WebURL: a.WebURL, Ref: a.Ref, Commit: a.After, CommitRange: rangeDesc, Findings: fs,
	}); err != nil {
		return err
	}
	if w.deps.PostStatus != nil {
		if err := w.deps.PostStatus(ctx, a, len(fs)); err != nil && w.deps.Log != nil {
			w.deps.Log.Warn("posting the commit status", "repository", a.Repository, "commit", a.After, "err", err)
		}
	}
	return nil
}

type repositoryWorker struct {
	river.WorkerDefaults[ScanRepository]
	deps Deps
}

// Work scans every commit reachable from any branch or tag.
func (w *repositoryWorker) Work(ctx context.Context, job *river.Job[ScanRepository]) error {
	a := job.Args
	repo, err := w.deps.Mirror.Fetch(ctx, a.CloneURL)
	if err != nil {
		return err
	}
	start := time.Now()
	fs, err := w.deps.Scan(ctx, repo, nil)
	if err != nil {
		return err
	}
	w.deps.observe("scan_repository", time.Since(start), len(fs))
	head := headCommit(ctx, repo)
	return w.deps.Record(ctx, Result{
		ReportID: fmt.Sprintf("repository:%s:%d", a.CloneURL, job.ID), Source: "repository", Platform: a.Platform,
		Repository: a.Repository, WebURL: a.WebURL, Commit: head, CommitRange: "whole history", Findings: fs,
	})
}

type revalidateWorker struct {
	river.WorkerDefaults[Revalidate]
	deps Deps
}

// Work re-checks open incidents.
func (w *revalidateWorker) Work(ctx context.Context, job *river.Job[Revalidate]) error {
	if w.deps.Revalidate == nil {
		return nil
	}
	return w.deps.Revalidate(ctx)
}

// backoff retries after 1 s, 2 s, 4 s ... up to 15 minutes: a webhook
// receiver or a forge that hiccups is tried again soon, one that is down
// is not hammered (River's default waits attempt⁴ seconds).
type backoff struct{}

func (backoff) NextRetry(job *rivertype.JobRow) time.Time {
	wait := time.Second << min(job.Attempt-1, 10)
	return time.Now().Add(min(wait, 15*time.Minute))
}

type notifyWorker struct {
	river.WorkerDefaults[Notify]
	deps Deps
	// db and sqlite are the queue's database, to move a job.
	db     *sql.DB
	sqlite bool
}

// Work posts the event; a refusal that retrying cannot fix (a 4xx) ends
// the job instead of retrying it for days. Only a process with a webhook
// works the notify queue. An event queued before it had its own queue (in
// the default one) that reaches a process without a webhook is moved to
// the notify queue, for a process that has one: snoozed instead, it came
// back to the same processes for ever.
func (w *notifyWorker) Work(ctx context.Context, job *river.Job[Notify]) error {
	if w.deps.Deliver == nil {
		if job.Queue == NotifyQueue { // not worked without a webhook; never loop on it
			return river.JobCancel(errors.New("no webhook configured in the process that took this event"))
		}
		return w.moveToNotifyQueue(ctx, job)
	}
	retry, err := w.deps.Deliver(ctx, job.Args.Event, job.Args.Delivery, job.Args.Body)
	if err != nil && !retry {
		return river.JobCancel(err)
	}
	return err
}

// moveToNotifyQueue inserts the event again in the notify queue (same
// delivery id, a fresh count of attempts) and completes this job, in one
// transaction: the event is neither lost nor doubled.
func (w *notifyWorker) moveToNotifyQueue(ctx context.Context, job *river.Job[Notify]) error {
	client := river.ClientFromContext[*sql.Tx](ctx)
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := client.InsertTx(ctx, tx, job.Args, nil); err != nil {
		return fmt.Errorf("moving the event to the %s queue: %w", NotifyQueue, err)
	}
	if w.sqlite {
		_, err = river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
	} else {
		_, err = river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
	}
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if w.deps.Log != nil {
		w.deps.Log.Info("moved an event from the default queue to the notify queue", "job", job.ID, "delivery", job.Args.Delivery)
	}
	return nil
}

func (d Deps) observe(kind string, took time.Duration, n int) {
	if d.Observe != nil {
		d.Observe(kind, took, n)
	}
}

// headCommit is the commit the mirror's HEAD names, for the record.
func headCommit(ctx context.Context, repo string) string {
	out, err := osexec.CommandContext(ctx, "git", "-C", repo, "rev-parse", "--verify", "-q", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
