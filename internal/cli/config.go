package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/config"
	"github.com/leakhound/leakhound/internal/detectsecrets"
	"github.com/leakhound/leakhound/internal/gitleaks"
	"github.com/leakhound/leakhound/internal/pipeline"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/termsafe"
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

func catalogueRules(io *IO) ([]*rule.Rule, error) {
	providers, err := loadCatalogue(io)
	if err != nil {
		return nil, err
	}
	return rule.Flatten(providers)
}

func newConfigCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Work with .leakhound.toml"}
	var output string
	var force bool
	imp := &cobra.Command{
		Use:   "import gitleaks|detect-secrets FILE",
		Short: "Write a .leakhound.toml equivalent to another tool's config",
		Long: `Translate a gitleaks config (.gitleaks.toml) or a detect-secrets baseline
(.secrets.baseline: its plugins and filters) into a .leakhound.toml. Every part
that could not be carried over exactly is named with the reason, on stderr and
in the file's header. An existing file is not overwritten without --force.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			tool, file := args[0], args[1]
			var cfg *config.Config
			var notes []config.Note
			var err error
			switch tool {
			case "gitleaks":
				cfg, notes, err = gitleaks.Import(file, func() ([]*rule.Rule, error) { return catalogueRules(io) })
			case "detect-secrets":
				cfg, notes, err = translateDetectSecrets(file)
			default:
				return exitWith(ExitError, fmt.Errorf("unknown tool %q (want gitleaks or detect-secrets)", tool))
			}
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
	cmd.AddCommand(imp)
	return cmd
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
