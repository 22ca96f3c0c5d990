// Package mirror keeps bare mirrors of remote repositories in a cache
// directory and fetches what a push brought, over HTTPS (or plain HTTP for
// hosts the operator allows). Local and other transports are refused: a
// webhook payload must not make the server read its own files.
package mirror

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/leakhound/leakhound/internal/redact"
)

// Cache is a directory of bare mirrors.
type Cache struct {
	Dir string
	// AllowHTTPHosts lists hosts (host or host:port) that may be fetched
	// over plain HTTP: self-managed servers on an internal network.
	AllowHTTPHosts []string
	// Auth returns extra HTTP headers for a host (a token for private
	// repositories); they reach git through its environment, not its
	// arguments, so they never show in a process list.
	Auth func(host string) map[string]string

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// CheckURL accepts https URLs, and http URLs to allowed hosts; nothing else.
func (c *Cache) CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || strings.HasPrefix(raw, "-") {
		return nil, fmt.Errorf("clone URL %q is not a URL", redact.URL(raw))
	}
	if u.User != nil {
		return nil, fmt.Errorf("clone URL must not carry credentials")
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		for _, h := range c.AllowHTTPHosts {
			if strings.EqualFold(h, u.Host) || strings.EqualFold(h, u.Hostname()) {
				return u, nil
			}
		}
		return nil, fmt.Errorf("plain http to %s is not allowed (--allow-http-hosts)", u.Host)
	}
	return nil, fmt.Errorf("clone URL scheme %q is refused: only https (and http to allowed hosts)", u.Scheme)
}

// Path is where the mirror of a URL lives.
func (c *Cache) Path(cloneURL string) string {
	sum := sha256.Sum256([]byte(cloneURL))
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:10])+".git")
}

// Fetch brings the mirror of cloneURL up to date (every branch and tag)
// and returns its path. Concurrent fetches of one repository are
// serialised; different repositories fetch in parallel.
func (c *Cache) Fetch(ctx context.Context, cloneURL string) (string, error) {
	u, err := c.CheckURL(cloneURL)
	if err != nil {
		return "", err
	}
	lock := c.lock(cloneURL)
	lock.Lock()
	defer lock.Unlock()
	dir := c.Path(cloneURL)
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil {
		if err := os.MkdirAll(c.Dir, 0o700); err != nil {
			return "", err
		}
		if out, err := c.git(ctx, u, "", "init", "--quiet", "--bare", dir); err != nil {
			return "", fmt.Errorf("creating mirror: %s", out)
		}
	}
	out, err := c.git(ctx, u, dir, "fetch", "--quiet", "--prune", "--no-tags", "--", u.String(),
		"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
	if err != nil {
		return "", fmt.Errorf("fetching %s: %s", redact.URL(u.String()), strings.TrimSpace(out))
	}
	return dir, nil
}

func (c *Cache) lock(key string) *sync.Mutex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.locks == nil {
		c.locks = map[string]*sync.Mutex{}
	}
	if c.locks[key] == nil {
		c.locks[key] = &sync.Mutex{}
	}
	return c.locks[key]
}

// git runs git with only the https and http transports allowed (no file,
// ssh, ext or submodule recursion), never prompting for credentials.
func (c *Cache) git(ctx context.Context, u *url.URL, dir string, args ...string) (string, error) {
	base := []string{"-c", "protocol.allow=never", "-c", "protocol.https.allow=always", "-c", "protocol.http.allow=always",
		"-c", "credential.helper=", "-c", "core.hooksPath=/dev/null"}
	if dir != "" {
		base = append(base, "-C", dir)
	}
	cmd := exec.CommandContext(ctx, "git", append(base, args...)...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true", "GIT_CONFIG_NOSYSTEM=1")
	if c.Auth != nil {
		headers := c.Auth(u.Host)
		i := 0
		for k, v := range headers {
			cmd.Env = append(cmd.Env, fmt.Sprintf("GIT_CONFIG_KEY_%d=http.extraHeader", i), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s: %s", i, k, v))
			i++
		}
		if i > 0 {
			cmd.Env = append(cmd.Env, fmt.Sprintf("GIT_CONFIG_COUNT=%d", i))
		}
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}
