package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/metrics"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/server"
	"github.com/leakhound/leakhound/internal/server/notify"
	"github.com/leakhound/leakhound/internal/store"
)

type serveOptions struct {
	listen, dsn, dataDir, baseURL string
	// configPath names a .leakhound.toml whose [validation] section
	// configures the server's live checks, as it does a scan's.
	configPath                string
	tlsCert, tlsKey           string
	webhookURL, webhookFormat string
	secureCookies             bool
	queue                     queueOptions
}

func newServeCmd(io *IO) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the incident server: API for scans and the dashboard",
		Long: `Run the incident server. Scans report to it with --report-to; the dashboard
tracks each leaked secret from detection to rotation.

Environment:
  LEAKHOUND_SERVER_KEY     key of the secrets' fingerprints (default: generated
                           once into DATA-DIR/server.key; servers sharing a
                           database must share it)
  LEAKHOUND_SECRET_KEY     32 bytes (hex or base64): keep secrets (and a two-part
                           credential's other part) AES-GCM encrypted to re-check
                           and investigate them; unset: never kept
  LEAKHOUND_WEBHOOK_URL    post new incidents and regressions there
  LEAKHOUND_WEBHOOK_SECRET sign webhook bodies (HMAC-SHA256)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			if err := runServe(ctx, io, o, nil); err != nil {
				return exitWith(ExitError, err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on")
	dbFlag(cmd, &o.dsn)
	f.StringVar(&o.dataDir, "data-dir", store.DefaultDataDir, "directory for the SQLite database and the generated server key")
	f.StringVar(&o.baseURL, "base-url", "", "public address of the dashboard, for links in notifications")
	f.StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM)")
	f.StringVar(&o.tlsKey, "tls-key", "", "private key of --tls-cert")
	f.StringVar(&o.webhookURL, "webhook-url", "", "post new incidents and regressions to this URL (default $LEAKHOUND_WEBHOOK_URL)")
	f.StringVar(&o.webhookFormat, "webhook-format", "json", "webhook body: json (signed) or slack")
	f.BoolVar(&o.secureCookies, "secure-cookies", false, "mark cookies Secure behind a TLS-terminating proxy (automatic with --tls-cert)")
	validationConfigFlag(cmd, &o.configPath)
	o.queue.register(cmd, runtime.NumCPU())
	return cmd
}

// runServe runs until ctx ends. ready, when set, receives the address once
// the server listens (tests listen on port 0).
func runServe(ctx context.Context, io *IO, o *serveOptions, ready func(addr string)) error {
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	logger := slog.New(slog.NewTextHandler(io.Err, &slog.HandlerOptions{Level: slog.LevelInfo}))
	b, err := buildServer(ctx, io, o, logger)
	if err != nil {
		return err
	}
	defer b.close()
	srv, dsn, secretKey := b.srv, b.dsn, b.secretKey
	reg := metrics.New()
	q, err := openQueue(ctx, io, b, &o.queue, o.dataDir, reg, logger)
	if err != nil {
		return err
	}
	defer q.Close(context.Background())
	handler := http.NewServeMux()
	handler.Handle("/", srv.Handler())
	handler.Handle("/webhooks/", webhookReceiver(io, q, reg, logger).Handler())
	handler.Handle("GET /metrics", metricsHandler(reg))
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
	}
	where := dsn
	if strings.HasPrefix(dsn, "postgres") {
		where = "PostgreSQL"
	} else if abs, err := filepath.Abs(strings.TrimPrefix(dsn, "sqlite://")); err == nil {
		where = abs
	}
	fmt.Fprintf(io.Err, "leakhound: serving on %s://%s (database %s, stored secrets %s)\n", scheme, ln.Addr(), where,
		map[bool]string{true: "encrypted for revalidation", false: "never kept"}[secretKey != nil])
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if o.tlsCert != "" {
			errc <- hs.ServeTLS(ln, o.tlsCert, o.tlsKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	fmt.Fprintln(io.Err, "leakhound: server stopped")
	return nil
}

// builtServer is a server and what it was built on.
type builtServer struct {
	srv       *server.Server
	store     store.Store
	dsn       string
	secretKey []byte
	rules     []*rule.Rule
	rulesByID map[string]*rule.Rule
	closers   []func()
	baseURL   string
	// hook and notifier are set when outgoing webhooks are configured.
	hook     *notify.Webhook
	notifier *queueNotifier
}

func (b *builtServer) close() {
	for i := len(b.closers) - 1; i >= 0; i-- {
		b.closers[i]()
	}
}

// buildServer opens the store and builds the server the way serve and
// worker both need it (workers record their scans through it).
func buildServer(ctx context.Context, io *IO, o *serveOptions, logger *slog.Logger) (_ *builtServer, err error) {
	// b is not the named result: "return nil, err" must not nil it before
	// the deferred close releases what was opened.
	b := &builtServer{}
	defer func() {
		if err != nil {
			b.close()
		}
	}()
	dsn := o.dsn
	if dsn == "" {
		dsn = store.SQLiteURL(o.dataDir)
	}
	fpKey, err := server.LoadServerKey(o.dataDir, io.Getenv("LEAKHOUND_SERVER_KEY"))
	if err != nil {
		return nil, err
	}
	secretKey, err := server.ParseSecretKey(io.Getenv("LEAKHOUND_SECRET_KEY"))
	if err != nil {
		return nil, err
	}
	checks, err := validationConfig(io, o.configPath)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	b.closers = append(b.closers, func() { st.Close() })
	all, err := loadRules(io, nil)
	if err != nil {
		return nil, err
	}
	byID := map[string]*rule.Rule{}
	for _, r := range all {
		byID[r.ID] = r
	}
	cfg := server.Config{Store: st, Keys: server.Keys{Fingerprint: fpKey, Secret: secretKey}, Rules: byID, BaseURL: o.baseURL,
		SecureCookies: o.secureCookies || o.tlsCert != "", Logger: logger, Version: version()}
	// Built even without a secret key, so a wrong [validation] fails at
	// start-up rather than when secrets are first kept.
	checker, err := newChecker(checks, all)
	if err != nil {
		return nil, err
	}
	if secretKey != nil {
		cfg.Validate, cfg.Investigate = server.NewValidator(checker), server.NewInvestigator(checker)
	}
	hookURL := o.webhookURL
	if hookURL == "" {
		hookURL = io.Getenv("LEAKHOUND_WEBHOOK_URL")
	}
	if hookURL != "" {
		hook, err := notify.New(notify.Options{URL: hookURL, Secret: []byte(io.Getenv("LEAKHOUND_WEBHOOK_SECRET")),
			Format: o.webhookFormat, Retries: 5, Backoff: time.Second, Logger: logger})
		if err != nil {
			return nil, err
		}
		b.closers = append(b.closers, func() {
			cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := hook.Close(cctx); err != nil {
				logger.Error("webhook", "err", err)
			}
		})
		b.hook = hook
		b.notifier = &queueNotifier{hook: hook, logger: logger}
		cfg.Notifier = b.notifier
	}
	srv, err := server.New(cfg)
	if err != nil {
		return nil, err
	}
	b.srv, b.store, b.dsn, b.secretKey, b.rules, b.rulesByID, b.baseURL = srv, st, dsn, secretKey, all, byID, o.baseURL
	return b, nil
}

func validationConfigFlag(cmd *cobra.Command, into *string) {
	cmd.Flags().StringVar(into, "config", "", "a .leakhound.toml whose [validation] section (hosts, timeout, retries ...) configures re-checks, as for a scan")
}

// validationConfig reads the [validation] section of the server's config
// file (none: the defaults). The server has no scan settings or rules of
// its own, so a file that has them says they are not used here.
func validationConfig(io *IO, path string) (*config.Config, error) {
	if path == "" {
		return &config.Config{}, nil
	}
	cfg, err := config.Load(path, "")
	if err != nil {
		return nil, err
	}
	// Whatever else the file sets, a setting added to the config later
	// included, is for scans.
	rest := *cfg
	rest.Validation, rest.Path = config.Validation{}, ""
	if !reflect.ValueOf(rest).IsZero() {
		fmt.Fprintf(io.Err, "leakhound: %s: the server uses only its [validation] section; the rest is for scans\n", path)
	}
	return &config.Config{Validation: cfg.Validation}, nil
}
