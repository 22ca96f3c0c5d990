package detectormap

import (
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// Names as ggshield, TruffleHog and gitleaks write them map to the rules
// that find the same secrets.
func TestLookup(t *testing.T) {
	m := New(testutil.Catalogue(t))
	for _, tc := range []struct {
		name    string
		want    string // a rule the match must hold
		exclude string // a rule it must not
	}{
		{"Generic Password", "generic-password", "generic-jwt"},
		{"AWS Keys", "aws-secret-access-key", "github-pat"},
		{"AWS", "aws-access-key-id", ""},
		{"GitHub Token", "github-personal-access-token", "aws-access-key-id"},
		{"Github", "github-oauth-token", ""},
		{"SlackWebhook", "slack-webhook-url", "slack-bot-token"},
		{"Slack Webhook URL", "slack-webhook-url", "slack-bot-token"},
		{"PrivateKey", "private-key-rsa", "privateai-api-key"},
		{"aws-access-key-id", "aws-access-key-id", "aws-secret-access-key"},
		{"OpenSSH Private Key", "private-key-openssh", "private-key-rsa"},
		{"Generic Private Key", "private-key-rsa", "generic-password"},
		{"JSON Web Token", "generic-jwt", "generic-password"},
		{"SendinBlueV2", "brevo-api-key", ""},
		{"JiraToken", "atlassian-api-token", ""},
		{"MongoDB Credentials", "database-connection-url", ""},
	} {
		got := m.Lookup(tc.name)
		if !slices.Contains(got.Rules, tc.want) {
			t.Errorf("%q -> %v (%s), want it to hold %s", tc.name, got.Rules, got.How, tc.want)
		}
		if tc.exclude != "" && slices.Contains(got.Rules, tc.exclude) {
			t.Errorf("%q -> %v, must not hold %s", tc.name, got.Rules, tc.exclude)
		}
	}
	for _, name := range []string{"Contoso Widget Token", "", "Generic"} {
		if got := m.Lookup(name); len(got.Rules) > 0 {
			t.Errorf("%q -> %v, want nothing", name, got.Rules)
		}
	}
}

func TestSplit(t *testing.T) {
	for in, want := range map[string][]string{
		"SlackWebhook":  {"slack", "webhook"},
		"AWSKeys":       {"aws", "keys"},
		"GitHub Token":  {"git", "hub", "token"},
		"github_oauth2": {"github", "oauth2"},
	} {
		if got := split(in); !slices.Equal(got, want) {
			t.Errorf("split(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestDisable: a detector's rules are added once however often it is
// named, and a name that maps to nothing leaves the list as it was and
// says so.
func TestDisable(t *testing.T) {
	m := New(testutil.Catalogue(t))
	disabled, note, inexact := m.Disable([]string{"kept"}, "SlackWebhook")
	if inexact || len(disabled) < 2 || disabled[0] != "kept" || !strings.HasPrefix(note, "disables ") {
		t.Fatalf("SlackWebhook: %v %q %v", disabled, note, inexact)
	}
	again, _, _ := m.Disable(disabled, "SlackWebhook")
	if len(again) != len(disabled) {
		t.Errorf("naming it twice added rules again: %v", again)
	}
	none, note, inexact := m.Disable(disabled, "NoSuchVendorAnywhere")
	if !inexact || len(none) != len(disabled) || !strings.Contains(note, "no leakhound rule") {
		t.Errorf("unknown name: %v %q %v", none, note, inexact)
	}
}
