package investigate

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
)

// tenantHost names the API host of a provider whose host differs per
// customer. It comes from the secret's own documented format (Mailchimp's
// -usN data centre) or from the user's --host, and must match the rule's
// literal pattern; never from an answer or any other input. how says
// where it came from, for the report.
func tenantHost(t *rule.Tenant, secret, given string) (host, how string, err error) {
	if t == nil {
		if given != "" {
			return "", "", errors.New("--host is only for providers whose API host differs per customer; this one's is fixed")
		}
		return "", "", nil
	}
	if t.FromSecret != "" {
		if host, err = t.HostFromSecret(secret); err != nil {
			return "", "", err
		}
		if given != "" && normalHost(given) != host {
			return "", "", fmt.Errorf("--host %s is not this key's own host %s", given, host)
		}
		return host, "from the key's own suffix", nil
	}
	if given == "" {
		return "", "", fmt.Errorf("this provider's API host differs per customer: name %s with --host (%s)", t.What, t.Pattern)
	}
	host = normalHost(given)
	u, err := url.Parse("https://" + host)
	if err != nil || u.Host != host || u.Hostname() == "" || !validHostname(u.Hostname()) {
		return "", "", fmt.Errorf("--host %q is not a host name (give it as %s)", given, t.Pattern)
	}
	if t.Pattern == "*" {
		return host, "named with --host; any https host is accepted, as the server is self-hosted", nil
	}
	label, rest, _ := strings.Cut(host, ".")
	if rest != strings.TrimPrefix(t.Pattern, "*.") || !rule.DNSLabel().MatchString(label) {
		return "", "", fmt.Errorf("--host %q does not match %s, the only hosts this provider's keys are sent to", given, t.Pattern)
	}
	return host, "named with --host", nil
}

// normalHost accepts "acme.myshopify.com", "https://acme.myshopify.com/"
// or any case of them.
func normalHost(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "https://")
	return strings.TrimSuffix(s, "/")
}

func validHostname(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	for _, l := range strings.Split(h, ".") {
		if !rule.DNSLabel().MatchString(l) {
			return false
		}
	}
	return true
}
