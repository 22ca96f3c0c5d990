package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := loadRules(io, nil)
			if err != nil {
				return exitWith(ExitError, err)
			}
			fmt.Fprintf(io.Out, "leakhound %s (%s, %s/%s, %d rules)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH, len(rules))
			return nil
		},
	}
}
