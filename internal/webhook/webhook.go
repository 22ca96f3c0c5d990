// Package webhook verifies and reads push deliveries from GitHub, GitLab
// and Bitbucket Cloud. It only authenticates and parses: the receiver
// enqueues the result and answers at once.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Push is one push, whatever the platform.
type Push struct {
	Platform   string // github, gitlab, bitbucket
	DeliveryID string // the platform's id for this delivery (retries reuse it)
	Repository string // owner/name
	CloneURL   string
	Ref        string // refs/heads/main
	Before     string // all zeros for a new branch
	After      string // all zeros for a deletion
	Forced     bool
	// WebURL is the repository's page, to link commits and files.
	WebURL string
}

// ErrUnauthorized is a delivery without a valid signature or token.
var ErrUnauthorized = errors.New("unauthorized delivery")

// ErrIgnored is a delivery that is not a push (a ping, another event).
var ErrIgnored = errors.New("not a push event")

// maxPayload bounds what a delivery may send (GitHub caps payloads at 25 MB).
const maxPayload = 25 << 20

// GitHub verifies X-Hub-Signature-256 (HMAC-SHA256 of the body with the
// webhook secret) and reads a push event
// (docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries).
func GitHub(h http.Header, body []byte, secret string) (Push, error) {
	if secret == "" || !validHMAC(body, secret, h.Get("X-Hub-Signature-256"), "sha256=") {
		return Push{}, ErrUnauthorized
	}
	if h.Get("X-GitHub-Event") != "push" {
		return Push{}, ErrIgnored
	}
	var p struct {
		Ref, Before, After string
		Forced             bool
		Repository         struct {
			FullName string `json:"full_name"`
			CloneURL string `json:"clone_url"`
			HTMLURL  string `json:"html_url"`
		}
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return Push{}, fmt.Errorf("github push payload: %w", err)
	}
	return check(Push{Platform: "github", DeliveryID: h.Get("X-GitHub-Delivery"), Repository: p.Repository.FullName,
		CloneURL: p.Repository.CloneURL, WebURL: p.Repository.HTMLURL, Ref: p.Ref, Before: p.Before, After: p.After, Forced: p.Forced})
}

// GitLab compares X-Gitlab-Token with the configured token and reads a
// "Push Hook" event (docs.gitlab.com/user/project/integrations/webhook_events).
func GitLab(h http.Header, body []byte, token string) (Push, error) {
	got := h.Get("X-Gitlab-Token")
	if token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
		return Push{}, ErrUnauthorized
	}
	if h.Get("X-Gitlab-Event") != "Push Hook" {
		return Push{}, ErrIgnored
	}
	var p struct {
		Ref     string `json:"ref"`
		Before  string `json:"before"`
		After   string `json:"after"`
		Project struct {
			PathWithNamespace string `json:"path_with_namespace"`
			HTTPURL           string `json:"git_http_url"`
			WebURL            string `json:"web_url"`
		} `json:"project"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return Push{}, fmt.Errorf("gitlab push payload: %w", err)
	}
	id := h.Get("X-Gitlab-Event-UUID")
	if id == "" {
		id = h.Get("X-Gitlab-Webhook-UUID")
	}
	return check(Push{Platform: "gitlab", DeliveryID: id, Repository: p.Project.PathWithNamespace,
		CloneURL: p.Project.HTTPURL, WebURL: p.Project.WebURL, Ref: p.Ref, Before: p.Before, After: p.After})
}

// Bitbucket verifies X-Hub-Signature (sha256=HMAC of the body) and reads
// a repo:push event; one delivery may carry several ref changes, each a
// Push (support.atlassian.com/bitbucket-cloud/docs/event-payloads).
func Bitbucket(h http.Header, body []byte, secret string) ([]Push, error) {
	if secret == "" || !validHMAC(body, secret, h.Get("X-Hub-Signature"), "sha256=") {
		return nil, ErrUnauthorized
	}
	if h.Get("X-Event-Key") != "repo:push" {
		return nil, ErrIgnored
	}
	var p struct {
		Repository struct {
			FullName string `json:"full_name"`
			Links    struct {
				HTML struct{ Href string } `json:"html"`
			} `json:"links"`
		} `json:"repository"`
		Push struct {
			Changes []struct {
				Forced bool `json:"forced"`
				Old    *struct {
					Name   string
					Target struct{ Hash string }
				} `json:"old"`
				New *struct {
					Type   string
					Name   string
					Target struct{ Hash string }
				} `json:"new"`
			} `json:"changes"`
		} `json:"push"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("bitbucket push payload: %w", err)
	}
	web := p.Repository.Links.HTML.Href
	var out []Push
	for i, c := range p.Push.Changes {
		push := Push{Platform: "bitbucket", DeliveryID: fmt.Sprintf("%s#%d", h.Get("X-Request-UUID"), i), Repository: p.Repository.FullName,
			CloneURL: strings.TrimSuffix(web, "/") + ".git", WebURL: web, Forced: c.Forced,
			Before: zero, After: zero}
		if c.Old != nil {
			push.Before, push.Ref = c.Old.Target.Hash, refName(c.Old.Name)
		}
		if c.New != nil {
			push.After, push.Ref = c.New.Target.Hash, refName(c.New.Name)
			if c.New.Type == "tag" {
				push.Ref = "refs/tags/" + c.New.Name
			}
		}
		p, err := check(push)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

const zero = "0000000000000000000000000000000000000000"

func refName(branch string) string {
	if branch == "" {
		return ""
	}
	return "refs/heads/" + branch
}

func validHMAC(body []byte, secret, header, prefix string) bool {
	if !strings.HasPrefix(header, prefix) {
		return false
	}
	got, err := hex.DecodeString(strings.TrimPrefix(header, prefix))
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// check rejects payloads that lack what a scan needs.
func check(p Push) (Push, error) {
	switch {
	case p.CloneURL == "":
		return p, fmt.Errorf("%s push has no clone URL", p.Platform)
	case !isSHA(p.After) || (p.Before != "" && !isSHA(p.Before)):
		return p, fmt.Errorf("%s push has malformed commit ids", p.Platform)
	case p.DeliveryID == "":
		return p, fmt.Errorf("%s push has no delivery id", p.Platform)
	}
	return p, nil
}

func isSHA(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Sign returns the signature header value GitHub and Bitbucket send, for
// tests and for forwarding.
func Sign(body []byte, secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}
