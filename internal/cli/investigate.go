package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	goio "io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/investigate"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/suppress"
)

func newInvestigateCmd(io *IO) *cobra.Command {
	var since, findingFrom, format, configPath, baseline, host string
	var known investigate.Known
	var regions []string
	cmd := &cobra.Command{
		Use:   "investigate RULE_ID (--since DATE | --finding-from REPORT.json) < secret",
		Short: "Ask the provider whose a leaked key is, what it can do and what it did since it leaked",
		Long: `Reads the secret from standard input (never from the command line). For a
two-part credential the second line is its other part (for AWS, the access
key id and the secret access key, in either order).

With only read-only requests to the hosts the rule names (or their
[validation] hosts overrides), reports the key's identity, its
permissions and the resources they reach, and its activity since the leak,
where the provider keeps one: counts by day, action, actor, source IP, user
agent, target and tag, with anything outside the usual pattern flagged. The
usual pattern is the activity in the --baseline window before the leak,
plus the sources given with --known-ip, --known-agent and --known-actor.

The leak date is --since (YYYY-MM-DD or RFC 3339), or the date of the
first commit that exposed this secret in a JSON scan report
(--finding-from), matched by the secret's fingerprint.

Where the API host differs per customer, name it with --host: it must
match the pattern the rule declares (*.myshopify.com, *.atlassian.net;
any https host for a self-hosted Vault, stated in the report). Mailchimp's
host is read from the key's own -usN suffix.

Some activity logs need more than the leaked key; give a read-only admin
credential in $` + investigate.AdminEnv + ` (for AWS: KEY_ID:SECRET with
cloudtrail:LookupEvents).

Exit status: 0 nothing unusual, 1 unusual activity flagged, 2 error (an
unknown rule, no investigation for it, a key that is not valid), 3 some
questions could not be answered.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (since == "") == (findingFrom == "") {
				return exitWith(ExitError, errors.New("give the leak date with --since DATE or --finding-from REPORT.json (one of them)"))
			}
			baseDur, err := parseDays(baseline)
			if err != nil {
				return exitWith(ExitError, fmt.Errorf("--baseline: %w", err))
			}
			cfg, rules, r, err := configAndRule(io, configPath, args[0])
			if err != nil {
				return exitWith(ExitError, err)
			}
			if r.Investigation == nil {
				return exitWith(ExitError, fmt.Errorf("no investigation for %s (%s); `leakhound explain %s` says where to look in its console%s", r.ID, r.ProviderName, r.ID, investigable(rules, r.Provider)))
			}
			secret, pair, err := readInvestigated(io, r)
			if err != nil {
				return exitWith(ExitError, err)
			}
			printed, printedPair := secret, pair
			if r.Investigation.Builtin == keyFileBuiltin {
				// The finding is the key file's private_key_id.
				printed, printedPair = keyFileID(secret), ""
			}
			leak, err := leakDate(since, findingFrom, r.ID, printed, printedPair)
			if err != nil {
				return exitWith(ExitError, err)
			}
			checker, err := newChecker(cfg, rules)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if format != "text" && format != "json" && format != "markdown" && format != "md" {
				return exitWith(ExitError, fmt.Errorf("unknown --format %q (want text, json or markdown)", format))
			}
			rep, err := investigate.Run(cmdContext(cmd), r, secret, pair, investigate.Options{
				Checker: checker, Since: leak, Baseline: baseDur, Known: known, Admin: os.Getenv(investigate.AdminEnv), Regions: regions, Host: host})
			if err != nil {
				return exitWith(ExitError, err)
			}
			if err := investigate.Write(io.Out, rep, format); err != nil {
				return exitWith(ExitError, err)
			}
			switch {
			case rep.Flagged():
				return exitWith(ExitFindings, nil)
			case rep.Incomplete():
				return exitWith(3, nil)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&since, "since", "", "when the key leaked: YYYY-MM-DD or RFC 3339")
	f.StringVar(&findingFrom, "finding-from", "", "a JSON scan report: the leak date is the first commit that exposed this secret")
	f.StringVar(&baseline, "baseline", "30d", "how long before the leak to read activity to learn the usual pattern (e.g. 30d, 0 for none)")
	f.StringSliceVar(&known.IPs, "known-ip", nil, "your own source addresses or CIDR ranges (repeatable)")
	f.StringSliceVar(&known.Agents, "known-agent", nil, "user agents your own services send, as substrings (repeatable)")
	f.StringSliceVar(&known.Actors, "known-actor", nil, "your own senders, users or principals; @domain for a whole domain (repeatable)")
	f.StringVar(&host, "host", "", "the API host of a provider whose host differs per customer (acme.myshopify.com, acme.atlassian.net, a Vault server); it must match the rule's pattern")
	f.StringSliceVar(&regions, "region", nil, "AWS regions whose CloudTrail to read (default us-east-1)")
	f.StringVarP(&format, "format", "f", "text", "text, json or markdown")
	f.StringVar(&configPath, "config", "", "config file with [validation] settings (default ./.leakhound.toml)")
	return cmd
}

// keyFileBuiltin is the investigation that takes a whole key file (JSON
// over several lines) on standard input rather than one or two lines.
const keyFileBuiltin = "gcp-service-account"

// readInvestigated reads the credential: a whole key file where the
// investigation takes one, otherwise the secret and its other part.
func readInvestigated(io *IO, r *rule.Rule) (secret, pair string, err error) {
	if r.Investigation.Builtin != keyFileBuiltin {
		return readSecret(io)
	}
	data, err := goio.ReadAll(goio.LimitReader(io.In, 1<<20))
	if err != nil {
		return "", "", fmt.Errorf("reading the key file: %w", err)
	}
	if s := strings.TrimSpace(string(data)); s != "" {
		return s, "", nil
	}
	return "", "", errors.New("no key file on standard input")
}

// keyFileID is a service-account key file's private_key_id, which the
// scanner reports as the secret.
func keyFileID(file string) string {
	var k struct {
		ID string `json:"private_key_id"`
	}
	_ = json.Unmarshal([]byte(file), &k)
	return k.ID
}

// leakDate reads --since, or finds the secret in a scan report by its
// fingerprint and takes the earliest date of its places.
func leakDate(since, reportPath, ruleID, secret, pair string) (time.Time, error) {
	if since != "" {
		for _, layout := range []string{time.RFC3339, "2006-01-02"} {
			if t, err := time.Parse(layout, since); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("--since %q is not YYYY-MM-DD or RFC 3339", since)
	}
	data, err := os.ReadFile(reportPath)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading --finding-from: %w", err)
	}
	fs, err := suppress.ParseReport(data)
	if err != nil {
		return time.Time{}, fmt.Errorf("--finding-from %s: %w", reportPath, err)
	}
	prints := map[string]bool{finding.Fingerprint(ruleID, secret): true}
	if pair != "" {
		prints[finding.Fingerprint(ruleID, pair)] = true
	}
	var first time.Time
	matched := false
	for _, f := range fs {
		if !prints[f.Fingerprint] {
			continue
		}
		matched = true
		for _, p := range f.AllPlaces() {
			if !p.Date.IsZero() && (first.IsZero() || p.Date.Before(first)) {
				first = p.Date
			}
		}
	}
	switch {
	case !matched:
		return time.Time{}, fmt.Errorf("--finding-from %s has no %s finding of this secret", reportPath, ruleID)
	case first.IsZero():
		return time.Time{}, fmt.Errorf("--finding-from %s gives no commit date for this secret (not a history scan?); pass --since", reportPath)
	}
	return first.UTC(), nil
}

// parseDays reads "30d", "72h" or "0".
func parseDays(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || days < 0 || fmt.Sprint(days) != n {
			return 0, fmt.Errorf("%q is not a number of days such as 30d", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration such as 30d or 72h", s)
	}
	return d, nil
}

// investigable names the provider's rules that do have an investigation.
func investigable(rules []*rule.Rule, provider string) string {
	var ids []string
	for _, r := range rules {
		if r.Provider == provider && r.Investigation != nil {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return "; investigations exist for " + strings.Join(ids, ", ")
}
