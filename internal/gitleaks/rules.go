package gitleaks

import (
	"strings"

	"github.com/leakhound/leakhound/internal/rule"
)

// DefaultRuleIDs are the ids of the rules in gitleaks' default config
// (config/gitleaks.toml of gitleaks v8), read from its repository: the
// names .gitleaksignore entries and reports made with the default config
// use. Only the names are kept; leakhound's own catalogue does the
// detecting.
var DefaultRuleIDs = strings.Fields(`
1password-secret-key 1password-service-account-token adafruit-api-key adobe-client-id adobe-client-secret
age-secret-key airtable-api-key airtable-personnal-access-token algolia-api-key alibaba-access-key-id
alibaba-secret-key anthropic-admin-api-key anthropic-api-key artifactory-api-key artifactory-reference-token
asana-client-id asana-client-secret atlassian-api-token authress-service-client-access-key aws-access-token
aws-amazon-bedrock-api-key-long-lived aws-amazon-bedrock-api-key-short-lived azure-ad-client-secret
beamer-api-token bitbucket-client-id bitbucket-client-secret bittrex-access-key bittrex-secret-key
cisco-meraki-api-key clickhouse-cloud-api-secret-key clojars-api-token cloudflare-api-key
cloudflare-global-api-key cloudflare-origin-ca-key codecov-access-token cohere-api-token
coinbase-access-token confluent-access-token confluent-secret-key contentful-delivery-api-token
curl-auth-header curl-auth-user databricks-api-token datadog-access-token defined-networking-api-token
digitalocean-access-token digitalocean-pat digitalocean-refresh-token discord-api-token discord-client-id
discord-client-secret doppler-api-token droneci-access-token dropbox-api-token dropbox-long-lived-api-token
dropbox-short-lived-api-token duffel-api-token dynatrace-api-token easypost-api-token easypost-test-api-token
etsy-access-token facebook-access-token facebook-page-access-token facebook-secret fastly-api-token
finicity-api-token finicity-client-secret finnhub-access-token flickr-access-token flutterwave-encryption-key
flutterwave-public-key flutterwave-secret-key flyio-access-token frameio-api-token freemius-secret-key
freshbooks-access-token gcp-api-key generic-api-key github-app-token github-fine-grained-pat github-oauth
github-pat github-refresh-token gitlab-cicd-job-token gitlab-deploy-token gitlab-feature-flag-client-token
gitlab-feed-token gitlab-incoming-mail-token gitlab-kubernetes-agent-token gitlab-oauth-app-secret gitlab-pat
gitlab-pat-routable gitlab-ptt gitlab-rrt gitlab-runner-authentication-token
gitlab-runner-authentication-token-routable gitlab-scim-token gitlab-session-cookie gitter-access-token
gocardless-api-token grafana-api-key grafana-cloud-api-token grafana-service-account-token harness-api-key
hashicorp-tf-api-token hashicorp-tf-password heroku-api-key heroku-api-key-v2 hubspot-api-key
huggingface-access-token huggingface-organization-api-token infracost-api-token intercom-api-key
intra42-client-secret jfrog-api-key jfrog-identity-token jwt jwt-base64 kraken-access-token
kubernetes-secret-yaml kucoin-access-token kucoin-secret-key launchdarkly-access-token linear-api-key
linear-client-secret linkedin-client-id linkedin-client-secret lob-api-key lob-pub-api-key looker-client-id
looker-client-secret mailchimp-api-key mailgun-private-api-token mailgun-pub-key mailgun-signing-key
mapbox-api-token mattermost-access-token maxmind-license-key messagebird-api-token messagebird-client-id
microsoft-teams-webhook netlify-access-token new-relic-browser-api-token new-relic-insert-key
new-relic-user-api-id new-relic-user-api-key notion-api-token npm-access-token nuget-config-password
nytimes-access-token octopus-deploy-api-key okta-access-token openai-api-key openshift-user-token
perplexity-api-key pkcs12-file plaid-api-token plaid-client-id plaid-secret-key planetscale-api-token
planetscale-oauth-token planetscale-password postman-api-token prefect-api-token private-key
privateai-api-token pulumi-api-token pypi-upload-token rapidapi-access-token readme-api-token
rubygems-api-token scalingo-api-token sendbird-access-id sendbird-access-token sendgrid-api-token
sendinblue-api-token sentry-access-token sentry-org-token sentry-user-token
settlemint-application-access-token settlemint-personal-access-token settlemint-service-access-token
shippo-api-token shopify-access-token shopify-custom-access-token shopify-private-app-access-token
shopify-shared-secret sidekiq-secret sidekiq-sensitive-url slack-app-token slack-bot-token
slack-config-access-token slack-config-refresh-token slack-legacy-bot-token slack-legacy-token
slack-legacy-workspace-token slack-user-token slack-webhook-url snyk-api-token sonar-api-token
sourcegraph-access-token square-access-token squarespace-access-token stripe-access-token
sumologic-access-id sumologic-access-token telegram-bot-api-token travisci-access-token twilio-api-key
twitch-api-token twitter-access-secret twitter-access-token twitter-api-key twitter-api-secret
twitter-bearer-token typeform-api-token vault-batch-token vault-service-token yandex-access-token
yandex-api-key yandex-aws-access-token zendesk-secret-key
`)

// renamedProviders are gitleaks rule-id prefixes whose provider leakhound
// names otherwise; every other prefix is looked up as a provider id.
var renamedProviders = map[string][]string{
	"1password":   {"onepassword"},
	"artifactory": {"jfrog"},
	"droneci":     {"drone"},
	"flyio":       {"fly"},
	"gcp-api-key": {"google", "gemini"}, // AIza keys
	"hashicorp":   {"terraform-cloud"},  // hashicorp-tf-*
	"sendinblue":  {"brevo"},
	"sonar":       {"sonarqube"},
	"travisci":    {"travis-ci"},
	"vault":       {"hashicorp-vault"},
	"yandex":      {"yandex-cloud"},
}

// Ranks of a leakhound rule as the counterpart of a gitleaks rule, best
// first; NoMatch means it is not one.
const (
	NoMatch = iota
	// SameRule: the rule itself (imported from a gitleaks config) or a
	// rule that names the gitleaks id among its aliases.
	SameRule
	// SameProvider: a rule of the provider the gitleaks rule is for, or,
	// for gitleaks' generic rules, a generic rule.
	SameProvider
	// Unclaimed: for a gitleaks rule leakhound has no provider for (or a
	// generic one), a generic rule or a provider no gitleaks default rule
	// covers, which gitleaks would have found as generic-api-key.
	Unclaimed
)

// RuleMatcher relates gitleaks rule ids to the rules of a scan.
type RuleMatcher struct {
	providers map[string]bool
	// covered are the providers some gitleaks default rule is for.
	covered map[string]bool
	aliases map[string]map[string]bool // gitleaks id -> leakhound rule ids
}

// NewRuleMatcher indexes the rules a scan runs.
func NewRuleMatcher(rules []*rule.Rule) *RuleMatcher {
	m := &RuleMatcher{providers: map[string]bool{}, covered: map[string]bool{}, aliases: map[string]map[string]bool{}}
	for _, r := range rules {
		m.providers[r.Provider] = true
		for _, a := range append([]string{r.ID}, r.Aliases...) {
			if m.aliases[a] == nil {
				m.aliases[a] = map[string]bool{}
			}
			m.aliases[a][r.ID] = true
		}
	}
	for _, id := range DefaultRuleIDs {
		for _, p := range m.Providers(id) {
			m.covered[p] = true
		}
	}
	return m
}

// Providers returns the leakhound providers a gitleaks rule id is for,
// none for gitleaks' generic rules and providers leakhound lacks.
func (m *RuleMatcher) Providers(gitleaksID string) []string {
	id := strings.ToLower(gitleaksID)
	if strings.HasPrefix(id, "generic") || strings.HasPrefix(id, "curl-") {
		return nil
	}
	// The longest prefix that names a provider wins: new-relic-... is
	// New Relic's, not a provider called "new".
	for i := len(id); i > 0; i = strings.LastIndexByte(id[:i], '-') {
		prefix := id[:i]
		if ps, ok := renamedProviders[prefix]; ok {
			return m.present(ps)
		}
		if m.providers[prefix] {
			return []string{prefix}
		}
	}
	return nil
}

func (m *RuleMatcher) present(ps []string) []string {
	var out []string
	for _, p := range ps {
		if m.providers[p] {
			out = append(out, p)
		}
	}
	return out
}

// Rank says how well a leakhound rule (its id and provider) answers to a
// gitleaks rule id.
func (m *RuleMatcher) Rank(gitleaksID, ruleID, provider string) int {
	if m.aliases[gitleaksID][ruleID] {
		return SameRule
	}
	generic := strings.HasPrefix(ruleID, "generic-")
	ps := m.Providers(gitleaksID)
	for _, p := range ps {
		if p == provider {
			return SameProvider
		}
	}
	switch {
	case len(ps) > 0 && generic:
		// leakhound found the provider's secret only as a generic one.
		return Unclaimed
	case len(ps) > 0:
		return NoMatch
	case generic:
		return SameProvider
	case !m.covered[provider]:
		return Unclaimed
	}
	return NoMatch
}
