package rule_test

import (
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// TestAssignedCallsChecked refuses SDK call names that the engine could not
// use: too short to be specific, written with their parenthesis, or listed
// on a rule that has no value shape to pick the argument by.
func TestAssignedCallsChecked(t *testing.T) {
	const head = "provider: acme\nname: Acme\ncategory: api\nrules:\n  - id: acme-token\n    name: Acme token\n    severity: high\n    keywords: [acme]\n"
	for _, c := range []struct{ assigned, want string }{
		{"{value: '[a-f0-9]{32}', near: 5, calls: [Api]}", `"Api" is not a call name`},
		{"{value: '[a-f0-9]{32}', near: 5, calls: ['AcmeClient(']}", `"AcmeClient(" is not a call name`},
		{"{near: 5, calls: [AcmeClient]}", "assigned.calls needs assigned.value"},
	} {
		_, err := rule.ParseProvider("acme.yaml", []byte(head+"    assigned: "+c.assigned+"\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.assigned, err, c.want)
		}
	}
	if _, err := rule.ParseProvider("acme.yaml", []byte(head+"    assigned: {value: '[a-f0-9]{32}', near: 5, calls: [AcmeClient, Acme::Client.new]}\n")); err != nil {
		t.Errorf("valid calls refused: %v", err)
	}
}
