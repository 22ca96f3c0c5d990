// Package mirror keeps bare mirrors of remote repositories in a cache
// directory and fetches what a push brought, over HTTPS (or plain HTTP for
// hosts the operator allows). Local and other transports are refused: a
// webhook payload must not make the server read its own files. Nor may it
// make the server fetch from its own network: a host that resolves to a
// loopback, private or link-local address is refused unless the operator
// allows it, the address checked is the one git connects to, and
// redirects are not followed.
package mirror

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
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
	// AllowPrivateHosts lists hosts (host or host:port) that may resolve to
	// loopback, private or link-local addresses: forges on an internal
	// network. Hosts in AllowHTTPHosts are allowed such addresses too.
	AllowPrivateHosts []string
	// Lookup resolves a host name; nil uses the system resolver.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
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

// ErrUnresolved wraps a failure to resolve a clone URL's host: it may be
// passing (the fetch checks again), unlike a refused address.
var ErrUnresolved = errors.New("cannot resolve the host")

// Resolve checks a clone URL and returns the address git must connect to:
// every address the host resolves to must be public, unless the host is
// allowed (AllowPrivateHosts, AllowHTTPHosts). Resolving once and pinning
// that address keeps a name that answers differently the second time
// (DNS rebinding) from leading git elsewhere.
func (c *Cache) Resolve(ctx context.Context, raw string) (*url.URL, netip.Addr, error) {
	u, err := c.CheckURL(raw)
	if err != nil {
		return nil, netip.Addr{}, err
	}
	host := u.Hostname()
	addrs := []netip.Addr{}
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, a)
	} else {
		lookup := c.Lookup
		if lookup == nil {
			lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
				return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
			}
		}
		if addrs, err = lookup(ctx, host); err != nil || len(addrs) == 0 {
			return nil, netip.Addr{}, fmt.Errorf("clone URL %s: %w %s: %v", redact.URL(raw), ErrUnresolved, host, err)
		}
	}
	if !c.allowed(c.AllowPrivateHosts, u) && !c.allowed(c.AllowHTTPHosts, u) {
		for _, a := range addrs {
			if !public(a) {
				return nil, netip.Addr{}, fmt.Errorf("clone URL host %s resolves to %s, an address on a local or private network: refused (--allow-private-hosts)", host, a)
			}
		}
	}
	return u, addrs[0].Unmap(), nil
}

// CheckRemote is the webhook receiver's check: it refuses what Resolve
// refuses, but lets a host that does not resolve right now through, since
// the fetch resolves (and checks) again before it connects.
func (c *Cache) CheckRemote(ctx context.Context, raw string) error {
	_, _, err := c.Resolve(ctx, raw)
	if errors.Is(err, ErrUnresolved) {
		return nil
	}
	return err
}

func (c *Cache) allowed(hosts []string, u *url.URL) bool {
	for _, h := range hosts {
		if strings.EqualFold(h, u.Host) || strings.EqualFold(h, u.Hostname()) {
			return true
		}
	}
	return false
}

// public reports whether a is an address on the public internet: not
// loopback, private (RFC 1918, fc00::/7), link-local (cloud metadata
// services live at 169.254.169.254), multicast, unspecified, shared
// address space (100.64.0.0/10, RFC 6598) or otherwise reserved.
func public(a netip.Addr) bool {
	a = a.Unmap()
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range reserved {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// reserved are special-purpose ranges netip does not classify (RFC 6890).
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64: reaches IPv4 addresses
	netip.MustParsePrefix("64:ff9b:1::/48"),
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
	u, addr, err := c.Resolve(ctx, cloneURL)
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
		if out, err := c.git(ctx, u, netip.Addr{}, "", "init", "--quiet", "--bare", dir); err != nil {
			return "", fmt.Errorf("creating mirror: %s", out)
		}
	}
	out, err := c.git(ctx, u, addr, dir, "fetch", "--quiet", "--prune", "--no-tags", "--", u.String(),
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

// git runs git with only the URL's own transport allowed (no file, ssh,
// ext, submodule recursion, nor a redirect to another scheme), never
// prompting for credentials, never following a redirect (it would leave
// the checked address), and connecting to the host at pin when pin is
// valid (git's http.curloptResolve, libcurl's CURLOPT_RESOLVE).
func (c *Cache) git(ctx context.Context, u *url.URL, pin netip.Addr, dir string, args ...string) (string, error) {
	base := []string{"-c", "protocol.allow=never", "-c", "protocol." + u.Scheme + ".allow=always",
		"-c", "http.followRedirects=false", "-c", "credential.helper=", "-c", "core.hooksPath=/dev/null"}
	if _, err := netip.ParseAddr(u.Hostname()); err != nil && pin.IsValid() {
		port := u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
		addr := pin.String()
		if pin.Is6() {
			addr = "[" + addr + "]"
		}
		base = append(base, "-c", "http.curloptResolve="+u.Hostname()+":"+port+":"+addr)
	}
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
