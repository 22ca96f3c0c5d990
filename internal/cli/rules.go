package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/pipeline"
	"github.com/leakhound/leakhound/internal/rule"
)

// loadRules returns the built-in catalogue plus the config's custom rules,
// without the rules the config disables.
func loadRules(io *IO, cfg *config.Config) ([]*rule.Rule, error) {
	providers, err := loadCatalogue(io)
	if err != nil {
		return nil, err
	}
	if cfg == nil {
		return rule.Flatten(providers)
	}
	return cfg.RuleSet(providers)
}

// ruleFilter selects rules for rules list.
type ruleFilter struct {
	provider, category string
	validated          bool
}

// apply keeps the rules that pass every filter. A provider or category
// that no rule has is an error naming what exists, so a typo is never
// an empty list.
func (f ruleFilter) apply(all []*rule.Rule) ([]*rule.Rule, error) {
	providers, categories := map[string]bool{}, map[string]bool{}
	for _, r := range all {
		providers[r.Provider] = true
		categories[r.Category] = true
	}
	if f.provider != "" && !providers[strings.ToLower(f.provider)] && !providerNamed(all, f.provider) {
		return nil, fmt.Errorf("no provider %q (see the PROVIDER column of leakhound rules list; ids such as stripe, or names such as \"Google Cloud Platform\")", f.provider)
	}
	if f.category != "" && !categories[strings.ToLower(f.category)] {
		return nil, fmt.Errorf("no category %q (known: %s)", f.category, strings.Join(sortedSet(categories), ", "))
	}
	var out []*rule.Rule
	for _, r := range all {
		switch {
		case f.provider != "" && !strings.EqualFold(r.Provider, f.provider) && !strings.EqualFold(r.ProviderName, f.provider):
		case f.category != "" && !strings.EqualFold(r.Category, f.category):
		case f.validated && r.Validate == nil:
		default:
			out = append(out, r)
		}
	}
	return out, nil
}

func providerNamed(all []*rule.Rule, name string) bool {
	for _, r := range all {
		if strings.EqualFold(r.ProviderName, name) {
			return true
		}
	}
	return false
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// loadCatalogue returns the built-in providers, from the cache when it
// holds them.
func loadCatalogue(io *IO) ([]*rule.Provider, error) {
	return loadCatalogueWith(io, true)
}

// loadScanCatalogue is loadCatalogue without playbooks, investigations,
// examples and validity checks, which a scan reads only to validate or
// report to a server: most of what a pre-commit hook's start-up decoded.
func loadScanCatalogue(io *IO) ([]*rule.Provider, error) {
	return loadCatalogueWith(io, false)
}

func loadCatalogueWith(io *IO, full bool) ([]*rule.Provider, error) {
	dir, _ := cacheDir(io)
	providers, err := pipeline.BuiltinCatalogue(dir, full)
	if err != nil {
		return nil, fmt.Errorf("built-in rules: %w", err)
	}
	return providers, nil
}

func newRulesCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "rules", Short: "Inspect the detection rules"}
	var format, configPath string
	var filter ruleFilter
	list := &cobra.Command{
		Use:   "list",
		Short: "List every rule (built-in and from the config)",
		Long: `List the detection rules, built-in and from the config, with totals:
rules, providers and rules with a validity check. --provider (an id such as
stripe, or a provider's name), --category and --validated narrow the list;
the totals then count what is listed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(io, configPath, ".")
			if err != nil {
				return exitWith(ExitError, err)
			}
			all, err := loadRules(io, cfg)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if all, err = filter.apply(all); err != nil {
				return exitWith(ExitError, err)
			}
			sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
			switch format {
			case "json":
				enc := json.NewEncoder(io.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(all)
			case "text":
				tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tPROVIDER\tCATEGORY\tCHECK\tNAME")
				for _, r := range all {
					check := "-"
					if r.Validate != nil {
						check = "yes"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.ProviderName, r.Category, check, r.Name)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				t, _ := rule.Count(all)
				fmt.Fprintf(io.Out, "\n%d %s from %d %s, %d with a validity check\n",
					t.Rules, pluralize(t.Rules, "rule", "rules"), t.Providers, pluralize(t.Providers, "provider", "providers"), t.Validated)
				return nil
			}
			return exitWith(ExitError, fmt.Errorf("unknown format %q (want %s)", format, strings.Join([]string{"text", "json"}, ", ")))
		},
	}
	list.Flags().StringVar(&format, "format", "text", "output format: text or json")
	list.Flags().StringVar(&configPath, "config", "", "config file with custom rules (default ./.leakhound.toml)")
	list.Flags().StringVar(&filter.provider, "provider", "", "only this provider's rules (its id or name)")
	list.Flags().StringVar(&filter.category, "category", "", "only rules of this category (email, payment, ai ...)")
	list.Flags().BoolVar(&filter.validated, "validated", false, "only rules with a validity check")
	cmd.AddCommand(list)
	return cmd
}
