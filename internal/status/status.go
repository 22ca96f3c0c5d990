// Package status posts a scan's verdict back to the platform as a commit
// status (GitHub, GitLab, Bitbucket Cloud), so a pushed secret shows on the
// commit and can block a merge through branch protection.
package status

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Poster posts commit statuses with per-platform tokens.
type Poster struct {
	Client *http.Client
	// Tokens by platform (github, gitlab, bitbucket); a platform without
	// one gets no status.
	Tokens map[string]string
	// APIBase overrides a platform's API address (tests, or a server the
	// web address does not tell: GitHub Enterprise is guessed as
	// https://HOST/api/v3, self-managed GitLab as https://HOST/api/v4).
	APIBase map[string]string
	// TargetURL is linked from the status (the dashboard), when known.
	TargetURL string
}

// Post sets the "leakhound" status of commit sha in repo (owner/name) on
// platform; webURL is the repository's page, which tells the host.
func (p *Poster) Post(ctx context.Context, platform, repo, webURL, sha string, findings int) error {
	token := p.Tokens[platform]
	if token == "" {
		return nil
	}
	ok := findings == 0
	desc := "No secrets in the pushed commits"
	if !ok {
		desc = fmt.Sprintf("%d leaked %s in the pushed commits", findings, plural(findings, "secret", "secrets"))
	}
	target := p.TargetURL
	if target == "" {
		target = "https://github.com/leakhound/leakhound"
	}
	var req *http.Request
	var err error
	switch platform {
	case "github":
		state := map[bool]string{true: "success", false: "failure"}[ok]
		body, _ := json.Marshal(map[string]string{"state": state, "context": "leakhound", "description": desc, "target_url": target})
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, p.base(platform, webURL)+"/repos/"+repo+"/statuses/"+sha, bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Accept", "application/vnd.github+json")
		}
	case "gitlab":
		q := url.Values{"state": {map[bool]string{true: "success", false: "failed"}[ok]}, "name": {"leakhound"}, "description": {desc}, "target_url": {target}}
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, p.base(platform, webURL)+"/projects/"+url.PathEscape(repo)+"/statuses/"+sha+"?"+q.Encode(), nil)
		if err == nil {
			req.Header.Set("PRIVATE-TOKEN", token)
		}
	case "bitbucket":
		state := map[bool]string{true: "SUCCESSFUL", false: "FAILED"}[ok]
		body, _ := json.Marshal(map[string]string{"state": state, "key": "leakhound", "name": "leakhound", "description": desc, "url": target})
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, p.base(platform, webURL)+"/repositories/"+repo+"/commit/"+sha+"/statuses/build", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+token)
		}
	default:
		return fmt.Errorf("unknown platform %q", platform)
	}
	if err != nil {
		return err
	}
	if req.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := p.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s commit status: %w", platform, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s commit status for %s: %s", platform, repo, resp.Status)
	}
	return nil
}

func (p *Poster) base(platform, webURL string) string {
	if b := p.APIBase[platform]; b != "" {
		return strings.TrimSuffix(b, "/")
	}
	host := "github.com"
	if u, err := url.Parse(webURL); err == nil && u.Host != "" {
		host = u.Host
	}
	switch platform {
	case "gitlab":
		return "https://" + host + "/api/v4"
	case "bitbucket":
		return "https://api.bitbucket.org/2.0"
	}
	if host == "github.com" {
		return "https://api.github.com"
	}
	return "https://" + host + "/api/v3"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
