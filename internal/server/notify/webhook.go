// Package notify delivers the incident server's events to an outgoing
// webhook: a JSON body signed with HMAC-SHA256, or a Slack-compatible
// message, retried with exponential backoff. Delivery is asynchronous so a
// slow receiver never slows down scan ingestion.
package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/leakhound/leakhound/internal/server"
)

// Formats of the body.
const (
	FormatJSON  = "json"
	FormatSlack = "slack"
)

// Headers of a delivery. The signature covers the timestamp and the body,
// so a captured delivery cannot be replayed later with a new timestamp.
const (
	HeaderSignature = "X-Leakhound-Signature" // sha256=HEX(HMAC(secret, timestamp + "." + body))
	HeaderTimestamp = "X-Leakhound-Timestamp" // Unix seconds
	HeaderEvent     = "X-Leakhound-Event"
	HeaderDelivery  = "X-Leakhound-Delivery" // the same on every retry of one event
)

// Options configure a Webhook.
type Options struct {
	URL    string
	Secret []byte // signs the body; deliveries are unsigned without it
	Format string // json (default) or slack
	Client *http.Client
	// Retries after the first attempt, waiting Backoff, 2×Backoff, ...
	Retries int
	Backoff time.Duration
	// Queue is how many events may wait; beyond it events are dropped
	// (and logged) rather than blocking the server.
	Queue  int
	Logger *slog.Logger
}

// Webhook is a Notifier that posts to one URL.
type Webhook struct {
	opts  Options
	queue chan server.Event
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// New checks the options and starts the delivery goroutine; Close stops it.
func New(opts Options) (*Webhook, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("webhook URL %q is not an http(s) URL", opts.URL)
	}
	switch opts.Format {
	case "":
		opts.Format = FormatJSON
	case FormatJSON, FormatSlack:
	default:
		return nil, fmt.Errorf("webhook format %q (want json or slack)", opts.Format)
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Retries < 0 {
		opts.Retries = 0
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.Queue <= 0 {
		opts.Queue = 1000
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	w := &Webhook{opts: opts, queue: make(chan server.Event, opts.Queue), stop: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w, nil
}

// Notify queues an event without blocking.
func (w *Webhook) Notify(ev server.Event) {
	select {
	case w.queue <- ev:
	default:
		w.opts.Logger.Error("webhook queue full: event dropped", "event", ev.Kind, "incident", ev.Incident.ID)
	}
}

// Close delivers what is queued, until ctx ends, then stops.
func (w *Webhook) Close(ctx context.Context) error {
	w.once.Do(func() { close(w.stop) })
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("webhook: %d events not delivered: %w", len(w.queue), ctx.Err())
	}
}

func (w *Webhook) run() {
	defer close(w.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for {
		select {
		case ev := <-w.queue:
			w.deliver(ctx, ev)
		case <-w.stop:
			for {
				select {
				case ev := <-w.queue:
					w.deliver(ctx, ev)
				default:
					return
				}
			}
		}
	}
}

// Payload is the JSON format's body.
type Payload struct {
	Event    string         `json:"event"`
	URL      string         `json:"url,omitempty"`
	Incident IncidentFields `json:"incident"`
	SentAt   time.Time      `json:"sent_at"`
}

// IncidentFields are what a receiver needs to act; never the secret.
type IncidentFields struct {
	ID          int64     `json:"id"`
	RuleID      string    `json:"rule_id"`
	RuleName    string    `json:"rule_name"`
	Provider    string    `json:"provider"`
	Severity    string    `json:"severity"`
	Preview     string    `json:"preview"`
	Status      string    `json:"status"`
	Validity    string    `json:"validity,omitempty"`
	Occurrences int       `json:"occurrences"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
}

// Body renders an event in the webhook's format.
func (w *Webhook) Body(ev server.Event, now time.Time) ([]byte, error) {
	inc := ev.Incident
	if w.opts.Format == FormatSlack {
		what := "New leaked secret"
		if ev.Kind == server.EventRegression {
			what = "Revoked secret seen again (reopened)"
		}
		text := fmt.Sprintf(":rotating_light: *%s* #%d: %s `%s` (%s, %s), %d %s", what, inc.ID, inc.RuleName, inc.Preview,
			inc.Provider, inc.Severity, inc.Occurrences, plural(inc.Occurrences, "place", "places"))
		if ev.URL != "" {
			text += fmt.Sprintf(" <%s|open incident>", ev.URL)
		}
		return json.Marshal(map[string]string{"text": text})
	}
	return json.Marshal(Payload{Event: ev.Kind, URL: ev.URL, SentAt: now.UTC(), Incident: IncidentFields{
		ID: inc.ID, RuleID: inc.RuleID, RuleName: inc.RuleName, Provider: inc.Provider, Severity: inc.Severity, Preview: inc.Preview,
		Status: inc.Status, Validity: inc.Validity, Occurrences: inc.Occurrences, FirstSeen: inc.FirstSeen, LastSeen: inc.LastSeen}})
}

// Sign returns the signature header's value for a body sent at ts.
func Sign(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a delivery's signature, for receivers (and tests).
func Verify(secret []byte, ts, signature string, body []byte) bool {
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature))
}

func (w *Webhook) deliver(ctx context.Context, ev server.Event) {
	body, err := w.Body(ev, time.Now())
	if err != nil {
		w.opts.Logger.Error("webhook body", "err", err)
		return
	}
	idb := make([]byte, 12)
	if _, err := rand.Read(idb); err != nil {
		w.opts.Logger.Error("webhook delivery id", "err", err)
		return
	}
	delivery := hex.EncodeToString(idb)
	var lastErr error
	for attempt := 0; attempt <= w.opts.Retries; attempt++ {
		if attempt > 0 {
			time.Sleep(w.opts.Backoff << (attempt - 1))
		}
		retry, err := w.post(ctx, ev.Kind, delivery, body)
		if err == nil {
			return
		}
		lastErr = err
		if !retry {
			break
		}
	}
	w.opts.Logger.Error("webhook not delivered", "event", ev.Kind, "incident", ev.Incident.ID, "err", lastErr)
}

// Send posts one event body once; retry says whether a later attempt may
// succeed (network errors, 429, 5xx). The job queue calls it for durable
// delivery, with its own retries.
func (w *Webhook) Send(ctx context.Context, kind, delivery string, body []byte) (retry bool, err error) {
	return w.post(ctx, kind, delivery, body)
}

func (w *Webhook) post(ctx context.Context, kind, delivery string, body []byte) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.opts.URL, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "leakhound-webhook")
	req.Header.Set(HeaderEvent, kind)
	req.Header.Set(HeaderDelivery, delivery)
	req.Header.Set(HeaderTimestamp, ts)
	if len(w.opts.Secret) > 0 {
		req.Header.Set(HeaderSignature, Sign(w.opts.Secret, ts, body))
	}
	resp, err := w.opts.Client.Do(req)
	if err != nil {
		return true, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return true, errors.New(resp.Status)
	default:
		return false, errors.New(resp.Status)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
