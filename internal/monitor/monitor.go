// Package monitor lists an organisation's repositories through its
// platform's API (GitHub, GitLab, Bitbucket Cloud), following pagination,
// so each can be queued for a full-history scan at onboarding.
package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Repository is one repository to scan.
type Repository struct {
	Name     string // owner/name or group/project
	CloneURL string // https
	WebURL   string
}

// Lister lists repositories of an organisation.
type Lister struct {
	Platform string // github, gitlab, bitbucket
	// APIURL overrides the platform's API base: GitHub Enterprise Server
	// (https://ghe.example.com/api/v3), self-managed GitLab.
	APIURL string
	Token  string
	Client *http.Client
	// MaxPages bounds a listing, so a wrong org cannot loop forever.
	MaxPages int
}

// List returns every repository of org.
func (l *Lister) List(ctx context.Context, org string) ([]Repository, error) {
	if l.Client == nil {
		l.Client = http.DefaultClient
	}
	if l.MaxPages == 0 {
		l.MaxPages = 1000
	}
	var next string
	switch l.Platform {
	case "github":
		next = l.base("https://api.github.com") + "/orgs/" + url.PathEscape(org) + "/repos?per_page=100&type=all"
	case "gitlab":
		next = l.base("https://gitlab.com") + "/api/v4/groups/" + url.PathEscape(org) + "/projects?per_page=100&include_subgroups=true&archived=false"
	case "bitbucket":
		next = l.base("https://api.bitbucket.org") + "/2.0/repositories/" + url.PathEscape(org) + "?pagelen=100"
	default:
		return nil, fmt.Errorf("unknown platform %q (github, gitlab or bitbucket)", l.Platform)
	}
	var out []Repository
	for page := 0; next != ""; page++ {
		if page >= l.MaxPages {
			return out, fmt.Errorf("more than %d pages of repositories; stopped", l.MaxPages)
		}
		repos, nextURL, err := l.page(ctx, next)
		if err != nil {
			return out, err
		}
		out = append(out, repos...)
		next = nextURL
	}
	return out, nil
}

func (l *Lister) base(def string) string {
	if l.APIURL != "" {
		return strings.TrimSuffix(l.APIURL, "/")
	}
	return def
}

var linkNext = regexp.MustCompile(`<([^>]+)>;\s*rel="next"`)

func (l *Lister) page(ctx context.Context, u string) ([]Repository, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	switch l.Platform {
	case "github":
		req.Header.Set("Accept", "application/vnd.github+json")
		if l.Token != "" {
			req.Header.Set("Authorization", "Bearer "+l.Token)
		}
	case "gitlab":
		if l.Token != "" {
			req.Header.Set("PRIVATE-TOKEN", l.Token)
		}
	case "bitbucket":
		if l.Token != "" {
			req.Header.Set("Authorization", "Bearer "+l.Token)
		}
	}
	resp, err := l.Client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("%s answered %s listing repositories", l.Platform, resp.Status)
	}
	next := ""
	if m := linkNext.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
		next = m[1]
	}
	switch l.Platform {
	case "github":
		var rs []struct {
			FullName string `json:"full_name"`
			CloneURL string `json:"clone_url"`
			HTMLURL  string `json:"html_url"`
			Archived bool   `json:"archived"`
		}
		if err := json.Unmarshal(body, &rs); err != nil {
			return nil, "", fmt.Errorf("github repository list: %w", err)
		}
		var out []Repository
		for _, r := range rs {
			if !r.Archived {
				out = append(out, Repository{Name: r.FullName, CloneURL: r.CloneURL, WebURL: r.HTMLURL})
			}
		}
		return out, next, nil
	case "gitlab":
		var rs []struct {
			Path   string `json:"path_with_namespace"`
			HTTP   string `json:"http_url_to_repo"`
			WebURL string `json:"web_url"`
		}
		if err := json.Unmarshal(body, &rs); err != nil {
			return nil, "", fmt.Errorf("gitlab project list: %w", err)
		}
		if next == "" && resp.Header.Get("X-Next-Page") != "" {
			q := req.URL.Query()
			q.Set("page", resp.Header.Get("X-Next-Page"))
			req.URL.RawQuery = q.Encode()
			next = req.URL.String()
		}
		var out []Repository
		for _, r := range rs {
			out = append(out, Repository{Name: r.Path, CloneURL: r.HTTP, WebURL: r.WebURL})
		}
		return out, next, nil
	default:
		var page struct {
			Values []struct {
				FullName string `json:"full_name"`
				Links    struct {
					Clone []struct{ Href, Name string } `json:"clone"`
					HTML  struct{ Href string }         `json:"html"`
				} `json:"links"`
			} `json:"values"`
			Next string `json:"next"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, "", fmt.Errorf("bitbucket repository list: %w", err)
		}
		var out []Repository
		for _, r := range page.Values {
			clone := ""
			for _, c := range r.Links.Clone {
				if c.Name == "https" {
					clone = stripUser(c.Href)
				}
			}
			out = append(out, Repository{Name: r.FullName, CloneURL: clone, WebURL: r.Links.HTML.Href})
		}
		return out, page.Next, nil
	}
}

// stripUser drops "user@" from a clone URL: credentials come from the
// server's configuration, never from a URL.
func stripUser(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.User = nil
	return u.String()
}
