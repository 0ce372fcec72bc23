package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stabilize-go/stabilize/config"

	"github.com/stabilize-go/stabilize/devserver"
)

// devCommand is `starter dev`: embedded server, Web UI and worker until
// Ctrl-C.
func (a *app) devCommand() *cobra.Command {
	var port, uiPort, pagePort int
	var db string
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run an embedded Temporal server, its Web UI and a worker until Ctrl-C",
		Long: "Runs an embedded Temporal server (SQLite, in memory unless --db), the Temporal Web UI and\n" +
			"a worker in this process until Ctrl-C, which exits 0 after a clean stop. Other commands\n" +
			"reach it at their default address, localhost:7233. The Stabilize page (live DAGs and\n" +
			"controls) is served on --page-port.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			e, err := a.startEmbedded(ctx, a.cfg.Config, devserver.Options{Port: port, UIPort: uiPort, DBFile: db, LogLevel: "warn"})
			if err != nil {
				return err
			}
			page, err := startPage(e, pagePort)
			if err != nil {
				return errors.Join(err, e.Close())
			}
			p := a.out()
			p.textf("Temporal frontend: %s\nWeb UI: %s\nStabilize page: %s\nNamespace: %s, task queue: %s\nPress Ctrl-C to stop.\n",
				e.srv.FrontendAddress(), uiURL(e.srv.UIAddress()), page.URL(), e.srv.Namespace(), e.cfg.TaskQueue)
			if err := p.data(map[string]string{
				"address": e.srv.FrontendAddress(), "ui": uiURL(e.srv.UIAddress()), "page": page.URL(),
				"namespace": e.srv.Namespace(), "task_queue": e.cfg.TaskQueue,
			}); err != nil {
				return err
			}
			<-ctx.Done()
			p.progressf("stopping\n")
			return errors.Join(page.Close(), e.Close())
		},
	}
	cmd.Flags().IntVar(&port, "port", 7233, "frontend gRPC port (0 picks a free one)")
	cmd.Flags().IntVar(&uiPort, "ui-port", 8233, "Web UI port (0 picks a free one, -1 disables it)")
	cmd.Flags().IntVar(&pagePort, "page-port", 8234, "Stabilize page port (0 picks a free one)")
	cmd.Flags().StringVar(&db, "db", "", "SQLite file that keeps workflows across restarts (default: in memory)")
	config.AddFlags(cmd.Flags(), policyKeys...)
	return cmd
}

// uiURL turns the UI address into a URL, or "(disabled)".
func uiURL(addr string) string {
	switch {
	case addr == "":
		return "(disabled)"
	case strings.Contains(addr, "://"):
		return addr
	}
	return "http://" + addr
}
