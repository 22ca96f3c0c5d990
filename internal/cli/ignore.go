package cli

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/suppress"
)

// cacheDir is where the last scan is recorded; LEAKHOUND_CACHE_DIR
// overrides the user's cache directory.
func cacheDir(io *IO) (string, error) {
	if dir := io.Getenv("LEAKHOUND_CACHE_DIR"); dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "leakhound"), nil
}

func newIgnoreCmd(io *IO) *cobra.Command {
	var lastFound bool
	var reason, root string
	cmd := &cobra.Command{
		Use:   "ignore [FINGERPRINT...]",
		Short: "Mark findings as not leaks in .leakhoundignore, with a reason",
		Long: `Adds fingerprints to .leakhoundignore at the scanned root, each with the
reason, so a false positive never needs --no-verify. With --last-found,
every finding of the last scan is added (after you have checked them).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if lastFound == (len(args) > 0) {
				return exitWith(ExitError, errors.New("give fingerprints or --last-found, not both"))
			}
			if reason == "" {
				reason = "marked as not a leak"
				if u, err := user.Current(); err == nil {
					reason += " by " + u.Username
				}
				reason += " on " + time.Now().Format("2006-01-02")
			}
			var entries []suppress.LastFinding
			target := root
			if lastFound {
				dir, err := cacheDir(io)
				if err != nil {
					return exitWith(ExitError, err)
				}
				ls, err := suppress.LoadLastScan(dir)
				if err != nil {
					return exitWith(ExitError, err)
				}
				if len(ls.Findings) == 0 {
					fmt.Fprintln(io.Out, "The last scan found nothing to ignore.")
					return nil
				}
				entries = ls.Findings
				if target == "" {
					target = ls.Root
				}
			} else {
				for _, fp := range args {
					entries = append(entries, suppress.LastFinding{Fingerprint: fp, RuleID: "finding", Path: "(given by hand)"})
				}
			}
			if target == "" {
				target = "."
			}
			path := filepath.Join(target, suppress.IgnoreFileName)
			for _, e := range entries {
				if !suppress.ValidFingerprint(e.Fingerprint) {
					return exitWith(ExitError, fmt.Errorf("%q is not a finding fingerprint (32 hex characters, as in the report)", e.Fingerprint))
				}
			}
			added, err := suppress.AppendIgnore(path, entries, reason)
			if err != nil {
				return exitWith(ExitError, err)
			}
			fmt.Fprintf(io.Out, "added %d %s to %s\n", added, pluralize(added, "fingerprint", "fingerprints"), path)
			return nil
		},
	}
	cmd.Flags().BoolVar(&lastFound, "last-found", false, "ignore every finding of the last scan")
	cmd.Flags().StringVar(&reason, "reason", "", "why these are not leaks (recorded in the file)")
	cmd.Flags().StringVar(&root, "root", "", "directory holding .leakhoundignore (default: the last scan's root, or .)")
	return cmd
}
