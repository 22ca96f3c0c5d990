package rule_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// A per-customer host is declared with a pattern whose domain is literal;
// a step may write {{tenant}} as its host only when the investigation
// declares one.
func TestTenantChecked(t *testing.T) {
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-f0-9]{32})'\n" +
		"investigate:\n  - rule: acme-token\n    docs: https://docs.acme.example/api\n    auth: {headers: {Authorization: 'Bearer {{secret}}'}}\n"
	const step = "    steps:\n      - {name: me, section: identity, url: 'https://{{tenant}}/api/me'}\n"
	for _, c := range []struct{ tenant, want string }{
		{"", "declares no tenant"},
		{"    tenant: {pattern: '*.com', what: a site}\n", "is not"},
		{"    tenant: {pattern: 'acme.example', what: a site}\n", "is not"},
		{"    tenant: {pattern: '*.acme.*', what: a site}\n", "is not"},
		{"    tenant: {pattern: '*.acme.example'}\n", "tenant needs what"},
		{"    tenant: {pattern: '*.acme.example', from_secret: 'acme_'}\n", "with a group"},
		{"    tenant: {pattern: '*', from_secret: '(x)'}\n", "needs a pattern with a domain"},
	} {
		_, err := rule.ParseProvider("acme.yaml", []byte(head+c.tenant+step))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.tenant, err, c.want)
		}
	}
	if _, err := rule.ParseProvider("acme.yaml", []byte(head+"    tenant: {pattern: '*.acme.example', what: the site}\n"+step)); err != nil {
		t.Errorf("a valid tenant refused: %v", err)
	}
}

// {{tenant_label}} names the customer in the path of a fixed host; only a
// tenant pattern with a literal domain has a label to give.
func TestTenantLabelNeedsADomain(t *testing.T) {
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-f0-9]{32})'\n" +
		"investigate:\n  - rule: acme-token\n    docs: https://docs.acme.example/api\n    auth: {headers: {Authorization: 'Bearer {{secret}}'}}\n"
	const step = "    steps:\n      - {name: audit, section: identity, url: 'https://audit.acme.example/{{tenant_label}}/log'}\n"
	for _, tenant := range []string{"", "    tenant: {pattern: '*', what: the server}\n"} {
		_, err := rule.ParseProvider("acme.yaml", []byte(head+tenant+step))
		if err == nil || !strings.Contains(err.Error(), "only a tenant pattern with a domain") {
			t.Errorf("%q: got %v", tenant, err)
		}
	}
	if _, err := rule.ParseProvider("acme.yaml", []byte(head+"    tenant: {pattern: '*.acme.example', what: the site}\n"+step)); err != nil {
		t.Errorf("a label of a tenant with a domain refused: %v", err)
	}
}

// max_days bounds an activity step's window; anywhere else, or negative,
// it is a mistake the loader names.
func TestMaxDaysOnlyOnActivity(t *testing.T) {
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme_]\n    pattern: '(?P<secret>acme_[a-f0-9]{32})'\n" +
		"investigate:\n  - rule: acme-token\n    docs: https://docs.acme.example/api\n    auth: {headers: {Authorization: 'Bearer {{secret}}'}}\n    steps:\n"
	for _, step := range []string{
		"      - {name: me, section: identity, url: 'https://api.acme.example/me', max_days: 7}\n",
		"      - {name: log, section: activity, url: 'https://api.acme.example/log?from={{from}}', max_days: -1, event: {time: at}}\n",
	} {
		if _, err := rule.ParseProvider("acme.yaml", []byte(head+step)); err == nil || !strings.Contains(err.Error(), "max_days") {
			t.Errorf("%q: got %v", step, err)
		}
	}
	ok := "      - {name: log, section: activity, url: 'https://api.acme.example/log?from={{from}}', max_days: 7, items: logs, event: {time: at}}\n"
	if _, err := rule.ParseProvider("acme.yaml", []byte(head+ok)); err != nil {
		t.Errorf("max_days on an activity step refused: %v", err)
	}
}
