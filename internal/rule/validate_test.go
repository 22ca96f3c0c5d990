package rule_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// also_hosts names regional hosts literally, each once, and boundedly: a
// secret goes nowhere a template or a path could choose.
func TestAlsoHostsChecked(t *testing.T) {
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-f0-9]{32})'\n" +
		"    validate:\n      url: https://api.acme.example/v1/me\n      headers: {X-Acme-Key: '{{secret}}'}\n      valid: [{status: [200]}]\n      invalid: [{status: [401]}]\n"
	for _, c := range []struct{ hosts, want string }{
		{"[api.eu.acme.example/v1]", "not a bare host name"},
		{"['{{secret}}.acme.example']", "not a bare host name"},
		{"['user@api.eu.acme.example']", "not a bare host name"},
		{"['']", "not a bare host name"},
		{"[api.acme.example]", "named twice"},
		{"[api.eu.acme.example, api.eu.acme.example]", "named twice"},
		{"[a.x, b.x, c.x, d.x, e.x, f.x, g.x, h.x, i.x]", "at most 8"},
	} {
		_, err := rule.ParseProvider("acme.yaml", []byte(head+"      also_hosts: "+c.hosts+"\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("also_hosts %s: got %v, want an error containing %q", c.hosts, err, c.want)
		}
	}
	p, err := rule.ParseProvider("acme.yaml", []byte(head+"      also_hosts: [api.eu.acme.example, 'api.ap1.acme.example:8443']\n"))
	if err != nil {
		t.Fatalf("regional hosts refused: %v", err)
	}
	if got := p.Rules[0].Validate.AlsoHosts; len(got) != 2 || got[1] != "api.ap1.acme.example:8443" {
		t.Errorf("also_hosts read as %q", got)
	}
}

// A validate tenant takes the host only from the secret's own format,
// under a literal domain, at the start of the URL.
func TestValidateTenantChecked(t *testing.T) {
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-f0-9]{32}-eu[0-9])'\n" +
		"    validate:\n      headers: {X-Acme-Key: '{{secret}}'}\n      valid: [{status: [200]}]\n      invalid: [{status: [401]}]\n"
	for _, c := range []struct{ block, want string }{
		{"      url: https://{{tenant}}/v1/me\n      tenant: {pattern: '*.api.acme.example', what: the region}\n", "from the secret"},
		{"      url: https://{{tenant}}/v1/me\n      tenant: {pattern: '*', from_secret: '-(eu[0-9])$'}\n", "needs a pattern with a domain"},
		{"      url: https://api.acme.example/{{tenant}}\n      tenant: {pattern: '*.api.acme.example', from_secret: '-(eu[0-9])$'}\n", "must start"},
		{"      url: https://{{tenant}}/v1/me\n", "unknown template"},
		{"      url: https://{{tenant}}/v1/me\n      tenant: {pattern: '*.api.acme.example', from_secret: '-(eu[0-9])$'}\n      also_hosts: [api.acme.example]\n", "exclude each other"},
	} {
		_, err := rule.ParseProvider("acme.yaml", []byte(head+c.block))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.block, err, c.want)
		}
	}
	p, err := rule.ParseProvider("acme.yaml", []byte(head+"      url: https://{{tenant}}/v1/me\n      tenant: {pattern: '*.api.acme.example', from_secret: '-(eu[0-9])$'}\n"))
	if err != nil {
		t.Fatalf("a tenant check refused: %v", err)
	}
	tn := p.Rules[0].Validate.Tenant
	if host, err := tn.HostFromSecret("acme_" + strings.Repeat("a", 32) + "-eu2"); err != nil || host != "eu2.api.acme.example" {
		t.Errorf("host %q, %v", host, err)
	}
	if _, err := tn.HostFromSecret("acme_" + strings.Repeat("a", 32)); err == nil {
		t.Error("a secret without its region named a host")
	}
}

// A listed_in check never sends the secret: it names the credential by
// its pair and looks the secret up in the answer.
func TestListedInSendsNoSecret(t *testing.T) {
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-key-id\n    name: Acme key id\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-f0-9]{32})'\n" +
		"    validate:\n      pair: acme-account\n      valid: [{status: [200]}]\n      invalid: [{status: [404]}]\n"
	for _, c := range []struct{ block, want string }{
		{"      url: https://keys.acme.example/{{pair}}?key={{secret}}\n      listed_in: json-keys\n", "never sends it"},
		{"      url: https://keys.acme.example/{{pair}}\n      headers: {X-Key: '{{secret}}'}\n      listed_in: json-keys\n", "never sends it"},
		{"      url: https://keys.acme.example/all\n      listed_in: json-keys\n", "by {{pair}}"},
		{"      url: https://keys.acme.example/{{pair}}\n      listed_in: yaml-list\n", "unknown listed_in"},
		{"      url: https://keys.acme.example/{{pair}}\n      listed_in: json-keys\n      signer: aws-sigv4\n", "no secret to sign"},
		{"      url: https://keys.acme.example/{{pair}}\n", "never sends {{secret}}"},
	} {
		_, err := rule.ParseProvider("acme.yaml", []byte(head+c.block))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.block, err, c.want)
		}
	}
	if _, err := rule.ParseProvider("acme.yaml", []byte(head+"      url: https://keys.acme.example/{{pair}}\n      listed_in: json-keys\n")); err != nil {
		t.Errorf("a listed_in check refused: %v", err)
	}
}

// An identifier rule is never reported, so it must be the pair of a check
// in its own file, and has no check of its own.
func TestIdentifierIsSomeChecksPair(t *testing.T) {
	const id = "  - id: acme-account-id\n    name: Acme account id\n    severity: low\n    identifier: true\n    keywords: [acme_]\n    pattern: '(?P<secret>acct_[a-f0-9]{16})'\n"
	const secret = "  - id: acme-key\n    name: Acme key\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-f0-9]{32})'\n" +
		"    validate:\n      url: https://api.acme.example/v1/{{pair}}\n      headers: {X-Key: '{{secret}}'}\n      valid: [{status: [200]}]\n      invalid: [{status: [401]}]\n"
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n"
	for _, c := range []struct{ yaml, want string }{
		{head + id + secret + "      pair: acme-other\n", "must name it as its pair"},
		{head + id + "    validate:\n      url: https://api.acme.example/v1/me\n      headers: {X-Key: '{{secret}}'}\n      valid: [{status: [200]}]\n      invalid: [{status: [401]}]\n", "has no validity check"},
	} {
		_, err := rule.ParseProvider("acme.yaml", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error containing %q", err, c.want)
		}
	}
	p, err := rule.ParseProvider("acme.yaml", []byte(head+id+secret+"      pair: acme-account-id\n"))
	if err != nil {
		t.Fatalf("an identifier named as a pair refused: %v", err)
	}
	if !p.Rules[0].Identifier || p.Rules[1].Identifier {
		t.Errorf("identifier flags read as %v, %v", p.Rules[0].Identifier, p.Rules[1].Identifier)
	}
}
