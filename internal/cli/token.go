package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/leakhound/leakhound/internal/store"
)

// dbFlag is the --db option of the server commands.
func dbFlag(cmd *cobra.Command, into *string) {
	cmd.Flags().StringVar(into, "db", "", "database: postgres://... or a SQLite file (default "+store.SQLiteURL(store.DefaultDataDir)+")")
}

func openStore(ctx context.Context, dsn string) (store.Store, error) {
	if dsn == "" {
		dsn = store.SQLiteURL(store.DefaultDataDir)
	}
	return store.Open(ctx, dsn)
}

func newTokenCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "Manage the incident server's API tokens"}
	var dsn, name, role string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API token and print it (once: only its hash is stored)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			st, err := openStore(ctx, dsn)
			if err != nil {
				return exitWith(ExitError, err)
			}
			defer st.Close()
			tok, t, err := st.CreateToken(ctx, name, role, "cli")
			if err != nil {
				return exitWith(ExitError, err)
			}
			fmt.Fprintf(io.Err, "leakhound: token %d %q (%s) created; it is shown only this once:\n", t.ID, t.Name, t.Role)
			fmt.Fprintln(io.Out, tok)
			return nil
		},
	}
	dbFlag(create, &dsn)
	create.Flags().StringVar(&name, "name", "", "what the token is for (e.g. ci-payments)")
	create.Flags().StringVar(&role, "role", store.RoleMember, "admin, member (report scans, update incidents) or viewer (read only)")
	create.MarkFlagRequired("name")
	cmd.AddCommand(create)
	return cmd
}

func newUserCmd(io *IO) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage the dashboard's users"}
	var dsn, name, role string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a dashboard user; the password is read from standard input",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			// One line from stdin: a password never goes on the command
			// line, where ps and shell history would see it.
			line, err := bufio.NewReader(io.In).ReadString('\n')
			if err != nil && line == "" {
				return exitWith(ExitError, fmt.Errorf("reading the password from standard input: %w", err))
			}
			password := strings.TrimRight(line, "\r\n")
			st, err := openStore(ctx, dsn)
			if err != nil {
				return exitWith(ExitError, err)
			}
			defer st.Close()
			u, err := st.CreateUser(ctx, name, role, password, "cli")
			if err != nil {
				return exitWith(ExitError, err)
			}
			fmt.Fprintf(io.Out, "user %q (%s) created\n", u.Name, u.Role)
			return nil
		},
	}
	dbFlag(create, &dsn)
	create.Flags().StringVar(&name, "name", "", "sign-in name")
	create.Flags().StringVar(&role, "role", store.RoleViewer, "admin, member or viewer")
	create.MarkFlagRequired("name")
	cmd.AddCommand(create)
	return cmd
}
