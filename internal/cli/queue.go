package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/metrics"
	"github.com/leakhound/leakhound/internal/mirror"
	"github.com/leakhound/leakhound/internal/monitor"
	"github.com/leakhound/leakhound/internal/scan"
	"github.com/leakhound/leakhound/internal/server"
	"github.com/leakhound/leakhound/internal/server/notify"
	"github.com/leakhound/leakhound/internal/status"
	"github.com/leakhound/leakhound/internal/store"
)

// queueOptions configure the job queue's workers, in serve and worker.
type queueOptions struct {
	workers           int
	mirrors           string
	allowHTTPHosts    []string
	allowPrivateHosts []string
	rescueAfter       time.Duration
	postStatus        bool
}

func (q *queueOptions) register(cmd *cobra.Command, defaultWorkers int) {
	f := cmd.Flags()
	f.IntVar(&q.workers, "workers", defaultWorkers, "scan jobs run at once in this process (0: leave them to `leakhound worker` processes)")
	f.StringVar(&q.mirrors, "mirrors", "", "directory of the bare mirrors pushes are fetched into (default DATA-DIR/mirrors)")
	f.StringSliceVar(&q.allowHTTPHosts, "allow-http-hosts", nil, "hosts (host or host:port) repositories may be fetched from over plain HTTP (and on private addresses)")
	f.StringSliceVar(&q.allowPrivateHosts, "allow-private-hosts", nil, "hosts (host or host:port) that may resolve to loopback, private or link-local addresses (an internal forge)")
	f.BoolVar(&q.postStatus, "post-status", false, "post each push's verdict as a \"leakhound\" commit status (needs LEAKHOUND_GITHUB_TOKEN, _GITLAB_TOKEN or _BITBUCKET_TOKEN)")
	f.DurationVar(&q.rescueAfter, "rescue-after", 0, "take over a job another worker started this long ago and never finished (default 35m)")
	_ = f.MarkHidden("rescue-after")
}

// workQueue is the job queue and the mirrors its workers fetch into;
// the webhook receiver checks clone URLs against the same mirrors.
type workQueue struct {
	*jobs.Queue
	mirrors *mirror.Cache
}

// openQueue starts the queue on the server's database with workers that
// scan and record through b.
func openQueue(ctx context.Context, io *IO, b *builtServer, o *queueOptions, dataDir string, reg *metrics.Registry, logger *slog.Logger) (*workQueue, error) {
	if o.workers < 0 {
		return nil, errors.New("--workers must be 0 or more")
	}
	engine, err := detect.New(b.rules)
	if err != nil {
		return nil, err
	}
	dir := o.mirrors
	if dir == "" {
		dir = filepath.Join(dataDir, "mirrors")
	}
	cache := &mirror.Cache{Dir: dir, AllowHTTPHosts: o.allowHTTPHosts, AllowPrivateHosts: o.allowPrivateHosts, Auth: platformAuth(io)}
	deps := jobs.Deps{
		Mirror: cache,
		Scan: func(ctx context.Context, repo string, revs []string) ([]finding.Finding, error) {
			fs, err := scan.History(ctx, engine, repo, revs, max(1, runtime.NumCPU()/2))
			if err != nil {
				return nil, err
			}
			// As for a scan sent with --report-to: a two-part credential
			// goes with its other part, and identifiers (found only to be
			// that part) are not recorded.
			attachPairs(fs, b.rulesByID)
			return withoutIdentifiers(b.rulesByID, fs), nil
		},
		Record:      b.srv.Record,
		Revalidate:  b.srv.RevalidateOpen,
		RescueAfter: o.rescueAfter,
		Observe: func(kind string, took time.Duration, n int) {
			reg.Add(`leakhound_jobs_total{kind="`+kind+`"}`, "Scan jobs completed.", 1)
			reg.Add(`leakhound_job_seconds_total{kind="`+kind+`"}`, "Time spent in scan jobs.", took.Seconds())
			reg.Add("leakhound_job_findings_total", "Findings recorded by scan jobs.", float64(n))
		},
	}
	if b.hook != nil {
		deps.Deliver = b.hook.Send
	}
	deps.Log = logger
	if o.postStatus {
		poster := &status.Poster{Client: &http.Client{Timeout: 30 * time.Second}, TargetURL: b.baseURL, Tokens: map[string]string{
			"github": io.Getenv("LEAKHOUND_GITHUB_TOKEN"), "gitlab": io.Getenv("LEAKHOUND_GITLAB_TOKEN"), "bitbucket": io.Getenv("LEAKHOUND_BITBUCKET_TOKEN")}}
		deps.PostStatus = func(ctx context.Context, p jobs.ScanPush, n int) error {
			return poster.Post(ctx, p.Platform, p.Repository, p.WebURL, p.After, n)
		}
	}
	q, err := jobs.Open(ctx, b.dsn, o.workers, deps)
	if err != nil {
		return nil, err
	}
	if b.notifier != nil {
		b.notifier.queue.Store(q)
	}
	reg.Gauge("leakhound_queue_depth", "Jobs waiting to run.", func() (float64, error) {
		n, err := q.Depth(context.Background())
		return float64(n), err
	})
	logger.Info("job queue ready", "workers", o.workers, "mirrors", dir)
	return &workQueue{Queue: q, mirrors: cache}, nil
}

// platformAuth gives mirrors a token for private repositories, from
// LEAKHOUND_GITHUB_TOKEN, LEAKHOUND_GITLAB_TOKEN or LEAKHOUND_BITBUCKET_TOKEN,
// sent only to that platform's host.
func platformAuth(io *IO) func(host string) map[string]string {
	return func(host string) map[string]string {
		switch {
		case host == "github.com" && io.Getenv("LEAKHOUND_GITHUB_TOKEN") != "":
			return map[string]string{"Authorization": "Bearer " + io.Getenv("LEAKHOUND_GITHUB_TOKEN")}
		case host == "gitlab.com" && io.Getenv("LEAKHOUND_GITLAB_TOKEN") != "":
			return map[string]string{"Authorization": "Bearer " + io.Getenv("LEAKHOUND_GITLAB_TOKEN")}
		case host == "bitbucket.org" && io.Getenv("LEAKHOUND_BITBUCKET_TOKEN") != "":
			return map[string]string{"Authorization": "Bearer " + io.Getenv("LEAKHOUND_BITBUCKET_TOKEN")}
		}
		return nil
	}
}

// webhookReceiver verifies push deliveries against the secrets in the
// environment and queues them; clone URLs are checked by the mirrors' own
// rules, so a URL they would refuse is refused at once.
func webhookReceiver(io *IO, q *workQueue, reg *metrics.Registry, logger *slog.Logger) *server.Receiver {
	return &server.Receiver{
		GitHubSecret:    io.Getenv("LEAKHOUND_GITHUB_WEBHOOK_SECRET"),
		GitLabToken:     io.Getenv("LEAKHOUND_GITLAB_WEBHOOK_TOKEN"),
		BitbucketSecret: io.Getenv("LEAKHOUND_BITBUCKET_WEBHOOK_SECRET"),
		CheckURL:        q.mirrors.CheckRemote,
		Enqueue:         func(ctx context.Context, j jobs.ScanPush) (bool, error) { return q.Enqueue(ctx, j) },
		Log:             logger, Metrics: reg,
	}
}

// queueNotifier sends server events through the job queue, so a webhook
// the server could not deliver before a restart is still delivered after
// it. Until the queue is open, and if an insert fails, it falls back to
// in-memory delivery.
type queueNotifier struct {
	hook   *notify.Webhook
	queue  atomic.Pointer[jobs.Queue]
	logger *slog.Logger
}

func (n *queueNotifier) Notify(ev server.Event) {
	q := n.queue.Load()
	if q == nil {
		n.hook.Notify(ev)
		return
	}
	body, err := n.hook.Body(ev, time.Now())
	if err != nil {
		n.logger.Error("webhook body", "err", err)
		return
	}
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		n.hook.Notify(ev)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := q.Enqueue(ctx, jobs.Notify{Event: ev.Kind, Delivery: hex.EncodeToString(id), Body: body}); err != nil {
		n.logger.Error("queueing a webhook; delivering from memory", "err", err)
		n.hook.Notify(ev)
	}
}

func metricsHandler(reg *metrics.Registry) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		if err := reg.Write(w); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
}

func newWorkerCmd(io *IO) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run scan jobs from the queue (scale out: any number of workers on a shared PostgreSQL)",
		Long: `Run the queue's jobs (push scans, onboarding scans, revalidation) on the
server's database. With PostgreSQL any number of workers on any number of
machines share the work; a job whose worker dies is taken over by another.
Workers need the same LEAKHOUND_SERVER_KEY as the server.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmdContext(cmd), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if o.queue.workers < 1 {
				return exitWith(ExitError, errors.New("--workers must be at least 1"))
			}
			logger := slog.New(slog.NewTextHandler(io.Err, &slog.HandlerOptions{Level: slog.LevelInfo}))
			b, err := buildServer(ctx, io, o, logger)
			if err != nil {
				return exitWith(ExitError, err)
			}
			defer b.close()
			q, err := openQueue(ctx, io, b, &o.queue, o.dataDir, metrics.New(), logger)
			if err != nil {
				return exitWith(ExitError, err)
			}
			fmt.Fprintf(io.Err, "leakhound: worker running %d jobs at a time\n", o.queue.workers)
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			return q.Close(sctx)
		},
	}
	dbFlag(cmd, &o.dsn)
	cmd.Flags().StringVar(&o.dataDir, "data-dir", store.DefaultDataDir, "directory for the SQLite database, the server key and mirrors")
	validationConfigFlag(cmd, &o.configPath)
	o.queue.register(cmd, runtime.NumCPU())
	return cmd
}

func newMonitorCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "monitor", Short: "Onboard organisations: queue a full-history scan of every repository"}
	var org, tokenEnv, apiURL, dsn, dataDir string
	add := &cobra.Command{
		Use:   "add github|gitlab|bitbucket --org NAME --token-env VAR",
		Short: "List an organisation's repositories through the platform's API and queue a whole-history scan of each",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			platform := args[0]
			if org == "" {
				return exitWith(ExitError, errors.New("--org is required"))
			}
			token := ""
			if tokenEnv != "" {
				if token = io.Getenv(tokenEnv); token == "" {
					return exitWith(ExitError, fmt.Errorf("%s is empty: the token is read from that variable, never from the command line", tokenEnv))
				}
			}
			ctx := cmdContext(cmd)
			lister := &monitor.Lister{Platform: platform, APIURL: apiURL, Token: token, Client: &http.Client{Timeout: 60 * time.Second}}
			repos, err := lister.List(ctx, org)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if dsn == "" {
				dsn = store.SQLiteURL(dataDir)
			}
			q, err := jobs.Open(ctx, dsn, 0, jobs.Deps{})
			if err != nil {
				return exitWith(ExitError, err)
			}
			defer q.Close(context.Background())
			queued := 0
			for _, r := range repos {
				skipped, err := q.Enqueue(ctx, jobs.ScanRepository{Platform: platform, Repository: r.Name, CloneURL: r.CloneURL, WebURL: r.WebURL})
				if err != nil {
					return exitWith(ExitError, fmt.Errorf("queueing %s: %w", r.Name, err))
				}
				if !skipped {
					queued++
				}
			}
			fmt.Fprintf(io.Out, "%s/%s: %d repositories, %d scans queued\n", platform, org, len(repos), queued)
			return nil
		},
	}
	add.Flags().StringVar(&org, "org", "", "organisation (GitHub), group (GitLab) or workspace (Bitbucket)")
	add.Flags().StringVar(&tokenEnv, "token-env", "", "environment variable holding the API token")
	add.Flags().StringVar(&apiURL, "api-url", "", "API base for GitHub Enterprise Server (https://HOST/api/v3) or self-managed GitLab (https://HOST)")
	dbFlag(add, &dsn)
	add.Flags().StringVar(&dataDir, "data-dir", store.DefaultDataDir, "directory of the default SQLite database")
	cmd.AddCommand(add)
	return cmd
}
