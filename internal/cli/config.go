package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detect"
	"github.com/leakhound/leakhound/internal/detectsecrets"
	"github.com/leakhound/leakhound/internal/ggshield"
	"github.com/leakhound/leakhound/internal/gitleaks"
	"github.com/leakhound/leakhound/internal/kingfisher"
	"github.com/leakhound/leakhound/internal/nprules"
	"github.com/leakhound/leakhound/internal/pipeline"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/termsafe"
	"github.com/leakhound/leakhound/internal/trufflehog"
)

// loadConfig reads --config, else .leakhound.toml at the root, else the
// root's .gitleaks.toml, translated (a gitleaks config given to --config
// is translated too). A translation that could not carry everything over
// exactly says so on stderr, in one line.
func loadConfig(io *IO, path, root string) (*config.Config, error) {
	providers, err := loadCatalogue(io)
	if err != nil {
		return nil, err
	}
	return pipeline.LoadConfig(path, root, providers, io.Err)
}

// importTools are the tools `config import` reads, with what it reads of
// each.
const importTools = "gitleaks|detect-secrets|ggshield|trufflehog|kingfisher|noseyparker|titus"

// truffleHogFlags are TruffleHog's own command-line settings, which
// live outside its config file.
type truffleHogFlags struct {
	excludePaths, includePaths string
	excludeDetectors           []string
}

func (f *truffleHogFlags) set() bool {
	return f.excludePaths != "" || f.includePaths != "" || len(f.excludeDetectors) > 0
}

func newConfigCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Work with .leakhound.toml"}
	var output, root string
	var force bool
	var th truffleHogFlags
	imp := &cobra.Command{
		Use:   "import " + importTools + " FILE",
		Short: "Write a .leakhound.toml equivalent to another tool's config",
		Long: `Translate another scanner's config into a .leakhound.toml: a gitleaks config
(.gitleaks.toml), a detect-secrets baseline (.secrets.baseline: its plugins and
filters), ggshield's .gitguardian.yaml, TruffleHog's custom detectors config or
--exclude-paths file (with --include-paths, --exclude-detectors), or a
Kingfisher, Nosey Parker or Titus rules file. Every part that could not be
carried over exactly is named with the reason, on stderr and in the file's
header. An existing file is not overwritten without --force.

A Kingfisher baseline is carried over as .leakhoundignore fingerprints of
the secrets leakhound finds on its entries' lines (added to an existing
file, never overwriting it).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			tool, file := args[0], args[1]
			if th.set() && tool != "trufflehog" {
				return exitWith(ExitError, errors.New("--exclude-paths, --include-paths and --exclude-detectors are TruffleHog's settings: use them with `config import trufflehog`"))
			}
			if root != "" && tool != "kingfisher" {
				return exitWith(ExitError, errors.New("--root is for a Kingfisher baseline: use it with `config import kingfisher`"))
			}
			if tool == "kingfisher" {
				if data, err := os.ReadFile(file); err == nil && kingfisher.IsBaseline(data) {
					if err := importKingfisherBaseline(io, file, root, output); err != nil {
						return exitWith(ExitError, err)
					}
					return nil
				}
			}
			cfg, notes, err := importConfig(io, tool, file, &th)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if output == "" {
				output = filepath.Join(filepath.Dir(file), config.FileName)
			}
			header := []string{fmt.Sprintf("Imported from %s (%s) by leakhound config import.", filepath.Base(file), tool)}
			for _, n := range notes {
				mark := "note"
				if n.Inexact {
					mark = "NOT EXACT"
				}
				header = append(header, mark+": "+n.String())
			}
			data, err := config.Encode(cfg, header)
			if err != nil {
				return exitWith(ExitError, err)
			}
			if err := writeNew(output, data, force); err != nil {
				return exitWith(ExitError, err)
			}
			for _, n := range notes {
				level := "note"
				if n.Inexact {
					level = "not exact"
				}
				fmt.Fprintf(io.Err, "leakhound: %s: %s\n", level, termsafe.String(n.String()))
			}
			inexact := config.CountInexact(notes)
			fmt.Fprintf(io.Err, "leakhound: wrote %s: %d custom %s, %d %s; %d %s not carried over exactly\n",
				termsafe.String(output), len(cfg.Rules), pluralize(len(cfg.Rules), "rule", "rules"),
				countAllowlists(cfg), pluralize(countAllowlists(cfg), "allowlist", "allowlists"), inexact, pluralize(inexact, "part was", "parts were"))
			return nil
		},
	}
	imp.Flags().StringVarP(&output, "output", "o", "", "file to write (default: .leakhound.toml next to FILE)")
	imp.Flags().BoolVar(&force, "force", false, "overwrite the output file if it exists")
	imp.Flags().StringVar(&root, "root", "", "kingfisher baseline: the directory its paths are under (default: the baseline's)")
	imp.Flags().StringVar(&th.excludePaths, "exclude-paths", "", "trufflehog: its --exclude-paths file (one regex per line)")
	imp.Flags().StringVar(&th.includePaths, "include-paths", "", "trufflehog: its --include-paths file (one regex per line)")
	imp.Flags().StringSliceVar(&th.excludeDetectors, "exclude-detectors", nil, "trufflehog: the detector names given to its --exclude-detectors")
	cmd.AddCommand(imp)
	return cmd
}

// importConfig translates one tool's file.
func importConfig(io *IO, tool, file string, th *truffleHogFlags) (*config.Config, []config.Note, error) {
	// Loaded once, when first needed: by the translation (detector names)
	// and by the check of the imported rules' examples.
	providers := sync.OnceValues(func() ([]*rule.Provider, error) { return loadCatalogue(io) })
	catalogue := func() ([]*rule.Rule, error) {
		ps, err := providers()
		if err != nil {
			return nil, err
		}
		return rule.Flatten(ps)
	}
	switch tool {
	case "gitleaks":
		return gitleaks.Import(file, catalogue)
	case "detect-secrets":
		return translateDetectSecrets(file)
	case "ggshield":
		return ggshield.Import(file, catalogue)
	case "trufflehog":
		cfg, notes, err := translateTruffleHog(file, th, catalogue)
		if err != nil {
			return nil, nil, err
		}
		return cfg, append(notes, keepWorkingRules(providers, cfg)...), nil
	case "kingfisher", "noseyparker", "titus":
		if strings.HasSuffix(strings.ToLower(file), ".toml") {
			// Kingfisher also reads custom rules in gitleaks' (Betterleaks')
			// TOML format.
			return gitleaks.Import(file, catalogue)
		}
		rules, err := nprules.Read(file)
		if err != nil {
			return nil, nil, err
		}
		names := map[string]string{"kingfisher": "Kingfisher", "noseyparker": "Nosey Parker", "titus": "Titus"}
		cfg, notes := nprules.Translate(rules, tool, names[tool])
		cfg.Path = file
		return cfg, append(notes, keepWorkingRules(providers, cfg)...), nil
	}
	return nil, nil, fmt.Errorf("unknown tool %q (want %s)", tool, strings.ReplaceAll(importTools, "|", ", "))
}

// translateTruffleHog reads TruffleHog's files: file is its custom
// detectors config or, when it holds no detectors key, an exclude-paths
// file.
func translateTruffleHog(file string, th *truffleHogFlags, catalogue func() ([]*rule.Rule, error)) (*config.Config, []config.Note, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	var in trufflehog.Input
	excludes := th.excludePaths
	if trufflehog.IsConfig(data) {
		if in.Detectors, err = trufflehog.ReadConfig(file); err != nil {
			return nil, nil, err
		}
	} else if excludes == "" {
		excludes = file
	} else {
		return nil, nil, fmt.Errorf("%s is not a custom detectors config (no detectors key), and --exclude-paths names another file", file)
	}
	if excludes != "" {
		if in.ExcludePaths, err = trufflehog.ReadPaths(excludes); err != nil {
			return nil, nil, err
		}
	}
	if th.includePaths != "" {
		if in.IncludePaths, err = trufflehog.ReadPaths(th.includePaths); err != nil {
			return nil, nil, err
		}
	}
	in.ExcludeDetectors = th.excludeDetectors
	rules, err := catalogue()
	if err != nil {
		return nil, nil, err
	}
	cfg, notes := trufflehog.Translate(&in, rules)
	cfg.Path = file
	return cfg, notes, nil
}

// keepWorkingRules drops the imported rules a scan would reject (a rule
// leakhound cannot check, or whose own examples it does not find) with a
// note for each: a written config must load, and an imported rule must
// find what its author said it finds.
func keepWorkingRules(providers func() ([]*rule.Provider, error), cfg *config.Config) []config.Note {
	var notes []config.Note
	drop := func(id, why string) {
		notes = append(notes, config.Note{Subject: "rule " + id, Text: why + "; not carried over", Inexact: true})
	}
	kept := cfg.Rules[:0]
	for _, cr := range cfg.Rules {
		one := config.Config{Rules: []config.CustomRule{cr}}
		if _, err := one.Providers(); err != nil {
			drop(cr.ID, err.Error())
			continue
		}
		kept = append(kept, cr)
	}
	cfg.Rules = kept
	if len(kept) == 0 {
		return notes
	}
	failed, err := failingCustomRules(providers, cfg)
	if err != nil {
		return append(notes, config.Note{Subject: "custom rules", Text: "could not be checked: " + err.Error(), Inexact: true})
	}
	cfg.Rules = slices.DeleteFunc(cfg.Rules, func(cr config.CustomRule) bool {
		if why, ok := failed[cr.ID]; ok {
			drop(cr.ID, "its own examples fail in leakhound: "+why)
			return true
		}
		return false
	})
	return notes
}

// failingCustomRules builds the engine a scan with cfg would, and returns
// what the examples of each of cfg's custom rules that fail say, by id:
// the check every scan makes (pipeline.CustomRuleProblems).
func failingCustomRules(providers func() ([]*rule.Provider, error), cfg *config.Config) (map[string]string, error) {
	catalogue, err := providers()
	if err != nil {
		return nil, err
	}
	rules, err := cfg.RuleSet(catalogue)
	if err != nil {
		return nil, err
	}
	engine, err := detect.New(rules)
	if err != nil {
		return nil, err
	}
	failed := map[string]string{}
	for _, f := range pipeline.CustomRuleProblems(engine, cfg, rules) {
		failed[f.ID] = strings.Join(f.Problems, "; ")
	}
	return failed, nil
}

func countAllowlists(cfg *config.Config) int {
	n := len(cfg.Allowlists)
	for _, r := range cfg.Rules {
		n += len(r.Allowlists)
	}
	return n
}

// writeNew writes a file that must not exist yet, unless force.
func writeNew(path string, data []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists: not overwritten (--force overwrites it)", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// translateDetectSecrets reads a detect-secrets baseline and translates
// its settings.
func translateDetectSecrets(path string) (*config.Config, []config.Note, error) {
	b, err := detectsecrets.Read(path)
	if err != nil {
		return nil, nil, err
	}
	if b == nil {
		return nil, nil, fmt.Errorf("%s: %w", path, os.ErrNotExist)
	}
	cfg, notes := detectsecrets.Translate(b, filepath.Dir(path))
	cfg.Path = path
	return cfg, notes, nil
}
