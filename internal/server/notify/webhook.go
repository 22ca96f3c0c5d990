// Package notify delivers the incident server's events to an outgoing
// webhook: a JSON body signed with HMAC-SHA256, or a Slack-compatible
// message, retried with exponential backoff. Delivery is asynchronous so a
// slow receiver never slows down scan ingestion, and an event waiting for
// its retry holds up no other event.
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
	// Queue is how many events may be held at once (waiting for their
	// first attempt or a retry, or being posted); beyond it events are
	// dropped (and logged) rather than blocking the server or growing.
	Queue int
	// Senders is how many posts may run at once (default 4).
	Senders int
	Logger  *slog.Logger
}

// Webhook is a Notifier that posts to one URL. Each event is posted by one
// of a few senders; an event whose attempt failed waits for its retry on a
// timer, not in a sender, so other events go on being delivered.
type Webhook struct {
	opts Options
	// ready holds events due for an attempt; it has room for every event
	// held, so putting one in never blocks.
	ready chan *pending
	// ctx ends the posts under way when Close gives up.
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	held    int                      // accepted and not yet finished
	waiting map[*pending]*time.Timer // events waiting for a retry
	closing bool
	drained chan struct{} // closed once closing and nothing is held
	quit    chan struct{} // stops the senders
	senders sync.WaitGroup
	once    sync.Once
}

// pending is one event held for delivery; its body and delivery id stay
// the same on every attempt.
type pending struct {
	kind     string
	incident int64
	body     []byte
	delivery string
	attempts int
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
	if opts.Senders <= 0 {
		opts.Senders = 4
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	w := &Webhook{opts: opts, ready: make(chan *pending, opts.Queue), waiting: map[*pending]*time.Timer{},
		drained: make(chan struct{}), quit: make(chan struct{})}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	for range opts.Senders {
		w.senders.Add(1)
		go w.send()
	}
	return w, nil
}

// Notify queues an event without blocking; when Queue events are held
// already, or the webhook is closing, it is dropped and logged.
func (w *Webhook) Notify(ev server.Event) {
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
	p := &pending{kind: ev.Kind, incident: ev.Incident.ID, body: body, delivery: hex.EncodeToString(idb)}
	w.mu.Lock()
	if w.closing || w.held >= w.opts.Queue {
		w.mu.Unlock()
		w.opts.Logger.Error("webhook queue full or closing: event dropped", "event", ev.Kind, "incident", ev.Incident.ID)
		return
	}
	w.held++
	w.mu.Unlock()
	w.ready <- p
}

// Close takes no more events and lets those held be delivered, retries
// included, until ctx ends; then it stops the retries and the posts under
// way and says how many events were not delivered.
func (w *Webhook) Close(ctx context.Context) error {
	w.mu.Lock()
	if !w.closing {
		w.closing = true
		w.closeIfDrained()
	}
	w.mu.Unlock()
	var err error
	select {
	case <-w.drained:
	case <-w.quit: // closed before
	case <-ctx.Done():
		w.mu.Lock()
		for p, t := range w.waiting {
			t.Stop()
			delete(w.waiting, p)
		}
		err = fmt.Errorf("webhook: %d events not delivered: %w", w.held, ctx.Err())
		w.mu.Unlock()
	}
	w.once.Do(func() {
		w.cancel()
		close(w.quit)
	})
	w.senders.Wait()
	return err
}

// send posts the events that are due until the webhook is closed.
func (w *Webhook) send() {
	defer w.senders.Done()
	for {
		select {
		case p := <-w.ready:
			w.attempt(p)
		case <-w.quit:
			return
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

// attempt posts an event once; a failure that may pass is tried again
// after Backoff, 2×Backoff ... on a timer, and the sender moves on.
func (w *Webhook) attempt(p *pending) {
	retry, err := w.post(w.ctx, p.kind, p.delivery, p.body)
	p.attempts++
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil && retry && p.attempts <= w.opts.Retries && w.ctx.Err() == nil {
		w.waiting[p] = time.AfterFunc(w.opts.Backoff<<(p.attempts-1), func() { w.due(p) })
		return
	}
	if err != nil {
		w.opts.Logger.Error("webhook not delivered", "event", p.kind, "incident", p.incident, "attempts", p.attempts, "err", err)
	}
	w.held--
	w.closeIfDrained()
}

// closeIfDrained tells Close that no event is held any more, once it is
// closing; w.mu is held.
func (w *Webhook) closeIfDrained() {
	if w.closing && w.held == 0 {
		close(w.drained)
	}
}

// due hands an event whose retry time came back to the senders, unless
// Close stopped its retry meanwhile.
func (w *Webhook) due(p *pending) {
	w.mu.Lock()
	_, ok := w.waiting[p]
	delete(w.waiting, p)
	w.mu.Unlock()
	if ok {
		w.ready <- p
	}
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
