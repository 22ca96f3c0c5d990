package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/leakhound/leakhound/internal/jobs"
	"github.com/leakhound/leakhound/internal/metrics"
	"github.com/leakhound/leakhound/internal/redact"
	"github.com/leakhound/leakhound/internal/webhook"
)

// Receiver takes push webhooks from GitHub, GitLab and Bitbucket: it
// verifies the delivery, enqueues a scan and answers at once. The work
// happens in the queue's workers.
type Receiver struct {
	GitHubSecret    string // LEAKHOUND_GITHUB_WEBHOOK_SECRET
	GitLabToken     string // LEAKHOUND_GITLAB_WEBHOOK_TOKEN
	BitbucketSecret string // LEAKHOUND_BITBUCKET_WEBHOOK_SECRET
	// CheckURL refuses clone URLs the mirrors may not fetch (file://,
	// plain http to a host not allowed, a host on a private network).
	CheckURL func(ctx context.Context, cloneURL string) error
	Enqueue  func(ctx context.Context, job jobs.ScanPush) (skipped bool, err error)
	Log      *slog.Logger
	Metrics  *metrics.Registry
}

const maxDelivery = 25 << 20

// Handler routes POST /webhooks/{github,gitlab,bitbucket}.
func (rc *Receiver) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhooks/github", rc.handle("github"))
	mux.HandleFunc("POST /webhooks/gitlab", rc.handle("gitlab"))
	mux.HandleFunc("POST /webhooks/bitbucket", rc.handle("bitbucket"))
	return mux
}

func (rc *Receiver) handle(platform string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer func() {
			if rc.Metrics != nil {
				rc.Metrics.Observe(`leakhound_webhook_seconds{platform="`+platform+`"}`, "Time to verify and enqueue a webhook delivery.", time.Since(start))
			}
		}()
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxDelivery))
		if err != nil {
			http.Error(w, "delivery too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		var pushes []webhook.Push
		switch platform {
		case "github":
			var p webhook.Push
			p, err = webhook.GitHub(r.Header, body, rc.GitHubSecret)
			pushes = []webhook.Push{p}
		case "gitlab":
			var p webhook.Push
			p, err = webhook.GitLab(r.Header, body, rc.GitLabToken)
			pushes = []webhook.Push{p}
		default:
			pushes, err = webhook.Bitbucket(r.Header, body, rc.BitbucketSecret)
		}
		switch {
		case errors.Is(err, webhook.ErrUnauthorized):
			rc.log().Warn("webhook refused: bad or missing signature", "platform", platform, "remote", r.RemoteAddr)
			rc.count(platform, "unauthorized")
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		case errors.Is(err, webhook.ErrIgnored):
			rc.count(platform, "ignored")
			w.WriteHeader(http.StatusNoContent)
			return
		case err != nil:
			rc.count(platform, "bad_request")
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// A replayed body (the same signed payload under a new delivery
		// id, which the signature does not cover) is the same job.
		sum := sha256.Sum256(append([]byte(platform+"\x00"), body...))
		queued := 0
		for i, p := range pushes {
			if rc.CheckURL != nil {
				if err := rc.CheckURL(r.Context(), p.CloneURL); err != nil {
					rc.log().Warn("webhook refused: clone URL not allowed", "platform", platform, "url", redact.URL(p.CloneURL), "err", err)
					rc.count(platform, "refused_url")
					http.Error(w, err.Error(), http.StatusBadRequest)
					return
				}
			}
			skipped, err := rc.Enqueue(r.Context(), jobs.ScanPush{Platform: p.Platform, DeliveryID: p.DeliveryID, Repository: p.Repository,
				CloneURL: p.CloneURL, WebURL: p.WebURL, Ref: p.Ref, Before: p.Before, After: p.After,
				Content: fmt.Sprintf("%x:%d", sum, i)})
			if err != nil {
				rc.log().Error("enqueueing a push scan", "platform", platform, "err", err)
				http.Error(w, "could not queue the scan", http.StatusServiceUnavailable)
				return
			}
			if !skipped {
				queued++
			}
		}
		rc.count(platform, "accepted")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"queued":`+strconv.Itoa(queued)+`}`)
	}
}

func (rc *Receiver) count(platform, outcome string) {
	if rc.Metrics != nil {
		rc.Metrics.Add(`leakhound_webhooks_total{platform="`+platform+`",outcome="`+outcome+`"}`, "Webhook deliveries by outcome.", 1)
	}
}

func (rc *Receiver) log() *slog.Logger {
	if rc.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return rc.Log
}
