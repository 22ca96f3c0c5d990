package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/playbook"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/suppress"
)

func newExplainCmd(io *IO) *cobra.Command {
	var format, reportPath, output string
	var all bool
	cmd := &cobra.Command{
		Use:   "explain RULE_ID",
		Short: "What to do when this kind of credential leaks: risks, misuse checks, rotation, prevention",
		Long: `Print the remediation playbook for one rule: what the credential is, the
risks, how to check whether it was used, how to revoke and rotate it, which
services will stop working (with --report, every place the secret was
found), code that keeps it out of the repository (environment variables,
AWS Secrets Manager, HashiCorp Vault, CyberArk Conjur in Go, Python,
JavaScript, Java and Ruby) and best practices.

With --all --format html --output DIR, write a static site: an index with
search and one page per rule.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if all && len(args) > 0 {
				return errors.New("give a rule id or --all, not both")
			}
			if !all && len(args) != 1 {
				return errors.New("explain needs one rule id (see `leakhound rules list`) or --all")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := loadRules(io, nil)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if all {
				if format != "html" || output == "" {
					return exitWith(ExitError, errors.New("--all writes a site: use --format html --output DIR"))
				}
				if err := playbook.WriteSite(output, rules); err != nil {
					return exitWith(ExitError, err)
				}
				fmt.Fprintf(io.Err, "leakhound: wrote %d pages to %s (open %s/index.html)\n", len(rules)+1, output, output)
				return nil
			}
			r := findRule(rules, args[0])
			if r == nil {
				return exitWith(ExitError, fmt.Errorf("no rule %q%s", args[0], suggest(rules, args[0])))
			}
			var report []finding.Finding
			if reportPath != "" {
				data, err := os.ReadFile(reportPath)
				if err != nil {
					return exitWith(ExitError, fmt.Errorf("reading --report: %w", err))
				}
				if report, err = suppress.ParseReport(data); err != nil {
					return exitWith(ExitError, fmt.Errorf("--report %s: %w", reportPath, err))
				}
			}
			g, err := playbook.Build(r, report)
			if err != nil {
				return exitWith(ExitError, err)
			}
			out, closeOut, err := openOutput(io, output)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if err := renderGuide(out, format, g); err != nil {
				closeOut()
				return exitWith(ExitError, err)
			}
			return closeOut()
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text, markdown or html")
	cmd.Flags().StringVar(&reportPath, "report", "", "JSON report of a scan: list every place this rule's secrets were found")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file (with --all: this directory)")
	cmd.Flags().BoolVar(&all, "all", false, "write the playbook of every rule as a static HTML site (with --format html --output DIR)")
	return cmd
}

func renderGuide(w io.Writer, format string, g *playbook.Guide) error {
	switch format {
	case "text":
		return playbook.WriteText(w, g)
	case "markdown", "md":
		return playbook.WriteMarkdown(w, g)
	case "html":
		return playbook.WriteHTML(w, g)
	}
	return fmt.Errorf("unknown --format %q (want text, markdown or html)", format)
}

func findRule(rules []*rule.Rule, id string) *rule.Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// suggest names rules whose id contains the given text, for a typo.
func suggest(rules []*rule.Rule, id string) string {
	var near []string
	key := strings.ToLower(strings.SplitN(id, "-", 2)[0])
	for _, r := range rules {
		if strings.HasPrefix(r.ID, key) {
			near = append(near, r.ID)
		}
	}
	if len(near) == 0 {
		return "; `leakhound rules list` shows every rule"
	}
	sort.Strings(near)
	if len(near) > 8 {
		near = near[:8]
	}
	return "; did you mean " + strings.Join(near, ", ") + "?"
}
