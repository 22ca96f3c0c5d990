package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

// loadRules returns the built-in catalogue plus the config's custom rules,
// without the rules the config disables.
func loadRules(io *IO, cfg *config.Config) ([]*rule.Rule, error) {
	dir, _ := cacheDir(io)
	providers, err := rule.LoadCached(rules.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("built-in rules: %w", err)
	}
	if cfg == nil {
		return rule.Flatten(providers)
	}
	custom, err := cfg.Providers()
	if err != nil {
		return nil, err
	}
	all, err := rule.Flatten(append(providers, custom...))
	if err != nil {
		return nil, err
	}
	disabled := map[string]bool{}
	for _, id := range cfg.Scan.DisabledRules {
		disabled[id] = true
	}
	known := map[string]bool{}
	out := all[:0]
	for _, r := range all {
		known[r.ID] = true
		if !disabled[r.ID] {
			out = append(out, r)
		}
	}
	for id := range disabled {
		if !known[id] {
			return nil, fmt.Errorf("scan.disabled_rules names unknown rule %q", id)
		}
	}
	return out, nil
}

func newRulesCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "rules", Short: "Inspect the detection rules"}
	var format, configPath string
	list := &cobra.Command{
		Use:   "list",
		Short: "List every rule (built-in and from the config)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(configPath, ".")
			if err != nil {
				return exitWith(ExitError, err)
			}
			all, err := loadRules(io, cfg)
			if err != nil {
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
				fmt.Fprintln(tw, "ID\tSEVERITY\tPROVIDER\tNAME")
				for _, r := range all {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.ProviderName, r.Name)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				providers := map[string]bool{}
				for _, r := range all {
					providers[r.Provider] = true
				}
				fmt.Fprintf(io.Out, "\n%d rules from %d providers\n", len(all), len(providers))
				return nil
			}
			return exitWith(ExitError, fmt.Errorf("unknown format %q (want %s)", format, strings.Join([]string{"text", "json"}, ", ")))
		},
	}
	list.Flags().StringVar(&format, "format", "text", "output format: text or json")
	list.Flags().StringVar(&configPath, "config", "", "config file with custom rules (default ./.leakhound.toml)")
	cmd.AddCommand(list)
	return cmd
}
