package detect_test

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/rule"
)

func ruleIDs(ms []detect.Match) []string {
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.Rule.ID)
	}
	return ids
}

// TestOverlappingFormatsSettledByContext scans text with the whole
// catalogue: a key both Stripe's and another provider's pattern accept is
// reported once, by the rule whose provider is named around it, else by
// the rule that declared wins_over; every length of a Stripe key is found.
func TestOverlappingFormatsSettledByContext(t *testing.T) {
	e := catalogueEngine(t)
	const hex40 = "9b2c0e4f7a1d3c5e8f60718293a4b5c6d7e8f901"
	const mixed40 = "Qm7ZpR2vL9xK4nT8wB3cY6hJ1sD5fG0aE2uV7iOk"
	const chatHook = "https://chat.googleapis.com/v1/spaces/AAQAm8Rz4Tk/messages?key=AIzaSyC7nM2pQ9xL4vB8tR1wE6yK3hJ5dS0fGzA&token=q9Wm3Xr7Tz2Kc5Vb8Nh1Ld4Fs6Gj0Ya_Ep-Uo3Iw9Qx"
	workos := "sk_live_a2V5XzAxSDNXUFE4WjJSN0JUNlZNNUcwS1FZMUMsVmxLZTNyWGhQcTlUbTJ3QmZOOHNZ"
	cases := []struct{ name, text, want string }{
		{"hex under paystack's name", "PAYSTACK_SECRET_KEY=sk_live_" + hex40, "paystack-secret-key"},
		{"hex under stripe's name", "STRIPE_SECRET_KEY=sk_live_" + hex40, "stripe-secret-key"},
		{"hex with stripe named in a comment above", "# stripe\n\nsecret: sk_live_" + hex40, "stripe-secret-key"},
		{"hex with stripe named after it", `key = "sk_live_` + hex40 + `"  # from the Stripe dashboard`, "stripe-secret-key"},
		{"hex with no name around: paystack declared it", "secret: sk_live_" + hex40, "paystack-secret-key"},
		{"hex with both named: the declaring rule", "# stripe and paystack\nsecret: sk_live_" + hex40, "paystack-secret-key"},
		{"stripe named too far above", "# stripe\n\n\n\n\n\n\n\nsecret: sk_live_" + hex40, "paystack-secret-key"},
		{"stripe inside a word does not count", "# stripes\nsecret: sk_live_" + hex40, "paystack-secret-key"},
		{"40 mixed characters are only Stripe's", "secret: sk_live_" + mixed40, "stripe-secret-key"},
		{"40 mixed under clerk's name", "CLERK_SECRET_KEY=sk_live_" + mixed40, "clerk-secret-key"},
		{"40 mixed test key under clerk's name", "CLERK_SECRET_KEY=sk_test_" + mixed40, "clerk-secret-key"},
		{"clerk on the line beats stripe a line above", "STRIPE_PUBLISHABLE_KEY=pk_live_x\nCLERK_SECRET_KEY=sk_live_" + mixed40, "clerk-secret-key"},
		{"stripe on the line beats clerk a line above", "# clerk\nSTRIPE_SECRET_KEY=sk_live_" + mixed40, "stripe-secret-key"},
		{"workos shape alone", "api_key: " + workos, "workos-api-key"},
		{"workos shape under stripe's name", "STRIPE_SECRET_KEY=" + workos, "stripe-secret-key"},
		{"workos shape in base64", "data: " + b64("WORKOS_API_KEY="+workos+"\n"), "workos-api-key"},
		// The webhook URL holds a Google API key whole: naming Google
		// around it does not make the key the credential to revoke.
		{"chat webhook", "url: " + chatHook, "google-chat-webhook-url"},
		{"chat webhook under google's name", "GOOGLE_CHAT_WEBHOOK=" + chatHook, "google-chat-webhook-url"},
		{"chat webhook with google above", "# Google Chat alerts\nhook: " + chatHook, "google-chat-webhook-url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var provider []string
			for _, id := range ruleIDs(e.Scan([]byte(c.text))) {
				if !strings.HasPrefix(id, "generic-") {
					provider = append(provider, id)
				}
			}
			if !slices.Equal(provider, []string{c.want}) {
				t.Errorf("found %v, want only %s", provider, c.want)
			}
		})
	}
	// Every body length from 24 to 247 is Stripe's, 40 included.
	for n := 24; n <= 247; n++ {
		body := strings.Repeat(mixed40, 7)[:n]
		ms := e.Scan([]byte("STRIPE_SECRET_KEY=sk_live_" + body))
		if ids := ruleIDs(ms); !slices.Contains(ids, "stripe-secret-key") {
			t.Errorf("a %d-character Stripe key: found %v", n, ids)
		}
	}
}

// TestOverlapDeclaredBothWaysStaysReported: when two rules each claim to
// win, the engine cannot choose and reports both (the catalogue test then
// names the conflict).
func TestOverlapDeclaredBothWaysStaysReported(t *testing.T) {
	a := &rule.Rule{ID: "alpha-key", Name: "A", Severity: "high", Keywords: []string{"key_"}, Pattern: `\b(?P<secret>key_[a-z0-9]{20})\b`, Provider: "alpha", WinsOver: []string{"beta-key"}}
	b := &rule.Rule{ID: "beta-key", Name: "B", Severity: "high", Keywords: []string{"key_"}, Pattern: `\b(?P<secret>key_[a-z0-9]{20,30})\b`, Provider: "beta", WinsOver: []string{"alpha-key"}}
	e, err := detect.New([]*rule.Rule{a, b})
	if err != nil {
		t.Fatal(err)
	}
	text := "token = key_q8z2m4x7c1v9b3n6l0k5"
	if ids := ruleIDs(e.Scan([]byte(text))); len(ids) != 2 {
		t.Errorf("mutual wins_over: found %v, want both", ids)
	}
	if ids := ruleIDs(e.Scan([]byte("beta " + text))); !slices.Equal(ids, []string{"beta-key"}) {
		t.Errorf("beta named: found %v, want beta-key", ids)
	}
	if ps := e.CheckExamples(&rule.Rule{ID: a.ID, Examples: []string{text}}); len(ps) != 1 || !strings.Contains(ps[0], "cannot settle") {
		t.Errorf("CheckExamples: %v", ps)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestExampleAlsoFoundByAnIdentifierIsNoConflict: an identifier rule (the
// public half of a pair, never reported) matching a secret rule's example
// is not a second rule reporting it; a reported rule still is.
func TestExampleAlsoFoundByAnIdentifierIsNoConflict(t *testing.T) {
	secret := &rule.Rule{ID: "acme-secret", Name: "S", Severity: "high", Keywords: []string{"acme"}, Pattern: `acme_secret=(?P<secret>[a-z0-9]{20})\b`, Provider: "acme"}
	for _, identifier := range []bool{true, false} {
		id := &rule.Rule{ID: "other-id", Name: "I", Severity: "low", Keywords: []string{"acme"}, Pattern: `acme_(?:secret|id)=(?P<secret>[a-z0-9]{20})\b`, Provider: "other", Identifier: identifier}
		e, err := detect.New([]*rule.Rule{secret, id})
		if err != nil {
			t.Fatal(err)
		}
		ps := e.CheckExamples(&rule.Rule{ID: secret.ID, Examples: []string{"acme_secret=q8z2m4x7c1v9b3n6l0k5"}})
		if identifier && len(ps) != 0 || !identifier && (len(ps) != 1 || !strings.Contains(ps[0], "cannot settle")) {
			t.Errorf("identifier %v: %v", identifier, ps)
		}
	}
}
